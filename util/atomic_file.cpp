#include "util/atomic_file.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
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

// A process killed between mkstemp and rename leaves its temporary file behind. Names carry
// the writer's pid, so a file whose writer is gone can be removed without racing a live one.
// Every run lists the folder, which may hold thousands of shards: plain readdir.
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
}

namespace {

// The folder checks and the stale-temporary sweep every write starts with; false with
// `error` when the folder is missing or not a folder.
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
    remove_stale_temporaries(dir, temporary_prefix(name_part(path)));
    return true;
}

// Creates the temporary file for `path` (its name in `tmpl`), with the permissions a plain
// create would give; -1 with `error` on failure.
int create_temporary(const std::string& path, std::string& tmpl, std::string& error) {
    const std::string dir = folder_part(path);
    tmpl = (dir.empty()  ? std::string()
            : dir == "/" ? dir
                         : dir + "/") +
           temporary_prefix(name_part(path)) + std::to_string(::getpid()) + ".XXXXXX";
    const int fd = ::mkstemp(tmpl.data());
    if (fd < 0) {
        error = util::errno_message("cannot create a temporary file for", path);
        return -1;
    }
    // mkstemp makes the file 0600; give it the permissions a plain create would.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, 0666 & ~mask);
    return fd;
}

}  // namespace

WriteResult StagedWrite::stage(const std::string& path, std::string_view content,
                               std::string& error) {
    discard();
    if (!check_folder(path, error)) {
        return WriteResult::failed;
    }
    if (same_content(path, content)) {
        return WriteResult::unchanged;
    }
    std::string tmpl;
    const int fd = create_temporary(path, tmpl, error);
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
    fd_ = create_temporary(path, tmpl, error);
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
    return true;
}

}  // namespace cowrap
