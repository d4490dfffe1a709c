// cache/run_cache.hpp: the cache as generate uses it: lookups, storing, recording, the
// fallbacks.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "cache/key.hpp"
#include "cache/sqlite.hpp"
#include "cache/store.hpp"
#include "cache_test_fixture.hpp"
#include "core/emit.hpp"

namespace cowrap {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

class CacheRunCache : public test::CacheTest {};

std::int64_t count(const std::string& db_path, const std::string& sql) {
    cache::Database db(db_path, SQLITE_OPEN_READONLY, 1000);
    return db.query_int(sql);
}

TEST_F(CacheRunCache, CreatesADatabaseInWalModeWithTheSchema) {
    auto s = session("out.c");
    ASSERT_TRUE(s->active());
    cache::Database db = raw_db();
    EXPECT_EQ(db.query_int("PRAGMA user_version"), cache::schema_version);
    cache::Statement mode(db, "PRAGMA journal_mode");
    ASSERT_TRUE(mode.step());
    EXPECT_EQ(mode.text(0), "wal");
    EXPECT_THAT(warnings.str(), IsEmpty());
}

TEST_F(CacheRunCache, NoPathMeansNoCacheAndNoWarning) {
    cache::RunCache s("", {}, path("out.c"), group, warnings);
    EXPECT_FALSE(s.active());
    EXPECT_FALSE(s.reuse_output({}));
    EXPECT_THAT(warnings.str(), IsEmpty());
}

TEST_F(CacheRunCache, ASecondRunTakesTheOutputWithTheSameText) {
    Source h = source("a.h", "int co_wrapper bdrv_a(BlockDriverState *bs);\n");
    std::vector<std::vector<Declaration>> parsed = {
        {wrapper("a.h", "bdrv_a"), wrapper("a.h", "bdrv_b", 2)}};
    GenerateResult first = run("out.c", {h}, parsed);
    ASSERT_TRUE(first.ok());
    EXPECT_EQ(first.stats.fragments_emitted, 2u);
    EXPECT_EQ(parsed_headers, 1);

    GenerateResult second = run("out.c", {h}, parsed);
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(parsed_headers, 1);  // not parsed again
    EXPECT_EQ(second.stats.fragments_emitted, 0u);
    EXPECT_EQ(second.text, first.text);

    // And the text is what the emitter gives without any cache.
    const Dialect& d = newest_dialect();
    std::string expected = emit_prologue({h.path}, d, {});
    for (const Declaration& decl : parsed[0]) {
        expected += emit_wrapper(decl, d, {});
    }
    EXPECT_EQ(second.text, expected);
    EXPECT_THAT(warnings.str(), IsEmpty());
}

// A taken output is checked as it is read, not held: under the output's lock the run keeps the
// file when it is still the one checked, puts the checked bytes back when another run replaced
// it meanwhile, and fails, writing nothing, when it changed in place.
TEST_F(CacheRunCache, ATakenOutputIsKeptPutBackOrRefused) {
    Source h = source("a.h", "int co_wrapper bdrv_a(BlockDriverState *bs);\n");
    const std::vector<std::vector<Declaration>> parsed = {{wrapper("a.h", "bdrv_a")}};
    const GenerateResult first = run("out.c", {h}, parsed);
    ASSERT_TRUE(first.ok());
    auto take = [&] {
        auto s = session("out.c");
        EXPECT_TRUE(s->reuse_output({h.path}));
        EXPECT_EQ(s->reused_wrappers(), 1);
        return s;
    };
    std::string error;
    {
        auto s = take();
        write(".out.c.tmp.0", "what a killed writer left");  // its slot, no longer held
        StagedWrite staged;
        EXPECT_EQ(s->keep_taken_output(staged, path("out.c"), error), WriteResult::unchanged);
        EXPECT_FALSE(std::filesystem::exists(path(".out.c.tmp.0")));  // as a write would
    }
    {
        auto s = take();
        const std::string other = path("other.c");
        write("other.c", "another run's output\n");
        ASSERT_EQ(::rename(other.c_str(), path("out.c").c_str()), 0);
        StagedWrite staged;
        ASSERT_EQ(s->keep_taken_output(staged, path("out.c"), error), WriteResult::written);
        ASSERT_TRUE(staged.commit(error)) << error;
        std::ifstream in(path("out.c"), std::ios::binary);
        EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), first.text);
    }
    {
        auto s = take();
        std::ofstream(path("out.c"), std::ios::binary | std::ios::app) << "/* edited */\n";
        StagedWrite staged;
        EXPECT_EQ(s->keep_taken_output(staged, path("out.c"), error), WriteResult::failed);
        EXPECT_THAT(error, HasSubstr("changed while it was being taken"));
    }
    EXPECT_THAT(warnings.str(), IsEmpty());
}

TEST_F(CacheRunCache, OptionsThatChangeParsingMissTheHeader) {
    std::string text = "int co_wrapper bdrv_a(BlockDriverState *bs);\n";
    Source h = source("a.h", text);
    run("out.c", {h}, {{wrapper("a.h", "bdrv_a")}});
    ASSERT_EQ(parsed_headers, 1);
    GenerateOptions ann;
    ann.parse.annotations = {"FOO"};
    run("out.c", {h}, {{wrapper("a.h", "bdrv_a")}}, ann);
    EXPECT_EQ(parsed_headers, 2);
}

TEST_F(CacheRunCache, AHeaderThatChangedWhileReadIsNotStored) {
    Source h = source("a.h", "int co_wrapper bdrv_a(BlockDriverState *bs);\n");
    write("a.h", "something else entirely\n");  // the disk moved on after the read
    record_read("out.c", h);
    EXPECT_EQ(count(db_path, "SELECT count(*) FROM headers"), 0);
}

// The header's stamp from the read decides whether it is read again: a settled stamp that still
// holds is trusted (the text here differs from the disk only to show that it was not read
// again); a stamp the file no longer has, or one not settled, makes the run compare the bytes.
TEST_F(CacheRunCache, AHeaderIsReadAgainUnlessItsSettledStampStillHolds) {
    write("a.h", "int co_wrapper bdrv_a(BlockDriverState *bs);\n");
    Source h = make_source(path("a.h"), "what was parsed\n");
    h.stamp = util::stamp_of(path("a.h"));
    ASSERT_NE(h.stamp.inode, 0);
    h.stamp.settled = false;
    record_read("out.c", h);
    EXPECT_EQ(count(db_path, "SELECT count(*) FROM headers"), 0);

    h.stamp.settled = true;
    record_read("out.c", h);
    EXPECT_EQ(count(db_path, "SELECT count(*) FROM headers"), 1);

    Source later = make_source(path("b.h"), "int co_wrapper bdrv_b(BlockDriverState *bs);\n");
    write("b.h", later.text);
    later.stamp = util::stamp_of(path("b.h"));
    later.stamp.settled = true;
    write("b.h", "int co_wrapper bdrv_b(BlockDriverState *bs, int more);\n");
    record_read("out.c", later);
    EXPECT_EQ(count(db_path, "SELECT count(*) FROM headers WHERE path LIKE '%b.h'"), 0);
}

// A header is recorded by its real path: a link to it names its target, a plain file is its
// folder's real path and its name, however the run reached it.
TEST_F(CacheRunCache, AHeaderIsRecordedByItsRealPath) {
    Source real = source("real/a.h", "int co_wrapper bdrv_a(BlockDriverState *bs);\n");
    std::filesystem::create_symlink(path("real/a.h"), path("link.h"));
    std::filesystem::create_symlink(path("real"), path("folder"));
    Source via_link = make_source(path("link.h"), real.text);
    via_link.stamp = util::stamp_of(path("link.h"));
    Source via_folder = make_source(path("folder/a.h"), real.text);
    via_folder.stamp = util::stamp_of(path("folder/a.h"));
    const std::string want = std::filesystem::canonical(path("real/a.h")).string();
    record_read("one.c", via_link);
    record_read("two.c", via_folder);
    EXPECT_EQ(count(db_path, "SELECT count(*) FROM headers"), 1);
    cache::Database db = raw_db();
    cache::Statement q(db, "SELECT path FROM headers");
    ASSERT_TRUE(q.step());
    EXPECT_EQ(q.text(0), want);
}

TEST_F(CacheRunCache, AnEditedHeaderGivesTheTextOfItsDeclarations) {
    Source h = source("a.h", "x\n");
    Declaration a = wrapper("a.h", "bdrv_a", 1);
    Declaration b = wrapper("a.h", "bdrv_b", 2);
    run("out.c", {h}, {{a, b}});
    // A new declaration between the two moves bdrv_b's block within the output.
    Source edited = source("a.h", "y\n");
    Declaration c = wrapper("a.h", "bdrv_c", 2, {test::bs(), test::param("int", "flags")});
    GenerateResult again = run("out.c", {edited}, {{a, c, b}});
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again.stats.fragments_emitted, 3u);
    const Dialect& d = newest_dialect();
    EXPECT_EQ(again.text, emit_prologue({edited.path}, d, {}) + emit_wrapper(a, d, {}) +
                              emit_wrapper(c, d, {}) + emit_wrapper(b, d, {}));
}

TEST_F(CacheRunCache, ABlockTheOutputNoLongerHoldsIsAMiss) {
    Source h = source("a.h", "x\n");
    run("out.c", {h}, {{wrapper("a.h", "bdrv_a")}});
    // Edited by hand, same length: the recorded place now holds other bytes.
    std::string text = *cache::read_bytes(path("out.c"));
    std::size_t at = text.find("bdrv_co_a(");
    ASSERT_NE(at, std::string::npos);
    text.replace(at, 10, "broken_x0(");
    write("out.c", text);
    GenerateResult again = run("out.c", {h}, {{wrapper("a.h", "bdrv_a")}});
    EXPECT_EQ(again.stats.fragments_emitted, 1u);
    EXPECT_THAT(again.text, ::testing::Not(HasSubstr("broken_x0(")));
    // The output was rewritten, so the next run takes it as it is.
    GenerateResult third = run("out.c", {h}, {{wrapper("a.h", "bdrv_a")}});
    EXPECT_EQ(third.stats.fragments_emitted, 0u);
    EXPECT_EQ(third.text, again.text);
}

TEST_F(CacheRunCache, ADamagedChecksumIsAMiss) {
    Source h = source("a.h", "x\n");
    GenerateResult first = run("out.c", {h}, {{wrapper("a.h", "bdrv_a")}});
    edit_recorded([](cache::WrapperRow& w) { w.checksum = cache::Key{}; });
    GenerateResult again = run("out.c", {h}, {{wrapper("a.h", "bdrv_a")}});
    EXPECT_EQ(again.text, first.text);
}

TEST_F(CacheRunCache, AHeaderRowKeepsNoDeclarations) {
    Source h = source("a.h", "x\n");
    record_read("out.c", h);
    EXPECT_EQ(count(db_path, "SELECT count(*) FROM headers"), 1);
    EXPECT_EQ(count(db_path,
                    "SELECT count(*) FROM pragma_table_info('headers') "
                    "WHERE name IN ('parse_key', 'declarations', 'checksum')"),
              0);
}

TEST_F(CacheRunCache, RecordsRunsOutputsAndCounters) {
    Source h = source("a.h", "x\n");
    run("out.c", {h}, {{wrapper("a.h", "bdrv_a"), wrapper("a.h", "bdrv_b", 2)}});
    run("out.c", {h}, {{wrapper("a.h", "bdrv_a"), wrapper("a.h", "bdrv_b", 2)}});
    EXPECT_EQ(count(db_path, "SELECT count(*) FROM runs"), 2);
    EXPECT_EQ(count(db_path, "SELECT count(*) FROM outputs"), 1);
    EXPECT_EQ(recorded().size(), 2u);
    EXPECT_EQ(count(db_path, "SELECT value FROM counters WHERE name = 'hits'"), 2);
    EXPECT_EQ(count(db_path, "SELECT value FROM counters WHERE name = 'misses'"), 2);
    EXPECT_EQ(count(db_path, "SELECT value FROM counters WHERE name = 'outputs_written'"), 1);
    EXPECT_EQ(count(db_path, "SELECT value FROM counters WHERE name = 'outputs_unchanged'"), 1);
    EXPECT_EQ(count(db_path, "SELECT count(*) FROM runs WHERE status = 'written'"), 1);
}

// The output's rows after each run, in order: name and line, each checked against the block
// its place holds in the output.
std::vector<std::pair<std::string, std::int64_t>> rows_checked(const test::CacheTest& t,
                                                               const std::string& output) {
    const std::string text = *cache::read_bytes(output);
    std::vector<std::pair<std::string, std::int64_t>> rows;
    for (const auto& [out, w] : t.recorded()) {
        const auto start = static_cast<std::size_t>(w.start);
        const auto length = static_cast<std::size_t>(w.length);
        EXPECT_LE(start + length, text.size()) << w.name;
        const std::string block = text.substr(std::min(start, text.size()), length);
        EXPECT_EQ(cache::hash_bytes(block), w.checksum) << w.name;
        EXPECT_THAT(block, HasSubstr(w.name.substr(5))) << w.name;
        rows.emplace_back(w.name, w.line);
    }
    return rows;
}

TEST_F(CacheRunCache, RowsFollowTheirBlocksWhenOnlySomeChange) {
    using Rows = std::vector<std::pair<std::string, std::int64_t>>;
    Source h = source("a.h", "x\n");
    const Declaration a = wrapper("a.h", "bdrv_a", 1);
    const Declaration c = wrapper("a.h", "bdrv_c", 3);
    const Declaration d = wrapper("a.h", "bdrv_d", 4);
    run("out.c", {h}, {{a, wrapper("a.h", "bdrv_b", 2), c, d}});
    EXPECT_EQ(rows_checked(*this, path("out.c")),
              (Rows{{"bdrv_a", 1}, {"bdrv_b", 2}, {"bdrv_c", 3}, {"bdrv_d", 4}}));
    // bdrv_b gains a parameter: its block grows and the blocks after it move.
    const Declaration b2 = wrapper("a.h", "bdrv_b", 2, {test::bs(), test::param("int", "flags")});
    run("out.c", {source("a.h", "y\n")}, {{a, b2, c, d}});
    EXPECT_EQ(rows_checked(*this, path("out.c")),
              (Rows{{"bdrv_a", 1}, {"bdrv_b", 2}, {"bdrv_c", 3}, {"bdrv_d", 4}}));
    // A line inserted above bdrv_c moves the later declarations' lines as well.
    run("out.c", {source("a.h", "z\n")},
        {{a, b2, wrapper("a.h", "bdrv_c", 4), wrapper("a.h", "bdrv_d", 5)}});
    EXPECT_EQ(rows_checked(*this, path("out.c")),
              (Rows{{"bdrv_a", 1}, {"bdrv_b", 2}, {"bdrv_c", 4}, {"bdrv_d", 5}}));
    // One renamed, one gone; then more than before.
    run("out.c", {source("a.h", "w\n")}, {{a, wrapper("a.h", "bdrv_e", 2)}});
    EXPECT_EQ(rows_checked(*this, path("out.c")), (Rows{{"bdrv_a", 1}, {"bdrv_e", 2}}));
    run("out.c", {source("a.h", "v\n")}, {{a, wrapper("a.h", "bdrv_e", 2), c, d}});
    EXPECT_EQ(rows_checked(*this, path("out.c")),
              (Rows{{"bdrv_a", 1}, {"bdrv_e", 2}, {"bdrv_c", 3}, {"bdrv_d", 4}}));
    EXPECT_EQ(recorded_named("bdrv_b"), 0);
}

TEST_F(CacheRunCache, KeepsTheNewestRunsPerOutput) {
    Source h = source("a.h", "x\n");
    for (int i = 0; i < 25; ++i) {
        run("out.c", {h}, {{wrapper("a.h", "bdrv_a")}});
    }
    EXPECT_EQ(count(db_path, "SELECT count(*) FROM runs"), 20);
}

TEST_F(CacheRunCache, AWrapperInAnotherShardsHeaderIsAnError) {
    // The other header is read again from disk: it must declare the wrapper (line 3, column 20).
    Source a = source("a.h", "\n\nint co_wrapper     bdrv_same(BlockDriverState *bs);\n");
    Source b = source("b.h", "b\n");
    ASSERT_TRUE(run("a.c", {a}, {{wrapper("a.h", "bdrv_same", 3)}}).ok());
    GenerateResult r = run("b.c", {b}, {{wrapper("b.h", "bdrv_same", 5)}});
    ASSERT_FALSE(r.ok());
    std::string all;
    for (const Diagnostic& d : r.diagnostics) {
        all += format_diagnostic(d);
    }
    EXPECT_THAT(all,
                HasSubstr(path("b.h") + ":5:20: error: wrapper 'bdrv_same' is also defined in " +
                          shown("a.h") + ":3 (generated into " + shown("a.c") + ")"));
    EXPECT_THAT(all, HasSubstr(shown("a.h") + ":3:20: note:"));
}

TEST_F(CacheRunCache, NoDuplicateWhenTheOtherHeaderIsGoneOrChanged) {
    Source a = source("a.h", "a\n");
    Source b = source("b.h", "b\n");
    ASSERT_TRUE(run("a.c", {a}, {{wrapper("a.h", "bdrv_same")}}).ok());
    std::filesystem::remove(path("a.h"));
    EXPECT_TRUE(run("b.c", {b}, {{wrapper("b.h", "bdrv_same")}}).ok());

    // The same header feeding two outputs (two dialects, say) is not a duplicate either.
    Source c = source("c.h", "c\n");
    ASSERT_TRUE(run("c1.c", {c}, {{wrapper("c.h", "bdrv_c")}}).ok());
    EXPECT_TRUE(run("c2.c", {c}, {{wrapper("c.h", "bdrv_c")}}).ok());
}

TEST_F(CacheRunCache, NoDuplicateWhenTheOtherHeaderNoLongerDeclaresIt) {
    Source a = source("a.h", "a\n");
    Source b = source("b.h", "b\n");
    ASSERT_TRUE(run("a.c", {a}, {{wrapper("a.h", "bdrv_moved")}}).ok());
    // a.h now holds other bytes; the cache parses them again (here: nothing marked).
    write("a.h", "/* bdrv_moved went to b.h */\n");
    EXPECT_TRUE(run("b.c", {b}, {{wrapper("b.h", "bdrv_moved")}}).ok());
}

// The fault cases: each warns once and leaves the session inactive.
void expect_disabled(test::CacheTest& t, cache::RunCache& s, std::string_view reason) {
    EXPECT_FALSE(s.active());
    std::string w = t.warnings.str();
    EXPECT_THAT(w, HasSubstr("warning: not using the cache"));
    EXPECT_THAT(w, HasSubstr(reason));
    EXPECT_EQ(std::count(w.begin(), w.end(), '\n'), 1);
}

TEST_F(CacheRunCache, RandomBytesDisableTheCache) {
    write("cache.db", std::string(8192, '\x5a'));
    auto s = session("out.c");
    expect_disabled(*this, *s, "not a database");
}

TEST_F(CacheRunCache, ANewerSchemaDisablesTheCache) {
    { session("out.c"); }
    {
        cache::Database db(db_path, SQLITE_OPEN_READWRITE, 1000);
        db.exec("PRAGMA user_version = 99");
    }
    auto s = session("out.c");
    expect_disabled(*this, *s, "schema version 99 is newer");
    // And it was left alone.
    cache::Database db(db_path, SQLITE_OPEN_READONLY, 1000);
    EXPECT_EQ(db.query_int("PRAGMA user_version"), 99);
}

std::string file_bytes(const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST_F(CacheRunCache, AnotherProgramsDatabaseIsNeverChanged) {
    for (const char* sql :
         {"CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT)",
          "CREATE TABLE headers(x); CREATE TABLE outputs(y)", "PRAGMA application_id = 42"}) {
        std::filesystem::remove(db_path);
        {
            cache::Database db(db_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, 1000);
            db.exec(sql);
        }
        const std::string before = file_bytes(db_path);
        warnings.str("");
        auto s = session("out.c");
        expect_disabled(*this, *s, "not a cowrap cache");
        s.reset();
        EXPECT_EQ(file_bytes(db_path), before) << sql;
        EXPECT_THROW(cache::Store::existing(db_path, true), cache::Error);
        EXPECT_EQ(file_bytes(db_path), before) << sql;
    }
}

TEST_F(CacheRunCache, AVersionOneCacheIsUpgradedAndMarkedAsCowraps) {
    {
        cache::Database db(db_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, 1000);
        std::vector<cache::Migration> v1 = {cache::migrations().front()};
        cache::migrate(db, v1);
        EXPECT_EQ(cache::stored_schema_version(db), 1);
    }
    auto s = session("out.c");
    ASSERT_TRUE(s->active()) << warnings.str();
    cache::Database db = raw_db();
    EXPECT_EQ(db.query_int("PRAGMA user_version"), cache::schema_version);
    EXPECT_EQ(db.query_int("PRAGMA application_id"), cache::application_id);
}

TEST_F(CacheRunCache, ATruncatedDatabaseFallsBackMidRun) {
    Source h = source("a.h", "x\n");
    std::vector<Declaration> many;
    for (int i = 0; i < 200; ++i) {
        many.push_back(
            wrapper("a.h", "bdrv_w" + std::to_string(i), static_cast<std::size_t>(i + 1)));
    }
    GenerateResult first = run("out.c", {h}, {many});
    std::filesystem::resize_file(db_path, std::filesystem::file_size(db_path) / 3);
    std::filesystem::remove(db_path + "-wal");
    std::filesystem::remove(db_path + "-shm");
    GenerateResult second = run("out.c", {h}, {many});
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(second.text, first.text);
    std::string w = warnings.str();
    EXPECT_EQ(std::count(w.begin(), w.end(), '\n'), 1) << w;
}

TEST_F(CacheRunCache, ABusyDatabaseFallsBack) {
    { session("out.c"); }
    cache::Database holder(db_path, SQLITE_OPEN_READWRITE, 1000);
    holder.exec("BEGIN EXCLUSIVE");
    // Use a short timeout through a direct open: the real one waits busy_timeout_ms.
    cache::Database db(db_path, SQLITE_OPEN_READWRITE, 50);
    EXPECT_THROW({ cache::WriteTransaction tx(db); }, cache::Error);
    holder.exec("ROLLBACK");
}

}  // namespace
}  // namespace cowrap

namespace cowrap {
namespace {

// Permissions do not stop root, and CI runs as root: there the test becomes nobody (real and
// effective uid; the saved uid stays 0 so that TearDown can come back), in a folder nobody owns.
class CacheReadOnly : public test::CacheTest {
protected:
    void SetUp() override {
        CacheTest::SetUp();
        if (geteuid() == 0) {
            ASSERT_EQ(::chown(dir.c_str(), nobody, nobody), 0);
            ASSERT_EQ(::setresgid(nobody, nobody, 0), 0);
            ASSERT_EQ(::setresuid(nobody, nobody, 0), 0);
            dropped = true;
        }
        auto s = session("out.c");
        ASSERT_TRUE(s->active());
    }
    void TearDown() override {
        if (!dir.empty()) {
            std::filesystem::permissions(dir, std::filesystem::perms::owner_all);
            std::filesystem::permissions(db_path, std::filesystem::perms::owner_all);
        }
        if (dropped) {
            EXPECT_EQ(::setresuid(0, 0, 0), 0);
            EXPECT_EQ(::setresgid(0, 0, 0), 0);
        }
        if (!dir.empty()) {
            CacheTest::TearDown();
        }
    }
    static constexpr uid_t nobody = 65534;
    bool dropped = false;
};

TEST_F(CacheReadOnly, AReadOnlyDatabaseDisablesTheCache) {
    std::filesystem::permissions(db_path, std::filesystem::perms::owner_read);
    auto s = session("out.c");
    EXPECT_FALSE(s->active());
    EXPECT_THAT(warnings.str(), HasSubstr("read-only"));
}

TEST_F(CacheReadOnly, AReadOnlyFolderDisablesTheCache) {
    std::filesystem::permissions(
        dir, std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
    auto s = session("out.c");
    EXPECT_FALSE(s->active());
    EXPECT_THAT(warnings.str(), HasSubstr("not writable"));
}

}  // namespace
}  // namespace cowrap
