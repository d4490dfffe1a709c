// The AVX2 copy of XXH3 (util/hash_avx2.cpp), for util/hash.cpp and its test only. Call it
// only when avx2_usable() says so.
#pragma once

#include <cstddef>
#include <cstdint>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define COWRAP_HASH_AVX2 1
#else
#define COWRAP_HASH_AVX2 0
#endif

namespace cowrap::util::avx2 {

// Whether this CPU runs AVX2 (checked once, at start-up).
bool usable();

#if COWRAP_HASH_AVX2
// XXH3-128 of [data, data + size): out[0] the high half, out[1] the low one.
void xxh3_128(const void* data, std::size_t size, std::uint64_t out[2]);
// XXH3_128bits_update on an XXH3_state_t.
void xxh3_128_update(void* state, const void* data, std::size_t size);
#endif

}  // namespace cowrap::util::avx2
