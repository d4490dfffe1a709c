#include "core/parse/spelling.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace cowrap::parse {

namespace {

struct Entry {
    std::string_view word;
    unsigned cls;
};

constexpr unsigned Q = qualifier_word | keyword_word;
constexpr unsigned K = keyword_word;
constexpr unsigned T = tag_word | keyword_word;
constexpr unsigned A = attribute_word;

constexpr std::array<Entry, 41> table = {{
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

constexpr std::size_t max_length = 13;

// A perfect hash of the words above (every word is 3 to 13 bytes): no two share a slot, so a
// lookup is one hash and at most one comparison (it runs for every word of every parameter).
// The constants were searched for offline; the static_assert below proves them.
constexpr std::size_t hash_slots = 128;

constexpr std::size_t slot_of(std::string_view w) {
    return (static_cast<unsigned char>(w[2]) + static_cast<unsigned char>(w[w.size() - 2]) * 17U +
            w.size() * 29U) &
           (hash_slots - 1);
}

// slots[h]: the table index plus one of the word hashing to h, 0 for none.
constexpr std::array<unsigned char, hash_slots> slots = [] {
    std::array<unsigned char, hash_slots> s{};
    for (std::size_t i = 0; i < table.size(); ++i) {
        s[slot_of(table[i].word)] = static_cast<unsigned char>(i + 1);
    }
    return s;
}();

static_assert([] {
    std::size_t used = 0;
    for (const unsigned char x : slots) {
        used += x != 0 ? 1 : 0;
    }
    std::size_t longest = 0;
    for (const Entry& e : table) {
        longest = std::max(longest, e.word.size());
        if (e.word.size() < 3) {
            return false;
        }
    }
    return used == table.size() && longest == max_length;  // no two words in one slot
}());

}  // namespace

unsigned word_class(std::string_view word) {
    // Every keyword starts with a lower-case letter or `_`; type names mostly do not.
    if (word.size() < 3 || word.size() > max_length ||
        !(word[0] == '_' || (word[0] >= 'a' && word[0] <= 'z'))) {
        return plain_word;
    }
    const unsigned char at = slots[slot_of(word)];
    if (at == 0) {
        return plain_word;
    }
    const Entry& e = table[at - 1U];
    return e.word == word ? e.cls : plain_word;
}

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
