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
};

// A wrapper block emitted (fragment non-empty) or reused (fragment empty) in this run.
struct PendingFragment {
    Key key;
    std::string name;
    std::string mark;
    std::string header;  // absolute
    std::size_t line = 0;
    std::string fragment;
};

struct Session {
    // Opens the cache at `cache_path` for generating `output`; on failure, warns and stays
    // inactive. An empty `cache_path` means no cache, silently.
    Session(const std::string& cache_path, const GenerateOptions& options,
            const std::string& output, std::ostream& warnings);
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    bool active() const { return db.has_value(); }
    // absolute_path(path), remembered: a run asks for the same few paths many times.
    const std::string& absolute(const std::string& path);
    // Warns once, then drops the database: the run goes on without the cache.
    void disable(std::string_view reason);

    std::string cache_path;
    std::string output;  // absolute
    GenerateOptions options;
    KeyContext keys;
    std::ostream* warnings;
    bool warned = false;
    std::chrono::steady_clock::time_point started;
    std::optional<Database> db;
    // Prepared once: a run looks up every header and every declaration.
    std::unique_ptr<Statement> find_header;
    std::unique_ptr<Statement> find_fragment;
    std::vector<PendingHeader> headers;
    std::vector<PendingFragment> fragments;
    std::map<std::string, std::string, std::less<>> absolute_paths;
    // The inputs' content hashes, in order (input_hashes()).
    std::vector<Key> input_hashes;
    // Set by reuse_output: this run took the output as the last run left it, without parsing.
    bool reused = false;
    std::int64_t reused_wrappers = 0;
    bool refresh_due = false;  // last_used and last_seen were last refreshed over an hour ago
    // The key find_fragment computed, for the store_fragment that follows it on a miss.
    const Declaration* last_keyed = nullptr;
    Key last_key;
};

// The key of a run: the options, the inputs as given and their bytes. Two runs with the same key
// produce the same text.
Key run_key(Session& session, const std::vector<Source>& sources);

// When the last successful run of this output had the same run key and gave no diagnostics,
// the file still holds what it recorded, and no other output holds a wrapper of the same name
// from another header: the file's bytes, which are the text generate would produce; the run
// then needs neither parsing nor emitting. Else nullopt.
std::optional<std::string> reuse_output(Session& session, const std::vector<Source>& sources);

// Hooks for core::generate bound to the session; all empty when it is inactive.
Memo make_memo(Session& session);

// Adds an error to `result` for each of its wrappers that a header of another shard, recorded
// in the cache and still on disk with that declaration, defines too (both places named).
void check_duplicates(Session& session, GenerateResult& result, const std::vector<Source>& sources);

// Records the run in one short write transaction: headers, fragments, the output and what it
// holds now, the run with its differences from the previous one, the counters. `written` is
// what write_if_changed did with result.text; `failed` also stands for a run with errors.
void record_run(Session& session, const std::vector<Source>& sources, const GenerateResult& result,
                WriteResult written);

}  // namespace cowrap::cache
