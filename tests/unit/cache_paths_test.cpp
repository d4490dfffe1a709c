#include "cache/paths.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "cache_test_fixture.hpp"

namespace cowrap {
namespace {

namespace fs = std::filesystem;

using CachePaths = test::CacheTest;

// What the cache calls a file is what std::filesystem's weakly_canonical calls it, whether
// the file, its folder or neither exists, through symbolic links, relative or absolute.
TEST_F(CachePaths, AbsolutePathIsTheWeaklyCanonicalPath) {
    fs::create_directories(dir + "/real/sub");
    std::ofstream(dir + "/real/sub/a.h") << "x";
    fs::create_directory_symlink(dir + "/real", dir + "/link");
    std::ofstream(dir + "/real/with space\nand newline.c") << "x";
    const fs::path before = fs::current_path();
    fs::current_path(dir + "/real");
    for (const std::string& p :
         {dir + "/real/sub/a.h", dir + "/link/sub/a.h", dir + "/link/sub/missing.c",
          dir + "/link/missing/b.c", dir + "/real/sub/../sub/a.h", dir + "/link/sub/.",
          dir + "/link/sub/..", dir + "/real/with space\nand newline.c", std::string("sub/a.h"),
          std::string("sub/new.c"), std::string("new.c"), std::string("./new.c"),
          std::string("gone/new.c"), std::string("/")}) {
        const fs::path expected = fs::weakly_canonical(fs::absolute(p));
        EXPECT_EQ(cache::absolute_path(p), expected.string()) << p;
    }
    fs::current_path(before);
}

// A run's paths, resolved a folder at a time, are what absolute_path makes of each, a file that
// is a symbolic link of its own included, asked twice or not.
TEST_F(CachePaths, PathsResolvedByFolderAreTheAbsolutePaths) {
    fs::create_directories(dir + "/real/sub");
    std::ofstream(dir + "/real/sub/a.h") << "x";
    std::ofstream(dir + "/real/b.h") << "x";
    fs::create_directory_symlink(dir + "/real", dir + "/link");
    fs::create_symlink(dir + "/real/b.h", dir + "/real/sub/to-b.h");
    const fs::path before = fs::current_path();
    fs::current_path(dir + "/real");
    cache::AbsolutePaths paths;
    for (int round = 0; round < 2; ++round) {
        for (const std::string& p :
             {dir + "/link/sub/a.h", std::string("sub/to-b.h"), dir + "/link/sub/to-b.h",
              std::string("sub/a.h"), std::string("b.h"), std::string("./b.h"),
              dir + "/link/sub/missing.h", std::string("sub/.."), std::string("/"),
              dir + "/link/sub/a.h"}) {
            EXPECT_EQ(paths.of(p), cache::absolute_path(p)) << p;
        }
    }
    fs::current_path(before);
}

}  // namespace
}  // namespace cowrap
