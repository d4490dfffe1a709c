// Runs core/parse/grammar.hpp over a source. The grammar validates and locates; the actions here
// collect a marked declaration's tokens (or re-read a small range, where the grammar could not
// yet know that a declaration had started) and fill the plain structs from them.
#include "core/parse.hpp"

#include <algorithm>
#include <array>
#include <exception>
#include <string_view>
#include <utility>

#include "core/param_text.hpp"
#include "core/parse/conditionals.hpp"
#include "core/parse/control.hpp"
#include "core/parse/errors.hpp"
#include "core/parse/grammar.hpp"
#include "core/parse/spelling.hpp"
#include "core/parse/splices.hpp"

namespace cowrap {

namespace {

namespace pegtl = tao::pegtl;
namespace g = grammar;
using parse::control;

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

void lex_into(std::vector<Token>& out, const char* base, std::size_t begin, std::size_t end) {
    Input in(base + begin, base + end, "");
    try {
        (void)pegtl::parse<g::token_stream, lex_action, control>(in, out, base);
    } catch (const pegtl::parse_error&) {
        // Cannot happen for a range the grammar accepted; the tokens read so far stand.
    }
}

std::vector<Token> lex(const char* base, std::size_t begin, std::size_t end) {
    std::vector<Token> out;
    lex_into(out, base, begin, end);
    return out;
}

bool is_word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '$' || static_cast<unsigned char>(c) >= 0x80;
}

// The identifier at the start of a token's matched text (which includes what follows it).
std::string_view leading_word(std::string_view text) {
    std::size_t n = 0;
    while (n < text.size() && is_word_char(text[n])) {
        ++n;
    }
    return text.substr(0, n);
}

// `#  ifndef /* c */ GUARD_H` -> {"ifndef", "GUARD_H"}.
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

// ---------------------------------------------------------------------------------------------
// Parse state
// ---------------------------------------------------------------------------------------------

// locate() for offsets that mostly grow: walks on from the previous answer.
class Locator {
public:
    explicit Locator(const Source& s) : source_(s) {}

    Location operator()(std::size_t offset) {
        const std::vector<std::size_t>& starts = source_.line_starts;
        if (offset < starts[line_]) {
            line_ = 0;
        }
        for (int steps = 0; line_ + 1 < starts.size() && starts[line_ + 1] <= offset; ++steps) {
            if (steps == 16) {
                auto it = std::upper_bound(starts.begin() + line_, starts.end(), offset);
                line_ = static_cast<std::size_t>(it - starts.begin()) - 1;
                break;
            }
            ++line_;
        }
        return {line_ + 1, offset - starts[line_] + 1};
    }

private:
    const Source& source_;
    std::size_t line_ = 0;
};

struct PendingDiagnostic {
    std::size_t offset;
    Severity severity;
    std::string message;
};

// An open #if: does cowrap know its branch is compiled?
struct Conditional {
    bool known_live = false;  // the #else of a #if 0
    bool guard_candidate = false;
    bool guard = false;         // #ifndef X + #define X around the file
    bool pending_else = false;  // a #if 0 block stopped at this #else/#elif, not yet read
    std::string_view name;
};

// The marked declaration being read.
struct Current {
    std::size_t begin = 0;
    bool at_boundary = false;
    std::size_t errors_before = 0;
    std::size_t mark_offset = 0;
    std::string_view mark_word;
    bool conditional = false;
    std::vector<Token> run;  // tokens from begin to '(', then to the end
    const MarkInfo* mark = nullptr;
    std::string name;
    std::size_t name_offset = 0;
    std::string return_type;
    std::size_t lparen = 0;
    std::vector<std::pair<std::size_t, std::size_t>> params;
    std::size_t end = 0;
    bool body = false;
};

// The ordinary prototype candidate being read (only with collect_prototypes).
struct PendingPrototype {
    std::size_t run_begin = 0;
    std::size_t run_end = 0;
    std::size_t params_begin = 0;
    std::size_t params_end = 0;
    std::vector<std::string_view> trailing;
    bool is_definition = false;
};

struct State {
    const Source& source;
    const ParseOptions& options;
    // What the grammar reads: the file after its splices are joined and its dead conditional
    // groups blanked (the file itself when it has neither).
    std::string_view text;
    const parse::Spliced& spliced;
    const char* base;
    std::vector<std::string_view> annotations;
    std::array<bool, 256> annotation_first{};  // the first bytes of the annotations
    std::vector<PendingDiagnostic> diagnostics;
    std::size_t errors = 0;
    // Offsets right after a `;`, `)` or `}` (and the start of the file): a declaration may
    // begin there. A bitmap, because a rewound attempt may already have passed later ones.
    std::vector<bool> boundary;
    std::vector<Conditional> conditionals;
    std::size_t next_directive = 0;  // directives before this offset were read already
    bool leading = false;            // still before the first token
    // The include guard is the file's first conditional, an #ifndef before any token, with the
    // matching #define right after it.
    bool seen_conditional = false;
    bool expect_guard_define = false;
    Current cur;
    // Tokens read since the mark of the current declaration; a token read again after a rewind
    // replaces those from that offset on.
    bool capturing = false;
    std::vector<Token> captured;
    PendingPrototype proto;
    ParseResult result;
    Locator locator;
    // Offsets of the conditional directives (#if ... #endif) the grammar read, in order.
    std::vector<std::size_t> conditional_directives;
    bool in_declaration = false;  // between a wrapper's mark and its end

    // The file's offset of an offset in `text`.
    std::size_t physical(std::size_t offset) const {
        return spliced.any ? spliced.physical(offset) : offset;
    }
    Location locate(std::size_t offset) { return locator(physical(offset)); }

    // The first conditional directive in [begin, end), if any.
    std::size_t conditional_in(std::size_t begin, std::size_t end) const {
        auto it =
            std::lower_bound(conditional_directives.begin(), conditional_directives.end(), begin);
        return it != conditional_directives.end() && *it < end ? *it : no_index;
    }
    void conditional_error(std::size_t offset) {
        error(offset,
              "preprocessor conditional inside a wrapper declaration: cowrap evaluates only "
              "integer-literal conditions such as '#if 0', so it cannot tell which branch "
              "the declaration has");
    }

    State(const Source& s, const ParseOptions& o, std::string_view t, const parse::Spliced& sp)
        : source(s),
          options(o),
          text(t),
          spliced(sp),
          base(t.data()),
          boundary(t.size() + 1, false),
          locator(s) {
        for (const std::string& a : builtin_annotations()) {
            annotations.emplace_back(a);
        }
        for (const std::string& a : options.annotations) {
            annotations.emplace_back(a);
        }
        for (std::string_view a : annotations) {
            if (!a.empty()) {
                annotation_first[static_cast<unsigned char>(a[0])] = true;
            }
        }
    }

    template <typename ActionInput>
    std::size_t at(const ActionInput& in) const {
        return static_cast<std::size_t>(in.begin() - base);
    }
    template <typename ActionInput>
    std::size_t after(const ActionInput& in) const {
        return static_cast<std::size_t>(in.end() - base);
    }

    void error(std::size_t offset, std::string message) {
        diagnostics.push_back({offset, Severity::error, std::move(message)});
        ++errors;
    }
    void note(std::size_t offset, std::string message) {
        diagnostics.push_back({offset, Severity::note, std::move(message)});
    }

    void capture(Token t) {
        while (!captured.empty() && captured.back().offset >= t.offset) {
            captured.pop_back();
        }
        captured.push_back(t);
    }

    bool is_annotation(std::string_view w) const {
        // Asked of most identifiers of a declaration: the first byte rules out most of them.
        if (w.empty() || !annotation_first[static_cast<unsigned char>(w[0])]) {
            return false;
        }
        return std::find(annotations.begin(), annotations.end(), w) != annotations.end();
    }

    bool in_unevaluated_conditional() const {
        return std::any_of(conditionals.begin(), conditionals.end(),
                           [](const Conditional& c) { return !c.guard && !c.known_live; });
    }

    // Directives may be read twice when an attempt rewinds; only the first reading counts.
    bool first_reading(std::size_t offset) {
        if (offset < next_directive) {
            return false;
        }
        next_directive = offset + 1;
        return true;
    }
};

// Does `extern "C"` (or "C++") stand right before `offset` (layout aside)?
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

// ---------------------------------------------------------------------------------------------
// The run of a marked declaration: specifiers, marks, name
// ---------------------------------------------------------------------------------------------

// Fills cur.mark, name and return type from cur.run; false when the run has no name after
// the mark (the mark is then reported as misplaced and reading goes on after it).
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
        if (find_mark(m.text) == nullptr) {
            st.error(m.offset, "unknown mark '" + std::string(m.text) + "'");
        } else if (k > 0) {
            st.error(m.offset, "two marks on one declaration: '" + std::string(run[marks[0]].text) +
                                   "' and '" + std::string(m.text) + "'");
        }
    }
    if (!marks.empty()) {
        cur.mark = find_mark(run[marks.front()].text);
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
    cur.name = std::string(name.text);
    cur.name_offset = name.offset;
    if (kept.empty()) {
        st.error(cur.mark_offset, "'" + cur.name + "' has no return type");
        return true;
    }
    for (std::size_t i : kept) {
        pieces.push_back({run[i].text, false});
    }
    cur.return_type = join_c(pieces);
    return true;
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
    for (const auto& [begin, end] : cur.params) {
        while (k < tokens.size() && tokens[k].offset < begin) {
            ++k;
        }
        std::size_t first = k;
        while (k < tokens.size() && tokens[k].offset < end) {
            ++k;
        }
        std::span<const Token> ptoks(tokens.data() + first, k - first);
        ParamText p = analyse_param(ptoks);
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
        param.decl = std::move(p.decl);
        param.field_decl = std::move(p.field_decl);
        param.type = std::move(p.type);
        param.name = std::string(ptoks[p.name].text);
        param.loc = st.locate(ptoks.front().offset);
        param.name_loc = st.locate(ptoks[p.name].offset);
        d.params.push_back(std::move(param));
    }
    if (st.errors > cur.errors_before || cur.mark == nullptr) {
        return;
    }
    d.file = st.source.path;
    d.mark = cur.mark->mark;
    d.name = std::move(cur.name);
    d.return_type = std::move(cur.return_type);
    d.text = join_plain(tokens);
    if (cur.conditional) {
        st.note(cur.name_offset, "'" + d.name +
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

// ---------------------------------------------------------------------------------------------
// Actions
// ---------------------------------------------------------------------------------------------

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
        cur.run.clear();
        st.capturing = false;
        cur.params.clear();
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
        st.capturing = true;
        st.captured.clear();
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
        // The specifiers before the mark are re-read (they were read before it was known that
        // a declaration had started); the rest was collected.
        std::vector<Token>& run = st.cur.run;
        run.clear();
        lex_into(run, st.base, st.cur.begin, st.cur.mark_offset);
        run.insert(run.end(), st.captured.begin(), st.captured.end());
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
    }
};

template <>
struct action<g::wrapper_param_declaration> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        st.cur.params.emplace_back(st.at(in), st.after(in));
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
struct action<g::run> {
    template <typename ActionInput>
    static void apply(const ActionInput& in, State& st) {
        if (st.options.collect_prototypes) {
            st.proto.run_begin = st.at(in);
            st.proto.run_end = st.after(in);
        }
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

bool starts_with_bom(std::string_view text) {
    return text.starts_with("\xEF\xBB\xBF");
}

}  // namespace

const std::vector<std::string>& builtin_annotations() {
    static const std::vector<std::string> names = {
        "coroutine_fn", "no_coroutine_fn", "coroutine_mixed_fn",        "GRAPH_RDLOCK",
        "GRAPH_WRLOCK", "GRAPH_UNLOCKED",  "G_GNUC_WARN_UNUSED_RESULT", "QEMU_WARN_UNUSED_RESULT"};
    return names;
}

ParseResult parse_source(const Source& source, const ParseOptions& options) {
    // Translation phases 2 and 3 for what cowrap reads: splices joined, then the groups that
    // literal conditions prove dead blanked. Without either, the file is read as it is.
    parse::Spliced spliced = parse::join_splices(source.text);
    std::string own;
    std::string_view text = source.text;
    if (spliced.any) {
        own = std::move(spliced.text);
        text = own;
    }
    if (parse::may_have_literal_conditionals(text)) {
        if (!spliced.any) {
            own = source.text;
        }
        if (parse::blank_dead_groups(own) || spliced.any) {
            text = own;
        }
    }
    State st(source, options, text, spliced);
    try {
        Input in(text.data(), text.data() + text.size(), source.path);
        (void)pegtl::parse<g::translation_unit, action, control>(in, st);
    } catch (const pegtl::parse_error& e) {
        std::size_t offset = e.positions().empty() ? 0 : e.positions().front().byte;
        st.error(offset, std::string(e.message()));
    } catch (const std::exception& e) {
        st.error(0, std::string("cannot parse: ") + e.what());
    }

    // Rewound attempts may report a problem twice.
    auto& pending = st.diagnostics;
    std::stable_sort(
        pending.begin(), pending.end(),
        [](const PendingDiagnostic& a, const PendingDiagnostic& b) { return a.offset < b.offset; });
    pending.erase(std::unique(pending.begin(), pending.end(),
                              [](const PendingDiagnostic& a, const PendingDiagnostic& b) {
                                  return a.offset == b.offset && a.message == b.message;
                              }),
                  pending.end());
    const bool bom = starts_with_bom(text);
    for (PendingDiagnostic& p : pending) {
        Location loc = locate(source, st.physical(p.offset));
        Diagnostic d{p.severity, source.path, loc, std::move(p.message)};
        st.result.diagnostics.push_back(std::move(d));
    }
    // Columns on the first line do not count an invisible byte-order mark.
    auto fix = [&](Location& loc) {
        if (bom && loc.line == 1 && loc.column > 3) {
            loc.column -= 3;
        }
    };
    for (Declaration& d : st.result.declarations) {
        fix(d.mark_loc);
        fix(d.name_loc);
        for (Param& p : d.params) {
            fix(p.loc);
            fix(p.name_loc);
        }
    }
    for (Prototype& p : st.result.prototypes) {
        fix(p.name_loc);
        for (Location& l : p.param_locs) {
            fix(l);
        }
    }
    for (Diagnostic& d : st.result.diagnostics) {
        fix(d.loc);
    }
    return std::move(st.result);
}

}  // namespace cowrap
