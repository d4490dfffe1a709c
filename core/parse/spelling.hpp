// How C spells what cowrap must recognise among identifiers: keywords, qualifiers, tags and
// attributes; and digraphs in their usual spelling. One small table, looked up by a perfect hash.
#pragma once

#include <string_view>

namespace cowrap::parse {

enum WordClass : unsigned {
    plain_word = 0,
    qualifier_word = 1u << 0,  // const, volatile, restrict, _Atomic, register, auto, ...
    keyword_word = 1u << 1,    // any keyword: type keywords, storage classes, qualifiers, tags
    tag_word = 1u << 2,        // struct, union, enum
    attribute_word = 1u << 3,  // __attribute__, __attribute
};

// The classes of an identifier (a bit set of WordClass); plain_word for any other word.
unsigned word_class(std::string_view word);

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
