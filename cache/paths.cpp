#include "cache/paths.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <system_error>

namespace cowrap::cache {

namespace fs = std::filesystem;

std::string absolute_path(std::string_view path) {
    std::error_code ec;
    fs::path p = fs::absolute(fs::path(path), ec);
    if (ec) {
        return std::string(path);
    }
    return p.lexically_normal().string();
}

std::optional<std::string> read_bytes(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return std::nullopt;
    }
    struct stat st;
    std::string bytes;
    if (::fstat(fd, &st) == 0 && st.st_size > 0) {
        bytes.reserve(static_cast<std::size_t>(st.st_size));
    }
    char buf[65536];
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            ::close(fd);
            return std::nullopt;
        }
        if (n == 0) {
            break;
        }
        bytes.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return bytes;
}

std::string folder_of(std::string_view path) {
    const std::size_t slash = path.rfind('/');
    if (slash == std::string_view::npos) {
        return ".";
    }
    return std::string(slash == 0 ? path.substr(0, 1) : path.substr(0, slash));
}

bool write_fd(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        ssize_t n = ::write(fd, bytes.data(), bytes.size());
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

bool write_bytes(const std::string& path, std::string_view bytes) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) {
        return false;
    }
    bool ok = write_fd(fd, bytes);
    int err = errno;
    ok = ::close(fd) == 0 && ok;
    if (!ok) {
        errno = err;
    }
    return ok;
}

std::string shown_path(std::string_view stored) {
    std::error_code ec;
    fs::path cwd = fs::current_path(ec);
    if (ec) {
        return std::string(stored);
    }
    fs::path rel = fs::path(stored).lexically_relative(cwd);
    if (rel.empty() || *rel.begin() == "..") {
        return std::string(stored);
    }
    return rel.string();
}

}  // namespace cowrap::cache
