// What one `generate` run asks of the cache, and the only way it asks: may the output be taken
// as the last run left it (reuse_output), is a wrapper defined in another shard of the same group
// (check_duplicates), and record what happened (record). Best-effort throughout: the first failure
// warns once and the run goes on without the cache, so the output never depends on it.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cache/key.hpp"
#include "cache/paths.hpp"
#include "cache/records.hpp"
#include "cache/run_hints.hpp"
#include "cache/store.hpp"
#include "cache/wrapper_list.hpp"
#include "core/generate.hpp"
#include "core/output.hpp"
#include "core/source.hpp"
#include "util/atomic_file.hpp"
#include "util/file.hpp"

namespace cowrap::cache {

class RunCache {
public:
    // Opens the cache at `cache_path` for generating `output`; on failure, warns and stays
    // inactive. An empty `cache_path` means no cache, silently. `group` is --shard-group: the
    // outputs of one build target (the cross-shard check compares only those; none without
    // one). With `may_defer`, a run whose output does not exist leaves its record pending
    // (cache/pending.hpp) and opens nothing, and a run that generates its output (an edit)
    // leaves its record pending after its lookups when it has one input (a shard); the
    // database is then opened by the first question that needs it, and a shard whose run-key
    // hint says its lookup misses (cache/run_hints.hpp) never opens it.
    RunCache(const std::string& cache_path, const GenerateOptions& options,
             const std::string& output, std::string group, std::ostream& warnings,
             bool may_defer = false);
    RunCache(const RunCache&) = delete;
    RunCache& operator=(const RunCache&) = delete;

    bool active() const { return db_.has_value() || deferred_ || unopened_; }
    // Active without the database: a cold run, or one whose lookup is sure to miss, that records
    // as a pending run.
    bool deferred() const { return deferred_; }
    bool database_open() const { return db_.has_value(); }

    // When the last successful run of this output had the same run key and gave no
    // diagnostics, the file still holds what it recorded (its content hash, read through a small
    // buffer), and no other output of any group holds a wrapper of the same name from another
    // header: true, and the file holds the text generate would produce; the run then needs
    // neither parsing nor emitting, and keeps the file (keep_taken_output).
    // `inputs` as given; only their hashes are read.
    bool reuse_output(const std::vector<std::string>& inputs);
    // The taken output's wrapper count.
    std::int64_t reused_wrappers() const { return reused_wrappers_; }
    // Under the output's lock, for a run whose output reuse_output took: `unchanged` when the
    // file is still the one checked; when it was replaced or changed since (another run writing
    // the same output), the checked bytes staged in `output` to be put back, or `failed` (with
    // `error`) when the file held open no longer has them.
    WriteResult keep_taken_output(StagedWrite& output, const std::string& path, std::string& error);

    // What the run's stream (StreamOptions::observe) shows the cache of each input: its hash and
    // stamp, and its wrappers added to the output's list as they are emitted, so that the run
    // keeps no declaration for the record. Empty when the cache is inactive.
    std::function<void(const InputEmitted&)> observer();

    // Adds an error to `result` for each of its wrappers that a header of another shard of the
    // group, recorded in the cache and still on disk with that declaration, defines too (both
    // places named).
    void check_duplicates(GenerateResult& result, const std::vector<std::string>& inputs);

    // Records the run: at once in one short write transaction, or as a pending run. `written`
    // is what write_if_changed did with result.text; `failed` also stands for a run with
    // errors. `printed`: what a failed run printed besides result.diagnostics (strict
    // findings, a write error), for `cache why` (which keeps the diagnostics too), with the
    // lines of the diagnostics in `shown` (the inputs a streamed run read again to show them).
    void record(const std::vector<std::string>& inputs, const std::vector<Source>& shown,
                const GenerateResult& result, WriteResult written, std::string_view printed = {});

private:
    // A new cache made without SQLite's journals (create_database), ready for a run to defer.
    bool start_new_cache();
    // Opens the database (a deferred run: the duplicate check needs it after all), storing the
    // pending runs first when the policy says so.
    void open_database();
    // Whether the run-key hints prove that the lookup misses, for a run that could then leave its
    // record pending without opening the database (cache/run_hints.hpp).
    bool sure_miss(const std::vector<std::string>& inputs);
    // Sets the output's hint to what the recorded run `r` leaves in its row.
    void note_run_key(const RunRecord& r);
    // Warns once, then drops the database: the run goes on without the cache.
    void disable(std::string_view reason);
    // Runs `body`; any failure disables the cache and gives a default (a miss).
    template <typename F>
    auto guarded(F&& body) -> decltype(body());

    // absolute_path(path), remembered: a run asks for the same few paths many times.
    const std::string& absolute(std::string_view path, bool not_a_link = false);
    // The inputs' content hashes, in order: as the run's stream saw them, else read (a lookup's,
    // before anything is generated); nullopt when an input cannot be read.
    const std::optional<std::vector<Key>>& input_hashes(const std::vector<std::string>& inputs);
    // The options, the inputs as given and their bytes: two runs with the same key produce the
    // same text.
    std::optional<Key> run_key(const std::vector<std::string>& inputs);

    RunRecord make_record(const std::vector<std::string>& inputs, const std::vector<Source>& shown,
                          const GenerateResult& result, RunStatus status, std::string_view printed);
    std::vector<HeaderRow> header_rows(const std::vector<std::string>& inputs);
    void observe(const InputEmitted& input);

    std::string cache_path_;
    std::string output_;  // absolute
    std::string group_;
    GenerateOptions options_;
    KeyContext keys_;
    std::ostream* warnings_;
    bool warned_ = false;
    std::chrono::steady_clock::time_point started_;
    std::optional<Store> db_;
    // No database: a cold run, or one whose lookup is sure to miss, that only records, as a
    // pending run.
    bool deferred_ = false;
    bool may_defer_ = false;
    // Active, the database not opened yet: the first question that needs it opens it.
    bool unopened_ = false;
    // The output's run-key hint, once read.
    std::optional<RunHint> hint_;
    bool folded_ = false;  // opening stored pending runs

    // The output reuse_output took: the file as it checked it, held open, with its stamp then
    // and the list its content hash was checked with.
    struct Taken {
        util::UniqueFd file;
        util::FileStamp stamp;
        std::string list;
    };
    std::optional<Taken> taken_;
    AbsolutePaths absolute_paths_;
    std::optional<std::vector<Key>> content_hashes_;
    // What the run's stream showed of each input (observe): its hash and stamp as parsed.
    struct Seen {
        Key hash;
        util::FileStamp stamp;  // as the read found it
        // As it was once emitted, from one look that does not follow a link (all zero for a
        // link): header_rows compares it with the read's, and absolute() needs no other look.
        util::FileStamp after;
    };
    std::vector<std::optional<Seen>> seen_;
    WrapperListBuilder list_;  // the output's, as it is emitted
    // The finished list when it went to a spill (a deferred run outside shard groups).
    std::optional<StreamedList> streamed_list_;
    bool list_reserved_ = false;
    // Set by reuse_output: this run took the output as the last run left it.
    bool reused_ = false;
    // Reused, and the output's row already names this run's group: its record changes no row
    // that a lookup reads.
    bool row_kept_ = false;
    std::int64_t reused_wrappers_ = 0;
    Key reused_hash_;           // the row's content hash, which the taken file was checked against
    bool refresh_due_ = false;  // last_seen was last refreshed over an hour ago
};

}  // namespace cowrap::cache
