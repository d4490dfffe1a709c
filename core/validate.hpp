// Dialect rules over all declarations of one run.
#pragma once

#include <string_view>
#include <vector>

#include "core/declaration.hpp"
#include "core/diagnostic.hpp"
#include "core/dialect.hpp"

namespace cowrap {

// Naming rules, reserved parameter names, struct-name clashes, duplicate wrappers (both
// places), marks the dialect lacks, dialect-specific return-type and P1 rules.
// `origin` says where the dialect came from when it was not asked for (the error for a mark
// the dialect lacks names it).
std::vector<Diagnostic> validate(const std::vector<Declaration>& declarations, const Dialect& d,
                                 std::string_view origin = {});

}  // namespace cowrap
