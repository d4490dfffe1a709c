// util/hash: the hashes are XXH3's whichever code computes them (the SSE2 copy or the AVX2 one
// picked at run time), in one piece or in many.
#include <gtest/gtest.h>

#include <cstddef>
#include <random>
#include <string>
#include <string_view>

#include "util/hash.hpp"
#include "util/hash_avx2.hpp"

// The reference: xxHash's portable scalar code, compiled here on its own.
#define XXH_INLINE_ALL
#define XXH_VECTOR XXH_SCALAR
#include <xxhash.h>

namespace cowrap::util {
namespace {

Digest128 reference(std::string_view bytes) {
    XXH128_canonical_t c;
    XXH128_canonicalFromHash(&c, XXH3_128bits(bytes.data(), bytes.size()));
    Digest128 out;
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i] = c.digest[i];
    }
    return out;
}

std::string random_bytes(std::size_t size, unsigned seed) {
    std::mt19937 gen(seed);
    std::string s(size, '\0');
    for (char& c : s) {
        c = static_cast<char>(gen());
    }
    return s;
}

// Every length up to a few stripes and blocks, then a sample up to past one megabyte.
std::vector<std::size_t> lengths() {
    std::vector<std::size_t> out;
    for (std::size_t n = 0; n <= 1100; ++n) {
        out.push_back(n);
    }
    for (std::size_t n = 1101; n < (1u << 20) + 100; n = n * 5 / 4 + 7) {
        out.push_back(n);
    }
    return out;
}

TEST(UtilHash, EveryLengthHashesAsTheScalarCode) {
    const std::string bytes = random_bytes((1u << 20) + 100, 1);
    for (std::size_t n : lengths()) {
        const std::string_view piece = std::string_view(bytes).substr(7, n);
        ASSERT_EQ(xxh3_128(piece), reference(piece)) << n << " bytes";
    }
}

TEST(UtilHash, TheAvx2CodeHashesAsTheScalarCode) {
    if (!avx2::usable()) {
        GTEST_SKIP() << "this CPU has no AVX2";
    }
#if COWRAP_HASH_AVX2
    const std::string bytes = random_bytes((1u << 20) + 100, 2);
    for (std::size_t n : lengths()) {
        const std::string_view piece = std::string_view(bytes).substr(3, n);
        std::uint64_t h[2];
        avx2::xxh3_128(piece.data(), piece.size(), h);
        const XXH128_hash_t want = XXH3_128bits(piece.data(), piece.size());
        ASSERT_EQ(h[0], want.high64) << n << " bytes";
        ASSERT_EQ(h[1], want.low64) << n << " bytes";
    }
#endif
}

TEST(UtilHash, PiecesHashAsTheirConcatenation) {
    const std::string bytes = random_bytes(300000, 3);
    std::mt19937 gen(4);
    for (int round = 0; round < 20; ++round) {
        StreamHash stream;
        std::size_t at = 0;
        while (at < bytes.size()) {
            // Pieces from empty to a few blocks, as an output's wrappers come.
            const std::size_t n = std::min<std::size_t>(gen() % 5000, bytes.size() - at);
            stream.update(std::string_view(bytes).substr(at, n));
            at += n;
        }
        ASSERT_EQ(stream.digest(), reference(bytes)) << "round " << round;
    }
}

}  // namespace
}  // namespace cowrap::util
