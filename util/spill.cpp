#include "util/spill.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
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
        // What was written stays spilled; the rest goes on in memory.
        no_file_ = true;
        return;
    }
    spilled_ += buffer_.size();
    buffer_.clear();
}

bool SpillBuffer::read(const std::function<bool(std::string_view)>& piece) {
    if (spilled_ > 0) {
        std::string chunk(piece_size, '\0');
        std::size_t at = 0;
        while (at < spilled_) {
            const std::size_t want = std::min(piece_size, spilled_ - at);
            const ssize_t got = ::pread(file_.get(), chunk.data(), want, static_cast<off_t>(at));
            if (got < 0 && errno == EINTR) {
                continue;
            }
            if (got <= 0) {
                return false;
            }
            if (!piece(std::string_view(chunk.data(), static_cast<std::size_t>(got)))) {
                return false;
            }
            at += static_cast<std::size_t>(got);
        }
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
