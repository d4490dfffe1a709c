// The C grammar cowrap needs, as PEGTL rules only (error messages in errors.hpp, the parser's
// control in control.hpp, the actions in core/parse.cpp).
//
// Lexical layer: whitespace, comments, string and character literals, preprocessor lines and
// `#if 0` blocks, read after C's translation phase 2 and the literal conditionals
// (core/parse/splices.hpp, core/parse/conditionals.hpp); digraphs are read as what they spell.
// Every token rule swallows the whitespace, comments and directives after it, so between two rules
// the input always stands on the first byte of a real token.
//
// Declaration layer: at file scope the input is a sequence of items; a "run" of specifier
// tokens (identifiers, `*`, `__attribute__((...))`) that contains a mark is a wrapper
// declaration, any other run is at most an ordinary prototype, and everything else is a
// balanced group or a single token. A run is consumed in one go, so nothing is rescanned.
#pragma once

#include <array>
#include <cstddef>
#include <cstring>
#include <string_view>
#include <type_traits>

#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze_traits.hpp>

namespace cowrap::grammar {

namespace pegtl = tao::pegtl;

using pegtl::any;
using pegtl::at;
using pegtl::eof;
using pegtl::list;
using pegtl::must;
using pegtl::not_at;
using pegtl::not_one;
using pegtl::one;
using pegtl::opt;
using pegtl::plus;
using pegtl::raise;
using pegtl::ranges;
using pegtl::seq;
using pegtl::sor;
using pegtl::star;
using pegtl::success;
using pegtl::two;
using pegtl::until;

// Tag for the rules that recurse: the parser's control bounds how deep they may nest, so that
// 100,000 nested parentheses give an error instead of a stack overflow.
struct nesting {};
template <typename Rule>
inline constexpr bool is_nesting = std::is_base_of_v<nesting, Rule>;

// ---------------------------------------------------------------------------------------------
// Characters
// ---------------------------------------------------------------------------------------------

struct bom : pegtl::string<'\xEF', '\xBB', '\xBF'> {};
struct newline : sor<pegtl::string<'\r', '\n'>, one<'\n', '\r'>> {};
struct horizontal_space : one<' ', '\t', '\f', '\v'> {};
struct whitespace : plus<one<' ', '\t', '\f', '\v', '\n', '\r'>> {};

// GCC accepts `$` and UTF-8 in identifiers; so do we. A byte that does not start a well-formed
// UTF-8 sequence (Unicode table 3-7) is an error located on it, as GCC's "stray" error is.
struct invalid_utf8 {};
struct utf8_tail : ranges<'\x80', '\xBF'> {};
struct utf8_sequence : sor<seq<ranges<'\xC2', '\xDF'>, utf8_tail>,
                           seq<one<'\xE0'>, ranges<'\xA0', '\xBF'>, utf8_tail>,
                           seq<ranges<'\xE1', '\xEC', '\xEE', '\xEF'>, utf8_tail, utf8_tail>,
                           seq<one<'\xED'>, ranges<'\x80', '\x9F'>, utf8_tail>,
                           seq<one<'\xF0'>, ranges<'\x90', '\xBF'>, utf8_tail, utf8_tail>,
                           seq<ranges<'\xF1', '\xF3'>, utf8_tail, utf8_tail, utf8_tail>,
                           seq<one<'\xF4'>, ranges<'\x80', '\x8F'>, utf8_tail, utf8_tail>> {};
struct ident_utf8 : seq<at<ranges<'\x80', '\xFF'>>, sor<utf8_sequence, raise<invalid_utf8>>> {};
struct ident_first : sor<ranges<'a', 'z', 'A', 'Z', '_', '_', '$', '$'>, ident_utf8> {};
struct ident_other : sor<ranges<'a', 'z', 'A', 'Z', '0', '9', '_', '_', '$', '$'>, ident_utf8> {};
// The bytes an identifier continues with, ASCII only (UTF-8 goes through ident_utf8).
inline constexpr std::array<bool, 256> ascii_ident_other = [] {
    std::array<bool, 256> t{};
    for (int c = 0; c < 256; ++c) {
        t[static_cast<std::size_t>(c)] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                                         (c >= '0' && c <= '9') || c == '_' || c == '$';
    }
    return t;
}();
inline bool is_ascii_ident_other(char c) {
    return ascii_ident_other[static_cast<unsigned char>(c)];
}
// star<ident_other>, with the ASCII bytes read in one loop: identifiers are most of a header
// and the generic rule costs several calls per byte. (Derived from the generic rule so that
// pegtl::analyze sees what it matches.)
struct ident_rest : star<ident_other> {
    template <pegtl::apply_mode A, pegtl::rewind_mode M, template <typename...> class Action,
              template <typename...> class Control, typename ParseInput, typename... States>
    [[nodiscard]] static bool match(ParseInput& in, States&&... st) {
        while (true) {
            const char* p = in.current();
            const char* const end = in.end();
            while (p != end && is_ascii_ident_other(*p)) {
                ++p;
            }
            in.bump_in_this_line(static_cast<std::size_t>(p - in.current()));
            if (p == end || static_cast<unsigned char>(*p) < 0x80) {
                return true;
            }
            // A well-formed sequence goes on; a malformed one raises invalid_utf8 on it.
            if (!Control<ident_utf8>::template match<A, M, Action, Control>(in, st...)) {
                return true;
            }
        }
    }
};
struct ident_word : seq<ident_first, ident_rest> {};
template <typename Str>
struct kw : seq<Str, not_at<ident_other>> {};

// Any identifier that starts like a mark is a mark or an error; parse.cpp tells which.
// (The first byte is checked alone first: this is tried at every identifier.)
// How long the mark prefix at p is (0 for none): the one list of the words a mark starts
// with, read by mark_prefix and by the fast paths (core/parse/fast_paths.hpp).
inline std::size_t mark_prefix_length(const char* p, const char* end) noexcept {
    std::string_view word;
    switch (p == end ? '\0' : *p) {
        case 'c':
            word = "co_wrapper";
            break;
        case 'n':
            word = "no_co_wrapper";
            break;
        case 'g':
            word = "generated_co_wrapper";
            break;
        default:
            return 0;
    }
    return static_cast<std::size_t>(end - p) >= word.size() &&
                   std::memcmp(p, word.data(), word.size()) == 0
               ? word.size()
               : 0;
}
struct mark_prefix : seq<at<one<'c', 'n', 'g'>>,
                         sor<TAO_PEGTL_STRING("co_wrapper"), TAO_PEGTL_STRING("no_co_wrapper"),
                             TAO_PEGTL_STRING("generated_co_wrapper")>> {
    template <typename ParseInput>
    [[nodiscard]] static bool match(ParseInput& in) noexcept {
        const std::size_t n = mark_prefix_length(in.current(), in.end());
        if (n == 0) {
            return false;
        }
        in.bump_in_this_line(n);
        return true;
    }
};
struct mark_word : seq<mark_prefix, star<ident_other>> {};

// ---------------------------------------------------------------------------------------------
// Comments and literals
// ---------------------------------------------------------------------------------------------

struct unterminated_comment {};
struct unterminated_string {};
struct unterminated_char {};

// Line splices were joined before the grammar runs (core/parse/splices.hpp): a backslash
// before a line break here is not a splice (`\\` + newline leaves one backslash) and ends
// nothing.
// Comments are skipped with memchr (the generic rules cost several calls per byte, and doc
// comments are a good part of a header). Derived from the generic rules so that
// pegtl::analyze sees what they match.

// Given p just after `//`: where the comment ends (before the line break, or at the end).
inline const char* line_comment_end(const char* p, const char* end) {
    const void* lf = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
    const char* stop = lf != nullptr ? static_cast<const char*>(lf) : end;
    // A lone CR ends the line too (rare: only searched up to the LF).
    const void* cr = std::memchr(p, '\r', static_cast<std::size_t>(stop - p));
    return cr != nullptr ? static_cast<const char*>(cr) : stop;
}
// Given p just after `/*`: just after the first `*/` ("/*/" does not close), or nullptr.
inline const char* block_comment_end(const char* p, const char* end) {
    while (true) {
        const void* star = std::memchr(p, '*', static_cast<std::size_t>(end - p));
        if (star == nullptr) {
            return nullptr;
        }
        p = static_cast<const char*>(star) + 1;
        if (p != end && *p == '/') {
            return p + 1;
        }
    }
}

struct line_comment : seq<two<'/'>, star<not_one<'\r', '\n'>>> {
    template <typename ParseInput>
    [[nodiscard]] static bool match(ParseInput& in) noexcept {
        const char* const begin = in.current();
        const char* const end = in.end();
        if (end - begin < 2 || begin[0] != '/' || begin[1] != '/') {
            return false;
        }
        in.bump_in_this_line(static_cast<std::size_t>(line_comment_end(begin + 2, end) - begin));
        return true;
    }
};
struct block_comment_open : pegtl::string<'/', '*'> {};
struct block_comment_body : seq<block_comment_open, until<pegtl::string<'*', '/'>>> {
    template <typename ParseInput>
    [[nodiscard]] static bool match(ParseInput& in) noexcept {
        const char* const begin = in.current();
        const char* const end = in.end();
        if (end - begin < 2 || begin[0] != '/' || begin[1] != '*') {
            return false;
        }
        const char* const after = block_comment_end(begin + 2, end);
        if (after == nullptr) {
            return false;  // unterminated: nothing consumed
        }
        in.bump(static_cast<std::size_t>(after - begin));  // counts lines when eager
        return true;
    }
};
struct block_comment
    : sor<block_comment_body, seq<at<block_comment_open>, raise<unterminated_comment>>> {};
struct comment : sor<line_comment, block_comment> {};

// One character of a literal: an escape or any character but the quote and a line break.
template <char Quote>
struct quoted_char : sor<seq<one<'\\'>, not_one<'\r', '\n'>>, not_one<Quote, '\\', '\r', '\n'>> {};
template <char Quote>
struct quoted : seq<one<Quote>, star<quoted_char<Quote>>, one<Quote>> {};

struct string_literal : sor<quoted<'"'>, seq<at<one<'"'>>, raise<unterminated_string>>> {};
struct char_literal : sor<quoted<'\''>, seq<at<one<'\''>>, raise<unterminated_char>>> {};

// In directives and skipped blocks a quote may be unbalanced (`#error don't`): it runs to the
// end of the line at most, as in GCC.
template <char Quote>
struct loose_quoted : seq<one<Quote>, star<quoted_char<Quote>>, opt<one<Quote>>> {};
struct loose_literal : sor<loose_quoted<'"'>, loose_quoted<'\''>> {};

// ---------------------------------------------------------------------------------------------
// Preprocessor lines and `#if 0` blocks
// ---------------------------------------------------------------------------------------------

struct unterminated_if_zero {};

// The rest of a directive: up to the line break that is not escaped and not inside a comment.
struct directive_char : sor<comment, loose_literal, not_one<'\r', '\n'>> {};
struct directive_rest : star<directive_char> {};
// Between `#` and the directive name, and around `#if`'s condition.
struct directive_space : star<sor<horizontal_space, block_comment>> {};

// `#`, or its digraph `%:`.
struct hash_sign : sor<one<'#'>, pegtl::string<'%', ':'>> {};

template <typename... Names>
struct directive_start : seq<hash_sign, directive_space, sor<kw<Names>...>> {};
struct open_start : directive_start<TAO_PEGTL_STRING("ifdef"), TAO_PEGTL_STRING("ifndef"),
                                    TAO_PEGTL_STRING("if")> {};
struct else_start : directive_start<TAO_PEGTL_STRING("elifdef"), TAO_PEGTL_STRING("elifndef"),
                                    TAO_PEGTL_STRING("elif"), TAO_PEGTL_STRING("else")> {};
struct endif_start : directive_start<TAO_PEGTL_STRING("endif")> {};

struct open_directive : seq<open_start, directive_rest> {};
struct endif_directive : seq<endif_start, directive_rest> {};
struct skipped_directive : seq<hash_sign, directive_rest> {};

// `#if 0` and `#if (0)`, nothing else on the line but comments.
struct zero_condition
    : sor<seq<one<'0'>, not_at<ident_other>>, seq<one<'('>, directive_space, one<'0'>,
                                                  not_at<ident_other>, directive_space, one<')'>>> {
};
struct if_zero_line : seq<directive_start<TAO_PEGTL_STRING("if")>, directive_space, zero_condition,
                          directive_space, opt<line_comment>, at<sor<newline, eof>>> {};

// Text of a skipped group: comments are still comments there (a `#endif` inside one does not
// count), quotes are loose, any other `#` starts a directive.
struct skipped_text : sor<plus<not_one<'#', '%', '/', '"', '\''>>, comment, loose_literal, one<'/'>,
                          seq<one<'%'>, not_at<one<':'>>>> {};
struct skipped_conditional;
struct skipped_nested_item : sor<skipped_text, skipped_conditional,
                                 seq<not_at<sor<endif_start, open_start>>, skipped_directive>> {};
struct skipped_conditional : seq<open_directive, star<skipped_nested_item>, endif_directive>,
                             nesting {};
struct skipped_item
    : sor<skipped_text, skipped_conditional,
          seq<not_at<sor<endif_start, else_start, open_start>>, skipped_directive>> {};

// The block ends at its `#endif`, or just before a depth-0 `#else`/`#elif`, whose branch is
// live and is read as ordinary input.
struct if_zero_body : seq<if_zero_line, star<skipped_item>, sor<at<else_start>, endif_directive>> {
};
struct if_zero_block : sor<if_zero_body, seq<at<if_zero_line>, raise<unterminated_if_zero>>> {};

// Any other directive, including `#define`: not code.
struct live_directive : seq<hash_sign, directive_rest> {};

// Layout bytes, skipped in one loop: the separator runs after every token.
struct blank_run : star<one<' ', '\t', '\f', '\v', '\n', '\r'>> {
    template <typename ParseInput>
    [[nodiscard]] static bool match(ParseInput& in) noexcept {
        const char* p = in.current();
        const char* const end = in.end();
        // ' ' and '\t' '\n' '\v' '\f' '\r' (9 to 13): two compares per byte.
        while (p != end && (*p == ' ' || static_cast<unsigned char>(*p - '\t') <= 4)) {
            ++p;
        }
        in.bump(static_cast<std::size_t>(p - in.current()));  // counts lines when eager
        return true;
    }
};
// Everything between two tokens: layout, then comments and directives (each followed by
// layout). The first byte decides quickly whether one of those is there.
struct separator_first : one<'/', '#', '%'> {};
struct separator
    : seq<blank_run,
          star<at<separator_first>, sor<comment, if_zero_block, live_directive>, blank_run>> {};

// ---------------------------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------------------------

struct pp_number
    : seq<opt<one<'.'>>, ranges<'0', '9'>,
          star<sor<seq<one<'e', 'E', 'p', 'P'>, one<'+', '-'>>, ident_other, one<'.'>>>> {};

// Single-character punctuators that start no longer one come first: they are most of them.
struct punctuator
    : sor<one<'(', ')', '[', ']', '{', '}', ',', ';', '?', '~', '@', '`'>,
          seq<one<'*'>, opt<one<'='>>>, pegtl::string<'.', '.', '.'>,
          // Digraphs: parse.cpp records them in their usual spelling.
          pegtl::string<'%', ':', '%', ':'>, pegtl::string<'%', ':'>, pegtl::string<'<', ':'>,
          pegtl::string<':', '>'>, pegtl::string<'<', '%'>, pegtl::string<'%', '>'>,
          pegtl::string<'<', '<', '='>, pegtl::string<'>', '>', '='>, pegtl::string<'-', '>'>,
          pegtl::string<'+', '+'>, pegtl::string<'-', '-'>, pegtl::string<'<', '<'>,
          pegtl::string<'>', '>'>, pegtl::string<'<', '='>, pegtl::string<'>', '='>,
          pegtl::string<'=', '='>, pegtl::string<'!', '='>, pegtl::string<'&', '&'>,
          pegtl::string<'|', '|'>, pegtl::string<'#', '#'>,
          seq<one<'/', '%', '+', '-', '&', '^', '|'>, one<'='>>, any> {};

// One C token, for re-reading a range that the grammar has already accepted.
struct raw_token : sor<ident_word, pp_number, string_literal, char_literal, punctuator> {};

// The token itself (parse.cpp collects these while it reads a declaration), then what follows.
template <typename Rule>
struct lexeme : seq<Rule> {};
template <typename Rule>
struct token : seq<lexeme<Rule>, separator> {};

struct lparen : token<one<'('>> {};
struct rparen : token<one<')'>> {};
// `[` `]` `{` `}` or their digraphs `<:` `:>` `<%` `%>`.
struct open_bracket : sor<one<'['>, pegtl::string<'<', ':'>> {};
struct close_bracket : sor<one<']'>, pegtl::string<':', '>'>> {};
struct open_brace : sor<one<'{'>, pegtl::string<'<', '%'>> {};
struct close_brace : sor<one<'}'>, pegtl::string<'%', '>'>> {};
struct lbracket : token<open_bracket> {};
struct rbracket : token<close_bracket> {};
struct lbrace : token<open_brace> {};
struct rbrace : token<close_brace> {};
struct semicolon : token<one<';'>> {};
struct comma : token<one<','>> {};
struct star_token : token<seq<one<'*'>, not_at<one<'='>>>> {};
struct ellipsis : token<pegtl::string<'.', '.', '.'>> {};
struct void_keyword : token<kw<TAO_PEGTL_STRING("void")>> {};

struct identifier : token<ident_word> {};
struct plain_identifier : token<seq<not_at<mark_word>, ident_word>> {};
// A mark where no mark may stand (in a group, a parameter, after the parameter list).
// (Tried at every identifier of a group or parameter: the first byte rules most out before
// the token machinery starts.)
struct misplaced_mark : seq<at<one<'c', 'n', 'g'>>, token<mark_word>> {};

struct opener : sor<one<'('>, open_bracket, open_brace> {};
struct closer : sor<one<')'>, close_bracket, close_brace> {};
struct other_token : token<seq<not_at<sor<opener, closer>>, raw_token>> {};

// ---------------------------------------------------------------------------------------------
// Balanced groups
// ---------------------------------------------------------------------------------------------

struct unbalanced_paren {};
struct unbalanced_bracket {};
struct unbalanced_brace {};

struct paren_group;
struct bracket_group;
struct brace_group;
// The bytes a group can open with (`<` for the digraphs `<:` and `<%`): the groups, which
// are nesting rules with a depth guard, are tried only there.
struct group_first : one<'(', '[', '{', '<'> {};
struct group : sor<paren_group, bracket_group, brace_group> {};
// Identifiers, `,` and `*` (most of a parameter list) are read as what they are before the
// generic token, which first rules out the six brackets.
struct group_item
    : sor<seq<at<group_first>, group>, misplaced_mark, identifier, comma, star_token, other_token> {
};

// On failure the group rewinds to its opener and reports it there: that is the one not closed.
struct paren_group
    : sor<seq<lparen, star<group_item>, rparen>, seq<at<one<'('>>, raise<unbalanced_paren>>>,
      nesting {};
struct bracket_group : sor<seq<lbracket, star<group_item>, rbracket>,
                           seq<at<open_bracket>, raise<unbalanced_bracket>>>,
                       nesting {};
struct brace_group
    : sor<seq<lbrace, star<group_item>, rbrace>, seq<at<open_brace>, raise<unbalanced_brace>>>,
      nesting {};

struct attribute_keyword
    : seq<at<one<'_'>>,
          sor<kw<TAO_PEGTL_STRING("__attribute__")>, kw<TAO_PEGTL_STRING("__attribute")>>> {};
struct attribute : seq<at<one<'_'>>, token<attribute_keyword>, paren_group> {};

// ---------------------------------------------------------------------------------------------
// Parameter declarations: `specifiers declarator`, the declarator being pointers, a name or a
// parenthesised declarator (`(*cb)`), then array and function suffixes.
// ---------------------------------------------------------------------------------------------

struct param_word : sor<misplaced_mark, plain_identifier> {};
// The specifiers of a nested parameter or of a parenthesised declarator: the actions note their
// shape as they go (core/param_text.hpp's RunShape), a frame per nesting level.
struct declarator_word : param_word {};
struct declarator_star : star_token {};
struct specifier_token : sor<attribute, declarator_word, declarator_star> {};
struct param_specifiers : plus<specifier_token> {};
// Where a nested parameter and the inside of a parenthesised declarator start (a frame opens).
struct nested_param_begin : success {};
struct declarator_inside_begin : success {};

struct declarator_suffix;
struct paren_declarator;
// A parenthesised declarator starts with `(*` (or `((`); any other `(` is a function suffix.
// Once one starts, it must close: read again as a function suffix it would be no valid
// parameter list, and trying both at every level of `(*(*(*...` that does not close took
// time exponential in the depth.
struct paren_declarator_ahead : at<lparen, sor<star_token, one<'('>>> {};
struct maybe_paren_declarator
    : pegtl::if_then_else<paren_declarator_ahead, paren_declarator, success> {};
struct declarator_inside
    : seq<star<specifier_token>, maybe_paren_declarator, star<declarator_suffix>> {};
struct paren_declarator : seq<lparen, declarator_inside_begin, declarator_inside, rparen>,
                          nesting {};

struct param_declaration
    : seq<nested_param_begin, param_specifiers, maybe_paren_declarator, star<declarator_suffix>> {};
// Inside a function-pointer type the parameters need no names and may be variadic.
struct nested_param : sor<ellipsis, param_declaration> {};
struct void_params : seq<void_keyword, at<one<')'>>> {};
struct function_suffix
    : seq<lparen, sor<void_params, at<one<')'>>, list<nested_param, comma>>, rparen>,
      nesting {};
struct declarator_suffix : sor<bracket_group, function_suffix> {};

// ---------------------------------------------------------------------------------------------
// Wrapper declarations
// ---------------------------------------------------------------------------------------------

struct missing_param {};
struct unsupported_param {};

// Marks the start of an attempt; parse.cpp notes where it began.
struct decl_start : success {};
struct decl_specifier : sor<attribute, plain_identifier, star_token> {};
struct decl_mark_word : mark_word {};
struct decl_mark : token<decl_mark_word> {};
// After the mark: the rest of the specifiers and the name; a second mark is an error.
struct post_specifier : sor<attribute, identifier, star_token> {};
// Checks done by actions (that may reject): the run starts a declaration; the run ends in a
// name.
struct boundary_check : success {};
struct name_check : success {};

struct param_end : at<sor<one<','>, one<')'>>> {};
struct variadic_param : ellipsis {};
// A wrapper's parameter reads like param_declaration, its own specifiers told apart so that
// the actions can note their shape as they go (core/param_text.hpp's RunShape).
struct wrapper_param_attribute : attribute {};
struct wrapper_param_word : param_word {};
struct wrapper_param_star : star_token {};
struct wrapper_param_specifier
    : sor<wrapper_param_attribute, wrapper_param_word, wrapper_param_star> {};
struct wrapper_param_specifiers : plus<wrapper_param_specifier> {};
using wrapper_param_rules =
    seq<wrapper_param_specifiers, maybe_paren_declarator, star<declarator_suffix>>;
// A parameter that is words and `*` only (nearly all) is read in one loop that does what the
// actions of these rules would (core/parse/fast_paths.hpp); any other by the rules.
struct wrapper_param_declaration : wrapper_param_rules {
    template <pegtl::apply_mode A, pegtl::rewind_mode M, template <typename...> class Action,
              template <typename...> class Control, typename ParseInput, typename... States>
    [[nodiscard]] static bool match(ParseInput& in, States&&... st) {
        if constexpr (A == pegtl::apply_mode::action && sizeof...(st) == 1) {
            if (read_simple_wrapper_param(in, st...)) {
                return true;
            }
        }
        return wrapper_param_rules::template match<A, M, Action, Control>(in, st...);
    }
};
struct wrapper_param : sor<seq<sor<variadic_param, wrapper_param_declaration>, must<param_end>>,
                           seq<at<one<')'>>, raise<missing_param>>, raise<unsupported_param>> {};
struct wrapper_lparen : lparen {};
struct wrapper_void : void_params {};
struct params_close : token<one<')'>> {};
struct wrapper_params
    : seq<wrapper_lparen, sor<wrapper_void, at<one<')'>>, list<wrapper_param, comma>>,
          must<params_close>> {};

// After `)`: attributes and annotation macros (an action accepts only known annotations).
struct trailing_annotation : plain_identifier {};
struct trailing_specifier : sor<attribute, trailing_annotation, misplaced_mark> {};
struct wrapper_semicolon : semicolon {};
struct wrapper_body : brace_group {};
struct wrapper_end : sor<wrapper_semicolon, wrapper_body> {};
struct decl_done : success {};

struct wrapper_rest : seq<boundary_check, star<post_specifier>, name_check, must<wrapper_params>,
                          star<trailing_specifier>, must<wrapper_end>, decl_done> {};
// A mark that fails the checks was reported by the action; reading goes on after it.
struct marked_rest : seq<decl_mark, sor<wrapper_rest, success>> {};

// ---------------------------------------------------------------------------------------------
// Other file-scope items; ordinary prototypes are recognised on the way.
// ---------------------------------------------------------------------------------------------

// The end of a run without a mark; its action rejects an empty run.
struct run_end : success {
    using rule_t = run_end;  // its own analyze_traits, at the end of this file
};
// An ordinary prototype's parameter list: a plain one (core/parse/fast_paths.hpp) is skipped
// in one loop, any other is read by paren_group's rules. (Derived from paren_group, so that
// pegtl::analyze sees what it matches.)
struct proto_params : paren_group {
    template <pegtl::apply_mode A, pegtl::rewind_mode M, template <typename...> class Action,
              template <typename...> class Control, typename ParseInput, typename... States>
    [[nodiscard]] static bool match(ParseInput& in, States&&... st) {
        if constexpr (A == pegtl::apply_mode::action && sizeof...(st) == 1) {
            auto read_separator = [&] {
                (void)Control<separator>::template match<A, pegtl::rewind_mode::required, Action,
                                                         Control>(in, st...);
            };
            if (skip_plain_group(in, st..., read_separator)) {
                return true;
            }
        }
        return paren_group::template match<A, M, Action, Control>(in, st...);
    }
};
struct proto_trailing : sor<attribute, plain_identifier> {};
struct proto_semicolon : semicolon {};
struct proto_body : brace_group {};
struct proto_end : seq<star<proto_trailing>, sor<proto_semicolon, proto_body>> {};
struct run_rest : seq<run_end, opt<proto_params, opt<proto_end>>> {};

// The specifiers are read once: a mark after them makes a wrapper declaration, anything else
// a run (at most an ordinary prototype).
struct specifiers_item : seq<decl_start, star<decl_specifier>, sor<marked_rest, run_rest>> {};

struct top_item : sor<specifiers_item, seq<at<group_first>, group>, semicolon, other_token> {};

struct stray_paren {};
struct stray_bracket {};
struct stray_brace {};
struct file_end : sor<eof, seq<at<one<')'>>, raise<stray_paren>>,
                      seq<at<close_bracket>, raise<stray_bracket>>, raise<stray_brace>> {};

struct leading_begin : success {};
struct leading_end : success {};
struct translation_unit
    : seq<opt<bom>, leading_begin, separator, leading_end, star<top_item>, file_end> {};

// Re-reading an accepted range token by token.
struct lexed_token : raw_token {};
struct token_stream : seq<separator, star<lexed_token, separator>, eof> {};

}  // namespace cowrap::grammar

// For pegtl::analyze: run_end's action rejects a run that read nothing, so the rule succeeds
// only after input was consumed (the analysis would otherwise see an item that can match empty).
template <typename Name>
struct tao::pegtl::analyze_traits<Name, cowrap::grammar::run_end> : analyze_any_traits<> {};
