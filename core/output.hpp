// Writing results: Make-syntax depfiles (the atomic write-if-changed is util/atomic_file).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/atomic_file.hpp"

namespace cowrap {

// Escapes a path for a Make rule (spaces, #, $, backslashes before spaces).
std::string escape_make_path(std::string_view path);

// "target: dep1 dep2 ...\n" with escaping, and a phony rule per dependency so a deleted
// header does not break the build.
std::string depfile_text(std::string_view target, const std::vector<std::string>& deps);

}  // namespace cowrap
