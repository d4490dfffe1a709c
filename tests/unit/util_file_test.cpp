#include <gtest/gtest.h>
#include <stdlib.h>

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

}  // namespace
}  // namespace cowrap
