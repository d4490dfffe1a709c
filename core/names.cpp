// Placeholder.
#include "core/names.hpp"

namespace cowrap {
std::optional<std::string> target_name(std::string_view, Kind) { return std::nullopt; }
std::optional<std::string> camel_case(std::string_view) { return std::nullopt; }
}  // namespace cowrap
