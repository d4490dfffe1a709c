// XXH3 compiled a second time, for AVX2 (util/hash.cpp picks it when the CPU has AVX2): the
// same hashes as the SSE2 code every x86-64 has, in less than half the instructions on the long
// inputs a run hashes (its output, its headers). Only this file's functions are compiled for
// AVX2, so everything the compiler may share with other files (any C++ library code) is
// included before the target is switched, and the functions here take plain C types.
#include "util/hash_avx2.hpp"

#if COWRAP_HASH_AVX2

#include <immintrin.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx2"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx2")
#endif

#define XXH_INLINE_ALL
#define XXH_VECTOR XXH_AVX2
#include <xxhash.h>

namespace cowrap::util::avx2 {

void xxh3_128(const void* data, size_t size, uint64_t out[2]) {
    const XXH128_hash_t h = XXH3_128bits(data, size);
    out[0] = h.high64;
    out[1] = h.low64;
}

void xxh3_128_update(void* state, const void* data, size_t size) {
    XXH3_128bits_update(static_cast<XXH3_state_t*>(state), data, size);
}

}  // namespace cowrap::util::avx2

#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif

#endif
