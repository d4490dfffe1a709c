// `cache stats` and `cache print`: the counters and sizes, modelled on ccache -s.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cache/store.hpp"

namespace cowrap::cache {

struct Stats {
    std::string database;  // path as given
    int schema = 0;
    std::int64_t headers = 0;   // header paths recorded
    std::int64_t outputs = 0;   // outputs recorded
    std::int64_t wrappers = 0;  // wrappers the outputs hold now
    // Counters since the last `cache zero`, in a fixed order (see counter_names()).
    std::vector<std::pair<std::string, std::int64_t>> counters;
    std::int64_t zeroed_at = 0;  // 0: never
    std::optional<LastRun> last_run;
    std::int64_t database_size = 0;  // bytes, the WAL file included
};

// The counters a run record adds to, in the order they are printed.
const std::vector<std::string>& counter_names();

Stats read_stats(Store& store, const std::string& database);
std::int64_t counter(const Stats& stats, std::string_view name);

std::string stats_text(const Stats& stats);
// One "key<TAB>value" line per figure, for scripts; keys are stable.
std::string stats_tab(const Stats& stats);
// Every figure with its stable key, in the order stats_tab prints them.
std::vector<std::pair<std::string, std::int64_t>> stats_figures(const Stats& stats);

// "1.2 MB", decimal units as ccache prints them.
std::string format_size(std::int64_t bytes);
// "1 header", "3 headers": `plural` defaults to `word` + "s".
std::string counted(std::int64_t n, std::string_view word, std::string_view plural = {});

// Local time, "2025-01-31 14:05:09".
std::string format_time(std::int64_t unix_seconds);

}  // namespace cowrap::cache
