// Recording a run: everything the run learnt, in one short BEGIN IMMEDIATE transaction. Rows
// that already hold what this run would write are left alone, so a run that changes nothing
// writes little more than its own `runs` row.
#include <sys/stat.h>

#include <ctime>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "cache/paths.hpp"
#include "cache/serialize.hpp"
#include "cache/session.hpp"
#include "core/names.hpp"

namespace cowrap::cache {

namespace {

using nlohmann::json;

// How many runs `why` can show per output.
constexpr int runs_kept_per_output = 20;

enum class RunStatus { written, unchanged, failed };

std::string_view status_name(RunStatus status) {
    switch (status) {
        case RunStatus::written:
            return "written";
        case RunStatus::unchanged:
            return "unchanged";
        case RunStatus::failed:
            return "failed";
    }
    return "failed";
}

struct FileStat {
    std::int64_t size = 0;
    std::int64_t mtime_ns = 0;
};

FileStat stat_file(const std::string& path) {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) {
        return {};
    }
    return {static_cast<std::int64_t>(st.st_size),
            static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec};
}

// A statement compiled on first use: compiling costs as much as running it a few dozen times,
// and a cold run never touches rows while a warm one never inserts them.
struct LazyStatement {
    Database& db;
    std::string_view sql;
    std::unique_ptr<Statement> statement;

    Statement& get() {
        if (!statement) {
            statement = std::make_unique<Statement>(db, sql);
        }
        return *statement;
    }
};

void store_headers(Session& s, std::int64_t now) {
    LazyStatement touch{*s.db,
                        "UPDATE headers SET size = ?1, mtime = ?2, last_seen = ?3 WHERE path = ?4 "
                        "AND (size != ?1 OR mtime != ?2 OR last_seen < ?5)",
                        {}};
    LazyStatement put{*s.db,
                      "INSERT OR REPLACE INTO headers "
                      "(path, content_hash, size, mtime, parse_key, declarations, checksum, "
                      "last_seen) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                      {}};
    for (const PendingHeader& h : s.headers) {
        FileStat st = stat_file(h.path);
        if (h.row_is_current) {
            Statement& t = touch.get();
            t.bind(1, st.size).bind(2, st.mtime_ns).bind(3, now).bind(4, h.path);
            t.bind(5, now - refresh_seconds).run();
        } else {
            Statement& p = put.get();
            p.bind(1, h.path).bind(2, h.content_hash).bind(3, st.size).bind(4, st.mtime_ns);
            p.bind(5, h.parse_key).bind_blob(6, h.declarations);
            p.bind(7, hash_bytes(h.declarations)).bind(8, now).run();
        }
    }
}

// [[path, content hash], ...] of this run's inputs.
json inputs_json(Session& s, const std::vector<Source>& sources) {
    const std::vector<Key>& hashes = input_hashes(s, sources);
    json inputs = json::array();
    for (std::size_t i = 0; i < sources.size(); ++i) {
        inputs.push_back({s.absolute(sources[i].path), to_hex(hashes[i])});
    }
    return inputs;
}

// Which inputs changed their bytes, appeared or went away since the previous run.
json input_changes(const json& before, const json& now) {
    std::map<std::string, std::string> old;
    for (const json& i : before) {
        old[i.at(0).get<std::string>()] = i.at(1).get<std::string>();
    }
    json changed = json::array();
    json added = json::array();
    for (const json& i : now) {
        auto it = old.find(i.at(0).get<std::string>());
        if (it == old.end()) {
            added.push_back(i.at(0));
        } else {
            if (it->second != i.at(1).get<std::string>()) {
                changed.push_back(i.at(0));
            }
            old.erase(it);
        }
    }
    json removed = json::array();
    for (const auto& [path, hash] : old) {
        removed.push_back(path);
    }
    return {{"changed", changed}, {"added", added}, {"removed", removed}};
}

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
    friend bool operator==(const WrapperRow&, const WrapperRow&) = default;
};

struct Differences {
    json added = json::array();
    json removed = json::array();
    json changed = json::array();
};

// Says how the wrappers differ from what the output held, and replaces them when they do.
// `known`: the output had a row before this run (a new one holds no wrappers yet).
Differences replace_wrappers(Session& s, std::int64_t output_id, bool known,
                             const GenerateResult& result) {
    const std::vector<Declaration>& decls = result.declarations;
    std::vector<WrapperRow> before;
    if (known) {
        Statement old(*s.db,
                      "SELECT name, target, mark, header, line, key, start, length, checksum "
                      "FROM wrappers WHERE output_id = ?1 ORDER BY position");
        old.bind(1, output_id);
        while (old.step()) {
            before.push_back({old.text(0), old.text(1), old.text(2), old.text(3), old.integer(4),
                              old.key(5).value_or(Key{}), old.integer(6), old.integer(7),
                              old.key(8).value_or(Key{})});
        }
    }
    // The memo keyed every declaration, in this order, when it looked for its block.
    const bool keyed = s.declaration_keys.size() == decls.size();
    std::vector<WrapperRow> now;
    now.reserve(decls.size());
    for (std::size_t i = 0; i < decls.size(); ++i) {
        const Declaration& d = decls[i];
        const Span& span = result.fragments[i];
        now.push_back({d.name, target_name(d.name, d.kind()).value_or(""),
                       std::string(mark_info(d.mark).name), s.absolute(d.file),
                       static_cast<std::int64_t>(d.name_loc.line),
                       keyed ? s.declaration_keys[i] : declaration_key(s.keys, d),
                       static_cast<std::int64_t>(span.start),
                       static_cast<std::int64_t>(span.length),
                       hash_bytes(std::string_view(result.text).substr(span.start, span.length))});
    }

    Differences diff;
    std::map<std::string, Key> old_keys;
    for (const WrapperRow& w : before) {
        old_keys[w.name] = w.key;
    }
    for (const WrapperRow& w : now) {
        auto it = old_keys.find(w.name);
        if (it == old_keys.end()) {
            diff.added.push_back(w.name);
        } else {
            if (it->second != w.key) {
                diff.changed.push_back(w.name);
            }
            old_keys.erase(it);
        }
    }
    for (const auto& [name, key] : old_keys) {
        diff.removed.push_back(name);
    }
    if (now == before) {
        return diff;
    }

    if (!before.empty()) {
        Statement clear(*s.db, "DELETE FROM wrappers WHERE output_id = ?1");
        clear.bind(1, output_id).run();
    }
    Statement put(*s.db,
                  "INSERT INTO wrappers (output_id, position, name, target, mark, header, line, "
                  "key, start, length, checksum) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    std::int64_t position = 0;
    for (const WrapperRow& w : now) {
        put.bind(1, output_id).bind(2, position++).bind(3, w.name).bind(4, w.target);
        put.bind(5, w.mark).bind(6, w.header).bind(7, w.line).bind(8, w.key);
        put.bind(9, w.start).bind(10, w.length).bind(11, w.checksum).run();
    }
    return diff;
}

void add_counters(Session& s, const GenerateStats& st, RunStatus status) {
    const std::pair<const char*, std::int64_t> counts[] = {
        {"runs", 1},
        {"hits", static_cast<std::int64_t>(st.fragments_reused)},
        {"misses", static_cast<std::int64_t>(st.fragments_emitted)},
        {"headers_parsed", static_cast<std::int64_t>(st.headers_parsed)},
        {"headers_reused", static_cast<std::int64_t>(st.headers_reused)},
        {"outputs_written", status == RunStatus::written},
        {"outputs_unchanged", status == RunStatus::unchanged},
        {"runs_failed", status == RunStatus::failed},
    };
    Statement add(*s.db,
                  "INSERT INTO counters (name, value) VALUES (?1, ?2) "
                  "ON CONFLICT(name) DO UPDATE SET value = value + excluded.value");
    for (const auto& [name, value] : counts) {
        if (value != 0) {
            add.bind(1, name).bind(2, value).run();
        }
    }
}

// The hash of what `path` holds now, or an empty blob when there is no such file. Read again,
// not taken from the start of the run: this is the state a kill before the rename leaves.
std::string previous_output_hash(const std::string& path) {
    std::optional<std::string> bytes = read_bytes(path);
    if (!bytes) {
        return {};
    }
    const Key key = hash_bytes(*bytes);
    return std::string(reinterpret_cast<const char*>(key.bytes.data()), key.bytes.size());
}

void record(Session& s, const std::vector<Source>& sources, const GenerateResult& result,
            RunStatus status) {
    std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
    auto elapsed = std::chrono::steady_clock::now() - s.started;
    std::int64_t duration_us =
        std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count();
    const Dialect& dialect = s.options.dialect ? *s.options.dialect : newest_dialect();
    bool ok = status != RunStatus::failed;
    GenerateStats stats = result.stats;
    if (s.reused) {
        stats.headers_reused = sources.size();
        stats.fragments_reused = static_cast<std::size_t>(s.reused_wrappers);
    }
    // Only a run without diagnostics may be skipped next time: a skipped run prints nothing.
    const bool reusable = ok && result.diagnostics.empty();
    const bool refresh = !s.reused || s.refresh_due;
    json inputs = inputs_json(s, sources);
    // Read before taking the lock: the file is not renamed until this run has recorded.
    const std::string previous =
        status == RunStatus::written ? previous_output_hash(s.output) : std::string();

    WriteTransaction tx(*s.db);
    store_headers(s, now);

    json before = json::array();
    bool compared = false;
    bool known = false;  // the output has a row from an earlier run
    {
        Statement prev(*s.db, "SELECT inputs, content_hash FROM outputs WHERE path = ?1");
        prev.bind(1, s.output);
        if (prev.step()) {
            known = true;
            compared = !prev.is_null(1);  // an earlier successful run to compare with
            before = json::parse(prev.text(0), nullptr, false);
            if (before.is_discarded() || !before.is_array()) {
                before = json::array();
            }
        }
    }
    // A failed run keeps what the last successful one recorded. A written output is recorded
    // before it is renamed into place: what the file holds now stays acceptable
    // (previous_hash) until a later run finds it unchanged.
    Statement put_output(*s.db,
                         "INSERT INTO outputs (path, content_hash, inputs, dialect, last_written,"
                         " last_checked, previous_hash, run_key, refreshed) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
                         "ON CONFLICT(path) DO UPDATE SET "
                         "previous_hash = CASE WHEN excluded.content_hash IS NULL "
                         "THEN previous_hash ELSE excluded.previous_hash END, "
                         "content_hash = coalesce(excluded.content_hash, content_hash), "
                         "inputs = CASE WHEN excluded.content_hash IS NULL THEN inputs "
                         "ELSE excluded.inputs END, "
                         "run_key = CASE WHEN excluded.content_hash IS NULL THEN run_key "
                         "ELSE excluded.run_key END, "
                         "refreshed = coalesce(excluded.refreshed, refreshed), "
                         "dialect = excluded.dialect, "
                         "last_written = coalesce(excluded.last_written, last_written), "
                         "last_checked = excluded.last_checked "
                         "RETURNING id");
    put_output.bind(1, s.output);
    if (ok) {
        put_output.bind(2, hash_bytes(result.text));
    }
    put_output.bind(3, ok ? inputs.dump() : "[]").bind(4, dialect.name);
    if (status == RunStatus::written) {
        put_output.bind(5, now);
    }
    put_output.bind(6, now);
    if (status == RunStatus::written) {
        put_output.bind_blob(7, previous);
    }
    if (reusable) {
        put_output.bind(8, run_key(s, sources));
    }
    if (refresh) {
        put_output.bind(9, now);
    }
    if (!put_output.step()) {
        throw Error(0, "recording the output returned no row");
    }
    std::int64_t output_id = put_output.integer(0);
    put_output.reset();

    Differences diff;
    if (ok && !s.reused) {
        diff = replace_wrappers(s, output_id, known, result);
    }
    if (s.reused && s.refresh_due) {
        // For gc --older-than: the inputs of this output are still in use.
        Statement seen(*s.db,
                       "UPDATE headers SET last_seen = ?1 WHERE last_seen < ?1 AND path IN "
                       "(SELECT json_extract(value, '$[0]') FROM json_each(?2))");
        seen.bind(1, now).bind(2, inputs.dump()).run();
    }
    json changes = compared ? input_changes(before, inputs) : json::object();
    Statement run(
        *s.db,
        "INSERT INTO runs (output_id, time, status, hits, misses, headers_parsed, "
        "headers_reused, duration_us, compared, added, removed, changed, "
        "inputs_changed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
    run.bind(1, output_id).bind(2, now).bind(3, status_name(status));
    run.bind(4, static_cast<std::int64_t>(stats.fragments_reused));
    run.bind(5, static_cast<std::int64_t>(stats.fragments_emitted));
    run.bind(6, static_cast<std::int64_t>(stats.headers_parsed));
    run.bind(7, static_cast<std::int64_t>(stats.headers_reused));
    run.bind(8, duration_us).bind(9, static_cast<std::int64_t>(compared && ok));
    run.bind(10, diff.added.dump()).bind(11, diff.removed.dump()).bind(12, diff.changed.dump());
    run.bind(13, changes.dump()).run();

    if (known) {
        Statement prune(
            *s.db,
            "DELETE FROM runs WHERE output_id = ?1 AND id <= "
            "(SELECT id FROM runs WHERE output_id = ?1 ORDER BY id DESC LIMIT 1 OFFSET ?2)");
        prune.bind(1, output_id).bind(2, runs_kept_per_output).run();
    }

    add_counters(s, stats, status);
    tx.commit();
}

}  // namespace

void record_run(Session& s, const std::vector<Source>& sources, const GenerateResult& result,
                WriteResult written) {
    if (!s.active()) {
        return;
    }
    RunStatus status = !result.ok() || written == WriteResult::failed ? RunStatus::failed
                       : written == WriteResult::written              ? RunStatus::written
                                                                      : RunStatus::unchanged;
    try {
        record(s, sources, result, status);
        s.headers.clear();
        s.declaration_keys.clear();
    } catch (const std::exception& e) {
        s.disable(e.what());
    }
}

}  // namespace cowrap::cache
