#include "util/file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <ctime>
#include <vector>

namespace cowrap::util {

UniqueFd& UniqueFd::operator=(UniqueFd&& o) noexcept {
    if (this != &o) {
        reset();
        fd_ = o.release();
    }
    return *this;
}

int UniqueFd::release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
}

void UniqueFd::reset() {
    if (fd_ >= 0) {
        ::close(fd_);
        fd_ = -1;
    }
}

std::string_view file_kind(unsigned mode) {
    switch (mode & S_IFMT) {
        case S_IFREG:
            return "a regular file";
        case S_IFDIR:
            return "a directory";
        case S_IFIFO:
            return "a FIFO";
        case S_IFCHR:
            return "a character device";
        case S_IFBLK:
            return "a block device";
        case S_IFSOCK:
            return "a socket";
        case S_IFLNK:
            return "a symbolic link";
        default:
            return "not a regular file";
    }
}

std::string errno_message(std::string_view what, std::string_view path) {
    return std::string(what) + " '" + std::string(path) + "': " + std::strerror(errno);
}

namespace {

std::string size_text(std::size_t bytes) {
    if (bytes % mib == 0) {
        return std::to_string(bytes / mib) + " MiB";
    }
    return std::to_string(bytes) + " bytes";
}

}  // namespace

namespace {

std::int64_t nanoseconds(const struct timespec& t) {
    return static_cast<std::int64_t>(t.tv_sec) * 1000000000 + t.tv_nsec;
}

FileStamp stamp_from(const struct stat& st) {
    FileStamp s;
    s.device = static_cast<std::int64_t>(st.st_dev);
    s.inode = static_cast<std::int64_t>(st.st_ino);
    s.size = static_cast<std::int64_t>(st.st_size);
    s.mtime_ns = nanoseconds(st.st_mtim);
    s.ctime_ns = nanoseconds(st.st_ctim);
    return s;
}

}  // namespace

FileStamp stamp_of_regular(int fd) {
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        return {};
    }
    return stamp_from(st);
}

FileStamp stamp_of(const std::string& path, Links links) {
    struct stat st {};
    const int flags = links == Links::refuse ? AT_SYMLINK_NOFOLLOW : 0;
    if (::fstatat(AT_FDCWD, path.c_str(), &st, flags) != 0 || S_ISLNK(st.st_mode)) {
        return {};
    }
    return stamp_from(st);
}

namespace {

// The clock tick a look at a file begins in, taken before the file is looked at (file times
// follow the same coarse clock); zero when the clock cannot be read.
struct timespec look_tick() {
    struct timespec now {};
    if (::clock_gettime(CLOCK_REALTIME_COARSE, &now) != 0) {
        now = {};
    }
    return now;
}

// Whether `s`, looked at from the tick `began`, is settled (FileStamp::settled).
bool settled_since(const FileStamp& s, const struct timespec& began) {
    return s.inode != 0 && s.ctime_ns < nanoseconds(began) && began.tv_sec != 0;
}

}  // namespace

FileStamp settled_stamp_of(const std::string& path) {
    const struct timespec began = look_tick();
    FileStamp s = stamp_of(path);
    s.settled = settled_since(s, began);
    return s;
}

std::optional<Digest128> hash_file(const std::string& path) {
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
    struct stat st {};
    if (!fd || ::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) {
        return std::nullopt;
    }
    StreamHash hash;
    char block[64 * 1024];
    for (;;) {
        const ssize_t n = ::read(fd.get(), block, sizeof block);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            return std::nullopt;
        }
        if (n == 0) {
            return hash.digest();
        }
        hash.update(std::string_view(block, static_cast<std::size_t>(n)));
    }
}

std::optional<std::string> read_file(const std::string& path, std::size_t limit,
                                     std::string_view what, std::string& error, Links links,
                                     FileStamp* stamp) {
    const struct timespec began = stamp != nullptr ? look_tick() : timespec{};
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
    const int nofollow = links == Links::refuse ? O_NOFOLLOW : 0;
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | nofollow));
    if (!fd) {
        error = errno_message("cannot read", path);
        return std::nullopt;
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) {
        error = errno_message("cannot read", path);
        return std::nullopt;
    }
    if (!S_ISREG(st.st_mode)) {
        error = "'" + path + "' is " + std::string(file_kind(st.st_mode)) + ", not a regular file";
        return std::nullopt;
    }
    auto too_large = [&] {
        error = "'" + path + "' is larger than the limit of " + size_text(limit) + " for " +
                std::string(what);
        return std::nullopt;
    };
    const auto size = static_cast<std::size_t>(st.st_size);
    if (size > limit) {
        return too_large();
    }
    // Read to the end in case the file grew, but never past the limit.
    std::string out(size + 1, '\0');  // +1: one read() that returns 0 confirms the end
    std::size_t used = 0;
    for (;;) {
        if (used == out.size()) {
            if (out.size() > limit) {
                return too_large();
            }
            out.resize(std::min(out.size() * 2 + 4096, limit + 1));
        }
        const ssize_t n = ::read(fd.get(), out.data() + used, out.size() - used);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            error = errno_message("cannot read", path);
            return std::nullopt;
        }
        if (n == 0) {
            break;
        }
        used += static_cast<std::size_t>(n);
    }
    if (used > limit) {
        return too_large();
    }
    out.resize(used);
    if (stamp != nullptr) {
        *stamp = stamp_from(st);
        stamp->settled = settled_since(*stamp, began);
    }
    return out;
}

UniqueFd open_own_file(const std::string& path, int flags) {
    UniqueFd fd(::open(path.c_str(), flags | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0666));
    if (!fd) {
        return fd;
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) {
        return UniqueFd();
    }
    if (!S_ISREG(st.st_mode)) {
        errno = EINVAL;
        return UniqueFd();
    }
    // Back to blocking I/O for a regular file (O_NONBLOCK only guarded the open).
    const int fl = ::fcntl(fd.get(), F_GETFL);
    if (fl >= 0) {
        ::fcntl(fd.get(), F_SETFL, fl & ~O_NONBLOCK);
    }
    return fd;
}

bool read_pieces(int fd, const std::function<bool(std::string_view)>& piece, std::size_t limit,
                 std::size_t piece_size) {
    std::string buffer(std::min(piece_size, limit), '\0');
    std::size_t at = 0;
    while (at < limit) {
        const std::size_t want = std::min(buffer.size(), limit - at);
        const ssize_t got = ::pread(fd, buffer.data(), want, static_cast<off_t>(at));
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got < 0) {
            return false;
        }
        if (got == 0) {
            return limit == SIZE_MAX;  // the end, before `limit` bytes when one was set
        }
        if (!piece(std::string_view(buffer.data(), static_cast<std::size_t>(got)))) {
            return false;
        }
        at += static_cast<std::size_t>(got);
    }
    return true;
}

bool write_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

bool write_all(int fd, std::span<const std::string_view> pieces) {
    std::vector<iovec> left;
    for (std::string_view p : pieces) {
        if (!p.empty()) {
            left.push_back({const_cast<char*>(p.data()), p.size()});
        }
    }
    std::size_t first = 0;
    while (first < left.size()) {
        const int count = static_cast<int>(std::min<std::size_t>(left.size() - first, IOV_MAX));
        const ssize_t n = ::writev(fd, left.data() + first, count);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        // Past what was written: whole pieces, then into the next one.
        auto done = static_cast<std::size_t>(n);
        while (first < left.size() && done >= left[first].iov_len) {
            done -= left[first].iov_len;
            ++first;
        }
        if (done > 0) {
            left[first].iov_base = static_cast<char*>(left[first].iov_base) + done;
            left[first].iov_len -= done;
        }
    }
    return true;
}

}  // namespace cowrap::util
