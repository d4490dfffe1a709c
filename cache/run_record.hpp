// A run's record (cache/records.hpp), made by cache/run_cache.hpp at the end of the run: stored
// in SQLite at once or, for a cold run, kept as a pending run (cache/pending.hpp) and stored by
// a later process. Storing is the same code either way; cache/run_record_bytes.hpp is the
// record's encoding for the journal.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cache/records.hpp"
#include "cache/sqlite.hpp"

namespace cowrap::cache {

// last_seen only serves `gc --older-than`: refreshing it hourly is enough.
constexpr std::int64_t refresh_seconds = 3600;

// How much of a failed run's error text is kept (and how much of the old and new declaration
// texts of one run's changed wrappers): `why` shows what went wrong, not a whole log.
constexpr std::size_t max_kept_text = 64 * 1024;

// Stores `record` in the open transaction of `db`: its headers' rows, its output's row (with
// its wrapper list, cache/wrapper_list.hpp), its `runs` row and the counters. True when the
// list names a wrapper in a header the output's last list did not (so new names may have to be
// added to the name digest).
bool store_run_record(Database& db, const RunRecord& record);

// Stores `records` in order, in the open transaction of `db`, compiling each statement once.
// Returns how many.
std::size_t store_run_records(Database& db, const std::vector<RunRecord>& records);

}  // namespace cowrap::cache
