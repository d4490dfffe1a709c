// How C spells what cowrap must recognise among identifiers: keywords, qualifiers, tags and
// attributes; and digraphs in their usual spelling. One small table, looked up by a perfect hash.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace cowrap::parse {

enum WordClass : unsigned {
    plain_word = 0,
    qualifier_word = 1u << 0,  // const, volatile, restrict, _Atomic, register, auto, ...
    keyword_word = 1u << 1,    // any keyword: type keywords, storage classes, qualifiers, tags
    tag_word = 1u << 2,        // struct, union, enum
    attribute_word = 1u << 3,  // __attribute__, __attribute
};

namespace detail {

struct WordEntry {
    std::string_view word;  // empty in a free slot
    unsigned cls = plain_word;
};

inline constexpr std::size_t min_word_length = 3;
inline constexpr std::size_t max_word_length = 13;
inline constexpr std::size_t word_slot_count = 128;

// A perfect hash of the words (core/parse/spelling.cpp proves it) for a word of 3 to 13 bytes.
constexpr std::size_t word_slot(std::string_view w) {
    return (static_cast<unsigned char>(w[2]) + static_cast<unsigned char>(w[w.size() - 2]) * 17U +
            w.size() * 29U) &
           (word_slot_count - 1);
}

// The words, each in its slot.
extern const std::array<WordEntry, word_slot_count> word_slots;

}  // namespace detail

// The classes of an identifier (a bit set of WordClass); plain_word for any other word.
// Inline: asked of every word of every parameter the parser reads.
inline unsigned word_class(std::string_view word) {
    // Every keyword starts with a lower-case letter or `_`; type names mostly do not.
    if (word.size() < detail::min_word_length || word.size() > detail::max_word_length ||
        !(word[0] == '_' || (word[0] >= 'a' && word[0] <= 'z'))) {
        return plain_word;
    }
    const detail::WordEntry& e = detail::word_slots[detail::word_slot(word)];
    return e.word == word ? e.cls : plain_word;
}

// The usual spelling of a token that may be a digraph (two or four bytes, starting with `<`,
// `:` or `%`).
std::string_view digraph_table_spelling(std::string_view token);

// `<:` -> `[`, `:>` -> `]`, `<%` -> `{`, `%>` -> `}`, `%:` -> `#`, `%:%:` -> `##`; any other
// token as it is (C11 6.4.6p3: a digraph behaves as the token it spells). Inline: asked of
// every token the parser records, and nearly all are ruled out by their size or first byte.
inline std::string_view digraph_spelling(std::string_view token) {
    if ((token.size() != 2 && token.size() != 4) ||
        (token[0] != '<' && token[0] != ':' && token[0] != '%')) {
        return token;
    }
    return digraph_table_spelling(token);
}

}  // namespace cowrap::parse
