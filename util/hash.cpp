#include "util/hash.hpp"

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "util/hash_avx2.hpp"

namespace cowrap::util {

namespace avx2 {

#if COWRAP_HASH_AVX2
namespace {
// Before any constructor of this program may hash; libgcc may not have filled in the CPU
// model yet.
const bool has_avx2 = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") != 0;
}();
}  // namespace

bool usable() {
    return has_avx2;
}
#else
bool usable() {
    return false;
}
#endif

}  // namespace avx2

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
#if COWRAP_HASH_AVX2
    // Below 241 bytes XXH3 has no vector loop: the call would only cost.
    if (bytes.size() > 240 && avx2::usable()) {
        std::uint64_t h[2];
        avx2::xxh3_128(bytes.data(), bytes.size(), h);
        return canonical(XXH128_hash_t{h[1], h[0]});
    }
#endif
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
#if COWRAP_HASH_AVX2
    if (avx2::usable()) {
        avx2::xxh3_128_update(&state_->xxh, bytes.data(), bytes.size());
        return;
    }
#endif
    XXH3_128bits_update(&state_->xxh, bytes.data(), bytes.size());
}

Digest128 StreamHash::digest() const {
    return canonical(XXH3_128bits_digest(&state_->xxh));
}

}  // namespace cowrap::util
