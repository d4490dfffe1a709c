// What `cowrap cache ...` and `cowrap show` share: the --cache option and opening the database.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

#include "cache/store.hpp"

namespace cowrap::cli {

// --cache PATH, defaulting to $COWRAP_CACHE.
void add_cache_path_option(CLI::App& cmd, std::string& path);

// Opens the existing cache at `path` and runs `body` on its store. Reports a missing path, a
// missing database or any cache error on stderr. Returns the exit status: body's, or 1 (2 for
// usage).
int with_cache(const std::string& path, bool write, const std::function<int(cache::Store&)>& body);

}  // namespace cowrap::cli
