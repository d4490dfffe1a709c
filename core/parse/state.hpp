// What the actions know while the grammar runs over one source: the declaration being read,
// open conditionals, diagnostics, and where offsets of the text the grammar reads lie in the
// file.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/declaration.hpp"
#include "core/diagnostic.hpp"
#include "core/param_text.hpp"
#include "core/parse.hpp"
#include "core/parse/splices.hpp"
#include "core/source.hpp"

namespace cowrap::parse {

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

// A wrapper's parameter as the grammar read it.
struct ParamRead {
    std::size_t begin = 0;
    std::size_t end = 0;
    RunShape shape;       // of its specifiers; positions are offsets
    bool simple = false;  // specifiers only: no parenthesised declarator, no suffix
    // The rest only for a parameter that is not simple.
    bool ok = false;              // a shape cowrap understands
    std::size_t name = no_index;  // the declarator's name (offset)
    std::size_t names_begin = 0;  // the names of its nested parameters:
    std::size_t names_end = 0;    // Current::nested_names[names_begin, names_end)
};

// One nesting level of a parameter's declarator being read: a nested parameter or the inside
// of a parenthesised declarator.
struct DeclaratorFrame {
    RunShape shape;               // of its specifiers
    bool paren = false;           // a parenthesised declarator followed them
    std::size_t name = no_index;  // the name found inside that declarator (offset)
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
    std::string_view name;  // views as in Declaration
    std::size_t name_offset = 0;
    std::string_view return_type;
    std::size_t lparen = 0;
    std::vector<ParamRead> params;
    // The parameter being read: its specifiers' shape so far, where they end.
    RunShape shape;
    std::size_t specifiers_end = 0;
    // Its parenthesised declarator (if any) and what is nested in it, as read so far.
    bool paren = false;
    std::size_t paren_name = no_index;
    bool param_ok = true;
    std::vector<DeclaratorFrame> frames;
    std::vector<std::size_t> nested_names;  // offsets, of all parameters of the declaration
    std::size_t names_taken = 0;            // those given to a ParamRead already
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

}  // namespace cowrap::parse
