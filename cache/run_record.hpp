// What one generate run learnt, as plain data: built from the session at the end of the run,
// then stored in SQLite at once or, for a cold run, kept as a pending run (cache/pending.hpp)
// and stored by a later process. Storing is the same code either way.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cache/key.hpp"
#include "cache/session.hpp"
#include "cache/sqlite.hpp"

namespace cowrap::cache {

enum class RunStatus { written, unchanged, failed };

// One wrapper block of the output, as the `wrappers` table holds it.
struct WrapperRow {
    std::string name;
    std::string target;
    std::string mark;
    std::string header;
    std::int64_t line = 0;
    Key key;
    std::int64_t start = 0;
    std::int64_t length = 0;
    Key checksum;
    std::string text;  // the declaration's normalised text, for `cache why`'s diff
    friend bool operator==(const WrapperRow&, const WrapperRow&) = default;
};

struct RunRecord {
    std::string output;  // absolute
    std::string dialect;
    std::string group;      // --shard-group, empty for none
    std::int64_t time = 0;  // Unix seconds
    std::int64_t duration_us = 0;
    RunStatus status = RunStatus::failed;
    bool reused = false;              // the whole output was taken as it was
    bool refresh = false;             // set outputs.refreshed and the inputs' last_seen to `time`
    std::optional<Key> content_hash;  // of the text, for a run without errors
    std::optional<Key> run_key;       // for a run without diagnostics
    // For a written output: the hash of what the file held before the rename, or an empty
    // string for no file.
    std::optional<std::string> previous_hash;
    std::vector<std::pair<std::string, Key>> inputs;  // absolute path, content hash
    std::int64_t hits = 0;
    std::int64_t misses = 0;
    std::int64_t headers_parsed = 0;
    std::int64_t headers_reused = 0;
    std::vector<PendingHeader> headers;
    // What the output holds now; nullopt when the run does not change that (failed or reused).
    std::optional<std::vector<WrapperRow>> wrappers;
    // For a failed run: the diagnostics it printed, without colour, at most max_kept_text.
    std::string error_text;
    friend bool operator==(const RunRecord&, const RunRecord&) = default;
};

// How much of a failed run's error text is kept (and how much of the old and new declaration
// texts of one run's changed wrappers): `why` shows what went wrong, not a whole log.
constexpr std::size_t max_kept_text = 64 * 1024;

// `printed`: what the run printed besides result.diagnostics (strict findings, a write error),
// kept as part of a failed run's error text.
RunRecord make_run_record(Session& session, const std::vector<Source>& sources,
                          const GenerateResult& result, RunStatus status,
                          std::string_view printed = {});

// Stores `record` in the open transaction of `db`. True when it replaced the output's
// `wrappers` rows (so new names may have to be added to the name digest).
bool store_run_record(Database& db, const RunRecord& record);

// Stores `records` in order, in the open transaction of `db`, compiling each statement once.
// Returns how many.
std::size_t store_run_records(Database& db, const std::vector<RunRecord>& records);

// The record as bytes (a version byte, LEB128 fields, an XXH3-128 checksum of all before it),
// and back: nullopt for anything else, so a damaged pending run is dropped, never stored.
std::string serialize_run_record(const RunRecord& record);
std::optional<RunRecord> deserialize_run_record(std::string_view bytes);

}  // namespace cowrap::cache
