// Runs core/parse/grammar.hpp over a source: the lexical phases before it (splices,
// literal conditionals), the grammar with its actions (core/parse/actions.hpp) filling the
// plain structs through the builder, then the diagnostics sorted and located in the file.
#include "core/parse.hpp"

#include <algorithm>
#include <exception>
#include <string_view>
#include <utility>

#include <tao/pegtl.hpp>

#include "core/parse/actions.hpp"
#include "core/parse/conditionals.hpp"
#include "core/parse/control.hpp"
#include "core/parse/grammar.hpp"
#include "core/parse/splices.hpp"
#include "core/parse/state.hpp"

namespace cowrap {

namespace {

namespace pegtl = tao::pegtl;
namespace g = grammar;
using Input = pegtl::memory_input<pegtl::tracking_mode::lazy>;
using parse::action;
using parse::control;
using parse::PendingDiagnostic;
using parse::State;

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
    // Declarations view the text the grammar reads: a joined or blanked copy lives as long as
    // they do, in their arena.
    TextArena arena;
    if (text.data() != source.text.data()) {
        text = arena.keep(text);
    }
    State st(source, options, text, spliced);
    st.result.arena = std::move(arena);
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
    if (options.prototypes_out != nullptr) {
        std::vector<Prototype>& out = *options.prototypes_out;
        out.insert(out.end(), std::make_move_iterator(st.result.prototypes.begin()),
                   std::make_move_iterator(st.result.prototypes.end()));
        st.result.prototypes.clear();
    }
    return std::move(st.result);
}

}  // namespace cowrap
