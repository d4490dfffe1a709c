// A loaded input file: its bytes, the path it was named by, and a line index for messages.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "util/file.hpp"

namespace cowrap {

// 1-based line and byte column; 0 means "unknown".
struct Location {
    std::size_t line = 0;
    std::size_t column = 0;
    friend bool operator==(const Location&, const Location&) = default;
};

struct Source {
    std::string path;  // as given on the command line
    std::string text;
    std::vector<std::size_t> line_starts;  // byte offset of each line; \n, \r\n and \r end lines
    util::FileStamp stamp;                 // of the file as it was read (zero: not from a file)
};

Source make_source(std::string path, std::string text);

// Line and column of a byte offset.
Location locate(const Source& source, std::size_t offset);

// The text of a 1-based line, without its line ending.
std::string_view line_text(const Source& source, std::size_t line);

// The sources whose lines diagnostics may show, where they already are (not copies: a run's
// inputs, its context headers, inputs read again). The first with a path is the one shown.
struct ShownSources {
    std::vector<const Source*> list;
    ShownSources() = default;
    // Implicit: where a vector of sources is shown, it is shown where it is.
    ShownSources(const std::vector<Source>& sources) { add(sources); }
    void add(const std::vector<Source>& sources) {
        for (const Source& s : sources) {
            list.push_back(&s);
        }
    }
};

// The source named `path` in `shown`, or null.
const Source* find_source(const ShownSources& shown, std::string_view path);

}  // namespace cowrap
