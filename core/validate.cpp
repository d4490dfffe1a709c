#include "core/validate.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <functional>
#include <string_view>

#include "core/names.hpp"

namespace cowrap {

namespace {

// Types the generated file sees through its includes: a struct S of the same name would be
// a redefinition.
constexpr std::array<std::string_view, 11> kReservedTypes = {
    "BdrvChild", "BlockDriverState", "BlockBackend", "BlockDriver", "BdrvPollCo", "AioContext",
    "Coroutine", "QEMUIOVector",     "Error",        "QDict",       "Job"};

// The P1 types that name a BlockDriverState (qemu-5.2 .. 6.2).
constexpr std::array<std::string_view, 3> kBsTypes = {"BlockDriverState *", "BdrvChild *",
                                                      "BlockBackend *"};

// The functions a generated wrapper calls (core/emit.cpp): a parameter of that name would hide
// the function inside the public wrapper, and the shard would not compile.
constexpr std::array<std::string_view, 22> kRuntimeFunctions = {"aio_bh_schedule_oneshot",
                                                                "aio_co_wake",
                                                                "aio_context_acquire",
                                                                "aio_context_release",
                                                                "aio_wait_kick",
                                                                "assert",
                                                                "bdrv_get_aio_context",
                                                                "bdrv_graph_co_rdlock",
                                                                "bdrv_graph_co_rdunlock",
                                                                "bdrv_graph_rdlock_main_loop",
                                                                "bdrv_graph_rdunlock_main_loop",
                                                                "bdrv_graph_wrlock",
                                                                "bdrv_graph_wrunlock",
                                                                "bdrv_poll_co",
                                                                "blk_bs",
                                                                "blk_get_aio_context",
                                                                "qemu_coroutine_create",
                                                                "qemu_coroutine_self",
                                                                "qemu_coroutine_yield",
                                                                "qemu_get_aio_context",
                                                                "qemu_get_current_aio_context",
                                                                "qemu_in_coroutine"};

bool is_word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Whether `text` holds `word` as a whole identifier.
bool has_word(std::string_view text, std::string_view word) {
    for (std::size_t at = text.find(word); at != std::string_view::npos;
         at = text.find(word, at + 1)) {
        const bool starts = at == 0 || !is_word_char(text[at - 1]);
        const std::size_t end = at + word.size();
        if (starts && (end == text.size() || !is_word_char(text[end]))) {
            return true;
        }
    }
    return false;
}

std::string quoted(std::string_view s) {
    // Appends, not "'" + ...: GCC 12 warns falsely (-Wrestrict) about operator+ here.
    std::string out;
    out.reserve(s.size() + 2);
    out += '\'';
    out += s;
    out += '\'';
    return out;
}

std::string where(const Declaration& decl, Location loc) {
    return decl.file + ":" + std::to_string(loc.line) + ":" + std::to_string(loc.column);
}

// Names -> the declaration that first used each: open addressing in one array (a node per
// name was a tenth of validate()). Only looked up, never iterated, so hashing is safe for
// the order of the messages. The names are views: their owner must outlive the table.
class FirstByName {
public:
    explicit FirstByName(std::size_t names) : slots_(std::bit_ceil(2 * names + 2)) {}

    // The declaration first recorded under `name`, or nullptr after recording `decl`.
    const Declaration* insert(std::string_view name, const Declaration* decl) {
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = std::hash<std::string_view>{}(name)&mask;; i = (i + 1) & mask) {
            Slot& slot = slots_[i];
            if (slot.decl == nullptr) {
                slot = {name, decl};
                return nullptr;
            }
            if (slot.name == name) {
                return slot.decl;
            }
        }
    }

private:
    struct Slot {
        std::string_view name;
        const Declaration* decl = nullptr;
    };
    std::vector<Slot> slots_;  // a power of two, at most half full
};

struct Run {
    const Dialect& d;
    std::string_view origin;  // where d came from, when not from --dialect
    std::vector<Diagnostic> out;
    FirstByName by_wrapper;  // W (the declaration's own name) -> first
    FirstByName by_struct;   // S (in struct_names) -> first
    // The struct names recorded, reserved for all declarations so that they never move.
    std::vector<std::string> struct_names;

    void error(const Declaration& decl, Location loc, std::string message) {
        out.push_back(error_at(decl.file, loc, std::move(message)));
    }
    void note(const Declaration& decl, Location loc, std::string message) {
        out.push_back(note_at(decl.file, loc, std::move(message)));
    }
};

// False when the dialect cannot emit this mark at all; nothing else is worth checking then.
bool check_mark(Run& run, const Declaration& decl) {
    const MarkInfo& m = mark_info(decl.mark);
    if (m.kind == Kind::co && m.wrlock) {
        run.error(
            decl, decl.mark_loc,
            "mark " + quoted(m.name) + " is invalid: a co wrapper cannot take the write lock");
        return false;
    }
    if (supports_mark(run.d, m.mark)) {
        return true;
    }
    std::string message =
        "mark " + quoted(m.name) + " is not supported by dialect " + std::string(run.d.name);
    if (m.mark == Mark::generated_co_wrapper) {
        message += ": it became 'co_wrapper_mixed' in " +
                   std::string(dialect_introducing(Mark::co_wrapper_mixed).name);
    } else {
        message += "; it was introduced in " + std::string(dialect_introducing(m.mark).name);
    }
    if (!run.origin.empty()) {
        message += " (the dialect is " + std::string(run.origin) + "; pass --dialect to choose)";
    }
    run.error(decl, decl.mark_loc, std::move(message));
    return false;
}

// The target T, or nullopt after reporting why W breaks the naming rules.
std::optional<std::string> check_names(Run& run, const Declaration& decl) {
    const std::string& w = decl.name;
    const std::string_view mark = mark_info(decl.mark).name;
    if (run.d.bdrv_prefix_required && !w.starts_with("bdrv_")) {
        run.error(decl, decl.name_loc,
                  "wrapper name " + quoted(w) + " must start with 'bdrv_' in dialect " +
                      std::string(run.d.name));
        return std::nullopt;
    }
    std::optional<std::string> target = target_name(w, decl.kind());
    if (!target) {
        if (decl.kind() == Kind::no_co) {
            run.error(decl, decl.name_loc,
                      "wrapper name " + quoted(w) + " must have the form A_co_B for " +
                          std::string(mark) + " (the target is then A_B)");
        } else if (std::size_t cut = w.find('_'); w.find("_co_") != std::string::npos) {
            // Splitting at the first '_' anyway shows why the name cannot work.
            std::string doubled = w.substr(0, cut) + "_co_" + w.substr(cut + 1);
            std::string message = "wrapper name " + quoted(w) + " must not contain '_co_' for " +
                                  std::string(mark) + " (the target would be " + quoted(doubled);
            if (std::optional<std::string> plain = target_name(w, Kind::no_co)) {
                message += "; to wrap " + quoted(w) + ", name the wrapper " + quoted(*plain);
            }
            run.error(decl, decl.name_loc, message + ")");
        } else {
            run.error(decl, decl.name_loc,
                      "wrapper name " + quoted(w) + " must have the form A_B for " +
                          std::string(mark) + " (the target is then A_co_B)");
        }
        return std::nullopt;
    }
    // What camel_case() refuses, without building the name.
    if (w.empty() || w.front() == '_' || w.back() == '_' || w.find("__") != std::string::npos) {
        run.error(decl, decl.name_loc,
                  "wrapper name " + quoted(w) +
                      " has an empty word ('__', or '_' at the start or end), so no struct name "
                      "can be built from it");
        return std::nullopt;
    }
    return target;
}

void check_return_type(Run& run, const Declaration& decl) {
    if (run.d.generated_co_wrapper_only && decl.return_type != "int") {
        run.error(decl, decl.name_loc,
                  "return type of " + quoted(decl.name) + " must be 'int' in dialect " +
                      std::string(run.d.name) + ", not " + quoted(decl.return_type));
    }
}

// For each first byte, the lengths (bit n: length n) of the runtime functions and reserved
// types starting with it: most parameter names are ruled out without comparing them to all.
constexpr std::array<std::uint64_t, 256> kRuntimeNameLengths = [] {
    std::array<std::uint64_t, 256> t{};
    auto add = [&](std::string_view n) {
        t[static_cast<unsigned char>(n[0])] |= std::uint64_t{1}
                                               << std::min<std::size_t>(n.size(), 63);
    };
    for (std::string_view n : kRuntimeFunctions) {
        add(n);
    }
    for (std::string_view n : kReservedTypes) {
        add(n);
    }
    return t;
}();

bool may_be_runtime_name(std::string_view name) {
    return !name.empty() && (kRuntimeNameLengths[static_cast<unsigned char>(name[0])] >>
                             std::min<std::size_t>(name.size(), 63)) &
                                1U;
}

// Whether `name` is `base` followed by `suffix`, without building the string.
bool is_suffixed(std::string_view name, std::string_view base, std::string_view suffix) {
    return name.size() == base.size() + suffix.size() && name.starts_with(base) &&
           name.ends_with(suffix);
}

// What a parameter named `name` would clash with in the generated code, or empty. Asked of
// every parameter: nothing is allocated unless there is a clash.
std::string generated_name_clash(std::string_view name, const std::optional<std::string>& target,
                                 const std::optional<std::string>& struct_name) {
    if (struct_name && name == *struct_name) {
        return "the wrapper's struct " + quoted(*struct_name);
    }
    if (target && (name == *target || is_suffixed(name, *target, "_entry") ||
                   is_suffixed(name, *target, "_bh"))) {
        return "the function " + quoted(name) + " that the wrapper calls";
    }
    if (!may_be_runtime_name(name)) {
        return {};
    }
    for (std::string_view f : kRuntimeFunctions) {
        if (name == f) {
            return "the function " + quoted(f) + " that the wrapper calls";
        }
    }
    for (std::string_view t : kReservedTypes) {
        if (name == t) {
            return "the type " + quoted(t) + " that the generated code uses";
        }
    }
    return {};
}

// Declarators a struct field cannot carry: `register`, and arrays whose size is `*` or another
// parameter (a variably modified type: `int (*m)[n]`, `int v[*]`).
void check_declarators(Run& run, const Declaration& decl) {
    for (const Param& p : decl.params) {
        if (has_word(p.decl, "register")) {
            run.error(decl, p.loc,
                      "parameter " + quoted(p.name) +
                          " is declared 'register', which a struct field cannot be");
            continue;
        }
        // `[*]` anywhere (the definition repeats the declarator, where C forbids it); a size
        // naming another parameter where the struct keeps the array (not adjusted to a pointer).
        auto variable_size = [&](const std::string& text, bool star) -> std::optional<std::string> {
            for (std::size_t open = text.find('['); open != std::string::npos;
                 open = text.find('[', open + 1)) {
                const std::size_t close = text.find(']', open);
                const std::string size = text.substr(open + 1, close - open - 1);
                if (star && size.find('*') != std::string::npos) {
                    return size;
                }
                for (const Param& other : decl.params) {
                    if (!star && !other.name.empty() && has_word(size, other.name)) {
                        return size;
                    }
                }
            }
            return std::nullopt;
        };
        std::optional<std::string> size = variable_size(p.decl, true);
        if (!size) {
            size = variable_size(p.field_decl, false);
        }
        if (size) {
            run.error(decl, p.loc,
                      "parameter " + quoted(p.name) +
                          " has a variably modified type (an array of size '" + *size +
                          "'), which the wrapper's struct cannot hold");
        }
    }
}

void check_params(Run& run, const Declaration& decl, const std::optional<std::string>& target,
                  const std::optional<std::string>& struct_name) {
    const bool has_ret = run.d.ret_in_struct && decl.return_type != "void";
    const std::string_view fixed = decl.kind() == Kind::co ? "poll_state" : "co";
    check_declarators(run, decl);
    for (const Param& p : decl.params) {
        if (std::string clash = generated_name_clash(p.name, target, struct_name); !clash.empty()) {
            run.error(decl, p.name_loc,
                      "parameter name " + quoted(p.name) + " clashes with " + clash +
                          ": rename the parameter");
        } else if (p.name == "s") {
            run.error(decl, p.name_loc,
                      "parameter name 's' is reserved: the generated code names its struct "
                      "variable 's'");
        } else if (p.name == fixed || (has_ret && p.name == "ret")) {
            run.error(decl, p.name_loc,
                      "parameter name " + quoted(p.name) +
                          " is reserved: the generated struct has a field of that name");
        }
    }
    if (run.d.context != ContextSource::bs_from_p1) {
        return;
    }
    // Dialects up to qemu-6.2 poll on the BlockDriverState named by P1.
    if (decl.params.empty()) {
        run.error(decl, decl.name_loc,
                  "wrapper " + quoted(decl.name) +
                      " needs a first parameter of type "
                      "'BlockDriverState *', 'BdrvChild *' or 'BlockBackend *' in dialect " +
                      std::string(run.d.name));
        return;
    }
    const Param& p1 = decl.params.front();
    bool known = false;
    for (std::string_view t : kBsTypes) {
        known = known || p1.type == t;
    }
    if (!known) {
        run.error(decl, p1.name_loc,
                  "first parameter " + quoted(p1.name) + " has type " + quoted(p1.type) +
                      "; dialect " + std::string(run.d.name) +
                      " needs 'BlockDriverState *', 'BdrvChild *' or 'BlockBackend *'");
    } else if (p1.type == "BlockBackend *" && !run.d.block_backend_p1) {
        run.error(decl, p1.name_loc,
                  "first parameter " + quoted(p1.name) +
                      " of type 'BlockBackend *' is not "
                      "supported by dialect " +
                      std::string(run.d.name) + " (it needs qemu-6.2 or later)");
    }
}

// False when W was already declared in this run (reported with both places).
bool check_unique_wrapper(Run& run, const Declaration& decl) {
    const Declaration* earlier = run.by_wrapper.insert(decl.name, &decl);
    if (earlier == nullptr) {
        return true;
    }
    const Declaration& first = *earlier;
    run.error(decl, decl.name_loc,
              "wrapper " + quoted(decl.name) + " is declared twice (first at " +
                  where(first, first.name_loc) + ")");
    run.note(first, first.name_loc, quoted(decl.name) + " was first declared here");
    return false;
}

// `s` is the struct name built from `from` (camel_case), moved into the run's table.
void check_struct_name(Run& run, const Declaration& decl, const std::string& from,
                       std::optional<std::string>& s) {
    if (!s) {
        return;  // reported by check_names
    }
    for (std::string_view t : kReservedTypes) {
        if (*s == t) {
            run.error(decl, decl.name_loc,
                      "struct name " + quoted(*s) + " (built from " + quoted(from) +
                          ") clashes with a QEMU type that the generated file already uses");
            return;
        }
    }
    // The generated `typedef struct S {...} S;` would redefine a type the declaration uses
    // (`struct BdrvFoo bdrv_foo(...)`, `enum BdrvFoo x`: tags share one name space).
    if (has_word(decl.return_type, *s)) {
        run.error(decl, decl.name_loc,
                  "return type " + quoted(decl.return_type) + " of wrapper " + quoted(decl.name) +
                      " names its generated struct " + quoted(*s) +
                      ": rename the type or the wrapper");
        return;
    }
    for (const Param& p : decl.params) {
        if (has_word(p.type, *s)) {
            run.error(decl, p.loc,
                      "parameter " + quoted(p.name) + " has type " + quoted(p.type) +
                          ", which names the wrapper's generated struct " + quoted(*s) +
                          ": rename the type or the wrapper");
            return;
        }
    }
    run.struct_names.push_back(std::move(*s));  // reserved: the views stay valid
    const Declaration* earlier = run.by_struct.insert(run.struct_names.back(), &decl);
    if (earlier == nullptr) {
        return;
    }
    const std::string name = std::move(run.struct_names.back());
    run.struct_names.pop_back();  // the table keeps the first one's
    const Declaration& first = *earlier;
    run.error(decl, decl.name_loc,
              "struct name " + quoted(name) + " of wrapper " + quoted(decl.name) +
                  " is already used by wrapper " + quoted(first.name) + " (at " +
                  where(first, first.name_loc) + ")");
    run.note(first, first.name_loc,
             quoted(first.name) + " declared here, with struct " + quoted(name));
}

}  // namespace

std::vector<Diagnostic> validate(const std::vector<Declaration>& declarations, const Dialect& d,
                                 std::string_view origin) {
    Run run{d, origin, {}, FirstByName(declarations.size()), FirstByName(declarations.size()), {}};
    run.struct_names.reserve(declarations.size());
    for (const Declaration& decl : declarations) {
        if (!check_mark(run, decl)) {
            continue;
        }
        std::optional<std::string> target = check_names(run, decl);
        check_return_type(run, decl);
        // S, built once for the parameter and struct-name checks.
        const std::string& from = run.d.struct_from_wrapper || !target ? decl.name : *target;
        std::optional<std::string> struct_name;
        if (target) {
            struct_name = camel_case(from);
        }
        check_params(run, decl, target, struct_name);
        if (check_unique_wrapper(run, decl) && target) {
            check_struct_name(run, decl, from, struct_name);
        }
    }
    return std::move(run.out);
}

}  // namespace cowrap
