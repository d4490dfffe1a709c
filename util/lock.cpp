#include "util/lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <thread>

namespace cowrap::util {

void sleep_before_retry(int attempt) {
    // The shift stays below 5: a long wait once shifted an int by 32.
    std::this_thread::sleep_for(std::chrono::milliseconds(1 << std::clamp(attempt, 0, 4)));
}

bool FileLock::lock_file(const std::string& path, bool create, int timeout_ms, std::string& error) {
    fd_ = open_own_file(path, O_RDWR | (create ? O_CREAT : 0));
    if (!fd_) {
        error = errno_message("cannot open", path);
        return false;
    }
    return wait(path, timeout_ms, error);
}

bool FileLock::lock_folder(const std::string& folder, int timeout_ms, std::string& error) {
    fd_ = UniqueFd(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd_) {
        error = errno_message("cannot open", folder);
        return false;
    }
    return wait(folder, timeout_ms, error);
}

bool FileLock::wait(const std::string& path, int timeout_ms, std::string& error) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    for (int attempt = 0; ::flock(fd_.get(), LOCK_EX | LOCK_NB) != 0; ++attempt) {
        if ((errno != EWOULDBLOCK && errno != EINTR) ||
            std::chrono::steady_clock::now() >= deadline) {
            error = errno_message("cannot lock", path);
            fd_.reset();
            return false;
        }
        sleep_before_retry(attempt);
    }
    return true;
}

}  // namespace cowrap::util
