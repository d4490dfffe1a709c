// A mark's flags as the inspection commands print them. (The run record's bytes, for pending
// runs, are declared in cache/run_record.hpp and written in serialize.cpp.)
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/declaration.hpp"

namespace cowrap::cache {

// "mixed,rdlock", or "" for none.
std::string mark_flags(const MarkInfo& mark);

}  // namespace cowrap::cache
