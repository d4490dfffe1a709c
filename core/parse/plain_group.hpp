// A fast path for the parameter list of an ordinary prototype: most are only identifiers,
// `,`, `*`, nested `( )`, layout and comments, and reading them token by token through the generic
// group rules costs most of the parse of a file's unmarked half. Such a group is skipped in one
// loop that does what those rules' actions would do (the boundaries after each `)`); any
// other byte (a directive, a literal, a bracket, UTF-8, something that starts
// like a mark) sends the whole group back to the generic rules, so every diagnostic is theirs.
#pragma once

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
    auto starts = [&](std::string_view word) {
        return static_cast<std::size_t>(end - p) >= word.size() &&
               std::string_view(p, word.size()) == word;
    };
    return starts("co_wrapper") || starts("no_co_wrapper") || starts("generated_co_wrapper");
}

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
        if (grammar::is_ascii_ident_other(c)) {
            if ((c == 'c' || c == 'n' || c == 'g') && detail::starts_like_mark(p, end)) {
                return false;  // a misplaced mark: reported by the generic rules
            }
            do {
                ++p;
            } while (p != end && grammar::is_ascii_ident_other(*p));
            continue;
        }
        if (c == ',' || c == '*') {
            ++p;  // `*=` cannot pass: `=` is not read here
            continue;
        }
        if (detail::is_blank(c) || c == '/') {
            const char* q = detail::skip_layout(p, end);
            if (q == nullptr || q == p) {
                return false;  // a directive, an unclosed comment, or `/` alone
            }
            p = q;
            continue;
        }
        if (c == '(') {
            if (++depth > detail::max_plain_depth) {
                return false;
            }
            ++p;
            continue;
        }
        if (c != ')') {
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

}  // namespace cowrap::parse
