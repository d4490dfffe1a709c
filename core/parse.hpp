// Bytes -> declarations: runs the grammar over one source.
#pragma once

#include <string>
#include <vector>

#include "core/declaration.hpp"
#include "core/diagnostic.hpp"
#include "core/source.hpp"
#include "core/text_arena.hpp"

namespace cowrap {

struct ParseOptions {
    // Extra annotation macros (--annotation NAME) that are not part of a return type.
    std::vector<std::string> annotations;
    // Also record ordinary prototypes (for check --strict).
    bool collect_prototypes = false;
    // With collect_prototypes: where they go instead of ParseResult::prototypes, so that a
    // caller that reads only the declarations (analyze) still collects them in the same pass.
    std::vector<Prototype>* prototypes_out = nullptr;
    // Fill Declaration::text, the layout-free text that the cache keys on; a run that keeps
    // nothing (check) saves building it.
    bool declaration_text = true;
};

struct ParseResult {
    // In file order. They view the Source parsed (which must outlive them) and `arena`.
    std::vector<Declaration> declarations;
    std::vector<Prototype> prototypes;    // only with collect_prototypes, no prototypes_out
    std::vector<Diagnostic> diagnostics;  // errors (nothing may be generated) and notes
    TextArena arena;  // the declarations' spellings that are not slices of the source
};

ParseResult parse_source(const Source& source, const ParseOptions& options = {});

// The annotation macros that are never part of a return type.
const std::vector<std::string>& builtin_annotations();

}  // namespace cowrap
