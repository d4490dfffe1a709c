// libFuzzer target: any bytes through the grammar (parse_source) must not crash, hang or
// trip a sanitizer, and every diagnostic must point inside the source it names.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/diagnostic.hpp"
#include "core/parse.hpp"
#include "core/source.hpp"

namespace {

[[noreturn]] void broken(const char* what, const cowrap::Diagnostic& d) {
    std::fprintf(stderr, "invariant broken: %s: %s:%zu:%zu: %s\n", what, d.file.c_str(), d.loc.line,
                 d.loc.column, d.message.c_str());
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace cowrap;
    // The first byte picks the options; the rest is the header.
    ParseOptions options;
    if (size > 0) {
        options.collect_prototypes = (data[0] & 1) != 0;
        if ((data[0] & 2) != 0) {
            options.annotations = {"MY_ANNOTATION", "QEMU_NONNULL"};
        }
        ++data;
        --size;
    }
    Source source = make_source("fuzz.h", std::string(reinterpret_cast<const char*>(data), size));
    ParseResult result = parse_source(source, options);

    for (const Diagnostic& d : result.diagnostics) {
        if (d.severity == Severity::error && d.file != "fuzz.h") {
            broken("error names another file", d);
        }
        if (d.severity == Severity::error && d.loc.line == 0) {
            broken("error without a location", d);
        }
        if (d.loc.line > source.line_starts.size()) {
            broken("line past the end", d);
        }
        if (d.loc.line != 0) {
            std::string_view line = line_text(source, d.loc.line);
            // Column 1 past the end is the end of the line (or of the file).
            if (d.loc.column == 0 || d.loc.column > line.size() + 2) {
                broken("column outside the line", d);
            }
            (void)format_diagnostic(d, line);
        }
    }
    for (const Declaration& decl : result.declarations) {
        if (decl.name.empty() || decl.name_loc.line == 0 || decl.mark_loc.line == 0) {
            std::fprintf(stderr, "invariant broken: declaration '%s' without name or location\n",
                         std::string(decl.name).c_str());
            std::abort();
        }
        for (const Param& p : decl.params) {
            if (p.name.empty()) {
                std::fprintf(stderr, "invariant broken: unnamed parameter in '%s'\n",
                             std::string(decl.name).c_str());
                std::abort();
            }
        }
    }
    return 0;
}
