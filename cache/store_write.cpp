// The store's write path (cache/store.hpp): a RunRecord, or a fold's batch of them, stored in
// one short BEGIN IMMEDIATE transaction. Rows that already hold what this run would write are
// left alone, so a run that changes nothing writes little more than its own `runs` row.
#include <algorithm>
#include <ctime>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <span>
#include <unordered_map>

#include "cache/bytes.hpp"
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

// ---- the texts of a run's rows

// A JSON string, written directly: building a library value per string cost more than the rest
// of storing a run, and most strings (names, paths) are printable ASCII that needs no escaping.
// Anything else goes through the library, which replaces bytes that are not UTF-8 (a path may
// hold any byte; JSON text cannot).
void json_string_to(std::string& out, std::string_view s) {
    const bool plain = std::all_of(
        s.begin(), s.end(), [](char c) { return c >= 0x20 && c < 0x7f && c != '"' && c != '\\'; });
    if (!plain) {
        out += json(std::string(s)).dump(-1, ' ', false, json::error_handler_t::replace);
        return;
    }
    out += '"';
    out += s;
    out += '"';
}

// A JSON array of strings, as json(strings).dump() writes it.
template <typename Strings>
void json_array_to(std::string& out, const Strings& strings) {
    out += '[';
    bool first = true;
    for (std::string_view s : strings) {
        if (!first) {
            out += ',';
        }
        first = false;
        json_string_to(out, s);
    }
    out += ']';
}

template <typename Strings>
std::string json_array(const Strings& strings) {
    std::string out;
    json_array_to(out, strings);
    return out;
}

using Inputs = std::vector<std::pair<std::string, Key>>;

// outputs.inputs: the run's inputs as the store alone reads them back, a blob (cache/bytes.hpp)
// of their count, then each one's path and content hash.
std::string encode_inputs(const Inputs& inputs) {
    ByteWriter w;
    w.number(inputs.size());
    for (const auto& [path, hash] : inputs) {
        w.text(path);
        w.key(hash);
    }
    return std::move(w.out);
}

// What an `outputs` row's inputs column holds: that blob, or from a cowrap before 2026-12 the
// JSON text [[path, hash in hex], ...]. Whatever cannot be read counts as no inputs.
Inputs decode_inputs(const Statement& row, int column) {
    Inputs inputs;
    if (row.is_text(column)) {
        const json all = json::parse(row.text(column), nullptr, false);
        for (const json& i : all.is_array() ? all : json::array()) {
            std::optional<Key> hash;
            if (i.is_array() && i.size() == 2 && i[0].is_string() && i[1].is_string() &&
                (hash = from_hex(i[1].get<std::string>()))) {
                inputs.emplace_back(i[0].get<std::string>(), *hash);
            }
        }
        return inputs;
    }
    ByteReader r{row.blob_view(column)};
    const std::uint64_t count = r.number();
    for (std::uint64_t i = 0; i < count && r.ok; ++i) {
        std::string path = r.text();
        inputs.emplace_back(std::move(path), r.key());
    }
    return r.ok ? inputs : Inputs{};
}

// runs.inputs_changed: which inputs changed their bytes, appeared or went away since the
// previous run, as the JSON object {"added", "changed", "removed"} of path lists.
std::string input_changes(const Inputs& before, const Inputs& now) {
    std::map<std::string_view, const Key*> old;
    for (const auto& [path, hash] : before) {
        old[path] = &hash;
    }
    std::vector<std::string_view> changed;
    std::vector<std::string_view> added;
    for (const auto& [path, hash] : now) {
        auto it = old.find(path);
        if (it == old.end()) {
            added.push_back(path);
            continue;
        }
        if (*it->second != hash) {
            changed.push_back(path);
        }
        old.erase(it);
    }
    std::string out = "{\"added\":";
    json_array_to(out, added);
    out += ",\"changed\":";
    json_array_to(out, changed);
    out += ",\"removed\":";
    std::vector<std::string_view> removed;
    for (const auto& [path, hash] : old) {
        removed.push_back(path);
    }
    json_array_to(out, removed);
    return out + "}";
}

// What changed between the two wrapper lists compared: views into the new list, and the names
// the old list held alone (copied: the old list is SQLite's and goes with the next step).
struct Differences {
    std::vector<std::string_view> added;
    std::vector<std::string> removed;
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
// learn it). Both lists mostly hold the same wrappers in the same order: each wrapper is looked
// for where the last one matched, and an index of names is built only when that fails.
Differences compare_wrappers(const std::vector<WrapperView>& before,
                             const std::vector<WrapperView>& now, bool& new_names) {
    Differences diff;
    std::vector<bool> matched(before.size());
    std::unordered_map<std::string_view, std::size_t> index;
    std::size_t next = 0;  // where the wrapper after the last one matched is, in `before`
    std::size_t text_bytes = 0;
    for (const WrapperView& w : now) {
        std::size_t at = next;
        if (at >= before.size() || before[at].name != w.name) {
            if (index.empty()) {
                index.reserve(before.size());
                for (std::size_t i = 0; i < before.size(); ++i) {
                    index.emplace(before[i].name, i);
                }
            }
            auto it = index.find(w.name);
            at = it == index.end() ? before.size() : it->second;
        }
        if (at >= before.size() || matched[at]) {
            diff.added.push_back(w.name);
            new_names = true;
            continue;
        }
        matched[at] = true;
        next = at + 1;
        const WrapperView& old = before[at];
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
    }
    for (std::size_t i = 0; i < before.size(); ++i) {
        if (!matched[i]) {
            diff.removed.emplace_back(before[i].name);
        }
    }
    std::sort(diff.removed.begin(), diff.removed.end());
    diff.removed.erase(std::unique(diff.removed.begin(), diff.removed.end()), diff.removed.end());
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

// A run's wrapper list against the one its output's row holds, part by part (schema 8): which
// parts differ, and the old ones' bytes (copied: SQLite's go with the next step). The parts
// that are the same bytes hold the same wrappers, and a name is in one place of a list only, so
// comparing the wrappers of the parts that differ says all that changed: an edit of one header
// of a monolithic output decodes 400 wrappers of each list, not 10,000, and never joins the old
// list.
struct PartChanges {
    std::string old_head;  // the row's list head (its whole list before schema 8)
    std::optional<std::vector<std::size_t>> cuts;  // the new list's (wrapper_list_parts)
    std::size_t new_parts = 0;                     // its parts (none for a list of no wrapper)
    std::size_t old_parts = 0;                     // the row's
    std::vector<std::size_t> differing;            // the parts to write: new, or not the same
    std::vector<std::string> old_differing;        // the old bytes of those the row had
};

std::string_view new_part(std::string_view list, const std::vector<std::size_t>& cuts,
                          std::size_t k) {
    const std::size_t end = k + 1 < cuts.size() ? cuts[k + 1] : list.size();
    return list.substr(cuts[k], end - cuts[k]);
}

PartChanges compare_parts(RecordStore& st, std::int64_t output_id, std::string_view old_head,
                          std::string_view list) {
    PartChanges c;
    c.old_head = old_head;
    c.cuts = wrapper_list_parts(list);
    if (c.cuts) {
        c.new_parts = c.cuts->front() == list.size() ? 0 : c.cuts->size();
    }
    // Output ids start at 1: a new output (0) has no part to ask for, and a fold of cold
    // shards stores hundreds of them.
    if (output_id != 0) {
        Statement& parts = st.get(list_parts_query);
        parts.reset();
        parts.bind(1, output_id);
        while (parts.step()) {
            const std::size_t k = c.old_parts++;
            const std::string_view old = parts.blob_view(0);
            if (k >= c.new_parts || new_part(list, *c.cuts, k) != old) {
                c.differing.push_back(k);
                c.old_differing.emplace_back(old);
            }
        }
        parts.reset();
    }
    for (std::size_t k = c.old_parts; k < c.new_parts; ++k) {
        c.differing.push_back(k);
    }
    return c;
}

// The new list is the same as the row's.
bool same_list(const PartChanges& c, std::string_view list) {
    const std::string_view head = c.cuts ? list.substr(0, c.cuts->front()) : list;
    return c.old_head == head && c.differing.empty() && c.old_parts == c.new_parts;
}

// Writes the parts of `list` that differ from the row's and drops the row's parts past the new
// list's: an edit of one header rewrites the part its header is in. Without cuts (a list in an
// older format, whole in the row) every part is dropped.
void store_list_parts(RecordStore& st, std::int64_t output_id, std::string_view list,
                      const PartChanges& c) {
    if (c.cuts) {
        Statement& put = st.get(
            "INSERT INTO list_parts (output_id, part, bytes) VALUES (?1, ?2, ?3) "
            "ON CONFLICT (output_id, part) DO UPDATE SET bytes = excluded.bytes");
        for (std::size_t k : c.differing) {
            if (k < c.new_parts) {
                put.bind(1, output_id)
                    .bind(2, static_cast<std::int64_t>(k))
                    .bind_blob_in_place(3, new_part(list, *c.cuts, k))
                    .run();
            }
        }
    }
    if (c.old_parts > c.new_parts) {
        st.get("DELETE FROM list_parts WHERE output_id = ?1 AND part >= ?2")
            .bind(1, output_id)
            .bind(2, static_cast<std::int64_t>(c.new_parts))
            .run();
    }
}

// What changed between the row's list and the run's: from the parts that differ when both
// name the same headers, else from both lists whole.
std::optional<Differences> list_differences(RecordStore& st, std::int64_t output_id,
                                            const PartChanges& c, std::string_view list,
                                            bool& new_names) {
    if (c.cuts && c.old_parts > 0 && same_paths(c.old_head, list)) {
        const std::vector<std::string_view> was(c.old_differing.begin(), c.old_differing.end());
        std::vector<std::string_view> is;
        for (std::size_t k : c.differing) {
            if (k < c.new_parts) {
                is.push_back(new_part(list, *c.cuts, k));
            }
        }
        const std::string_view head = list.substr(0, c.cuts->front());
        std::optional<std::vector<WrapperView>> before = decode_part_views(c.old_head, was);
        std::optional<std::vector<WrapperView>> now = decode_part_views(head, is);
        if (before && now) {
            return compare_wrappers(*before, *now, new_names);
        }
    }
    std::optional<std::vector<WrapperView>> now = decode_wrapper_views(list);
    if (!now) {
        return std::nullopt;
    }
    std::string old_list = c.old_head;
    if (c.old_parts > 0) {
        append_list_parts(st.get(list_parts_query), output_id, old_list);
    }
    return compare_wrappers(decode_wrapper_views(old_list).value_or(std::vector<WrapperView>{}),
                            *now, new_names);
}

bool store_run(RecordStore& st, const RunRecord& r, Counts& counts) {
    bool compared = false;
    bool known = false;  // the output has a row from an earlier run
    Differences diff;
    bool new_names = false;
    std::optional<std::size_t> wrapper_count;
    // Reset at the end: the row's inputs are read where SQLite holds them.
    Statement& prev =
        st.get("SELECT inputs, content_hash, wrappers, id FROM outputs WHERE path = ?1");
    prev.bind(1, r.output);
    if (prev.step()) {
        known = true;
        compared = !prev.is_null(1);  // an earlier successful run to compare with
    }
    const std::int64_t output_row = known ? prev.integer(3) : 0;
    const PartChanges parts =
        r.wrapper_list
            ? compare_parts(st, output_row, known ? prev.blob_view(2) : "", *r.wrapper_list)
            : PartChanges{};
    bool unchanged_list = false;
    if (r.wrapper_list) {
        // No list (a new output, or one recorded before schema 7): every wrapper is new.
        wrapper_count = wrapper_list_size(*r.wrapper_list);
        if (known && same_list(parts, *r.wrapper_list)) {
            unchanged_list = true;  // a run that changed no wrapper
        } else if (wrapper_count) {
            std::optional<Differences> found =
                list_differences(st, output_row, parts, *r.wrapper_list, new_names);
            if (found) {
                diff = std::move(*found);
            } else {
                wrapper_count.reset();
            }
        }
        if (!wrapper_count) {
            // A list this cowrap cannot read (a faulty writer's: damage fails the record's
            // checksum first): the record is dropped, as a damaged one is.
            prev.reset();
            return false;
        }
    }
    store_headers(st, r);
    const bool ok = r.status != RunStatus::failed;
    const std::string inputs = encode_inputs(ok ? r.inputs : Inputs{});
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
    put_output.bind_blob_in_place(3, inputs).bind(4, r.dialect);
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
    // The list's head goes in the row, its parts in their own rows (schema 8); a list in an
    // older format (an older cowrap's pending record) all in the row.
    const std::optional<std::vector<std::size_t>>& cuts = parts.cuts;
    if (r.wrapper_list) {
        if (!unchanged_list) {
            put_output.bind_blob_in_place(
                11, cuts ? std::string_view(*r.wrapper_list).substr(0, cuts->front())
                         : std::string_view(*r.wrapper_list));
        }
        put_output.bind(12, static_cast<std::int64_t>(*wrapper_count));
    }
    if (!put_output.step()) {
        throw Error(0, "recording the output returned no row");
    }
    std::int64_t output_id = put_output.integer(0);
    put_output.reset();
    if (r.wrapper_list && !unchanged_list) {
        store_list_parts(st, output_id, *r.wrapper_list, parts);
    }

    if (r.reused && r.refresh) {
        // For gc --older-than: the inputs of this output are still in use.
        Statement& seen =
            st.get("UPDATE headers SET last_seen = ?1 WHERE path = ?2 AND last_seen < ?1");
        for (const auto& [path, hash] : r.inputs) {
            seen.bind(1, r.time).bind_in_place(2, path).run();
        }
    }
    const std::string changes = compared ? input_changes(decode_inputs(prev, 0), r.inputs) : "{}";
    Statement& run = st.get(
        "INSERT INTO runs (output_id, time, status, hits, misses, headers_parsed, "
        "headers_reused, duration_us, compared, added, removed, changed, "
        "inputs_changed, texts, error_text) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)");
    run.bind(1, output_id).bind(2, r.time).bind(3, status_name(r.status));
    run.bind(4, r.hits).bind(5, r.misses).bind(6, r.headers_parsed).bind(7, r.headers_reused);
    run.bind(8, r.duration_us).bind(9, static_cast<std::int64_t>(compared && ok));
    run.bind(10, json_array(diff.added))
        .bind(11, json_array(diff.removed))
        .bind(12, json_array(diff.changed));
    run.bind_in_place(13, changes);
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
    prev.reset();
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
