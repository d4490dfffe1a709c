// cowrap's command line as CLI11 reads it: the commands, their options and help, and usage
// errors. cli/command_line.cpp is the only file of cowrap that includes CLI11, which costs
// 12-24 s of compile time in every file that does.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cowrap::cli {

// The commands, in the order --help lists them (`help` aside).
std::span<const std::string_view> command_names();

// Reads `args` (argv past the program's name, as main rewrote them) and runs the command
// they name. Returns the exit status: the command's, 0 for --help or --version, 2 for a usage
// error (reported on stderr). What the command throws goes through.
int run_command_line(std::vector<std::string> args);

}  // namespace cowrap::cli
