#include "core/text_arena.hpp"

#include <cstring>

namespace cowrap {

std::string_view TextArena::keep(std::string_view text) {
    if (text.empty()) {
        return {};
    }
    if (text.size() > left_) {
        if (text.size() > chunk_size / 4) {
            // A large text gets its own chunk, so the current one keeps its room.
            chunks_.push_back(std::make_unique_for_overwrite<char[]>(text.size()));
            std::memcpy(chunks_.back().get(), text.data(), text.size());
            return {chunks_.back().get(), text.size()};
        }
        chunks_.push_back(std::make_unique_for_overwrite<char[]>(chunk_size));
        next_ = chunks_.back().get();
        left_ = chunk_size;
    }
    char* const at = next_;
    std::memcpy(at, text.data(), text.size());
    next_ += text.size();
    left_ -= text.size();
    return {at, text.size()};
}

}  // namespace cowrap
