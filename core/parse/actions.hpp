// The grammar's actions: each records what its rule matched into the State, or forwards to
// the builder; the actions that return bool may reject a match.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include <tao/pegtl.hpp>

#include "core/parse/builder.hpp"
#include "core/parse/errors.hpp"
#include "core/parse/grammar.hpp"
#include "core/parse/fast_paths.hpp"
#include "core/parse/spelling.hpp"
#include "core/parse/state.hpp"

namespace cowrap::parse {

namespace g = grammar;
namespace pegtl = tao::pegtl;

template <typename Rule>
struct action : pegtl::nothing<Rule> {};

template <typename ActionInput>
void capture_token(const ActionInput& in, State& st) {
    if (st.capturing) {
        st.capture({parse::digraph_spelling(in.string_view()), st.at(in)});
    }
}

template <typename Rule>
struct action<g::lexeme<Rule>> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        capture_token(in, st);
    }
};

// A `;` ends a wrapper declaration before the separator after it is read: a directive there
// is no longer inside the declaration.
template <>
struct action<g::lexeme<pegtl::one<';'>>> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        capture_token(in, st);
        st.in_declaration = false;
    }
};

template <>
struct action<g::leading_begin> {
    template <typename ActionInput>
    static void apply(const ActionInput&, State& st) {
        st.leading = true;
    }
};

template <>
struct action<g::leading_end> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        st.leading = false;
        st.boundary[st.at(in)] = true;
    }
};

template <>
struct action<g::live_directive> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        if (!st.first_reading(st.at(in))) {
            return;
        }
        auto [word, arg] = directive_words(in.string_view());
        auto& stack = st.conditionals;
        if (word == "if" || word == "ifdef" || word == "ifndef" || word == "else" ||
            word == "elif" || word == "elifdef" || word == "elifndef" || word == "endif") {
            st.conditional_directives.push_back(st.at(in));
            if (st.in_declaration) {
                st.conditional_error(st.at(in));
            }
        }
        const bool expecting_guard_define = std::exchange(st.expect_guard_define, false);
        if (word == "if" || word == "ifdef" || word == "ifndef") {
            Conditional c;
            c.guard_candidate =
                st.leading && !st.seen_conditional && word == "ifndef" && !arg.empty();
            c.name = arg;
            stack.push_back(c);
            st.seen_conditional = true;
            st.expect_guard_define = c.guard_candidate;
        } else if (word == "else" || word == "elif" || word == "elifdef" || word == "elifndef") {
            if (!stack.empty()) {
                Conditional& top = stack.back();
                if (top.pending_else) {
                    top.pending_else = false;
                } else {
                    top = Conditional{};
                }
            }
        } else if (word == "endif") {
            if (!stack.empty()) {
                stack.pop_back();
            }
        } else if (word == "define") {
            if (st.leading && expecting_guard_define && stack.size() == 1 &&
                stack.back().guard_candidate && arg == stack.back().name) {
                stack.back().guard = true;
            }
        }
    }
};

// A `#if 0` block that stopped at a depth-0 `#else`/`#elif`: that branch is open now.
template <>
struct action<g::if_zero_block> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        if (!st.first_reading(st.at(in))) {
            return;
        }
        st.seen_conditional = true;
        st.expect_guard_define = false;
        const char* end = in.end();
        const char* text_end = st.base + st.text.size();
        if (end < text_end &&
            (*end == '#' || (*end == '%' && end + 1 < text_end && end[1] == ':'))) {
            std::string_view word = directive_words(std::string_view(end, text_end - end)).first;
            Conditional c;
            c.known_live = word == "else";
            c.pending_else = true;
            st.conditionals.push_back(c);
        }
    }
};

template <typename ActionInput>
void set_boundary(const ActionInput& in, State& st) {
    st.boundary[st.after(in)] = true;
}

template <>
struct action<g::rparen> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        set_boundary(in, st);
    }
};
template <>
struct action<g::rbrace> : action<g::rparen> {};
template <>
struct action<g::semicolon> : action<g::rparen> {};

template <>
struct action<g::misplaced_mark> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        mark_error(st, st.at(in), leading_word(in.string_view()),
                   "is not allowed here: a mark belongs among the declaration specifiers of a "
                   "prototype, before the function name");
    }
};

template <>
struct action<g::decl_start> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        Current& cur = st.cur;
        cur.begin = st.at(in);
        cur.at_boundary = st.boundary[cur.begin];
        cur.errors_before = st.errors;
        cur.mark = nullptr;
        cur.name = {};
        cur.return_type = {};
        cur.run.clear();
        // The run is captured from its start: if a mark follows, it is the declaration's.
        st.capturing = true;
        st.captured.clear();
        cur.params.clear();
        cur.nested_names.clear();
        cur.names_taken = 0;
        cur.body = false;
        st.in_declaration = false;
    }
};

template <>
struct action<g::decl_mark_word> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        st.cur.mark_offset = st.at(in);
        st.cur.mark_word = in.string_view();
        st.cur.conditional = st.in_unevaluated_conditional();
    }
};

template <>
struct action<g::boundary_check> {
    template <typename ActionInput>
    static bool apply(const ActionInput& in, State& st) {
        if (st.cur.at_boundary) {
            // Conditionals read before the mark was known to start a declaration.
            std::size_t c = st.conditional_in(st.cur.begin, st.at(in));
            if (c != no_index) {
                st.conditional_error(c);
            }
            st.in_declaration = true;
            return true;
        }
        if (after_extern_c(st.text, st.cur.begin)) {
            mark_error(st, st.cur.mark_offset, st.cur.mark_word,
                       "follows 'extern \"C\"': a C++ linkage specification cannot start a "
                       "wrapper declaration (cowrap reads C headers; write the prototype "
                       "without it)");
        } else {
            mark_error(st, st.cur.mark_offset, st.cur.mark_word,
                       "is not in the declaration specifiers of a function prototype");
        }
        return false;
    }
};

template <>
struct action<g::name_check> {
    template <typename ActionInput>
    static bool apply(const ActionInput& in, State& st) {
        // Every token since the declaration's start was captured.
        std::vector<Token>& run = st.cur.run;
        run.assign(st.captured.begin(), st.captured.end());
        const bool ok = analyse_run(st, st.at(in));
        st.in_declaration = ok;
        return ok;
    }
};

template <>
struct action<g::wrapper_lparen> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        st.cur.lparen = st.at(in);
        st.cur.shape = RunShape{};
        st.cur.paren = false;
        st.cur.paren_name = no_index;
        st.cur.param_ok = true;
        st.cur.frames.clear();
    }
};

// The word was captured as a token just now (wrapper parameters come after the mark): its
// text is taken from there rather than found again in the matched text.
template <>
struct action<g::wrapper_param_word> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        if (!st.captured.empty() && st.captured.back().offset == st.at(in)) {
            st.cur.shape.add(st.captured.back().text, st.at(in));
        } else {
            st.cur.shape.add(leading_word(in.string_view()), st.at(in));
        }
    }
};

template <>
struct action<g::wrapper_param_star> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        st.cur.shape.add("*", st.at(in));
    }
};

// A nested parameter's or a parenthesised declarator's words and stars: into the innermost
// frame (core/parse/state.hpp), as a wrapper parameter's own go into cur.shape.
template <>
struct action<g::declarator_word> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        if (st.cur.frames.empty()) {
            return;  // cannot happen: a frame opens before any such word
        }
        RunShape& shape = st.cur.frames.back().shape;
        if (!st.captured.empty() && st.captured.back().offset == st.at(in)) {
            shape.add(st.captured.back().text, st.at(in));
        } else {
            shape.add(leading_word(in.string_view()), st.at(in));
        }
    }
};

template <>
struct action<g::declarator_star> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        if (!st.cur.frames.empty()) {
            st.cur.frames.back().shape.add("*", st.at(in));
        }
    }
};

template <>
struct action<g::nested_param_begin> {
    template <typename ActionInput>
    static void apply(const ActionInput&, State& st) {
        st.cur.frames.emplace_back();
    }
};
template <>
struct action<g::declarator_inside_begin> : action<g::nested_param_begin> {};

template <>
struct action<g::paren_declarator> {
    template <typename ActionInput>
    static void apply(const ActionInput&, State& st) {
        close_paren_declarator(st);
    }
};

template <>
struct action<g::param_declaration> {
    template <typename ActionInput>
    static void apply(const ActionInput&, State& st) {
        close_nested_param(st);
    }
};

template <>
struct action<g::wrapper_param_specifiers> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        st.cur.specifiers_end = st.after(in);
    }
};

template <>
struct action<g::wrapper_param_declaration> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        Current& cur = st.cur;
        const std::size_t end = st.after(in);
        ParamRead& read = cur.params.emplace_back();
        read.begin = st.at(in);
        read.end = end;
        read.shape = cur.shape;
        read.simple = cur.specifiers_end == end;
        cur.shape = RunShape{};
        if (!read.simple) {
            close_declarator_param(st);
        }
    }
};

template <>
struct action<g::variadic_param> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        st.error(st.at(in), "variadic parameter '...': a wrapper cannot pass it on");
    }
};

template <>
struct action<g::trailing_annotation> {
    template <typename ActionInput>
    static bool apply(const ActionInput& in, State& st) {
        return st.is_annotation(leading_word(in.string_view()));
    }
};

template <>
struct action<g::wrapper_semicolon> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        st.cur.end = st.at(in) + 1;
        set_boundary(in, st);
    }
};

template <>
struct action<g::wrapper_body> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        st.cur.body = true;
        st.error(st.at(in),
                 "a marked function must be a prototype ending in ';', not a "
                 "definition with a body");
    }
};

template <>
struct action<g::decl_done> {
    template <typename ActionInput>
    static void apply(const ActionInput&, State& st) {
        st.capturing = false;
        st.in_declaration = false;
        finish_declaration(st);
    }
};

// Ordinary prototypes: only noted when asked for.
template <>
struct action<g::run_end> {
    template <typename ActionInput>
    static bool apply(const ActionInput& in, State& st) {
        st.capturing = false;
        if (st.at(in) == st.cur.begin) {
            return false;  // no specifier: not a run
        }
        if (st.options.collect_prototypes) {
            st.proto.run_begin = st.cur.begin;
            st.proto.run_end = st.at(in);
        }
        return true;
    }
};

template <>
struct action<g::proto_params> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        if (st.options.collect_prototypes) {
            st.proto.params_begin = st.at(in);
            st.proto.params_end = st.after(in);
            st.proto.trailing.clear();
        }
    }
};

template <>
struct action<g::proto_trailing> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        if (st.options.collect_prototypes) {
            std::string_view w = leading_word(in.string_view());
            if (st.is_annotation(w)) {
                st.proto.trailing.push_back(w);
            }
        }
    }
};

template <>
struct action<g::proto_semicolon> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        set_boundary(in, st);
        st.proto.is_definition = false;
    }
};

template <>
struct action<g::proto_body> {
    template <typename ActionInput>
    static void apply(const ActionInput&, State& st) {
        st.proto.is_definition = true;
    }
};

template <>
struct action<g::proto_end> {
    template <typename ActionInput>
    static void apply(const ActionInput&, State& st) {
        if (st.options.collect_prototypes) {
            finish_prototype(st);
        }
    }
};

}  // namespace cowrap::parse
