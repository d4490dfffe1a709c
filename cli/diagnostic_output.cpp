#include "cli/diagnostic_output.hpp"
#include "cli/usage.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

namespace cowrap::cli {

bool use_color(const std::string& mode, int fd) {
    if (mode != "auto") {
        return mode == "always";
    }
    const char* no_color = std::getenv("NO_COLOR");
    const char* term = std::getenv("TERM");
    return ::isatty(fd) == 1 && (no_color == nullptr || *no_color == '\0') &&
           !(term != nullptr && std::string_view(term) == "dumb");
}

DiagnosticPrinter::DiagnosticPrinter(const DiagnosticOptions& options, ShownSources sources)
    : sources_(std::move(sources)), format_(options.format), color_(use_color(options.color)) {}

void DiagnosticPrinter::print(const std::vector<Diagnostic>& diagnostics) {
    if (format_ != "text") {
        append_groups(groups_, diagnostics);
        return;
    }
    bool skipping = false;  // -q: a warning and the notes that explain it
    for (const Diagnostic& d : diagnostics) {
        if (d.severity != Severity::note) {
            skipping = d.severity == Severity::warning && verbosity().quiet;
        }
        if (skipping) {
            continue;
        }
        const Source* s = find_source(sources_, d.file);
        std::cerr << format_diagnostic(
            d, s != nullptr ? line_text(*s, d.loc.line) : std::string_view(), color_);
    }
}

void DiagnosticPrinter::print(const Finding& finding) {
    if (format_ != "text") {
        groups_.push_back({finding.diagnostic, finding.notes});
        return;
    }
    std::cerr << format_finding(finding, sources_, color_);
}

void DiagnosticPrinter::show_first(const std::vector<Source>& sources) {
    ShownSources first(sources);
    first.list.insert(first.list.end(), sources_.list.begin(), sources_.list.end());
    sources_ = std::move(first);
}

std::ostream& DiagnosticPrinter::messages() {
    if (format_ == "text") {
        return std::cerr;
    }
    return messages_;
}

void DiagnosticPrinter::finish() {
    if (format_ == "text") {
        return;
    }
    std::istringstream lines(messages_.str());
    for (std::string line; std::getline(lines, line);) {
        for (std::string_view prefix : {"cowrap: warning: ", "cowrap: error: "}) {
            if (line.starts_with(prefix)) {
                line.erase(0, prefix.size());
            }
        }
        if (!line.empty()) {
            groups_.push_back({warning_at("", {}, line), {}});
        }
    }
    if (format_ == "json") {
        std::cerr << diagnostics_json(groups_);
    } else {
        std::error_code ec;
        std::cerr << diagnostics_sarif(groups_, sources_,
                                       std::filesystem::current_path(ec).string());
    }
    groups_.clear();
}

}  // namespace cowrap::cli
