#include "cache/wrapper_list.hpp"

#include <gtest/gtest.h>

#include "cache/key.hpp"

namespace cowrap {
namespace {

std::vector<cache::WrapperRow> sample() {
    return {
        {"bdrv_a", "bdrv_co_a", "co_wrapper", "/h/a.h", 7, 100, 50, cache::hash_bytes("a"),
         "int co_wrapper bdrv_a ( BlockDriverState * bs ) ;"},
        {"bdrv_b", "bdrv_co_b", "co_wrapper_mixed_bdrv_rdlock", "/h/b.h", 9, 150, 60,
         cache::hash_bytes("b"), ""},
        {"bdrv_c", "bdrv_co_c", "no_co_wrapper", "/h/a.h", 12, 210, 70, cache::hash_bytes("c"),
         "x"},
    };
}

TEST(CacheWrapperList, RoundTripsWithEachHeaderOnce) {
    const std::string bytes = cache::encode_wrapper_list(sample());
    EXPECT_EQ(cache::decode_wrapper_list(bytes), sample());
    // Two of the three wrappers share a header, written once.
    std::size_t at = 0;
    int copies = 0;
    while ((at = bytes.find("/h/a.h", at)) != std::string::npos) {
        ++copies;
        ++at;
    }
    EXPECT_EQ(copies, 1);
    EXPECT_EQ(
        cache::decode_wrapper_list(cache::encode_wrapper_list(std::vector<cache::WrapperRow>{})),
        std::vector<cache::WrapperRow>{});
}

TEST(CacheWrapperList, AnythingElseIsNoList) {
    const std::string bytes = cache::encode_wrapper_list(sample());
    EXPECT_FALSE(cache::decode_wrapper_list(""));  // an output recorded before schema 7
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        EXPECT_FALSE(cache::decode_wrapper_list(bytes.substr(0, i))) << "length " << i;
    }
    EXPECT_FALSE(cache::decode_wrapper_list(bytes + "x"));
    std::string other = bytes;
    other[0] = 2;  // a version this cowrap does not know
    EXPECT_FALSE(cache::decode_wrapper_list(other));
    // A header index past the paths: after the version, the count and the two paths (7 bytes
    // each), the count of wrappers and the first wrapper's three strings.
    std::string bad = bytes;
    const std::size_t index = 1 + 1 + 2 * 7 + 1 + 7 + 10 + 11;
    ASSERT_EQ(bad[index], 0);
    bad[index] = 5;
    EXPECT_FALSE(cache::decode_wrapper_list(bad));
}

}  // namespace
}  // namespace cowrap
