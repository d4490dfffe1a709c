// The pipeline for one output: sources -> parse -> validate -> emit -> text (whole, or
// streamed header by header).
// The cache only decides whether to run it at all (a whole output taken as it is); a run always
// parses and emits every input.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/declaration.hpp"
#include "core/diagnostic.hpp"
#include "core/dialect.hpp"
#include "core/emit.hpp"
#include "core/input_parser.hpp"
#include "core/output_hash.hpp"
#include "core/parse.hpp"
#include "core/source.hpp"
#include "util/hash.hpp"

namespace cowrap {

struct GenerateOptions {
    const Dialect* dialect = nullptr;  // nullptr: newest
    // Where the dialect came from when not from --dialect ("from ../VERSION: 8.0.50 -> ..."):
    // named by the error for a mark the dialect lacks. Shapes no text.
    std::string dialect_origin;
    // Where the dialect came from, as the cache's run record keeps it.
    std::string dialect_record;
    ParseOptions parse;
    EmitOptions emit;
};

struct GenerateStats {
    std::size_t headers_parsed = 0;
    std::size_t fragments_emitted = 0;
};

struct GenerateResult {
    std::string text;  // empty when diagnostics has errors (generate_to: the sink has it)
    std::vector<Declaration> declarations;  // generate_to: only with StreamOptions::keep
    // What the declarations view: one arena per header, and the Sources (borrowed ones, as
    // generate's, must outlive the result).
    std::vector<TextArena> arenas;
    std::vector<std::shared_ptr<const Source>> sources;
    std::vector<Span> fragments;  // one per declaration, in order, once text is made
    // With StreamOptions::keep (and from generate): XXH3-128 of each fragment, and the text's
    // content hash (core/output_hash.hpp), computed as it was written.
    std::vector<util::Digest128> fragment_hashes;
    std::optional<util::Digest128> text_hash;
    std::vector<Diagnostic> diagnostics;
    GenerateStats stats;
    bool inputs_read = true;  // false: an input could not be read (its feed said why)
    bool ok() const { return inputs_read && !has_errors(diagnostics); }
};

// The first half of generate: parse every source, then validate them together.
// Fills declarations, diagnostics and the parse statistics; leaves text empty.
GenerateResult analyze(const std::vector<Source>& sources, const GenerateOptions& options);

GenerateResult generate(const std::vector<Source>& sources, const GenerateOptions& options);

// Where a streamed run writes: it appends to `buffer` and calls `flush_if_full` after each
// piece, which either writes the whole buffer out and clears it or leaves it as it is; so the
// text never has to be held whole (util::StagedWrite's streaming form).
struct TextSink {
    std::string& buffer;
    std::function<void()> flush_if_full;
};

// What a streamed run shows its observer of each input it parsed, after the input's wrappers are
// emitted and before the input is released: how the cache records a run without keeping every
// declaration.
struct InputEmitted {
    std::size_t index;  // into the inputs
    std::size_t count;  // of inputs
    const Source& source;
    std::span<const Declaration> declarations;
    // One per declaration emitted (fewer, or none, once an error stopped emitting): its place in
    // the output and its XXH3-128.
    std::span<const Span> blocks;
    std::span<const util::Digest128> block_hashes;
};

struct StreamOptions {
    // Keep every declaration, fragment span and hash in the result (the cache and --strict
    // need them). Without it a header's source and declarations are released once it is
    // emitted, and only names cross headers (Validator): memory stays flat however many
    // headers a run reads.
    bool keep = false;
    // Read and parse the next inputs on a second thread while this one emits
    // (core/input_parser.hpp): the same text and diagnostics, sooner for a run of many inputs.
    bool parse_ahead = false;
    // Called for each input parsed, in order; with it the blocks are hashed and the text's
    // hash made, as with `keep`.
    std::function<void(const InputEmitted&)> observe = {};
};

// generate() header by header: each input is fed (once, in order; after an unreadable one the
// run emits nothing more but asks for the rest, so that every unreadable input is reported),
// parsed, validated and emitted into `sink` before the next is taken. The text is the same as
// generate's; when the result is not ok() the sink holds a partial text, which the caller discards.
// `inputs` are the paths as given (the prologue names them).
GenerateResult generate_to(const std::vector<std::string>& inputs, const SourceFeed& feed,
                           const GenerateOptions& options, TextSink sink,
                           StreamOptions stream = {});

}  // namespace cowrap
