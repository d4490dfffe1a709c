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
    std::string out;
    out.reserve(snake.size());
    std::size_t start = 0;
    while (true) {
        std::size_t end = snake.find('_', start);
        std::string_view word =
            snake.substr(start, end == std::string_view::npos ? end : end - start);
        if (word.empty()) {
            return std::nullopt;
        }
        char first = word.front();
        out += first >= 'a' && first <= 'z' ? static_cast<char>(first - 'a' + 'A') : first;
        out += word.substr(1);
        if (end == std::string_view::npos) {
            return out;
        }
        start = end + 1;
    }
}

}  // namespace cowrap
