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
#include "util/file.hpp"

namespace cowrap::cli {

// The largest header cowrap reads: QEMU's largest is well under 1 MiB; a larger input is a
// mistake (/dev/zero, a disk image), refused before it exhausts memory.
inline constexpr std::size_t max_header_bytes = 64 * util::mib;

// Reads every input. A missing or unreadable file, anything but a regular file (a directory,
// FIFO or device) and a file past max_header_bytes are reported on stderr and give nullopt.
std::optional<std::vector<Source>> read_inputs(const std::vector<std::string>& paths);

// Prints diagnostics to stderr with the source line and caret. Notes only when verbose.
void print_diagnostics(const std::vector<Diagnostic>& diagnostics,
                       const std::vector<Source>& sources, bool verbose);

// "cowrap: error: ..." on stderr.
void print_error(const std::string& message);

// Resolves --dialect (empty: newest); reports an unknown name and gives nullptr.
const Dialect* dialect_option(const std::string& name);

// Why `name` cannot be an --annotation (not an identifier, a mark, a C keyword), or empty.
std::string annotation_problem(const std::string& name);

// What every header-reading command starts from: the resolved --dialect, the inputs and
// the parse options. On failure it has reported why and sets `status` to the exit code.
struct Loaded {
    std::vector<Source> sources;
    GenerateOptions options;
};
std::optional<Loaded> load(const std::string& dialect, const std::vector<std::string>& inputs,
                           const std::vector<std::string>& annotations, int& status);

}  // namespace cowrap::cli
