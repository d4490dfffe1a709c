// `--strict`: every wrapper checked against its target's declarations in the inputs, so that a
// mismatch is reported at the header instead of as a compiler error in the generated code.
#pragma once

#include <string>
#include <vector>

#include "core/declaration.hpp"
#include "core/diagnostic.hpp"
#include "core/parse.hpp"
#include "core/source.hpp"

namespace cowrap {

struct StrictOptions {
    bool require_targets = false;  // a target declared in no input is an error, not a warning
};

// A warning or error with the notes that belong to it (where the other declaration is).
struct Finding {
    Diagnostic diagnostic;
    std::vector<Diagnostic> notes;
};

// Checks each wrapper W against every declaration of its target T among `prototypes` and the
// other wrappers (whose generated functions are declarations too). Findings in wrapper order.
// `context`: the wrappers of headers read only to find targets (--context); they count as
// declarations of their names but are not checked themselves.
std::vector<Finding> check_strict(const std::vector<Declaration>& declarations,
                                  const std::vector<Prototype>& prototypes,
                                  const StrictOptions& options = {},
                                  const std::vector<Declaration>& context = {});

// The ordinary prototypes of all sources (a parse with collect_prototypes on; its diagnostics
// are dropped: the normal parse reports them).
std::vector<Prototype> collect_prototypes(const std::vector<Source>& sources,
                                          const ParseOptions& options);

bool has_errors(const std::vector<Finding>& findings);

// The finding and its notes, each as format_diagnostic prints it with its source line.
std::string format_finding(const Finding& finding, const ShownSources& sources, bool color = false);

}  // namespace cowrap
