// Paths as the cache stores them (absolute, normalised) and shows them.
#pragma once

#include <string>
#include <string_view>

namespace cowrap::cache {

// Absolute and lexically normal, so runs from different folders agree on a file.
std::string absolute_path(std::string_view path);

// Relative to the current folder when the file is beneath it, else absolute.
std::string shown_path(std::string_view stored);

}  // namespace cowrap::cache
