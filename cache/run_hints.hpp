// Run-key hints, `PATH.pending/keys`: for each output, the run key its last recorded run left in
// its `outputs` row, so that a run whose key differs (an edited shard) knows its lookup misses
// without opening SQLite (opening it, mostly loading the schema, was 0.42 M of an edited shard's
// 5.5 M instructions). A hint is never the truth: it is only ever used to skip a lookup that would
// miss, never to take an output, so a stale, torn or damaged hint costs at most one regeneration
// (which leaves an unchanged output untouched and records the right key again).
//
// Format: a fixed table of `run_hint_buckets` buckets of two 32-byte slots (512 KiB, created
// sparse by ftruncate); an output's bucket is XXH3-64 of its absolute path modulo the bucket
// count, read with one pread and a slot written with one pwrite, without a lock. A slot:
//   bytes  0-7   XXH3-64 of the output's absolute path (native order, as the name digest)
//   bytes  8-23  the run key (cache/records.hpp's Key); all zero: the last run left none (it
//                gave diagnostics, so no run may take its output)
//   bytes 24-31  check: XXH3-64 of bytes 0-23, xor the format's tag
// A slot whose check fails (a hole, a torn or concurrent write, another format) reads as
// unknown, and so do two slots of one bucket that name the same output with different keys (two
// runs of one output racing). A full bucket gives up one of its slots to a third output.
// The file is opened without following symbolic links, must be a regular file of the user
// running cowrap, and is only read when it can be written too: a hint that could not be kept
// up to date would keep sending runs down the miss path.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "cache/records.hpp"

namespace cowrap::cache {

inline constexpr std::size_t run_hint_buckets = 8192;

// `cache_path` + ".pending/keys".
std::string run_hints_path(const std::string& cache_path);

// What the hints say of one output's last recorded run.
struct RunHint {
    bool known = false;          // a sound slot names this output
    std::optional<Key> run_key;  // when known: its key (none: the last run left no key)

    // Whether a lookup of `key` is sure to miss: the slot names another key, or none.
    bool differs_from(const Key& key) const { return known && run_key != key; }
};

// The bucket an output's slots are in (for tests: two outputs that share one).
std::size_t run_hint_bucket(const std::string& output);

// The hint for `output` (absolute); unknown when there is no file, no slot for it, or anything
// about the file or slot is wrong. Never throws.
RunHint read_run_hint(const std::string& cache_path, const std::string& output);

// Sets `output`'s slot to `run_key` (none: a run with diagnostics). Best-effort: false when the
// file cannot be made or written (the pending folder must exist). Never throws.
bool write_run_hint(const std::string& cache_path, const std::string& output,
                    const std::optional<Key>& run_key);

// `cache clear`: removes the file (a missing one is no error). Never throws.
void remove_run_hints(const std::string& cache_path);

}  // namespace cowrap::cache
