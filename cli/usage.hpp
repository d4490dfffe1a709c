// The flags every command takes, on the root before the command or after it: -v and -q.
#pragma once

#include <string>

namespace cowrap::cli {

// -v and -q, wherever they were given on the command line.
struct Verbosity {
    bool verbose = false;  // also print notes
    bool quiet = false;    // no warnings
};
const Verbosity& verbosity();
// What the command line parser (cli/command_line.cpp) sets.
Verbosity& mutable_verbosity();

// -v, --verbose, -q or --quiet.
bool is_common_flag(const std::string& arg);

}  // namespace cowrap::cli
