// How cowrap spells C types and declarators, and how it finds a parameter's name in its tokens.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

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

// For a token as the grammar reads it: does it start like an identifier?
bool is_identifier(std::string_view text);
// Words that can never be a declarator's name: type keywords, qualifiers, storage classes.
bool is_c_keyword(std::string_view text);
bool is_attribute_keyword(std::string_view text);

// All tokens joined by single spaces: the layout-free text of a declaration.
std::string join_plain(std::span<const Token> tokens);

// The normalised spelling: one space between tokens, none inside brackets or before `,`, `*`
// attached to what follows it ("BlockDriverState *", "char **", "void (*cb)(void *, int)").
std::string join_c(std::span<const Piece> pieces);

// One parameter declaration, from its tokens.
struct ParamText {
    bool ok = false;              // a shape cowrap understands
    std::size_t name = no_index;  // index of the name token, if it has one
    std::string decl;             // as written: "uint8_t buf[16]"
    std::string field_decl;       // arrays and functions adjusted to pointers: "uint8_t *buf"
    std::string type;             // field_decl without any names: "uint8_t *"
};
ParamText analyse_param(std::span<const Token> tokens);

// The normalised parameter types of a parenthesised list `( ... )` (names dropped, `(void)` and
// `()` give none), or nothing when a parameter has a shape cowrap does not understand.
std::optional<std::vector<std::string>> param_types(std::span<const Token> group);

}  // namespace cowrap
