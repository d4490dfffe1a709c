#include "core/param_text.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "core/parse/spelling.hpp"

namespace cowrap {

namespace {

bool is_char(std::string_view t, char c) {
    return t.size() == 1 && t[0] == c;
}
bool is_opener(std::string_view t) {
    return is_char(t, '(') || is_char(t, '[');
}
bool is_closer(std::string_view t) {
    return is_char(t, ')') || is_char(t, ']');
}

// For each `(`/`[`/`{` the index of its closer (no_index when unbalanced), in one pass.
void match_brackets(std::span<const Token> t, std::vector<std::size_t>& match) {
    match.assign(t.size(), no_index);
    thread_local std::vector<std::size_t> open;
    open.clear();
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (is_opener(t[i].text) || t[i].text == "{") {
            open.push_back(i);
        } else if (is_closer(t[i].text) || t[i].text == "}") {
            if (open.empty()) {
                continue;
            }
            std::size_t o = open.back();
            open.pop_back();
            const char want = t[i].text == ")" ? '(' : t[i].text == "]" ? '[' : '{';
            if (t[o].text[0] == want) {
                match[o] = i;
            }
        }
    }
}

// Walks one parameter declaration the way grammar::param_declaration reads it, and notes the
// names of the declarator and of every parameter nested in a function-pointer type.
struct Walker {
    std::span<const Token> t;
    std::vector<std::size_t>& match;
    std::vector<bool>& is_name;

    Walker(std::span<const Token> tokens, std::vector<std::size_t>& m, std::vector<bool>& n)
        : t(tokens), match(m), is_name(n) {
        match_brackets(t, match);
        is_name.assign(t.size(), false);
    }

    bool is(std::size_t i, std::string_view s) const { return i < t.size() && t[i].text == s; }

    std::size_t closer_of(std::size_t i, std::size_t end) const {
        return match[i] != no_index && match[i] < end ? match[i] : no_index;
    }

    // Specifier tokens (identifiers, `*`, attributes) from i; the run ends at `end_of_run`.
    RunShape scan_run(std::size_t i, std::size_t end, std::size_t& end_of_run) const {
        RunShape r;
        while (i < end) {
            if (is_attribute_keyword(t[i].text) && is(i + 1, "(")) {
                std::size_t c = closer_of(i + 1, end);
                if (c == no_index) {
                    break;
                }
                i = c + 1;
            } else if (is_identifier(t[i].text) || t[i].text == "*") {
                r.add(t[i].text, i);
                ++i;
            } else {
                break;
            }
        }
        end_of_run = i;
        return r;
    }

    bool paren_declarator_at(std::size_t i, std::size_t end) const {
        return i + 1 < end && t[i].text == "(" && (t[i + 1].text == "*" || t[i + 1].text == "(");
    }

    // Inside `( ... )` of a parenthesised declarator: pointers, qualifiers, then the name.
    bool inside(std::size_t b, std::size_t end, std::size_t& name) {
        std::size_t i = 0;
        RunShape r = scan_run(b, end, i);
        if (paren_declarator_at(i, end)) {
            std::size_t c = closer_of(i, end);
            if (c == no_index || !inside(i + 1, c, name)) {
                return false;
            }
            i = c + 1;
        } else if (r.last != no_index) {
            std::string_view w = t[r.last].text;
            if (is_identifier(w) && !is_c_keyword(w)) {
                name = r.last;
            }
            // Only pointers and qualifiers may stand before the name here.
            if (r.other_type_names(name) != 0 || r.type_keywords != 0) {
                return false;
            }
        }
        return suffixes(i, end);
    }

    bool suffixes(std::size_t i, std::size_t end) {
        while (i < end) {
            std::size_t c = (is(i, "[") || is(i, "(")) ? closer_of(i, end) : no_index;
            if (c == no_index) {
                return false;
            }
            if (t[i].text == "(" && !param_list(i + 1, c)) {
                return false;
            }
            i = c + 1;
        }
        return true;
    }

    // The parameters of a function suffix; their names are dropped from the type.
    bool param_list(std::size_t b, std::size_t end) {
        if (b == end || (end - b == 1 && t[b].text == "void")) {
            return true;
        }
        std::size_t start = b;
        for (std::size_t i = b; i <= end; ++i) {
            if (i < end && t[i].text != ",") {
                std::size_t c = is_opener(t[i].text) ? closer_of(i, end) : no_index;
                if (c != no_index) {
                    i = c;
                }
                continue;
            }
            if (start == i) {
                return false;
            }
            if (!(i - start == 1 && t[start].text == "...")) {
                std::size_t name = no_index;
                if (!param(start, i, name)) {
                    return false;
                }
                if (name != no_index) {
                    is_name[name] = true;
                }
            }
            start = i + 1;
        }
        return true;
    }

    bool param(std::size_t b, std::size_t end, std::size_t& name) {
        std::size_t i = 0;
        RunShape r = scan_run(b, end, i);
        if (r.words == 0) {
            return false;
        }
        if (paren_declarator_at(i, end)) {
            std::size_t c = closer_of(i, end);
            if (c == no_index || !inside(i + 1, c, name)) {
                return false;
            }
            i = c + 1;
            if (!r.plausible(no_index)) {
                return false;
            }
        } else {
            name = r.outer_name();
            if (!r.plausible(name)) {
                return false;
            }
        }
        return suffixes(i, end);
    }
};

}  // namespace

std::size_t RunShape::outer_name() const {
    if (words < 2) {
        return no_index;
    }
    if (!is_identifier(last_text) || (last_class & parse::keyword_word) != 0 ||
        (before_last_class & parse::tag_word) != 0) {
        return no_index;
    }
    // The name itself is one of the type words; another must come before it.
    return type_words >= 2 ? last : no_index;
}

bool is_c_keyword(std::string_view t) {
    return (parse::word_class(t) & parse::keyword_word) != 0;
}

bool is_attribute_keyword(std::string_view t) {
    return (parse::word_class(t) & parse::attribute_word) != 0;
}

std::string_view join_plain(TextArena& arena, std::span<const Token> tokens,
                            std::string_view within) {
    if (tokens.empty()) {
        return {};
    }
    std::size_t size = tokens.size() - 1;
    for (const Token& t : tokens) {
        size += t.text.size();
    }
    // Written in place: this runs for every declaration (the cache's record). A short token
    // inside `within` is copied as 16 bytes, a constant size the compiler does in two moves,
    // where a call to memcpy cost more than the bytes; the arena's slack takes the overshoot.
    constexpr std::size_t wide = 16;
    char* const first = arena.room(size, wide);
    char* p = first;
    const auto lo = reinterpret_cast<std::uintptr_t>(within.data());
    // The last offset in `within` a wide copy may start at (unsigned: a token before it wraps).
    const std::uintptr_t last = within.size() >= wide ? within.size() - wide : 0;
    const bool fast = within.size() >= wide;
    for (const Token& t : tokens) {
        if (p != first) {
            *p++ = ' ';
        }
        const auto from = reinterpret_cast<std::uintptr_t>(t.text.data());
        if (fast && t.text.size() <= wide && from - lo <= last) {
            std::memcpy(p, t.text.data(), wide);
        } else {
            std::memcpy(p, t.text.data(), t.text.size());
        }
        p += t.text.size();
    }
    return {first, size};
}

namespace {

// Appends pieces one at a time with the spacing of join_c.
class CJoiner {
public:
    explicit CJoiner(std::string& out) : out_(out) {}

    void add(std::string_view text, bool name) {
        const bool in_expression = !expression_.empty() && expression_.back() == 'e';
        if (has_prev_) {
            bool space = true;
            if (is_opener(prev_) || is_closer(text) || text == "," || text == "[") {
                space = false;
            } else if (in_expression) {
                space = !(text == "(" && (is_identifier(prev_) || prev_ == ")"));
            } else if (prev_ == "*") {
                space = false;
            } else if (text == "(") {
                space = !(prev_ == ")" || prev_name_ || is_attribute_keyword(prev_));
            }
            if (space) {
                out_ += ' ';
            }
        }
        // Per open bracket: is its content an expression (array size, attribute argument)?
        if (text == "[") {
            expression_ += 'e';
        } else if (text == "(") {
            expression_ +=
                (in_expression || (has_prev_ && is_attribute_keyword(prev_))) ? 'e' : 'd';
        } else if (is_closer(text) && !expression_.empty()) {
            expression_.pop_back();
        }
        out_ += text;
        prev_ = text;
        prev_name_ = name;
        has_prev_ = true;
    }

private:
    std::string& out_;
    std::string expression_;
    std::string_view prev_;
    bool prev_name_ = false;
    bool has_prev_ = false;
};

}  // namespace

void join_c_to(std::string& out, std::span<const Piece> pieces) {
    CJoiner j(out);
    for (const Piece& p : pieces) {
        j.add(p.text, p.name);
    }
}

std::string join_c(std::span<const Piece> pieces) {
    std::string out;
    join_c_to(out, pieces);
    return out;
}

namespace {

// The index of the closer of the bracket at `open` (the tokens are balanced: the grammar read
// them), or no_index.
std::size_t closer_at(std::span<const Token> t, std::size_t open) {
    std::size_t depth = 0;
    for (std::size_t i = open; i < t.size(); ++i) {
        if (is_opener(t[i].text) || t[i].text == "{") {
            ++depth;
        } else if ((is_closer(t[i].text) || t[i].text == "}") && --depth == 0) {
            return i;
        }
    }
    return no_index;
}

// decl, field_decl and type of a parameter whose shape is known good, from its tokens, the index
// of its name (or no_index) and which tokens are names (its own and its nested parameters').
void render_param(std::span<const Token> t, std::size_t name, const std::vector<bool>& is_name,
                  ParamText& r) {
    r.decl.clear();
    r.field_decl.clear();
    r.type.clear();
    r.ok = true;
    r.name = name;
    {
        CJoiner j(r.decl);
        for (std::size_t i = 0; i < t.size(); ++i) {
            j.add(t[i].text, is_name[i]);
        }
    }

    // C adjusts an array parameter to a pointer to its element, and a function parameter to a
    // pointer to the function: `int m[3][4]` is `int (*m)[4]`, `void cb(int)` is
    // `void (*cb)(int)`. A struct field must say so. The tail from `rest` on is kept.
    std::size_t rest = no_index;
    bool wrap = false;
    if (name != no_index && name + 1 < t.size()) {
        std::size_t next = name + 1;
        const std::size_t close = t[next].text == "[" ? closer_at(t, next) : no_index;
        if (close != no_index) {
            rest = close + 1;
            wrap = rest < t.size() && (t[rest].text == "[" || t[rest].text == "(");
        } else if (t[next].text == "(") {
            rest = next;
            wrap = true;
        }
    }
    // The field with names (with_names) or the type without any.
    auto render = [&](std::string& out, bool with_names) {
        CJoiner j(out);
        auto add = [&](std::size_t i) {
            if (with_names || !is_name[i]) {
                j.add(t[i].text, is_name[i]);
            }
        };
        if (rest == no_index) {
            for (std::size_t i = 0; i < t.size(); ++i) {
                add(i);
            }
            return;
        }
        for (std::size_t i = 0; i < name; ++i) {
            add(i);
        }
        if (wrap) {
            j.add("(", false);
        }
        j.add("*", false);
        add(name);
        if (wrap) {
            j.add(")", false);
        }
        for (std::size_t i = rest; i < t.size(); ++i) {
            add(i);
        }
    };
    if (rest == no_index) {
        r.field_decl = r.decl;
    } else {
        render(r.field_decl, true);
    }
    render(r.type, false);
}

}  // namespace

ParamText analyse_param(std::span<const Token> t) {
    thread_local std::vector<std::size_t> match;
    thread_local std::vector<bool> is_name;
    Walker w(t, match, is_name);
    std::size_t name = no_index;
    if (t.empty() || !w.param(0, t.size(), name)) {
        return {};
    }
    if (name != no_index) {
        is_name[name] = true;
    }
    ParamText r;
    render_param(t, name, is_name, r);
    return r;
}

void declarator_param(std::span<const Token> t, std::size_t name_offset,
                      std::span<const std::size_t> nested_names, ParamText& out) {
    thread_local std::vector<bool> is_name;
    is_name.assign(t.size(), false);
    std::size_t name = no_index;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (t[i].offset == name_offset) {
            name = i;
            is_name[i] = true;
        } else if (std::find(nested_names.begin(), nested_names.end(), t[i].offset) !=
                   nested_names.end()) {
            is_name[i] = true;
        }
    }
    if (name_offset != no_index && name == no_index) {
        out.ok = false;  // cannot happen: the name is one of the tokens
        return;
    }
    render_param(t, name, is_name, out);
}

namespace {

// Whether words and `*` stand in the source as their spelling has them (one space between
// tokens, none after `*`): most parameters do, and their spelling is then one copy of the
// source, not an append per token. Each token's text must be the source's bytes at its offset
// (compared as addresses: a token spelled elsewhere, in an arena, never passes).
bool laid_out_plainly(std::span<const Token> t) {
    const auto first = reinterpret_cast<std::uintptr_t>(t.front().text.data());
    for (std::size_t i = 1; i < t.size(); ++i) {
        const Token& prev = t[i - 1];
        const bool after_star = is_char(prev.text, '*');
        const std::size_t expected = prev.offset + prev.text.size() + (after_star ? 0 : 1);
        if (t[i].offset != expected ||
            reinterpret_cast<std::uintptr_t>(t[i].text.data()) !=
                first + (t[i].offset - t.front().offset) ||
            (!after_star && t[i].text.data()[-1] != ' ')) {
            return false;
        }
    }
    return true;
}

}  // namespace

void simple_param(std::span<const Token> t, const RunShape& shape, ParamText& r) {
    r.ok = false;
    r.name = no_index;
    r.decl.clear();
    r.field_decl.clear();
    r.type.clear();
    if (shape.words == 0) {
        return;
    }
    const std::size_t name_offset = shape.outer_name();
    if (!shape.plausible(name_offset)) {
        return;
    }
    std::size_t name = no_index;
    if (name_offset != no_index) {
        for (std::size_t i = t.size(); i-- > 0;) {
            if (t[i].offset == name_offset) {
                name = i;
                break;
            }
        }
        if (name == no_index) {
            return;  // cannot happen: the name is one of the tokens
        }
    }
    r.ok = true;
    r.name = name;
    bool plain = true;  // words and `*` only, no attribute
    for (const Token& x : t) {
        plain = plain && (x.text[0] != '_' || !is_attribute_keyword(x.text));
    }
    if (plain && laid_out_plainly(t)) {
        // The source already reads as the spelling: copy it at once.
        r.decl.append(t.front().text.data(),
                      t.back().offset + t.back().text.size() - t.front().offset);
    } else if (plain) {
        // What CJoiner gives for words and `*`: one space between tokens, none after `*`.
        for (std::size_t i = 0; i < t.size(); ++i) {
            if (i > 0 && t[i - 1].text != "*") {
                r.decl += ' ';
            }
            r.decl += t[i].text;
        }
    } else {
        CJoiner j(r.decl);
        for (std::size_t i = 0; i < t.size(); ++i) {
            j.add(t[i].text, i == name);
        }
    }
    // Only attributes may follow the name: nothing to adjust. Appends into the cleared, reused
    // buffers (assign goes through the general replace, with its aliasing checks).
    r.field_decl.append(r.decl);
    if (name != no_index && name + 1 == t.size()) {
        // The joiner's spacing depends on the previous token only: the type is the
        // declaration without its last word and the space before it.
        std::size_t n = r.decl.size() - t[name].text.size();
        if (n > 0 && r.decl[n - 1] == ' ') {
            --n;
        }
        r.type.append(r.decl, 0, n);
    } else {
        CJoiner j(r.type);
        for (std::size_t i = 0; i < t.size(); ++i) {
            if (i != name) {
                j.add(t[i].text, false);
            }
        }
    }
}

std::optional<std::vector<std::string>> param_types(std::span<const Token> group) {
    std::vector<std::string> types;
    if (group.size() < 2 || group.front().text != "(" || group.back().text != ")") {
        return std::nullopt;
    }
    std::span<const Token> inner = group.subspan(1, group.size() - 2);
    if (inner.empty() || (inner.size() == 1 && inner[0].text == "void")) {
        return types;
    }
    std::vector<std::size_t> match;
    match_brackets(inner, match);
    std::size_t start = 0;
    for (std::size_t i = 0; i <= inner.size(); ++i) {
        if (i < inner.size() && inner[i].text != ",") {
            if (match[i] != no_index) {
                i = match[i];
            }
            continue;
        }
        std::span<const Token> one = inner.subspan(start, i - start);
        if (one.size() == 1 && one[0].text == "...") {
            types.emplace_back("...");
        } else {
            ParamText p = analyse_param(one);
            if (!p.ok) {
                return std::nullopt;
            }
            types.push_back(std::move(p.type));
        }
        start = i + 1;
    }
    return types;
}

}  // namespace cowrap
