// The inspection commands' queries and their printed forms.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cache/gc.hpp"
#include "cache/json.hpp"
#include "cache/key.hpp"
#include "cache/listing.hpp"
#include "cache/paths.hpp"
#include "cache/stats.hpp"
#include "cache/store.hpp"
#include "cache/verify.hpp"
#include "cache/why.hpp"
#include "cache_test_fixture.hpp"
#include "core/dialect.hpp"

namespace cowrap {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

class CacheCommands : public test::CacheTest {
protected:
    // Two shards: a.c from a.h (two wrappers), b.c from b.h (one, no_co).
    void build() {
        a_decls = {wrapper("a.h", "bdrv_alpha", 3), wrapper("a.h", "bdrv_beta", 9)};
        Declaration g =
            test::decl(Mark::no_co_wrapper_bdrv_rdlock, "void", "bdrv_co_gamma", {test::bs()}, 4);
        g.file = test::kept(path("b.h"));
        b_decls = {g};
        ASSERT_TRUE(run("a.c", {source("a.h", "/* a */\n")}, {a_decls}).ok());
        ASSERT_TRUE(run("b.c", {source("b.h", "/* b */\n")}, {b_decls}).ok());
    }
    cache::Store db(bool write = false) { return cache::Store::existing(db_path, write); }

    std::vector<Declaration> a_decls, b_decls;
};

TEST_F(CacheCommands, StatsCountWhatWasRecorded) {
    build();
    run("a.c", {source("a.h", "/* a */\n")}, {a_decls});
    auto d = db();
    cache::Stats s = cache::read_stats(d, db_path);
    EXPECT_EQ(s.headers, 2);
    EXPECT_EQ(s.outputs, 2);
    EXPECT_EQ(s.wrappers, 3);
    EXPECT_EQ(cache::counter(s, "runs"), 3);
    EXPECT_EQ(cache::counter(s, "hits"), 2);
    EXPECT_EQ(cache::counter(s, "misses"), 3);
    EXPECT_EQ(cache::counter(s, "outputs_written"), 2);
    EXPECT_EQ(cache::counter(s, "outputs_unchanged"), 1);
    ASSERT_TRUE(s.last_run);
    EXPECT_EQ(s.last_run->output, path("a.c"));
    EXPECT_EQ(s.last_run->status, "unchanged");
    EXPECT_GT(s.database_size, 0);

    std::string text = cache::stats_text(s);
    EXPECT_THAT(text, HasSubstr("Cache database:"));
    EXPECT_THAT(
        text,
        HasSubstr("\nWrapper blocks:\n  Hits:                      2 /        5 ( 40.00 %)\n"));
    EXPECT_THAT(text, HasSubstr("  Left alone:                1 /        3 ( 33.33 %)\n"));
    EXPECT_THAT(text, HasSubstr("left alone in"));
    EXPECT_THAT(text, HasSubstr("Statistics zeroed:    never"));
}

TEST_F(CacheCommands, PrintIsStableTabOrJson) {
    build();
    auto d = db();
    cache::Stats s = cache::read_stats(d, db_path);
    std::string tab = cache::stats_tab(s);
    EXPECT_THAT(tab,
                ::testing::StartsWith("schema_version\t" + std::to_string(cache::schema_version) +
                                      "\nheaders\t2\noutputs\t2\nwrappers\t3\n"
                                      "runs\t2\nruns_failed\t0\n"
                                      "outputs_written\t2\noutputs_unchanged\t0\nhits\t0\n"
                                      "misses\t3\nheaders_parsed\t2\nheaders_reused\t0\n"
                                      "last_run_time\t"));
    auto j = nlohmann::json::parse(cache::stats_json(s).dump());
    EXPECT_EQ(j["wrappers"], 3);
    EXPECT_EQ(j["misses"], 3);
    EXPECT_EQ(j["database"], db_path);
    EXPECT_TRUE(j.contains("database_size"));
}

TEST_F(CacheCommands, ZeroResetsOnlyTheCounters) {
    build();
    {
        auto d = db(true);
        d.zero_counters(1700000000);
    }
    auto d = db();
    cache::Stats s = cache::read_stats(d, db_path);
    EXPECT_EQ(cache::counter(s, "runs"), 0);
    EXPECT_EQ(cache::counter(s, "misses"), 0);
    EXPECT_EQ(s.zeroed_at, 1700000000);
    EXPECT_EQ(s.wrappers, 3);
    EXPECT_THAT(cache::stats_text(s), Not(HasSubstr("zeroed:    never")));
}

TEST_F(CacheCommands, LsListsEveryWrapperAndFiltersByHeader) {
    build();
    auto d = db();
    auto all = cache::list_wrappers(d);
    ASSERT_EQ(all.size(), 3u);
    EXPECT_EQ(all[0].name, "bdrv_alpha");
    EXPECT_EQ(all[0].target, "bdrv_co_alpha");
    EXPECT_EQ(all[0].dialect, "qemu-9.0");
    EXPECT_EQ(all[0].header, path("a.h"));
    EXPECT_EQ(all[0].line, 3);
    EXPECT_EQ(all[0].output, path("a.c"));
    EXPECT_EQ(all[2].name, "bdrv_co_gamma");
    EXPECT_EQ(all[2].target, "bdrv_gamma");

    std::string text = cache::wrappers_text(all);
    EXPECT_THAT(text, HasSubstr("WRAPPER        KIND   FLAGS   DIALECT   DECLARED"));
    EXPECT_THAT(text, HasSubstr("bdrv_co_gamma  no_co  rdlock  qemu-9.0  " + shown("b.h") + ":4"));
    EXPECT_THAT(text, HasSubstr("bdrv_alpha     co     -       qemu-9.0  " + shown("a.h") + ":3"));

    auto j = nlohmann::json::parse(cache::wrappers_json(all).dump());
    ASSERT_EQ(j.size(), 3u);
    EXPECT_EQ(j[2]["wrapper"], "bdrv_co_gamma");
    EXPECT_EQ(j[2]["kind"], "no_co");
    EXPECT_EQ(j[2]["flags"], nlohmann::json::array({"rdlock"}));
    EXPECT_EQ(j[2]["line"], 4);
    EXPECT_EQ(j[2]["output"], path("b.c"));

    EXPECT_EQ(cache::list_wrappers(d, path("b.h")).size(), 1u);
    EXPECT_EQ(cache::list_wrappers(d, "a.h").size(), 2u);  // the end of a path works too
    EXPECT_EQ(cache::list_wrappers(d, "c.h").size(), 0u);
}

TEST_F(CacheCommands, ShowFindsAWrapperByItsNameOrItsTarget) {
    build();
    auto d = db();
    auto by_name = cache::find_wrapper(d, "bdrv_alpha");
    ASSERT_EQ(by_name.size(), 1u);
    ASSERT_TRUE(by_name[0].fragment);
    EXPECT_THAT(*by_name[0].fragment, HasSubstr("bdrv_co_alpha"));
    auto by_target = cache::find_wrapper(d, "bdrv_co_alpha");
    ASSERT_EQ(by_target.size(), 1u);
    std::string text = cache::show_text(by_target);
    EXPECT_THAT(text, HasSubstr("bdrv_alpha (co_wrapper)\n"));
    EXPECT_THAT(text, HasSubstr("  declared at  " + shown("a.h") + ":3\n"));
    EXPECT_THAT(text, HasSubstr("  kind         co, flags: -\n"));
    EXPECT_THAT(text, HasSubstr("  target       bdrv_co_alpha\n"));
    EXPECT_THAT(text, HasSubstr("  output       " + shown("a.c") + " (qemu-9.0)\n"));
    EXPECT_THAT(text, HasSubstr("int bdrv_alpha("));
    EXPECT_TRUE(cache::find_wrapper(d, "bdrv_nothing").empty());
}

TEST_F(CacheCommands, WhySaysWhenOnlyUnrelatedTextChanged) {
    build();
    // A comment edit: new bytes, same declarations.
    run("a.c", {source("a.h", "/* a, edited */\n")}, {a_decls});
    auto d = db();
    cache::OutputHistory h = cache::output_history(d, path("a.c"));
    ASSERT_TRUE(h.known);
    ASSERT_EQ(h.runs.size(), 2u);
    EXPECT_EQ(h.runs[0].status, "unchanged");
    EXPECT_THAT(h.runs[0].inputs_changed, ElementsAre(path("a.h")));
    EXPECT_TRUE(h.runs[0].changed.empty());
    std::string text = cache::why_text(h);
    EXPECT_THAT(text, HasSubstr(shown("a.c") + ": 2 runs, newest first\n"));
    EXPECT_THAT(text, HasSubstr("left alone"));
    EXPECT_THAT(text, HasSubstr(shown("a.h") + " changed, but no declaration did"));
    EXPECT_THAT(text, HasSubstr("first run recorded for this output"));
}

TEST_F(CacheCommands, WhyNamesChangedAddedAndRemovedDeclarations) {
    build();
    std::vector<Declaration> next = {
        wrapper("a.h", "bdrv_alpha", 3, {test::bs(), test::param("int", "flags")}),
        wrapper("a.h", "bdrv_delta", 12)};
    run("a.c", {source("a.h", "/* a, new */\n")}, {next});
    auto d = db();
    cache::OutputHistory h = cache::output_history(d, path("a.c"));
    ASSERT_EQ(h.runs.size(), 2u);
    EXPECT_EQ(h.runs[0].status, "written");
    EXPECT_THAT(h.runs[0].changed, ElementsAre("bdrv_alpha"));
    EXPECT_THAT(h.runs[0].added, ElementsAre("bdrv_delta"));
    EXPECT_THAT(h.runs[0].removed, ElementsAre("bdrv_beta"));
    std::string text = cache::why_text(h);
    EXPECT_THAT(text, HasSubstr("rewritten"));
    EXPECT_THAT(text, HasSubstr("    changed: bdrv_alpha\n"));
    EXPECT_THAT(text, HasSubstr("    added: bdrv_delta\n"));
    EXPECT_THAT(text, HasSubstr("    removed: bdrv_beta\n"));
    // The old and new text of the changed declaration, as a diff of one parameter a line.
    ASSERT_EQ(h.runs[0].texts.size(), 1u);
    EXPECT_EQ(h.runs[0].texts[0].wrapper, "bdrv_alpha");
    EXPECT_EQ(h.runs[0].texts[0].before, a_decls[0].text);
    EXPECT_EQ(h.runs[0].texts[0].after, next[0].text);
    EXPECT_THAT(text, HasSubstr("    changed: bdrv_alpha\n"
                                "    --- bdrv_alpha (before)\n"
                                "    +++ bdrv_alpha (now)\n"
                                "    @@ -1,3 +1,3 @@\n"
                                "     int co_wrapper bdrv_alpha (\n"
                                "    -    BlockDriverState *bs\n"
                                "    +    BlockDriverState *bs int flags\n"
                                "     ) ;\n"));
    EXPECT_THAT(text, Not(HasSubstr("\033[")));
    std::string colored = cache::why_text(h, true);
    EXPECT_THAT(colored, HasSubstr("    \033[1m--- bdrv_alpha (before)\033[m\n"));
    EXPECT_THAT(colored, HasSubstr("    \033[36m@@ -1,3 +1,3 @@\033[m\n"));
    EXPECT_THAT(colored, HasSubstr("    \033[31m-    BlockDriverState *bs\033[m\n"));
    EXPECT_THAT(colored, HasSubstr("    \033[32m+    BlockDriverState *bs int flags\033[m\n"));
    EXPECT_THAT(colored, HasSubstr("\n     int co_wrapper bdrv_alpha (\n"));  // context: plain

    auto j = cache::history_json(h)["runs"][0];
    ASSERT_EQ(j["texts"].size(), 1u);
    EXPECT_EQ(j["texts"][0]["wrapper"], "bdrv_alpha");
    EXPECT_EQ(j["texts"][0]["old"], a_decls[0].text);
    EXPECT_EQ(j["texts"][0]["new"], next[0].text);
    EXPECT_EQ(j["texts"][0]["diff"], cache::text_diff(h.runs[0].texts[0]));
    EXPECT_TRUE(j["error_text"].is_null());
}

// A wrapper whose key changed but whose declaration did not (a new dialect) has no diff.
TEST_F(CacheCommands, WhySaysWhenOnlyTheOptionsChangedABlock) {
    build();
    GenerateOptions older;
    older.dialect = resolve_dialect("qemu-8.0");
    ASSERT_TRUE(older.dialect);
    run("a.c", {source("a.h", "/* a */\n")}, {a_decls}, older);
    auto d = db();
    cache::OutputHistory h = cache::output_history(d, path("a.c"));
    EXPECT_THAT(h.runs[0].changed, ElementsAre("bdrv_alpha", "bdrv_beta"));
    EXPECT_TRUE(h.runs[0].texts.empty());
    EXPECT_THAT(cache::why_text(h),
                HasSubstr("    same declaration text: bdrv_alpha, bdrv_beta (the block changed "
                          "with the dialect, the options or cowrap's version)\n"));
}

// No diff when the earlier text is unknown (a row from before texts were kept) or when the
// run changed more than 64 KiB of text; `why` says which.
TEST_F(CacheCommands, WhySaysWhenItHasNoTextToCompare) {
    build();
    edit_recorded([](cache::WrapperRow& w) {
        if (w.name == "bdrv_alpha") {
            w.text.clear();
        }
    });
    std::vector<Declaration> next = {
        wrapper("a.h", "bdrv_alpha", 3, {test::bs(), test::param("int", "flags")}),
        wrapper("a.h", "bdrv_beta", 9, {test::bs(), test::param("int", std::string(70000, 'x'))})};
    run("a.c", {source("a.h", "/* a, new */\n")}, {next});
    auto d = db();
    cache::OutputHistory h = cache::output_history(d, path("a.c"));
    ASSERT_EQ(h.runs[0].texts.size(), 2u);
    EXPECT_FALSE(h.runs[0].texts[0].before);
    EXPECT_EQ(h.runs[0].texts[0].after, next[0].text);
    EXPECT_FALSE(h.runs[0].texts[1].before || h.runs[0].texts[1].after);
    std::string text = cache::why_text(h);
    EXPECT_THAT(text, HasSubstr("    bdrv_alpha: its earlier text was not recorded\n"));
    EXPECT_THAT(text, HasSubstr("    bdrv_beta: its text was not kept (over 64 KiB changed in "
                                "this run)\n"));
    EXPECT_THAT(text, Not(HasSubstr("@@")));
}

TEST_F(CacheCommands, WhyShowsWhatAFailedRunPrintedAndThatTheNextOneWorked) {
    build();
    Source a = source("a.h", "int co_wraper bdrv_alpha(BlockDriverState *bs);\n");
    GenerateResult failed;
    failed.diagnostics.push_back(error_at(a.path, {1, 5}, "unknown mark 'co_wraper'"));
    {
        auto s = session("a.c");
        s->record({a.path}, {a}, failed, WriteResult::failed, "cowrap: error: more\n");
    }
    auto d = db();
    cache::OutputHistory h = cache::output_history(d, path("a.c"));
    ASSERT_EQ(h.runs[0].status, "failed");
    const std::string printed = format_diagnostic(failed.diagnostics[0], line_text(a, 1));
    EXPECT_THAT(printed, HasSubstr("    1 | int co_wraper"));  // with its source line
    EXPECT_EQ(h.runs[0].error_text, printed + "cowrap: error: more\n");
    std::string text = cache::why_text(h);
    EXPECT_THAT(text, HasSubstr("    generation failed with errors; the output was left as it "
                                "was; it printed:\n      " +
                                printed.substr(0, printed.find('\n') + 1)));
    EXPECT_THAT(text, HasSubstr("      cowrap: error: more\n"));
    EXPECT_EQ(cache::history_json(h)["runs"][0]["error_text"], printed + "cowrap: error: more\n");
    EXPECT_FALSE(h.runs[0].after_failure);
    EXPECT_FALSE(h.runs[1].after_failure);

    run("a.c", {source("a.h", "/* a, fixed */\n")}, {a_decls});
    h = cache::output_history(d, path("a.c"));
    EXPECT_TRUE(h.runs[0].after_failure);
    EXPECT_FALSE(h.runs[0].error_text);
    EXPECT_THAT(cache::why_text(h),
                HasSubstr("    the run before failed; this one had no errors\n"));
    // Still known when the failed run is just past what is shown.
    EXPECT_TRUE(cache::output_history(d, path("a.c"), 1).runs.at(0).after_failure);
}

TEST_F(CacheCommands, AFailedRunKeepsAtMost64KiBOfWhatItPrinted) {
    build();
    std::string flood;
    for (int i = 0; flood.size() < 200 * 1024; ++i) {
        flood += "a.h:" + std::to_string(i) + ":1: error: something\n";
    }
    {
        auto s = session("a.c");
        s->record({}, {}, GenerateResult{}, WriteResult::failed, flood);
    }
    auto d = db();
    const std::string kept = cache::output_history(d, path("a.c")).runs.at(0).error_text.value();
    EXPECT_LE(kept.size(), 64u * 1024);
    EXPECT_GT(kept.size(), 63u * 1024);
    // A prefix of what was printed, cut after a line, then how much is missing.
    const std::size_t body = kept.rfind('[');
    EXPECT_EQ(kept.substr(0, body), flood.substr(0, body));
    EXPECT_EQ(kept[body - 1], '\n');
    EXPECT_EQ(kept.substr(body),
              "[" + std::to_string(flood.size() - body) + " more bytes not kept]\n");
}

TEST(WhyLayout, OneParameterALine) {
    EXPECT_EQ(cache::declaration_lines("int co_wrapper_mixed blk_x ( BlockBackend * blk , int64_t "
                                       "offset , void ( * cb ) ( void * , int ) ) ;",
                                       "blk_x"),
              "int co_wrapper_mixed blk_x (\n"
              "    BlockBackend * blk ,\n"
              "    int64_t offset ,\n"
              "    void ( * cb ) ( void * , int )\n"
              ") ;\n");
    // The name as part of another identifier is not the name.
    EXPECT_EQ(cache::declaration_lines("int co_wrapper xblk_x ( void ) ;", "blk_x"),
              "int co_wrapper xblk_x ( void ) ;\n");
    EXPECT_EQ(cache::declaration_lines("int co_wrapper f ( void ) ;", "f"),
              "int co_wrapper f (\n    void\n) ;\n");
}

TEST_F(CacheCommands, WhyOnAnUnknownOutput) {
    build();
    auto d = db();
    EXPECT_EQ(cache::why_text(cache::output_history(d, path("zzz.c"))),
              shown("zzz.c") + ": no run recorded for this output\n");
}

TEST_F(CacheCommands, VerifyIsCleanAfterRuns) {
    build();
    cache::VerifyReport r = cache::verify_cache(db_path);
    EXPECT_TRUE(r.problems.empty()) << cache::verify_text(r);
    EXPECT_EQ(r.blocks, 3);
    EXPECT_EQ(r.outputs, 2);
    EXPECT_THAT(cache::verify_text(r), HasSubstr("no problems"));
}

TEST_F(CacheCommands, VerifyNamesDamagedBlocksAndChangedOutputs) {
    build();
    edit_recorded([](cache::WrapperRow& w) {
        if (w.name == "bdrv_beta") {
            w.checksum = cache::Key{};
        }
    });
    write("b.c", "edited by hand\n");
    cache::VerifyReport r = cache::verify_cache(db_path);
    std::string text = cache::verify_text(r);
    EXPECT_EQ(r.problems.size(), 2u) << text;
    EXPECT_THAT(text, HasSubstr("the recorded code of bdrv_beta (" + shown("a.h") + ":9)"));
    EXPECT_THAT(text, HasSubstr("output " + shown("b.c") + " differs"));
    std::filesystem::remove(path("a.c"));
    text = cache::verify_text(cache::verify_cache(db_path));
    EXPECT_THAT(text, HasSubstr("output " + shown("a.c") + " is missing"));
}

// A run records its output before renaming it into place: killed in between, it leaves the
// old bytes (or no file) under a row that holds the new hash, which verify must accept.
TEST_F(CacheCommands, VerifyAcceptsTheStateARunKilledBeforeItsRenameLeaves) {
    build();
    {
        // A run's previous hash is over every byte of the file it replaces.
        cache::Database d = raw_db(true);
        cache::Statement(d,
                         "UPDATE outputs SET previous_hash = ?1, content_hash = zeroblob(16) "
                         "WHERE path LIKE '%b.c'")
            .bind(1, cache::hash_bytes(cache::read_bytes(path("b.c")).value()))
            .run();
        d.exec(
            "UPDATE outputs SET previous_hash = x'', content_hash = zeroblob(16) "
            "WHERE path LIKE '%a.c'");
    }
    std::filesystem::remove(path("a.c"));
    cache::VerifyReport r = cache::verify_cache(db_path);
    EXPECT_TRUE(r.problems.empty()) << cache::verify_text(r);
    // But not a hand edit.
    write("b.c", "edited by hand\n");
    r = cache::verify_cache(db_path);
    EXPECT_THAT(cache::verify_text(r), HasSubstr("output " + shown("b.c") + " differs"));
}

TEST_F(CacheCommands, VerifyReportsAFileThatIsNotADatabase) {
    write("cache.db", std::string(4096, 'x'));
    cache::VerifyReport r = cache::verify_cache(db_path);
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_THAT(r.problems[0], HasSubstr("not a database"));
    EXPECT_THROW(cache::verify_cache(path("missing.db")), cache::Error);
}

TEST_F(CacheCommands, GcForgetsDeletedHeadersAndOutputs) {
    build();
    std::filesystem::remove(path("b.h"));
    std::filesystem::remove(path("b.c"));
    cache::GcResult r;
    {
        auto d = db(true);
        r = d.gc(std::nullopt, std::time(nullptr));
    }
    EXPECT_EQ(r.headers, 1);
    EXPECT_EQ(r.outputs, 1);
    EXPECT_EQ(r.wrappers, 1);
    EXPECT_EQ(r.runs, 1);
    auto d = db();
    EXPECT_EQ(cache::list_wrappers(d).size(), 2u);
    EXPECT_EQ(cache::gc_text(r), "Removed 1 header, 1 output, 1 wrapper and 1 run\n");
    EXPECT_TRUE(cache::verify_cache(db_path).problems.empty());
}

TEST_F(CacheCommands, GcOlderThanDropsWhatWasNotUsedSince) {
    build();
    auto d = db(true);
    cache::GcResult keep = d.gc(3600, std::time(nullptr));
    EXPECT_EQ(keep.headers + keep.outputs + keep.wrappers + keep.runs, 0);
    cache::GcResult all = d.gc(3600, std::time(nullptr) + 7200);
    EXPECT_EQ(all.headers, 2);
    EXPECT_EQ(all.outputs, 2);
    EXPECT_EQ(all.wrappers, 3);
    EXPECT_EQ(all.runs, 2);
}

TEST_F(CacheCommands, ClearEmptiesEverything) {
    build();
    {
        auto d = db(true);
        d.clear();
    }
    auto d = db();
    cache::Stats s = cache::read_stats(d, db_path);
    EXPECT_EQ(s.headers + s.outputs + s.wrappers, 0);
    EXPECT_EQ(cache::counter(s, "runs"), 0);
}

TEST(CacheAge, ParsesUnits) {
    EXPECT_EQ(cache::parse_age("30d"), 30 * 86400);
    EXPECT_EQ(cache::parse_age("7"), 7 * 86400);
    EXPECT_EQ(cache::parse_age("12h"), 12 * 3600);
    EXPECT_EQ(cache::parse_age("90m"), 90 * 60);
    EXPECT_EQ(cache::parse_age("45s"), 45);
    EXPECT_EQ(cache::parse_age("2w"), 14 * 86400);
    EXPECT_EQ(cache::parse_age(""), std::nullopt);
    EXPECT_EQ(cache::parse_age("d"), std::nullopt);
    EXPECT_EQ(cache::parse_age("5y"), std::nullopt);
    EXPECT_EQ(cache::parse_age("-1d"), std::nullopt);
}

TEST(CacheFormat, SizesAreDecimal) {
    EXPECT_EQ(cache::format_size(999), "999 bytes");
    EXPECT_EQ(cache::format_size(1500), "1.5 kB");
    EXPECT_EQ(cache::format_size(2500000), "2.5 MB");
}

}  // namespace
}  // namespace cowrap
