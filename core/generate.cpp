#include "core/generate.hpp"

#include <iterator>

#include "core/validate.hpp"

namespace cowrap {

GenerateResult analyze(const std::vector<Source>& sources, const GenerateOptions& options,
                       const Memo& memo) {
    GenerateResult result;
    const Dialect& dialect = options.dialect ? *options.dialect : newest_dialect();

    for (const Source& source : sources) {
        std::optional<std::vector<Declaration>> found;
        if (memo.find_declarations) {
            found = memo.find_declarations(source);
        }
        if (found) {
            ++result.stats.headers_reused;
            for (Declaration& d : *found) {
                d.file = source.path;  // the same bytes may have been stored under another name
            }
        } else {
            ParseResult parsed = parse_source(source, options.parse);
            ++result.stats.headers_parsed;
            bool clean = !has_errors(parsed.diagnostics);
            result.diagnostics.insert(result.diagnostics.end(), parsed.diagnostics.begin(),
                                      parsed.diagnostics.end());
            if (clean && memo.store_declarations) {
                memo.store_declarations(source, parsed.declarations);
            }
            found = std::move(parsed.declarations);
        }
        result.declarations.insert(result.declarations.end(),
                                   std::make_move_iterator(found->begin()),
                                   std::make_move_iterator(found->end()));
    }

    std::vector<Diagnostic> problems =
        validate(result.declarations, dialect, options.dialect_origin);
    result.diagnostics.insert(result.diagnostics.end(), problems.begin(), problems.end());
    limit_errors(result.diagnostics);
    return result;
}

GenerateResult generate(const std::vector<Source>& sources, const GenerateOptions& options,
                        const Memo& memo) {
    GenerateResult result = analyze(sources, options, memo);
    if (!result.ok()) {
        return result;
    }
    const Dialect& dialect = options.dialect ? *options.dialect : newest_dialect();

    std::vector<std::string> inputs;
    inputs.reserve(sources.size());
    for (const Source& s : sources) {
        inputs.push_back(s.path);
    }
    result.text = emit_prologue(inputs, dialect, options.emit);
    // A wrapper block is 1.0-1.5 KB: one reservation saves the regrowth copies of a large
    // output.
    result.text.reserve(result.text.size() + result.declarations.size() * 1536);
    result.fragments.reserve(result.declarations.size());
    for (const Declaration& decl : result.declarations) {
        const std::size_t start = result.text.size();
        std::optional<std::string_view> fragment;
        if (memo.find_fragment) {
            fragment = memo.find_fragment(decl);
        }
        if (fragment) {
            result.text += *fragment;
            ++result.stats.fragments_reused;
        } else {
            emit_wrapper_to(result.text, decl, dialect, options.emit);
            ++result.stats.fragments_emitted;
        }
        result.fragments.push_back({start, result.text.size() - start});
    }
    return result;
}

}  // namespace cowrap
