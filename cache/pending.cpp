#include "cache/pending.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <optional>
#include <vector>

#include "cache/name_digest.hpp"
#include "cache/paths.hpp"
#include "cache/run_record_bytes.hpp"
#include "cache/store.hpp"
#include "util/file.hpp"

namespace cowrap::cache {

namespace {

// Each pending run in the journal: this marker, its length (4 bytes, little-endian), then the
// record (which ends with its own checksum). A writer killed mid-append leaves a torn record;
// the reader drops it and finds the next one by its marker.
constexpr std::string_view marker = "COWRAPRN";
constexpr std::size_t frame_size = marker.size() + 4;
// Past this much pending a cold run opens the database and stores it all (about 600 shards of
// 50 wrappers, or one large monolithic output): builds that are always cold (a kept cache,
// outputs removed each time) would otherwise never fold, and the digest would keep growing.
constexpr off_t max_journal_bytes = 4 << 20;

std::string journal_path(const std::string& folder) {
    return folder + "/runs";
}

// The outputs whose rows pending runs change (Fold in the header): one XXH3-64 of the output's
// path (8 bytes, native order) per such run, appended under the lock before the run's record;
// emptied by the fold. A torn last entry is never a whole match, so it changes nothing.
std::string changed_path(const std::string& folder) {
    return folder + "/changed";
}

// Whether `changed` lists `output` (a missing file lists nothing; an unreadable one all).
bool listed_as_changed(const std::string& folder, const std::string& output) {
    const std::optional<std::string> bytes = read_own_bytes(changed_path(folder));
    if (!bytes) {
        return ::access(changed_path(folder).c_str(), F_OK) == 0;
    }
    const std::uint64_t wanted = digest_hash(output);
    for (std::size_t at = 0; at + sizeof wanted <= bytes->size(); at += sizeof wanted) {
        std::uint64_t entry;
        std::memcpy(&entry, bytes->data() + at, sizeof entry);
        if (entry == wanted) {
            return true;
        }
    }
    return false;
}

[[noreturn]] void fail(const std::string& what) {
    throw Error(0, what + ": " + std::strerror(errno));
}

// The pending folder, created (0777 less the umask) when missing; a symbolic link or anything
// but a folder in its place is refused, as anyone who can write the cache's folder may have
// put it there.
void make_folder(const std::string& folder) {
    if (::mkdir(folder.c_str(), 0777) != 0 && errno != EEXIST) {
        fail("cannot create '" + folder + "'");
    }
    struct stat st;
    if (::lstat(folder.c_str(), &st) != 0) {
        fail("cannot create '" + folder + "'");
    }
    if (!S_ISDIR(st.st_mode)) {
        throw Error(0, "'" + folder + "' is " + std::string(util::file_kind(st.st_mode)) +
                           ", not a folder");
    }
}

off_t file_size(const std::string& path) {
    struct stat st;
    return ::lstat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) ? st.st_size : 0;
}

// The journal's records, oldest first. A torn or damaged stretch is dropped (the cache is only
// ever a hint), and reading goes on at the next marker.
std::vector<RunRecord> read_journal(std::string_view bytes) {
    std::vector<RunRecord> records;
    std::size_t at = 0;
    while (at < bytes.size()) {
        if (bytes.substr(at, marker.size()) == marker && bytes.size() - at >= frame_size) {
            std::uint32_t length = 0;
            for (std::size_t i = 0; i < 4; ++i) {
                length |= static_cast<std::uint32_t>(
                              static_cast<unsigned char>(bytes[at + marker.size() + i]))
                          << (8 * i);
            }
            if (length <= bytes.size() - at - frame_size) {
                if (auto record = deserialize_run_record(bytes.substr(at + frame_size, length))) {
                    records.push_back(std::move(*record));
                    at += frame_size + length;
                    continue;
                }
            }
        }
        const std::size_t next = bytes.find(marker, at + 1);
        if (next == std::string_view::npos) {
            break;
        }
        at = next;
    }
    return records;
}

}  // namespace

std::string pending_folder(const std::string& cache_path) {
    return cache_path + ".pending";
}

FolderLock::FolderLock(const std::string& folder) {
    std::string error;
    if (!lock_.lock_file(folder + "/lock", /*create=*/true, busy_timeout(), error)) {
        throw Error(0, error);
    }
}

bool journal_has_room(const std::string& cache_path) {
    const std::string folder = pending_folder(cache_path);
    return file_size(journal_path(folder)) < max_journal_bytes &&
           ::access(digest_path(folder).c_str(), W_OK) == 0;
}

bool can_defer(const std::string& cache_path, const std::string& output) {
    if (::access(output.c_str(), F_OK) == 0 || errno != ENOENT) {
        return false;
    }
    return cache_can_defer(cache_path);
}

bool cache_can_defer(const std::string& cache_path) {
    return ready_for_generate(cache_path) && journal_has_room(cache_path);
}

namespace {

// Only a shard group's wrappers: the cross-shard rule is the digest's one reader, and it looks
// within a group (a monolithic output's 2,000 names cost its run 0.9 M for nothing).
bool in_digest(const RunRecord& record) {
    return record.wrapper_list && !record.group.empty();
}

}  // namespace

void add_pending_run(const std::string& cache_path, const RunRecord& record, bool changes_rows,
                     const StreamedList* list) {
    const std::string folder = pending_folder(cache_path);
    // In pieces: the wrapper list is most of a record, and joining the frame copied it twice.
    const std::optional<RunRecordBytes> payload =
        list ? std::nullopt : std::optional(serialize_run_record_parts(record));
    auto frame = [](std::size_t size) {
        if (size > UINT32_MAX) {
            throw Error(0, "a run record of " + std::to_string(size) + " bytes");
        }
        std::string bytes(marker);
        for (std::size_t i = 0; i < 4; ++i) {
            bytes += static_cast<char>((size >> (8 * i)) & 0xff);
        }
        return bytes;
    };
    const std::string first = payload ? frame(payload->size()) : std::string();
    // Appending to one file costs a few microseconds; creating a file per run cost ~130 (ext4).
    // Under the lock, so that a fold sees the run and its names, or neither.
    FolderLock lock(folder);
    // Flagged before the append: a kill in between leaves a flag with nothing behind it, never
    // a changed row that the next lookups would not store first.
    if (changes_rows) {
        const std::string changed = changed_path(folder);
        const util::UniqueFd f = util::open_own_file(changed, O_WRONLY | O_APPEND | O_CREAT);
        const std::uint64_t entry = digest_hash(record.output);
        if (!f || !util::write_all(f.get(), std::string_view(reinterpret_cast<const char*>(&entry),
                                                             sizeof entry))) {
            fail("cannot write '" + changed + "'");
        }
    }
    const std::string path = journal_path(folder);
    const util::UniqueFd fd = util::open_own_file(path, O_WRONLY | O_APPEND | O_CREAT);
    if (!fd) {
        fail("cannot open '" + path + "'");
    }
    // A streamed list is written as its spill is read back, a piece at a time; a kill midway
    // leaves a torn record, which the reader drops.
    auto write_payload = [&] {
        const std::string_view pieces[] = {first, payload->head, payload->list, payload->tail};
        return util::write_all(fd.get(), pieces);
    };
    const bool written =
        payload ? write_payload()
                : write_run_record(
                      record, *list,
                      [&](std::size_t size) { return util::write_all(fd.get(), frame(size)); },
                      [&](std::string_view piece) { return util::write_all(fd.get(), piece); });
    if (!written) {
        fail("cannot write '" + path + "'");
    }
    if (in_digest(record)) {
        append_to_digest(folder, *record.wrapper_list);
    }
}

void add_to_digest(const std::string& cache_path, const RunRecord& record) {
    const std::string folder = pending_folder(cache_path);
    if (!in_digest(record) || record.wrapper_list->empty() ||
        ::access(digest_path(folder).c_str(), F_OK) != 0) {
        return;
    }
    FolderLock lock(folder);
    append_to_digest(folder, *record.wrapper_list);
}

std::size_t fold_pending_runs(Store& store, const std::string& cache_path, Fold which,
                              const std::string& output) {
    const std::string folder = pending_folder(cache_path);
    const std::string journal = journal_path(folder);
    const bool have_digest = ::access(digest_path(folder).c_str(), F_OK) == 0;
    if (have_digest && !has_pending_runs(cache_path)) {
        return 0;  // the usual case for a warm run: one stat
    }
    if (which == Fold::before_lookups && have_digest && file_size(journal) < max_journal_bytes &&
        !listed_as_changed(folder, output)) {
        return 0;  // no pending run changed what this run's lookups read
    }
    make_folder(folder);
    FolderLock lock(folder);
    std::size_t stored = 0;
    if (std::optional<std::string> bytes = read_own_bytes(journal); bytes && !bytes->empty()) {
        const std::vector<RunRecord> records = read_journal(*bytes);
        stored = store.store(records);
        // After the commit: a kill in between stores the runs twice (their `runs` rows and
        // counters), which is better than losing them.
        const util::UniqueFd fd = util::open_own_file(journal, O_WRONLY);
        if (!fd || ::ftruncate(fd.get(), 0) != 0) {
            fail("cannot empty '" + journal + "'");
        }
    }
    if (::unlink(changed_path(folder).c_str()) != 0 && errno != ENOENT) {
        fail("cannot remove '" + changed_path(folder) + "'");
    }
    bool rebuild = !have_digest;
    if (!rebuild && stored > 0) {
        // The count is summed over every output row: asked only of a digest that may be stale.
        const auto entries = file_size(digest_path(folder)) / 16;
        rebuild = entries > 1024 && entries > 2 * store.wrapper_count() + 1024;
    }
    if (rebuild) {
        rebuild_digest(folder, store);
    }
    return stored;
}

std::size_t count_pending_runs(const std::string& cache_path) {
    std::optional<std::string> bytes = read_own_bytes(journal_path(pending_folder(cache_path)));
    return bytes ? read_journal(*bytes).size() : 0;
}

bool has_pending_runs(const std::string& cache_path) {
    return file_size(journal_path(pending_folder(cache_path))) > 0;
}

bool start_digest(const std::string& cache_path) {
    const std::string folder = pending_folder(cache_path);
    make_folder(folder);
    FolderLock lock(folder);
    if (::access(digest_path(folder).c_str(), F_OK) == 0) {
        return true;
    }
    if (has_pending_runs(cache_path)) {
        return false;
    }
    empty_digest(folder);
    return true;
}

void reset_digest(Store& store, const std::string& cache_path) {
    const std::string folder = pending_folder(cache_path);
    make_folder(folder);
    FolderLock lock(folder);
    rebuild_digest(folder, store);
}

}  // namespace cowrap::cache
