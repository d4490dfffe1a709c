// The store's maintenance (cache/store.hpp): `cache gc`, `cache clear` and `cache zero`.
#include <filesystem>
#include <optional>
#include <set>

#include "cache/sqlite.hpp"
#include "cache/store.hpp"

namespace cowrap::cache {

namespace fs = std::filesystem;

namespace {

// The distinct paths in `sql`'s first column whose file no longer exists.
std::set<std::string> missing_files(Database& db, std::string_view sql) {
    Statement q(db, sql);
    std::set<std::string> gone;
    while (q.step()) {
        std::string path = q.text(0);
        std::error_code ec;
        if (!fs::exists(path, ec) && !ec) {
            gone.insert(std::move(path));
        }
    }
    return gone;
}

// The (id, wrapper_count) rows `q` selects, its parameter bound to `arg`.
template <typename Arg>
std::vector<std::pair<std::int64_t, std::int64_t>> outputs(Statement& q, const Arg& arg) {
    std::vector<std::pair<std::int64_t, std::int64_t>> out;
    for (q.bind(1, arg); q.step();) {
        out.emplace_back(q.integer(0), q.integer(1));
    }
    q.reset();
    return out;
}

}  // namespace

GcResult Store::gc(std::optional<std::int64_t> older_than, std::int64_t now) {
    Database& db = *db_;
    // Look at the disk before taking the write lock, to keep the transaction short.
    const std::set<std::string> gone_headers = missing_files(db, "SELECT path FROM headers");
    const std::set<std::string> gone_outputs = missing_files(db, "SELECT path FROM outputs");

    GcResult result;
    WriteTransaction tx(db);
    auto changed = [&](Statement& s) {
        s.run();
        return db.changes();
    };
    std::optional<Statement> runs, output;  // compiled when an output goes: mostly none does
    auto drop = [&](const std::vector<std::pair<std::int64_t, std::int64_t>>& rows) {
        for (const auto& [id, wrappers] : rows) {
            if (!runs) {
                runs.emplace(db, "DELETE FROM runs WHERE output_id = ?1");
                output.emplace(db, "DELETE FROM outputs WHERE id = ?1");
            }
            result.wrappers += wrappers;
            result.runs += changed(runs->bind(1, id));
            result.outputs += changed(output->bind(1, id));
        }
    };
    Statement header(db, "DELETE FROM headers WHERE path = ?1");
    for (const std::string& path : gone_headers) {
        result.headers += changed(header.bind(1, path));
    }
    Statement by_path(db, "SELECT id, wrapper_count FROM outputs WHERE path = ?1");
    for (const std::string& path : gone_outputs) {
        drop(outputs(by_path, path));
    }
    if (older_than) {
        const std::int64_t cutoff = now - *older_than;
        Statement old_headers(db, "DELETE FROM headers WHERE last_seen < ?1");
        result.headers += changed(old_headers.bind(1, cutoff));
        Statement old(db, "SELECT id, wrapper_count FROM outputs WHERE last_checked < ?1");
        drop(outputs(old, cutoff));
        Statement old_runs(db, "DELETE FROM runs WHERE time < ?1");
        result.runs += changed(old_runs.bind(1, cutoff));
    }
    tx.commit();
    return result;
}

void Store::clear() {
    WriteTransaction tx(*db_);
    db_->exec(
        "DELETE FROM runs; DELETE FROM list_parts; DELETE FROM outputs; DELETE FROM headers; "
        "DELETE FROM counters;");
    tx.commit();
    // Give the space back; another process holding the database open makes this fail, which
    // leaves free pages for SQLite to reuse.
    try {
        db_->exec("VACUUM");
    } catch (const Error&) {
    }
}

void Store::zero_counters(std::int64_t now) {
    WriteTransaction tx(*db_);
    db_->exec("DELETE FROM counters");
    Statement zeroed(*db_, "INSERT INTO counters (name, value) VALUES ('zeroed_at', ?1)");
    zeroed.bind(1, now).run();
    tx.commit();
}

}  // namespace cowrap::cache
