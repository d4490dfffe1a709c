// Placeholder.
#include "core/validate.hpp"

namespace cowrap {
std::vector<Diagnostic> validate(const std::vector<Declaration>&, const Dialect&) { return {}; }
}  // namespace cowrap
