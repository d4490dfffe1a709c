// Paths as the cache stores them (absolute, normalised) and shows them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cowrap::cache {

// Absolute and lexically normal, so runs from different folders agree on a file.
std::string absolute_path(std::string_view path);

// The file's bytes, or nullopt when it cannot be read. One read() per chunk: an istream
// iterator costs several instructions per byte.
std::optional<std::string> read_bytes(const std::string& path);

// The folder holding `path`: "." for a bare file name.
std::string folder_of(std::string_view path);

// Writes all of `bytes` to `fd`; false (errno set) on failure.
bool write_fd(int fd, std::string_view bytes);

// Creates or truncates `path` (mode 0666 less the umask) and writes `bytes`; false (errno set)
// on failure.
bool write_bytes(const std::string& path, std::string_view bytes);

// Relative to the current folder when the file is beneath it, else absolute.
std::string shown_path(std::string_view stored);

}  // namespace cowrap::cache
