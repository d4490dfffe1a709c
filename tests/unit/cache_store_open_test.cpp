// Store::for_generate's checks (cache/store.hpp): the file's header, network filesystems.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <array>
#include <filesystem>
#include <string>
#include <vector>

#include "cache/pending.hpp"
#include "cache/sqlite.hpp"
#include "cache/store.hpp"
#include "cache_test_fixture.hpp"

namespace cowrap {
namespace {

class CacheOpen : public test::CacheTest {};

// A VFS that is SQLite's own but counts the syncs (fsync, fdatasync) it asks of files and notes
// the files it opens: each file's methods are SQLite's, with xSync swapped for a counter that
// calls the original.
class WatchingVfs {
public:
    WatchingVfs() {
        real_ = sqlite3_vfs_find(nullptr);
        vfs_ = *real_;
        vfs_.zName = "cowrap-sync-counter";
        vfs_.pAppData = this;
        vfs_.xOpen = open;
        sqlite3_vfs_register(&vfs_, /*makeDflt=*/1);
        self() = this;
    }
    ~WatchingVfs() {
        sqlite3_vfs_register(real_, 1);
        sqlite3_vfs_unregister(&vfs_);
        self() = nullptr;
    }
    WatchingVfs(const WatchingVfs&) = delete;
    WatchingVfs& operator=(const WatchingVfs&) = delete;
    int syncs = 0;
    std::vector<std::string> opened;  // by name (temporary files have none)

private:
    static WatchingVfs*& self() {
        static WatchingVfs* current = nullptr;
        return current;
    }
    static int open(sqlite3_vfs* vfs, const char* name, sqlite3_file* file, int flags,
                    int* out_flags) {
        WatchingVfs& c = *static_cast<WatchingVfs*>(vfs->pAppData);
        if (name != nullptr) {
            c.opened.emplace_back(name);
        }
        const int rc = c.real_->xOpen(c.real_, name, file, flags, out_flags);
        if (rc == SQLITE_OK && file->pMethods != nullptr) {
            file->pMethods = c.patched(file->pMethods);
        }
        return rc;
    }
    static int sync(sqlite3_file* file, int flags) {
        WatchingVfs& c = *self();
        ++c.syncs;
        for (const Pair& p : c.methods_) {
            if (file->pMethods == &p.patched) {
                return p.original->xSync(file, flags);
            }
        }
        return SQLITE_IOERR_FSYNC;
    }
    const sqlite3_io_methods* patched(const sqlite3_io_methods* original) {
        for (Pair& p : methods_) {
            if (p.original == original || p.original == nullptr) {
                p.original = original;
                p.patched = *original;
                p.patched.xSync = sync;
                return &p.patched;
            }
        }
        return original;
    }
    struct Pair {
        const sqlite3_io_methods* original = nullptr;
        sqlite3_io_methods patched{};
    };
    sqlite3_vfs* real_;
    sqlite3_vfs vfs_;
    std::array<Pair, 8> methods_{};
};

// The policy (cache/store_open.cpp): a build never waits for the disk, not even the run that
// creates the cache. Its switch to WAL commits through a rollback journal, which synced four
// times while `synchronous` was still on.
TEST_F(CacheOpen, CreatingACacheNeverSyncs) {
    WatchingVfs counter;
    { cache::Store store = cache::Store::for_generate(db_path); }
    EXPECT_TRUE(cache::ready_for_generate(db_path));
    EXPECT_EQ(counter.syncs, 0);
    // Nor do runs: a cold one (its record pending), then edits of the output, which fold the
    // journal and store at once, as the database grows.
    for (int edit = 0; edit < 3; ++edit) {
        const std::string name = "bdrv_a" + std::to_string(edit);
        Source h = source("a.h", "int co_wrapper " + name + "(BlockDriverState *bs);\n");
        ASSERT_TRUE(run("out.c", {h}, {{wrapper("a.h", name)}}).ok());
    }
    EXPECT_GT(raw_db().query_int("SELECT count(*) FROM runs"), 0);
    EXPECT_EQ(counter.syncs, 0);
    // The counter counts: a connection that keeps SQLite's default does sync.
    {
        cache::Database db(path("default.db"), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, 1000);
        db.exec("CREATE TABLE t(x)");
    }
    EXPECT_GT(counter.syncs, 0);
}

// A new cache's first run writes the database whole, without SQLite: made through it, the first
// commit created and removed a rollback journal, a WAL and its index, a quarter of a small
// shard's run. The run leaves its record pending, as any cold run.
TEST_F(CacheOpen, ANewCacheIsMadeWithoutJournals) {
    WatchingVfs vfs;
    may_defer = true;
    Source h = source("a.h", "int co_wrapper bdrv_a(BlockDriverState *bs);\n");
    ASSERT_TRUE(run("out.c", {h}, {{wrapper("a.h", "bdrv_a")}}).ok());
    EXPECT_EQ(vfs.opened, std::vector<std::string>{});
    EXPECT_TRUE(cache::ready_for_generate(db_path));
    EXPECT_EQ(cache::count_pending_runs(db_path), 1u);
    for (const char* suffix : {"-journal", "-wal", "-shm"}) {
        EXPECT_FALSE(std::filesystem::exists(db_path + suffix)) << suffix;
    }
    EXPECT_EQ(warnings.str(), "");
    // The watcher sees SQLite's files: the next run opens the database to look up.
    ASSERT_TRUE(run("out.c", {h}, {{wrapper("a.h", "bdrv_a")}}).ok());
    EXPECT_NE(vfs.opened, std::vector<std::string>{});
    EXPECT_EQ(cache::count_pending_runs(db_path), 0u);
}

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
