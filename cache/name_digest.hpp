// The name digest: a flat file of 16-byte entries (XXH3-64 of a wrapper's name, XXH3-64 of its
// header's path) for every wrapper of a shard group (`--shard-group`) that the cache holds or has
// pending, plus stale ones until it is rebuilt. The cross-shard rule, its one reader, looks only
// within a group. A cold run scans it instead of opening the database: when no entry has one of its
// names from another header, no duplicate across shards is possible; any match sends the run
// to the full check in SQLite, so a stale entry or a hash collision only costs time.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cache/records.hpp"
#include "cache/store.hpp"

namespace cowrap::cache {

std::uint64_t digest_hash(std::string_view text);

// `folder`/names. Writing it needs the folder's lock (cache/pending.hpp); reading does not: an
// entry is appended whole, and the file is only replaced by a rename.
std::string digest_path(const std::string& folder);

// Whether an entry names one of `names` in a header that is not one of `own_headers` (both as
// digest_hash values). A missing or unreadable digest matches everything.
bool digest_may_clash(const std::string& folder, const std::vector<std::uint64_t>& names,
                      const std::vector<std::uint64_t>& own_headers);

// Appends the names of a wrapper list (its bytes); the caller holds the lock. Nothing when there is
// no digest yet: the next fold builds it from the database.
void append_to_digest(const std::string& folder, std::string_view list);

// Writes an empty digest, for an empty database; the caller holds the lock.
void empty_digest(const std::string& folder);

// Writes the digest afresh from the database's wrappers (atomically); the caller holds the
// lock and has folded every pending run.
void rebuild_digest(const std::string& folder, Store& store);

}  // namespace cowrap::cache
