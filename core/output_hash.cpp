#include "core/output_hash.hpp"

#include <cstring>

namespace cowrap {

void OutputHash::gap(std::string_view bytes) {
    if (bytes.empty()) {
        return;
    }
    if (bytes.size() > pending_.size() - used_) {
        flush();
        if (bytes.size() > pending_.size() / 2) {
            stream_.update(bytes);
            return;
        }
    }
    std::memcpy(pending_.data() + used_, bytes.data(), bytes.size());
    used_ += bytes.size();
}

void OutputHash::block(const util::Digest128& checksum) {
    gap(std::string_view(reinterpret_cast<const char*>(checksum.data()), checksum.size()));
}

util::Digest128 OutputHash::digest() {
    flush();
    return stream_.digest();
}

void OutputHash::flush() {
    stream_.update(std::string_view(pending_.data(), used_));
    used_ = 0;
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
