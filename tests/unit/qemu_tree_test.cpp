#include "core/qemu_tree.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

namespace cowrap {
namespace {

namespace fs = std::filesystem;

class QemuTree : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("cowrap-tree-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        dir_ = fs::canonical(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    // A QEMU-like tree at `rel`: the version file and the usual layout.
    fs::path tree(const std::string& rel, const std::string& file = "VERSION",
                  const std::string& version = "8.0.50\n") {
        fs::path root = dir_ / rel;
        fs::create_directories(root / "include" / "block");
        fs::create_directories(root / "block");
        std::ofstream(root / file) << version;
        std::ofstream(root / "include" / "block" / "io.h") << "\n";
        return root;
    }

    fs::path dir_;
};

TEST_F(QemuTree, NearestAncestorWithVersionAndLayoutIsTheRoot) {
    fs::path root = tree("qemu");
    EXPECT_EQ(qemu_tree_root((root / "include/block/io.h").string()), root.string());
    EXPECT_EQ(qemu_tree_root((root / "block/coroutines.h").string()), root.string());
    // Through "../" from a build folder, and a nested tree wins over an outer one.
    fs::create_directories(root / "build");
    EXPECT_EQ(qemu_tree_root((root / "build/../include/block/io.h").string()), root.string());
    fs::path inner = tree("qemu/subprojects/vendor");
    EXPECT_EQ(qemu_tree_root((inner / "include/block/io.h").string()), inner.string());
}

TEST_F(QemuTree, VersionAloneOrLayoutAloneIsNoRoot) {
    fs::create_directories(dir_ / "a/include/block");
    std::ofstream(dir_ / "a/VERSION") << "8.0.0\n";  // no block/
    EXPECT_EQ(qemu_tree_root((dir_ / "a/include/block/x.h").string()), std::nullopt);
    fs::create_directories(dir_ / "b/include/block");
    fs::create_directories(dir_ / "b/block");  // no VERSION
    EXPECT_EQ(qemu_tree_root((dir_ / "b/include/block/x.h").string()), std::nullopt);
    EXPECT_EQ(qemu_tree_root((dir_ / "missing/x.h").string()), std::nullopt);
}

TEST_F(QemuTree, VersionQemuServesWhenThereIsNoVersion) {
    fs::path root = tree("vendor", "VERSION.QEMU", "  7.2.50  \n8.0\n");
    EXPECT_EQ(qemu_tree_root((root / "include/block/io.h").string()), root.string());
    TreeVersion v = read_tree_version(root.string());
    EXPECT_TRUE(v.readable);
    EXPECT_EQ(v.file, (root / "VERSION.QEMU").string());
    EXPECT_EQ(v.content, "7.2.50");  // first line, trimmed
}

TEST_F(QemuTree, AnEmptyVersionIsReadAsEmpty) {
    fs::path root = tree("empty", "VERSION", "");
    TreeVersion v = read_tree_version(root.string());
    EXPECT_TRUE(v.readable);
    EXPECT_EQ(v.content, "");
    EXPECT_EQ(v.file, (root / "VERSION").string());
}

TEST_F(QemuTree, AMissingVersionFileIsUnreadable) {
    TreeVersion v = read_tree_version((dir_ / "nothing").string());
    EXPECT_FALSE(v.readable);
    EXPECT_EQ(v.file, (dir_ / "nothing" / "VERSION.QEMU").string());
}

TEST_F(QemuTree, PathsRelativeToTheRootWhateverTheWorkingFolder) {
    fs::path root = tree("qemu");
    fs::create_directories(dir_ / "qemu/build/sub");
    EXPECT_EQ(path_in_tree((root / "build/sub/../../include/block/io.h").string(), root.string()),
              "include/block/io.h");
    // A symlinked folder leads to the file it really is.
    fs::create_directory_symlink(root / "include", dir_ / "inc-link");
    EXPECT_EQ(path_in_tree((dir_ / "inc-link/block/io.h").string(), root.string()),
              "include/block/io.h");
    EXPECT_EQ(path_in_tree((dir_ / "other.h").string(), root.string()), std::nullopt);
    EXPECT_EQ(relative_to_root((dir_ / "other.h").string(), root.string()), "../other.h");
}

}  // namespace
}  // namespace cowrap
