// How C spells what cowrap must recognise among identifiers: keywords, qualifiers, tags and
// attributes; and digraphs in their usual spelling. One small table, looked up by length.
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

// `<:` -> `[`, `:>` -> `]`, `<%` -> `{`, `%>` -> `}`, `%:` -> `#`, `%:%:` -> `##`; any other
// token as it is (C11 6.4.6p3: a digraph behaves as the token it spells).
std::string_view digraph_spelling(std::string_view token);

}  // namespace cowrap::parse
