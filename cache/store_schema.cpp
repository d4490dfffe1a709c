// The schema and its migrations, as SQL (the format: cache/store.hpp).
#include "cache/store.hpp"

#include "cache/sqlite.hpp"

#include <string>

namespace cowrap::cache {

namespace {

// Version 1: headers with their parsed declarations, the fragment store (declarations), the
// outputs with a row per wrapper (wrappers), runs and counters. Few indexes: every run writes,
// only people run the inspection queries. No SQL comments: SQLite would keep them in the
// schema and parse them again on every open.
constexpr std::string_view schema_v1 = R"sql(
CREATE TABLE headers (
    path TEXT PRIMARY KEY,
    content_hash BLOB NOT NULL,
    size INTEGER NOT NULL,
    mtime INTEGER NOT NULL,
    parse_key BLOB NOT NULL,
    declarations BLOB NOT NULL,
    checksum BLOB NOT NULL,
    last_seen INTEGER NOT NULL
);
CREATE INDEX headers_by_parse_key ON headers(parse_key);
CREATE TABLE declarations (
    id INTEGER PRIMARY KEY,
    key BLOB NOT NULL UNIQUE,
    name TEXT NOT NULL,
    target TEXT NOT NULL,
    mark TEXT NOT NULL,
    kind TEXT NOT NULL,
    flags TEXT NOT NULL,
    dialect TEXT NOT NULL,
    header TEXT NOT NULL,
    line INTEGER NOT NULL,
    fragment TEXT NOT NULL,
    checksum BLOB NOT NULL,
    last_used INTEGER NOT NULL
);
CREATE TABLE outputs (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    content_hash BLOB,
    inputs TEXT NOT NULL,
    dialect TEXT NOT NULL,
    last_written INTEGER,
    last_checked INTEGER NOT NULL
);
CREATE TABLE wrappers (
    output_id INTEGER NOT NULL REFERENCES outputs(id),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    target TEXT NOT NULL,
    mark TEXT NOT NULL,
    header TEXT NOT NULL,
    line INTEGER NOT NULL,
    key BLOB NOT NULL,
    PRIMARY KEY (output_id, position)
) WITHOUT ROWID;
CREATE INDEX wrappers_by_name ON wrappers(name);
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    output_id INTEGER NOT NULL REFERENCES outputs(id),
    time INTEGER NOT NULL,
    status TEXT NOT NULL,
    hits INTEGER NOT NULL,
    misses INTEGER NOT NULL,
    headers_parsed INTEGER NOT NULL,
    headers_reused INTEGER NOT NULL,
    duration_us INTEGER NOT NULL,
    compared INTEGER NOT NULL,
    added TEXT NOT NULL,
    removed TEXT NOT NULL,
    changed TEXT NOT NULL,
    inputs_changed TEXT NOT NULL
);
CREATE INDEX runs_by_output ON runs(output_id, id);
CREATE TABLE counters (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;
)sql";

// Version 2: the output's previous hash, and the application id that marks the file as
// cowrap's. A run records its output before renaming it into place, so a run killed in between
// leaves the file at previous_hash (an empty blob: no file); NULL when nothing is pending.
constexpr std::string_view schema_v2 = R"sql(
ALTER TABLE outputs ADD COLUMN previous_hash BLOB;
PRAGMA application_id = 1668249458;
)sql";
static_assert(application_id == 1668249458);

// Version 3: the key of the run that produced the output (options, inputs and their bytes;
// NULL when it gave diagnostics), so a rerun with the same key whose file still holds
// content_hash skips parsing and emitting; and when such runs last refreshed last_used.
constexpr std::string_view schema_v3 = R"sql(
ALTER TABLE outputs ADD COLUMN run_key BLOB;
ALTER TABLE outputs ADD COLUMN refreshed INTEGER;
)sql";

// Version 4: no fragment store. A wrapper's code lives in its output: the wrappers row says
// where and holds its checksum, so a rerun takes unchanged blocks from the output it rewrites,
// and a cold run writes small rows instead of every block twice. Rows from version 3 get an
// empty checksum (no place known), and outputs lose their run key so that their next run
// records the places. A header's declarations are only kept for outputs with several inputs
// (an empty blob otherwise): one unchanged input means the whole output is reused.
constexpr std::string_view schema_v4 = R"sql(
DROP TABLE declarations;
ALTER TABLE wrappers ADD COLUMN start INTEGER NOT NULL DEFAULT 0;
ALTER TABLE wrappers ADD COLUMN length INTEGER NOT NULL DEFAULT 0;
ALTER TABLE wrappers ADD COLUMN checksum BLOB NOT NULL DEFAULT x'';
UPDATE outputs SET run_key = NULL;
)sql";

// Version 5: the shard group (generate --shard-group) an output belongs to, NULL for none:
// the cross-shard duplicate check compares an output only with the others of its group.
constexpr std::string_view schema_v5 = R"sql(
ALTER TABLE outputs ADD COLUMN shard_group TEXT;
)sql";

// Version 6: what `cache why` shows. Each wrapper keeps the normalised text of its
// declaration ('' for rows from before: nothing to compare with), and each run keeps the old
// and new texts of the wrappers it changed (JSON [[name, old or null, new or null], ...]:
// cache/store_write.cpp) and, for a failed run, the diagnostics it printed (at most 64 KiB).
constexpr std::string_view schema_v6 = R"sql(
ALTER TABLE wrappers ADD COLUMN text TEXT NOT NULL DEFAULT '';
ALTER TABLE runs ADD COLUMN texts TEXT NOT NULL DEFAULT '[]';
ALTER TABLE runs ADD COLUMN error_text TEXT;
)sql";

// Version 7: an output's wrappers are one blob in its row (cache/wrapper_list.hpp), not a
// row each: recording wrote one row and one name index entry per wrapper, which cost a cold
// monolithic run more than its parse. The old rows are dropped, not converted: every output
// loses its run key, so its next run generates it and records the list (as version 4 did).
// No parse is kept any more, so a header row loses its parse key, declarations and checksum.
constexpr std::string_view schema_v7 = R"sql(
DROP TABLE wrappers;
DROP INDEX headers_by_parse_key;
ALTER TABLE headers DROP COLUMN parse_key;
ALTER TABLE headers DROP COLUMN declarations;
ALTER TABLE headers DROP COLUMN checksum;
ALTER TABLE outputs ADD COLUMN wrappers BLOB NOT NULL DEFAULT x'';
ALTER TABLE outputs ADD COLUMN wrapper_count INTEGER NOT NULL DEFAULT 0;
UPDATE outputs SET run_key = NULL;
)sql";

// Version 8: an output's wrapper list is its head (the paths and the count) in its row and one
// row per part, the run of eight headers' wrappers (cache/wrapper_list.hpp, format 3): an edit
// rewrites the parts it changed, where a monolithic output's 2 MB list was written again, with
// SQLite's journal and checkpoint, for every edit (half of an edit's run). A row from before
// keeps its whole list and no part; the trigger drops an output's parts with it.
constexpr std::string_view schema_v8 = R"sql(
CREATE TABLE list_parts (
    output_id INTEGER NOT NULL,
    part INTEGER NOT NULL,
    bytes BLOB NOT NULL,
    PRIMARY KEY (output_id, part)
);
CREATE TRIGGER list_parts_go_with_their_output AFTER DELETE ON outputs BEGIN
    DELETE FROM list_parts WHERE output_id = old.id;
END;
)sql";

// Schema 7 in one step, for a new database, which then takes the steps after it: replaying every
// step cost a cold run 15 M instructions (each ALTER makes SQLite parse the schema again), as
// much as a fifth of its parse and emit; the later steps only add tables. It must be what the
// steps make (tests/unit/cache_store_schema_test.cpp compares them), columns in the same order.
constexpr int schema_whole_version = 7;
constexpr std::string_view schema_whole = R"sql(
CREATE TABLE headers (
    path TEXT PRIMARY KEY,
    content_hash BLOB NOT NULL,
    size INTEGER NOT NULL,
    mtime INTEGER NOT NULL,
    last_seen INTEGER NOT NULL
);
CREATE TABLE outputs (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    content_hash BLOB,
    inputs TEXT NOT NULL,
    dialect TEXT NOT NULL,
    last_written INTEGER,
    last_checked INTEGER NOT NULL,
    previous_hash BLOB,
    run_key BLOB,
    refreshed INTEGER,
    shard_group TEXT,
    wrappers BLOB NOT NULL DEFAULT x'',
    wrapper_count INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    output_id INTEGER NOT NULL REFERENCES outputs(id),
    time INTEGER NOT NULL,
    status TEXT NOT NULL,
    hits INTEGER NOT NULL,
    misses INTEGER NOT NULL,
    headers_parsed INTEGER NOT NULL,
    headers_reused INTEGER NOT NULL,
    duration_us INTEGER NOT NULL,
    compared INTEGER NOT NULL,
    added TEXT NOT NULL,
    removed TEXT NOT NULL,
    changed TEXT NOT NULL,
    inputs_changed TEXT NOT NULL,
    texts TEXT NOT NULL DEFAULT '[]',
    error_text TEXT
);
CREATE INDEX runs_by_output ON runs(output_id, id);
CREATE TABLE counters (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;
PRAGMA application_id = 1668249458;
)sql";

}  // namespace

const std::vector<Migration>& migrations() {
    static const std::vector<Migration> steps = {
        {1, schema_v1}, {2, schema_v2}, {3, schema_v3}, {4, schema_v4},
        {5, schema_v5}, {6, schema_v6}, {7, schema_v7}, {8, schema_v8},
    };
    return steps;
}

int stored_schema_version(Database& db) {
    return static_cast<int>(db.query_int("PRAGMA user_version"));
}

SchemaState migrate(Database& db, const std::vector<Migration>& steps) {
    int newest = steps.empty() ? 0 : steps.back().to;
    // Read first without the write lock: the common case is a current schema.
    int version = stored_schema_version(db);
    if (version == newest) {
        return SchemaState::current;
    }
    if (version > newest) {
        return SchemaState::newer;
    }
    WriteTransaction tx(db);
    version = stored_schema_version(db);  // another process may have migrated meanwhile
    if (version > newest) {
        return SchemaState::newer;
    }
    if (version == newest) {
        return SchemaState::current;
    }
    if (version == 0 && &steps == &migrations()) {
        db.exec(schema_whole);
        version = schema_whole_version;
    }
    for (const Migration& m : steps) {
        if (m.to > version) {
            db.exec(m.sql);
        }
    }
    db.exec("PRAGMA user_version = " + std::to_string(newest));
    tx.commit();
    return SchemaState::upgraded;
}

}  // namespace cowrap::cache
