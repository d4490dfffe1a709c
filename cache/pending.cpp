#include "cache/pending.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <thread>
#include <vector>

#include "cache/name_digest.hpp"
#include "cache/open.hpp"
#include "cache/paths.hpp"
#include "cache/schema.hpp"

namespace cowrap::cache {

namespace {

constexpr std::string_view run_suffix = ".run";
constexpr std::string_view temporary_prefix = ".tmp-";
// A temporary this old belongs to a killed run: no run takes a minute to write 1 file.
constexpr time_t stale_seconds = 600;
// Past this many pending runs a cold run opens the database and stores them all: builds that
// are always cold (a kept cache, outputs removed each time) would otherwise never fold, and
// the digest would keep growing.
constexpr off_t max_pending_runs = 256;

// One byte per pending run since the last fold: its size is the count, for one stat().
std::string backlog_path(const std::string& folder) {
    return folder + "/backlog";
}

std::string folder_of(const std::string& path) {
    const std::size_t slash = path.rfind('/');
    return slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
}

// Sorts in the order the runs finished: the wall clock in nanoseconds, then the process id.
std::string run_file_name() {
    timespec ts{};
    ::clock_gettime(CLOCK_REALTIME, &ts);
    const auto ns = static_cast<unsigned long long>(ts.tv_sec) * 1000000000ULL +
                    static_cast<unsigned long long>(ts.tv_nsec);
    return fmt::format("{:020}-{}{}", ns, ::getpid(), run_suffix);
}

// The pending runs' file names, oldest first; removes stale temporaries on the way.
std::vector<std::string> list_runs(const std::string& folder, bool remove_stale) {
    std::vector<std::string> runs;
    DIR* dir = ::opendir(folder.c_str());
    if (dir == nullptr) {
        return runs;
    }
    const time_t now = std::time(nullptr);
    while (const dirent* e = ::readdir(dir)) {
        std::string_view name = e->d_name;
        if (name.size() > run_suffix.size() && name.ends_with(run_suffix) &&
            !name.starts_with('.')) {
            runs.emplace_back(name);
        } else if (remove_stale && name.starts_with(temporary_prefix)) {
            struct stat st;
            if (::fstatat(::dirfd(dir), e->d_name, &st, 0) == 0 &&
                st.st_mtime < now - stale_seconds) {
                ::unlinkat(::dirfd(dir), e->d_name, 0);
            }
        }
    }
    ::closedir(dir);
    std::sort(runs.begin(), runs.end());
    return runs;
}

[[noreturn]] void fail(const std::string& what) {
    throw Error(0, what + ": " + std::strerror(errno));
}

void make_folder(const std::string& folder) {
    if (::mkdir(folder.c_str(), 0777) != 0 && errno != EEXIST) {
        fail("cannot create '" + folder + "'");
    }
}

}  // namespace

std::string pending_folder(const std::string& cache_path) {
    return cache_path + ".pending";
}

FolderLock::FolderLock(const std::string& folder) {
    const std::string path = folder + "/lock";
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (fd_ < 0) {
        fail("cannot open '" + path + "'");
    }
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(busy_timeout());
    for (int attempt = 0; ::flock(fd_, LOCK_EX | LOCK_NB) != 0; ++attempt) {
        if ((errno != EWOULDBLOCK && errno != EINTR) ||
            std::chrono::steady_clock::now() >= deadline) {
            const int err = errno;
            ::close(fd_);
            errno = err;
            fail("cannot lock '" + path + "'");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(std::min(1 << attempt, 16)));
    }
}

FolderLock::~FolderLock() {
    ::close(fd_);  // releases the flock
}

bool can_defer(const std::string& cache_path, const std::string& output) {
    if (::access(output.c_str(), F_OK) == 0 || errno != ENOENT) {
        return false;
    }
    const std::string parent = folder_of(cache_path);
    if (::access(parent.c_str(), W_OK) != 0 || ::access(cache_path.c_str(), W_OK) != 0 ||
        network_filesystem_of(parent)) {
        return false;
    }
    try {
        const std::optional<FileHeader> h = check_file_header(cache_path);
        if (!h || h->application_id != application_id || !h->wal ||
            h->user_version != static_cast<std::uint32_t>(schema_version)) {
            return false;
        }
    } catch (const Error&) {
        return false;
    }
    const std::string folder = pending_folder(cache_path);
    struct stat backlog;
    if (::stat(backlog_path(folder).c_str(), &backlog) == 0 &&
        backlog.st_size >= max_pending_runs) {
        return false;
    }
    return ::access(digest_path(folder).c_str(), W_OK) == 0;
}

void add_pending_run(const std::string& cache_path, const RunRecord& record) {
    const std::string folder = pending_folder(cache_path);
    const std::string name = run_file_name();
    const std::string temporary = folder + "/" + std::string(temporary_prefix) + name;
    if (!write_bytes(temporary, serialize_run_record(record))) {
        const int err = errno;
        ::unlink(temporary.c_str());
        errno = err;
        fail("cannot write '" + temporary + "'");
    }
    try {
        // Under the lock, so that a fold either sees the run and its names or neither.
        FolderLock lock(folder);
        if (::rename(temporary.c_str(), (folder + "/" + name).c_str()) != 0) {
            fail("cannot rename '" + temporary + "'");
        }
        if (record.wrappers) {
            append_to_digest(folder, *record.wrappers);
        }
        const int fd =
            ::open(backlog_path(folder).c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
        if (fd >= 0) {  // only a hint: a failure here loses nothing
            [[maybe_unused]] ssize_t n = ::write(fd, "+", 1);
            ::close(fd);
        }
    } catch (...) {
        ::unlink(temporary.c_str());
        throw;
    }
}

void add_to_digest(const std::string& cache_path, const std::vector<WrapperRow>& rows) {
    const std::string folder = pending_folder(cache_path);
    if (rows.empty() || ::access(digest_path(folder).c_str(), F_OK) != 0) {
        return;
    }
    FolderLock lock(folder);
    append_to_digest(folder, rows);
}

std::size_t fold_pending_runs(Database& db, const std::string& cache_path) {
    const std::string folder = pending_folder(cache_path);
    const bool have_digest = ::access(digest_path(folder).c_str(), F_OK) == 0;
    if (have_digest && list_runs(folder, false).empty()) {
        return 0;  // the usual case for a warm run: one readdir
    }
    make_folder(folder);
    FolderLock lock(folder);
    const std::vector<std::string> runs = list_runs(folder, true);
    std::size_t stored = 0;
    if (!runs.empty()) {
        std::vector<RunRecord> records;
        for (const std::string& name : runs) {
            std::optional<std::string> bytes = read_bytes(folder + "/" + name);
            std::optional<RunRecord> record = bytes ? deserialize_run_record(*bytes) : std::nullopt;
            if (record) {  // a damaged one is dropped: the cache is only ever a hint
                records.push_back(std::move(*record));
            }
        }
        WriteTransaction tx(db);
        stored = store_run_records(db, records);
        tx.commit();
        for (const std::string& name : runs) {
            ::unlink((folder + "/" + name).c_str());
        }
        ::truncate(backlog_path(folder).c_str(), 0);
    }
    bool rebuild = !have_digest;
    if (!rebuild && stored > 0) {
        struct stat st;
        const std::int64_t wrappers = db.query_int("SELECT count(*) FROM wrappers");
        rebuild =
            ::stat(digest_path(folder).c_str(), &st) == 0 && st.st_size / 16 > 2 * wrappers + 1024;
    }
    if (rebuild) {
        rebuild_digest(folder, db);
    }
    return stored;
}

std::size_t count_pending_runs(const std::string& cache_path) {
    return list_runs(pending_folder(cache_path), false).size();
}

void reset_digest(Database& db, const std::string& cache_path) {
    const std::string folder = pending_folder(cache_path);
    make_folder(folder);
    FolderLock lock(folder);
    rebuild_digest(folder, db);
}

}  // namespace cowrap::cache
