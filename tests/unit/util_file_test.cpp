#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "util/file.hpp"

namespace cowrap {
namespace {

namespace fs = std::filesystem;

class UtilFile : public ::testing::Test {
protected:
    void SetUp() override {
        std::string tmpl = (fs::temp_directory_path() / "cowrap-file-XXXXXX").string();
        ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
        dir = tmpl;
    }
    void TearDown() override { fs::remove_all(dir); }
    std::string dir;
};

// The stamp a read gives is the file's own, and it is settled once the file's last change is a
// clock tick older than the read (ticks are a few milliseconds).
TEST_F(UtilFile, AReadGivesTheStampOfTheFileItRead) {
    const std::string p = dir + "/a.h";
    std::ofstream(p) << "abc\n";
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    util::FileStamp stamp;
    std::string error;
    ASSERT_TRUE(util::read_file(p, 1024, "a header", error, util::Links::follow, &stamp));
    EXPECT_TRUE(stamp.settled);
    EXPECT_EQ(stamp.size, 4);
    EXPECT_TRUE(stamp.same_file_state(util::stamp_of(p)));

    std::ofstream(p) << "abcd\n";
    EXPECT_FALSE(stamp.same_file_state(util::stamp_of(p)));
    fs::remove(p);
    EXPECT_EQ(util::stamp_of(p).inode, 0);
}

// Without following a link, a link has no stamp: the caller looks again, at the file.
TEST_F(UtilFile, AStampThatRefusesLinksHasNoneForALink) {
    const std::string p = dir + "/a.h";
    std::ofstream(p) << "abc\n";
    fs::create_symlink(p, dir + "/link.h");
    EXPECT_TRUE(util::stamp_of(p, util::Links::refuse).same_file_state(util::stamp_of(p)));
    EXPECT_EQ(util::stamp_of(dir + "/link.h", util::Links::refuse).inode, 0);
    EXPECT_TRUE(util::stamp_of(dir + "/link.h").same_file_state(util::stamp_of(p)));
}

// Pieces written by one gathered write arrive whole and in order, empty ones included, also
// through a pipe whose reader takes less than a piece at a time.
TEST_F(UtilFile, AFileIsReadInOrderInPiecesOfOneBuffer) {
    const std::string p = dir + "/big";
    std::string all;
    for (int i = 0; all.size() < 300000; ++i) {
        all += std::to_string(i) + ',';
    }
    std::ofstream(p, std::ios::binary) << all;
    const util::UniqueFd fd(::open(p.c_str(), O_RDONLY));
    std::string read;
    ASSERT_TRUE(util::read_pieces(fd.get(), [&](std::string_view piece) {
        EXPECT_LE(piece.size(), std::size_t{65536});
        read += piece;
        return true;
    }));
    EXPECT_EQ(read, all);
    // A limit reads that much; one past the end is a failure; a taker that stops stops it.
    read.clear();
    EXPECT_TRUE(util::read_pieces(
        fd.get(),
        [&](std::string_view piece) {
            read += piece;
            return true;
        },
        100001));
    EXPECT_EQ(read, all.substr(0, 100001));
    EXPECT_FALSE(util::read_pieces(
        fd.get(), [](std::string_view) { return true; }, all.size() + 1));
    int calls = 0;
    EXPECT_FALSE(util::read_pieces(fd.get(), [&](std::string_view) { return ++calls > 1; }));
    EXPECT_EQ(calls, 1);
}

TEST_F(UtilFile, PiecesAreWrittenWholeAndInOrder) {
    const std::string big(300 * 1024, 'b');
    const std::string_view pieces[] = {"head", "", big, "tail"};
    const std::string want = "head" + big + "tail";

    const std::string p = dir + "/journal";
    const util::UniqueFd fd = util::open_own_file(p, O_WRONLY | O_CREAT | O_APPEND);
    ASSERT_TRUE(fd);
    ASSERT_TRUE(util::write_all(fd.get(), pieces));
    ASSERT_TRUE(util::write_all(fd.get(), pieces));
    std::string error;
    EXPECT_EQ(util::read_file(p, 1 << 20, "a journal", error), want + want);

    int ends[2];
    ASSERT_EQ(::pipe(ends), 0);
    std::string got;
    std::thread reader([&] {
        char buf[1000];
        ssize_t n;
        while ((n = ::read(ends[0], buf, sizeof buf)) > 0) {
            got.append(buf, static_cast<std::size_t>(n));
        }
    });
    EXPECT_TRUE(util::write_all(ends[1], pieces));
    ::close(ends[1]);
    reader.join();
    ::close(ends[0]);
    EXPECT_EQ(got, want);
}

}  // namespace
}  // namespace cowrap
