// What every subcommand that reads headers shares: loading inputs, printing diagnostics,
// resolving --dialect.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/dialect.hpp"
#include "core/generate.hpp"
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

// What every header-reading command starts from: the dialect (--dialect, else from the
// inputs' QEMU tree: cli/dialect_choice.hpp), the inputs, the parse options and how each
// input is shown in the output (relative to `source_root` or its tree's root). On failure
// it has reported why and sets `status` to the exit code.
struct Loaded {
    std::vector<Source> sources;
    GenerateOptions options;
    std::string dialect_why;  // "from ../VERSION: 8.0.50 → qemu-8.1", for -v
};
std::optional<Loaded> load(const std::string& dialect, const std::vector<std::string>& inputs,
                           const std::vector<std::string>& annotations, int& status,
                           const std::string& source_root = {});

}  // namespace cowrap::cli
