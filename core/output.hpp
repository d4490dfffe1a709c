// Writing results: Make-syntax depfiles (the atomic write-if-changed is util/atomic_file).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/atomic_file.hpp"

namespace cowrap {

// Escapes a path for a Make rule as GNU make and ninja read it (spaces, #, $, :, backslashes
// before spaces). A newline cannot be escaped: see depfile_problem.
std::string escape_make_path(std::string_view path);

// Why a depfile cannot name these paths (a newline or carriage return in one), or empty.
std::string depfile_problem(std::string_view target, const std::vector<std::string>& deps);

// "target: dep1 dep2 ...\n" with escaping, and a phony rule per dependency so a deleted
// header does not break the build.
std::string depfile_text(std::string_view target, const std::vector<std::string>& deps);

}  // namespace cowrap
