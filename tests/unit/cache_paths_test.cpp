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

}  // namespace
}  // namespace cowrap
