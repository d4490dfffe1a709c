#include "core/declaration.hpp"

#include <array>

namespace cowrap {

namespace {

// A constant table, not a function-local static: mark_info is asked ~15 times a wrapper, and
// each call through a local static paid its guard.
constexpr std::array<MarkInfo, 8> marks = {{
    {Mark::generated_co_wrapper, "generated_co_wrapper", Kind::co, true, false, false},
    {Mark::co_wrapper, "co_wrapper", Kind::co, false, false, false},
    {Mark::co_wrapper_mixed, "co_wrapper_mixed", Kind::co, true, false, false},
    {Mark::co_wrapper_bdrv_rdlock, "co_wrapper_bdrv_rdlock", Kind::co, false, true, false},
    {Mark::co_wrapper_mixed_bdrv_rdlock, "co_wrapper_mixed_bdrv_rdlock", Kind::co, true, true,
     false},
    {Mark::no_co_wrapper, "no_co_wrapper", Kind::no_co, false, false, false},
    {Mark::no_co_wrapper_bdrv_rdlock, "no_co_wrapper_bdrv_rdlock", Kind::no_co, false, true, false},
    {Mark::no_co_wrapper_bdrv_wrlock, "no_co_wrapper_bdrv_wrlock", Kind::no_co, false, false, true},
}};

}  // namespace

std::span<const MarkInfo> all_marks() {
    return marks;
}

const MarkInfo& mark_info(Mark m) {
    return marks[static_cast<std::size_t>(m)];
}

const MarkInfo* find_mark(std::string_view ident) {
    for (const MarkInfo& m : marks) {
        if (m.name == ident) {
            return &m;
        }
    }
    return nullptr;
}

bool looks_like_mark(std::string_view ident) {
    return ident.starts_with("co_wrapper") || ident.starts_with("no_co_wrapper") ||
           ident.starts_with("generated_co_wrapper");
}

}  // namespace cowrap
