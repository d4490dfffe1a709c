// What `cowrap cache ...` and `cowrap show` share: opening the database.
#pragma once

#include <functional>
#include <string>

#include "cache/store.hpp"

namespace cowrap::cli {

// Opens the existing cache at `path` and runs `body` on its store. Reports a missing path, a
// missing database or any cache error on stderr. Returns the exit status: body's, or 1 (2 for
// usage).
int with_cache(const std::string& path, bool write, const std::function<int(cache::Store&)>& body);

}  // namespace cowrap::cli
