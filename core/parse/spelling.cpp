#include "core/parse/spelling.hpp"

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

// Sorted by length, so that a lookup compares only words of its own length.
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

// first[n]: the index of the first entry of length n (entries of length n end at first[n+1]).
constexpr std::array<std::size_t, max_length + 2> first_of_length = [] {
    std::array<std::size_t, max_length + 2> f{};
    for (std::size_t n = 0; n <= max_length + 1; ++n) {
        std::size_t i = 0;
        while (i < table.size() && table[i].word.size() < n) {
            ++i;
        }
        f[n] = i;
    }
    return f;
}();

static_assert([] {
    for (std::size_t i = 1; i < table.size(); ++i) {
        if (table[i - 1].word.size() > table[i].word.size()) {
            return false;
        }
    }
    return table.back().word.size() == max_length;
}());

}  // namespace

unsigned word_class(std::string_view word) {
    // Every keyword starts with a lower-case letter or `_`; type names mostly do not.
    if (word.size() < 3 || word.size() > max_length ||
        !(word[0] == '_' || (word[0] >= 'a' && word[0] <= 'z'))) {
        return plain_word;
    }
    // Asked several times of every word of a declarator: the first and last bytes rule out
    // nearly every candidate before a comparison.
    const char head = word.front();
    const char tail = word.back();
    for (std::size_t i = first_of_length[word.size()]; i < first_of_length[word.size() + 1]; ++i) {
        const std::string_view w = table[i].word;
        if (w.front() == head && w.back() == tail && w == word) {
            return table[i].cls;
        }
    }
    return plain_word;
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
