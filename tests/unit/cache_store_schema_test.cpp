#include <gtest/gtest.h>
#include <sqlite3.h>

#include "cache/store.hpp"
#include "cache_test_fixture.hpp"

namespace cowrap {
namespace {

class CacheMigration : public test::CacheTest {
protected:
    cache::Database raw() {
        return cache::Database(db_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, 1000);
    }
};

bool has_table(cache::Database& db, const std::string& name) {
    cache::Statement q(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1");
    q.bind(1, name);
    return q.step();
}

// Every table's columns, every index, and the pragmas: what a schema is, less its SQL text.
std::string layout(cache::Database& db) {
    cache::Statement q(
        db,
        "SELECT m.type || ' ' || m.name || ' ' || m.tbl_name || ' ' || coalesce(t.wr, '') || "
        "' ' || coalesce((SELECT group_concat(c.cid || ':' || c.name || ':' || c.type || ':' || "
        "c.\"notnull\" || ':' || coalesce(c.dflt_value, '') || ':' || c.pk, ',') "
        "FROM pragma_table_info(m.name) c), '') || ' ' || coalesce((SELECT "
        "group_concat(i.name, ',') FROM pragma_index_info(m.name) i), '') "
        "FROM sqlite_master m LEFT JOIN pragma_table_list t ON t.name = m.name "
        "ORDER BY m.type, m.name");
    std::string out;
    while (q.step()) {
        out += q.text(0) + "\n";
    }
    out += std::to_string(db.query_int("PRAGMA application_id")) + " " +
           std::to_string(db.query_int("PRAGMA user_version"));
    return out;
}

// A new database gets schema 7 in one step and the steps after it; it must be what the steps
// make from an empty database.
TEST_F(CacheMigration, TheNewestSchemaInOneStepIsWhatTheStepsMake) {
    cache::Database fresh = raw();
    ASSERT_EQ(cache::migrate(fresh), cache::SchemaState::upgraded);
    cache::Database stepped(dir + "/stepped.db", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, 1000);
    const std::vector<cache::Migration> steps = cache::migrations();  // a copy: step by step
    ASSERT_EQ(cache::migrate(stepped, steps), cache::SchemaState::upgraded);
    EXPECT_EQ(layout(fresh), layout(stepped));
    EXPECT_NE(layout(fresh).find("wrapper_count"), std::string::npos);
}

// The first run of a new cache writes its database whole (cache/store.hpp): what the steps make,
// in WAL, sound, and never written over another.
TEST_F(CacheMigration, ANewDatabaseWrittenWholeIsWhatTheStepsMake) {
    ASSERT_TRUE(cache::create_database(db_path));
    std::optional<cache::FileHeader> header = cache::check_file_header(db_path);
    ASSERT_TRUE(header.has_value());
    EXPECT_TRUE(header->wal);
    EXPECT_TRUE(cache::ready_for_generate(db_path));
    {
        cache::Database made = raw();
        EXPECT_EQ(made.query_int("SELECT count(*) FROM pragma_integrity_check "
                                 "WHERE integrity_check != 'ok'"),
                  0);
        cache::Statement mode(made, "PRAGMA journal_mode");
        ASSERT_TRUE(mode.step());
        EXPECT_EQ(mode.text(0), "wal");
        cache::Database stepped(dir + "/stepped.db", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                                1000);
        const std::vector<cache::Migration> steps = cache::migrations();
        ASSERT_EQ(cache::migrate(stepped, steps), cache::SchemaState::upgraded);
        EXPECT_EQ(layout(made), layout(stepped));
        made.exec("INSERT INTO counters(name, value) VALUES ('runs', 1)");
    }
    EXPECT_FALSE(cache::create_database(db_path));  // one is there: left as it is
    EXPECT_EQ(raw().query_int("SELECT value FROM counters WHERE name = 'runs'"), 1);
}

TEST_F(CacheMigration, AnEmptyDatabaseGetsTheNewestSchema) {
    cache::Database db = raw();
    EXPECT_EQ(cache::stored_schema_version(db), 0);
    EXPECT_EQ(cache::migrate(db), cache::SchemaState::upgraded);
    EXPECT_EQ(cache::stored_schema_version(db), cache::schema_version);
    for (const char* t : {"headers", "outputs", "runs", "counters"}) {
        EXPECT_TRUE(has_table(db, t)) << t;
    }
    EXPECT_FALSE(has_table(db, "declarations"));  // the fragment store, gone in version 4
    EXPECT_FALSE(has_table(db, "wrappers"));      // one list per output since version 7
    EXPECT_EQ(cache::migrate(db), cache::SchemaState::current);
}

TEST_F(CacheMigration, TheStepsEndAtTheSchemaVersion) {
    ASSERT_FALSE(cache::migrations().empty());
    EXPECT_EQ(cache::migrations().back().to, cache::schema_version);
    int previous = 0;
    for (const cache::Migration& m : cache::migrations()) {
        EXPECT_EQ(m.to, previous + 1);
        previous = m.to;
    }
}

TEST_F(CacheMigration, OnlyTheMissingStepsRunAndDataSurvives) {
    cache::Database db = raw();
    cache::migrate(db);
    db.exec("INSERT INTO counters (name, value) VALUES ('hits', 7)");
    // A future step: version schema_version + 1 adds a column.
    std::vector<cache::Migration> steps = cache::migrations();
    steps.push_back({cache::schema_version + 1, "ALTER TABLE outputs ADD COLUMN note TEXT;"});
    EXPECT_EQ(cache::migrate(db, steps), cache::SchemaState::upgraded);
    EXPECT_EQ(cache::stored_schema_version(db), cache::schema_version + 1);
    EXPECT_EQ(db.query_int("SELECT value FROM counters WHERE name = 'hits'"), 7);
    db.exec("UPDATE outputs SET note = 'x'");
    // This cowrap (which knows only the steps up to schema_version) must leave it alone.
    EXPECT_EQ(cache::migrate(db), cache::SchemaState::newer);
}

// The steps up to `version`: a test of one step stops after it.
std::vector<cache::Migration> up_to(int version) {
    return {cache::migrations().begin(), cache::migrations().begin() + version};
}

// A version-3 cache in use: its fragment store goes, and every output is regenerated once, so
// that its run records where its blocks are.
TEST_F(CacheMigration, VersionThreeLosesItsFragmentStoreAndItsRunKeys) {
    cache::Database db = raw();
    std::vector<cache::Migration> three(cache::migrations().begin(),
                                        cache::migrations().begin() + 3);
    cache::migrate(db, three);
    ASSERT_EQ(cache::stored_schema_version(db), 3);
    db.exec(
        "INSERT INTO outputs (path, content_hash, inputs, dialect, last_checked, run_key) "
        "VALUES ('/o.c', x'00', '[]', 'qemu-9.0', 1, x'01');"
        "INSERT INTO wrappers VALUES (1, 0, 'bdrv_a', 'bdrv_co_a', 'co_wrapper', '/a.h', 1, x'02');"
        "INSERT INTO counters (name, value) VALUES ('hits', 7);");
    EXPECT_EQ(cache::migrate(db, up_to(6)), cache::SchemaState::upgraded);
    EXPECT_FALSE(has_table(db, "declarations"));
    EXPECT_EQ(db.query_int("SELECT count(*) FROM outputs WHERE run_key IS NULL"), 1);
    // The wrapper stays (so `why` compares with it), with no place in its output.
    EXPECT_EQ(db.query_int("SELECT count(*) FROM wrappers WHERE name = 'bdrv_a' AND "
                           "length(checksum) = 0"),
              1);
    EXPECT_EQ(db.query_int("SELECT value FROM counters WHERE name = 'hits'"), 7);
}

// A version-5 cache: its wrappers get an empty declaration text (nothing to compare with),
// its runs no texts and no error text.
TEST_F(CacheMigration, VersionFiveGainsTheTextsWhyShows) {
    cache::Database db = raw();
    std::vector<cache::Migration> five(cache::migrations().begin(),
                                       cache::migrations().begin() + 5);
    cache::migrate(db, five);
    ASSERT_EQ(cache::stored_schema_version(db), 5);
    db.exec(
        "INSERT INTO outputs (path, content_hash, inputs, dialect, last_checked) "
        "VALUES ('/o.c', x'00', '[]', 'qemu-9.0', 1);"
        "INSERT INTO wrappers (output_id, position, name, target, mark, header, line, key) "
        "VALUES (1, 0, 'bdrv_a', 'bdrv_co_a', 'co_wrapper', '/a.h', 1, x'02');"
        "INSERT INTO runs (output_id, time, status, hits, misses, headers_parsed, "
        "headers_reused, duration_us, compared, added, removed, changed, inputs_changed) "
        "VALUES (1, 1, 'failed', 0, 0, 1, 0, 5, 0, '[]', '[]', '[]', '{}');");
    EXPECT_EQ(cache::migrate(db, up_to(6)), cache::SchemaState::upgraded);
    EXPECT_EQ(db.query_int("SELECT count(*) FROM wrappers WHERE text = ''"), 1);
    EXPECT_EQ(db.query_int("SELECT count(*) FROM runs WHERE texts = '[]' AND error_text IS NULL"),
              1);
}

// A version-6 cache: its wrappers rows go (each output's list starts empty, so its next run
// records it), and every output loses its run key so that the next run regenerates it.
TEST_F(CacheMigration, VersionSixDropsTheWrapperRowsAndItsRunKeys) {
    cache::Database db = raw();
    cache::migrate(db, up_to(6));
    db.exec(
        "INSERT INTO outputs (path, content_hash, inputs, dialect, last_checked, run_key) "
        "VALUES ('/o.c', x'00', '[]', 'qemu-9.0', 1, x'01');"
        "INSERT INTO wrappers (output_id, position, name, target, mark, header, line, key) "
        "VALUES (1, 0, 'bdrv_a', 'bdrv_co_a', 'co_wrapper', '/a.h', 1, x'02');");
    EXPECT_EQ(cache::migrate(db), cache::SchemaState::upgraded);
    EXPECT_FALSE(has_table(db, "wrappers"));
    EXPECT_EQ(db.query_int("SELECT count(*) FROM outputs WHERE run_key IS NULL AND "
                           "length(wrappers) = 0 AND wrapper_count = 0"),
              1);
}

TEST_F(CacheMigration, AFailingStepLeavesTheOldVersion) {
    cache::Database db = raw();
    cache::migrate(db);
    std::vector<cache::Migration> steps = cache::migrations();
    steps.push_back({cache::schema_version + 1, "ALTER TABLE no_such_table ADD COLUMN x;"});
    EXPECT_THROW(cache::migrate(db, steps), cache::Error);
    EXPECT_EQ(cache::stored_schema_version(db), cache::schema_version);
}

TEST_F(CacheMigration, InspectionRefusesMissingForeignAndNewerDatabases) {
    try {
        cache::Store::existing(db_path, false);
        FAIL() << "opened a missing database";
    } catch (const cache::Error& e) {
        EXPECT_NE(std::string(e.what()).find("no cache database at"), std::string::npos);
    }
    { raw().exec("CREATE TABLE t(x)"); }
    EXPECT_THROW(cache::Store::existing(db_path, false), cache::Error);  // not a cowrap cache
    {
        cache::Database db = raw();
        cache::migrate(db);
        db.exec("PRAGMA user_version = 42");
    }
    EXPECT_THROW(cache::Store::existing(db_path, false), cache::Error);
    EXPECT_THROW(cache::Store::existing(db_path, true), cache::Error);
}

}  // namespace
}  // namespace cowrap
