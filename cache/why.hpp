// `cache why OUTPUT`: the last runs for an output, and what each one changed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cache/sqlite.hpp"

namespace cowrap::cache {

// A wrapper whose declaration text a run changed. `before` is nullopt when the cache kept no
// earlier text (a cache from before texts were kept); both are nullopt when the run changed
// more text than was kept.
struct ChangedText {
    std::string wrapper;
    std::optional<std::string> before, after;
};

struct RunEntry {
    std::int64_t time = 0;
    std::string status;  // written, unchanged, failed
    std::int64_t hits = 0;
    std::int64_t misses = 0;
    std::int64_t headers_parsed = 0;
    std::int64_t headers_reused = 0;
    std::int64_t duration_us = 0;
    bool compared = false;                             // false: no earlier run to compare with
    std::vector<std::string> added, removed, changed;  // wrapper names
    std::vector<std::string> inputs_changed, inputs_added, inputs_removed;  // absolute paths
    // The wrappers of `changed` whose declaration text changed: a changed wrapper that is not
    // here kept its text (its block changed with the dialect, the options or cowrap's version).
    std::vector<ChangedText> texts;
    std::optional<std::string> error_text;  // what a failed run printed (none: not recorded)
    bool after_failure = false;             // the run before this one failed
};

struct OutputHistory {
    std::string output;  // absolute
    bool known = false;
    std::vector<RunEntry> runs;  // newest first
};

OutputHistory output_history(Database& db, const std::string& output, int limit = 10);

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
