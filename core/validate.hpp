// Dialect rules over all declarations of one run.
#pragma once

#include <vector>

#include "core/declaration.hpp"
#include "core/diagnostic.hpp"
#include "core/dialect.hpp"

namespace cowrap {

// Naming rules, reserved parameter names, struct-name clashes, duplicate wrappers (both
// places), marks the dialect lacks, dialect-specific return-type and P1 rules.
std::vector<Diagnostic> validate(const std::vector<Declaration>& declarations, const Dialect& d);

}  // namespace cowrap
