#include "util/spill.hpp"

#include <sys/mman.h>

#include <utility>

namespace cowrap::util {

void SpillBuffer::spill_if_full() {
    if (buffer_.size() < piece_size || no_file_) {
        return;
    }
    if (!file_) {
        file_ = UniqueFd(::memfd_create("cowrap-spill", MFD_CLOEXEC));
        if (!file_) {
            no_file_ = true;
            return;
        }
    }
    if (!write_all(file_.get(), buffer_)) {
        // The pieces spilled before stay; this one and the rest go on in memory (bytes of it
        // the file may hold are past spilled_, never read).
        no_file_ = true;
        return;
    }
    spilled_ += buffer_.size();
    buffer_.clear();
}

bool SpillBuffer::read(const std::function<bool(std::string_view)>& piece) const {
    if (spilled_ > 0 && !read_pieces(file_.get(), piece, spilled_, piece_size)) {
        return false;
    }
    return buffer_.empty() || piece(buffer_);
}

std::optional<std::string> SpillBuffer::take() {
    if (spilled_ == 0) {
        return std::exchange(buffer_, std::string());
    }
    std::string all;
    all.reserve(size());
    if (!read([&](std::string_view p) {
            all += p;
            return true;
        })) {
        return std::nullopt;
    }
    return all;
}

}  // namespace cowrap::util
