// The cache's figures and records as the objects of cowrap's JSON contract (docs/json.md):
// the same key for the same thing in every command, every path absolute.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "cache/listing.hpp"
#include "cache/stats.hpp"
#include "cache/verify.hpp"
#include "cache/why.hpp"

namespace cowrap::cache {

// wrapper, target, kind, mark, flags, header, line, dialect, output.
nlohmann::ordered_json wrapper_json(const WrapperEntry& w);
nlohmann::ordered_json wrappers_json(const std::vector<WrapperEntry>& wrappers);
// wrapper_json plus "code" (null when it cannot be shown) and "damaged".
nlohmann::ordered_json shown_json(const std::vector<ShownWrapper>& found);
// "database" and every figure of stats_figures().
nlohmann::ordered_json stats_json(const Stats& stats);
nlohmann::ordered_json history_json(const OutputHistory& history);
nlohmann::ordered_json verify_json(const VerifyReport& report);

}  // namespace cowrap::cache
