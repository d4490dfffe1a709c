// What `cowrap cache ...` and `cowrap show` share: the --cache option and opening the database.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

#include "cache/sqlite.hpp"

namespace cowrap::cli {

// --cache PATH, defaulting to $COWRAP_CACHE.
void add_cache_path_option(CLI::App& cmd, std::string& path);

// Opens the existing cache at `path` and runs `body` on it. Reports a missing path, a missing
// database or any cache error on stderr. Returns the exit status: body's, or 1 (2 for usage).
int with_cache(const std::string& path, bool write,
               const std::function<int(cache::Database&)>& body);

}  // namespace cowrap::cli
