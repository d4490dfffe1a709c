// The cache database, behind one owner, as ninja's BuildLog owns its log: `Store` holds the
// SQLite connection and runs every statement cowrap has for it. Callers get plain rows
// (cache/records.hpp and the structs below); no SQL exists outside the store's sections:
//   store_open.cpp    opening and its checks (ownership, WAL, busy timeout, the file header)
//   store_schema.cpp  the schema and its migrations, as SQL, with each version's reasons
//   store_read.cpp    what a run and the inspection commands read
//   store_write.cpp   storing RunRecords: the one write path of a run and of a fold
//   store_gc.cpp      gc, clear and zero
//   sqlite.hpp        the thin RAII layer over SQLite, for these files (and tests) alone
// Every failure throws Error: it disables the cache (generate) or is reported (inspection).
//
// The format, schema 8 (PRAGMA user_version; application_id 0x636f7772, "cowr"). Paths are
// absolute, times Unix seconds, keys and hashes 16-byte XXH3-128 blobs:
//   headers(path, content_hash, size, mtime ns, last_seen): what each header held when read.
//   outputs(id, path, content_hash, inputs (a blob, cache/bytes.hpp: count, then each path and
//     hash; JSON text [[path, hash hex], ...] in rows from before 2026-12), dialect, last_written,
//     last_checked, previous_hash (cache/previous_state.hpp; '' no file; NULL nothing pending),
//     run_key, refreshed, shard_group, wrappers: the wrapper list's head (cache/wrapper_list.hpp;
//     the whole list in rows from before schema 8), wrapper_count).
//   list_parts(output_id, part, bytes): the rest of each output's wrapper list, one part per
//     eight headers' run of wrappers, in order; gone with the output's row (a trigger). Readers get
//     the head and the parts joined: the list.
//   runs(id, output_id, time, status, hits, misses, headers_parsed, headers_reused,
//     duration_us, compared, added/removed/changed: JSON name lists, inputs_changed: JSON
//     {changed, added, removed}, texts: JSON [[name, old, new]], error_text): the newest 20
//     per output.
//   counters(name, value): `runs`, `hits`, ... and `zeroed_at`.
// Migrations run in one write transaction; a new database gets schema 7 in one step, then the
// steps after it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cache/records.hpp"

namespace cowrap::cache {

class Database;
class Statement;

struct Error : std::runtime_error {
    int code;  // SQLite's primary result code, or 0 for cowrap's own checks
    Error(int code, const std::string& message) : std::runtime_error(message), code(code) {}
};

// What Store::existing throws for an empty database (no schema yet): `generate` adopts it, so
// for `verify` it is no problem.
struct EmptyCache : Error {
    using Error::Error;
};

inline constexpr int schema_version = 8;

// PRAGMA application_id of a cowrap cache ("cowr"): tells it from another program's database.
inline constexpr int application_id = 0x636f7772;

// One step of the migration path: the SQL that takes a database from `to - 1` to `to`.
struct Migration {
    int to;
    std::string_view sql;
};

// Every step from an empty database (version 0) to schema_version, in order.
const std::vector<Migration>& migrations();

enum class SchemaState { current, upgraded, newer };

// Brings the database to the newest version `steps` know, in one write transaction, and
// leaves a database of a newer version untouched (the caller must not use it).
SchemaState migrate(Database& db, const std::vector<Migration>& steps = migrations());

int stored_schema_version(Database& db);

// For the store's sections: an output's list parts in order (schema 8), and the list they make
// with the head its row holds. append_list_parts steps `parts`, compiled from list_parts_query,
// for `output_id` and appends each part to `list`.
inline constexpr std::string_view list_parts_query =
    "SELECT bytes FROM list_parts WHERE output_id = ?1 ORDER BY part";
void append_list_parts(Statement& parts, std::int64_t output_id, std::string& list);

// A writer holds the lock for one short transaction (a few ms), so even 64 processes at once
// wait well under this in total; past it, cowrap warns and runs without the cache rather than
// hold up the build.
inline constexpr int busy_timeout_ms = 2000;

// busy_timeout_ms, or $COWRAP_CACHE_BUSY_TIMEOUT_MS when set (for slow machines, and for the
// sanitizer builds of the concurrency tests, which run several times slower).
int busy_timeout();

// What Store::for_generate checks, answered without SQLite from the folder and the file's first
// 100 bytes alone: the database exists, is cowrap's at this schema version, in WAL mode, and
// it and its folder are writable on a local filesystem. False for anything else, the cases
// Store::for_generate would fix (a new file) or report included.
bool ready_for_generate(const std::string& path);

// Why `path` cannot be a cache, or nullopt: the database, or its pending folder, exists and is
// not a regular file (a folder): a FIFO, a device (/dev/null), a folder, or a symbolic link,
// which cowrap never follows in its cache, since anyone who can write that folder could point
// it at a file of whoever runs the build. Checked before anything is opened or created.
std::optional<std::string> unusable_cache_path(const std::string& path);

// Writes a new cache database at `path`, empty, cowrap's, at this schema and in WAL, in one
// atomic step and without SQLite's journals: made through SQLite, a new file's first commit
// creates and removes a rollback journal, a WAL and its index and copies every page twice, 1.3 ms
// of a run's kernel time. False when a file is at `path` already (left as it is); throws Error for
// what Store::for_generate would refuse, and when the file cannot be written.
bool create_database(const std::string& path);

// The bytes create_database writes: made at build time by cache/make_new_database.cpp with the
// migrations above (a unit test checks they give what the migrations give).
std::string_view new_database();

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

// last_seen only serves `gc --older-than`: refreshing it hourly is enough.
constexpr std::int64_t refresh_seconds = 3600;

// How much of a failed run's error text is kept (and how much of the old and new declaration
// texts of one run's changed wrappers): `why` shows what went wrong, not a whole log.
constexpr std::size_t max_kept_text = 64 * 1024;

// An `outputs` row, as far as the method that returns it reads it.
struct OutputRow {
    std::string path{};  // absolute
    std::string dialect{};
    std::optional<Key> content_hash{};
    std::string previous_state{};  // previous_hash's blob (cache/previous_state.hpp)
    bool may_be_absent = false;  // previous_hash is '': the run killed before its rename made none
    std::int64_t refreshed = 0;  // when its inputs' last_seen was last refreshed
    std::int64_t wrapper_count = 0;
    std::string wrappers{};  // the wrapper list (cache/wrapper_list.hpp), not decoded
    std::string group{};     // --shard-group, empty for none
};

struct LastRun {
    std::int64_t time = 0;
    std::string output;  // absolute
    std::string status;  // written, unchanged, failed
    std::int64_t duration_us = 0;
};

// A wrapper whose declaration text a run changed. `before` is nullopt when the cache kept no
// earlier text (a cache from before texts were kept); both are nullopt when the run changed
// more text than was kept.
struct ChangedText {
    std::string wrapper;
    std::optional<std::string> before, after;
};

// A `runs` row (`cache why`), its JSON lists decoded.
struct RunEntry {
    std::int64_t time = 0;
    std::string status;  // written, unchanged, failed
    std::int64_t hits = 0;
    std::int64_t misses = 0;
    std::int64_t headers_parsed = 0;
    std::int64_t headers_reused = 0;
    std::int64_t duration_us = 0;
    bool compared = false;                             // false: no earlier run to compare with
    std::vector<std::string> added, removed, changed;  // wrapper names
    std::vector<std::string> inputs_changed, inputs_added, inputs_removed;  // absolute paths
    // The wrappers of `changed` whose declaration text changed: a changed wrapper that is not
    // here kept its text (its block changed with the dialect, the options or cowrap's version).
    std::vector<ChangedText> texts;
    std::optional<std::string> error_text;  // what a failed run printed (none: not recorded)
    bool after_failure = false;             // the run before this one failed
};

struct GcResult {
    std::int64_t headers = 0;
    std::int64_t outputs = 0;
    std::int64_t wrappers = 0;  // wrappers the dropped outputs held
    std::int64_t runs = 0;
};

class Store {
public:
    // For generate: opens or creates the cache (and its folder), in WAL, its schema up to date.
    // Throws Error saying why the cache cannot be used safely (not cowrap's, busy, truncated,
    // newer, read-only, network filesystem).
    static Store for_generate(const std::string& path);
    // For inspection: the database must exist. `write` also requires it to be writable, and
    // brings an older schema up to date.
    static Store existing(const std::string& path, bool write);

    Store(Store&& other) noexcept;
    Store& operator=(Store&& other) noexcept;
    ~Store();

    // ---- what a run reads (store_read.cpp)
    // The content hash, refreshed and wrapper_count of `output` recorded with `run_key`.
    std::optional<OutputRow> reusable_output(const std::string& output, const Key& run_key);
    // The wrapper list `output` recorded; nullopt when it has no row.
    std::optional<std::string> wrapper_list(const std::string& output);
    // Whether another output than `except` belongs to `group`.
    bool group_has_others(const std::string& group, const std::string& except);
    // The paths, dialects and lists of the outputs of `group` but `except`, by path.
    std::vector<OutputRow> group_wrapper_lists(const std::string& group, const std::string& except);
    // The same of every output (`ls`, `show`), and of every output in a shard group (rebuilding
    // the name digest).
    std::vector<OutputRow> all_wrapper_lists();
    std::vector<OutputRow> grouped_wrapper_lists();
    std::int64_t wrapper_count();  // the wrappers every output holds now

    // ---- what a run writes (store_write.cpp), in one BEGIN IMMEDIATE transaction: a run's
    // headers' rows, its output's row, its `runs` row and the counters. True when its list
    // names a wrapper in a header the output's last list did not (the name digest must learn it).
    bool store(const RunRecord& record);
    // A fold of pending runs, in order: each statement compiled once, each counter added once.
    std::size_t store(const std::vector<RunRecord>& records);

    // ---- what the inspection commands read (store_read.cpp)
    int stored_schema();
    std::int64_t header_count();
    std::int64_t output_count();
    // Every counter row (name, value), `zeroed_at` included.
    std::vector<std::pair<std::string, std::int64_t>> counters();
    std::optional<LastRun> last_run();
    // The newest `n` runs of `output`, newest first.
    std::vector<RunEntry> runs_of(const std::string& output, int n);
    bool has_output(const std::string& output);
    // SQLite's integrity check: at most `max` messages, none when sound.
    std::vector<std::string> integrity_problems(int max);
    // The outputs with a recorded content hash: path, hashes and list.
    std::vector<OutputRow> recorded_outputs();

    // ---- maintenance (store_gc.cpp)
    // Resets the counters (the tables are untouched) and notes when.
    void zero_counters(std::int64_t now);
    // Drops headers and outputs that no longer exist (with their runs), and with `older_than`
    // (seconds) what was not used for that long; looks at the files before the transaction.
    GcResult gc(std::optional<std::int64_t> older_than, std::int64_t now);
    // Empties every table (the schema stays) and gives the space back.
    void clear();

private:
    explicit Store(Database db);
    std::unique_ptr<Database> db_;
};

}  // namespace cowrap::cache
