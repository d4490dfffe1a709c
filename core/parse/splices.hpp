// C's translation phase 2 for the parser: backslash-newline sequences are removed, so a splice
// inside an identifier, a mark, a directive or a comment opener joins the two lines, as in GCC.
// The parser reads the joined text; offsets in it map back to the file for diagnostics.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace cowrap::parse {

struct Spliced {
    std::string text;  // the joined text; empty (and unused) when the file has no splice
    bool any = false;
    // One entry per splice: its offset in the joined text and the bytes removed up to it.
    struct Cut {
        std::size_t at;
        std::size_t removed;
    };
    std::vector<Cut> cuts;

    // The file offset of a byte of the joined text.
    std::size_t physical(std::size_t offset) const;
};

Spliced join_splices(std::string_view text);

}  // namespace cowrap::parse
