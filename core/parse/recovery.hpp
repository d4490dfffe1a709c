// Error recovery at file scope: an item that fails with a parse error is reported, then the
// reading goes on after the next `;` or `}` outside brackets (GCC's way of getting past a bad
// declaration), so that one run reports every error of the file, up to max_errors.
#pragma once

#include <cstddef>
#include <string>

#include <tao/pegtl.hpp>

#include "core/diagnostic.hpp"
#include "core/parse/grammar.hpp"

namespace cowrap::parse {

namespace pegtl = tao::pegtl;

// Past this many errors the rest of the file is not read (core/diagnostic.hpp).
constexpr std::size_t max_errors = max_errors_per_file;

enum class Step { open, close, open_brace, close_brace, semicolon, other };

// Reads one token (without actions) and the separator after it (with them, so that
// conditionals and directives stay tracked). A lexical error (an unterminated comment or
// literal) propagates: nothing after it can be read.
template <template <typename...> class Action, template <typename...> class Control,
          typename ParseInput, typename State>
Step next_token(ParseInput& in, State& st) {
    const char c = in.peek_char();
    const char next = in.size(2) >= 2 ? in.peek_char(1) : '\0';
    if (!Control<grammar::raw_token>::template match<
            pegtl::apply_mode::nothing, pegtl::rewind_mode::required, pegtl::nothing, Control>(
            in, st)) {
        in.bump(1);  // a byte no token starts with
    }
    (void)Control<grammar::separator>::template match<
        pegtl::apply_mode::action, pegtl::rewind_mode::required, Action, Control>(in, st);
    if (c == '{' || (c == '<' && next == '%')) {
        return Step::open_brace;
    }
    if (c == '}' || (c == '%' && next == '>')) {
        return Step::close_brace;
    }
    if (c == '(' || c == '[' || (c == '<' && next == ':')) {
        return Step::open;
    }
    if (c == ')' || c == ']' || (c == ':' && next == '>')) {
        return Step::close;
    }
    return c == ';' ? Step::semicolon : Step::other;
}

// Skips, from the start of the failed item, to just after the first `;` past the error outside
// brackets, or after the `}` that closes the item's outermost brace outside parentheses; else
// to the end. Braces
// count from the item's start (an error inside a body skips the body), other brackets from the
// error on, so that a bracket the error left open does not swallow the rest of the file.
template <template <typename...> class Action, template <typename...> class Control,
          typename ParseInput, typename State>
void skip_past_error(ParseInput& in, State& st, std::size_t error_offset) {
    std::size_t braces = 0;
    std::size_t after = 0;  // ( and [ opened after the error
    std::size_t all = 0;    // ( and [ opened since the item's start
    auto down = [](std::size_t& n) { n -= n > 0 ? 1 : 0; };
    Step stopped_on = Step::other;
    while (!in.empty() && stopped_on == Step::other) {
        const bool past = in.byte() >= error_offset;
        switch (next_token<Action, Control>(in, st)) {
            case Step::open_brace:
                ++braces;
                break;
            case Step::close_brace:
                down(braces);
                // Inside a parenthesis (`f(struct { int a; } s)`) a brace ends no item.
                stopped_on = past && braces == 0 && all == 0 ? Step::close_brace : Step::other;
                break;
            case Step::open:
                ++all;
                after += past ? 1 : 0;
                break;
            case Step::close:
                down(all);
                if (past) {
                    down(after);
                }
                break;
            case Step::semicolon:
                stopped_on = past && braces == 0 && after == 0 ? Step::semicolon : Step::other;
                break;
            case Step::other:
                break;
        }
    }
    // A `;` inside a parenthesis opened before the error (`f(int a; int b);`): when that
    // parenthesis closes before the next `;`, the item ends at that next `;`.
    if (stopped_on != Step::semicolon || all == 0) {
        return;
    }
    const auto stop = in.iterator();
    while (!in.empty()) {
        const Step t = next_token<Action, Control>(in, st);
        if (t == Step::open) {
            ++all;
        } else if (t == Step::close) {
            down(all);
        } else if (t != Step::other) {
            if (t == Step::semicolon && all == 0) {
                return;
            }
            break;
        }
    }
    in.iterator() = stop;
}

// Matches one file-scope item with `match_item`; a parse error in it is recorded and skipped
// (see above). Past max_errors the rest of the file is not read.
template <template <typename...> class Action, template <typename...> class Control,
          typename ParseInput, typename State, typename MatchItem>
bool match_recovering(ParseInput& in, State& st, const MatchItem& match_item) {
    if (st.errors > max_errors) {
        // Consumed as one item (a failure would rewind); at the end the loop stops.
        const bool more = !in.empty();
        in.iterator() = in.end();
        return more;
    }
    const auto start = in.iterator();
    try {
        return match_item();
    } catch (const pegtl::parse_error& e) {
        const std::size_t offset = e.positions().empty() ? in.byte() : e.positions().front().byte;
        st.error(offset, std::string(e.message()));
        st.capturing = false;
        st.in_declaration = false;
        in.iterator() = start;
        if (in.empty()) {
            return false;  // an error at the end: nothing to skip, the loop must stop
        }
        skip_past_error<Action, Control>(in, st, offset);
        st.boundary[in.byte()] = true;  // a declaration may start here
        return true;
    }
}

}  // namespace cowrap::parse
