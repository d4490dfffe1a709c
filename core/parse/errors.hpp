// The messages of the grammar's must<> and raise<> rules (PEGTL's must_if control).
#pragma once

#include "core/parse/grammar.hpp"

namespace cowrap::grammar {

template <typename Rule>
inline constexpr const char* error_message = nullptr;

// clang-format off
template <> inline constexpr const char* error_message<invalid_utf8> = "invalid UTF-8 byte in the code (outside comments and literals)";
template <> inline constexpr const char* error_message<unterminated_comment> = "unterminated comment: '/*' without '*/'";
template <> inline constexpr const char* error_message<unterminated_string> = "unterminated string literal";
template <> inline constexpr const char* error_message<unterminated_char> = "unterminated character literal";
template <> inline constexpr const char* error_message<unterminated_if_zero> = "'#if 0' without its '#endif'";
template <> inline constexpr const char* error_message<unbalanced_paren> = "unbalanced '(': no matching ')'";
template <> inline constexpr const char* error_message<unbalanced_bracket> = "unbalanced '[': no matching ']'";
template <> inline constexpr const char* error_message<unbalanced_brace> = "unbalanced '{': no matching '}'";
template <> inline constexpr const char* error_message<stray_paren> = "unbalanced ')': no '(' before it";
template <> inline constexpr const char* error_message<stray_bracket> = "unbalanced ']': no '[' before it";
template <> inline constexpr const char* error_message<stray_brace> = "unbalanced '}': no '{' before it";
template <> inline constexpr const char* error_message<wrapper_params> = "expected '(' after the function name: a mark can only be used on a function prototype";
template <> inline constexpr const char* error_message<params_close> = "expected ',' or ')' after the parameter";
template <> inline constexpr const char* error_message<missing_param> = "expected a parameter before ')'";
template <> inline constexpr const char* error_message<param_end> = "unsupported parameter syntax: expected ',' or ')' after the parameter";
template <> inline constexpr const char* error_message<unsupported_param> = "unsupported parameter syntax: cowrap understands 'type name', pointers, arrays and function pointers";
template <> inline constexpr const char* error_message<wrapper_end> = "expected ';' after the prototype";
// clang-format on

struct errors {
    template <typename Rule>
    static constexpr const char* message = error_message<Rule>;
};

}  // namespace cowrap::grammar
