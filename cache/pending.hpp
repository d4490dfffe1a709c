// Pending runs: a cold run (its output does not exist yet) does not open the database. Opening
// SQLite, compiling its statements and committing cost more than half of a shard's whole run,
// so the run appends its RunRecord to a journal beside the database (`PATH.pending/runs`), and
// so do an edited shard and a run that took its output as it was, after their lookups. The
// next process that opens the database for writing (a warm run, as Fold below says, any
// `cowrap cache` command) stores every pending run in it in one transaction and empties the
// journal, as ninja compacts its log. Runs are stored in the order they were appended; the
// duplicate check sees pending runs through the name digest (cache/name_digest.hpp), in the same
// folder.
#pragma once

#include <cstddef>
#include <string>

#include "cache/records.hpp"
#include "cache/store.hpp"
#include "cache/wrapper_list.hpp"
#include "util/lock.hpp"

namespace cowrap::cache {

// `cache_path` + ".pending".
std::string pending_folder(const std::string& cache_path);

// The lock that orders adding a pending run, folding and rebuilding the digest (flock, so a
// killed holder releases it). Waits up to busy_timeout(), then throws Error.
class FolderLock {
public:
    explicit FolderLock(const std::string& folder);
    FolderLock(const FolderLock&) = delete;
    FolderLock& operator=(const FolderLock&) = delete;

private:
    util::FileLock lock_;
};

// Whether a run that would write `output` may leave its record pending: the output does not
// exist, and the cache exists, is cowrap's at this schema version, in WAL mode, writable, on a
// local filesystem, with a name digest and less than 4 MiB of runs pending. Anything else
// (including every fault the full open reports) takes the full open, which says what is wrong.
bool can_defer(const std::string& cache_path, const std::string& output);

// can_defer's conditions on the cache alone (without the output's): for a run that knows its
// lookup would miss (cache/run_hints.hpp) and so may take the cold path without opening SQLite.
bool cache_can_defer(const std::string& cache_path);

// For a run of one input that opened the database (so it is sound) and must change what it
// records (its output was generated, not taken as it was): whether the journal can take its record,
// as can_defer's last two conditions. Such a run then defers too, like a cold one: storing it costs
// the compilation of every statement it writes with, which a fold pays once for all.
bool journal_has_room(const std::string& cache_path);

// Appends `record` to the journal and, in a shard group, its wrappers to the digest.
// `changes_rows`: storing it changes what a lookup reads (Fold below); only a run that took its
// output as it was, in the same group, does not. `list`: the record's wrapper list, streamed from
// its spill (record.wrapper_list empty then), for a run outside shard groups. Throws Error.
void add_pending_run(const std::string& cache_path, const RunRecord& record,
                     bool changes_rows = true, const StreamedList* list = nullptr);

// For a run stored directly: adds the wrappers it recorded to the digest when it is in a shard
// group, so that later cold runs see them. Nothing when there is no digest yet (the next fold
// builds it). Throws Error.
void add_to_digest(const std::string& cache_path, const RunRecord& record);

// Which pending runs an opening stores. A run reads the database for its own output's row
// (reuse_output), and, only when the name digest says a wrapper may be defined elsewhere in its
// group, for the group's other outputs (cross_shard.hpp, which then stores everything first).
// So a generate run stores the pending runs before its lookups (`before_lookups`) only when one
// of them changed this output's row (every run but one that took its output as it was, in the
// group its row names: `PATH.pending/changed` lists their outputs), the journal is full, or
// there is no digest. Otherwise each shard of a warm or edited build would store the one
// before it, compiling every statement each time. Inspection commands store everything (`all`).
enum class Fold { all, before_lookups };

// Stores every pending run in `store` (opened for writing), oldest first, in one transaction, then
// empties the journal (a torn or damaged record is dropped); builds the digest when there is
// none, and rebuilds it when it has grown to hold mostly stale entries. Returns how many runs
// were stored. Throws Error.
// `output` (absolute) is the run's, for `before_lookups`.
std::size_t fold_pending_runs(Store& store, const std::string& cache_path, Fold which = Fold::all,
                              const std::string& output = {});

// Whether any run is pending (one stat), and how many (reads the journal).
bool has_pending_runs(const std::string& cache_path);
std::size_t count_pending_runs(const std::string& cache_path);

// For a database just made empty (create_database): an empty digest, when there is none and no
// run is pending (their names would be missing from it). Whether the digest now exists.
bool start_digest(const std::string& cache_path);

// After `cache clear` or `cache gc`: the digest afresh from the database.
void reset_digest(Store& store, const std::string& cache_path);

}  // namespace cowrap::cache
