// Preprocessor conditionals whose conditions are integer-literal expressions (`#if 0`,
// `#if 0x0`, `#if !1`, `#elif (1)`): evaluated before the grammar runs. A group such a chain
// proves dead is blanked (spaces; line breaks kept, so offsets and lines do not move), and a
// chain decided entirely by literals loses its directive lines too. A condition cowrap cannot
// evaluate (`#ifdef X`, `#if defined(X)`, `#if FOO > 1`) is left for the grammar, which reads
// its groups as live; only the groups that literals prove dead around it are blanked.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace cowrap::parse {

// Past the spaces and block comments at `i` inside a directive line.
std::size_t skip_directive_space(std::string_view text, std::size_t i);

// The value of a `#if` condition made of integer literals, `!`, `~`, unary `-` and `+`,
// `&&`, `||` and parentheses (comments allowed); nothing for anything else.
std::optional<bool> evaluate_condition(std::string_view condition);

// Cheap test: may `text` hold a conditional that literals decide, or a `%:` digraph?
bool may_have_literal_conditionals(std::string_view text);

// Blanks what literal conditions prove dead, in place; true when anything changed. A chain
// without its `#endif` is left alone (the grammar reports an unterminated `#if 0`).
bool blank_dead_groups(std::string& text);

}  // namespace cowrap::parse
