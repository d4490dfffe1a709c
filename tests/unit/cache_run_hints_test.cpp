// The run-key hints file, PATH.pending/keys (cache/run_hints.hpp): its slots, and every way it can
// be wrong reading as "unknown", never as another output's key.
#include "cache/run_hints.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "cache/pending.hpp"
#include "cache_test_fixture.hpp"

namespace cowrap {
namespace {

namespace fs = std::filesystem;

class CacheRunHints : public test::CacheTest {
public:
    void SetUp() override {
        CacheTest::SetUp();
        fs::create_directories(cache::pending_folder(db_path));
    }
    std::string keys() const { return cache::run_hints_path(db_path); }
    static cache::Key key(unsigned char b) {
        cache::Key k;
        k.bytes.fill(b);
        return k;
    }
    cache::RunHint hint(const std::string& output) const {
        return cache::read_run_hint(db_path, path(output));
    }
    bool put(const std::string& output, const std::optional<cache::Key>& k) const {
        return cache::write_run_hint(db_path, path(output), k);
    }
    // Flips one byte of the file at `offset`.
    void flip(std::uintmax_t offset) const {
        std::fstream f(keys(), std::ios::in | std::ios::out | std::ios::binary);
        f.seekg(static_cast<std::streamoff>(offset));
        char c = 0;
        f.get(c);
        f.seekp(static_cast<std::streamoff>(offset));
        f.put(static_cast<char>(c ^ 0x40));
    }
    // The offset of the slot that names `output` (its bucket's first or second).
    std::uintmax_t slot_of(const std::string& output) const {
        const std::uintmax_t bucket = cache::run_hint_bucket(path(output)) * 64;
        const cache::RunHint before = hint(output);
        flip(bucket);
        const bool first = !hint(output).known;
        flip(bucket);
        EXPECT_EQ(hint(output).run_key, before.run_key);
        return first ? bucket : bucket + 32;
    }
};

TEST_F(CacheRunHints, ASlotGivesTheKeyItWasWrittenWith) {
    EXPECT_FALSE(hint("a.c").known);  // no file
    ASSERT_TRUE(put("a.c", key(1)));
    EXPECT_TRUE(hint("a.c").known);
    EXPECT_EQ(hint("a.c").run_key, key(1));
    EXPECT_FALSE(hint("a.c").differs_from(key(1)));
    EXPECT_TRUE(hint("a.c").differs_from(key(2)));
    EXPECT_FALSE(hint("b.c").known);  // no slot for it
    EXPECT_FALSE(hint("b.c").differs_from(key(2)));
    // A run with diagnostics leaves no key: every lookup misses.
    ASSERT_TRUE(put("a.c", std::nullopt));
    EXPECT_TRUE(hint("a.c").known);
    EXPECT_TRUE(hint("a.c").differs_from(key(1)));
    ASSERT_TRUE(put("a.c", key(3)));
    EXPECT_EQ(hint("a.c").run_key, key(3));
    // The whole table, as holes.
    EXPECT_EQ(fs::file_size(keys()), cache::run_hint_buckets * 64);
    struct stat st {};
    ASSERT_EQ(::stat(keys().c_str(), &st), 0);
    EXPECT_LT(st.st_blocks * 512, static_cast<blkcnt_t>(cache::run_hint_buckets * 64));
    cache::remove_run_hints(db_path);
    EXPECT_FALSE(fs::exists(keys()));
}

TEST_F(CacheRunHints, ADamagedSlotOrFileIsUnknown) {
    ASSERT_TRUE(put("a.c", key(1)));
    const std::uintmax_t slot = slot_of("a.c");
    for (std::uintmax_t at : {slot, slot + 8, slot + 23, slot + 24, slot + 31}) {
        flip(at);
        EXPECT_FALSE(hint("a.c").known) << "byte " << at - slot;
        flip(at);
        EXPECT_EQ(hint("a.c").run_key, key(1));
    }
    // Cut short: unknown, and the next write makes the table whole again.
    fs::resize_file(keys(), slot + 16);
    EXPECT_FALSE(hint("a.c").known);
    ASSERT_TRUE(put("a.c", key(2)));
    EXPECT_EQ(hint("a.c").run_key, key(2));
    // Another program's bytes, or another format of this one: nothing reads as a slot.
    {
        std::string noise(cache::run_hint_buckets * 64, '\0');
        for (std::size_t i = 0; i < noise.size(); ++i) {
            noise[i] = static_cast<char>((i * 2654435761u) >> 13);
        }
        std::ofstream(keys(), std::ios::binary | std::ios::trunc) << noise;
    }
    EXPECT_FALSE(hint("a.c").known);
    ASSERT_TRUE(put("a.c", key(4)));
    EXPECT_EQ(hint("a.c").run_key, key(4));
}

TEST_F(CacheRunHints, ALinkOrAnotherUsersFileIsNeitherReadNorWritten) {
    ASSERT_TRUE(put("a.c", key(1)));
    fs::rename(keys(), path("victim"));
    fs::create_symlink(path("victim"), keys());
    EXPECT_FALSE(hint("a.c").known);
    EXPECT_FALSE(put("a.c", key(2)));
    fs::remove(keys());
    fs::rename(path("victim"), keys());
    EXPECT_EQ(hint("a.c").run_key, key(1));  // the link's target was not written
    // A file it cannot write is not read either: its hints could never be kept up to date.
    ::chmod(keys().c_str(), 0444);
    if (::access(keys().c_str(), W_OK) != 0) {
        EXPECT_FALSE(hint("a.c").known);
    }
    ::chmod(keys().c_str(), 0644);
    if (::geteuid() == 0) {  // only root can give a file away
        ASSERT_EQ(::chown(keys().c_str(), 65534, 65534), 0);
        EXPECT_FALSE(hint("a.c").known);
        EXPECT_FALSE(put("a.c", key(2)));
    }
}

// Outputs that share a bucket each keep a slot; a third takes one of theirs, and whichever lost
// its slot reads as unknown, never as another output's key.
TEST_F(CacheRunHints, OutputsThatShareABucket) {
    std::vector<std::string> same;
    std::map<std::size_t, std::string> seen;
    for (int i = 0; same.empty(); ++i) {
        const std::string name = "out" + std::to_string(i) + ".c";
        auto [it, added] = seen.emplace(cache::run_hint_bucket(path(name)), name);
        if (!added) {
            same = {it->second, name};
        }
    }
    const std::size_t bucket = cache::run_hint_bucket(path(same[0]));
    for (int i = 0; same.size() < 3; ++i) {
        const std::string name = "third" + std::to_string(i) + ".c";
        if (cache::run_hint_bucket(path(name)) == bucket) {
            same.push_back(name);
        }
    }
    ASSERT_TRUE(put(same[0], key(1)));
    ASSERT_TRUE(put(same[1], key(2)));
    EXPECT_EQ(hint(same[0]).run_key, key(1));
    EXPECT_EQ(hint(same[1]).run_key, key(2));
    ASSERT_TRUE(put(same[1], key(5)));  // its own slot again, not the other's
    EXPECT_EQ(hint(same[0]).run_key, key(1));
    EXPECT_EQ(hint(same[1]).run_key, key(5));
    ASSERT_TRUE(put(same[2], key(3)));
    EXPECT_EQ(hint(same[2]).run_key, key(3));
    const bool first_kept = hint(same[0]).known;
    EXPECT_NE(first_kept, hint(same[1]).known);
    EXPECT_EQ(first_kept ? hint(same[0]).run_key : hint(same[1]).run_key,
              first_kept ? key(1) : key(5));
}

// Two runs of one output racing may leave it in both slots of its bucket with different keys:
// neither is sure.
TEST_F(CacheRunHints, TwoSlotsOfOneOutputThatDisagreeAreUnknown) {
    ASSERT_TRUE(put("a.c", key(1)));
    const std::uintmax_t slot = slot_of("a.c");
    const std::uintmax_t bucket = cache::run_hint_bucket(path("a.c")) * 64;
    const std::uintmax_t other = slot == bucket ? bucket + 32 : bucket;
    std::string bytes(32, '\0');
    {
        std::ifstream in(keys(), std::ios::binary);
        in.seekg(static_cast<std::streamoff>(slot));
        in.read(bytes.data(), 32);
    }
    {
        std::fstream f(keys(), std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(static_cast<std::streamoff>(other));
        f.write(bytes.data(), 32);
    }
    EXPECT_EQ(hint("a.c").run_key, key(1));  // the same key twice
    ASSERT_TRUE(put("a.c", key(2)));         // rewrites one of them
    EXPECT_FALSE(hint("a.c").known);
}

}  // namespace
}  // namespace cowrap
