#include "core/parse/spelling.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <utility>

namespace cowrap::parse {

namespace {

constexpr unsigned Q = qualifier_word | keyword_word;
constexpr unsigned K = keyword_word;
constexpr unsigned T = tag_word | keyword_word;
constexpr unsigned A = attribute_word;

constexpr std::array<detail::WordEntry, 41> table = {{
    {"int", K},           {"auto", Q},         {"void", K},         {"char", K},
    {"long", K},          {"bool", K},         {"enum", T},         {"const", Q},
    {"short", K},         {"float", K},        {"_Bool", K},        {"union", T},
    {"double", K},        {"signed", K},       {"struct", T},       {"static", K},
    {"extern", K},        {"inline", K},       {"_Atomic", Q},      {"__const", Q},
    {"typedef", K},       {"register", Q},     {"volatile", Q},     {"restrict", Q},
    {"unsigned", K},      {"_Complex", K},     {"__int128", K},     {"__inline", K},
    {"__const__", Q},     {"_Noreturn", K},    {"_Float128", K},    {"__label__", K},
    {"__restrict", Q},    {"__volatile", Q},   {"__signed__", K},   {"__inline__", K},
    {"__attribute", A},   {"__restrict__", Q}, {"__volatile__", Q}, {"__extension__", K},
    {"__attribute__", A},
}};

constexpr std::array<detail::WordEntry, detail::word_slot_count> build_slots() {
    std::array<detail::WordEntry, detail::word_slot_count> s{};
    for (const detail::WordEntry& e : table) {
        s[detail::word_slot(e.word)] = e;
    }
    return s;
}

}  // namespace

// Every word in a slot of its own, so that a lookup is one hash and at most one comparison:
// the constants of detail::word_slot were searched for offline, and this proves them.
constexpr std::array<detail::WordEntry, detail::word_slot_count> detail::word_slots = build_slots();

static_assert([] {
    std::size_t used = 0;
    for (const detail::WordEntry& e : detail::word_slots) {
        used += e.word.empty() ? 0 : 1;
    }
    std::size_t longest = 0;
    for (const detail::WordEntry& e : table) {
        longest = std::max(longest, e.word.size());
        if (e.word.size() < detail::min_word_length) {
            return false;
        }
    }
    return used == table.size() && longest == detail::max_word_length;  // no two in one slot
}());

std::string_view digraph_table_spelling(std::string_view token) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 6> digraphs = {
        {{"<:", "["}, {":>", "]"}, {"<%", "{"}, {"%>", "}"}, {"%:", "#"}, {"%:%:", "##"}}};
    for (const auto& [digraph, usual] : digraphs) {
        if (token == digraph) {
            return usual;
        }
    }
    return token;
}

}  // namespace cowrap::parse
