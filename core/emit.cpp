// Placeholder.
#include "core/emit.hpp"

namespace cowrap {
std::string emit_prologue(const std::vector<std::string>&, const Dialect&, const EmitOptions&) {
    return {};
}
std::string emit_wrapper(const Declaration&, const Dialect&, const EmitOptions&) { return {}; }
std::string display_path(const std::string& path) { return path; }
}  // namespace cowrap
