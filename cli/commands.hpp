// Each subcommand lives in its own file and registers itself on the root app. When it runs,
// it stores its exit status in `status`: 0 success, 1 errors in the input or output, 2 usage.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace cowrap::cli {

void add_generate_command(CLI::App& app, int& status);
// `cowrap generate` on the plain command line of a shard, without building CLI11's parser:
// the exit status, or nullopt for any other command line (CLI11 reads it).
std::optional<int> run_plain_generate(const std::vector<std::string>& args);
void add_check_command(CLI::App& app, int& status);
void add_list_command(CLI::App& app, int& status);
void add_dialects_command(CLI::App& app, int& status);
void add_cache_command(CLI::App& app, int& status);
void add_show_command(CLI::App& app, int& status);

}  // namespace cowrap::cli
