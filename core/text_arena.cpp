#include "core/text_arena.hpp"

#include <cstring>

namespace cowrap {

std::string_view TextArena::keep(std::string_view text) {
    if (text.empty()) {
        return {};
    }
    char* const at = room(text.size());
    std::memcpy(at, text.data(), text.size());
    return {at, text.size()};
}

char* TextArena::room(std::size_t size, std::size_t slack) {
    const std::size_t wanted = size + slack;
    if (wanted > left_) {
        if (wanted > chunk_size / 4) {
            // A large text gets its own chunk, so the current one keeps its room.
            chunks_.push_back(std::make_unique_for_overwrite<char[]>(wanted));
            return chunks_.back().get();
        }
        chunks_.push_back(std::make_unique_for_overwrite<char[]>(chunk_size));
        next_ = chunks_.back().get();
        left_ = chunk_size;
    }
    char* const at = next_;
    next_ += size;
    left_ -= size;
    return at;
}

}  // namespace cowrap
