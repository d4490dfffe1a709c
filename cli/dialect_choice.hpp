// Which dialect a run uses, and why: --dialect, else the version of the QEMU tree the inputs
// belong to (core/qemu_tree.hpp), else the newest.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/dialect.hpp"

namespace cowrap::cli {

struct DialectChoice {
    const Dialect* dialect = nullptr;
    std::string why;     // for -v and errors: "from ../VERSION: 8.0.50 → qemu-8.1"
    std::string record;  // for the cache's run record: "qemu-8.1, from /abs/VERSION: 8.0.50"
};

// Reports a bad --dialect, an unreadable or too old VERSION, or trees that disagree on
// stderr (saying to pass --dialect) and gives nullopt.
// `roots`: qemu_tree_roots(inputs).
std::optional<DialectChoice> choose_dialect(const std::string& option,
                                            const std::vector<std::optional<std::string>>& roots);

// How each input is shown in the output: relative to `source_root` when given (display_path
// drops the leading "../" of an input outside it), else relative to the root of its QEMU
// tree, else display_path() of the path as given. A pair (input as given, as shown) per input.
std::vector<std::pair<std::string, std::string>> shown_paths(
    const std::vector<std::string>& inputs, const std::vector<std::optional<std::string>>& roots,
    const std::string& source_root);

}  // namespace cowrap::cli
