#include "cache/run_hints.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "cache/pending.hpp"
#include "util/file.hpp"
#include "util/hash.hpp"

namespace cowrap::cache {

namespace {

constexpr std::size_t slot_size = 32;
constexpr std::size_t bucket_size = 2 * slot_size;
constexpr off_t table_size = static_cast<off_t>(run_hint_buckets * bucket_size);
// Changes with the format: a slot of another layout fails its check.
constexpr std::uint64_t format_tag = 0x636f777268696e31;  // "cowrhin1"

using Slot = std::array<unsigned char, slot_size>;

std::uint64_t path_hash(const std::string& output) {
    return util::xxh3_64(output);
}

std::uint64_t check_word(const unsigned char* slot) {
    return util::xxh3_64(std::string_view(reinterpret_cast<const char*>(slot), 24)) ^ format_tag;
}

std::uint64_t word_at(const unsigned char* bytes) {
    std::uint64_t w;
    std::memcpy(&w, bytes, sizeof w);
    return w;
}

bool sound(const unsigned char* slot) {
    return word_at(slot + 24) == check_word(slot);
}

Slot make_slot(std::uint64_t hash, const std::optional<Key>& run_key) {
    Slot s{};
    std::memcpy(s.data(), &hash, sizeof hash);
    if (run_key) {
        std::memcpy(s.data() + 8, run_key->bytes.data(), run_key->bytes.size());
    }
    const std::uint64_t check = check_word(s.data());
    std::memcpy(s.data() + 24, &check, sizeof check);
    return s;
}

std::optional<Key> key_of(const unsigned char* slot) {
    Key k;
    std::memcpy(k.bytes.data(), slot + 8, k.bytes.size());
    return k == Key{} ? std::nullopt : std::optional<Key>(k);
}

off_t bucket_offset(std::uint64_t hash) {
    return static_cast<off_t>((hash % run_hint_buckets) * bucket_size);
}

// The file, opened for reading and writing: cowrap's own regular file (no link followed),
// owned by this user. Not opened: an empty fd.
util::UniqueFd open_hints(const std::string& path, int flags) {
    util::UniqueFd fd = util::open_own_file(path, O_RDWR | flags);
    struct stat st {};
    if (!fd || ::fstat(fd.get(), &st) != 0 || st.st_uid != ::geteuid()) {
        return util::UniqueFd();
    }
    // A new (or cut) file: the whole table, as holes that read as unknown.
    if (st.st_size < table_size &&
        ((flags & O_CREAT) == 0 || ::ftruncate(fd.get(), table_size) != 0)) {
        return util::UniqueFd();
    }
    return fd;
}

bool read_bucket(int fd, std::uint64_t hash, std::array<unsigned char, bucket_size>& bucket) {
    return ::pread(fd, bucket.data(), bucket.size(), bucket_offset(hash)) ==
           static_cast<ssize_t>(bucket.size());
}

}  // namespace

std::string run_hints_path(const std::string& cache_path) {
    return pending_folder(cache_path) + "/keys";
}

std::size_t run_hint_bucket(const std::string& output) {
    return static_cast<std::size_t>(path_hash(output) % run_hint_buckets);
}

RunHint read_run_hint(const std::string& cache_path, const std::string& output) {
    const util::UniqueFd fd = open_hints(run_hints_path(cache_path), 0);
    const std::uint64_t hash = path_hash(output);
    std::array<unsigned char, bucket_size> bucket;
    if (!fd || !read_bucket(fd.get(), hash, bucket)) {
        return {};
    }
    RunHint hint;
    for (std::size_t at = 0; at < bucket_size; at += slot_size) {
        const unsigned char* slot = bucket.data() + at;
        if (!sound(slot) || word_at(slot) != hash) {
            continue;
        }
        const std::optional<Key> key = key_of(slot);
        if (hint.known && hint.run_key != key) {
            return {};  // two runs of the output raced: neither slot is sure
        }
        hint = {.known = true, .run_key = key};
    }
    return hint;
}

bool write_run_hint(const std::string& cache_path, const std::string& output,
                    const std::optional<Key>& run_key) {
    const util::UniqueFd fd = open_hints(run_hints_path(cache_path), O_CREAT);
    const std::uint64_t hash = path_hash(output);
    std::array<unsigned char, bucket_size> bucket;
    if (!fd || !read_bucket(fd.get(), hash, bucket)) {
        return false;
    }
    // This output's slot, else a free (or damaged) one, else the one the hash picks.
    std::size_t chosen = bucket_size;
    for (std::size_t at = 0; at < bucket_size && chosen == bucket_size; at += slot_size) {
        if (sound(bucket.data() + at) && word_at(bucket.data() + at) == hash) {
            chosen = at;
        }
    }
    for (std::size_t at = 0; at < bucket_size && chosen == bucket_size; at += slot_size) {
        if (!sound(bucket.data() + at)) {
            chosen = at;
        }
    }
    if (chosen == bucket_size) {
        chosen = (hash >> 63) * slot_size;
    }
    const Slot slot = make_slot(hash, run_key);
    return ::pwrite(fd.get(), slot.data(), slot.size(),
                    bucket_offset(hash) + static_cast<off_t>(chosen)) ==
           static_cast<ssize_t>(slot.size());
}

void remove_run_hints(const std::string& cache_path) {
    ::unlink(run_hints_path(cache_path).c_str());
}

}  // namespace cowrap::cache
