#include "core/names.hpp"

namespace cowrap {

namespace {

// Whether `wrapper` holds "_co_" at or after `from`: a byte loop that looks further only at a
// '_' (string_view::find of a string calls out for each candidate in libstdc++ 12).
bool has_co_infix(std::string_view wrapper, std::size_t from) {
    for (std::size_t i = from; i + 4 <= wrapper.size(); ++i) {
        if (wrapper[i] == '_' && wrapper[i + 1] == 'c' && wrapper[i + 2] == 'o' &&
            wrapper[i + 3] == '_') {
            return true;
        }
    }
    return false;
}

}  // namespace

bool target_name_to(std::string& out, std::string_view wrapper, Kind kind) {
    const std::size_t cut = wrapper.find('_');
    if (kind == Kind::co) {
        // A_B -> A_co_B; a wrapper that already holds _co_ would wrap a doubled name.
        if (cut == std::string_view::npos || has_co_infix(wrapper, cut) || cut == 0 ||
            cut + 1 == wrapper.size()) {
            return false;
        }
        out.assign(wrapper.substr(0, cut));
        out += "_co_";
        out += wrapper.substr(cut + 1);
        return true;
    }
    // A_co_B -> A_B: `co` must be exactly the second word.
    if (cut == std::string_view::npos || cut == 0) {
        return false;
    }
    const std::string_view rest = wrapper.substr(cut + 1);
    if (!rest.starts_with("co_") || rest.size() == 3) {
        return false;
    }
    out.assign(wrapper.substr(0, cut + 1));
    out += rest.substr(3);
    return true;
}

bool camel_case_to(std::string& out, std::string_view snake) {
    // One pass into a string sized once (this runs twice per wrapper: validation and emission).
    out.resize(snake.size());
    char* to = out.data();
    bool word_start = true;
    for (const char c : snake) {
        if (c == '_') {
            if (word_start) {
                return false;  // an empty word: '__', or '_' at the start
            }
            word_start = true;
            continue;
        }
        *to++ = word_start && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
        word_start = false;
    }
    if (word_start) {
        return false;  // empty, or '_' at the end
    }
    out.resize(static_cast<std::size_t>(to - out.data()));
    return true;
}

std::optional<std::string> target_name(std::string_view wrapper, Kind kind) {
    std::string out;
    if (!target_name_to(out, wrapper, kind)) {
        return std::nullopt;
    }
    return out;
}

std::optional<std::string> camel_case(std::string_view snake) {
    std::string out;
    if (!camel_case_to(out, snake)) {
        return std::nullopt;
    }
    return out;
}

}  // namespace cowrap
