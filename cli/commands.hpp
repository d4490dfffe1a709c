// What each command is given and what runs it: cli/command_line.cpp reads the command line
// into the arguments, each command's file runs them. A run returns the exit status: 0
// success, 1 errors in the input or output, 2 usage.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/diagnostic_output.hpp"
#include "cli/generate_args.hpp"

namespace cowrap::cli {

// `generate` (cli/cmd_generate.cpp); GenerateArgs is in cli/generate_args.hpp.
int run_generate(const GenerateArgs& a);
// `cowrap generate` on the plain command line of a shard, without building CLI11's parser:
// the exit status, or nullopt for any other command line (CLI11 reads it).
std::optional<int> run_plain_generate(const std::vector<std::string>& args);

// `check` (cli/cmd_check.cpp).
struct CheckArgs {
    std::vector<std::string> inputs;
    std::string dialect;
    std::vector<std::string> annotations;
    std::vector<std::string> context;
    std::string format = "text";
    bool strict = false;
    bool require_targets = false;
    bool verbose = false;
    DiagnosticOptions diagnostics;
};
int run_check(const CheckArgs& a);

// `list` (cli/cmd_list.cpp).
struct ListArgs {
    std::vector<std::string> inputs;
    std::string dialect;
    std::string format = "text";
    std::vector<std::string> annotations;
    DiagnosticOptions diagnostics;
};
int run_list(const ListArgs& a);

// `dialects` (cli/cmd_dialects.cpp): the table as `format` (text or json).
int run_dialects(const std::string& format);

// `cache stats|print|zero|ls|why|verify|gc|clear` (cli/cmd_cache.cpp), all given the same
// arguments, each reading the fields it has options for.
struct CacheArgs {
    std::string path;
    std::string format;
    std::string header;
    std::string output;
    std::string older_than;
    std::string color = "auto";
};
int cache_stats(const CacheArgs& a);
int cache_print(const CacheArgs& a);
int cache_zero(const CacheArgs& a);
int cache_ls(const CacheArgs& a);
int cache_why(const CacheArgs& a);
int cache_verify(const CacheArgs& a);
int cache_gc(const CacheArgs& a);
int cache_clear(const CacheArgs& a);

// `show` (cli/cmd_show.cpp).
struct ShowArgs {
    std::string path;
    std::string name;
    std::string format = "text";
};
int run_show(const ShowArgs& a);

}  // namespace cowrap::cli
