#include "core/output_paths.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace cowrap {

namespace fs = std::filesystem;

namespace {

const char* kind_of(mode_t mode) {
    if (S_ISDIR(mode)) {
        return "a folder";
    }
    if (S_ISFIFO(mode)) {
        return "a FIFO";
    }
    if (S_ISSOCK(mode)) {
        return "a socket";
    }
    if (S_ISCHR(mode) || S_ISBLK(mode)) {
        return "a device";
    }
    return "not a regular file";
}

std::string quoted(const std::string& s) {
    return "'" + s + "'";
}

// The absolute, symlink-free path a file has or would have once created.
std::string resolved(const std::string& path) {
    std::error_code ec;
    fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec);
    return ec ? fs::absolute(path).lexically_normal().string() : p.string();
}

struct Identity {
    const std::string* path = nullptr;
    bool exists = false;
    dev_t dev = 0;
    ino_t ino = 0;
    mutable std::optional<std::string> where;  // resolved path, once needed
};

Identity identity_of(const std::string& path) {
    Identity id;
    id.path = &path;
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) {
        id.exists = true;
        id.dev = st.st_dev;
        id.ino = st.st_ino;
    }
    return id;
}

const std::string& where(const Identity& id) {
    if (!id.where) {
        id.where = resolved(*id.path);
    }
    return *id.where;
}

// Two existing files are one when their device and inode are; two that do not exist yet
// would be one when their resolved paths are. An existing file and one that does not exist
// cannot be: the path to the first would resolve to a file that exists. (Resolving every
// path cost each shard two more walks of its folders.)
bool same_file(const Identity& a, const Identity& b) {
    if (a.exists && b.exists) {
        return a.dev == b.dev && a.ino == b.ino;
    }
    if (a.exists != b.exists) {
        return false;
    }
    return where(a) == where(b);
}

// An existing path that is not a regular file, also through a symlink, cannot be an output:
// writing would hang on a FIFO or replace /dev/null, a folder, or the symlink /dev/stdout.
std::optional<std::string> check_kind(const WrittenPath& w) {
    struct stat st {};
    if (::lstat(w.path.c_str(), &st) != 0) {
        return std::nullopt;  // does not exist yet: fine
    }
    if (S_ISLNK(st.st_mode)) {
        struct stat target {};
        if (::stat(w.path.c_str(), &target) != 0) {
            return "the " + w.role + " " + quoted(w.path) + " is a symlink to a missing file (" +
                   std::strerror(errno) + "); remove it or name another file";
        }
        if (!S_ISREG(target.st_mode)) {
            return "the " + w.role + " " + quoted(w.path) + " is a symlink to " +
                   kind_of(target.st_mode) + ", not a regular file; refusing to replace it";
        }
        return std::nullopt;
    }
    if (!S_ISREG(st.st_mode)) {
        return "the " + w.role + " " + quoted(w.path) + " is " + kind_of(st.st_mode) +
               ", not a regular file; refusing to replace it";
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string> check_written_paths(const std::vector<WrittenPath>& written,
                                               const std::vector<std::string>& inputs) {
    std::vector<Identity> in;
    in.reserve(inputs.size());
    for (const std::string& path : inputs) {
        in.push_back(identity_of(path));
    }
    std::vector<Identity> out;
    for (const WrittenPath& w : written) {
        if (std::optional<std::string> bad = w.must_be_file ? check_kind(w) : std::nullopt) {
            return bad;
        }
        Identity id = identity_of(w.path);
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            if (same_file(id, in[i])) {
                return "the " + w.role + " " + quoted(w.path) + " is the input " +
                       quoted(inputs[i]) + "; refusing to overwrite an input";
            }
        }
        for (std::size_t j = 0; j < out.size(); ++j) {
            if (same_file(id, out[j])) {
                return "the " + w.role + " " + quoted(w.path) + " is the same file as the " +
                       written[j].role + " " + quoted(written[j].path);
            }
        }
        out.push_back(std::move(id));
    }
    return std::nullopt;
}

std::string write_target(const std::string& path) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode)) {
        std::error_code ec;
        fs::path target = fs::canonical(path, ec);
        if (!ec) {
            return target.string();
        }
    }
    return path;
}

}  // namespace cowrap
