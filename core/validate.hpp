// Dialect rules over all declarations of one run.
#pragma once

#include <memory>
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

// validate() a header at a time, in order, with the same messages: across headers it keeps
// each wrapper's name and place (for the duplicate wrapper and struct-name checks), not its
// declaration, so a run's memory does not grow with the declarations it has emitted.
class Validator {
public:
    explicit Validator(const Dialect& d, std::string_view origin = {});
    ~Validator();
    Validator(const Validator&) = delete;
    Validator& operator=(const Validator&) = delete;
    // Appends the problems of the next header's declarations to `out`.
    void add(const std::vector<Declaration>& declarations, std::vector<Diagnostic>& out);

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace cowrap
