// Pending runs: a cold run that records beside the database, the runs that defer like it, and
// the openings that store what they left.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "cache/json.hpp"
#include "cache/listing.hpp"
#include "cache/name_digest.hpp"
#include "cache/pending.hpp"
#include "cache/run_hints.hpp"
#include "cache/stats.hpp"
#include "cache/store.hpp"
#include "cache/verify.hpp"
#include "cache_test_fixture.hpp"
#include "util/spill.hpp"

namespace cowrap {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

namespace fs = std::filesystem;

class CachePending : public test::CacheTest {
public:
    std::string pending() const { return cache::pending_folder(db_path); }

    std::size_t pending_runs() const { return cache::count_pending_runs(db_path); }

    std::int64_t count(const std::string& sql) const {
        cache::Database db = raw_db();
        return db.query_int(sql);
    }
};

TEST_F(CachePending, OnlyAColdRunOnAHealthyCacheDefers) {
    EXPECT_FALSE(cache::can_defer(db_path, path("out.c")));  // no database yet
    Source a = source("a.h", "a\n");
    run("a.c", {a}, {{wrapper("a.h", "bdrv_a")}});
    EXPECT_TRUE(fs::exists(cache::digest_path(pending())));
    EXPECT_TRUE(cache::can_defer(db_path, path("out.c")));
    EXPECT_FALSE(cache::can_defer(db_path, path("a.c")));  // the output exists: a warm run

    fs::rename(cache::digest_path(pending()), path("names"));
    EXPECT_FALSE(cache::can_defer(db_path, path("out.c")));
    fs::rename(path("names"), cache::digest_path(pending()));

    // Another program's id in the header: the full open says what is wrong.
    {
        std::fstream f(db_path, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(68);
        f.write("\0\0\0\1", 4);
    }
    EXPECT_FALSE(cache::can_defer(db_path, path("out.c")));
}

TEST_F(CachePending, AnEditedOutputDefersItsRecordLikeAColdRun) {
    ASSERT_TRUE(run("a.c", {source("a.h", "a\n")}, {{wrapper("a.h", "bdrv_a")}}).ok());
    may_defer = true;
    Source edited = source("a.h", "b\n");
    ASSERT_TRUE(run("a.c", {edited}, {{wrapper("a.h", "bdrv_b")}}).ok());
    EXPECT_EQ(pending_runs(), 1u);
    EXPECT_EQ(recorded_named("bdrv_b"), 0);
    // The next opening stores it first, so the run after finds its run key.
    GenerateResult again = run("a.c", {edited}, {{wrapper("a.h", "bdrv_b")}});
    EXPECT_EQ(again.stats.fragments_emitted, 0u);
    EXPECT_EQ(pending_runs(), 0u);
    EXPECT_EQ(recorded_named("bdrv_b"), 1);
}

// A run that takes its output as it was only adds a `runs` row: it defers that too, since
// compiling the statements to store it directly cost more than its parse would have.
TEST_F(CachePending, ARunThatTakesItsOutputAsItWasDefersItsRecord) {
    Source a = source("a.h", "a\n");
    ASSERT_TRUE(run("a.c", {a}, {{wrapper("a.h", "bdrv_a")}}).ok());
    ASSERT_EQ(count("SELECT count(*) FROM runs"), 1);
    may_defer = true;
    GenerateResult again = run("a.c", {a}, {{wrapper("a.h", "bdrv_a")}});
    ASSERT_EQ(again.stats.fragments_emitted, 0u);  // taken as it was
    EXPECT_EQ(pending_runs(), 1u);
    EXPECT_EQ(count("SELECT count(*) FROM runs"), 1);
    // No lookup reads what it would store: the next run leaves it pending, and itself too.
    GenerateResult third = run("a.c", {a}, {{wrapper("a.h", "bdrv_a")}});
    EXPECT_EQ(third.stats.fragments_emitted, 0u);
    EXPECT_EQ(pending_runs(), 2u);
    EXPECT_EQ(count("SELECT count(*) FROM runs"), 1);
    // An edit is stored by the next opening, with the two before it, in order.
    Source edited = source("a.h", "b\n");
    ASSERT_EQ(run("a.c", {edited}, {{wrapper("a.h", "bdrv_b")}}).stats.fragments_emitted, 1u);
    EXPECT_EQ(pending_runs(), 3u);
    GenerateResult after = run("a.c", {edited}, {{wrapper("a.h", "bdrv_b")}});
    EXPECT_EQ(after.stats.fragments_emitted, 0u);
    EXPECT_EQ(pending_runs(), 0u);
    EXPECT_EQ(count("SELECT count(*) FROM runs WHERE status = 'unchanged' AND hits = 1"), 3);
    // Stored in the order they ran: the edit, then the run after it.
    EXPECT_EQ(count("SELECT count(*) FROM runs WHERE status = 'written' AND misses = 1 AND id = "
                    "(SELECT max(id) - 1 FROM runs)"),
              1);
    EXPECT_EQ(recorded_named("bdrv_b"), 1);
}

// The run-key hints (cache/run_hints.hpp): an edited shard's hint names the last run's key, not
// its own, so its lookup is sure to miss and it never opens the database.
class CacheRunHintPolicy : public CachePending {
public:
    // An edit of a.h, as a run sees it up to its lookup: whether it opened the database.
    bool edit_opens_database(const std::string& text) {
        Source edited = source("a.h", text);
        auto s = session("a.c");
        EXPECT_FALSE(s->reuse_output({edited.path}));
        const bool opened = s->database_open();
        GenerateResult result = emit_parsed({edited}, {{wrapper("a.h", "bdrv_" + text)}}, {});
        show_inputs(*s, {edited}, result);
        s->check_duplicates(result, {edited.path});
        std::string error;
        s->record({edited.path}, {edited}, result,
                  write_if_changed(path("a.c"), result.text, error));
        return opened;
    }
    // An unchanged run of a.h as it is now: whether it took its output as it was.
    bool unchanged_run_reuses(const std::string& text) {
        return run("a.c", {source("a.h", text)}, {{wrapper("a.h", "bdrv_" + text)}})
                   .stats.fragments_emitted == 0;
    }
};

TEST_F(CacheRunHintPolicy, AnEditedShardDoesNotOpenTheDatabaseAndStaysWarmAfter) {
    ASSERT_TRUE(run("a.c", {source("a.h", "a")}, {{wrapper("a.h", "bdrv_a")}}).ok());
    may_defer = true;
    EXPECT_FALSE(edit_opens_database("b"));
    EXPECT_EQ(pending_runs(), 1u);
    EXPECT_EQ(recorded_named("bdrv_b"), 0);
    // Its hint now names its key, while its record is pending: the next run looks up, storing
    // the pending record first, and takes the output.
    EXPECT_TRUE(unchanged_run_reuses("b"));
    EXPECT_EQ(recorded_named("bdrv_b"), 1);
    EXPECT_TRUE(unchanged_run_reuses("b"));
    // Edits in a row, each left pending: each is a sure miss, and the run after still reuses.
    EXPECT_FALSE(edit_opens_database("c"));
    EXPECT_FALSE(edit_opens_database("d"));
    EXPECT_TRUE(unchanged_run_reuses("d"));
    EXPECT_EQ(recorded_named("bdrv_d"), 1);
    // An edit back to an earlier text is a miss too: only the last run's key counts.
    EXPECT_FALSE(edit_opens_database("b"));
    EXPECT_TRUE(unchanged_run_reuses("b"));
    EXPECT_EQ(count("SELECT count(*) FROM runs WHERE status = 'written'"), 5);
    EXPECT_EQ(warnings.str(), "");
}

// Any hint that is not sure (no file, a damaged one, a link, one of another format) sends the
// edited run to the full lookup, as before there were hints; the run after still reuses.
TEST_F(CacheRunHintPolicy, AnUnsureHintFallsBackToTheLookup) {
    ASSERT_TRUE(run("a.c", {source("a.h", "a")}, {{wrapper("a.h", "bdrv_a")}}).ok());
    may_defer = true;
    const std::string keys = cache::run_hints_path(db_path);
    ASSERT_TRUE(fs::exists(keys));
    int edits = 0;
    const auto check = [&](const std::string& what) {
        const std::string text = "e" + std::to_string(++edits);
        EXPECT_TRUE(edit_opens_database(text)) << what;
        EXPECT_TRUE(unchanged_run_reuses(text)) << what;
    };
    fs::remove(keys);
    check("no hints");
    {
        std::ofstream(keys, std::ios::binary | std::ios::trunc)
            << std::string(cache::run_hint_buckets * 64, '\x5a');
    }
    check("another program's bytes");
    fs::resize_file(keys, 100);
    check("cut short");
    fs::remove(keys);
    write("victim", "v");
    fs::create_symlink(path("victim"), keys);
    check("a link");
    EXPECT_EQ(fs::file_size(path("victim")), 1u);
    if (::geteuid() == 0) {  // only root can give a file away
        fs::remove(keys);
        ASSERT_TRUE(unchanged_run_reuses("e" + std::to_string(edits)));  // writes the slot
        ASSERT_EQ(::chown(keys.c_str(), 65534, 65534), 0);
        check("another user's file");
    }
}

// A hint is only ever trusted to skip a lookup that misses: one that names another key while the
// row holds this run's (a run killed before writing its slot, an older cowrap) costs one
// regeneration, which leaves the output as it was and sets the slot right.
TEST_F(CacheRunHintPolicy, AStaleHintCostsOneRegenerationNeverAWrongOutput) {
    ASSERT_TRUE(run("a.c", {source("a.h", "a")}, {{wrapper("a.h", "bdrv_a")}}).ok());
    may_defer = true;
    cache::Key other;
    other.bytes.fill(7);
    ASSERT_TRUE(cache::write_run_hint(db_path, path("a.c"), other));
    const auto before = fs::last_write_time(path("a.c"));
    EXPECT_FALSE(unchanged_run_reuses("a"));
    EXPECT_EQ(fs::last_write_time(path("a.c")), before);
    EXPECT_TRUE(unchanged_run_reuses("a"));
    EXPECT_EQ(count("SELECT count(*) FROM runs WHERE status = 'unchanged' AND misses = 1"), 1);
}

// A sure miss defers only where a cold run would: with the journal full, the edited run opens the
// database, which stores the backlog (then leaves its own record pending).
TEST_F(CacheRunHintPolicy, ASureMissOnACacheThatCannotDeferOpensIt) {
    ASSERT_TRUE(run("a.c", {source("a.h", "a")}, {{wrapper("a.h", "bdrv_a")}}).ok());
    may_defer = true;
    std::ofstream(pending() + "/runs", std::ios::binary | std::ios::app)
        << std::string(4 << 20, 'x');
    EXPECT_TRUE(edit_opens_database("b"));
    EXPECT_LT(fs::file_size(pending() + "/runs"), 4u << 20);
    EXPECT_EQ(pending_runs(), 1u);
    EXPECT_FALSE(edit_opens_database("c"));
    EXPECT_TRUE(unchanged_run_reuses("c"));
}

// The slot follows the row's run key: a failed run keeps the row's key, so its slot stays; a run
// with diagnostics clears it (no run may take that output), so its slot says none.
TEST_F(CacheRunHintPolicy, FailedRunsKeepTheSlotAndRunsWithDiagnosticsClearIt) {
    ASSERT_TRUE(run("a.c", {source("a.h", "a")}, {{wrapper("a.h", "bdrv_a")}}).ok());
    may_defer = true;
    const auto recorded = [&](const std::string& text, Diagnostic diagnostic) {
        Source edited = source("a.h", text);
        auto s = session("a.c");
        EXPECT_FALSE(s->reuse_output({edited.path}));
        GenerateResult result = emit_parsed({edited}, {{wrapper("a.h", "bdrv_" + text)}}, {});
        result.diagnostics.push_back(std::move(diagnostic));
        std::string error;
        show_inputs(*s, {edited}, result);
        s->record(
            {edited.path}, {edited}, result,
            result.ok() ? write_if_changed(path("a.c"), result.text, error) : WriteResult::failed);
        return cache::read_run_hint(db_path, path("a.c"));
    };
    const cache::RunHint first = cache::read_run_hint(db_path, path("a.c"));
    ASSERT_TRUE(first.known && first.run_key);
    const cache::RunHint failed = recorded("b", error_at(path("a.h"), {1, 1}, "bad"));
    EXPECT_TRUE(failed.known);
    EXPECT_EQ(failed.run_key, first.run_key);
    EXPECT_TRUE(unchanged_run_reuses("a"));  // the failed run changed nothing
    const cache::RunHint warned = recorded("c", warning_at(path("a.h"), {1, 1}, "odd"));
    EXPECT_TRUE(warned.known);
    EXPECT_FALSE(warned.run_key);
    // So even the same inputs are a sure miss (a run with diagnostics prints them again).
    Source same = source("a.h", "c");
    auto s = session("a.c");
    EXPECT_FALSE(s->reuse_output({same.path}));
    EXPECT_FALSE(s->database_open());
}

TEST_F(CachePending, ABacklogOfPendingRunsMakesTheNextColdRunStoreThem) {
    Source a = source("a.h", "a\n");
    run("a.c", {a}, {{wrapper("a.h", "bdrv_a")}});
    may_defer = true;
    ASSERT_TRUE(run("b.c", {source("b.h", "b\n")}, {{wrapper("b.h", "bdrv_b")}}).ok());
    ASSERT_EQ(pending_runs(), 1u);
    // As if a few hundred more cold runs had been left pending since the last fold.
    std::ofstream(pending() + "/runs", std::ios::binary | std::ios::app)
        << std::string(4 << 20, 'x');
    EXPECT_FALSE(cache::can_defer(db_path, path("c.c")));
    ASSERT_TRUE(run("c.c", {source("c.h", "c\n")}, {{wrapper("c.h", "bdrv_c")}}).ok());
    EXPECT_EQ(pending_runs(), 0u);
    EXPECT_EQ(count("SELECT count(*) FROM outputs"), 3);
    EXPECT_TRUE(cache::can_defer(db_path, path("d.c")));
}

TEST_F(CachePending, AColdRunRecordsBesideTheDatabaseAndTheNextOpeningStoresIt) {
    Source a = source("a.h", "a\n");
    Source b = source("b.h", "b\n");
    run("a.c", {a}, {{wrapper("a.h", "bdrv_a")}});
    may_defer = true;
    {
        auto s = session("b.c");
        EXPECT_TRUE(s->deferred());
        EXPECT_FALSE(s->database_open());
    }
    ASSERT_TRUE(run("b.c", {b}, {{wrapper("b.h", "bdrv_b"), wrapper("b.h", "bdrv_c", 2)}}).ok());
    EXPECT_EQ(pending_runs(), 1u);
    EXPECT_EQ(count("SELECT count(*) FROM outputs"), 1);

    // A warm run of another output leaves it pending: it changes no row that run reads.
    ASSERT_TRUE(run("a.c", {a}, {{wrapper("a.h", "bdrv_a")}}).ok());
    EXPECT_EQ(pending_runs(), 2u);
    EXPECT_EQ(count("SELECT count(*) FROM outputs"), 1);
    // A warm run of b.c opens the database, and stores the pending runs before its own.
    ASSERT_TRUE(run("b.c", {b}, {{wrapper("b.h", "bdrv_b"), wrapper("b.h", "bdrv_c", 2)}}).ok());
    EXPECT_EQ(pending_runs(), 0u);
    EXPECT_EQ(count("SELECT count(*) FROM outputs"), 2);
    std::int64_t in_b = 0;
    for (const auto& [output, w] : recorded()) {
        in_b += output.ends_with("/b.c");
    }
    EXPECT_EQ(in_b, 2);
    EXPECT_EQ(count("SELECT count(*) FROM runs"), 4);
    EXPECT_EQ(count("SELECT count(*) FROM headers"), 2);
    EXPECT_THAT(warnings.str(), IsEmpty());
}

TEST_F(CachePending, APendingRunStoresWhatADirectRunWould) {
    // The same two runs into two caches, one of them deferring the second.
    std::vector<std::string> listings;
    std::vector<std::vector<std::pair<std::string, std::int64_t>>> counters;
    for (bool defer : {false, true}) {
        db_path = path(defer ? "deferred.db" : "direct.db");
        may_defer = defer;
        fs::remove(path("x.c"));
        fs::remove(path("seed.c"));
        Source seed = source("seed.h", "s\n");
        Source x = source("x.h", "x\n");
        run("seed.c", {seed}, {{wrapper("seed.h", "bdrv_seed")}});
        run("x.c", {x, seed},
            {{wrapper("x.h", "bdrv_x"), wrapper("x.h", "bdrv_y", 4)},
             {wrapper("seed.h", "bdrv_seed")}});
        // A new cache is created by its first run, which leaves its record pending too.
        EXPECT_EQ(pending_runs(), defer ? 2u : 0u);
        cache::Store store = cache::Store::existing(db_path, true);
        cache::fold_pending_runs(store, db_path);
        listings.push_back(cache::wrappers_json(cache::list_wrappers(store)).dump());
        counters.push_back(cache::read_stats(store, db_path).counters);
    }
    EXPECT_THAT(listings[0], HasSubstr("bdrv_y"));
    EXPECT_EQ(listings[0], listings[1]);
    EXPECT_EQ(counters[0], counters[1]);
}

// A run outside shard groups whose list passes a spill's buffer (util/spill.hpp) hands it to the
// journal from the spill: stored, it is what a direct run stores.
TEST_F(CachePending, AListStreamedFromItsSpillStoresWhatADirectRunWould) {
    group.clear();
    std::vector<std::string> lists;
    for (bool defer : {false, true}) {
        db_path = path(defer ? "deferred.db" : "direct.db");
        may_defer = defer;
        fs::remove(path("all.c"));
        std::vector<Source> sources;
        std::vector<std::vector<Declaration>> parsed;
        for (int h = 0; h < 3; ++h) {
            const std::string name = "h" + std::to_string(h) + ".h";
            sources.push_back(source(name, name + "\n"));
            parsed.emplace_back();
            for (int w = 0; w < 300; ++w) {
                parsed.back().push_back(
                    wrapper(name, "bdrv_" + std::to_string(h) + "_" + std::to_string(w),
                            static_cast<std::size_t>(w + 1)));
            }
        }
        ASSERT_TRUE(run("all.c", sources, parsed).ok());
        EXPECT_EQ(pending_runs(), defer ? 1u : 0u);
        cache::Store store = cache::Store::existing(db_path, true);
        cache::fold_pending_runs(store, db_path);
        cache::Database db = raw_db();
        cache::Statement q(db, "SELECT id, wrappers FROM outputs");
        ASSERT_TRUE(q.step());
        lists.push_back(whole_list(db, q.integer(0), q.blob(1)));
    }
    EXPECT_GT(lists[0].size(), util::SpillBuffer::piece_size);
    EXPECT_TRUE(lists[0] == lists[1]);
    EXPECT_EQ(cache::decode_wrapper_list(lists[1])->size(), 900u);
    EXPECT_THAT(warnings.str(), IsEmpty());
}

// The database removed while the record of a run that took its output as it was waits in the
// journal: the record holds the row's content hash, but not the wrapper list that hash is made
// with. Stored into the new database it leaves the row without a hash, so verify finds nothing
// wrong and the next run generates the output again.
TEST_F(CachePending, ATakenOutputsRecordStoredIntoANewDatabaseLeavesNoHash) {
    Source a = source("a.h", "a\n");
    ASSERT_TRUE(run("a.c", {a}, {{wrapper("a.h", "bdrv_a")}}).ok());
    may_defer = true;
    ASSERT_EQ(run("a.c", {a}, {{wrapper("a.h", "bdrv_a")}}).stats.fragments_emitted, 0u);
    ASSERT_EQ(pending_runs(), 1u);
    for (const char* suffix : {"", "-wal", "-shm"}) {
        fs::remove(db_path + suffix);
    }
    {
        cache::Store store = cache::Store::for_generate(db_path);
        EXPECT_EQ(cache::fold_pending_runs(store, db_path), 1u);
    }
    const cache::VerifyReport report = cache::verify_cache(db_path);
    EXPECT_TRUE(report.problems.empty()) << cache::verify_text(report);
    EXPECT_EQ(run("a.c", {a}, {{wrapper("a.h", "bdrv_a")}}).stats.fragments_emitted, 1u);
    EXPECT_EQ(run("a.c", {a}, {{wrapper("a.h", "bdrv_a")}}).stats.fragments_emitted, 0u);
}

TEST_F(CachePending, ADuplicateOfAPendingRunIsAnError) {
    Source a = source("a.h", "a\n");
    // The other header is read again from disk: it must declare the wrapper (line 3).
    Source b = source("b.h", "\n\nint co_wrapper bdrv_same(BlockDriverState *bs);\n");
    Source c = source("c.h", "c\n");
    run("a.c", {a}, {{wrapper("a.h", "bdrv_a")}});
    may_defer = true;
    ASSERT_TRUE(run("b.c", {b}, {{wrapper("b.h", "bdrv_same", 3)}}).ok());
    ASSERT_EQ(pending_runs(), 1u);
    GenerateResult r = run("c.c", {c}, {{wrapper("c.h", "bdrv_same", 5)}});
    ASSERT_FALSE(r.ok());
    std::string all;
    for (const Diagnostic& d : r.diagnostics) {
        all += format_diagnostic(d);
    }
    EXPECT_THAT(all, HasSubstr("wrapper 'bdrv_same' is also defined in " + shown("b.h") +
                               ":3 (generated into " + shown("b.c") + ")"));
    EXPECT_EQ(pending_runs(), 0u);  // the check opened the database, which stored it
}

TEST_F(CachePending, ADamagedPendingRunIsDroppedAndAMissingDigestRebuilt) {
    Source a = source("a.h", "a\n");
    run("a.c", {a}, {{wrapper("a.h", "bdrv_a"), wrapper("a.h", "bdrv_b", 2)}});
    cache::Store db = cache::Store::existing(db_path, true);
    cache::fold_pending_runs(db, db_path);
    std::ofstream(pending() + "/runs", std::ios::binary) << "COWRAPRN\x05\0\0\0garbage";
    fs::remove(cache::digest_path(pending()));
    EXPECT_EQ(cache::fold_pending_runs(db, db_path), 0u);
    EXPECT_FALSE(cache::has_pending_runs(db_path));
    EXPECT_EQ(fs::file_size(cache::digest_path(pending())), 32u);  // two wrappers
    EXPECT_FALSE(cache::digest_may_clash(pending(), {cache::digest_hash("bdrv_b")},
                                         {cache::digest_hash(path("a.h"))}));
    EXPECT_TRUE(cache::digest_may_clash(pending(), {cache::digest_hash("bdrv_b")}, {}));
}

TEST_F(CachePending, OnlyAShardGroupsWrappersAreInTheDigest) {
    run("seed.c", {source("s.h", "s\n")}, {{wrapper("s.h", "bdrv_s")}});
    const auto digest_size = [&] { return fs::file_size(cache::digest_path(pending())); };
    const std::uintmax_t seeded = digest_size();
    may_defer = true;
    group.clear();  // a monolithic output: the cross-shard rule never reads its names
    ASSERT_TRUE(run("mono.c", {source("m.h", "m\n")},
                    {{wrapper("m.h", "bdrv_m"), wrapper("m.h", "bdrv_n", 2)}})
                    .ok());
    EXPECT_EQ(pending_runs(), 1u);
    EXPECT_EQ(digest_size(), seeded);
    group = "target";
    ASSERT_TRUE(run("a.c", {source("a.h", "a\n")}, {{wrapper("a.h", "bdrv_a")}}).ok());
    EXPECT_EQ(digest_size(), seeded + 16);
    // Rebuilt from the database, it holds the group's wrappers only.
    cache::Store db = cache::Store::existing(db_path, true);
    EXPECT_EQ(cache::fold_pending_runs(db, db_path), 2u);
    cache::reset_digest(db, db_path);
    EXPECT_EQ(digest_size(), 32u);  // bdrv_s and bdrv_a
    EXPECT_FALSE(cache::digest_may_clash(pending(), {cache::digest_hash("bdrv_m")}, {}));
    EXPECT_TRUE(cache::digest_may_clash(pending(), {cache::digest_hash("bdrv_a")}, {}));
}

TEST_F(CachePending, ARunTornByAKillIsDroppedAndTheNextOnesKept) {
    run("seed.c", {source("s.h", "s\n")}, {{wrapper("s.h", "bdrv_s")}});
    may_defer = true;
    ASSERT_TRUE(run("a.c", {source("a.h", "a\n")}, {{wrapper("a.h", "bdrv_a")}}).ok());
    // A writer killed half-way through its record, then another run appending after it.
    std::string journal;
    {
        std::ifstream in(pending() + "/runs", std::ios::binary);
        journal.assign(std::istreambuf_iterator<char>(in), {});
    }
    std::ofstream(pending() + "/runs", std::ios::binary | std::ios::app)
        << journal.substr(0, journal.size() / 2);
    ASSERT_TRUE(run("b.c", {source("b.h", "b\n")}, {{wrapper("b.h", "bdrv_b")}}).ok());
    EXPECT_EQ(pending_runs(), 2u);  // a and b: the torn copy is not counted
    cache::Store db = cache::Store::existing(db_path, true);
    EXPECT_EQ(cache::fold_pending_runs(db, db_path), 2u);
    EXPECT_EQ(db.output_count(), 3);
    EXPECT_EQ(recorded_named("bdrv_b"), 1);
}

TEST_F(CachePending, PendingRunsAreStoredInTheOrderTheyFinished) {
    Source a = source("a.h", "a\n");
    run("seed.c", {source("s.h", "s\n")}, {{wrapper("s.h", "bdrv_s")}});
    may_defer = true;
    ASSERT_TRUE(run("a.c", {a}, {{wrapper("a.h", "bdrv_old")}}).ok());
    fs::remove(path("a.c"));
    ASSERT_TRUE(run("a.c", {a}, {{wrapper("a.h", "bdrv_new")}}).ok());
    ASSERT_EQ(pending_runs(), 2u);
    cache::Store db = cache::Store::existing(db_path, true);
    EXPECT_EQ(cache::fold_pending_runs(db, db_path), 2u);
    EXPECT_EQ(recorded_named("bdrv_new"), 1);
    EXPECT_EQ(recorded_named("bdrv_old"), 0);
}

}  // namespace
}  // namespace cowrap
