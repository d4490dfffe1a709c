// How the header-reading commands print their diagnostics: GCC's text (with colour when
// stderr is a terminal), or GCC 13's JSON or SARIF for CI annotations (--diagnostics-format).
#pragma once

#include <array>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/diagnostic_json.hpp"
#include "core/source.hpp"
#include "core/strict.hpp"

namespace cowrap::cli {

// The values of --color (also `cache why`'s) and --diagnostics-format.
inline constexpr std::array<std::string_view, 3> color_modes{"auto", "always", "never"};
inline constexpr std::array<std::string_view, 3> diagnostic_formats{"text", "json", "sarif"};

// --color and --diagnostics-format (GCC's -fdiagnostics-color[=WHEN] and
// -fdiagnostics-format=FORMAT are rewritten to these in main.cpp).
struct DiagnosticOptions {
    std::string color = "auto";   // auto | always | never
    std::string format = "text";  // text | json | sarif
};

// "auto": `fd` (stderr by default) is a terminal, TERM is not "dumb" and NO_COLOR is unset
// or empty.
bool use_color(const std::string& mode, int fd = 2);

// Text goes to stderr as it comes; JSON and SARIF are gathered and written to stderr as one
// document by finish(), together with what was written to messages() (cache warnings).
class DiagnosticPrinter {
public:
    DiagnosticPrinter(const DiagnosticOptions& options, ShownSources sources);
    void print(const std::vector<Diagnostic>& diagnostics);
    void print(const Finding& finding);
    // Where other warnings go: stderr for text, else gathered as file-less warnings.
    std::ostream& messages();
    void finish();
    // Also shows the lines of `sources`, before those given so far (a streamed run's
    // inputs, read again once a diagnostic names them).
    void show_first(const std::vector<Source>& sources);

private:
    ShownSources sources_;
    std::string format_;
    bool color_;
    std::vector<DiagnosticGroup> groups_;
    std::ostringstream messages_;
};

}  // namespace cowrap::cli
