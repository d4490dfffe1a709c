#include "core/parse/builder.hpp"

#include <algorithm>
#include <optional>
#include <span>
#include <string>

#include <tao/pegtl.hpp>

#include "core/parse/conditionals.hpp"
#include "core/parse/control.hpp"
#include "core/parse/errors.hpp"
#include "core/parse/grammar.hpp"
#include "core/parse/spelling.hpp"

namespace cowrap::parse {

namespace g = grammar;

namespace {

using Input = pegtl::memory_input<pegtl::tracking_mode::lazy>;

// ---------------------------------------------------------------------------------------------
// Re-reading a range as tokens
// ---------------------------------------------------------------------------------------------

template <typename Rule>
struct lex_action : pegtl::nothing<Rule> {};

template <>
struct lex_action<g::lexed_token> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, std::vector<Token>& out, const char* base) {
        out.push_back({parse::digraph_spelling(in.string_view()),
                       static_cast<std::size_t>(in.begin() - base)});
    }
};

}  // namespace

void lex_into(std::vector<Token>& out, const char* base, std::size_t begin, std::size_t end) {
    Input in(base + begin, base + end, "");
    try {
        (void)pegtl::parse<g::token_stream, lex_action, control>(in, out, base);
    } catch (const pegtl::parse_error&) {
        // Cannot happen for a range the grammar accepted; the tokens read so far stand.
    }
}

namespace {

std::vector<Token> lex(const char* base, std::size_t begin, std::size_t end) {
    std::vector<Token> out;
    lex_into(out, base, begin, end);
    return out;
}

bool is_word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '$' || static_cast<unsigned char>(c) >= 0x80;
}

}  // namespace

std::string_view leading_word(std::string_view text) {
    std::size_t n = 0;
    while (n < text.size() && is_word_char(text[n])) {
        ++n;
    }
    return text.substr(0, n);
}

std::pair<std::string_view, std::string_view> directive_words(std::string_view text) {
    std::size_t i = text.starts_with("%:") ? 2 : 1;  // past '#' or its digraph
    auto skip_space = [&] { i = parse::skip_directive_space(text, i); };
    auto word = [&] {
        std::string_view w = leading_word(text.substr(i));
        i += w.size();
        return w;
    };
    skip_space();
    std::string_view name = word();
    skip_space();
    std::string_view arg = word();
    return {name, arg};
}

namespace {

// `void`, `const void`, ...: no object can have it (`void *` and function types can).
bool is_void_type(std::string_view type) {
    bool is_void = false;
    while (!type.empty()) {
        std::size_t n = std::min(type.find(' '), type.size());
        std::string_view w = type.substr(0, n);
        type.remove_prefix(std::min(n + 1, type.size()));
        if (w == "void") {
            is_void = true;
        } else if (w != "const" && w != "volatile" && !w.empty()) {
            return false;
        }
    }
    return is_void;
}

bool is_storage_error(std::string_view w) {
    return w == "static" || w == "inline" || w == "__inline" || w == "__inline__";
}

}  // namespace

bool after_extern_c(std::string_view text, std::size_t offset) {
    std::string_view before = text.substr(0, offset);
    auto trim = [&] {
        while (!before.empty() && (before.back() == ' ' || before.back() == '\t' ||
                                   before.back() == '\n' || before.back() == '\r')) {
            before.remove_suffix(1);
        }
    };
    trim();
    if (before.ends_with("\"C\"")) {
        before.remove_suffix(3);
    } else if (before.ends_with("\"C++\"")) {
        before.remove_suffix(5);
    } else {
        return false;
    }
    trim();
    return before.ends_with("extern") &&
           (before.size() == 6 || !is_word_char(before[before.size() - 7]));
}

void mark_error(State& st, std::size_t offset, std::string_view word, std::string_view what) {
    if (find_mark(word) == nullptr) {
        st.error(offset, "unknown mark '" + std::string(word) + "'");
    } else {
        st.error(offset, "mark '" + std::string(word) + "' " + std::string(what));
    }
}

std::string_view settle(State& st, std::string_view built, std::size_t begin) {
    if (begin <= st.text.size() && st.text.compare(begin, built.size(), built) == 0) {
        return st.text.substr(begin, built.size());
    }
    return st.result.arena.keep(built);
}

// ---------------------------------------------------------------------------------------------
// The run of a marked declaration: specifiers, marks, name
// ---------------------------------------------------------------------------------------------

bool analyse_run(State& st, std::size_t lparen) {
    Current& cur = st.cur;
    const std::vector<Token>& run = cur.run;
    // Scratch space, reused: this runs once per declaration.
    thread_local std::vector<std::size_t> kept;
    thread_local std::vector<std::size_t> marks;
    thread_local std::vector<Piece> pieces;
    kept.clear();
    marks.clear();
    pieces.clear();
    std::size_t last = no_index;  // the last token that is not an attribute
    for (std::size_t i = 0; i < run.size(); ++i) {
        std::string_view t = run[i].text;
        if (is_attribute_keyword(t) && i + 1 < run.size() && run[i + 1].text == "(") {
            int depth = 0;
            std::size_t j = i + 1;
            for (; j < run.size(); ++j) {
                depth += run[j].text == "(" ? 1 : run[j].text == ")" ? -1 : 0;
                if (depth == 0) {
                    break;
                }
            }
            i = j;
            continue;
        }
        last = i;
        if (is_identifier(t)) {
            if (looks_like_mark(t)) {
                marks.push_back(i);
                continue;
            }
            if (t == "extern" || st.is_annotation(t)) {
                continue;
            }
            if (is_storage_error(t)) {
                st.error(run[i].offset, "a wrapper declaration cannot be '" + std::string(t) +
                                            "': the generated file defines the function");
                continue;
            }
            if (t == "typedef") {
                st.error(run[i].offset, "a typedef cannot carry a mark");
                continue;
            }
        }
        kept.push_back(i);
    }

    for (std::size_t k = 0; k < marks.size(); ++k) {
        const Token& m = run[marks[k]];
        const MarkInfo* info = find_mark(m.text);
        if (k == 0) {
            cur.mark = info;
        }
        if (info == nullptr) {
            st.error(m.offset, "unknown mark '" + std::string(m.text) + "'");
        } else if (k > 0) {
            st.error(m.offset, "two marks on one declaration: '" + std::string(run[marks[0]].text) +
                                   "' and '" + std::string(m.text) + "'");
        }
    }
    if (last != no_index && looks_like_mark(run[last].text)) {
        if (find_mark(run[last].text) != nullptr) {
            st.error(run[last].offset, "mark '" + std::string(run[last].text) +
                                           "' must come before the function name");
        }
        return false;
    }
    if (kept.empty() || !is_identifier(run[kept.back()].text)) {
        st.error(lparen, "expected the function name here");
        return false;
    }
    const Token& name = run[kept.back()];
    kept.pop_back();
    cur.name = name.text;
    cur.name_offset = name.offset;
    if (kept.empty()) {
        st.error(cur.mark_offset, "'" + std::string(cur.name) + "' has no return type");
        return true;
    }
    for (std::size_t i : kept) {
        pieces.push_back({run[i].text, false});
    }
    thread_local std::string spelled;
    spelled.clear();
    join_c_to(spelled, pieces);
    cur.return_type = settle(st, spelled, run[kept.front()].offset);
    return true;
}

namespace {

// The innermost frame, taken off (its opening rule pushed it: never missing).
DeclaratorFrame pop_frame(Current& cur) {
    if (cur.frames.empty()) {
        return {};
    }
    DeclaratorFrame f = cur.frames.back();
    cur.frames.pop_back();
    return f;
}

}  // namespace

void close_paren_declarator(State& st) {
    Current& cur = st.cur;
    const DeclaratorFrame f = pop_frame(cur);
    std::size_t name = f.name;
    if (!f.paren && f.shape.last != no_index) {
        // Only pointers and qualifiers may stand before the name here.
        const RunShape& r = f.shape;
        name = is_identifier(r.last_text) && (r.last_class & keyword_word) == 0 ? r.last : no_index;
        if (r.other_type_names(name) != 0 || r.type_keywords != 0) {
            cur.param_ok = false;
        }
    }
    if (cur.frames.empty()) {
        cur.paren = true;
        cur.paren_name = name;
    } else {
        cur.frames.back().paren = true;
        cur.frames.back().name = name;
    }
}

namespace {

// The name of a parameter from its specifiers' shape and its parenthesised declarator, or
// no_index; clears param_ok when the shape is no parameter.
std::size_t param_name(Current& cur, const RunShape& r, bool paren, std::size_t paren_name) {
    std::size_t name = paren ? paren_name : r.outer_name();
    if (r.words == 0 || !r.plausible(paren ? no_index : name)) {
        cur.param_ok = false;
    }
    return name;
}

}  // namespace

void close_nested_param(State& st) {
    Current& cur = st.cur;
    const DeclaratorFrame f = pop_frame(cur);
    const std::size_t name = param_name(cur, f.shape, f.paren, f.name);
    if (name != no_index) {
        cur.nested_names.push_back(name);
    }
}

void close_declarator_param(State& st) {
    Current& cur = st.cur;
    ParamRead& read = cur.params.back();
    // The specifiers' shape was moved into `read` already.
    read.name = param_name(cur, read.shape, cur.paren, cur.paren_name);
    read.ok = cur.param_ok;
    // Only such parameters have nested ones: their names follow the previous one's.
    read.names_begin = cur.names_taken;
    read.names_end = cur.names_taken = cur.nested_names.size();
    cur.paren = false;
    cur.paren_name = no_index;
    cur.param_ok = true;
    cur.frames.clear();
}

void finish_declaration(State& st) {
    Current& cur = st.cur;
    if (cur.body) {
        return;
    }
    std::vector<Token>& tokens = cur.run;
    const std::size_t rest = tokens.size();
    for (const Token& t : st.captured) {
        if (t.offset >= cur.lparen) {
            tokens.push_back(t);
        }
    }

    Declaration d;
    d.mark_loc = st.locate(cur.mark_offset);
    d.name_loc = st.locate(cur.name_offset);
    d.params.reserve(cur.params.size());
    std::size_t k = rest;
    for (const ParamRead& read : cur.params) {
        const std::size_t begin = read.begin;
        const std::size_t end = read.end;
        while (k < tokens.size() && tokens[k].offset < begin) {
            ++k;
        }
        std::size_t first = k;
        while (k < tokens.size() && tokens[k].offset < end) {
            ++k;
        }
        std::span<const Token> ptoks(tokens.data() + first, k - first);
        // Most parameters are specifiers only: what the actions noted decides their name. The
        // others' names, and those of their nested parameters, were noted the same way.
        // Rendered into reused buffers, then kept as views (core/declaration.hpp).
        thread_local ParamText p;
        p.ok = false;
        if (read.simple) {
            simple_param(ptoks, read.shape, p);
        } else if (read.ok) {
            declarator_param(ptoks, read.name,
                             std::span<const std::size_t>(cur.nested_names)
                                 .subspan(read.names_begin, read.names_end - read.names_begin),
                             p);
        }
        if (!p.ok) {
            st.error(begin, std::string(g::error_message<g::unsupported_param>));
            continue;
        }
        if (p.name == no_index) {
            st.error(begin, "parameter '" + p.decl +
                                "' has no name: the generated code needs one to pass it on");
            continue;
        }
        if (is_void_type(p.type)) {
            st.error(begin, "parameter '" + p.decl +
                                "' has type void: only '(void)' alone declares no parameters");
            continue;
        }
        Param param;
        param.decl = settle(st, p.decl, ptoks.front().offset);
        // A field or type that reads like the declarator's start is a slice of it.
        param.field_decl =
            p.field_decl == p.decl ? param.decl : settle(st, p.field_decl, ptoks.front().offset);
        param.type = std::string_view(p.decl).starts_with(p.type)
                         ? param.decl.substr(0, p.type.size())
                         : settle(st, p.type, ptoks.front().offset);
        param.name = ptoks[p.name].text;
        param.loc = st.locate(ptoks.front().offset);
        param.name_loc = st.locate(ptoks[p.name].offset);
        d.params.push_back(param);
    }
    if (st.errors > cur.errors_before || cur.mark == nullptr) {
        return;
    }
    d.file = st.source.path;
    d.mark = cur.mark->mark;
    d.name = cur.name;
    d.return_type = cur.return_type;
    if (st.options.declaration_text) {
        d.text = join_plain(st.result.arena, tokens, st.text);
    }
    if (cur.conditional) {
        st.note(cur.name_offset, "'" + std::string(d.name) +
                                     "' is inside a preprocessor conditional that cowrap does "
                                     "not evaluate; it is generated anyway");
    }
    st.result.declarations.push_back(std::move(d));
}

void finish_prototype(State& st) {
    PendingPrototype& pp = st.proto;
    std::vector<Token> run = lex(st.base, pp.run_begin, pp.run_end);
    Prototype p;
    std::vector<Piece> kept;
    std::vector<std::size_t> kept_offsets;
    for (std::size_t i = 0; i < run.size(); ++i) {
        std::string_view t = run[i].text;
        if (is_attribute_keyword(t) && i + 1 < run.size() && run[i + 1].text == "(") {
            int depth = 0;
            for (++i; i < run.size(); ++i) {
                depth += run[i].text == "(" ? 1 : run[i].text == ")" ? -1 : 0;
                if (depth == 0) {
                    break;
                }
            }
            continue;
        }
        if (t == "typedef") {
            return;
        }
        if (st.is_annotation(t)) {
            p.annotations.emplace_back(t);
        } else if (t != "extern" && t != "_Noreturn" && !is_storage_error(t)) {
            kept.push_back({t, false});
            kept_offsets.push_back(run[i].offset);
        }
    }
    if (kept.size() < 2 || !is_identifier(kept.back().text) || is_c_keyword(kept.back().text)) {
        return;
    }
    // `FOO(x);` is a macro call, not a prototype: a return type needs a word.
    const bool has_type = std::any_of(kept.begin(), kept.end() - 1,
                                      [](const Piece& x) { return is_identifier(x.text); });
    if (!has_type) {
        return;
    }
    const std::vector<Token> group = lex(st.base, pp.params_begin, pp.params_end);
    std::optional<std::vector<std::string>> types = param_types(group);
    if (!types) {
        return;
    }
    p.file = st.source.path;
    p.name = std::string(kept.back().text);
    p.name_loc = st.locate(kept_offsets.back());
    kept.pop_back();
    p.return_type = join_c(kept);
    p.param_types = std::move(*types);
    // Where each parameter starts: after `(` or a depth-1 `,` (for carets in check --strict).
    if (!p.param_types.empty()) {
        int depth = 0;
        for (std::size_t i = 0; i + 1 < group.size(); ++i) {
            std::string_view t = group[i].text;
            if (t == "(" || t == "[" || t == "{") {
                ++depth;
            } else if (t == ")" || t == "]" || t == "}") {
                --depth;
            }
            if ((depth == 1 && t == ",") || i == 0) {
                p.param_locs.push_back(st.locate(group[i + 1].offset));
            }
        }
    }
    for (std::string_view a : pp.trailing) {
        p.annotations.emplace_back(a);
    }
    p.is_definition = pp.is_definition;
    st.result.prototypes.push_back(std::move(p));
}

}  // namespace cowrap::parse
