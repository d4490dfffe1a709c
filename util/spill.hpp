// Bytes written once in order and read back once, kept past a small buffer in an anonymous
// memory file (memfd). On this machine kind a fresh page costs a process about 12 us to touch and
// several more to write out again, against about 1 us for the kernel to take it through a file:
// a cold monolithic run's 2 MB wrapper list cost more as pages of its own than as a spill.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "util/file.hpp"

namespace cowrap::util {

class SpillBuffer {
public:
    // Bytes past this go to the file; a read back comes in pieces of this size.
    static constexpr std::size_t piece_size = std::size_t{64} << 10;

    SpillBuffer() = default;
    SpillBuffer(SpillBuffer&&) noexcept = default;
    SpillBuffer& operator=(SpillBuffer&&) noexcept = default;

    // Where to append; spill_if_full() after appending.
    std::string& buffer() { return buffer_; }
    // Moves the buffer to the file once it holds a piece. Without a file (memfd_create failed)
    // or when a write fails, the bytes stay in the buffer, which then grows: never lost.
    void spill_if_full();
    std::size_t size() const { return spilled_ + buffer_.size(); }

    // Every byte in order, in pieces of at most piece_size, until `piece` returns false.
    // Whether every byte was read and taken.
    bool read(const std::function<bool(std::string_view)>& piece) const;
    // Every byte as one string (read back), or nullopt when the spill cannot be read.
    std::optional<std::string> take();

private:
    std::string buffer_;
    UniqueFd file_;
    bool no_file_ = false;  // memfd_create failed once: keep everything in the buffer
    std::size_t spilled_ = 0;
};

}  // namespace cowrap::util
