#include "cache/paths.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <system_error>

#include "util/file.hpp"

namespace cowrap::cache {

namespace fs = std::filesystem;

namespace {

// realpath(3) of `path`, or of its folder with its last name appended when only that name is
// missing (an output before its first run): what weakly_canonical gives there, for a few
// system calls instead of a status per component (0.036 M of a shard's run).
std::optional<std::string> real_path(const std::string& path) {
    auto resolved = [](const std::string& p) -> std::optional<std::string> {
        std::unique_ptr<char, decltype(&std::free)> real(::realpath(p.c_str(), nullptr),
                                                         &std::free);
        return real ? std::optional<std::string>(real.get()) : std::nullopt;
    };
    if (std::optional<std::string> real = resolved(path)) {
        return real;
    }
    const std::size_t slash = path.rfind('/');
    const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    if (errno != ENOENT || name.empty() || name == "." || name == "..") {
        return std::nullopt;
    }
    const std::string folder = slash == std::string::npos ? "." : path.substr(0, slash);
    std::optional<std::string> real = resolved(folder.empty() ? "/" : folder);
    if (!real) {
        return std::nullopt;
    }
    return *real + (real->back() == '/' ? "" : "/") + name;
}

}  // namespace

std::string absolute_path(std::string_view path) {
    if (std::optional<std::string> real = real_path(std::string(path))) {
        return *real;
    }
    std::error_code ec;
    fs::path p = fs::absolute(fs::path(path), ec);
    if (ec) {
        return std::string(path);
    }
    fs::path real = fs::weakly_canonical(p, ec);
    return ec ? p.lexically_normal().string() : real.string();
}

const std::string& AbsolutePaths::of(std::string_view path, bool not_a_link) {
    if (last_path_ != nullptr && *last_path_ == path) {
        return *last_absolute_;
    }
    auto it = paths_.find(path);
    if (it == paths_.end()) {
        it = paths_.emplace(std::string(path), resolve(path, not_a_link)).first;
    }
    last_path_ = &it->first;
    last_absolute_ = &it->second;
    return it->second;
}

std::string AbsolutePaths::resolve(std::string_view path, bool not_a_link) {
    const std::size_t slash = path.rfind('/');
    const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
    struct stat st {};
    if (name.empty() || name == "." || name == ".." ||
        (!not_a_link && (::lstat(std::string(path).c_str(), &st) != 0 || S_ISLNK(st.st_mode)))) {
        return absolute_path(path);
    }
    const std::string folder = slash == std::string_view::npos ? "."
                               : slash == 0                    ? "/"
                                                               : std::string(path.substr(0, slash));
    auto it = folders_.find(folder);
    if (it == folders_.end()) {
        it = folders_.emplace(folder, absolute_path(folder)).first;
    }
    const std::string& real = it->second;
    return real + (real.back() == '/' ? "" : "/") + std::string(name);
}

std::optional<std::string> read_bytes(const std::string& path) {
    std::string error;
    return util::read_file(path, max_read_bytes, "a file the cache reads", error);
}

std::optional<std::string> read_own_bytes(const std::string& path) {
    std::string error;
    return util::read_file(path, max_read_bytes, "a cache file", error, util::Links::refuse);
}

std::string folder_of(std::string_view path) {
    const std::size_t slash = path.rfind('/');
    if (slash == std::string_view::npos) {
        return ".";
    }
    return std::string(slash == 0 ? path.substr(0, 1) : path.substr(0, slash));
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
