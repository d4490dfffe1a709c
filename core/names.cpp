#include "core/names.hpp"

namespace cowrap {

std::optional<std::string> target_name(std::string_view wrapper, Kind kind) {
    if (kind == Kind::co) {
        // A_B -> A_co_B; a wrapper that already holds _co_ would wrap a doubled name.
        std::size_t cut = wrapper.find('_');
        if (wrapper.find("_co_") != std::string_view::npos || cut == std::string_view::npos ||
            cut == 0 || cut + 1 == wrapper.size()) {
            return std::nullopt;
        }
        std::string target(wrapper.substr(0, cut));
        target += "_co_";
        target += wrapper.substr(cut + 1);
        return target;
    }
    // A_co_B -> A_B: `co` must be exactly the second word.
    std::size_t cut = wrapper.find('_');
    if (cut == std::string_view::npos || cut == 0) {
        return std::nullopt;
    }
    std::string_view rest = wrapper.substr(cut + 1);
    if (!rest.starts_with("co_") || rest.size() == 3) {
        return std::nullopt;
    }
    std::string target(wrapper.substr(0, cut + 1));
    target += rest.substr(3);
    return target;
}

std::optional<std::string> camel_case(std::string_view snake) {
    // One pass into a string sized once (this runs twice per wrapper: validation and emission).
    std::string out(snake.size(), '\0');
    char* to = out.data();
    bool word_start = true;
    for (const char c : snake) {
        if (c == '_') {
            if (word_start) {
                return std::nullopt;  // an empty word: '__', or '_' at the start
            }
            word_start = true;
            continue;
        }
        *to++ = word_start && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
        word_start = false;
    }
    if (word_start) {
        return std::nullopt;  // empty, or '_' at the end
    }
    out.resize(static_cast<std::size_t>(to - out.data()));
    return out;
}

}  // namespace cowrap
