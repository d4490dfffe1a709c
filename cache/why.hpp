// `cache why OUTPUT`: the last runs for an output, and what each one changed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cache/sqlite.hpp"

namespace cowrap::cache {

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
};

struct OutputHistory {
    std::string output;  // absolute
    bool known = false;
    std::vector<RunEntry> runs;  // newest first
};

OutputHistory output_history(Database& db, const std::string& output, int limit = 10);

// One paragraph per run: rewritten or left alone, and why.
std::string why_text(const OutputHistory& history);

}  // namespace cowrap::cache
