#include "core/parse/splices.hpp"

#include <algorithm>
#include <cstring>

namespace cowrap::parse {

std::size_t Spliced::physical(std::size_t offset) const {
    auto it = std::upper_bound(cuts.begin(), cuts.end(), offset,
                               [](std::size_t o, const Cut& c) { return o < c.at; });
    return it == cuts.begin() ? offset : offset + std::prev(it)->removed;
}

Spliced join_splices(std::string_view text) {
    Spliced s;
    // Most files have no backslash outside a rare string escape: find the first splice fast.
    std::size_t from = 0;
    std::size_t first = std::string_view::npos;
    while (from < text.size()) {
        const void* p = std::memchr(text.data() + from, '\\', text.size() - from);
        if (p == nullptr) {
            break;
        }
        std::size_t i = static_cast<std::size_t>(static_cast<const char*>(p) - text.data());
        if (i + 1 < text.size() && (text[i + 1] == '\n' || text[i + 1] == '\r')) {
            first = i;
            break;
        }
        from = i + 1;
    }
    if (first == std::string_view::npos) {
        return s;
    }
    s.any = true;
    s.text.reserve(text.size());
    s.text.append(text.substr(0, first));
    std::size_t removed = 0;
    std::size_t i = first;
    while (i < text.size()) {
        if (text[i] == '\\' && i + 1 < text.size() &&
            (text[i + 1] == '\n' || text[i + 1] == '\r')) {
            const std::size_t n =
                (text[i + 1] == '\r' && i + 2 < text.size() && text[i + 2] == '\n') ? 3 : 2;
            removed += n;
            i += n;
            s.cuts.push_back({s.text.size(), removed});
            continue;
        }
        // Up to the next backslash in one copy (a byte at a time cost 4 instructions a byte of
        // every file with a macro continued over lines).
        const void* p = std::memchr(text.data() + i + 1, '\\', text.size() - i - 1);
        const std::size_t next =
            p == nullptr ? text.size()
                         : static_cast<std::size_t>(static_cast<const char*>(p) - text.data());
        s.text.append(text.substr(i, next - i));
        i = next;
    }
    return s;
}

}  // namespace cowrap::parse
