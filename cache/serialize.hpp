// Parsed declarations <-> the compact bytes kept in headers.declarations: a version byte, then
// unsigned LEB128 numbers and length-prefixed strings. Faster than JSON both ways, which
// matters because every cold run writes them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/declaration.hpp"
#include "core/text_arena.hpp"

namespace cowrap::cache {

// Everything but Declaration::file, which the reader supplies: the same bytes may be read
// under another path (a renamed or copied header).
std::string serialize_declarations(const std::vector<Declaration>& decls);

// nullopt when the bytes are not what serialize_declarations wrote (treated as a miss). The
// declarations view `file` and a copy of `bytes` kept in `arena`.
std::optional<std::vector<Declaration>> deserialize_declarations(std::string_view bytes,
                                                                 std::string_view file,
                                                                 TextArena& arena);

// "mixed,rdlock", or "" for none.
std::string mark_flags(const MarkInfo& mark);

}  // namespace cowrap::cache
