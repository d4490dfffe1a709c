#include "core/generate.hpp"

#include <cstdint>
#include <iterator>

#include "core/validate.hpp"

namespace cowrap {

namespace {

// Counts a parsed input and takes its parse diagnostics.
void take_diagnostics(ParsedInput& in, GenerateResult& result) {
    ++result.stats.headers_parsed;
    result.diagnostics.insert(result.diagnostics.end(),
                              std::make_move_iterator(in.diagnostics.begin()),
                              std::make_move_iterator(in.diagnostics.end()));
}

// Keeps a parsed input's declarations in `result`, with the arena and the Source they view.
void keep_declarations(ParsedInput& in, GenerateResult& result) {
    result.declarations.insert(result.declarations.end(),
                               std::make_move_iterator(in.declarations.begin()),
                               std::make_move_iterator(in.declarations.end()));
    if (!in.arena.empty()) {
        result.arenas.push_back(std::move(in.arena));
    }
    result.sources.push_back(std::move(in.source));
}

// The sink's buffer as the stream sees it: where each byte lands in the whole text, and (with
// `hash`) the text's content hash as it goes: the bytes between blocks here, each block's
// checksum by block().
struct Stream {
    TextSink sink;
    std::optional<OutputHash> hash;
    std::uint64_t flushed = 0;  // bytes written out before the buffer's first
    std::size_t hashed = 0;     // of the buffer's bytes

    std::uint64_t position() const { return flushed + sink.buffer.size(); }
    void hash_buffer() {
        if (hash && hashed < sink.buffer.size()) {
            hash->gap(std::string_view(sink.buffer).substr(hashed));
        }
        hashed = sink.buffer.size();
    }
    // The block the buffer ends with, from `start`: its checksum, which the hash takes in its
    // place.
    util::Digest128 block(std::size_t start) {
        const std::string_view piece = std::string_view(sink.buffer).substr(start);
        const util::Digest128 checksum = util::xxh3_128(piece);
        hash->block(checksum);
        hashed = sink.buffer.size();
        return checksum;
    }
    void flush_if_full() {
        hash_buffer();
        const std::size_t before = sink.buffer.size();
        sink.flush_if_full();
        if (sink.buffer.size() != before) {
            flushed += before;
            hashed = 0;
        }
    }
};

}  // namespace

GenerateResult analyze(const std::vector<Source>& sources, const GenerateOptions& options) {
    GenerateResult result;
    const Dialect& dialect = options.dialect ? *options.dialect : newest_dialect();
    const SourceFeed feed = [&sources](std::size_t i) { return borrowed(sources[i]); };
    InputParser parser(sources.size(), feed, options.parse, /*ahead=*/false);
    for (std::size_t i = 0; i < sources.size(); ++i) {
        ParsedInput in = parser.next();
        take_diagnostics(in, result);
        keep_declarations(in, result);
    }
    std::vector<Diagnostic> problems =
        validate(result.declarations, dialect, options.dialect_origin);
    result.diagnostics.insert(result.diagnostics.end(), problems.begin(), problems.end());
    limit_errors(result.diagnostics);
    return result;
}

GenerateResult generate_to(const std::vector<std::string>& inputs, const SourceFeed& feed,
                           const GenerateOptions& options, TextSink sink, StreamOptions stream) {
    GenerateResult result;
    const Dialect& dialect = options.dialect ? *options.dialect : newest_dialect();
    // Diagnostics come in generate's order: every parse problem, then every validation one.
    std::vector<Diagnostic> validation;
    Validator validator(dialect, options.dialect_origin);
    Stream out{std::move(sink), {}, 0, 0};
    const bool hashing = stream.keep || stream.observe;
    if (hashing) {
        out.hash.emplace();
    }
    std::vector<Span> blocks;  // the input's, when hashing
    std::vector<util::Digest128> block_hashes;
    out.sink.buffer += emit_prologue(inputs, dialect, options.emit);
    out.flush_if_full();
    // Emitting stops at the first error; parsing and validating go on, to report them all.
    bool emitting = true;
    InputParser parser(inputs.size(), feed, options.parse, stream.parse_ahead);
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        // Released with the header unless the run keeps its declarations.
        ParsedInput in = parser.next();
        if (in.source == nullptr) {
            result.inputs_read = false;
        }
        if (!in.parsed) {
            continue;  // after an unreadable input the rest are only read, for their errors
        }
        take_diagnostics(in, result);
        const std::vector<Declaration>& declarations = in.declarations;
        validator.add(declarations, validation);
        emitting = emitting && !has_errors(result.diagnostics) && !has_errors(validation);
        blocks.clear();
        block_hashes.clear();
        for (const Declaration& decl : declarations) {
            if (!emitting) {
                break;
            }
            out.hash_buffer();  // what came before the block
            const std::size_t start = out.sink.buffer.size();
            emit_wrapper_to(out.sink.buffer, decl, dialect, options.emit);
            ++result.stats.fragments_emitted;
            if (hashing) {
                blocks.push_back({static_cast<std::size_t>(out.flushed + start),
                                  out.sink.buffer.size() - start});
                block_hashes.push_back(out.block(start));
            }
            out.flush_if_full();
        }
        if (stream.observe) {
            stream.observe({i, inputs.size(), *in.source, declarations, blocks, block_hashes});
        }
        if (stream.keep) {
            result.fragments.insert(result.fragments.end(), blocks.begin(), blocks.end());
            result.fragment_hashes.insert(result.fragment_hashes.end(), block_hashes.begin(),
                                          block_hashes.end());
            keep_declarations(in, result);
        }
    }
    result.diagnostics.insert(result.diagnostics.end(), std::make_move_iterator(validation.begin()),
                              std::make_move_iterator(validation.end()));
    limit_errors(result.diagnostics);
    out.hash_buffer();
    if (out.hash && result.ok()) {
        result.text_hash = out.hash->digest();
    }
    return result;
}

GenerateResult generate(const std::vector<Source>& sources, const GenerateOptions& options) {
    std::vector<std::string> inputs;
    inputs.reserve(sources.size());
    for (const Source& s : sources) {
        inputs.push_back(s.path);
    }
    std::string text;
    // A wrapper block is 1.0-1.5 KB: one reservation saves the regrowth copies.
    std::size_t bytes = 0;
    for (const Source& s : sources) {
        bytes += s.text.size();
    }
    text.reserve(4096 + bytes * 3);
    GenerateResult result = generate_to(
        inputs, [&sources](std::size_t i) { return borrowed(sources[i]); }, options,
        TextSink{text, [] {}}, StreamOptions{.keep = true});
    if (result.ok()) {
        result.text = std::move(text);
    } else {
        result.fragments.clear();
        result.fragment_hashes.clear();
    }
    return result;
}

}  // namespace cowrap
