// Owns the text that declarations view when it is not a slice of their source: normalised
// spellings, a file's text with its line splices joined, declarations read back from the
// cache. Text kept here never moves, also when the arena itself is moved, so a view into it
// stays valid as long as the arena lives.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

namespace cowrap {

class TextArena {
public:
    TextArena() = default;
    TextArena(TextArena&&) noexcept = default;
    TextArena& operator=(TextArena&&) noexcept = default;
    TextArena(const TextArena&) = delete;
    TextArena& operator=(const TextArena&) = delete;

    // A copy of `text` that lives as long as the arena.
    std::string_view keep(std::string_view text);
    // Room for `size` bytes that live as long as the arena, for the caller to fill before it
    // asks for more; it may also write `slack` bytes past them (a fixed-size copy's overshoot),
    // which stay free.
    char* room(std::size_t size, std::size_t slack = 0);

    bool empty() const { return chunks_.empty(); }

private:
    // Chunks are allocated whole and never grown: a header's spellings usually fit in one.
    static constexpr std::size_t chunk_size = 4096;
    std::vector<std::unique_ptr<char[]>> chunks_;
    char* next_ = nullptr;
    std::size_t left_ = 0;
};

}  // namespace cowrap
