#include "cache/paths.hpp"

#include <filesystem>
#include <system_error>

#include "util/file.hpp"

namespace cowrap::cache {

namespace fs = std::filesystem;

std::string absolute_path(std::string_view path) {
    std::error_code ec;
    fs::path p = fs::absolute(fs::path(path), ec);
    if (ec) {
        return std::string(path);
    }
    fs::path real = fs::weakly_canonical(p, ec);
    return ec ? p.lexically_normal().string() : real.string();
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
