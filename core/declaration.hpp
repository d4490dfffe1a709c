// The model: what the grammar finds in a header, as plain data.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/source.hpp"

namespace cowrap {

enum class Kind { co, no_co };

enum class Mark {
    generated_co_wrapper,
    co_wrapper,
    co_wrapper_mixed,
    co_wrapper_bdrv_rdlock,
    co_wrapper_mixed_bdrv_rdlock,
    no_co_wrapper,
    no_co_wrapper_bdrv_rdlock,
    no_co_wrapper_bdrv_wrlock,
};

struct MarkInfo {
    Mark mark;
    std::string_view name;
    Kind kind;
    bool mixed;
    bool rdlock;
    bool wrlock;
};

// The eight marks, in the order of the Mark enum.
std::span<const MarkInfo> all_marks();
const MarkInfo& mark_info(Mark m);
// The mark spelled `ident`, or nullptr.
const MarkInfo* find_mark(std::string_view ident);
// True for any identifier starting with co_wrapper, no_co_wrapper or generated_co_wrapper:
// such an identifier is either a mark or an error ("unknown mark").
bool looks_like_mark(std::string_view ident);

// A Declaration and its Params own no text: each string_view is a slice of the Source they
// were parsed from (path and bytes) or lives in their header's TextArena (a spelling that is
// not a slice of the file). Whoever keeps declarations keeps both, unmoved: a Source in a
// vector that is not resized, the arena next to the declarations (ParseResult::arena,
// GenerateResult::arenas).
struct Param {
    std::string_view decl;        // declarator, one space between tokens: "const char *name"
    std::string_view field_decl;  // struct field: arrays adjusted to pointers: "uint8_t *buf"
    std::string_view name;
    std::string_view type;  // normalised, name removed: "BlockDriverState *", "int (*)[4]"
    Location loc;           // of the parameter's first token
    Location name_loc;
};

struct Declaration {
    std::string_view file;  // the Source's path
    Mark mark = Mark::co_wrapper;
    Location mark_loc;
    std::string_view name;  // W
    Location name_loc;
    std::string_view return_type;  // R, normalised: "int", "BlockDriverState *", "const char *"
    std::vector<Param> params;     // empty for () and (void)
    // Normalised token text of the whole declaration (comments and layout dropped): the part
    // of the cache key that comes from the header. Empty unless ParseOptions::declaration_text.
    std::string_view text;

    Kind kind() const { return mark_info(mark).kind; }
    bool mixed() const { return mark_info(mark).mixed; }
    bool rdlock() const { return mark_info(mark).rdlock; }
    bool wrlock() const { return mark_info(mark).wrlock; }
};

// An ordinary (unmarked) function prototype or definition, kept for `check --strict`.
struct Prototype {
    std::string file;
    std::string name;
    Location name_loc;
    std::string return_type;               // normalised like Declaration::return_type
    std::vector<std::string> param_types;  // normalised, names dropped; empty for (void)
    std::vector<Location> param_locs;      // of each parameter's first token
    std::vector<std::string> annotations;  // coroutine_fn, GRAPH_RDLOCK, ... as written
    bool is_definition = false;            // has a body
};

}  // namespace cowrap
