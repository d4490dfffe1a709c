#include "core/output.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace cowrap {

namespace {

bool same_content(const std::string& path, std::string_view content) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return false;
    }
    in.seekg(0, std::ios::end);
    if (static_cast<std::size_t>(in.tellg()) != content.size()) {
        return false;
    }
    in.seekg(0);
    std::string existing(content.size(), '\0');
    in.read(existing.data(), static_cast<std::streamsize>(existing.size()));
    return in && existing == content;
}

std::string describe_errno(const std::string& what, const std::string& path) {
    return what + " '" + path + "': " + std::strerror(errno);
}

std::string temp_prefix(const std::filesystem::path& target) {
    return "." + target.filename().string() + ".tmp.";
}

// A process killed between mkstemp and rename leaves its temporary file behind. Names carry
// the writer's pid, so a file whose writer is gone can be removed without racing a live one.
// Every run lists the folder, which may hold thousands of shards: plain readdir, no per-entry
// path objects.
void remove_stale_temporaries(const std::filesystem::path& target) {
    const std::string dir = target.has_parent_path() ? target.parent_path().string() : ".";
    std::string prefix = temp_prefix(target);
    DIR* d = ::opendir(dir.c_str());
    if (d == nullptr) {
        return;
    }
    while (const dirent* e = ::readdir(d)) {
        if (std::strncmp(e->d_name, prefix.c_str(), prefix.size()) != 0) {
            continue;
        }
        long pid = std::strtol(e->d_name + prefix.size(), nullptr, 10);
        if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) {
            ::unlinkat(::dirfd(d), e->d_name, 0);
        }
    }
    ::closedir(d);
}

}  // namespace

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
    namespace fs = std::filesystem;
    discard();
    fs::path target(path);
    fs::path dir = target.parent_path();
    std::error_code ec;
    if (!dir.empty() && !fs::is_directory(dir, ec)) {
        error = fs::exists(dir, ec)
                    ? "cannot write '" + path + "': '" + dir.string() + "' is not a folder"
                    : "cannot write '" + path + "': folder '" + dir.string() + "' does not exist";
        return WriteResult::failed;
    }
    remove_stale_temporaries(target);
    if (same_content(path, content)) {
        return WriteResult::unchanged;
    }
    std::string tmpl =
        (dir / (temp_prefix(target) + std::to_string(::getpid()) + ".XXXXXX")).string();
    int fd = mkstemp(tmpl.data());
    if (fd < 0) {
        error = describe_errno("cannot create a temporary file for", path);
        return WriteResult::failed;
    }
    // mkstemp makes the file 0600; give it the permissions a plain create would.
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);

    const char* p = content.data();
    std::size_t left = content.size();
    while (left > 0) {
        ssize_t n = ::write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            error = describe_errno("cannot write", path);
            ::close(fd);
            ::unlink(tmpl.c_str());
            return WriteResult::failed;
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
    if (::close(fd) != 0) {
        error = describe_errno("cannot write", path);
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
        error = describe_errno("cannot replace", path_);
        discard();
        return false;
    }
    temp_.clear();
    return true;
}

std::string escape_make_path(std::string_view path) {
    std::string out;
    for (std::size_t i = 0; i < path.size(); ++i) {
        char c = path[i];
        if (c == ' ' || c == '\t') {
            // Backslashes right before a space must be doubled, then the space escaped.
            std::size_t j = out.size();
            while (j > 0 && out[j - 1] == '\\') {
                --j;
            }
            out.insert(j, out.size() - j, '\\');
            out += '\\';
            out += c;
        } else if (c == '$') {
            out += "$$";
        } else if (c == '#') {
            out += "\\#";
        } else {
            out += c;
        }
    }
    return out;
}

std::string depfile_text(std::string_view target, const std::vector<std::string>& deps) {
    std::string out = escape_make_path(target) + ":";
    for (const std::string& d : deps) {
        out += " \\\n  " + escape_make_path(d);
    }
    out += "\n";
    for (const std::string& d : deps) {
        out += "\n" + escape_make_path(d) + ":\n";
    }
    return out;
}

}  // namespace cowrap
