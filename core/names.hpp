// Derived names: target T, struct name S.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/declaration.hpp"

namespace cowrap {

// T for a wrapper W of the given kind, or nullopt when W breaks the naming rule.
std::optional<std::string> target_name(std::string_view wrapper, Kind kind);

// bdrv_pwrite_zeroes -> BdrvPwriteZeroes; nullopt on an empty word (__, leading/trailing _).
std::optional<std::string> camel_case(std::string_view snake);

}  // namespace cowrap
