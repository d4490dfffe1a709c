// What an output's file held before a run replaced it: outputs.previous_hash, and a run
// record's. A run records its output before renaming it into place, so a run killed in between
// leaves the old file (or none) under a row that names the new content; `cache verify` accepts
// that state, and only that one.
//
// The blob is one of:
//   empty        there was no file
//   16 bytes     XXH3-128 of every byte of the file (cache/key.hpp)
//   'S' + 40     the file's stamp (device, inode, size, mtime_ns, ctime_ns: little-endian
//                int64s), taken when its last change was before the clock tick of the look:
//                a later change, a hand edit included, gives it another ctime
// The stamp spares a run reading its old output to hash it (12 MB for 10,000 wrappers: a
// monolithic edit read and hashed it all, about 3 ms); a file changed within the tick of the
// look, or one the run has just read, is hashed.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "util/file.hpp"

namespace cowrap::cache {

// The blob for the file at `path` now. `read` is what the run read of it, with the file's
// identity then (all zero when it may have changed meanwhile): hashed from memory when it
// still holds.
std::string previous_state(const std::string& path, const std::optional<std::string>& read,
                           const util::FileStamp& read_identity);

// Whether the file at `path`, which holds `bytes`, is in the state `blob` names (an empty blob:
// never, since the file exists).
bool is_previous_state(std::string_view blob, const std::string& path, std::string_view bytes);

}  // namespace cowrap::cache
