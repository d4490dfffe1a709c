#include "cache/gc.hpp"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <filesystem>
#include <set>
#include <vector>

#include "cache/stats.hpp"

namespace cowrap::cache {

namespace fs = std::filesystem;

namespace {

// The distinct paths in `sql`'s first column whose file no longer exists.
std::vector<std::string> missing_files(Database& db, std::string_view sql) {
    Statement q(db, sql);
    std::set<std::string> gone;
    while (q.step()) {
        std::string path = q.text(0);
        std::error_code ec;
        if (!fs::exists(path, ec) && !ec) {
            gone.insert(std::move(path));
        }
    }
    return {gone.begin(), gone.end()};
}

struct Deleter {
    Database& db;
    GcResult& result;

    std::int64_t run(Statement& s) {
        s.run();
        return db.changes();
    }

    void output(std::int64_t id) {
        Statement wrappers(db, "SELECT wrapper_count FROM outputs WHERE id = ?1");
        Statement runs(db, "DELETE FROM runs WHERE output_id = ?1");
        Statement output(db, "DELETE FROM outputs WHERE id = ?1");
        if (wrappers.bind(1, id).step()) {
            result.wrappers += wrappers.integer(0);
        }
        result.runs += run(runs.bind(1, id));
        result.outputs += run(output.bind(1, id));
    }
};

std::vector<std::int64_t> ids(Database& db, std::string_view sql, std::int64_t arg) {
    Statement q(db, sql);
    q.bind(1, arg);
    std::vector<std::int64_t> out;
    while (q.step()) {
        out.push_back(q.integer(0));
    }
    return out;
}

}  // namespace

GcResult collect_garbage(Database& db, std::optional<std::int64_t> older_than, std::int64_t now) {
    // Look at the disk before taking the write lock, to keep the transaction short.
    std::vector<std::string> gone_headers = missing_files(db, "SELECT path FROM headers");
    std::vector<std::string> gone_outputs = missing_files(db, "SELECT path FROM outputs");

    GcResult result;
    WriteTransaction tx(db);
    Deleter del{db, result};
    Statement header(db, "DELETE FROM headers WHERE path = ?1");
    for (const std::string& path : gone_headers) {
        result.headers += del.run(header.bind(1, path));
    }
    Statement output_id(db, "SELECT id FROM outputs WHERE path = ?1");
    for (const std::string& path : gone_outputs) {
        output_id.bind(1, path);
        if (output_id.step()) {
            std::int64_t id = output_id.integer(0);
            output_id.reset();
            del.output(id);
        } else {
            output_id.reset();
        }
    }
    if (older_than) {
        std::int64_t cutoff = now - *older_than;
        Statement old_headers(db, "DELETE FROM headers WHERE last_seen < ?1");
        Statement old_runs(db, "DELETE FROM runs WHERE time < ?1");
        result.headers += del.run(old_headers.bind(1, cutoff));
        for (std::int64_t id : ids(db, "SELECT id FROM outputs WHERE last_checked < ?1", cutoff)) {
            del.output(id);
        }
        result.runs += del.run(old_runs.bind(1, cutoff));
    }
    tx.commit();
    return result;
}

std::optional<std::int64_t> parse_age(std::string_view age) {
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(age.data(), age.data() + age.size(), n);
    if (ec != std::errc() || end == age.data() || n < 0) {
        return std::nullopt;
    }
    std::string_view unit(end, static_cast<std::size_t>(age.data() + age.size() - end));
    std::int64_t scale = 0;
    if (unit.empty() || unit == "d") {
        scale = 86400;
    } else if (unit == "s") {
        scale = 1;
    } else if (unit == "m") {
        scale = 60;
    } else if (unit == "h") {
        scale = 3600;
    } else if (unit == "w") {
        scale = 7 * 86400;
    } else {
        return std::nullopt;
    }
    // Checked before the product, which could overflow (9223372036854775807w).
    if (n > max_age_seconds / scale) {
        return std::nullopt;
    }
    return n * scale;
}

std::string gc_text(const GcResult& r) {
    return fmt::format("Removed {}, {}, {} and {}\n", counted(r.headers, "header"),
                       counted(r.outputs, "output"), counted(r.wrappers, "wrapper"),
                       counted(r.runs, "run"));
}

void clear_cache(Database& db) {
    WriteTransaction tx(db);
    db.exec(
        "DELETE FROM runs; DELETE FROM outputs; DELETE FROM headers; "
        "DELETE FROM counters;");
    tx.commit();
    // Give the space back; another process holding the database open makes this fail, which
    // leaves free pages for SQLite to reuse.
    try {
        db.exec("VACUUM");
    } catch (const Error&) {
    }
}

}  // namespace cowrap::cache
