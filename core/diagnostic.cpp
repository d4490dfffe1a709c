#include "core/diagnostic.hpp"

#include <algorithm>
#include <map>
#include <utility>

namespace cowrap {

namespace {

// GCC's escapes: "\33[<code>m\33[K" starts a colour, "\33[m\33[K" ends it.
std::string sgr(std::string_view code) {
    return "\33[" + std::string(code) + "m\33[K";
}
const std::string kReset = "\33[m\33[K";

std::string_view severity_colour(Severity s) {
    switch (s) {
        case Severity::error:
            return "01;31";
        case Severity::warning:
            return "01;35";
        case Severity::note:
            return "01;36";
    }
    return "01;31";
}

// The message with each 'quoted' part in bold, as GCC's %qs does.
std::string bold_quotes(std::string_view message) {
    std::string out;
    std::size_t at = 0;
    while (true) {
        const std::size_t open = message.find('\'', at);
        const std::size_t close =
            open == std::string_view::npos ? open : message.find('\'', open + 1);
        if (close == std::string_view::npos) {
            out += message.substr(at);
            return out;
        }
        out += message.substr(at, open - at);
        out += '\'';
        out += sgr("01");
        out += message.substr(open + 1, close - open - 1);
        out += kReset;
        out += '\'';
        at = close + 1;
    }
}

constexpr std::size_t kWindow = 160;  // shown characters of a long source line

}  // namespace

Diagnostic error_at(std::string_view file, Location loc, std::string message) {
    return {Severity::error, std::string(file), loc, std::move(message)};
}

Diagnostic warning_at(std::string_view file, Location loc, std::string message) {
    return {Severity::warning, std::string(file), loc, std::move(message)};
}

Diagnostic note_at(std::string_view file, Location loc, std::string message) {
    return {Severity::note, std::string(file), loc, std::move(message)};
}

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

bool has_errors(const std::vector<Diagnostic>& diagnostics) {
    return std::any_of(diagnostics.begin(), diagnostics.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::error; });
}

std::string format_diagnostic(const Diagnostic& d, std::string_view source_line, bool color) {
    std::string out;
    if (!d.file.empty()) {
        std::string locus = d.file + ':';
        if (d.loc.line != 0) {
            locus += std::to_string(d.loc.line) + ':' + std::to_string(d.loc.column) + ':';
        }
        out += color ? sgr("01") + locus + kReset : locus;
        out += ' ';
    }
    const std::string severity = std::string(severity_name(d.severity)) + ": ";
    out += color ? sgr(severity_colour(d.severity)) + severity + kReset : severity;
    out += color ? bold_quotes(d.message) : d.message;
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
    for (std::size_t i = begin; i < col && i - begin < source_line.size(); ++i) {
        caret += source_line[i - begin] == '\t' ? '\t' : ' ';
    }
    // GCC's gutter: the line number right-aligned in at least 4 columns, then " | ".
    std::string number = std::to_string(d.loc.line);
    const std::size_t width = std::max<std::size_t>(number.size(), 4);
    out += ' ' + std::string(width - number.size(), ' ') + number + " | ";
    out += source_line;
    out += '\n' + std::string(width + 1, ' ') + " | ";
    out += caret;
    out += color ? sgr(severity_colour(d.severity)) + "^" + kReset : "^";
    out += '\n';
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
