#include "cache/previous_state.hpp"

#include <cstdint>

#include "cache/key.hpp"

namespace cowrap::cache {

namespace {

constexpr char stamp_tag = 'S';
constexpr std::size_t stamp_fields = 5;
constexpr std::size_t stamp_bytes = 1 + 8 * stamp_fields;

std::string encode_stamp(const util::FileStamp& s) {
    std::string out(1, stamp_tag);
    for (const std::int64_t field : {s.device, s.inode, s.size, s.mtime_ns, s.ctime_ns}) {
        const auto v = static_cast<std::uint64_t>(field);
        for (int i = 0; i < 8; ++i) {
            out += static_cast<char>((v >> (8 * i)) & 0xff);
        }
    }
    return out;
}

std::string hash_blob(const Key& key) {
    return std::string(reinterpret_cast<const char*>(key.bytes.data()), key.bytes.size());
}

}  // namespace

std::string previous_state(const std::string& path, const std::optional<std::string>& read,
                           const util::FileStamp& read_identity) {
    if (read && read_identity.inode != 0 && util::stamp_of(path).same_file_state(read_identity)) {
        return hash_blob(hash_bytes(*read));
    }
    const util::FileStamp now = util::settled_stamp_of(path);
    if (now.inode == 0) {
        return {};  // no file (or none that can be looked at: what a rename would replace)
    }
    if (now.settled) {
        return encode_stamp(now);
    }
    if (const std::optional<util::Digest128> again = util::hash_file(path)) {
        return hash_blob(Key{*again});  // a block at a time: nothing as large as the file held
    }
    return {};
}

bool is_previous_state(std::string_view blob, const std::string& path, std::string_view bytes) {
    if (blob.size() == stamp_bytes && blob[0] == stamp_tag) {
        return encode_stamp(util::stamp_of(path)) == blob;
    }
    return !blob.empty() && blob == hash_blob(hash_bytes(bytes));
}

}  // namespace cowrap::cache
