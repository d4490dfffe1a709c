// Cache keys: XXH3-128 over everything that determines a piece of output.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cache/records.hpp"
#include "core/declaration.hpp"
#include "core/generate.hpp"

namespace cowrap::cache {

std::string to_hex(const Key& key);
// What to_hex wrote back as a key; nullopt for anything else.
std::optional<Key> from_hex(std::string_view hex);

// XXH3-128 of raw bytes (a header's or an output's content, a fragment's checksum).
Key hash_bytes(std::string_view bytes);

// Bytes [start, start + length) of `text` when they lie inside it and hash to `checksum`: how a
// wrapper block recorded in an output's wrapper list is read back from its output.
std::optional<std::string_view> checked_slice(std::string_view text, std::int64_t start,
                                              std::int64_t length,
                                              const std::optional<Key>& checksum);

// Collects length-prefixed fields, so ("ab", "c") and ("a", "bc") give different keys.
struct KeyBuilder {
    std::string buffer;
    void add(std::string_view field);
    void add(std::uint64_t number);
    void add(const Key& key);
    Key finish() const;
};

// What every key of one run shares. Built once per run from the options.
struct KeyContext {
    Key parse;  // cowrap version, schema version, parse options
    Key emit;   // the above plus the dialect and the options that change emitted text
};

KeyContext make_key_context(const GenerateOptions& options,
                            std::string_view version = COWRAP_VERSION, int schema = -1);

}  // namespace cowrap::cache
