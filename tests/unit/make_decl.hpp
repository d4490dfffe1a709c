// Builds Declarations by hand for the names, validate and emit tests (no parser needed).
#pragma once

#include <string>
#include <vector>

#include "core/declaration.hpp"
#include "core/text_arena.hpp"

namespace cowrap::test {

// Declarations view their text: what the tests build by hand lives as long as the test
// program.
inline std::string_view kept(std::string_view text) {
    static TextArena arena;
    return arena.keep(text);
}

// A parameter of normalised type `type` ("BlockDriverState *", "int64_t"); `field` overrides
// the struct field (arrays adjust to pointers).
inline Param param(std::string type, std::string name, std::string field = {}) {
    Param p;
    p.type = kept(type);
    p.name = kept(name);
    p.decl = kept(type.ends_with('*') ? type + name : type + " " + name);
    p.field_decl = field.empty() ? p.decl : kept(field);
    return p;
}

// A declaration on `line` of "block.h": mark at column 5, name at column 20, parameters
// from column 40 on, ten columns apart.
inline Declaration decl(Mark mark, std::string return_type, std::string name,
                        std::vector<Param> params = {}, std::size_t line = 1) {
    Declaration d;
    d.file = "block.h";
    d.mark = mark;
    d.mark_loc = {line, 5};
    d.name = kept(name);
    d.name_loc = {line, 20};
    d.return_type = kept(return_type);
    for (std::size_t i = 0; i < params.size(); ++i) {
        params[i].loc = {line, 40 + 10 * i};
        params[i].name_loc = {line, 45 + 10 * i};
    }
    d.params = std::move(params);
    d.text = kept(return_type + " " + std::string(mark_info(mark).name) + " " + name + "(...);");
    return d;
}

inline Param bs() {
    return param("BlockDriverState *", "bs");
}
inline Param child() {
    return param("BdrvChild *", "child");
}
inline Param blk() {
    return param("BlockBackend *", "blk");
}

}  // namespace cowrap::test
