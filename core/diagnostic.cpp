#include "core/diagnostic.hpp"

#include <algorithm>
#include <map>
#include <utility>

namespace cowrap {

namespace {

std::string_view severity_name(Severity s) {
    switch (s) {
        case Severity::error:
            return "error";
        case Severity::warning:
            return "warning";
        case Severity::note:
            return "note";
    }
    return "error";
}

constexpr std::size_t kWindow = 160;  // shown characters of a long source line

}  // namespace

Diagnostic error_at(std::string file, Location loc, std::string message) {
    return {Severity::error, std::move(file), loc, std::move(message)};
}

Diagnostic warning_at(std::string file, Location loc, std::string message) {
    return {Severity::warning, std::move(file), loc, std::move(message)};
}

Diagnostic note_at(std::string file, Location loc, std::string message) {
    return {Severity::note, std::move(file), loc, std::move(message)};
}

bool has_errors(const std::vector<Diagnostic>& diagnostics) {
    return std::any_of(diagnostics.begin(), diagnostics.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::error; });
}

std::string format_diagnostic(const Diagnostic& d, std::string_view source_line) {
    std::string out;
    if (!d.file.empty()) {
        out += d.file;
        out += ':';
        if (d.loc.line != 0) {
            out += std::to_string(d.loc.line) + ':' + std::to_string(d.loc.column) + ':';
        }
        out += ' ';
    }
    out += severity_name(d.severity);
    out += ": ";
    out += d.message;
    out += '\n';
    if (d.loc.line == 0 || d.loc.column == 0 || source_line.empty()) {
        return out;
    }
    std::size_t col = std::min(d.loc.column - 1, source_line.size());
    std::size_t begin = 0;
    if (source_line.size() > kWindow) {
        begin = col > kWindow / 2 ? col - kWindow / 2 : 0;
        source_line = source_line.substr(begin, kWindow);
    }
    std::string caret;
    for (std::size_t i = begin; i < begin + (col - begin) && i - begin < source_line.size(); ++i) {
        caret += source_line[i - begin] == '\t' ? '\t' : ' ';
    }
    out += "  ";
    out += source_line;
    out += "\n  ";
    out += caret;
    out += "^\n";
    return out;
}

void limit_errors(std::vector<Diagnostic>& diagnostics, std::size_t max) {
    std::map<std::string, std::size_t> errors;  // per file: errors seen, max + 1 once stopped
    std::vector<Diagnostic> kept;
    kept.reserve(diagnostics.size());
    for (Diagnostic& d : diagnostics) {
        std::size_t& n = errors[d.file];
        if (n > max) {
            continue;
        }
        if (d.severity == Severity::error && ++n > max) {
            d.message =
                "too many errors in this file (" + std::to_string(max) + " shown); stopping";
        }
        kept.push_back(std::move(d));
    }
    diagnostics = std::move(kept);
}

}  // namespace cowrap
