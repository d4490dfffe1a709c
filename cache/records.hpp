// What the cache records, as plain data: the rows of one run (its output, the headers it read,
// the wrappers the output holds) and the 16-byte keys that name them. Every other part of the
// cache builds on these; this header includes nothing of the cache.
//
// A run builds one RunRecord at its end (cache/run_cache.hpp); it is stored in SQLite at once
// (Store::store, cache/store.hpp), or kept as a pending run (cache/pending.hpp) for a later
// process to store. Either way the same record reaches the same statements.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cowrap::cache {

// An XXH3-128 hash (cache/key.hpp makes them).
struct Key {
    std::array<unsigned char, 16> bytes{};
    friend bool operator==(const Key&, const Key&) = default;
    friend auto operator<=>(const Key&, const Key&) = default;
};

enum class RunStatus { written, unchanged, failed };

// A header the run read: its `headers` row.
struct HeaderRow {
    std::string path;  // absolute
    Key content_hash;
    // When the run ends (a pending run is stored later, when the file may have changed).
    std::int64_t size = 0;
    std::int64_t mtime_ns = 0;
    friend bool operator==(const HeaderRow&, const HeaderRow&) = default;
};

// One wrapper block of the output: an entry of its wrapper list (cache/wrapper_list.hpp).
// `Text` is std::string, or std::string_view for an entry read in place from a list's bytes.
template <typename Text>
struct BasicWrapperRow {
    Text name;
    Text target;
    Text mark;
    Text header;
    std::int64_t line = 0;
    // Where the block is in the output, and its checksum.
    std::int64_t start = 0;
    std::int64_t length = 0;
    Key checksum;
    Text text;  // the declaration's normalised text, for `cache why`'s diff
    friend bool operator==(const BasicWrapperRow&, const BasicWrapperRow&) = default;
};
using WrapperRow = BasicWrapperRow<std::string>;
using WrapperView = BasicWrapperRow<std::string_view>;

struct RunRecord {
    std::string output;  // absolute
    std::string dialect;
    std::string group;      // --shard-group, empty for none
    std::int64_t time = 0;  // Unix seconds
    std::int64_t duration_us = 0;
    RunStatus status = RunStatus::failed;
    bool reused = false;              // the whole output was taken as it was
    bool refresh = false;             // set outputs.refreshed and the inputs' last_seen to `time`
    std::optional<Key> content_hash;  // of the text, for a run without errors
    std::optional<Key> run_key;       // for a run without diagnostics
    // For a written output: what the file held before the rename (cache/previous_state.hpp),
    // an empty string for no file.
    std::optional<std::string> previous_hash;
    std::vector<std::pair<std::string, Key>> inputs;  // absolute path, content hash
    std::int64_t hits = 0;
    std::int64_t misses = 0;
    std::int64_t headers_parsed = 0;
    std::int64_t headers_reused = 0;
    std::vector<HeaderRow> headers;
    // What the output holds now, as its wrapper list's bytes (cache/wrapper_list.hpp), built
    // once and stored or journalled as they are; nullopt when the run does not change that
    // (failed or reused).
    std::optional<std::string> wrapper_list;
    // For a failed run: the diagnostics it printed, without colour, at most max_kept_text.
    std::string error_text;
    friend bool operator==(const RunRecord&, const RunRecord&) = default;
};

}  // namespace cowrap::cache
