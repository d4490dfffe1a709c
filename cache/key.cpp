#include "cache/key.hpp"

#include <bit>
#include <cstring>

#include "cache/store.hpp"
#include "util/hash.hpp"

namespace cowrap::cache {

std::string to_hex(const Key& key) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(key.bytes.size() * 2);
    for (unsigned char b : key.bytes) {
        out += digits[b >> 4];
        out += digits[b & 0xf];
    }
    return out;
}

std::optional<Key> from_hex(std::string_view hex) {
    Key key;
    if (hex.size() != key.bytes.size() * 2) {
        return std::nullopt;
    }
    auto digit = [](char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    };
    for (std::size_t i = 0; i < key.bytes.size(); ++i) {
        const int high = digit(hex[2 * i]);
        const int low = digit(hex[2 * i + 1]);
        if (high < 0 || low < 0) {
            return std::nullopt;
        }
        key.bytes[i] = static_cast<unsigned char>(high << 4 | low);
    }
    return key;
}

Key hash_bytes(std::string_view bytes) {
    return Key{util::xxh3_128(bytes)};
}

std::optional<std::string_view> checked_slice(std::string_view text, std::int64_t start,
                                              std::int64_t length,
                                              const std::optional<Key>& checksum) {
    const auto size = static_cast<std::int64_t>(text.size());
    if (!checksum || start < 0 || length < 0 || start > size || length > size - start) {
        return std::nullopt;
    }
    std::string_view slice =
        text.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(length));
    if (hash_bytes(slice) != *checksum) {
        return std::nullopt;
    }
    return slice;
}

void KeyBuilder::add(std::string_view field) {
    add(static_cast<std::uint64_t>(field.size()));
    buffer.append(field);
}

void KeyBuilder::add(std::uint64_t number) {
    // Little-endian everywhere, so that keys do not depend on the machine.
    if constexpr (std::endian::native == std::endian::big) {
        number = __builtin_bswap64(number);
    }
    char bytes[8];
    std::memcpy(bytes, &number, sizeof bytes);
    buffer.append(bytes, sizeof bytes);
}

void KeyBuilder::add(const Key& key) {
    buffer.append(reinterpret_cast<const char*>(key.bytes.data()), key.bytes.size());
}

Key KeyBuilder::finish() const {
    return hash_bytes(buffer);
}

KeyContext make_key_context(const GenerateOptions& options, std::string_view version, int schema) {
    KeyContext context;
    KeyBuilder parse;
    parse.add("cowrap");
    parse.add(version);
    parse.add(static_cast<std::uint64_t>(schema < 0 ? schema_version : schema));
    parse.add(static_cast<std::uint64_t>(options.parse.annotations.size()));
    for (const std::string& a : options.parse.annotations) {
        parse.add(a);
    }
    parse.add(static_cast<std::uint64_t>(options.parse.collect_prototypes));
    context.parse = parse.finish();

    // The include list only shapes the prologue, which is never cached, so it stays out.
    const Dialect& dialect = options.dialect ? *options.dialect : newest_dialect();
    KeyBuilder emit;
    emit.add(context.parse);
    emit.add(dialect.name);
    emit.add(static_cast<std::uint64_t>(options.emit.line_directives));
    if (options.emit.line_directives) {
        // #line shows each path as mapped here, not as given.
        for (const auto& [given, shown] : options.emit.shown_paths) {
            emit.add(given);
            emit.add(shown);
        }
    }
    context.emit = emit.finish();
    return context;
}

}  // namespace cowrap::cache
