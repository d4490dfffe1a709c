// "Did you mean ...?" for a mistyped name on the command line (a subcommand, an option).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cowrap::cli {

// The number of single-character insertions, deletions, substitutions and swaps of two
// neighbours that turn `a` into `b` (optimal string alignment distance).
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `typed` when it is at most `max_distance` edits away and not equal
// to it; the first one in the list on a tie; nullopt when none is close enough.
std::optional<std::string> closest_match(std::string_view typed,
                                         const std::vector<std::string>& candidates,
                                         std::size_t max_distance = 2);

}  // namespace cowrap::cli
