#include "core/output_hash.hpp"

namespace cowrap {

void OutputHash::block(const util::Digest128& checksum) {
    stream_.update(
        std::string_view(reinterpret_cast<const char*>(checksum.data()), checksum.size()));
}

std::optional<util::Digest128> output_hash(std::string_view text, std::span<const Span> blocks) {
    OutputHash hash;
    std::size_t at = 0;
    for (const Span& b : blocks) {
        if (b.start < at || b.start > text.size() || b.length > text.size() - b.start) {
            return std::nullopt;
        }
        hash.gap(text.substr(at, b.start - at));
        hash.block(util::xxh3_128(text.substr(b.start, b.length)));
        at = b.start + b.length;
    }
    hash.gap(text.substr(at));
    return hash.digest();
}

}  // namespace cowrap
