// `cache gc`: its --older-than and what it prints (Store::gc forgets, cache/store.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cache/store.hpp"

namespace cowrap::cache {

// "30d", "12h", "90m", "45s", "2w"; a bare number means days. nullopt when malformed.
// Longer ages are refused: nothing in a cache is older, and larger values overflow the time
// arithmetic (the cut-off is now minus the age).
inline constexpr std::int64_t max_age_seconds = std::int64_t{100} * 366 * 86400;

std::optional<std::int64_t> parse_age(std::string_view age);

std::string gc_text(const GcResult& result);

}  // namespace cowrap::cache
