#include "core/validate.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <iterator>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>

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

constexpr std::array<bool, 256> kWordChars = [] {
    std::array<bool, 256> t{};
    for (int c = 0; c < 256; ++c) {
        t[static_cast<std::size_t>(c)] =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }
    return t;
}();

bool is_word_char(char c) {
    return kWordChars[static_cast<unsigned char>(c)];
}

// Whether `text` holds a whole identifier that `find(text, from)` finds (npos when none).
template <typename Find>
bool has_word_found(std::string_view text, std::size_t size, Find find) {
    for (std::size_t at = find(text, 0); at != std::string_view::npos; at = find(text, at + 1)) {
        const bool starts = at == 0 || !is_word_char(text[at - 1]);
        const std::size_t end = at + size;
        if (starts && (end == text.size() || !is_word_char(text[end]))) {
            return true;
        }
    }
    return false;
}

// Whether `text` holds `word` as a whole identifier.
bool has_word(std::string_view text, std::string_view word) {
    return has_word_found(text, word.size(), [word](std::string_view t, std::size_t from) {
        return t.find(word, from);
    });
}

// A fixed word found by Horspool's skips: the byte under the window's end moves it by up to
// the word's length (string_view::find tries every byte). For `register`, looked for in every
// parameter's declarator.
struct FixedWord {
    std::string_view word;
    std::array<unsigned char, 256> skip{};

    explicit constexpr FixedWord(std::string_view w) : word(w) {
        skip.fill(static_cast<unsigned char>(w.size()));
        for (std::size_t i = 0; i + 1 < w.size(); ++i) {
            skip[static_cast<unsigned char>(w[i])] = static_cast<unsigned char>(w.size() - 1 - i);
        }
    }
    std::size_t find(std::string_view text, std::size_t from) const {
        const std::size_t n = word.size();
        while (from + n <= text.size()) {
            const char last = text[from + n - 1];
            if (last == word[n - 1] && text.compare(from, n, word) == 0) {
                return from;
            }
            from += skip[static_cast<unsigned char>(last)];
        }
        return std::string_view::npos;
    }
};

constexpr FixedWord kRegister("register");

bool has_register(std::string_view text) {
    return has_word_found(text, kRegister.word.size(), [](std::string_view t, std::size_t from) {
        return kRegister.find(t, from);
    });
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

std::string where(std::string_view file, Location loc) {
    std::string out(file);
    out += ':' + std::to_string(loc.line) + ':' + std::to_string(loc.column);
    return out;
}

// The wrappers seen so far, findable by name and by struct name: what the cross-header checks
// keep instead of the declarations, which core/generate.cpp releases header by header. About
// 75 bytes a wrapper: its name, header, place and mark, and two open-addressing tables.
class Seen {
public:
    // The wrapper named `name`, or nullopt.
    // Each key is hashed once, by the caller: the same hash finds it and then adds it.
    static std::uint64_t hash_of(std::string_view key) {
        return std::hash<std::string_view>{}(key);
    }
    std::optional<std::size_t> find_name(std::string_view name, std::uint64_t hash) const {
        return find(names_, hash, [&](std::size_t i) { return this->name(i) == name; });
    }
    // The wrapper whose struct is `s`; `struct_of` builds a wrapper's struct name again (only
    // for a candidate whose hash matches: a duplicate is rare).
    template <typename StructOf>
    std::optional<std::size_t> find_struct(std::string_view s, std::uint64_t hash,
                                           StructOf struct_of) const {
        return find(structs_, hash, [&](std::size_t i) { return struct_of(i) == s; });
    }
    std::size_t add_wrapper(const Declaration& decl, std::uint64_t hash) {
        if (files_.empty() || files_.back() != decl.file) {
            files_.emplace_back(decl.file);
        }
        wrappers_.push_back({store(decl.name), static_cast<std::uint32_t>(decl.name.size()),
                             static_cast<std::uint32_t>(files_.size() - 1),
                             static_cast<std::uint32_t>(decl.name_loc.line),
                             static_cast<std::uint32_t>(decl.name_loc.column), decl.mark});
        const std::size_t index = wrappers_.size() - 1;
        insert(names_, name_count_, hash, index);
        return index;
    }
    void add_struct(std::uint64_t hash, std::size_t wrapper) {
        insert(structs_, struct_count_, hash, wrapper);
    }
    std::string_view name(std::size_t i) const {
        const Wrapper& w = wrappers_[i];
        return {blocks_[w.name_at >> 16].get() + (w.name_at & 0xffff), w.name_size};
    }
    const std::string& file(std::size_t i) const { return files_[wrappers_[i].file]; }
    Location loc(std::size_t i) const { return {wrappers_[i].line, wrappers_[i].column}; }
    Mark mark(std::size_t i) const { return wrappers_[i].mark; }

private:
    struct Wrapper {
        std::uint32_t name_at;  // block << 16 | offset in it
        std::uint32_t name_size;
        std::uint32_t file;
        std::uint32_t line;
        std::uint32_t column;
        Mark mark;
    };
    // A table slot: the wrapper's index plus one (0: free) and the low half of its key's hash,
    // which places it (a table never has 2^32 slots) and rules out most other keys.
    struct Slot {
        std::uint32_t index = 0;
        std::uint32_t hash = 0;
    };
    // Copies a name into the blocks (64 KiB each, or one of its own for a longer name): never
    // moved, so growing costs no copy and no transient double.
    std::uint32_t store(std::string_view name) {
        constexpr std::size_t block = 65536;
        if (blocks_.empty() || used_ + name.size() > block || name.size() > block) {
            // Not zeroed: only the bytes a name is copied to are read.
            blocks_.push_back(std::make_unique_for_overwrite<char[]>(std::max(block, name.size())));
            used_ = 0;
        }
        std::copy(name.begin(), name.end(), blocks_.back().get() + used_);
        const auto at = static_cast<std::uint32_t>(((blocks_.size() - 1) << 16) | used_);
        used_ += name.size();
        if (used_ >= block) {
            used_ = block;  // a name of its own block: the next one starts another
        }
        return at;
    }
    template <typename Same>
    static std::optional<std::size_t> find(const std::vector<Slot>& slots, std::uint64_t hash,
                                           Same same) {
        if (slots.empty()) {
            return std::nullopt;
        }
        const auto low = static_cast<std::uint32_t>(hash);
        const std::size_t mask = slots.size() - 1;
        for (std::size_t i = low & mask; slots[i].index != 0; i = (i + 1) & mask) {
            if (slots[i].hash == low && same(slots[i].index - 1)) {
                return slots[i].index - 1;
            }
        }
        return std::nullopt;
    }
    static void place(std::vector<Slot>& slots, Slot slot) {
        const std::size_t mask = slots.size() - 1;
        std::size_t i = slot.hash & mask;
        while (slots[i].index != 0) {
            i = (i + 1) & mask;
        }
        slots[i] = slot;
    }
    // Keeps the load at most 4/5: a miss then probes ~13 slots of 8 bytes, and the tables
    // take 10-20 bytes a wrapper.
    static void insert(std::vector<Slot>& slots, std::size_t& count, std::uint64_t hash,
                       std::size_t wrapper) {
        if ((count + 1) * 5 > slots.size() * 4) {
            std::vector<Slot> old =
                std::exchange(slots, std::vector<Slot>(slots.empty() ? 64 : slots.size() * 2));
            for (const Slot& o : old) {
                if (o.index != 0) {
                    place(slots, o);
                }
            }
        }
        place(slots, {static_cast<std::uint32_t>(wrapper + 1), static_cast<std::uint32_t>(hash)});
        ++count;
    }

    std::deque<Wrapper> wrappers_;  // a deque: growing never copies it
    std::vector<std::unique_ptr<char[]>> blocks_;
    std::size_t used_ = 0;  // of the last block
    std::vector<std::string> files_;
    std::vector<Slot> names_;
    std::vector<Slot> structs_;
    std::size_t name_count_ = 0;
    std::size_t struct_count_ = 0;
};

struct Run {
    const Dialect& d;
    std::string_view origin;  // where d came from, when not from --dialect
    std::vector<Diagnostic> out;
    Seen seen;

    void error(const Declaration& decl, Location loc, std::string message) {
        out.push_back(error_at(decl.file, loc, std::move(message)));
    }
    // The struct name of wrapper `i` of `seen`, built again (a duplicate is rare).
    std::string struct_of(std::size_t i) const {
        const std::string_view w = seen.name(i);
        std::optional<std::string> target = target_name(w, mark_info(seen.mark(i)).kind);
        return camel_case(d.struct_from_wrapper || !target ? w : std::string_view(*target))
            .value_or(std::string());
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

bool has_double_underscore(std::string_view w) {
    for (std::size_t i = 1; i < w.size(); ++i) {
        if (w[i] == '_' && w[i - 1] == '_') {
            return true;
        }
    }
    return false;
}

// The target T (held in `buffer`), or nullopt after reporting why W breaks the naming rules.
std::optional<std::string_view> check_names(Run& run, const Declaration& decl,
                                            std::string& buffer) {
    const std::string_view w = decl.name;
    const std::string_view mark = mark_info(decl.mark).name;
    if (run.d.bdrv_prefix_required && !w.starts_with("bdrv_")) {
        run.error(decl, decl.name_loc,
                  "wrapper name " + quoted(w) + " must start with 'bdrv_' in dialect " +
                      std::string(run.d.name));
        return std::nullopt;
    }
    if (!target_name_to(buffer, w, decl.kind())) {
        if (decl.kind() == Kind::no_co) {
            run.error(decl, decl.name_loc,
                      "wrapper name " + quoted(w) + " must have the form A_co_B for " +
                          std::string(mark) + " (the target is then A_B)");
        } else if (std::size_t cut = w.find('_'); w.find("_co_") != std::string::npos) {
            // Splitting at the first '_' anyway shows why the name cannot work.
            std::string doubled =
                std::string(w.substr(0, cut)) + "_co_" + std::string(w.substr(cut + 1));
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
    if (w.empty() || w.front() == '_' || w.back() == '_' || has_double_underscore(w)) {
        run.error(decl, decl.name_loc,
                  "wrapper name " + quoted(w) +
                      " has an empty word ('__', or '_' at the start or end), so no struct name "
                      "can be built from it");
        return std::nullopt;
    }
    return std::string_view(buffer);
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
std::string generated_name_clash(std::string_view name, std::optional<std::string_view> target,
                                 std::optional<std::string_view> struct_name) {
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
        if (has_register(p.decl)) {
            run.error(decl, p.loc,
                      "parameter " + quoted(p.name) +
                          " is declared 'register', which a struct field cannot be");
            continue;
        }
        // `[*]` anywhere (the definition repeats the declarator, where C forbids it); a size
        // naming another parameter where the struct keeps the array (not adjusted to a pointer).
        auto variable_size = [&](std::string_view text, bool star) -> std::optional<std::string> {
            for (std::size_t open = text.find('['); open != std::string_view::npos;
                 open = text.find('[', open + 1)) {
                const std::size_t close = text.find(']', open);
                const std::string size(text.substr(open + 1, close - open - 1));
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
        // The field is often the declarator itself (the same view): with no '[' in it there is
        // nothing more to look at.
        const bool same_text =
            p.field_decl.data() == p.decl.data() && p.field_decl.size() == p.decl.size();
        if (!size && !(same_text && p.decl.find('[') == std::string_view::npos)) {
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

void check_params(Run& run, const Declaration& decl, std::optional<std::string_view> target,
                  std::optional<std::string_view> struct_name) {
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
bool check_unique_wrapper(Run& run, const Declaration& decl, std::size_t& index) {
    const std::uint64_t hash = Seen::hash_of(decl.name);
    std::optional<std::size_t> first = run.seen.find_name(decl.name, hash);
    if (!first) {
        index = run.seen.add_wrapper(decl, hash);
        return true;
    }
    const std::string& file = run.seen.file(*first);
    const Location loc = run.seen.loc(*first);
    run.error(
        decl, decl.name_loc,
        "wrapper " + quoted(decl.name) + " is declared twice (first at " + where(file, loc) + ")");
    run.out.push_back(note_at(file, loc, quoted(decl.name) + " was first declared here"));
    return false;
}

// `s` is the struct name the caller built from `from` (camel_case).
void check_struct_name(Run& run, const Declaration& decl, std::string_view from,
                       std::optional<std::string_view> s, std::size_t index) {
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
    const std::uint64_t hash = Seen::hash_of(*s);
    std::optional<std::size_t> first =
        run.seen.find_struct(*s, hash, [&run](std::size_t i) { return run.struct_of(i); });
    if (!first) {
        run.seen.add_struct(hash, index);
        return;
    }
    const std::string first_name(run.seen.name(*first));
    const std::string& file = run.seen.file(*first);
    const Location loc = run.seen.loc(*first);
    run.error(decl, decl.name_loc,
              "struct name " + quoted(*s) + " of wrapper " + quoted(decl.name) +
                  " is already used by wrapper " + quoted(first_name) + " (at " + where(file, loc) +
                  ")");
    run.out.push_back(
        note_at(file, loc, quoted(first_name) + " declared here, with struct " + quoted(*s)));
}

}  // namespace

struct Validator::State {
    Run run;
    // A declaration's T and S, in strings reused from one declaration to the next.
    std::string target;
    std::string struct_name;
};

Validator::Validator(const Dialect& d, std::string_view origin)
    : state_(std::make_unique<State>(State{Run{d, origin, {}, {}}, {}, {}})) {}

Validator::~Validator() = default;

void Validator::add(const std::vector<Declaration>& declarations, std::vector<Diagnostic>& out) {
    Run& run = state_->run;
    for (const Declaration& decl : declarations) {
        if (!check_mark(run, decl)) {
            continue;
        }
        const std::optional<std::string_view> target = check_names(run, decl, state_->target);
        check_return_type(run, decl);
        // S, built once for the parameter and struct-name checks.
        const std::string_view from = run.d.struct_from_wrapper || !target ? decl.name : *target;
        std::optional<std::string_view> struct_name;
        if (target && camel_case_to(state_->struct_name, from)) {
            struct_name = state_->struct_name;
        }
        check_params(run, decl, target, struct_name);
        std::size_t index = 0;
        if (check_unique_wrapper(run, decl, index) && target) {
            check_struct_name(run, decl, from, struct_name, index);
        }
    }
    out.insert(out.end(), std::make_move_iterator(run.out.begin()),
               std::make_move_iterator(run.out.end()));
    run.out.clear();
}

std::vector<Diagnostic> validate(const std::vector<Declaration>& declarations, const Dialect& d,
                                 std::string_view origin) {
    std::vector<Diagnostic> out;
    Validator(d, origin).add(declarations, out);
    return out;
}

}  // namespace cowrap
