// How cowrap opens the cache: WAL journal, busy timeout, schema migration, and the checks that
// decide it cannot be used (busy, corrupt, newer schema, read-only, network filesystem).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cache/sqlite.hpp"

namespace cowrap::cache {

// A writer holds the lock for one short transaction (a few ms), so even 64 processes at once
// wait well under this in total; past it, cowrap warns and runs without the cache rather than
// hold up the build.
inline constexpr int busy_timeout_ms = 2000;

// busy_timeout_ms, or $COWRAP_CACHE_BUSY_TIMEOUT_MS when set (for slow machines, and for the
// sanitizer builds of the concurrency tests, which run several times slower).
int busy_timeout();

// For generate: opens or creates the cache (and its folder). Throws Error, with a message
// that says why, when the cache cannot be used safely.
Database open_for_generate(const std::string& path);

// What open_existing throws for an empty database (no schema yet): `generate` adopts it, so
// for `verify` it is no problem.
struct EmptyCache : Error {
    using Error::Error;
};

// What open_for_generate checks, answered without SQLite from the folder and the file's first
// 100 bytes alone: the database exists, is cowrap's at this schema version, in WAL mode, and
// it and its folder are writable on a local filesystem. False for anything else, the cases
// open_for_generate would fix (a new file) or report included.
bool ready_for_generate(const std::string& path);

// For the inspection commands: the database must exist ("no cache database at ..." otherwise).
// `write` also requires it to be writable, and brings an older schema up to date.
Database open_existing(const std::string& path, bool write);

// Why `path` cannot be a cache, or nullopt: the database, or its pending folder, exists and is
// not a regular file (a folder): a FIFO, a device (/dev/null), a folder, or a symbolic link,
// which cowrap never follows in its cache, since anyone who can write that folder could point
// it at a file of whoever runs the build. Checked before anything is opened or created.
std::optional<std::string> unusable_cache_path(const std::string& path);

// What an SQLite file's first 100 bytes say, as of its last checkpoint.
struct FileHeader {
    std::uint32_t application_id = 0;
    bool wal = false;  // the journal is WAL (a persistent mode, written to the file itself)
    std::uint32_t user_version = 0;  // cowrap's schema version
};

// Reads the header of `path`: nullopt when the file is empty, shorter than a header or not
// SQLite. Throws Error when the file is shorter than its header says: SQLite would read the
// missing pages as zeros, and fail only once a query reaches them.
std::optional<FileHeader> check_file_header(const std::string& path);

// The name of a filesystem type on which SQLite's WAL is unsafe (no shared memory across
// hosts), or nullopt. `type` is statfs(2)'s f_type.
std::optional<std::string_view> network_filesystem_name(long type);

// The above for the filesystem holding `folder` (nullopt too when statfs fails).
std::optional<std::string_view> network_filesystem_of(const std::string& folder);

}  // namespace cowrap::cache
