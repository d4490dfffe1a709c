// An output's content hash: XXH3-128 over its bytes outside the wrapper blocks and, in each
// block's place, the block's checksum (XXH3-128 of the block). A run needs every block's
// checksum anyway (the cache's wrapper list), so each byte is hashed once. The blocks' places
// are part of what is compared: an output's hash is checked against a file with the places its
// wrapper list records, where a different text would move them.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

#include "util/hash.hpp"

namespace cowrap {

// Where one wrapper block sits in the text: bytes [start, start + length).
struct Span {
    std::size_t start = 0;
    std::size_t length = 0;
};

// Fed in the text's order: the bytes between blocks, and each block's checksum. Small pieces
// are gathered before they reach the hash: a call for each block's few bytes cost more than
// hashing them.
class OutputHash {
public:
    void gap(std::string_view bytes);
    void block(const util::Digest128& checksum);
    util::Digest128 digest();

private:
    void flush();
    util::StreamHash stream_;
    std::array<char, 4096> pending_;
    std::size_t used_ = 0;
};

// The content hash of a text read in pieces, in order (a file through a small buffer): the
// same as output_hash's of the whole text.
class OutputHashStream {
public:
    explicit OutputHashStream(std::span<const Span> blocks);  // which must outlive it
    void update(std::string_view piece);
    // nullopt when the places are not in order inside the text.
    std::optional<util::Digest128> digest();

private:
    std::span<const Span> blocks_;
    std::size_t next_ = 0;  // the first block not hashed yet
    std::size_t at_ = 0;    // the text's bytes read so far
    bool fits_ = true;
    OutputHash hash_;
    std::optional<util::StreamHash> block_;  // of a block that runs over a piece's end
};

// The content hash of `text` whose blocks are at `blocks`, each checksummed from the text;
// nullopt when the places are not in order inside the text.
std::optional<util::Digest128> output_hash(std::string_view text, std::span<const Span> blocks);

}  // namespace cowrap
