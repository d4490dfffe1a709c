// cache::Store (cache/store.hpp): the methods no other cache test reaches directly, on records
// stored as a run or a fold stores them.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <tuple>

#include "cache/key.hpp"
#include "cache/sqlite.hpp"
#include "cache/store.hpp"
#include "cache/wrapper_list.hpp"
#include "cache_test_fixture.hpp"

namespace cowrap {
namespace {

class CacheStore : public test::CacheTest {
protected:
    // A successful run of `output` in `group` whose list holds `wrapper` from `header`.
    static cache::RunRecord record(const std::string& output, const std::string& group,
                                   const std::string& wrapper, const std::string& header) {
        cache::RunRecord r;
        r.output = output;
        r.dialect = "qemu-9.0";
        r.group = group;
        r.time = 1790000000;
        r.status = cache::RunStatus::written;
        r.refresh = true;
        r.content_hash = cache::hash_bytes(output + " text");
        r.run_key = cache::hash_bytes(output + " key");
        r.previous_hash = "";
        r.misses = 1;
        r.wrapper_list = cache::encode_wrapper_list(std::vector<cache::WrapperRow>{
            {wrapper, wrapper + "_co", "co_wrapper", header, 3, 0, 10, cache::hash_bytes(wrapper),
             "int co_wrapper " + wrapper + " ( ) ;"}});
        return r;
    }
    static std::vector<std::string> paths(const std::vector<cache::OutputRow>& rows) {
        std::vector<std::string> out;
        for (const cache::OutputRow& o : rows) {
            out.push_back(o.path);
        }
        return out;
    }
};

TEST_F(CacheStore, GroupListsAreTheOtherOutputsOfTheGroupByPath) {
    cache::Store store = cache::Store::for_generate(db_path);
    EXPECT_EQ(store.store({record("/o/c.c", "t", "bdrv_c", "/h/c.h"),
                           record("/o/a.c", "t", "bdrv_a", "/h/a.h"),
                           record("/o/b.c", "other", "bdrv_b", "/h/b.h"),
                           record("/o/n.c", "", "bdrv_n", "/h/n.h")}),
              4u);
    EXPECT_EQ(paths(store.group_wrapper_lists("t", "/o/c.c")), std::vector<std::string>{"/o/a.c"});
    EXPECT_EQ(paths(store.group_wrapper_lists("t", "/o/x.c")),
              (std::vector<std::string>{"/o/a.c", "/o/c.c"}));
    EXPECT_TRUE(store.group_has_others("t", "/o/c.c"));
    EXPECT_FALSE(store.group_has_others("other", "/o/b.c"));
    EXPECT_FALSE(store.group_has_others("", "/o/x.c"));  // no group is not a group
    EXPECT_EQ(store.all_wrapper_lists().size(), 4u);
    EXPECT_EQ(store.wrapper_count(), 4);

    const std::optional<std::string> list = store.wrapper_list("/o/a.c");
    ASSERT_TRUE(list);
    const auto rows = cache::decode_wrapper_list(*list);
    ASSERT_TRUE(rows && rows->size() == 1u);
    EXPECT_EQ(rows->front().name, "bdrv_a");
    EXPECT_EQ(rows->front().header, "/h/a.h");
    EXPECT_FALSE(store.wrapper_list("/o/missing.c"));
}

TEST_F(CacheStore, AnOutputIsReusableOnlyUnderItsRunKey) {
    cache::Store store = cache::Store::for_generate(db_path);
    const cache::RunRecord r = record("/o/a.c", "", "bdrv_a", "/h/a.h");
    EXPECT_TRUE(store.store(r));  // a new name: the digest must learn it
    EXPECT_FALSE(store.store(r));
    const std::optional<cache::OutputRow> same = store.reusable_output("/o/a.c", *r.run_key);
    ASSERT_TRUE(same);
    EXPECT_EQ(same->content_hash, r.content_hash);
    EXPECT_EQ(same->refreshed, r.time);
    EXPECT_EQ(same->wrapper_count, 1);
    EXPECT_FALSE(store.reusable_output("/o/a.c", cache::hash_bytes("another key")));
    EXPECT_FALSE(store.reusable_output("/o/b.c", *r.run_key));
}

TEST_F(CacheStore, CountersVerifyRowsAndZeroing) {
    cache::Store store = cache::Store::for_generate(db_path);
    store.store(
        {record("/o/a.c", "", "bdrv_a", "/h/a.h"), record("/o/b.c", "", "bdrv_b", "/h/b.h")});
    auto value = [&](const std::string& name) -> std::optional<std::int64_t> {
        for (const auto& [n, v] : store.counters()) {
            if (n == name) {
                return v;
            }
        }
        return std::nullopt;
    };
    EXPECT_EQ(value("runs"), 2);  // added once for the batch, summed
    EXPECT_EQ(value("misses"), 2);
    EXPECT_EQ(value("outputs_written"), 2);
    EXPECT_FALSE(value("hits"));  // a zero is not written
    EXPECT_TRUE(store.integrity_problems(10).empty());
    const std::vector<cache::OutputRow> recorded = store.recorded_outputs();
    ASSERT_EQ(recorded.size(), 2u);
    EXPECT_TRUE(recorded[0].may_be_absent);  // its run made the file: before, there was none
    EXPECT_EQ(recorded[0].content_hash, cache::hash_bytes("/o/a.c text"));
    EXPECT_EQ(store.header_count(), 0);
    EXPECT_EQ(store.output_count(), 2);
    EXPECT_EQ(store.stored_schema(), cache::schema_version);

    store.zero_counters(1700000000);
    EXPECT_EQ(store.counters(),
              (std::vector<std::pair<std::string, std::int64_t>>{{"zeroed_at", 1700000000}}));
    EXPECT_EQ(store.output_count(), 2);  // the tables are untouched
}

// A path may hold any byte, JSON text only UTF-8: the inputs are recorded and compared as they
// are, and `why` gets them with a replacement character.
TEST_F(CacheStore, InputsWithAnyBytesInTheirPathsAreRecordedAndCompared) {
    cache::Store store = cache::Store::for_generate(db_path);
    const std::string odd = "/h/\xff \"q\"\n.h";
    cache::RunRecord r = record("/o/a.c", "", "bdrv_a", odd);
    r.inputs = {{odd, cache::hash_bytes("1")}, {"/h/gone.h", cache::hash_bytes("2")}};
    store.store(r);
    r.inputs = {{odd, cache::hash_bytes("3")}, {"/h/new.h", cache::hash_bytes("4")}};
    store.store(r);
    const std::vector<cache::RunEntry> runs = store.runs_of("/o/a.c", 1);
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_TRUE(runs[0].compared);
    EXPECT_EQ(runs[0].inputs_changed, std::vector<std::string>{"/h/\xef\xbf\xbd \"q\"\n.h"});
    EXPECT_EQ(runs[0].inputs_added, std::vector<std::string>{"/h/new.h"});
    EXPECT_EQ(runs[0].inputs_removed, std::vector<std::string>{"/h/gone.h"});
}

// Rows written before inputs were a blob hold them as JSON text: still compared.
TEST_F(CacheStore, AnOldRowsJsonInputsAreStillCompared) {
    cache::Store store = cache::Store::for_generate(db_path);
    cache::RunRecord r = record("/o/a.c", "", "bdrv_a", "/h/a.h");
    r.inputs = {{"/h/a.h", cache::hash_bytes("1")}, {"/h/b.h", cache::hash_bytes("2")}};
    store.store(r);
    {
        cache::Database db(db_path, SQLITE_OPEN_READWRITE, 1000);
        cache::Statement old(db, "UPDATE outputs SET inputs = ?1");
        old.bind(1, "[[\"/h/a.h\", \"" + cache::to_hex(cache::hash_bytes("1")) +
                        "\"], [\"/h/b.h\", \"not hex\"], 7]")
            .run();
    }
    r.inputs = {{"/h/a.h", cache::hash_bytes("5")}, {"/h/b.h", cache::hash_bytes("2")}};
    store.store(r);
    const std::vector<cache::RunEntry> runs = store.runs_of("/o/a.c", 1);
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].inputs_changed, std::vector<std::string>{"/h/a.h"});
    // An entry that cannot be read was no input.
    EXPECT_EQ(runs[0].inputs_added, std::vector<std::string>{"/h/b.h"});
    EXPECT_TRUE(runs[0].inputs_removed.empty());
}

// The wrappers compared are found wherever they moved; removed names come sorted.
TEST_F(CacheStore, WrappersAreComparedWhereverTheyMoved) {
    auto list = [](const std::vector<std::pair<std::string, std::string>>& wrappers) {
        std::vector<cache::WrapperRow> rows;
        for (const auto& [name, text] : wrappers) {
            rows.push_back(
                {name, "", "co_wrapper", "/h/a.h", 3, 0, 10, cache::hash_bytes(name + text), text});
        }
        return cache::encode_wrapper_list(rows);
    };
    cache::Store store = cache::Store::for_generate(db_path);
    cache::RunRecord r = record("/o/a.c", "", "bdrv_a", "/h/a.h");
    r.wrapper_list = list({{"w_e", "e"}, {"w_a", "a"}, {"w_b", "b"}, {"w_c", "c"}, {"w_d", "d"}});
    store.store(r);
    r.wrapper_list = list({{"w_d", "d"}, {"w_c", "c2"}, {"w_a", "a"}, {"w_f", "f"}});
    store.store(r);
    const std::vector<cache::RunEntry> runs = store.runs_of("/o/a.c", 1);
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].added, std::vector<std::string>{"w_f"});
    EXPECT_EQ(runs[0].removed, (std::vector<std::string>{"w_b", "w_e"}));
    EXPECT_EQ(runs[0].changed, std::vector<std::string>{"w_c"});
    ASSERT_EQ(runs[0].texts.size(), 1u);
    EXPECT_EQ(runs[0].texts[0].before, "c");
    EXPECT_EQ(runs[0].texts[0].after, "c2");
    EXPECT_EQ(store.wrapper_count(), 4);
}

// Schema 8: an output's list is a head in its row and a part per header (cache/store.hpp). An
// edit of one header rewrites that header's part; the others keep their rows, and every reader
// gets the whole list.
TEST_F(CacheStore, AnEditRewritesOnlyItsHeadersPartOfTheList) {
    // One wrapper in each of `headers` headers; the one of h10 has a block of `edited` bytes.
    auto list = [](int headers, std::int64_t edited) {
        std::vector<cache::WrapperRow> rows;
        std::int64_t at = 100;
        for (int h = 0; h < headers; ++h) {
            const std::string name = "w_" + std::to_string(h);
            const std::int64_t length = h == 10 ? edited : 10;
            rows.push_back({name, "", "co_wrapper", "/h/h" + std::to_string(h) + ".h", 3, at,
                            length, cache::hash_bytes(name + std::to_string(length)), name});
            at += length + 5;
        }
        return cache::encode_wrapper_list(rows);
    };
    auto parts = [&] {
        cache::Database db = raw_db();
        cache::Statement q(db, "SELECT part, rowid, bytes FROM list_parts ORDER BY part");
        std::vector<std::tuple<std::int64_t, std::int64_t, std::string>> out;
        while (q.step()) {
            out.emplace_back(q.integer(0), q.integer(1), q.blob(2));
        }
        return out;
    };
    cache::Store store = cache::Store::for_generate(db_path);
    cache::RunRecord r = record("/o/a.c", "", "w_0", "/h/h0.h");
    r.wrapper_list = list(24, 10);  // three parts of eight headers
    store.store(r);
    const auto first = parts();
    ASSERT_EQ(first.size(), 3u);
    EXPECT_EQ(store.wrapper_list("/o/a.c"), r.wrapper_list);

    r.wrapper_list = list(24, 30);  // h10's block grew: every later block moved
    store.store(r);
    const auto second = parts();
    ASSERT_EQ(second.size(), 3u);
    EXPECT_EQ(second[0], first[0]);
    EXPECT_NE(std::get<2>(second[1]), std::get<2>(first[1]));
    EXPECT_EQ(second[2], first[2]);  // the same row, the same bytes
    EXPECT_EQ(store.wrapper_list("/o/a.c"), r.wrapper_list);
    ASSERT_EQ(store.runs_of("/o/a.c", 1).size(), 1u);
    EXPECT_EQ(store.runs_of("/o/a.c", 1)[0].changed, std::vector<std::string>{"w_10"});

    r.wrapper_list = list(16, 30);  // the last eight headers are no longer inputs
    store.store(r);
    EXPECT_EQ(parts().size(), 2u);
    EXPECT_EQ(store.wrapper_list("/o/a.c"), r.wrapper_list);
    EXPECT_EQ(store.all_wrapper_lists().at(0).wrappers, r.wrapper_list);
    EXPECT_EQ(store.wrapper_count(), 16);

    // The parts go with their output's row (gc deletes rows one by one).
    raw_db(true).exec("DELETE FROM outputs WHERE path = '/o/a.c'");
    EXPECT_TRUE(parts().empty());
}

// An edit is compared part by part: what a run says changed is what comparing both lists whole
// says, also for a wrapper that moves to another part, and for lists of other headers.
TEST_F(CacheStore, AnEditSaysWhatChangedFromThePartsThatDiffer) {
    // Two wrappers in each of 24 headers (three parts), as `edit` changes them.
    auto list = [](const std::function<void(std::vector<cache::WrapperRow>&)>& edit) {
        std::vector<cache::WrapperRow> rows;
        for (int h = 0; h < 24; ++h) {
            for (const char* w : {"a", "b"}) {
                const std::string name = std::string(w) + "_" + std::to_string(h);
                rows.push_back({name, "", "co_wrapper", "/h/h" + std::to_string(h) + ".h", 3, 0, 10,
                                cache::hash_bytes(name), "int co_wrapper " + name + " ( ) ;"});
            }
        }
        edit(rows);
        std::int64_t at = 100;
        for (cache::WrapperRow& w : rows) {
            w.start = at;
            at += w.length + 5;
        }
        return cache::encode_wrapper_list(rows);
    };
    auto find = [](std::vector<cache::WrapperRow>& rows, const std::string& name) {
        return std::find_if(rows.begin(), rows.end(),
                            [&](const cache::WrapperRow& w) { return w.name == name; });
    };
    cache::Store store = cache::Store::for_generate(db_path);
    cache::RunRecord r = record("/o/a.c", "", "a_0", "/h/h0.h");
    r.wrapper_list = list([](auto&) {});
    store.store(r);

    r.wrapper_list = list([&](std::vector<cache::WrapperRow>& rows) {
        rows.erase(find(rows, "b_2"));                                 // part 0
        find(rows, "a_10")->text = "int co_wrapper a_10 ( int x ) ;";  // part 1
        find(rows, "a_10")->checksum = cache::hash_bytes("a_10 now");
        cache::WrapperRow moved = *find(rows, "b_5");  // from part 0 to part 1, unchanged
        rows.erase(find(rows, "b_5"));
        moved.header = "/h/h13.h";
        rows.insert(find(rows, "a_14"), moved);
        cache::WrapperRow added = *find(rows, "a_20");  // part 2
        added.name = "c_20";
        rows.insert(find(rows, "a_21"), added);
    });
    store.store(r);
    cache::RunEntry run = store.runs_of("/o/a.c", 1).at(0);
    EXPECT_EQ(run.added, std::vector<std::string>{"c_20"});
    EXPECT_EQ(run.removed, std::vector<std::string>{"b_2"});
    EXPECT_EQ(run.changed, std::vector<std::string>{"a_10"});
    ASSERT_EQ(run.texts.size(), 1u);
    EXPECT_EQ(run.texts[0].after, "int co_wrapper a_10 ( int x ) ;");
    EXPECT_EQ(store.wrapper_list("/o/a.c"), r.wrapper_list);

    // Another header among the paths: the lists are compared whole.
    r.wrapper_list = list([&](std::vector<cache::WrapperRow>& rows) {
        for (cache::WrapperRow& w : rows) {
            w.header = w.header == "/h/h0.h" ? "/h/renamed.h" : w.header;
        }
    });
    store.store(r);
    run = store.runs_of("/o/a.c", 1).at(0);
    EXPECT_EQ(run.added, std::vector<std::string>{"b_2"});
    EXPECT_EQ(run.removed, std::vector<std::string>{"c_20"});
    EXPECT_EQ(run.changed, std::vector<std::string>{"a_10"});
    EXPECT_EQ(store.wrapper_list("/o/a.c"), r.wrapper_list);
}

// A row from before schema 8 holds its whole list and no part: it is read as it is, and the
// next record of its output replaces it with a head and parts.
TEST_F(CacheStore, ARowWithItsWholeListIsReadAndThenSplit) {
    cache::Store store = cache::Store::for_generate(db_path);
    cache::RunRecord r = record("/o/a.c", "", "w_a", "/h/a.h");
    store.store(r);
    const std::string whole = *r.wrapper_list;
    {
        cache::Database db = raw_db(true);
        db.exec("DELETE FROM list_parts");
        cache::Statement(db, "UPDATE outputs SET wrappers = ?1").bind_blob(1, whole).run();
    }
    EXPECT_EQ(store.wrapper_list("/o/a.c"), whole);
    r.wrapper_list = cache::encode_wrapper_list(std::vector<cache::WrapperRow>{
        {"w_b", "", "co_wrapper", "/h/a.h", 3, 0, 10, cache::hash_bytes("b"), "b"}});
    store.store(r);
    EXPECT_EQ(store.wrapper_list("/o/a.c"), r.wrapper_list);
    EXPECT_EQ(raw_db().query_int("SELECT count(*) FROM list_parts"), 1);
    EXPECT_LT(raw_db().query_int("SELECT length(wrappers) FROM outputs"),
              static_cast<std::int64_t>(r.wrapper_list->size()));
    EXPECT_EQ(store.runs_of("/o/a.c", 1)[0].added, std::vector<std::string>{"w_b"});
}

}  // namespace
}  // namespace cowrap
