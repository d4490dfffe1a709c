// What `cowrap generate` is given (cli/command_line.cpp reads it with CLI11), and the plain
// form of a shard's command line, read without CLI11.
#pragma once

#include <string>
#include <vector>

#include "cli/diagnostic_output.hpp"

namespace cowrap::cli {

struct GenerateArgs {
    std::string output;
    std::vector<std::string> inputs;
    std::string dialect;
    std::string depfile;
    std::string depfile_target;
    std::vector<std::string> includes;
    std::vector<std::string> annotations;
    std::vector<std::string> context;
    bool line_directives = false;
    std::string cache;
    std::string shard_group;
    bool no_cache = false;
    bool strict = false;
    bool require_targets = false;
    bool verbose = false;
    std::string source_root;
    DiagnosticOptions diagnostics;
};

// A shard's command line in its plain form, read without CLI11 (building CLI11's parser for
// `generate` costs more than the rest of a small shard's start-up): `generate`, then each
// option spelt out in full (`-o X`, `--output X` or `--output=X`), single ones at most once,
// values and inputs that do not start with '-' or '[', no -v/-q/--help/--, no
// $COWRAP_CACHE (an empty one included). Anything else gives false and goes through CLI11,
// which gives every message and default; what this takes, both read alike
// (tests/unit/generate_args_test.cpp).
bool read_plain_args(const std::vector<std::string>& args, GenerateArgs& a);

}  // namespace cowrap::cli
