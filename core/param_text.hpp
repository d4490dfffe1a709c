// How cowrap spells C types and declarators, and how it finds a parameter's name in its tokens.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/parse/spelling.hpp"
#include "core/text_arena.hpp"

namespace cowrap {

struct Token {
    std::string_view text;
    std::size_t offset = 0;  // byte offset in the source
};

// A token to print; `name` marks a declarator's name, which a parameter list sticks to.
struct Piece {
    std::string_view text;
    bool name = false;
};

inline constexpr std::size_t no_index = static_cast<std::size_t>(-1);

// For a token as the grammar reads it: does it start like an identifier? (Numbers start with a
// digit or '.'.)
inline bool is_identifier(std::string_view text) {
    if (text.empty()) {
        return false;
    }
    const char c = text[0];
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' ||
           static_cast<unsigned char>(c) >= 0x80;
}
// Words that can never be a declarator's name: type keywords, qualifiers, storage classes.
bool is_c_keyword(std::string_view text);
bool is_attribute_keyword(std::string_view text);

// All tokens joined by single spaces, written once into `arena`: the layout-free text of a
// declaration. `within`, the text the tokens view, only makes the copies faster.
std::string_view join_plain(TextArena& arena, std::span<const Token> tokens,
                            std::string_view within = {});

// The normalised spelling: one space between tokens, none inside brackets or before `,`, `*`
// attached to what follows it ("BlockDriverState *", "char **", "void (*cb)(void *, int)").
std::string join_c(std::span<const Piece> pieces);
void join_c_to(std::string& out, std::span<const Piece> pieces);

// One parameter declaration.
struct ParamText {
    bool ok = false;              // a shape cowrap understands
    std::size_t name = no_index;  // index of the name token, if it has one
    std::string decl;             // as written: "uint8_t buf[16]"
    std::string field_decl;       // arrays and functions adjusted to pointers: "uint8_t *buf"
    std::string type;             // field_decl without any names: "uint8_t *"
};
// From its tokens alone, walking them the way the grammar reads a parameter (for ordinary
// prototypes, whose parameter lists the grammar reads as plain groups).
ParamText analyse_param(std::span<const Token> tokens);

// What a run of specifier tokens (identifiers and `*`; attributes skipped) says about a name
// in it. Filled a word at a time, by the walker over tokens and by the grammar's actions while
// they read a wrapper's parameter: `last`/`before_last` are positions of the caller's choosing
// (token indices, source offsets).
struct RunShape {
    std::size_t words = 0;  // identifiers and `*`
    std::size_t last = no_index;
    std::size_t before_last = no_index;
    std::string_view last_text;
    unsigned last_class = 0;  // parse::word_class of last_text (0 for `*`)
    unsigned before_last_class = 0;
    std::size_t type_words = 0;  // identifiers that are not qualifiers
    // C allows one type name (a typedef name or a struct tag), or type keywords, not both:
    // `int a int b` is no parameter.
    std::size_t type_names = 0;     // identifiers that are not keywords, the name included
    std::size_t type_keywords = 0;  // int, unsigned, void, ...
    bool last_is_type_name = false;

    // Inline, with its one keyword look-up: the parser calls this for every specifier of every
    // parameter.
    void add(std::string_view w, std::size_t position) {
        const bool identifier = is_identifier(w);
        const unsigned cls = identifier ? parse::word_class(w) : 0;
        const bool tag = last != no_index && (last_class & parse::tag_word) != 0;
        ++words;
        before_last = last;
        before_last_class = last_class;
        last = position;
        last_text = w;
        last_class = cls;
        last_is_type_name = false;
        if (identifier && (cls & parse::qualifier_word) == 0) {
            ++type_words;
            if (tag || (cls & parse::keyword_word) == 0) {
                ++type_names;
                last_is_type_name = !tag;
            } else if ((cls & parse::tag_word) == 0) {
                ++type_keywords;
            }
        }
    }
    // Type names other than the declarator's name.
    std::size_t other_type_names(std::size_t name) const {
        return type_names - (name != no_index && name == last && last_is_type_name ? 1 : 0);
    }
    bool plausible(std::size_t name) const {
        std::size_t n = other_type_names(name);
        return n <= 1 && !(n == 1 && type_keywords > 0);
    }
    // The name at the end of the specifiers of a parameter: `unsigned x`, `struct S *p`, but
    // not `size_t`, `struct S` or `const T`, which are unnamed. Its position, or no_index.
    std::size_t outer_name() const;
};

// A parameter that is specifiers only (no parenthesised declarator, no suffix), as the grammar
// read it: the positions in `shape` are the tokens' offsets. The same as analyse_param gives
// for such tokens, without walking them again. Into `out`, whose buffers are reused.
void simple_param(std::span<const Token> tokens, const RunShape& shape, ParamText& out);

// A parameter with a parenthesised declarator or suffixes, whose shape the grammar's actions
// judged good while reading it: its name's offset (or no_index) and those of its nested
// parameters' names (core/parse/builder.cpp). The same as analyse_param gives for its tokens,
// without walking them again.
void declarator_param(std::span<const Token> tokens, std::size_t name,
                      std::span<const std::size_t> nested_names, ParamText& out);

// The normalised parameter types of a parenthesised list `( ... )` (names dropped, `(void)` and
// `()` give none), or nothing when a parameter has a shape cowrap does not understand.
std::optional<std::vector<std::string>> param_types(std::span<const Token> group);

}  // namespace cowrap
