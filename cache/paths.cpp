#include "cache/paths.hpp"

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
