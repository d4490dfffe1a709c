#include "util/hash.hpp"

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace cowrap::util {

namespace {

Digest128 canonical(XXH128_hash_t h) {
    XXH128_canonical_t c;
    XXH128_canonicalFromHash(&c, h);
    Digest128 out;
    static_assert(sizeof(c.digest) == sizeof(out));
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i] = c.digest[i];
    }
    return out;
}

}  // namespace

Digest128 xxh3_128(std::string_view bytes) {
    return canonical(XXH3_128bits(bytes.data(), bytes.size()));
}

std::uint64_t xxh3_64(std::string_view bytes) {
    return XXH3_64bits(bytes.data(), bytes.size());
}

struct StreamHash::State {
    XXH3_state_t xxh;
};

StreamHash::StreamHash() : state_(std::make_unique<State>()) {
    XXH3_128bits_reset(&state_->xxh);
}

StreamHash::~StreamHash() = default;

void StreamHash::update(std::string_view bytes) {
    XXH3_128bits_update(&state_->xxh, bytes.data(), bytes.size());
}

Digest128 StreamHash::digest() const {
    return canonical(XXH3_128bits_digest(&state_->xxh));
}

}  // namespace cowrap::util
