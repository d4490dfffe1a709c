// Usage errors in one format (`cowrap: error: ...`, a "did you mean", then where the usage is),
// and the flags every command takes (-v, -q, -V), on the root before the command or after it.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

namespace cowrap::cli {

// -v and -q, wherever they were given on the command line.
struct Verbosity {
    bool verbose = false;  // also print notes
    bool quiet = false;    // no warnings
};
const Verbosity& verbosity();

// Adds -V/--version, -v/--verbose, -q/--quiet and `help [COMMAND]` to the root; the
// subcommands, once added, pass the options they do not know up to it (fallthrough).
void add_common_flags(CLI::App& app);
void pass_unknown_options_up(CLI::App& app);

// -v, --verbose, -q or --quiet.
bool is_common_flag(const std::string& arg);

// CLI11's failure message (App::failure_message): "cowrap: error: MESSAGE" with a suggestion
// for a mistyped command or option, then "Run 'cowrap CMD --help' for usage.".
std::string usage_failure(const CLI::App* app, const CLI::Error& e);

}  // namespace cowrap::cli
