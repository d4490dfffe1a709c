// libFuzzer target: any bytes through the whole pipeline (generate). When it succeeds:
//  - the generated file must parse back cleanly (it holds no marks, so zero declarations and
//    no errors);
//  - generating again gives the same text, with one span per declaration, the spans in order
//    and ending where the text ends;
//  - an error run gives no text.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/dialect.hpp"
#include "core/generate.hpp"
#include "core/parse.hpp"
#include "core/source.hpp"

namespace {

[[noreturn]] void broken(const std::string& what, const std::string& detail = {}) {
    std::fprintf(stderr, "invariant broken: %s\n%s\n", what.c_str(), detail.c_str());
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace cowrap;
    if (size < 1) {
        return 0;
    }
    // First byte: dialect (low 3 bits) and whether to split the rest into two headers.
    const std::vector<Dialect>& dialects = all_dialects();
    GenerateOptions options;
    options.dialect = &dialects[(data[0] & 7) % dialects.size()];
    bool split = (data[0] & 8) != 0;
    options.emit.line_directives = (data[0] & 16) != 0;
    std::string bytes(reinterpret_cast<const char*>(data + 1), size - 1);

    std::vector<Source> sources;
    if (split) {
        std::size_t cut = bytes.size() / 2;
        sources.push_back(make_source("include/a.h", bytes.substr(0, cut)));
        sources.push_back(make_source("include/b.h", bytes.substr(cut)));
    } else {
        sources.push_back(make_source("include/a.h", bytes));
    }

    GenerateResult first = generate(sources, options);
    if (!first.ok()) {
        if (!first.text.empty()) {
            broken("an error run produced text");
        }
        return 0;
    }

    GenerateResult second = generate(sources, options);
    if (second.text != first.text) {
        broken("two runs gave different text");
    }

    if (second.fragments.size() != second.declarations.size()) {
        broken("not one span per declaration");
    }
    std::size_t at = second.fragments.empty() ? second.text.size() : second.fragments[0].start;
    for (const Span& span : second.fragments) {
        if (span.start != at) {
            broken("the wrapper blocks' spans do not follow each other");
        }
        at += span.length;
    }
    if (at != second.text.size()) {
        broken("the last wrapper block does not end the text");
    }

    Source out = make_source("out.c", first.text);
    ParseResult back = parse_source(out);
    if (has_errors(back.diagnostics)) {
        std::string detail;
        for (const Diagnostic& d : back.diagnostics) {
            detail += std::to_string(d.loc.line) + ":" + std::to_string(d.loc.column) + ": " +
                      d.message + "\n";
        }
        broken("the generated file does not parse back", detail + first.text.substr(0, 4000));
    }
    if (!back.declarations.empty()) {
        broken("the generated file holds a wrapper declaration",
               std::string(back.declarations[0].name));
    }
    return 0;
}
