#include "core/source.hpp"

#include <algorithm>
#include <cstring>

namespace cowrap {

const Source* find_source(const ShownSources& shown, std::string_view path) {
    for (const Source* s : shown.list) {
        if (s->path == path) {
            return s;
        }
    }
    return nullptr;
}

Source make_source(std::string path, std::string text) {
    Source s{std::move(path), std::move(text), {0}, {}};
    const std::string& t = s.text;
    if (std::memchr(t.data(), '\r', t.size()) == nullptr) {
        // The usual case: only \n ends lines, and memchr finds them far faster than a loop.
        const char* const begin = t.data();
        const char* const end = begin + t.size();
        for (const char* p = begin; p != end;) {
            const auto* nl = static_cast<const char*>(std::memchr(p, '\n', end - p));
            if (nl == nullptr) {
                break;
            }
            p = nl + 1;
            s.line_starts.push_back(static_cast<std::size_t>(p - begin));
        }
        return s;
    }
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (t[i] == '\n' || (t[i] == '\r' && (i + 1 == t.size() || t[i + 1] != '\n'))) {
            s.line_starts.push_back(i + 1);
        }
    }
    return s;
}

Location locate(const Source& source, std::size_t offset) {
    auto it = std::upper_bound(source.line_starts.begin(), source.line_starts.end(), offset);
    std::size_t line = static_cast<std::size_t>(it - source.line_starts.begin());
    return {line, offset - source.line_starts[line - 1] + 1};
}

std::string_view line_text(const Source& source, std::size_t line) {
    if (line == 0 || line > source.line_starts.size()) {
        return {};
    }
    std::size_t begin = source.line_starts[line - 1];
    std::size_t end =
        line < source.line_starts.size() ? source.line_starts[line] : source.text.size();
    std::string_view v(source.text);
    v = v.substr(begin, end - begin);
    while (!v.empty() && (v.back() == '\n' || v.back() == '\r')) {
        v.remove_suffix(1);
    }
    return v;
}

}  // namespace cowrap
