// Declarations -> C text, one emitter whose branches read the dialect's switches.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/declaration.hpp"
#include "core/dialect.hpp"

namespace cowrap {

struct EmitOptions {
    std::vector<std::string> includes;  // replaces the dialect's list when non-empty
    bool line_directives = false;       // #line N "header" before each public function
    // How an input path (as given) is shown in the text: in the file comment and in #line.
    // A path not listed is shown as display_path() makes it.
    std::vector<std::pair<std::string, std::string>> shown_paths;
};

// The path `path` is shown as under `options` (see shown_paths).
std::string shown_path(std::string_view path, const EmitOptions& options);

// The file comment and the #include lines. `inputs` are the header paths as given;
// only their display form (see display_path) goes into the text.
std::string emit_prologue(const std::vector<std::string>& inputs, const Dialect& d,
                          const EmitOptions& options);

// One wrapper block. Assumes validate() accepted the declaration.
std::string emit_wrapper(const Declaration& decl, const Dialect& d, const EmitOptions& options);
// The same, appended to `out` (no intermediate string: the fast path of generate()).
void emit_wrapper_to(std::string& out, const Declaration& decl, const Dialect& d,
                     const EmitOptions& options);

// A path as shown in generated comments: relative, normalised, no leading "../",
// so the text does not depend on where the build folder is.
std::string display_path(const std::string& path);

}  // namespace cowrap
