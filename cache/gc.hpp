// `cache gc` and `cache clear`: forgetting what no longer exists, or everything.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cache/sqlite.hpp"

namespace cowrap::cache {

struct GcResult {
    std::int64_t headers = 0;
    std::int64_t outputs = 0;
    std::int64_t wrappers = 0;  // wrappers the dropped outputs held
    std::int64_t runs = 0;
};

// Drops headers and outputs that no longer exist (with what the outputs held and their runs),
// and with `older_than` (seconds) also everything not used for that long. Looks at the files first,
// then deletes in one short transaction.
GcResult collect_garbage(Database& db, std::optional<std::int64_t> older_than, std::int64_t now);

// "30d", "12h", "90m", "45s", "2w"; a bare number means days. nullopt when malformed.
// Longer ages are refused: nothing in a cache is older, and larger values overflow the time
// arithmetic (the cut-off is now minus the age).
inline constexpr std::int64_t max_age_seconds = std::int64_t{100} * 366 * 86400;

std::optional<std::int64_t> parse_age(std::string_view age);

std::string gc_text(const GcResult& result);

// Empties every table (the schema stays) and gives the space back.
void clear_cache(Database& db);

}  // namespace cowrap::cache
