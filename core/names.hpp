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

// The same into `out` (replacing what it held, keeping its storage: the emitter reuses one
// string for every wrapper); false, with `out` unspecified, where those give nullopt.
bool target_name_to(std::string& out, std::string_view wrapper, Kind kind);
bool camel_case_to(std::string& out, std::string_view snake);

}  // namespace cowrap
