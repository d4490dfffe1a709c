#include "core/output.hpp"
#include "util/atomic_file.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace cowrap {
namespace {

namespace fs = std::filesystem;

class OutputTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string tmpl = (fs::temp_directory_path() / "cowrap-output-XXXXXX").string();
        ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
        dir_ = tmpl;
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::string read(const fs::path& p) {
        std::ifstream in(p, std::ios::binary);
        std::ostringstream s;
        s << in.rdbuf();
        return s.str();
    }
    std::size_t entries() {
        return static_cast<std::size_t>(
            std::distance(fs::directory_iterator(dir_), fs::directory_iterator()));
    }

    fs::path dir_;
};

TEST_F(OutputTest, WritesNewFile) {
    std::string error;
    fs::path out = dir_ / "a.c";
    EXPECT_EQ(write_if_changed(out.string(), "hello\n", error), WriteResult::written);
    EXPECT_EQ(read(out), "hello\n");
    EXPECT_EQ(entries(), 1u);  // no temporary file left
}

TEST_F(OutputTest, AStagedWriteChangesNothingUntilCommitted) {
    std::string error;
    fs::path out = dir_ / "a.c";
    ASSERT_EQ(write_if_changed(out.string(), "old", error), WriteResult::written);
    {
        StagedWrite w;
        ASSERT_EQ(w.stage(out.string(), "new", error), WriteResult::written);
        EXPECT_EQ(read(out), "old");
        EXPECT_EQ(entries(), 2u);  // the temporary
    }
    EXPECT_EQ(read(out), "old");  // dropped uncommitted: the temporary is gone
    EXPECT_EQ(entries(), 1u);
    StagedWrite w;
    ASSERT_EQ(w.stage(out.string(), "new", error), WriteResult::written);
    EXPECT_TRUE(w.commit(error)) << error;
    EXPECT_EQ(read(out), "new");
    EXPECT_EQ(entries(), 1u);
    StagedWrite nowhere;
    EXPECT_EQ(nowhere.stage((out / "x.d").string(), "dep", error), WriteResult::failed);
    EXPECT_NE(error.find("is not a folder"), std::string::npos) << error;
}

// For a file that must not replace another (a new cache database): a file that appears while
// the new one is staged wins, and is left as it is.
TEST_F(OutputTest, ANewFileNeverReplacesOne) {
    std::string error;
    const fs::path out = dir_ / "new.db";
    StagedWrite first;
    ASSERT_EQ(first.stage(out.string(), "mine", error), WriteResult::written);
    StagedWrite second;
    ASSERT_EQ(second.stage(out.string(), "theirs", error), WriteResult::written);
    EXPECT_EQ(second.commit_new(error), WriteResult::written) << error;
    EXPECT_EQ(first.commit_new(error), WriteResult::unchanged) << error;
    EXPECT_EQ(read(out), "theirs");
    EXPECT_EQ(entries(), 1u);  // the loser's temporary is gone
    StagedWrite nothing;
    EXPECT_EQ(nothing.commit_new(error), WriteResult::failed);
}

// Streams `text` through begin()/buffer() in pieces of `piece` bytes.
WriteResult stream(StagedWrite& w, const std::string& path, const std::string& text,
                   std::size_t piece, std::string& error) {
    if (!w.begin(path, error)) {
        return WriteResult::failed;
    }
    for (std::size_t at = 0; at < text.size(); at += piece) {
        w.buffer() += text.substr(at, piece);
        w.flush_if_full();
    }
    return w.finish(error);
}

TEST_F(OutputTest, AStreamedWriteComparesAsItGoes) {
    std::string error;
    const std::string out = (dir_ / "a.c").string();
    // Several buffers' worth, so that the comparison spans flushes.
    std::string text;
    for (int i = 0; text.size() < 3 * StagedWrite::buffer_size + 100; ++i) {
        text += "line " + std::to_string(i) + "\n";
    }
    {
        StagedWrite w;
        ASSERT_EQ(stream(w, out, text, 1000, error), WriteResult::written) << error;
        EXPECT_FALSE(fs::exists(out));  // not before commit
        ASSERT_TRUE(w.commit(error)) << error;
    }
    EXPECT_EQ(read(out), text);
    EXPECT_EQ(entries(), 1u);
    struct stat before {};
    ASSERT_EQ(::stat(out.c_str(), &before), 0);
    {
        StagedWrite w;  // the same bytes: unchanged, the temporary gone, the file untouched
        EXPECT_EQ(stream(w, out, text, 777, error), WriteResult::unchanged) << error;
        EXPECT_EQ(entries(), 1u);
    }
    struct stat after {};
    ASSERT_EQ(::stat(out.c_str(), &after), 0);
    EXPECT_EQ(before.st_ino, after.st_ino);
    // A difference in the last buffer, a longer and a shorter text all replace the file.
    for (const std::string& other :
         {text.substr(0, text.size() - 1) + "X", text + "more", text.substr(0, text.size() / 2)}) {
        StagedWrite w;
        ASSERT_EQ(stream(w, out, other, 4096, error), WriteResult::written) << error;
        ASSERT_TRUE(w.commit(error)) << error;
        EXPECT_EQ(read(out), other);
    }
    {
        StagedWrite w;  // abandoned half way (an error in a later header): nothing is left
        ASSERT_TRUE(w.begin(out, error)) << error;
        w.buffer() += text;
        w.flush_if_full();
        EXPECT_EQ(entries(), 2u);
    }
    EXPECT_EQ(entries(), 1u);
    EXPECT_EQ(read(out), text.substr(0, text.size() / 2));
    StagedWrite nowhere;
    EXPECT_FALSE(nowhere.begin((dir_ / "missing" / "a.c").string(), error));
    EXPECT_NE(error.find("does not exist"), std::string::npos) << error;
}

TEST_F(OutputTest, LeavesIdenticalFileAlone) {
    std::string error;
    fs::path out = dir_ / "a.c";
    ASSERT_EQ(write_if_changed(out.string(), "same", error), WriteResult::written);
    struct stat before {};
    ASSERT_EQ(stat(out.c_str(), &before), 0);
    EXPECT_EQ(write_if_changed(out.string(), "same", error), WriteResult::unchanged);
    struct stat after {};
    ASSERT_EQ(stat(out.c_str(), &after), 0);
    EXPECT_EQ(before.st_ino, after.st_ino);
    EXPECT_EQ(before.st_mtim.tv_nsec, after.st_mtim.tv_nsec);
    EXPECT_EQ(before.st_mtim.tv_sec, after.st_mtim.tv_sec);
}

TEST_F(OutputTest, ReplacesChangedFileAtomically) {
    std::string error;
    fs::path out = dir_ / "a.c";
    ASSERT_EQ(write_if_changed(out.string(), "old", error), WriteResult::written);
    struct stat before {};
    ASSERT_EQ(stat(out.c_str(), &before), 0);
    EXPECT_EQ(write_if_changed(out.string(), "new and longer", error), WriteResult::written);
    struct stat after {};
    ASSERT_EQ(stat(out.c_str(), &after), 0);
    EXPECT_NE(before.st_ino, after.st_ino);  // renamed into place, not rewritten in place
    EXPECT_EQ(read(out), "new and longer");
}

TEST_F(OutputTest, MissingFolderFailsWithoutCreatingAnything) {
    std::string error;
    fs::path out = dir_ / "missing" / "a.c";
    EXPECT_EQ(write_if_changed(out.string(), "x", error), WriteResult::failed);
    EXPECT_NE(error.find("does not exist"), std::string::npos);
    EXPECT_EQ(entries(), 0u);
}

TEST_F(OutputTest, UnwritableFolderLeavesOldFile) {
    std::string error;
    fs::path out = dir_ / "a.c";
    ASSERT_EQ(write_if_changed(out.string(), "old", error), WriteResult::written);
    fs::permissions(dir_, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::others_read |
                              fs::perms::others_exec);
    // Root ignores folder permissions, so the write runs as nobody in a child.
    pid_t child = fork();
    if (child == 0) {
        if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0)) {
            _exit(3);
        }
        std::string e;
        _exit(write_if_changed(out.string(), "new", e) == WriteResult::failed ? 0 : 1);
    }
    int status = 0;
    waitpid(child, &status, 0);
    fs::permissions(dir_, fs::perms::owner_all);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
    EXPECT_EQ(read(out), "old");
    EXPECT_EQ(entries(), 1u);
}

// A pid that is certainly gone: a child that has exited and been waited for.
pid_t dead_pid() {
    pid_t child = fork();
    if (child == 0) {
        _exit(0);
    }
    int status = 0;
    waitpid(child, &status, 0);
    return child;
}

// Holds a slot temporary the way a live writer does (an flock on its own open file).
struct LiveWriter {
    explicit LiveWriter(const fs::path& p, const char* text) {
        std::ofstream(p) << text;
        fd = ::open(p.c_str(), O_RDWR | O_CLOEXEC);
        locked = fd >= 0 && ::flock(fd, LOCK_EX | LOCK_NB) == 0;
    }
    ~LiveWriter() { ::close(fd); }
    int fd = -1;
    bool locked = false;
};

TEST_F(OutputTest, TakesOverADeadWritersTemporaryAndSparesLiveOnes) {
    std::string error;
    fs::path out = dir_ / "a.c";
    // A killed writer's slot (no lock held), a killed fallback writer's pid-named file, and a
    // live fallback writer's (this process).
    fs::path dead_slot = dir_ / ".a.c.tmp.0";
    fs::path stale = dir_ / (".a.c.tmp." + std::to_string(dead_pid()) + ".abcdef");
    fs::path live = dir_ / (".a.c.tmp." + std::to_string(getpid()) + ".abcdef");
    std::ofstream(dead_slot) << "partial";
    std::ofstream(stale) << "partial";
    std::ofstream(live) << "in progress";
    EXPECT_EQ(write_if_changed(out.string(), "x", error), WriteResult::written) << error;
    EXPECT_EQ(read(out), "x");
    EXPECT_FALSE(fs::exists(dead_slot));
    EXPECT_FALSE(fs::exists(stale));  // a dead writer's slot was seen: the folder is swept
    EXPECT_TRUE(fs::exists(live));
    EXPECT_EQ(entries(), 2u);
}

TEST_F(OutputTest, LeavesLiveWritersSlotsAlone) {
    std::string error;
    fs::path out = dir_ / "a.c";
    LiveWriter first(dir_ / ".a.c.tmp.0", "in progress");
    ASSERT_TRUE(first.locked);
    fs::path dead_slot = dir_ / ".a.c.tmp.2";
    std::ofstream(dead_slot) << "partial";
    EXPECT_EQ(write_if_changed(out.string(), "x", error), WriteResult::written) << error;
    EXPECT_EQ(read(out), "x");
    EXPECT_EQ(read(dir_ / ".a.c.tmp.0"), "in progress");
    EXPECT_FALSE(fs::exists(dead_slot));
    EXPECT_EQ(entries(), 2u);
    // Every slot held: the pid-named fallback, gone once committed.
    LiveWriter w1(dir_ / ".a.c.tmp.1", "1"), w2(dir_ / ".a.c.tmp.2", "2"),
        w3(dir_ / ".a.c.tmp.3", "3");
    ASSERT_TRUE(w1.locked && w2.locked && w3.locked);
    StagedWrite w;
    ASSERT_EQ(w.stage(out.string(), "y", error), WriteResult::written) << error;
    bool pid_named = false;
    const std::string prefix = ".a.c.tmp." + std::to_string(getpid()) + ".";
    for (const auto& e : fs::directory_iterator(dir_)) {
        pid_named = pid_named || e.path().filename().string().rfind(prefix, 0) == 0;
    }
    EXPECT_TRUE(pid_named);
    ASSERT_TRUE(w.commit(error)) << error;
    EXPECT_EQ(read(out), "y");
    EXPECT_EQ(read(dir_ / ".a.c.tmp.3"), "3");
    EXPECT_EQ(entries(), 5u);
}

TEST_F(OutputTest, AStagedTemporaryStaysLockedUntilCommitted) {
    std::string error;
    const std::string out = (dir_ / "a.c").string();
    // The first writer has closed its temporary (finish) but not renamed it: the second one
    // must not take it over.
    StagedWrite first;
    ASSERT_TRUE(first.begin(out, error)) << error;
    first.buffer() += "first";
    ASSERT_EQ(first.finish(error), WriteResult::written) << error;
    StagedWrite second;
    ASSERT_EQ(second.stage(out, "second", error), WriteResult::written) << error;
    EXPECT_EQ(read(dir_ / ".a.c.tmp.0"), "first");
    EXPECT_EQ(read(dir_ / ".a.c.tmp.1"), "second");
    ASSERT_TRUE(first.commit(error)) << error;
    EXPECT_EQ(read(out), "first");
    ASSERT_TRUE(second.commit(error)) << error;
    EXPECT_EQ(read(out), "second");
    EXPECT_EQ(entries(), 1u);
}

TEST_F(OutputTest, NeedsNoFolderListingWithoutSignsOfOtherWriters) {
    std::string error;
    fs::path out = dir_ / "a.c";
    // Nothing says a writer died here (no slot file): the folder is not listed, so a dead
    // fallback writer's file stays until a run sees one.
    fs::path stale = dir_ / (".a.c.tmp." + std::to_string(dead_pid()) + ".abcdef");
    std::ofstream(stale) << "partial";
    ASSERT_EQ(write_if_changed(out.string(), "x", error), WriteResult::written) << error;
    EXPECT_TRUE(fs::exists(stale));
    // An unchanged output still clears a dead writer's slot, and then sweeps.
    std::ofstream(dir_ / ".a.c.tmp.1") << "partial";
    EXPECT_EQ(write_if_changed(out.string(), "x", error), WriteResult::unchanged) << error;
    EXPECT_EQ(entries(), 1u);
}

TEST_F(OutputTest, NeverWritesThroughASlotThatIsNotItsOwnFile) {
    std::string error;
    fs::path out = dir_ / "a.c";
    fs::path precious = dir_ / "precious";
    std::ofstream(precious) << "keep";
    // A hard link, a symbolic link and a FIFO put where the slots are: none is opened for
    // writing (nor blocks the run), none is emptied or removed.
    fs::create_hard_link(precious, dir_ / ".a.c.tmp.0");
    fs::create_symlink(precious, dir_ / ".a.c.tmp.1");
    ASSERT_EQ(::mkfifo((dir_ / ".a.c.tmp.2").c_str(), 0600), 0);
    EXPECT_EQ(write_if_changed(out.string(), "x", error), WriteResult::written) << error;
    EXPECT_EQ(read(out), "x");
    EXPECT_EQ(read(precious), "keep");
    EXPECT_EQ(fs::hard_link_count(precious), 2u);
    EXPECT_TRUE(fs::is_symlink(dir_ / ".a.c.tmp.1"));
    EXPECT_TRUE(fs::is_fifo(dir_ / ".a.c.tmp.2"));
    EXPECT_EQ(entries(), 5u);
}

TEST(Depfile, EscapesMakeSpecialCharacters) {
    EXPECT_EQ(escape_make_path("a b.h"), "a\\ b.h");
    EXPECT_EQ(escape_make_path("a$b#c"), "a$$b\\#c");
    EXPECT_EQ(escape_make_path("a\\ b"), "a\\\\\\ b");
    EXPECT_EQ(escape_make_path("plain/path.h"), "plain/path.h");
    EXPECT_EQ(escape_make_path("a:b/c.h"), "a\\:b/c.h");
    EXPECT_EQ(depfile_problem("out.c", {"a.h", "b\nc.h"}).empty(), false);
    EXPECT_EQ(depfile_problem("out\r.c", {"a.h"}).empty(), false);
    EXPECT_EQ(depfile_problem("out.c", {"a b:c.h"}), "");
}

TEST(Depfile, ListsEveryDependencyWithPhonyRules) {
    EXPECT_EQ(depfile_text("out dir/x.c", {"a.h", "b c.h"}),
              "out\\ dir/x.c: \\\n  a.h \\\n  b\\ c.h\n\na.h:\n\nb\\ c.h:\n");
}

}  // namespace
}  // namespace cowrap
