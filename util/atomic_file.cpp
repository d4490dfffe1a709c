#include "util/atomic_file.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

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
    if (!temp_.empty()) {
        ::unlink(temp_.c_str());
        temp_.clear();
    }
}

WriteResult StagedWrite::stage(const std::string& path, std::string_view content,
                               std::string& error) {
    discard();
    const std::string dir = folder_part(path);
    struct stat st {};
    if (!dir.empty() && ::stat(dir.c_str(), &st) != 0) {
        error = errno == ENOENT ? "cannot write '" + path + "': folder '" + dir + "' does not exist"
                                : util::errno_message("cannot write '" + path + "': folder", dir);
        return WriteResult::failed;
    }
    if (!dir.empty() && !S_ISDIR(st.st_mode)) {
        error = "cannot write '" + path + "': '" + dir + "' is not a folder";
        return WriteResult::failed;
    }
    const std::string prefix = temporary_prefix(name_part(path));
    remove_stale_temporaries(dir, prefix);
    if (same_content(path, content)) {
        return WriteResult::unchanged;
    }
    std::string tmpl = (dir.empty()  ? std::string()
                        : dir == "/" ? dir
                                     : dir + "/") +
                       prefix + std::to_string(::getpid()) + ".XXXXXX";
    const int fd = ::mkstemp(tmpl.data());
    if (fd < 0) {
        error = util::errno_message("cannot create a temporary file for", path);
        return WriteResult::failed;
    }
    // mkstemp makes the file 0600; give it the permissions a plain create would.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, 0666 & ~mask);
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
