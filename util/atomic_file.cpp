#include "util/atomic_file.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "util/file.hpp"

namespace cowrap {

namespace {

std::string folder_part(const std::string& path) {
    const std::size_t slash = path.rfind('/');
    if (slash == std::string::npos) {
        return {};
    }
    return slash == 0 ? std::string("/") : path.substr(0, slash);
}

std::string name_part(const std::string& path) {
    const std::size_t slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Whether `path` is a regular file holding exactly `content`. Never blocks on a FIFO and never
// reads more than content.size() bytes, whatever the file's size.
bool same_content(const std::string& path, std::string_view content) {
    util::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
    struct stat st {};
    if (!fd || ::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode) ||
        static_cast<std::size_t>(st.st_size) != content.size()) {
        return false;
    }
    char buf[65536];
    std::size_t at = 0;
    for (;;) {
        const ssize_t n = ::read(fd.get(), buf, sizeof buf);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            return false;
        }
        if (n == 0) {
            return at == content.size();
        }
        const auto got = static_cast<std::size_t>(n);
        if (got > content.size() - at ||
            content.compare(at, got, std::string_view(buf, got)) != 0) {
            return false;
        }
        at += got;
    }
}

// The pid-named fallback's sweep: a process killed between mkstemp and rename leaves its
// temporary file behind. Names carry the writer's pid, so a file whose writer is gone can be
// removed without racing a live one. It lists the whole folder (which may hold thousands of
// shards), so it runs only when a run has seen another writer or a dead one's slot.
void remove_stale_temporaries(const std::string& dir, const std::string& prefix) {
    DIR* d = ::opendir(dir.empty() ? "." : dir.c_str());
    if (d == nullptr) {
        return;
    }
    while (const dirent* e = ::readdir(d)) {
        if (std::strncmp(e->d_name, prefix.c_str(), prefix.size()) != 0) {
            continue;
        }
        char* end = nullptr;
        const long pid = std::strtol(e->d_name + prefix.size(), &end, 10);
        // Only NAME.tmp.PID.XXXXXX: a shortened prefix may be shared with another output's.
        if (pid > 0 && *end == '.' && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) {
            ::unlinkat(::dirfd(d), e->d_name, 0);
        }
    }
    ::closedir(d);
}

// A writer's temporary is normally one of a few fixed names, ".NAME.tmp.0" to ".NAME.tmp.3"
// (slots), which it holds with flock(2) from creating it until it is renamed or removed. A
// killed writer's lock goes with it, so the next run of that output takes its slot over (or
// removes it): no run has to list the folder. When every slot is held by a live writer, the
// pid-named file and the sweep above are the fallback.
constexpr int slot_count = 4;

// Whether the locked `fd` is still the regular file named `path` (a writer that held it before
// may have renamed or removed it before we locked it); `st` is the file's status.
bool still_named(int fd, const std::string& path, struct stat& st) {
    struct stat named {};
    return ::fstat(fd, &st) == 0 && ::lstat(path.c_str(), &named) == 0 && S_ISREG(st.st_mode) &&
           st.st_dev == named.st_dev && st.st_ino == named.st_ino;
}

enum class Slot { claimed, busy, unusable };

// Takes slot `path` for this writer: creates it, or takes over the file of a dead writer
// (nobody holds its lock). `reused` says it was a dead writer's.
Slot claim_slot(const std::string& path, util::UniqueFd& out, bool& reused) {
    for (int attempt = 0; attempt < 3; ++attempt) {
        reused = false;
        util::UniqueFd fd(
            ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666));
        if (!fd && errno == EEXIST) {
            // Never opened when it is not a regular file (a FIFO or a device put there).
            struct stat st {};
            if (::lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
                continue;  // gone since (or not a file: still_named refuses it below)
            }
            reused = true;
            fd = util::UniqueFd(::open(path.c_str(), O_RDWR | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK));
        }
        if (!fd) {
            if (errno == ENOENT) {
                continue;
            }
            return Slot::unusable;  // no permission, say: the fallback reports it
        }
        if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
            if (errno == EWOULDBLOCK) {
                return Slot::busy;
            }
            // No flock here (some network or FUSE file systems): a file just made would stay
            // behind for good; the fallback, which needs no lock, takes over.
            if (!reused) {
                ::unlink(path.c_str());
            }
            return Slot::unusable;
        }
        struct stat st {};
        if (!still_named(fd.get(), path, st)) {
            continue;
        }
        if (reused) {
            // Only a file of ours that is nothing else (a hard link elsewhere would be emptied).
            if (st.st_uid != ::geteuid() || st.st_nlink != 1 || ::ftruncate(fd.get(), 0) != 0) {
                return Slot::unusable;
            }
            const mode_t mask = ::umask(0);
            ::umask(mask);
            ::fchmod(fd.get(), 0666 & ~mask);
        }
        out = std::move(fd);
        return Slot::claimed;
    }
    return Slot::busy;
}

// Removes slot `path` when its writer is dead; `removed`/`busy` say what it found.
void remove_dead_slot(const std::string& path, bool& removed, bool& busy) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
        return;  // the usual case: no such file
    }
    util::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK));
    if (!fd) {
        return;
    }
    if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
        busy = true;
        return;
    }
    if (still_named(fd.get(), path, st) && ::unlink(path.c_str()) == 0) {
        removed = true;
    }
}

}  // namespace

std::string temporary_prefix(std::string_view name) {
    // "." + NAME + ".tmp." + pid (at most 10 digits) + ".XXXXXX"
    constexpr std::size_t name_max = 255;
    constexpr std::size_t overhead = 1 + 5 + 10 + 7;
    if (name.size() > name_max - overhead) {
        name = name.substr(0, name_max - overhead);
    }
    return "." + std::string(name) + ".tmp.";
}

WriteResult write_if_changed(const std::string& path, std::string_view content,
                             std::string& error) {
    StagedWrite w;
    WriteResult r = w.stage(path, content, error);
    if (r == WriteResult::written && !w.commit(error)) {
        return WriteResult::failed;
    }
    return r;
}

StagedWrite::~StagedWrite() {
    discard();
}

void StagedWrite::discard() {
    if (fd_ >= 0) {
        ::close(fd_);
        fd_ = -1;
    }
    stop_comparing();
    buffer_.clear();
    if (!temp_.empty()) {
        ::unlink(temp_.c_str());
        temp_.clear();
    }
    hold_.reset();  // after the unlink: the slot is ours until it is gone
}

namespace {

// The folder check every write starts with; false with `error` when the folder is missing or
// not a folder.
bool check_folder(const std::string& path, std::string& error) {
    const std::string dir = folder_part(path);
    struct stat st {};
    if (!dir.empty() && ::stat(dir.c_str(), &st) != 0) {
        error = errno == ENOENT ? "cannot write '" + path + "': folder '" + dir + "' does not exist"
                                : util::errno_message("cannot write '" + path + "': folder", dir);
        return false;
    }
    if (!dir.empty() && !S_ISDIR(st.st_mode)) {
        error = "cannot write '" + path + "': '" + dir + "' is not a folder";
        return false;
    }
    return true;
}

// "DIR/.NAME.tmp.": what the temporaries of `path` are named from.
std::string temporary_base(const std::string& path) {
    const std::string dir = folder_part(path);
    return (dir.empty()  ? std::string()
            : dir == "/" ? dir
                         : dir + "/") +
           temporary_prefix(name_part(path));
}

// Sweeps for pid-named temporaries of dead writers.
void sweep(const std::string& path) {
    remove_stale_temporaries(folder_part(path), temporary_prefix(name_part(path)));
}

// Removes what dead writers of `path` left, for a run that needs no temporary of its own.
void remove_dead_temporaries(const std::string& path) {
    std::string slot = temporary_base(path) + '0';
    bool removed = false, busy = false;
    for (int i = 0; i < slot_count; ++i) {
        slot.back() = static_cast<char>('0' + i);
        remove_dead_slot(slot, removed, busy);
    }
    if (removed || busy) {
        sweep(path);
    }
}

// Creates the temporary file for `path` (its name in `temp`), with the permissions a plain
// create would give: a free slot, held in `hold` until the temporary is renamed or removed,
// else a pid-named file. The slots not taken are cleared of dead writers' files. Returns the
// descriptor to write, or -1 with `error`.
int create_temporary(const std::string& path, std::string& temp, util::UniqueFd& hold,
                     std::string& error) {
    const std::string base = temporary_base(path);
    std::string slot = base + '0';
    bool removed = false, busy = false;
    for (int i = 0; i < slot_count; ++i) {
        slot.back() = static_cast<char>('0' + i);
        if (hold) {
            remove_dead_slot(slot, removed, busy);
            continue;
        }
        bool reused = false;
        const Slot got = claim_slot(slot, hold, reused);
        busy = busy || got == Slot::busy;
        removed = removed || reused;
        if (got == Slot::claimed) {
            temp = slot;
        }
    }
    // Another writer, or a dead one's file: pid-named files of dead writers may be about.
    if (removed || busy) {
        sweep(path);
    }
    if (hold) {
        // Written and closed through its own descriptor (close reports late write errors), while
        // `hold` keeps the lock.
        const int fd = ::fcntl(hold.get(), F_DUPFD_CLOEXEC, 0);
        if (fd < 0) {
            error = util::errno_message("cannot create a temporary file for", path);
            ::unlink(temp.c_str());
            hold.reset();
            temp.clear();
        }
        return fd;
    }
    temp = base + std::to_string(::getpid()) + ".XXXXXX";
    const int fd = ::mkstemp(temp.data());
    if (fd < 0) {
        error = util::errno_message("cannot create a temporary file for", path);
        temp.clear();
        return -1;
    }
    // mkstemp makes the file 0600; give it the permissions a plain create would.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, 0666 & ~mask);
    return fd;
}

}  // namespace

void StagedWrite::keep(const std::string& path) {
    discard();
    remove_dead_temporaries(path);
}

WriteResult StagedWrite::stage(const std::string& path, std::string_view content,
                               std::string& error) {
    discard();
    if (!check_folder(path, error)) {
        return WriteResult::failed;
    }
    if (same_content(path, content)) {
        remove_dead_temporaries(path);
        return WriteResult::unchanged;
    }
    std::string tmpl;
    const int fd = create_temporary(path, tmpl, hold_, error);
    if (fd < 0) {
        return WriteResult::failed;
    }
    const bool ok = util::write_all(fd, content);
    const int err = errno;
    if (::close(fd) != 0 || !ok) {
        if (!ok) {
            errno = err;
        }
        error = util::errno_message("cannot write", path);
        ::unlink(tmpl.c_str());
        hold_.reset();
        return WriteResult::failed;
    }
    path_ = path;
    temp_ = std::move(tmpl);
    return WriteResult::written;
}

bool StagedWrite::begin(const std::string& path, std::string& error) {
    discard();
    if (!check_folder(path, error)) {
        return false;
    }
    std::string tmpl;
    fd_ = create_temporary(path, tmpl, hold_, error);
    if (fd_ < 0) {
        return false;
    }
    path_ = path;
    temp_ = std::move(tmpl);
    buffer_.reserve(buffer_size + buffer_size / 4);
    written_ = 0;
    write_errno_ = 0;
    // The present file, compared as the new bytes go by: only a regular file can be unchanged.
    old_fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    struct stat st {};
    same_ = old_fd_ >= 0 && ::fstat(old_fd_, &st) == 0 && S_ISREG(st.st_mode);
    if (same_) {
        old_size_ = static_cast<std::uint64_t>(st.st_size);
        old_identity_ = {
            static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino), old_size_,
            static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec};
    } else {
        stop_comparing();
    }
    return true;
}

void StagedWrite::stop_comparing() {
    same_ = false;
    if (old_fd_ >= 0) {
        ::close(old_fd_);
        old_fd_ = -1;
    }
}

void StagedWrite::compare(std::string_view bytes) {
    if (!same_ || written_ + bytes.size() > old_size_) {
        stop_comparing();
        return;
    }
    char chunk[16384];
    while (!bytes.empty()) {
        const std::size_t want = std::min(bytes.size(), sizeof chunk);
        const ssize_t n = ::read(old_fd_, chunk, want);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0 || std::memcmp(chunk, bytes.data(), static_cast<std::size_t>(n)) != 0) {
            stop_comparing();
            return;
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
}

void StagedWrite::flush() {
    if (buffer_.empty() || fd_ < 0) {
        buffer_.clear();
        return;
    }
    compare(buffer_);
    if (write_errno_ == 0 && !util::write_all(fd_, buffer_)) {
        write_errno_ = errno;
    }
    written_ += buffer_.size();
    buffer_.clear();
}

WriteResult StagedWrite::finish(std::string& error) {
    if (fd_ < 0) {
        error = "cannot write '" + path_ + "': no output was begun";
        return WriteResult::failed;
    }
    flush();
    const int fd = std::exchange(fd_, -1);
    if (::close(fd) != 0 && write_errno_ == 0) {
        write_errno_ = errno;
    }
    if (write_errno_ != 0) {
        stop_comparing();
        errno = write_errno_;
        error = util::errno_message("cannot write", path_);
        discard();
        return WriteResult::failed;
    }
    bool same = same_ && written_ == old_size_;
    stop_comparing();
    if (same) {
        // Compared without a lock: trust it only if the file is still the one compared.
        struct stat st {};
        same =
            ::stat(path_.c_str(), &st) == 0 &&
            Identity{static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino),
                     static_cast<std::uint64_t>(st.st_size),
                     static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 +
                         st.st_mtim.tv_nsec} == old_identity_;
    }
    if (same) {
        discard();
        return WriteResult::unchanged;
    }
    return WriteResult::written;
}

bool StagedWrite::commit(std::string& error) {
    if (temp_.empty()) {
        return true;
    }
    if (std::rename(temp_.c_str(), path_.c_str()) != 0) {
        error = util::errno_message("cannot replace", path_);
        discard();
        return false;
    }
    temp_.clear();
    hold_.reset();
    return true;
}

WriteResult StagedWrite::commit_new(std::string& error) {
    if (temp_.empty()) {
        error = "nothing staged for '" + path_ + "'";
        return WriteResult::failed;
    }
    if (::renameat2(AT_FDCWD, temp_.c_str(), AT_FDCWD, path_.c_str(), RENAME_NOREPLACE) != 0) {
        const bool existed = errno == EEXIST;
        error = existed ? std::string() : util::errno_message("cannot create", path_);
        discard();
        return existed ? WriteResult::unchanged : WriteResult::failed;
    }
    temp_.clear();
    hold_.reset();
    return WriteResult::written;
}

}  // namespace cowrap
