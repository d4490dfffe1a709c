// XXH3 hashing, one-shot and streaming, for core/ (the output's hash as it is written) and
// cache/ (keys, checksums). xxHash is compiled in (XXH_INLINE_ALL), so no libxxhash.so is
// loaded at start-up; the hashes are those of the library.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string_view>

namespace cowrap::util {

// XXH3-128 in its canonical (big-endian) byte order.
using Digest128 = std::array<unsigned char, 16>;

Digest128 xxh3_128(std::string_view bytes);
std::uint64_t xxh3_64(std::string_view bytes);

// XXH3-128 of bytes given piece by piece: the same digest as xxh3_128 of their concatenation.
class StreamHash {
public:
    StreamHash();
    ~StreamHash();
    StreamHash(const StreamHash&) = delete;
    StreamHash& operator=(const StreamHash&) = delete;

    void update(std::string_view bytes);
    Digest128 digest() const;

private:
    struct State;
    std::unique_ptr<State> state_;  // XXH3_state_t: 576 bytes, 64-byte aligned
};

}  // namespace cowrap::util
