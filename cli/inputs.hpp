// What every subcommand that reads headers shares: loading inputs, printing diagnostics,
// resolving --dialect.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/dialect.hpp"
#include "core/source.hpp"

namespace cowrap::cli {

// Reads every input. A missing or unreadable file, or a directory, is reported on stderr
// and gives nullopt.
std::optional<std::vector<Source>> read_inputs(const std::vector<std::string>& paths);

// Prints diagnostics to stderr with the source line and caret. Notes only when verbose.
void print_diagnostics(const std::vector<Diagnostic>& diagnostics,
                       const std::vector<Source>& sources, bool verbose);

// "cowrap: error: ..." on stderr.
void print_error(const std::string& message);

// Resolves --dialect (empty: newest); reports an unknown name and gives nullptr.
const Dialect* dialect_option(const std::string& name);

}  // namespace cowrap::cli
