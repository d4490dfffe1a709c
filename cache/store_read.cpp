// What the store reads (cache/store.hpp): a run's lookups, then the inspection commands'
// queries. Few indexes: every run writes, only people run the inspection queries.
#include <nlohmann/json.hpp>

#include "cache/sqlite.hpp"
#include "cache/store.hpp"

namespace cowrap::cache {

namespace {

// Rows of (path, dialect, wrappers, id), each with its whole list.
std::vector<OutputRow> output_lists(Database& db, Statement& q) {
    Statement parts(db, list_parts_query);
    std::vector<OutputRow> out;
    while (q.step()) {
        out.push_back({.path = q.text(0), .dialect = q.text(1), .wrappers = q.blob(2)});
        append_list_parts(parts, q.integer(3), out.back().wrappers);
    }
    return out;
}

using nlohmann::json;

std::vector<std::string> names_from(const json& j) {
    std::vector<std::string> out;
    if (!j.is_array()) {
        return out;
    }
    for (const json& n : j) {
        if (n.is_string()) {
            out.push_back(n.get<std::string>());
        }
    }
    return out;
}

// A `runs` row's JSON lists (written by store_write.cpp), as RunEntry holds them.
void decode_lists(RunEntry& r, const std::string& inputs_changed, const std::string& texts) {
    const json inputs = json::parse(inputs_changed, nullptr, false);
    if (inputs.is_object()) {
        r.inputs_changed = names_from(inputs.value("changed", json()));
        r.inputs_added = names_from(inputs.value("added", json()));
        r.inputs_removed = names_from(inputs.value("removed", json()));
    }
    const json all = json::parse(texts, nullptr, false);
    auto text = [](const json& j) {
        return j.is_string() ? std::optional(j.get<std::string>()) : std::nullopt;
    };
    for (const json& t : all.is_array() ? all : json::array()) {
        if (t.is_array() && t.size() == 3 && t[0].is_string()) {
            r.texts.push_back({t[0].get<std::string>(), text(t[1]), text(t[2])});
        }
    }
}

}  // namespace

void append_list_parts(Statement& parts, std::int64_t output_id, std::string& list) {
    parts.reset();
    parts.bind(1, output_id);
    while (parts.step()) {
        list += parts.blob_view(0);
    }
}

// ---- what a run reads -------------------------------------------------------------------

std::optional<OutputRow> Store::reusable_output(const std::string& output, const Key& run_key) {
    Statement q(*db_,
                "SELECT content_hash, refreshed, wrapper_count, coalesce(shard_group, ''), "
                "wrappers, id FROM outputs WHERE path = ?1 AND run_key = ?2");
    q.bind(1, output).bind(2, run_key);
    if (!q.step()) {
        return std::nullopt;
    }
    OutputRow row{.content_hash = q.key(0),
                  .refreshed = q.is_null(1) ? 0 : q.integer(1),
                  .wrapper_count = q.integer(2),
                  .wrappers = q.blob(4),
                  .group = q.text(3)};
    Statement parts(*db_, list_parts_query);
    append_list_parts(parts, q.integer(5), row.wrappers);
    return row;
}

std::optional<std::string> Store::wrapper_list(const std::string& output) {
    Statement q(*db_, "SELECT wrappers, id FROM outputs WHERE path = ?1");
    q.bind(1, output);
    if (!q.step()) {
        return std::nullopt;
    }
    std::string list = q.blob(0);
    Statement parts(*db_, list_parts_query);
    append_list_parts(parts, q.integer(1), list);
    return list;
}

bool Store::group_has_others(const std::string& group, const std::string& except) {
    Statement q(*db_,
                "SELECT EXISTS (SELECT 1 FROM outputs WHERE path != ?1 AND shard_group = ?2)");
    q.bind(1, except).bind(2, group);
    return !q.step() || q.integer(0) != 0;
}

std::vector<OutputRow> Store::group_wrapper_lists(const std::string& group,
                                                  const std::string& except) {
    Statement q(*db_,
                "SELECT path, dialect, wrappers, id FROM outputs WHERE path != ?1 AND "
                "shard_group = ?2 ORDER BY path");
    q.bind(1, except).bind(2, group);
    return output_lists(*db_, q);
}

std::vector<OutputRow> Store::all_wrapper_lists() {
    Statement q(*db_, "SELECT path, dialect, wrappers, id FROM outputs");
    return output_lists(*db_, q);
}

std::vector<OutputRow> Store::grouped_wrapper_lists() {
    Statement q(*db_,
                "SELECT path, dialect, wrappers, id FROM outputs WHERE shard_group IS NOT NULL");
    return output_lists(*db_, q);
}

std::int64_t Store::wrapper_count() {
    return db_->query_int("SELECT coalesce(sum(wrapper_count), 0) FROM outputs");
}

// ---- what the inspection commands read --------------------------------------------------

int Store::stored_schema() {
    return stored_schema_version(*db_);
}

std::int64_t Store::header_count() {
    return db_->query_int("SELECT count(*) FROM headers");
}

std::int64_t Store::output_count() {
    return db_->query_int("SELECT count(*) FROM outputs");
}

std::vector<std::pair<std::string, std::int64_t>> Store::counters() {
    Statement q(*db_, "SELECT name, value FROM counters");
    std::vector<std::pair<std::string, std::int64_t>> out;
    while (q.step()) {
        out.emplace_back(q.text(0), q.integer(1));
    }
    return out;
}

std::optional<LastRun> Store::last_run() {
    Statement q(*db_,
                "SELECT r.time, o.path, r.status, r.duration_us FROM runs r "
                "JOIN outputs o ON o.id = r.output_id ORDER BY r.id DESC LIMIT 1");
    if (!q.step()) {
        return std::nullopt;
    }
    return LastRun{q.integer(0), q.text(1), q.text(2), q.integer(3)};
}

std::vector<RunEntry> Store::runs_of(const std::string& output, int n) {
    Statement q(*db_,
                "SELECT r.time, r.status, r.hits, r.misses, r.headers_parsed, r.headers_reused, "
                "r.duration_us, r.compared, r.added, r.removed, r.changed, r.inputs_changed, "
                "r.texts, r.error_text "
                "FROM runs r JOIN outputs o ON o.id = r.output_id "
                "WHERE o.path = ?1 ORDER BY r.id DESC LIMIT ?2");
    q.bind(1, output).bind(2, static_cast<std::int64_t>(n));
    std::vector<RunEntry> out;
    while (q.step()) {
        RunEntry& r = out.emplace_back();
        r.time = q.integer(0);
        r.status = q.text(1);
        r.hits = q.integer(2);
        r.misses = q.integer(3);
        r.headers_parsed = q.integer(4);
        r.headers_reused = q.integer(5);
        r.duration_us = q.integer(6);
        r.compared = q.integer(7) != 0;
        r.added = names_from(json::parse(q.text(8), nullptr, false));
        r.removed = names_from(json::parse(q.text(9), nullptr, false));
        r.changed = names_from(json::parse(q.text(10), nullptr, false));
        decode_lists(r, q.text(11), q.text(12));
        r.error_text = q.is_null(13) ? std::nullopt : std::optional(q.text(13));
    }
    return out;
}

bool Store::has_output(const std::string& output) {
    Statement q(*db_, "SELECT 1 FROM outputs WHERE path = ?1");
    q.bind(1, output);
    return q.step();
}

std::vector<std::string> Store::integrity_problems(int max) {
    Statement q(*db_, "PRAGMA integrity_check(" + std::to_string(max) + ")");
    std::vector<std::string> out;
    while (q.step()) {
        if (std::string message = q.text(0); message != "ok") {
            out.push_back(std::move(message));
        }
    }
    return out;
}

std::vector<OutputRow> Store::recorded_outputs() {
    Statement q(*db_,
                "SELECT path, content_hash, previous_hash, wrappers, id FROM outputs "
                "WHERE content_hash IS NOT NULL");
    Statement parts(*db_, list_parts_query);
    std::vector<OutputRow> out;
    while (q.step()) {
        out.push_back({.path = q.text(0),
                       .content_hash = q.key(1),
                       .previous_state = q.blob(2),
                       .may_be_absent = !q.is_null(2) && q.blob(2).empty(),
                       .wrappers = q.blob(3)});
        append_list_parts(parts, q.integer(4), out.back().wrappers);
    }
    return out;
}

}  // namespace cowrap::cache
