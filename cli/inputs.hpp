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
#include "core/strict.hpp"
#include "util/file.hpp"

namespace cowrap::cli {

// The largest header cowrap reads: QEMU's largest is well under 1 MiB; a larger input is a
// mistake (/dev/zero, a disk image), refused before it exhausts memory.
inline constexpr std::size_t max_header_bytes = 64 * util::mib;

// Reads every input. A missing or unreadable file, anything but a regular file (a directory,
// FIFO or device) and a file past max_header_bytes are reported on stderr and give nullopt.
std::optional<std::vector<Source>> read_inputs(const std::vector<std::string>& paths);

// "cowrap: error: ..." on stderr.
void print_error(const std::string& message);

// Why `name` cannot be an --annotation (not an identifier, a mark, a C keyword), or empty.
std::string annotation_problem(const std::string& name);

// What every header-reading command starts from: the dialect (--dialect, else from the
// inputs' QEMU tree: cli/dialect_choice.hpp), the inputs, the parse options and how each
// input is shown in the output (relative to `source_root` or its tree's root). On failure
// it has reported why and sets `status` to the exit code.
struct Loaded {
    std::vector<Source> sources;
    GenerateOptions options;
    std::string dialect_why;  // "from ../VERSION: 8.0.50 → qemu-8.1", for -v
};
// With `read_sources` false the inputs are left for the caller to read (a streamed
// `generate` reads them one at a time).
std::optional<Loaded> load(const std::string& dialect, const std::vector<std::string>& inputs,
                           const std::vector<std::string>& annotations, int& status,
                           const std::string& source_root = {}, bool read_sources = true);

// --context: headers read only to find the targets of --strict, not checked or generated
// (the other headers of a per-header shard's target). Nullopt when one cannot be read.
struct Context {
    std::vector<Source> sources;
    std::vector<Declaration> declarations;  // view `sources` and `arenas`
    std::vector<TextArena> arenas;
    std::vector<Prototype> prototypes;
};
std::optional<Context> load_context(const std::vector<std::string>& paths,
                                    const GenerateOptions& options);

}  // namespace cowrap::cli
