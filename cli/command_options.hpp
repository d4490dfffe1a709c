// What cli/command_line.cpp adds to CLI11's parser that tests/unit/generate_args_test.cpp
// builds its parser with too. Callers include CLI11 themselves.
#pragma once

#include "cli/generate_args.hpp"

namespace CLI {
class App;
}  // namespace CLI

namespace cowrap::cli {

// Adds -V/--version, -v/--verbose, -q/--quiet and `help [COMMAND]` to the root; the
// subcommands, once added, pass the options they do not know up to it (fallthrough).
void add_common_flags(CLI::App& app);
void pass_unknown_options_up(CLI::App& app);

// The options and inputs of `generate`, on its subcommand.
void add_generate_options(CLI::App& cmd, GenerateArgs& a);

}  // namespace cowrap::cli
