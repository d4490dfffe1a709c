// Reading and opening files safely: whole regular files with a size limit, the cache's own
// files without following symbolic links, and writing all of a buffer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "util/hash.hpp"

namespace cowrap::util {

// An owned file descriptor, closed once.
class UniqueFd {
public:
    UniqueFd() = default;
    explicit UniqueFd(int fd) : fd_(fd) {}
    ~UniqueFd() { reset(); }
    UniqueFd(UniqueFd&& o) noexcept : fd_(o.release()) {}
    UniqueFd& operator=(UniqueFd&& o) noexcept;
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;

    int get() const { return fd_; }
    explicit operator bool() const { return fd_ >= 0; }
    int release();
    void reset();

private:
    int fd_ = -1;
};

inline constexpr std::size_t mib = std::size_t{1} << 20;

// Whether to follow a symbolic link in the last component of a path.
enum class Links { follow, refuse };

// "a FIFO", "a directory", "a character device", ...: what a non-regular file is, for messages.
std::string_view file_kind(unsigned mode);

// What tells whether a file changed since it was read: its identity, size and times (ns).
struct FileStamp {
    std::int64_t device = 0, inode = 0, size = 0, mtime_ns = 0, ctime_ns = 0;
    // Its last change came before the clock tick the read began in: any later change gives it
    // another ctime. A change in that same tick may not (file times follow the kernel's coarse
    // clock), so a stamp that is not settled proves nothing: compare the bytes.
    bool settled = false;
    bool same_file_state(const FileStamp& o) const {
        return device == o.device && inode == o.inode && size == o.size && mtime_ns == o.mtime_ns &&
               ctime_ns == o.ctime_ns;
    }
};

// The stamp of `path` now (settled left false); all zero when it cannot be stat'ed, or, with
// Links::refuse, when its last name is a symbolic link.
FileStamp stamp_of(const std::string& path, Links links = Links::follow);
// The stamp of the file open at `fd`: what was read through it. All zero when it is not a
// regular file or cannot be stat'ed.
FileStamp stamp_of_regular(int fd);
// The same, with `settled` said as of now.
FileStamp settled_stamp_of(const std::string& path);

// XXH3-128 of a regular file's bytes, read a block at a time (nothing as large as the file is
// held) and without blocking on a FIFO or device: nullopt for anything else, or a failed read.
std::optional<Digest128> hash_file(const std::string& path);

// The whole of a regular file, read without ever blocking on a FIFO or device and never more
// than `limit` bytes. nullopt with `error` set when the file is missing, is not a regular file
// ("'P' is a FIFO, not a regular file"), or is larger than the limit ("'P' is larger than the
// limit of 64 MiB for a header"); `what` names the file's role in that message. `stamp`, when
// given, receives the file's stamp as it was when the read began.
std::optional<std::string> read_file(const std::string& path, std::size_t limit,
                                     std::string_view what, std::string& error,
                                     Links links = Links::follow, FileStamp* stamp = nullptr);

// Opens `path` with O_NOFOLLOW | O_CLOEXEC (O_CREAT files get 0666 less the umask), and
// refuses anything but a regular file: for the files cowrap keeps for itself, which anyone who
// can write their folder could otherwise point elsewhere. errno is ELOOP for a link and EINVAL
// for a FIFO, device or directory. Never blocks on a FIFO.
UniqueFd open_own_file(const std::string& path, int flags);

// Reads `fd` from offset 0 to its end (or `limit` bytes) through one buffer of `piece_size`,
// handing each piece in order to `piece` until it returns false. Whether every byte was read
// and taken. A file read this way costs no page of its size (on this machine kind a fresh page
// costs about 12 us).
bool read_pieces(int fd, const std::function<bool(std::string_view)>& piece,
                 std::size_t limit = SIZE_MAX, std::size_t piece_size = std::size_t{64} << 10);

// Writes all of `bytes` to `fd`; false (errno set) on failure.
bool write_all(int fd, std::string_view bytes);
// The pieces one after the other, gathered by writev: one append, no copy to join them.
bool write_all(int fd, std::span<const std::string_view> pieces);

// "WHAT 'PATH': strerror(errno)".
std::string errno_message(std::string_view what, std::string_view path);

}  // namespace cowrap::util
