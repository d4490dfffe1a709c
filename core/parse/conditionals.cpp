#include "core/parse/conditionals.hpp"

#include <cstdint>
#include <cstring>
#include <utility>
#include <vector>

namespace cowrap::parse {

namespace {

bool is_ident(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '$' || static_cast<unsigned char>(c) >= 0x80;
}

// Recursive descent over the condition's characters; comments count as spaces.
class Evaluator {
public:
    explicit Evaluator(std::string_view s) : s_(s) {}

    std::optional<bool> run() {
        std::optional<std::uint64_t> v = disjunction(0);
        skip();
        if (!v || i_ != s_.size()) {
            return std::nullopt;
        }
        return *v != 0;
    }

private:
    // Deeper than this is not worth evaluating (and must not overflow the stack).
    static constexpr int max_depth = 64;

    void skip() {
        while (i_ < s_.size()) {
            const char c = s_[i_];
            if (c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\n' || c == '\r') {
                ++i_;
            } else if (s_.substr(i_, 2) == "/*") {
                std::size_t e = s_.find("*/", i_ + 2);
                i_ = e == std::string_view::npos ? s_.size() : e + 2;
            } else if (s_.substr(i_, 2) == "//") {
                i_ = s_.size();
            } else {
                break;
            }
        }
    }
    bool eat(std::string_view op) {
        skip();
        if (s_.substr(i_, op.size()) == op) {
            i_ += op.size();
            return true;
        }
        return false;
    }

    std::optional<std::uint64_t> disjunction(int depth) {
        std::optional<std::uint64_t> v = conjunction(depth);
        while (v && eat("||")) {
            std::optional<std::uint64_t> r = conjunction(depth);
            v = r ? std::optional<std::uint64_t>(*v != 0 || *r != 0) : std::nullopt;
        }
        return v;
    }
    std::optional<std::uint64_t> conjunction(int depth) {
        std::optional<std::uint64_t> v = unary(depth);
        while (v && eat("&&")) {
            std::optional<std::uint64_t> r = unary(depth);
            v = r ? std::optional<std::uint64_t>(*v != 0 && *r != 0) : std::nullopt;
        }
        return v;
    }
    std::optional<std::uint64_t> unary(int depth) {
        if (depth > max_depth) {
            return std::nullopt;
        }
        skip();
        if (i_ >= s_.size()) {
            return std::nullopt;
        }
        const char c = s_[i_];
        const bool doubled = i_ + 1 < s_.size() && s_[i_ + 1] == c;
        if (c == '!' && !(i_ + 1 < s_.size() && s_[i_ + 1] == '=')) {
            ++i_;
            std::optional<std::uint64_t> v = unary(depth + 1);
            return v ? std::optional<std::uint64_t>(*v == 0) : std::nullopt;
        }
        if (c == '~') {
            ++i_;
            std::optional<std::uint64_t> v = unary(depth + 1);
            return v ? std::optional<std::uint64_t>(~*v) : std::nullopt;
        }
        if ((c == '-' || c == '+') && !doubled) {
            ++i_;
            std::optional<std::uint64_t> v = unary(depth + 1);
            return v ? std::optional<std::uint64_t>(c == '-' ? 0 - *v : *v) : std::nullopt;
        }
        if (c == '(') {
            ++i_;
            std::optional<std::uint64_t> v = disjunction(depth + 1);
            if (!v || !eat(")")) {
                return std::nullopt;
            }
            return v;
        }
        return literal();
    }
    // An integer literal: decimal, octal, 0x or 0b, with u/l suffixes; nothing on overflow.
    std::optional<std::uint64_t> literal() {
        std::size_t j = i_;
        if (j >= s_.size() || s_[j] < '0' || s_[j] > '9') {
            return std::nullopt;
        }
        unsigned base = 10;
        if (s_[j] == '0') {
            base = 8;
            if (j + 1 < s_.size() && (s_[j + 1] == 'x' || s_[j + 1] == 'X')) {
                base = 16;
                j += 2;
            } else if (j + 1 < s_.size() && (s_[j + 1] == 'b' || s_[j + 1] == 'B')) {
                base = 2;
                j += 2;
            }
        }
        const std::size_t digits = j;
        std::uint64_t v = 0;
        for (; j < s_.size(); ++j) {
            const char c = s_[j];
            unsigned d = 0;
            if (c >= '0' && c <= '9') {
                d = static_cast<unsigned>(c - '0');
            } else if (c >= 'a' && c <= 'f' && base == 16) {
                d = static_cast<unsigned>(c - 'a' + 10);
            } else if (c >= 'A' && c <= 'F' && base == 16) {
                d = static_cast<unsigned>(c - 'A' + 10);
            } else {
                break;
            }
            if (d >= base || v > (UINT64_MAX - d) / base) {
                return std::nullopt;
            }
            v = v * base + d;
        }
        if (j == digits && base != 8) {
            return std::nullopt;  // "0x" alone
        }
        std::size_t u = 0;
        std::size_t l = 0;
        for (; j < s_.size() && is_ident(s_[j]); ++j) {
            const char c = s_[j];
            if (c == 'u' || c == 'U') {
                ++u;
            } else if (c == 'l' || c == 'L') {
                ++l;
            } else {
                return std::nullopt;
            }
        }
        if (u > 1 || l > 2) {
            return std::nullopt;
        }
        i_ = j;
        return v;
    }

    std::string_view s_;
    std::size_t i_ = 0;
};

// The directive that starts at `i` (on `#` or `%:`): its end, name and condition.
struct Directive {
    std::size_t begin;
    std::size_t end;  // the line break that ends it (or the end of the text)
    std::string_view name;
    std::string_view rest;
    bool complete = true;  // false: a comment in it runs to the end of the text
};

// Past a loose literal starting at `i` (on its quote): it ends at its quote or the line.
std::size_t skip_literal(std::string_view t, std::size_t i) {
    const char q = t[i++];
    while (i < t.size() && t[i] != q && t[i] != '\n' && t[i] != '\r') {
        i += (t[i] == '\\' && i + 1 < t.size() && t[i + 1] != '\n' && t[i + 1] != '\r') ? 2 : 1;
    }
    return i < t.size() && t[i] == q ? i + 1 : i;
}

Directive read_directive(std::string_view t, std::size_t i) {
    Directive d{i, i, {}, {}};
    std::size_t j = skip_directive_space(t, i + (t[i] == '#' ? 1 : 2));
    const std::size_t name_begin = j;
    while (j < t.size() && is_ident(t[j])) {
        ++j;
    }
    d.name = t.substr(name_begin, j - name_begin);
    const std::size_t rest_begin = j;
    // To the line break that is not inside a comment; quotes run to the end of the line.
    while (j < t.size() && t[j] != '\n' && t[j] != '\r') {
        if (t.substr(j, 2) == "/*") {
            std::size_t e = t.find("*/", j + 2);
            if (e == std::string_view::npos) {
                d.complete = false;
                j = t.size();
                break;
            }
            j = e + 2;
        } else if (t.substr(j, 2) == "//") {
            while (j < t.size() && t[j] != '\n' && t[j] != '\r') {
                ++j;
            }
        } else if (t[j] == '"' || t[j] == '\'') {
            j = skip_literal(t, j);
        } else {
            ++j;
        }
    }
    d.end = j;
    d.rest = t.substr(rest_begin, j - rest_begin);
    return d;
}

// One #if ... #endif chain while it is read.
struct Chain {
    bool unknown = false;  // some condition could not be evaluated
    bool taken = false;    // a branch is certainly taken: the rest are dead
    bool dead = false;     // the current group is dead
    int nested = 0;        // conditionals opened inside the current dead group
    std::size_t group_begin = 0;
    std::vector<std::pair<std::size_t, std::size_t>> lines;  // its directive lines
    std::vector<std::pair<std::size_t, std::size_t>> dead_groups;
};

void blank(std::string& text, std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
        if (text[i] != '\n' && text[i] != '\r') {
            text[i] = ' ';
        }
    }
}

}  // namespace

std::size_t skip_directive_space(std::string_view text, std::size_t i) {
    while (i < text.size()) {
        if (text[i] == ' ' || text[i] == '\t' || text[i] == '\f' || text[i] == '\v') {
            ++i;
        } else if (text.substr(i, 2) == "/*") {
            std::size_t e = text.find("*/", i + 2);
            i = e == std::string_view::npos ? text.size() : e + 2;
        } else {
            break;
        }
    }
    return i;
}

std::optional<bool> evaluate_condition(std::string_view condition) {
    return Evaluator(condition).run();
}

bool may_have_literal_conditionals(std::string_view text) {
    if (text.find("%:") != std::string_view::npos) {
        return true;
    }
    std::size_t i = 0;
    while (i < text.size()) {
        const void* p = std::memchr(text.data() + i, '#', text.size() - i);
        if (p == nullptr) {
            return false;
        }
        i = static_cast<std::size_t>(static_cast<const char*>(p) - text.data()) + 1;
        std::size_t j = i;
        while (j < text.size() && (text[j] == ' ' || text[j] == '\t')) {
            ++j;
        }
        std::string_view w = text.substr(j, 4);
        if (j < text.size() && text[j] == '/') {
            return true;  // a comment before the name: read it properly
        }
        std::size_t k = 0;
        if (w.starts_with("if") && !w.starts_with("ifd") && !w.starts_with("ifn")) {
            k = j + 2;
        } else if (w == "elif") {
            k = j + 4;
        } else {
            continue;
        }
        while (k < text.size() && (text[k] == ' ' || text[k] == '\t')) {
            ++k;
        }
        // `#if defined(X)` and `#if FOO` are never evaluated; anything else may be.
        if (k < text.size() && !((text[k] >= 'a' && text[k] <= 'z') ||
                                 (text[k] >= 'A' && text[k] <= 'Z') || text[k] == '_')) {
            return true;
        }
    }
    return false;
}

bool blank_dead_groups(std::string& text) {
    const std::string_view t = text;
    std::vector<Chain> chains;
    std::vector<std::pair<std::size_t, std::size_t>> blanks;
    bool line_start = true;
    std::size_t i = 0;
    while (i < t.size()) {
        const char c = t[i];
        if (c == '\n' || c == '\r') {
            line_start = true;
            ++i;
        } else if (c == ' ' || c == '\t' || c == '\f' || c == '\v') {
            ++i;
        } else if (c == '/' && i + 1 < t.size() && t[i + 1] == '*') {
            std::size_t e = t.find("*/", i + 2);
            if (e == std::string_view::npos) {
                break;  // unterminated: the grammar reports it
            }
            i = e + 2;
        } else if (c == '/' && i + 1 < t.size() && t[i + 1] == '/') {
            while (i < t.size() && t[i] != '\n' && t[i] != '\r') {
                ++i;
            }
        } else if (line_start && (c == '#' || (c == '%' && i + 1 < t.size() && t[i + 1] == ':'))) {
            const Directive d = read_directive(t, i);
            i = d.end;
            if (!d.complete) {
                break;
            }
            Chain* top = chains.empty() ? nullptr : &chains.back();
            const std::string_view n = d.name;
            const bool opens = n == "if" || n == "ifdef" || n == "ifndef";
            const bool switches = n == "elif" || n == "else" || n == "elifdef" || n == "elifndef";
            if (top != nullptr && top->dead && top->nested > 0) {
                top->nested += opens ? 1 : n == "endif" ? -1 : 0;
                continue;
            }
            if (top != nullptr && top->dead && opens) {
                ++top->nested;
                continue;
            }
            if (opens) {
                Chain ch;
                std::optional<bool> v;
                if (n == "if") {
                    v = evaluate_condition(d.rest);
                }
                ch.unknown = !v;
                ch.taken = v.value_or(false);
                ch.dead = v.has_value() && !*v;
                ch.group_begin = d.end;
                ch.lines.emplace_back(d.begin, d.end);
                chains.push_back(std::move(ch));
            } else if (top != nullptr && (switches || n == "endif")) {
                if (top->dead) {
                    top->dead_groups.emplace_back(top->group_begin, d.begin);
                }
                top->lines.emplace_back(d.begin, d.end);
                top->group_begin = d.end;
                if (n == "endif") {
                    if (!top->unknown) {
                        blanks.insert(blanks.end(), top->lines.begin(), top->lines.end());
                    }
                    blanks.insert(blanks.end(), top->dead_groups.begin(), top->dead_groups.end());
                    chains.pop_back();
                    continue;
                }
                if (top->taken) {
                    top->dead = true;
                    continue;
                }
                std::optional<bool> v;
                if (n == "else") {
                    v = true;
                } else if (n == "elif") {
                    v = evaluate_condition(d.rest);
                }
                top->unknown = top->unknown || !v;
                top->taken = v.value_or(false);
                top->dead = v.has_value() && !*v;
            }
        } else if (c == '"' || c == '\'') {
            line_start = false;
            i = skip_literal(t, i);
        } else {
            line_start = false;
            ++i;
            while (i < t.size() && is_ident(t[i])) {
                ++i;
            }
        }
    }
    for (auto [b, e] : blanks) {
        blank(text, b, e);
    }
    return !blanks.empty();
}

}  // namespace cowrap::parse
