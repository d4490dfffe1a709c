// Errors and warnings are values: every stage returns them, the CLI prints them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/source.hpp"

namespace cowrap {

enum class Severity { error, warning, note };

struct Diagnostic {
    Severity severity = Severity::error;
    std::string file;  // empty: not tied to a file
    Location loc;      // line 0: no location
    std::string message;
};

Diagnostic error_at(std::string_view file, Location loc, std::string message);
Diagnostic warning_at(std::string_view file, Location loc, std::string message);
Diagnostic note_at(std::string_view file, Location loc, std::string message);

bool has_errors(const std::vector<Diagnostic>& diagnostics);

// Errors reported per file (GCC's -fmax-errors spirit): one run shows every error of a file
// up to this many, then one "too many errors" line.
constexpr std::size_t max_errors_per_file = 20;

// Keeps the first `max` errors of each file (with the notes and warnings before the next
// one); the error after them becomes "too many errors in this file; stopping" at its place,
// and everything later of that file is dropped.
void limit_errors(std::vector<Diagnostic>& diagnostics, std::size_t max = max_errors_per_file);

// As GCC >= 9 prints it: "file:line:col: error: message", then, when source_line is given,
// the line behind a line-number gutter ("   12 | ...") and a caret under the column. Very
// long lines are cut to a window around the column. With `color`, GCC's default colours
// (GCC_COLORS): bold locus and 'quoted' text, the severity and the caret in its colour.
std::string format_diagnostic(const Diagnostic& d, std::string_view source_line = {},
                              bool color = false);

std::string_view severity_name(Severity s);

}  // namespace cowrap
