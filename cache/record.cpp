// Recording a run: everything the run learnt, as a RunRecord stored in one short BEGIN
// IMMEDIATE transaction, or kept as a pending run when the run is cold. Rows that already hold
// what this run would write are left alone, so a run that changes nothing writes little more
// than its own `runs` row.
#include <algorithm>
#include <ctime>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "cache/paths.hpp"
#include "cache/run_record.hpp"

namespace cowrap::cache {

namespace {

using nlohmann::json;

// How many runs `why` can show per output.
constexpr int runs_kept_per_output = 20;

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

// The statements that store records, each compiled on first use and kept. Compiling costs as
// much as running a statement a few dozen times: storing a batch of pending runs compiles each
// once, not once per run. get() hands a statement back reset, its bindings cleared.
class RecordStore {
public:
    explicit RecordStore(Database& db) : db_(db) {}
    Statement& get(std::string_view sql) {
        auto it = statements_.find(sql);
        if (it == statements_.end()) {
            it = statements_.emplace(sql, std::make_unique<Statement>(db_, sql)).first;
        } else {
            it->second->reset();
        }
        return *it->second;
    }

private:
    Database& db_;
    std::map<std::string_view, std::unique_ptr<Statement>> statements_;
};

void store_headers(RecordStore& st, const RunRecord& r) {
    for (const HeaderRow& h : r.headers) {
        // No parse is kept any more (docs/cache.md, "Cost"): the declarations column holds an
        // empty blob and its checksum; a row an older version filled is replaced here.
        Statement& p = st.get(
            "INSERT OR REPLACE INTO headers "
            "(path, content_hash, size, mtime, parse_key, declarations, checksum, "
            "last_seen) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
        p.bind(1, h.path).bind(2, h.content_hash).bind(3, h.size).bind(4, h.mtime_ns);
        p.bind(5, h.parse_key).bind_blob(6, std::string());
        p.bind(7, hash_bytes(std::string_view())).bind(8, r.time).run();
    }
}

// [[path, content hash], ...] of the run's inputs.
json inputs_json(const RunRecord& r) {
    json inputs = json::array();
    for (const auto& [path, hash] : r.inputs) {
        inputs.push_back({path, to_hex(hash)});
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

struct Differences {
    json added = json::array();
    json removed = json::array();
    json changed = json::array();
    // [name, old text or null, new text or null] for each changed wrapper whose declaration
    // text changed: old is null when the earlier row has no text (a cache from before texts
    // were kept), both are null past max_kept_text of texts in the run. A changed wrapper
    // with no entry kept its text (its block changed with the dialect, options or version).
    json texts = json::array();
};

// Whether `a` and `b` differ only in where the block sits (its start in the output and the
// declaration's line): the block moved because one before it changed.
bool only_moved(const WrapperRow& a, const WrapperRow& b) {
    return a.name == b.name && a.target == b.target && a.mark == b.mark && a.header == b.header &&
           a.key == b.key && a.length == b.length && a.checksum == b.checksum && a.text == b.text;
}

// Rewrites only the rows that changed, matched by position: one edited declaration moves every
// block after it, and replacing all of the output's rows (and their name index entries) cost
// more than the run itself. A stretch of rows that moved by the same amount is one UPDATE of
// their place; a row whose wrapper changed is rewritten (its name index entry only when its
// name changed); rows past the new end are deleted and new ones inserted.
void write_wrapper_changes(RecordStore& st, std::int64_t output_id,
                           const std::vector<WrapperRow>& before,
                           const std::vector<WrapperRow>& now, bool& new_names) {
    const std::size_t common = std::min(before.size(), now.size());
    for (std::size_t i = 0; i < common;) {
        const WrapperRow& old = before[i];
        const WrapperRow& w = now[i];
        if (old == w) {
            ++i;
            continue;
        }
        if (only_moved(old, w)) {
            const std::int64_t start_by = w.start - old.start;
            const std::int64_t line_by = w.line - old.line;
            std::size_t last = i;
            while (last + 1 < common && only_moved(before[last + 1], now[last + 1]) &&
                   now[last + 1].start - before[last + 1].start == start_by &&
                   now[last + 1].line - before[last + 1].line == line_by) {
                ++last;
            }
            Statement& move = st.get(
                "UPDATE wrappers SET start = start + ?2, line = line + ?3 "
                "WHERE output_id = ?1 AND position BETWEEN ?4 AND ?5");
            move.bind(1, output_id).bind(2, start_by).bind(3, line_by);
            move.bind(4, static_cast<std::int64_t>(i)).bind(5, static_cast<std::int64_t>(last));
            move.run();
            i = last + 1;
            continue;
        }
        if (old.header != w.header) {
            new_names = true;
        }
        Statement& put = old.name == w.name
                             ? st.get(
                                   "UPDATE wrappers SET target = ?3, mark = ?4, header = ?5, "
                                   "line = ?6, key = ?7, start = ?8, length = ?9, "
                                   "checksum = ?10, text = ?11 "
                                   "WHERE output_id = ?1 AND position = ?2")
                             : st.get(
                                   "UPDATE wrappers SET target = ?3, mark = ?4, header = ?5, "
                                   "line = ?6, key = ?7, start = ?8, length = ?9, "
                                   "checksum = ?10, text = ?11, name = ?12 "
                                   "WHERE output_id = ?1 AND position = ?2");
        put.bind(1, output_id).bind(2, static_cast<std::int64_t>(i)).bind(3, w.target);
        put.bind(4, w.mark).bind(5, w.header).bind(6, w.line).bind(7, w.key);
        put.bind(8, w.start).bind(9, w.length).bind(10, w.checksum).bind(11, w.text);
        if (old.name != w.name) {
            put.bind(12, w.name);
            new_names = true;
        }
        put.run();
        ++i;
    }
    if (before.size() > now.size()) {
        Statement& drop = st.get("DELETE FROM wrappers WHERE output_id = ?1 AND position >= ?2");
        drop.bind(1, output_id).bind(2, static_cast<std::int64_t>(now.size())).run();
    }
    Statement& add = st.get(
        "INSERT INTO wrappers (output_id, position, name, target, mark, header, line, "
        "key, start, length, checksum, text) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
    for (std::size_t i = before.size(); i < now.size(); ++i) {
        const WrapperRow& w = now[i];
        add.bind(1, output_id).bind(2, static_cast<std::int64_t>(i)).bind(3, w.name);
        add.bind(4, w.target).bind(5, w.mark).bind(6, w.header).bind(7, w.line).bind(8, w.key);
        add.bind(9, w.start).bind(10, w.length).bind(11, w.checksum).bind(12, w.text).run();
        new_names = true;
    }
}

// Says how the wrappers differ from what the output held, and brings its rows up to date when
// they do; `new_names` when a row now names a wrapper or header the rows did not hold at its
// place. `known`: the output had a row before this run (a new one holds no wrappers).
Differences update_wrappers(RecordStore& st, std::int64_t output_id, bool known,
                            const std::vector<WrapperRow>& now, bool& new_names) {
    std::vector<WrapperRow> before;
    if (known) {
        Statement& old = st.get(
            "SELECT name, target, mark, header, line, key, start, length, checksum, text "
            "FROM wrappers WHERE output_id = ?1 ORDER BY position");
        old.bind(1, output_id);
        while (old.step()) {
            before.push_back({old.text(0), old.text(1), old.text(2), old.text(3), old.integer(4),
                              old.key(5).value_or(Key{}), old.integer(6), old.integer(7),
                              old.key(8).value_or(Key{}), old.text(9)});
        }
    }
    Differences diff;
    std::map<std::string, const WrapperRow*> old_rows;
    for (const WrapperRow& w : before) {
        old_rows[w.name] = &w;
    }
    std::size_t text_bytes = 0;
    for (const WrapperRow& w : now) {
        auto it = old_rows.find(w.name);
        if (it == old_rows.end()) {
            diff.added.push_back(w.name);
        } else {
            const WrapperRow& old = *it->second;
            if (old.key != w.key) {
                diff.changed.push_back(w.name);
                if (old.text != w.text) {
                    text_bytes += old.text.size() + w.text.size();
                    const bool kept = text_bytes <= max_kept_text;
                    diff.texts.push_back({w.name,
                                          kept && !old.text.empty() ? json(old.text) : json(),
                                          kept ? json(w.text) : json()});
                }
            }
            old_rows.erase(it);
        }
    }
    for (const auto& [name, row] : old_rows) {
        diff.removed.push_back(name);
    }
    if (now == before) {
        return diff;
    }
    write_wrapper_changes(st, output_id, before, now, new_names);
    return diff;
}

void add_counters(RecordStore& st, const RunRecord& r) {
    const std::pair<const char*, std::int64_t> counts[] = {
        {"runs", 1},
        {"hits", r.hits},
        {"misses", r.misses},
        {"headers_parsed", r.headers_parsed},
        {"headers_reused", r.headers_reused},
        {"outputs_written", r.status == RunStatus::written},
        {"outputs_unchanged", r.status == RunStatus::unchanged},
        {"runs_failed", r.status == RunStatus::failed},
    };
    Statement& add = st.get(
        "INSERT INTO counters (name, value) VALUES (?1, ?2) "
        "ON CONFLICT(name) DO UPDATE SET value = value + excluded.value");
    for (const auto& [name, value] : counts) {
        if (value != 0) {
            add.bind(1, name).bind(2, value).run();
        }
    }
}

}  // namespace

namespace {

bool store(RecordStore& st, const RunRecord& r) {
    store_headers(st, r);

    json before = json::array();
    bool compared = false;
    bool known = false;  // the output has a row from an earlier run
    {
        Statement& prev = st.get("SELECT inputs, content_hash FROM outputs WHERE path = ?1");
        prev.bind(1, r.output);
        if (prev.step()) {
            known = true;
            compared = !prev.is_null(1);  // an earlier successful run to compare with
            before = json::parse(prev.text(0), nullptr, false);
            if (before.is_discarded() || !before.is_array()) {
                before = json::array();
            }
        }
        prev.reset();
    }
    const bool ok = r.status != RunStatus::failed;
    json inputs = inputs_json(r);
    // A failed run keeps what the last successful one recorded. A written output is recorded
    // before it is renamed into place: what the file holds now stays acceptable
    // (previous_hash) until a later run finds it unchanged.
    Statement& put_output = st.get(
        "INSERT INTO outputs (path, content_hash, inputs, dialect, last_written,"
        " last_checked, previous_hash, run_key, refreshed, shard_group) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, nullif(?10, '')) "
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
        "shard_group = excluded.shard_group, "
        "last_written = coalesce(excluded.last_written, last_written), "
        "last_checked = excluded.last_checked "
        "RETURNING id");
    put_output.bind(1, r.output);
    if (r.content_hash) {
        put_output.bind(2, *r.content_hash);
    }
    put_output.bind(3, ok ? inputs.dump() : "[]").bind(4, r.dialect);
    if (r.status == RunStatus::written) {
        put_output.bind(5, r.time);
    }
    put_output.bind(6, r.time);
    if (r.previous_hash) {
        put_output.bind_blob(7, *r.previous_hash);
    }
    if (r.run_key) {
        put_output.bind(8, *r.run_key);
    }
    if (r.refresh) {
        put_output.bind(9, r.time);
    }
    put_output.bind(10, r.group);
    if (!put_output.step()) {
        throw Error(0, "recording the output returned no row");
    }
    std::int64_t output_id = put_output.integer(0);
    put_output.reset();

    Differences diff;
    bool new_names = false;
    if (r.wrappers) {
        diff = update_wrappers(st, output_id, known, *r.wrappers, new_names);
    }
    if (r.reused && r.refresh) {
        // For gc --older-than: the inputs of this output are still in use.
        Statement& seen = st.get(
            "UPDATE headers SET last_seen = ?1 WHERE last_seen < ?1 AND path IN "
            "(SELECT json_extract(value, '$[0]') FROM json_each(?2))");
        seen.bind(1, r.time).bind(2, inputs.dump()).run();
    }
    json changes = compared ? input_changes(before, inputs) : json::object();
    Statement& run = st.get(
        "INSERT INTO runs (output_id, time, status, hits, misses, headers_parsed, "
        "headers_reused, duration_us, compared, added, removed, changed, "
        "inputs_changed, texts, error_text) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)");
    run.bind(1, output_id).bind(2, r.time).bind(3, status_name(r.status));
    run.bind(4, r.hits).bind(5, r.misses).bind(6, r.headers_parsed).bind(7, r.headers_reused);
    run.bind(8, r.duration_us).bind(9, static_cast<std::int64_t>(compared && ok));
    run.bind(10, diff.added.dump()).bind(11, diff.removed.dump()).bind(12, diff.changed.dump());
    run.bind(13, changes.dump());
    // Replacement characters for bytes that are not UTF-8 (JSON cannot hold them): only shown.
    run.bind(14, diff.texts.dump(-1, ' ', false, json::error_handler_t::replace));
    if (r.status == RunStatus::failed) {
        run.bind(15, r.error_text);
    }
    run.run();

    if (known) {
        Statement& prune = st.get(
            "DELETE FROM runs WHERE output_id = ?1 AND id <= "
            "(SELECT id FROM runs WHERE output_id = ?1 ORDER BY id DESC LIMIT 1 OFFSET ?2)");
        prune.bind(1, output_id).bind(2, runs_kept_per_output).run();
    }
    add_counters(st, r);
    return new_names;
}

}  // namespace

bool store_run_record(Database& db, const RunRecord& record) {
    RecordStore st(db);
    return store(st, record);
}

std::size_t store_run_records(Database& db, const std::vector<RunRecord>& records) {
    RecordStore st(db);
    for (const RunRecord& r : records) {
        store(st, r);
    }
    return records.size();
}

}  // namespace cowrap::cache
