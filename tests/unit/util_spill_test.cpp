// util/spill.hpp: bytes kept past a small buffer in a memory file, read back in order.
#include "util/spill.hpp"

#include <gtest/gtest.h>

#include <string>

namespace cowrap {
namespace {

// Bytes that differ along their length, so that a piece out of order or lost shows.
std::string numbered(std::size_t n) {
    std::string s;
    for (std::size_t i = 0; s.size() < n; ++i) {
        s += std::to_string(i) + ',';
    }
    s.resize(n);
    return s;
}

TEST(UtilSpill, BytesPastThePieceSizeComeBackInOrderInPiecesOfItAtMost) {
    const std::string all = numbered(3 * util::SpillBuffer::piece_size + 1234);
    util::SpillBuffer spill;
    // Appended in uneven runs, as an encoder flushes them.
    for (std::size_t at = 0; at < all.size(); at += 7001) {
        spill.buffer() += std::string_view(all).substr(at, 7001);
        spill.spill_if_full();
        EXPECT_LT(spill.buffer().size(), util::SpillBuffer::piece_size + 7001);
    }
    EXPECT_EQ(spill.size(), all.size());
    std::string read;
    std::size_t pieces = 0;
    ASSERT_TRUE(spill.read([&](std::string_view piece) {
        EXPECT_LE(piece.size(), util::SpillBuffer::piece_size);
        read += piece;
        ++pieces;
        return true;
    }));
    EXPECT_EQ(read, all);
    EXPECT_GT(pieces, 3u);
    // Read again, whole.
    EXPECT_EQ(spill.take(), all);
}

TEST(UtilSpill, AReaderThatStopsEndsTheRead) {
    util::SpillBuffer spill;
    spill.buffer() = numbered(2 * util::SpillBuffer::piece_size);
    spill.spill_if_full();
    spill.buffer() = "tail";
    std::size_t calls = 0;
    EXPECT_FALSE(spill.read([&](std::string_view) { return ++calls < 1; }));
    EXPECT_EQ(calls, 1u);
}

TEST(UtilSpill, FewBytesStayInTheBuffer) {
    util::SpillBuffer spill;
    spill.buffer() = "small";
    spill.spill_if_full();
    EXPECT_EQ(spill.buffer(), "small");
    EXPECT_EQ(spill.take(), "small");
}

}  // namespace
}  // namespace cowrap
