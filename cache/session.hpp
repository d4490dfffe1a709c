// The cache as one `generate` run uses it: open, look up (through a core Memo), check for
// wrappers defined in other shards, record the run. Best-effort throughout: the first failure
// warns once and the run goes on without the cache, so the output never depends on it.
#pragma once

#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cache/key.hpp"
#include "cache/sqlite.hpp"
#include "core/diagnostic.hpp"
#include "core/generate.hpp"
#include "core/output.hpp"
#include "core/source.hpp"

namespace cowrap::cache {

// A header read in this run, to record at the end.
struct PendingHeader {
    std::string path;  // absolute
    Key content_hash;
    Key parse_key;
    std::string declarations;     // serialised (cache/serialize.hpp)
    bool row_is_current = false;  // the row for `path` already holds this parse
    // When the run ends (a pending run is stored later, when the file may have changed).
    std::int64_t size = 0;
    std::int64_t mtime_ns = 0;
    friend bool operator==(const PendingHeader&, const PendingHeader&) = default;
};

// Where the output's last run put a wrapper block, and its checksum.
struct RecordedBlock {
    std::int64_t start = 0;
    std::int64_t length = 0;
    Key checksum;
};

struct Session {
    // Opens the cache at `cache_path` for generating `output`; on failure, warns and stays
    // inactive. An empty `cache_path` means no cache, silently. With `may_defer`, a run whose
    // output does not exist leaves its record pending (cache/pending.hpp) and opens nothing.
    Session(const std::string& cache_path, const GenerateOptions& options,
            const std::string& output, std::ostream& warnings, bool may_defer = false);
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    bool active() const { return db.has_value() || deferred; }
    // A deferred session opens the database after all (the duplicate check needs it).
    void open_database();
    // absolute_path(path), remembered: a run asks for the same few paths many times.
    const std::string& absolute(const std::string& path);
    // Warns once, then drops the database: the run goes on without the cache.
    void disable(std::string_view reason);

    std::string cache_path;
    std::string output;  // absolute
    // generate --shard-group: the outputs of one build target. The cross-shard duplicate check
    // only compares outputs of one group, and none without one (docs/cache.md).
    std::string group;
    GenerateOptions options;
    KeyContext keys;
    std::ostream* warnings;
    bool warned = false;
    std::chrono::steady_clock::time_point started;
    std::optional<Database> db;
    // No database: a cold run that only records, as a pending run.
    bool deferred = false;
    // Prepared once: a run may look up many headers.
    std::unique_ptr<Statement> find_header;
    std::vector<PendingHeader> headers;
    // Whether headers keep their parsed declarations: only worth it with several inputs.
    bool keep_parses = true;
    // The output file as this run found it (nullopt: there is none), read once for the reuse
    // check and the block loader. take_previous_output() hands the bytes over (a monolithic
    // output may be megabytes); a later call reads the file again.
    const std::optional<std::string>& previous_output();
    std::optional<std::string> take_previous_output();
    bool output_read = false;
    std::optional<std::string> previous_text;
    // Read on the first find_fragment: where the output's last run put each wrapper block, by
    // key.
    bool blocks_loaded = false;
    std::map<Key, RecordedBlock> previous_blocks;
    // The key of each declaration generate() asked about, in order.
    std::vector<Key> declaration_keys;
    std::map<std::string, std::string, std::less<>> absolute_paths;
    std::map<std::string, std::string, std::less<>>::iterator last_absolute = absolute_paths.end();
    // The inputs' content hashes, in order (input_hashes()).
    std::vector<Key> content_hashes;
    // Set by reuse_output: this run took the output as the last run left it, without parsing.
    bool reused = false;
    std::int64_t reused_wrappers = 0;
    bool refresh_due = false;  // last_seen was last refreshed over an hour ago
};

// last_seen only serves `gc --older-than`: refreshing it hourly is enough.
constexpr std::int64_t refresh_seconds = 3600;

// The inputs' content hashes, in order, computed once per run.
const std::vector<Key>& input_hashes(Session& session, const std::vector<Source>& sources);

// The key of a run: the options, the inputs as given and their bytes. Two runs with the same key
// produce the same text.
Key run_key(Session& session, const std::vector<Source>& sources);

// When the last successful run of this output had the same run key and gave no diagnostics,
// the file still holds what it recorded, and no other output holds a wrapper of the same name
// from another header: the file's bytes, which are the text generate would produce; the run
// then needs neither parsing nor emitting. Else nullopt.
std::optional<std::string> reuse_output(Session& session, const std::vector<Source>& sources);

// Hooks for core::generate bound to the session, for a run of `inputs` inputs; all empty when
// it is inactive.
Memo make_memo(Session& session, std::size_t inputs);

// Adds an error to `result` for each of its wrappers that a header of another shard, recorded
// in the cache and still on disk with that declaration, defines too (both places named).
void check_duplicates(Session& session, GenerateResult& result, const std::vector<Source>& sources);

// Records the run in one short write transaction: headers, the output and the wrappers it
// holds now (with where each block is), the run with its differences from the previous one,
// the counters. `written` is what write_if_changed did with result.text; `failed` also stands
// for a run with errors. `printed`: what a failed run printed besides result.diagnostics, for
// `cache why` (which keeps the diagnostics too).
void record_run(Session& session, const std::vector<Source>& sources, const GenerateResult& result,
                WriteResult written, std::string_view printed = {});

}  // namespace cowrap::cache
