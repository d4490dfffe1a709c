#include "cache/previous_state.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "cache/key.hpp"
#include "cache_test_fixture.hpp"

namespace cowrap {
namespace {

using CachePreviousState = test::CacheTest;

// Past the coarse clock's tick (a few milliseconds): a file written before it is settled.
void wait_a_tick() {
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
}

std::string hash_of(std::string_view bytes) {
    const cache::Key k = cache::hash_bytes(bytes);
    return std::string(reinterpret_cast<const char*>(k.bytes.data()), k.bytes.size());
}

TEST_F(CachePreviousState, NoFileIsAnEmptyStateThatNoFileIsIn) {
    const std::string out = path("out.c");
    EXPECT_EQ(cache::previous_state(out, std::nullopt, {}), "");
    write("out.c", "int x;\n");
    EXPECT_FALSE(cache::is_previous_state("", out, "int x;\n"));
}

// An old output the run did not read is named by its stamp, not read and hashed: it is in that
// state until anything changes it, a rewrite with the same bytes included.
TEST_F(CachePreviousState, ASettledFileIsNamedByItsStampUntilItChanges) {
    const std::string out = path("out.c");
    write("out.c", "old output\n");
    wait_a_tick();
    const std::string state = cache::previous_state(out, std::nullopt, {});
    ASSERT_NE(state.size(), 16u);
    ASSERT_FALSE(state.empty());
    EXPECT_NE(state, hash_of("old output\n"));
    EXPECT_TRUE(cache::is_previous_state(state, out, "old output\n"));
    write("out.c", "old output\n");
    EXPECT_FALSE(cache::is_previous_state(state, out, "old output\n"));
}

// A file changed within the tick of the look may change again in it without a new ctime: it
// is hashed, and so is one the run has read (from memory), as long as it is what was read.
TEST_F(CachePreviousState, AFreshOrReadFileIsNamedByTheHashOfItsBytes) {
    const std::string out = path("out.c");
    write("out.c", "fresh\n");
    EXPECT_EQ(cache::previous_state(out, std::nullopt, {}), hash_of("fresh\n"));
    EXPECT_TRUE(cache::is_previous_state(hash_of("fresh\n"), out, "fresh\n"));
    EXPECT_FALSE(cache::is_previous_state(hash_of("fresh\n"), out, "edited\n"));

    wait_a_tick();
    const util::FileStamp identity = util::stamp_of(out);
    EXPECT_EQ(cache::previous_state(out, std::string("what was read\n"), identity),
              hash_of("what was read\n"));
    write("out.c", "changed since\n");  // the identity no longer holds: looked at again
    // By its hash, or by its stamp when a clock tick passed since the write (then settled):
    // either way the state names the file as it is now, not the bytes read.
    const std::string again = cache::previous_state(out, std::string("what was read\n"), identity);
    EXPECT_NE(again, hash_of("what was read\n"));
    EXPECT_TRUE(cache::is_previous_state(again, out, "changed since\n"));
}

}  // namespace
}  // namespace cowrap
