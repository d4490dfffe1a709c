// `cache why OUTPUT`: the last runs for an output, and what each one changed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cache/store.hpp"

namespace cowrap::cache {

struct OutputHistory {
    std::string output;  // absolute
    bool known = false;
    std::vector<RunEntry> runs;  // newest first
};

OutputHistory output_history(Store& store, const std::string& output, int limit = 10);

// One paragraph per run: rewritten or left alone, and why; the diff of each changed
// declaration, and what a failed run printed. `color`: the diff as git colours it.
std::string why_text(const OutputHistory& history, bool color = false);

// The declaration text of `wrapper` laid out one parameter a line, so that a diff shows
// which one changed.
std::string declaration_lines(std::string_view text, std::string_view wrapper);

// The unified diff of a changed declaration's texts, labelled with its name; empty when one
// of them was not kept.
std::string text_diff(const ChangedText& change);

}  // namespace cowrap::cache
