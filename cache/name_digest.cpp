#include "cache/name_digest.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <system_error>

#include "cache/paths.hpp"
#include "cache/wrapper_list.hpp"
#include "util/atomic_file.hpp"
#include "util/file.hpp"
#include "util/hash.hpp"

namespace cowrap::cache {

namespace {

constexpr std::size_t entry_size = 16;

void add_entry(std::string& out, std::string_view name, std::string_view header) {
    const std::uint64_t entry[2] = {digest_hash(name), digest_hash(header)};
    out.append(reinterpret_cast<const char*>(entry), entry_size);
}

}  // namespace

std::uint64_t digest_hash(std::string_view text) {
    return util::xxh3_64(text);
}

std::string digest_path(const std::string& folder) {
    return folder + "/names";
}

bool digest_may_clash(const std::string& folder, const std::vector<std::uint64_t>& names,
                      const std::vector<std::uint64_t>& own_headers) {
    if (names.empty()) {
        return false;
    }
    std::vector<std::uint64_t> sorted = names;
    std::sort(sorted.begin(), sorted.end());
    // A bitmap of the names' low bits rejects almost every entry with one load and test.
    std::array<std::uint64_t, 64> bits{};
    for (std::uint64_t n : sorted) {
        bits[(n >> 6) & 63] |= std::uint64_t{1} << (n & 63);
    }
    // Read in chunks into one small buffer, neither mapped nor read whole: a digest of 10,000
    // wrappers is 160 KB, and a page fault per 4 KB cost more than the scan.
    const std::string path = digest_path(folder);
    const util::UniqueFd f = util::open_own_file(path, O_RDONLY);
    if (!f) {
        return true;
    }
    char chunk[entry_size * 1024];
    std::size_t held = 0;  // bytes of a partial entry carried to the next chunk
    for (;;) {
        const ssize_t n = ::read(f.get(), chunk + held, sizeof chunk - held);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            return true;
        }
        if (n == 0) {
            return false;  // a torn last entry is ignored
        }
        const std::size_t size = held + static_cast<std::size_t>(n);
        const std::size_t count = size / entry_size;
        for (std::size_t i = 0; i < count; ++i) {
            std::uint64_t name;
            std::memcpy(&name, chunk + i * entry_size, sizeof name);
            if ((bits[(name >> 6) & 63] >> (name & 63) & 1) == 0) {
                continue;
            }
            std::uint64_t header;
            std::memcpy(&header, chunk + i * entry_size + sizeof name, sizeof header);
            if (std::binary_search(sorted.begin(), sorted.end(), name) &&
                std::find(own_headers.begin(), own_headers.end(), header) == own_headers.end()) {
                return true;
            }
        }
        held = size - count * entry_size;
        std::memmove(chunk, chunk + count * entry_size, held);
    }
}

void append_to_digest(const std::string& folder, std::string_view list) {
    const std::vector<WrapperView> rows =
        decode_wrapper_views(list).value_or(std::vector<WrapperView>{});
    if (rows.empty()) {
        return;
    }
    const std::string path = digest_path(folder);
    const util::UniqueFd f = util::open_own_file(path, O_WRONLY | O_APPEND);
    if (!f) {
        if (errno == ENOENT) {
            return;
        }
        throw Error(0, "cannot open '" + path + "': " + std::strerror(errno));
    }
    // A writer killed mid-entry leaves a torn tail: cut it, or every later entry is misaligned.
    struct stat st;
    if (::fstat(f.get(), &st) == 0 && st.st_size % entry_size != 0) {
        if (::ftruncate(f.get(), st.st_size - st.st_size % entry_size) != 0) {
            throw Error(0, "cannot repair '" + path + "': " + std::strerror(errno));
        }
    }
    std::string out;
    out.reserve(rows.size() * entry_size);
    for (const WrapperView& w : rows) {
        add_entry(out, w.name, w.header);
    }
    if (!util::write_all(f.get(), out)) {
        throw Error(0, "cannot write '" + path + "': " + std::strerror(errno));
    }
}

namespace {

void replace_digest(const std::string& folder, std::string_view entries) {
    // Replaced, never written through: a link in its place is replaced, not followed.
    std::string error;
    if (write_if_changed(digest_path(folder), entries, error) == WriteResult::failed) {
        throw Error(0, error);
    }
}

}  // namespace

void rebuild_digest(const std::string& folder, Store& store) {
    std::string out;
    for (const OutputRow& o : store.grouped_wrapper_lists()) {
        for (const WrapperRow& w :
             decode_wrapper_list(o.wrappers).value_or(std::vector<WrapperRow>{})) {
            add_entry(out, w.name, w.header);
        }
    }
    replace_digest(folder, out);
}

void empty_digest(const std::string& folder) {
    replace_digest(folder, {});
}

}  // namespace cowrap::cache
