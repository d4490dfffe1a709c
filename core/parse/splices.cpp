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
    // From backslash to backslash (`memchr`): most files have none outside a rare string
    // escape, and the text between splices is copied in one piece (a byte at a time cost 4
    // instructions a byte of every file with a macro continued over lines).
    std::size_t removed = 0;
    std::size_t copied = 0;  // text before this is in s.text, or left out as a splice
    std::size_t i = 0;
    while (const void* p = std::memchr(text.data() + i, '\\', text.size() - i)) {
        i = static_cast<std::size_t>(static_cast<const char*>(p) - text.data());
        if (i + 1 == text.size() || (text[i + 1] != '\n' && text[i + 1] != '\r')) {
            ++i;  // an escape, or a backslash at the end
            continue;
        }
        if (!s.any) {
            s.any = true;
            s.text.reserve(text.size());
        }
        s.text.append(text.substr(copied, i - copied));
        const std::size_t n =
            (text[i + 1] == '\r' && i + 2 < text.size() && text[i + 2] == '\n') ? 3 : 2;
        removed += n;
        i += n;
        copied = i;
        s.cuts.push_back({s.text.size(), removed});
    }
    if (s.any) {
        s.text.append(text.substr(copied));
    }
    return s;
}

}  // namespace cowrap::parse
