// The name digest (cache/name_digest.hpp): the cross-shard rule's filter.
#include "cache/name_digest.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cache/pending.hpp"
#include "cache/wrapper_list.hpp"
#include "cache_test_fixture.hpp"

namespace cowrap {
namespace {

namespace fs = std::filesystem;

class CacheNameDigest : public test::CacheTest {
public:
    std::string pending() const { return cache::pending_folder(db_path); }
};

TEST_F(CacheNameDigest, TheDigestSkipsTheRunsOwnHeadersAndSurvivesATornTail) {
    fs::create_directories(pending());
    // No digest: anything may clash, so the run asks the database.
    EXPECT_TRUE(cache::digest_may_clash(pending(), {cache::digest_hash("bdrv_a")}, {}));
    std::ofstream(cache::digest_path(pending()), std::ios::binary).flush();

    cache::WrapperRow a;
    a.name = "bdrv_a";
    a.header = "/h/a.h";
    cache::append_to_digest(pending(), cache::encode_wrapper_list(std::vector{a}));
    const auto name = cache::digest_hash("bdrv_a");
    const auto own = cache::digest_hash("/h/a.h");
    const auto other = cache::digest_hash("/h/b.h");
    EXPECT_FALSE(cache::digest_may_clash(pending(), {name}, {own}));
    EXPECT_TRUE(cache::digest_may_clash(pending(), {name}, {other}));
    EXPECT_FALSE(cache::digest_may_clash(pending(), {cache::digest_hash("bdrv_b")}, {other}));
    EXPECT_FALSE(cache::digest_may_clash(pending(), {}, {other}));

    // A writer killed mid-entry: readers ignore the tail, the next writer cuts it.
    std::ofstream(cache::digest_path(pending()), std::ios::binary | std::ios::app) << "torn";
    EXPECT_TRUE(cache::digest_may_clash(pending(), {name}, {other}));
    cache::WrapperRow b;
    b.name = "bdrv_b";
    b.header = "/h/b.h";
    cache::append_to_digest(pending(), cache::encode_wrapper_list(std::vector{b}));
    EXPECT_EQ(fs::file_size(cache::digest_path(pending())), 32u);
    EXPECT_TRUE(cache::digest_may_clash(pending(), {cache::digest_hash("bdrv_b")}, {own}));

    // Far into a large digest (it is read in chunks of 1024 entries).
    std::vector<cache::WrapperRow> many(2500, b);
    for (std::size_t i = 0; i < many.size(); ++i) {
        many[i].name = test::kept("bdrv_many_" + std::to_string(i));
    }
    many.back().name = "bdrv_last";
    cache::append_to_digest(pending(), cache::encode_wrapper_list(many));
    EXPECT_TRUE(cache::digest_may_clash(pending(), {cache::digest_hash("bdrv_last")}, {own}));
    EXPECT_TRUE(cache::digest_may_clash(pending(), {cache::digest_hash("bdrv_many_1500")}, {own}));
    EXPECT_FALSE(cache::digest_may_clash(pending(), {cache::digest_hash("bdrv_none")}, {own}));
}

}  // namespace
}  // namespace cowrap
