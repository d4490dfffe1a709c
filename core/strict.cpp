#include "core/strict.hpp"

#include <algorithm>
#include <array>
#include <iterator>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "core/names.hpp"

namespace cowrap {

namespace {

// One declaration of a function name: an ordinary prototype, or a wrapper (the generated code
// defines W, so W is declared as far as its callers are concerned).
struct Callee {
    std::string_view file;
    Location name_loc;
    std::string_view return_type;
    std::vector<std::string> param_types;
    std::vector<Location> param_locs;
    bool coroutine = false;  // coroutine_fn
    bool mixed = false;      // coroutine_mixed_fn: fine in and out of coroutines
    const Declaration* wrapper = nullptr;
    bool is_definition = false;
};

bool has(const std::vector<std::string>& words, std::string_view w) {
    return std::find(words.begin(), words.end(), w) != words.end();
}

bool is_top_qualifier(std::string_view w) {
    static constexpr std::array<std::string_view, 11> words = {
        "const",     "volatile",   "restrict",     "__restrict", "__restrict__", "__const",
        "__const__", "__volatile", "__volatile__", "register",   "_Atomic"};
    return std::find(words.begin(), words.end(), w) != words.end();
}

// C ignores a parameter's top-level qualifiers in the function's type (`const int64_t n` is
// `int64_t n`), so they must not make two declarations differ. Types with `(` are kept as is.
std::string comparable(std::string_view type) {
    if (type.find('(') != std::string_view::npos) {
        return std::string(type);
    }
    const std::size_t star = type.rfind('*');
    const std::size_t from = star == std::string_view::npos ? 0 : star + 1;
    std::string out(type.substr(0, from));
    std::string_view rest = type.substr(from);
    std::string words;
    while (!rest.empty()) {
        const std::size_t space = rest.find(' ');
        std::string_view w = rest.substr(0, space);
        rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
        if (!w.empty() && !is_top_qualifier(w)) {
            words += (words.empty() ? "" : " ") + std::string(w);
        }
    }
    if (star == std::string_view::npos) {
        return words;
    }
    while (!out.empty() && out.back() == ' ') {
        out.pop_back();
    }
    return out + words;
}

std::string plural(std::size_t n, std::string_view word) {
    return std::to_string(n) + " " + std::string(word) + (n == 1 ? "" : "s");
}

Diagnostic declared_here(const Callee& c, const std::string& name, Location loc,
                         std::string_view extra = {}) {
    std::string what = c.wrapper != nullptr ? "'" + name + "' is declared here, as a wrapper (" +
                                                  std::string(mark_info(c.wrapper->mark).name) + ")"
                                            : "'" + name + "' is declared here";
    return note_at(c.file, loc, what + std::string(extra));
}

using Index = std::unordered_map<std::string_view, std::vector<Callee>>;

Index index_callees(const std::vector<Declaration>& declarations,
                    const std::vector<Prototype>& prototypes) {
    Index index;
    for (const Prototype& p : prototypes) {
        Callee c;
        c.file = p.file;
        c.name_loc = p.name_loc;
        c.return_type = p.return_type;
        c.param_locs = p.param_locs;
        c.param_types.reserve(p.param_types.size());
        for (const std::string& t : p.param_types) {
            c.param_types.push_back(comparable(t));
        }
        c.coroutine = has(p.annotations, "coroutine_fn");
        c.mixed = has(p.annotations, "coroutine_mixed_fn");
        c.is_definition = p.is_definition;
        index[p.name].push_back(std::move(c));
    }
    for (const Declaration& d : declarations) {
        Callee c;
        c.file = d.file;
        c.name_loc = d.name_loc;
        c.return_type = d.return_type;
        for (const Param& p : d.params) {
            c.param_types.push_back(comparable(p.type));
            c.param_locs.push_back(p.loc);
        }
        // What the generated W is: a no_co wrapper is coroutine_fn; QEMU's co_wrapper macros
        // expand to no_coroutine_fn (plus coroutine_mixed_fn for the mixed ones).
        c.coroutine = d.kind() == Kind::no_co;
        c.mixed = d.kind() == Kind::co && d.mixed();
        c.wrapper = &d;
        index[d.name].push_back(std::move(c));
    }
    return index;
}

// Return type and parameters of W against one declaration of T: the generated code passes
// W's parameters to T and returns what T returns.
void compare_signature(const Declaration& w, const std::string& target, const Callee& t,
                       std::vector<Finding>& out) {
    const std::string mark(mark_info(w.mark).name);
    const std::string name(w.name);
    if (comparable(w.return_type) != comparable(t.return_type)) {
        out.push_back({error_at(w.file, w.name_loc,
                                "'" + name + "' (" + mark + ") returns '" +
                                    std::string(w.return_type) + "' but its target '" + target +
                                    "' returns '" + std::string(t.return_type) + "'"),
                       {declared_here(t, target, t.name_loc)}});
    }
    if (w.params.size() != t.param_types.size()) {
        out.push_back({error_at(w.file, w.name_loc,
                                "'" + name + "' (" + mark + ") has " +
                                    plural(w.params.size(), "parameter") + " but its target '" +
                                    target + "' has " + std::to_string(t.param_types.size())),
                       {declared_here(t, target, t.name_loc)}});
        return;
    }
    for (std::size_t i = 0; i < w.params.size(); ++i) {
        const Param& p = w.params[i];
        if (comparable(p.type) == t.param_types[i]) {
            continue;
        }
        const Location at = i < t.param_locs.size() ? t.param_locs[i] : t.name_loc;
        out.push_back(
            {error_at(w.file, p.loc,
                      "parameter " + std::to_string(i + 1) + " of '" + name + "' ('" +
                          std::string(p.decl) + "') has type '" + std::string(p.type) +
                          "' but parameter " + std::to_string(i + 1) + " of its target '" + target +
                          "' has type '" + t.param_types[i] + "'"),
             {declared_here(t, target, at)}});
    }
}

void check_wrapper(const Declaration& w, const Index& index, const StrictOptions& options,
                   std::vector<Finding>& out) {
    const std::optional<std::string> target = target_name(w.name, w.kind());
    if (!target) {
        return;  // validate() has reported the name
    }
    const std::string mark(mark_info(w.mark).name);
    const std::string name(w.name);
    auto found = index.find(*target);
    if (found == index.end()) {
        std::string message = "the target '" + *target + "' of '" + name + "' (" + mark +
                              ") is not declared in any input; the generated code calls it";
        out.push_back({options.require_targets ? error_at(w.file, w.name_loc, message)
                                               : warning_at(w.file, w.name_loc, message),
                       {}});
    } else {
        const std::vector<Callee>& callees = found->second;
        for (const Callee& t : callees) {
            compare_signature(w, *target, t, out);
        }
        if (w.kind() == Kind::co) {
            // The generated coroutine entry calls T: T must be allowed in coroutine context.
            const bool ok = std::any_of(callees.begin(), callees.end(),
                                        [](const Callee& c) { return c.coroutine || c.mixed; });
            if (!ok) {
                Finding f{error_at(w.file, w.name_loc,
                                   "the target '" + *target + "' of '" + name + "' (" + mark +
                                       ") is not declared coroutine_fn, but the generated "
                                       "coroutine calls it"),
                          {}};
                for (const Callee& t : callees) {
                    f.notes.push_back(
                        declared_here(t, *target, t.name_loc, " without coroutine_fn"));
                }
                out.push_back(std::move(f));
            }
        } else {
            // The generated bottom half calls T outside coroutine context.
            Finding f{error_at(w.file, w.name_loc,
                               "the target '" + *target + "' of '" + name + "' (" + mark +
                                   ") is declared coroutine_fn, but the generated code calls "
                                   "it from a bottom half, outside coroutine context"),
                      {}};
            for (const Callee& t : callees) {
                if (t.coroutine && !t.mixed) {
                    f.notes.push_back(declared_here(t, *target, t.name_loc, " coroutine_fn"));
                }
            }
            if (!f.notes.empty()) {
                out.push_back(std::move(f));
            }
        }
    }

    // An ordinary declaration of W: harmless if it matches, but the marked prototype is the
    // one that counts, and a definition clashes with the generated one.
    if (auto self = index.find(w.name); self != index.end()) {
        Finding f{warning_at(w.file, w.name_loc,
                             "'" + name + "' (" + mark +
                                 ") is also declared as an ordinary function; the generated "
                                 "code defines it"),
                  {}};
        for (const Callee& c : self->second) {
            if (c.wrapper == nullptr) {
                f.notes.push_back(note_at(c.file, c.name_loc,
                                          "'" + name + "' is " +
                                              (c.is_definition ? "defined" : "declared") +
                                              " here as an ordinary function"));
            }
        }
        if (!f.notes.empty()) {
            out.push_back(std::move(f));
        }
    }
}

}  // namespace

std::vector<Finding> check_strict(const std::vector<Declaration>& declarations,
                                  const std::vector<Prototype>& prototypes,
                                  const StrictOptions& options,
                                  const std::vector<Declaration>& context) {
    // The context's wrappers are declarations of their W too, but are not checked here.
    std::vector<Declaration> all;
    const std::vector<Declaration>* indexed = &declarations;
    if (!context.empty()) {
        all = declarations;
        all.insert(all.end(), context.begin(), context.end());
        indexed = &all;
    }
    const Index index = index_callees(*indexed, prototypes);
    std::vector<Finding> out;
    for (const Declaration& w : declarations) {
        check_wrapper(w, index, options, out);
    }
    return out;
}

std::vector<Prototype> collect_prototypes(const std::vector<Source>& sources,
                                          const ParseOptions& options) {
    ParseOptions o = options;
    o.collect_prototypes = true;
    std::vector<Prototype> out;
    for (const Source& s : sources) {
        ParseResult r = parse_source(s, o);
        out.insert(out.end(), std::make_move_iterator(r.prototypes.begin()),
                   std::make_move_iterator(r.prototypes.end()));
    }
    return out;
}

bool has_errors(const std::vector<Finding>& findings) {
    return std::any_of(findings.begin(), findings.end(),
                       [](const Finding& f) { return f.diagnostic.severity == Severity::error; });
}

std::string format_finding(const Finding& finding, const ShownSources& sources, bool color) {
    auto one = [&](const Diagnostic& d) {
        const Source* s = find_source(sources, d.file);
        return format_diagnostic(d, s != nullptr ? line_text(*s, d.loc.line) : std::string_view(),
                                 color);
    };
    std::string out = one(finding.diagnostic);
    for (const Diagnostic& n : finding.notes) {
        out += one(n);
    }
    return out;
}

}  // namespace cowrap
