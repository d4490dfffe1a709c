#include "core/output_hash.hpp"

#include <algorithm>
#include <cstdint>
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

OutputHashStream::OutputHashStream(std::span<const Span> blocks) : blocks_(blocks) {
    std::size_t at = 0;
    for (const Span& b : blocks_) {
        if (b.start < at || b.length > SIZE_MAX - b.start) {
            fits_ = false;
        }
        at = b.start + b.length;
    }
}

void OutputHashStream::update(std::string_view piece) {
    while (fits_ && !piece.empty()) {
        if (next_ == blocks_.size()) {
            hash_.gap(piece);
            at_ += piece.size();
            return;
        }
        const Span& b = blocks_[next_];
        if (at_ < b.start) {
            const std::size_t take = std::min(piece.size(), b.start - at_);
            hash_.gap(piece.substr(0, take));
            at_ += take;
            piece.remove_prefix(take);
            continue;
        }
        const std::size_t take = std::min(piece.size(), b.start + b.length - at_);
        if (at_ == b.start && take == b.length) {
            hash_.block(util::xxh3_128(piece.substr(0, take)));  // the usual case: whole
            ++next_;
        } else {
            if (!block_) {
                block_.emplace();
            }
            block_->update(piece.substr(0, take));
            if (at_ + take == b.start + b.length) {
                hash_.block(block_->digest());
                block_.reset();
                ++next_;
            }
        }
        at_ += take;
        piece.remove_prefix(take);
    }
}

std::optional<util::Digest128> OutputHashStream::digest() {
    // Empty blocks at the very end (none is ever emitted, but a list may say so).
    while (fits_ && next_ < blocks_.size() && blocks_[next_].start == at_ &&
           blocks_[next_].length == 0) {
        hash_.block(util::xxh3_128({}));
        ++next_;
    }
    if (!fits_ || next_ != blocks_.size()) {
        return std::nullopt;
    }
    return hash_.digest();
}

std::optional<util::Digest128> output_hash(std::string_view text, std::span<const Span> blocks) {
    OutputHashStream hash(blocks);
    hash.update(text);
    return hash.digest();
}

}  // namespace cowrap
