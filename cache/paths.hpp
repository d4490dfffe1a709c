// Paths as the cache stores them (absolute, normalised) and shows them.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace cowrap::cache {

// Absolute, normal and with the symlinks of what exists resolved, so runs from different
// folders, or through a symlinked folder, agree on a file (`cache why link/gen.c`).
std::string absolute_path(std::string_view path);

// absolute_path for the many paths of one run, remembered: they share a few folders, so each
// folder is resolved once and a name in it only looked at (one lstat) for a symbolic link of
// its own (resolving each of 200 headers whole cost a monolithic run 800 system calls).
class AbsolutePaths {
public:
    // `not_a_link`: the caller has seen that the path's last name is no symbolic link, so
    // that look is not taken again.
    const std::string& of(std::string_view path, bool not_a_link = false);

private:
    std::string resolve(std::string_view path, bool not_a_link);
    std::map<std::string, std::string, std::less<>> paths_;
    std::map<std::string, std::string, std::less<>> folders_;
    // Consecutive calls mostly ask for the same path (one per declaration).
    const std::string* last_path_ = nullptr;
    const std::string* last_absolute_ = nullptr;
};

// Past this, a file the cache would read (an output, a header, its journal) is not read: the
// cache is only a hint, and the run goes on without it.
inline constexpr std::size_t max_read_bytes = std::size_t{256} << 20;

// A regular file's bytes, or nullopt when it cannot be read, is not a regular file or is
// larger than max_read_bytes.
std::optional<std::string> read_bytes(const std::string& path);

// read_bytes for the cache's own files: a symbolic link is not followed (nullopt).
std::optional<std::string> read_own_bytes(const std::string& path);

// The folder holding `path`: "." for a bare file name.
std::string folder_of(std::string_view path);

// Relative to the current folder when the file is beneath it, else absolute.
std::string shown_path(std::string_view stored);

}  // namespace cowrap::cache
