// An advisory lock on a file (flock(2), so a killed holder releases it), waited for up to a
// timeout.
#pragma once

#include <string>

#include "util/file.hpp"

namespace cowrap::util {

// Sleeps between two tries at something another process holds: 1, 2, 4, 8, then 16 ms, however
// many tries came before.
void sleep_before_retry(int attempt);

class FileLock {
public:
    FileLock() = default;
    FileLock(FileLock&&) = default;
    FileLock& operator=(FileLock&&) = default;

    // Locks `path`, created (0666 less the umask) when `create` and missing; a symbolic link,
    // FIFO or device is refused. Waits up to `timeout_ms`; false with `error` set on failure.
    bool lock_file(const std::string& path, bool create, int timeout_ms, std::string& error);
    // Locks a folder itself (no file is created in it).
    bool lock_folder(const std::string& folder, int timeout_ms, std::string& error);
    bool locked() const { return static_cast<bool>(fd_); }
    void unlock() { fd_.reset(); }

private:
    bool wait(const std::string& path, int timeout_ms, std::string& error);
    UniqueFd fd_;
};

}  // namespace cowrap::util
