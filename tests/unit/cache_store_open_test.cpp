// Store::for_generate's checks (cache/store.hpp): the file's header, network filesystems.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>

#include "cache/sqlite.hpp"
#include "cache/store.hpp"
#include "cache_test_fixture.hpp"

namespace cowrap {
namespace {

class CacheOpen : public test::CacheTest {};

// Store::for_generate skips its checks when the header already answers them.
TEST_F(CacheOpen, TheFileHeaderSaysWhoseDatabaseAndWhichJournal) {
    { session("out.c"); }
    std::optional<cache::FileHeader> ours = cache::check_file_header(db_path);
    ASSERT_TRUE(ours.has_value());
    EXPECT_EQ(ours->application_id, static_cast<std::uint32_t>(cache::application_id));
    EXPECT_TRUE(ours->wal);

    const std::string other = path("other.db");
    {
        cache::Database db(other, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, 1000);
        db.exec("PRAGMA application_id = 42; CREATE TABLE t(x)");
    }
    std::optional<cache::FileHeader> theirs = cache::check_file_header(other);
    ASSERT_TRUE(theirs.has_value());
    EXPECT_EQ(theirs->application_id, 42u);
    EXPECT_FALSE(theirs->wal);

    write("text.db", std::string(200, 'x'));
    EXPECT_FALSE(cache::check_file_header(path("text.db")).has_value());
    write("empty.db", "");
    EXPECT_FALSE(cache::check_file_header(path("empty.db")).has_value());

    std::filesystem::resize_file(other, 1024);
    EXPECT_THROW(cache::check_file_header(other), cache::Error);
}

TEST_F(CacheOpen, NetworkFilesystemsAreRecognised) {
    EXPECT_EQ(cache::network_filesystem_name(0x6969), "nfs");
    EXPECT_EQ(cache::network_filesystem_name(static_cast<long>(0xff534d42L)), "cifs");
    EXPECT_EQ(cache::network_filesystem_name(0xef53), std::nullopt);      // ext4
    EXPECT_EQ(cache::network_filesystem_name(0x01021994), std::nullopt);  // tmpfs
}

}  // namespace
}  // namespace cowrap
