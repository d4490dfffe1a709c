// The store's write path (cache/store.hpp): a RunRecord, or a fold's batch of them, stored in
// one short BEGIN IMMEDIATE transaction. Rows that already hold what this run would write are
// left alone, so a run that changes nothing writes little more than its own `runs` row.
#include <algorithm>
#include <ctime>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <span>

#include "cache/paths.hpp"
#include "cache/sqlite.hpp"
#include "cache/store.hpp"
#include "cache/wrapper_list.hpp"

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
        Statement& p = st.get(
            "INSERT OR REPLACE INTO headers (path, content_hash, size, mtime, last_seen) "
            "VALUES (?1, ?2, ?3, ?4, ?5)");
        p.bind(1, h.path).bind(2, h.content_hash).bind(3, h.size).bind(4, h.mtime_ns);
        p.bind(5, r.time).run();
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

// A list of wrapper names as JSON text, as json(names).dump() writes it. Names are C
// identifiers, which need no escaping: written directly, since building a json value per name
// was a quarter of what storing a cold run cost. Anything else goes through the library.
std::string names_json(const std::vector<std::string_view>& names) {
    std::string out = "[";
    for (std::string_view name : names) {
        const bool plain = std::all_of(name.begin(), name.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == '_' || c == '$';
        });
        if (!plain) {
            return json(std::vector<std::string>(names.begin(), names.end())).dump();
        }
        if (out.size() > 1) {
            out += ',';
        }
        out += '"';
        out += name;
        out += '"';
    }
    return out + "]";
}

// Views into the two wrapper lists compared.
struct Differences {
    std::vector<std::string_view> added;
    std::vector<std::string_view> removed;
    std::vector<std::string_view> changed;
    // [name, old text or null, new text or null] for each changed wrapper whose declaration
    // text changed: old is null when the earlier row has no text (a cache from before texts
    // were kept), both are null past max_kept_text of texts in the run. A changed wrapper
    // with no entry kept its text (its block changed with the dialect, options or version).
    json texts = json::array();
};

// Says how the wrappers differ from what the output held: a wrapper changed when its block or
// its declaration's text did (a block that only moved, because one before it changed, did not).
// `new_names`: `now` names a wrapper in a header that `before` did not (so the name digest must
// learn it).
Differences compare_wrappers(const std::vector<WrapperView>& before,
                             const std::vector<WrapperView>& now, bool& new_names) {
    Differences diff;
    std::map<std::string_view, const WrapperView*> old_rows;
    for (const WrapperView& w : before) {
        old_rows[w.name] = &w;
    }
    std::size_t text_bytes = 0;
    for (const WrapperView& w : now) {
        auto it = old_rows.find(w.name);
        if (it == old_rows.end()) {
            diff.added.push_back(w.name);
            new_names = true;
            continue;
        }
        const WrapperView& old = *it->second;
        new_names = new_names || old.header != w.header;
        if (old.checksum != w.checksum || old.text != w.text) {
            diff.changed.push_back(w.name);
            if (old.text != w.text) {
                text_bytes += old.text.size() + w.text.size();
                const bool kept = text_bytes <= max_kept_text;
                diff.texts.push_back({w.name, kept && !old.text.empty() ? json(old.text) : json(),
                                      kept ? json(w.text) : json()});
            }
        }
        old_rows.erase(it);
    }
    for (const auto& [name, row] : old_rows) {
        diff.removed.push_back(name);
    }
    return diff;
}

// The counters' increments, summed over the runs a fold stores: one statement a counter, not
// one a counter and run.
using Counts = std::map<std::string_view, std::int64_t>;

void count(Counts& counts, const RunRecord& r) {
    counts["runs"] += 1;
    counts["hits"] += r.hits;
    counts["misses"] += r.misses;
    counts["headers_parsed"] += r.headers_parsed;
    counts["headers_reused"] += r.headers_reused;
    counts["outputs_written"] += r.status == RunStatus::written;
    counts["outputs_unchanged"] += r.status == RunStatus::unchanged;
    counts["runs_failed"] += r.status == RunStatus::failed;
}

void add_counters(RecordStore& st, const Counts& counts) {
    Statement& add = st.get(
        "INSERT INTO counters (name, value) VALUES (?1, ?2) "
        "ON CONFLICT(name) DO UPDATE SET value = value + excluded.value");
    for (const auto& [name, value] : counts) {
        if (value != 0) {
            add.bind(1, name).bind(2, value).run();
        }
    }
}

bool store_run(RecordStore& st, const RunRecord& r, Counts& counts) {
    store_headers(st, r);

    json before = json::array();
    bool compared = false;
    bool known = false;  // the output has a row from an earlier run
    Differences diff;
    bool new_names = false;
    std::vector<WrapperView> now;  // into r.wrapper_list
    std::string old_list;          // the row's, which diff's removed names point into
    {
        Statement& prev =
            st.get("SELECT inputs, content_hash, wrappers FROM outputs WHERE path = ?1");
        prev.bind(1, r.output);
        if (prev.step()) {
            known = true;
            compared = !prev.is_null(1);  // an earlier successful run to compare with
            before = json::parse(prev.text(0), nullptr, false);
            if (before.is_discarded() || !before.is_array()) {
                before = json::array();
            }
        }
        if (r.wrapper_list) {
            // No list (a new output, or one recorded before schema 7): every wrapper is new.
            if (known) {
                old_list = prev.blob(2);
            }
            now = decode_wrapper_views(*r.wrapper_list).value_or(std::vector<WrapperView>{});
            diff = compare_wrappers(
                decode_wrapper_views(old_list).value_or(std::vector<WrapperView>{}), now,
                new_names);
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
        " last_checked, previous_hash, run_key, refreshed, shard_group, wrappers,"
        " wrapper_count) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, nullif(?10, ''), coalesce(?11, x''),"
        " coalesce(?12, 0)) "
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
        "wrappers = coalesce(?11, wrappers), "
        "wrapper_count = coalesce(?12, wrapper_count), "
        "last_written = coalesce(excluded.last_written, last_written), "
        "last_checked = excluded.last_checked "
        "RETURNING id");
    put_output.bind(1, r.output);
    // An output's hash is checked with the wrapper list it was made with (core/output_hash.hpp).
    // A record without a list (a taken output's, which holds its row's hash) sets the hash only
    // beside the row's list: with no row (the database was replaced since) it leaves none, and
    // the next run generates the output again.
    if (r.content_hash && (r.wrapper_list || known)) {
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
    if (r.wrapper_list) {
        put_output.bind_blob(11, *r.wrapper_list);
        put_output.bind(12, static_cast<std::int64_t>(now.size()));
    }
    if (!put_output.step()) {
        throw Error(0, "recording the output returned no row");
    }
    std::int64_t output_id = put_output.integer(0);
    put_output.reset();

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
    run.bind(10, names_json(diff.added))
        .bind(11, names_json(diff.removed))
        .bind(12, names_json(diff.changed));
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
    count(counts, r);
    return new_names;
}

// One transaction for `records`, each statement compiled once and each counter added once.
bool store_all(Database& db, std::span<const RunRecord> records) {
    WriteTransaction tx(db);
    bool new_names = false;
    {
        RecordStore st(db);  // its statements finalised before the commit
        Counts counts;
        for (const RunRecord& r : records) {
            new_names = store_run(st, r, counts) || new_names;
        }
        add_counters(st, counts);
    }
    tx.commit();
    return new_names;
}

}  // namespace

bool Store::store(const RunRecord& record) {
    return store_all(*db_, {&record, 1});
}

std::size_t Store::store(const std::vector<RunRecord>& records) {
    store_all(*db_, records);
    return records.size();
}

}  // namespace cowrap::cache
