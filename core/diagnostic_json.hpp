// Diagnostics for machines (CI annotations), in the two formats GCC 13 writes with
// -fdiagnostics-format=json|sarif: GCC's JSON array, and a SARIF 2.1.0 log.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/source.hpp"

namespace cowrap {

// A diagnostic and the notes that explain it (GCC's "children", SARIF's relatedLocations).
struct DiagnosticGroup {
    Diagnostic diagnostic;
    std::vector<Diagnostic> notes;
};

// Each note joins the error or warning before it; a note with none before stands alone.
void append_groups(std::vector<DiagnosticGroup>& out, const std::vector<Diagnostic>& diagnostics);

std::string diagnostics_json(const std::vector<DiagnosticGroup>& groups);

// Relative paths are given relative to `cwd` (an absolute folder, SARIF's "PWD" base); each
// result carries its source line as the snippet when `sources` has its file.
std::string diagnostics_sarif(const std::vector<DiagnosticGroup>& groups,
                              const ShownSources& sources, std::string_view cwd);

}  // namespace cowrap
