// A fast path for the parameter list of an ordinary prototype: most are only identifiers,
// `,`, `*`, nested `( )`, layout and comments, and reading them token by token through the generic
// group rules costs most of the parse of a file's unmarked half. Such a group is skipped in one
// loop that does what those rules' actions would do (the boundaries after each `)`); any
// other byte (a directive, a literal, a bracket, UTF-8, something that starts
// like a mark) sends the whole group back to the generic rules, so every diagnostic is theirs.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

#include "core/parse/grammar.hpp"
#include "core/parse/state.hpp"

namespace cowrap::parse {

namespace detail {

inline bool is_blank(char c) {
    return c == ' ' || static_cast<unsigned char>(c - '\t') <= 4;  // ' ', '\t' to '\r'
}

// Does an identifier that starts at p start like a mark (grammar::mark_prefix)?
inline bool starts_like_mark(const char* p, const char* end) {
    return grammar::mark_prefix_length(p, end) != 0;
}

// What a byte of a group is, for the loop below.
enum class Byte : unsigned char { other, ident, plain, slash, open, close };
inline constexpr std::array<Byte, 256> group_byte_class = [] {
    std::array<Byte, 256> t{};
    for (int c = 0; c < 256; ++c) {
        const auto i = static_cast<std::size_t>(c);
        if (grammar::ascii_ident_other[i]) {
            t[i] = Byte::ident;
        } else if (c == ' ' || (c >= '\t' && c <= '\r') || c == ',' || c == '*') {
            t[i] = Byte::plain;
        }
    }
    t['/'] = Byte::slash;
    t['('] = Byte::open;
    t[')'] = Byte::close;
    return t;
}();

// Deeper groups go to the generic rules (and their depth limit).
constexpr int max_plain_depth = 16;

// Past the layout and comments at p (what a separator reads when it holds no directive); nullptr
// when a directive may start there (`#`, `%:`) or a comment is not closed.
inline const char* skip_layout(const char* p, const char* end) {
    while (p != end) {
        if (is_blank(*p)) {
            ++p;
        } else if (*p == '/' && end - p >= 2 && p[1] == '*') {
            p = grammar::block_comment_end(p + 2, end);
            if (p == nullptr) {
                return nullptr;
            }
        } else if (*p == '/' && end - p >= 2 && p[1] == '/') {
            p = grammar::line_comment_end(p + 2, end);
        } else if (*p == '#' || *p == '%') {
            return nullptr;
        } else {
            break;
        }
    }
    return p;
}

}  // namespace detail

// At a `(`: skips the group and, through `read_separator`, what follows it, and returns true;
// or consumes nothing and returns false when the group needs the generic rules. Found by
// argument-dependent lookup from grammar::proto_params.
template <typename ParseInput, typename ReadSeparator>
bool skip_plain_group(ParseInput& in, State& st, const ReadSeparator& read_separator) {
    const char* p = in.current();
    const char* const end = in.end();
    if (st.capturing || p == end || *p != '(') {
        return false;
    }
    int depth = 0;
    while (p != end) {
        const char c = *p;
        switch (detail::group_byte_class[static_cast<unsigned char>(c)]) {
            case detail::Byte::ident:
                if ((c == 'c' || c == 'n' || c == 'g') && detail::starts_like_mark(p, end)) {
                    return false;  // a misplaced mark: reported by the generic rules
                }
                do {
                    ++p;
                } while (p != end && grammar::is_ascii_ident_other(*p));
                continue;
            case detail::Byte::plain:
                ++p;  // layout, `,`, `*` (`*=` cannot pass: `=` is not read here)
                continue;
            case detail::Byte::slash: {
                const char* q = detail::skip_layout(p, end);
                if (q == nullptr || q == p) {
                    return false;  // an unclosed comment, or `/` alone
                }
                p = q;
                continue;
            }
            case detail::Byte::open:
                if (++depth > detail::max_plain_depth) {
                    return false;
                }
                ++p;
                continue;
            case detail::Byte::close:
                break;
            case detail::Byte::other:
                return false;
        }
        ++p;
        if (--depth == 0) {
            // The last `)`: its separator may hold comments and directives (with actions).
            in.bump(static_cast<std::size_t>(p - in.current()));
            read_separator();
            st.boundary[static_cast<std::size_t>(in.current() - st.base)] = true;
            return true;
        }
        // An inner `)`: the generic rule's action marks the end of the separator after it
        // (a directive there goes back to the generic rules).
        const char* q = detail::skip_layout(p, end);
        if (q == nullptr) {
            return false;
        }
        st.boundary[static_cast<std::size_t>(q - st.base)] = true;
        p = q;
    }
    return false;  // unbalanced: the generic rule reports it
}

// At a wrapper parameter: when it is words and `*` only, separated by layout and comments,
// up to a `,` or `)`, records its tokens and its shape as the actions of
// grammar::wrapper_param_specifiers would, moves past them and returns true; else consumes
// and records nothing and returns false. Found by argument-dependent lookup from
// grammar::wrapper_param_declaration.
template <typename ParseInput>
bool read_simple_wrapper_param(ParseInput& in, State& st) {
    struct Word {
        const char* begin;
        std::size_t size;
    };
    constexpr std::size_t max_words = 16;
    std::array<Word, max_words> words;
    std::size_t count = 0;
    const char* p = in.current();
    const char* const end = in.end();
    while (p != end) {
        const char c = *p;
        const char* q = p + 1;
        if (c == '*') {
            if (q != end && *q == '=') {
                return false;
            }
        } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$') {
            if ((c == 'c' || c == 'n' || c == 'g') && detail::starts_like_mark(p, end)) {
                return false;  // a misplaced mark: reported by the rules
            }
            while (q != end && grammar::is_ascii_ident_other(*q)) {
                ++q;
            }
            const std::string_view word(p, static_cast<std::size_t>(q - p));
            if ((q != end && static_cast<unsigned char>(*q) >= 0x80) || word == "__attribute__" ||
                word == "__attribute") {
                return false;  // UTF-8 (checked by the rules) or an attribute
            }
        } else {
            break;
        }
        if (count == max_words) {
            return false;
        }
        words[count++] = {p, static_cast<std::size_t>(q - p)};
        p = detail::skip_layout(q, end);  // the separator, without directives
        if (p == nullptr) {
            return false;
        }
    }
    if (count == 0 || p == end || (*p != ',' && *p != ')')) {
        return false;  // a declarator, a suffix or something else: the rules read it
    }
    for (std::size_t i = 0; i < count; ++i) {
        const std::size_t offset = static_cast<std::size_t>(words[i].begin - st.base);
        const std::string_view word(words[i].begin, words[i].size);
        if (st.capturing) {
            st.capture({word, offset});
        }
        st.cur.shape.add(word == "*" ? std::string_view("*") : word, offset);
    }
    st.cur.specifiers_end = static_cast<std::size_t>(p - st.base);
    in.bump(static_cast<std::size_t>(p - in.current()));
    return true;
}

}  // namespace cowrap::parse
