// An output's wrapper list: what the output holds now, one blob in a pending run's record and,
// cut into its head and a part per eight headers, in the store (outputs.wrappers and
// list_parts, schema 8). One row per wrapper cost a run one INSERT (and a name index entry) per
// wrapper; a part costs one bind, and only when its header's wrappers changed.
//
// Format (cache/bytes.hpp: unsigned LEB128 numbers, strings as a length and the bytes):
//   version (one byte, 3; from format 2 the output's content hash is over its blocks'
//   checksums, see output_content_hash)
//   H, then H header paths (absolute), each once
//   N, then N wrappers in the output's order, each:
//     name (W), mark (its name: it gives kind, flags and, with W, the target T),
//     header (an index into the paths), line of the name,
//     block start (from the end of the block before, or from the output's start for the
//     first) and length in the output, block checksum (16 bytes, XXH3-128),
//     the declaration's normalised text (what `cache why` compares)
// so the wrappers of one header are the same bytes wherever their blocks land in the output
// (the store keeps each header's in a part of its own, cache/store.hpp). Version 2 (until
// 2026-12) held absolute starts, version 1 also T after W; both are still read. An empty blob
// is no list: an output recorded before schema 7, or never successfully.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cache/bytes.hpp"
#include "cache/records.hpp"
#include "util/spill.hpp"

namespace cowrap::cache {

// A finished list whose wrappers went to a spill file (WrapperListBuilder::spill): its head (the
// version, the paths and the count), then its wrappers, for the journal to stream
// (cache/pending.hpp).
struct StreamedList {
    std::string head;
    util::SpillBuffer wrappers;
    std::size_t size() const { return head.size() + wrappers.size(); }
    // As one string, as WrapperListBuilder::finish gives it. Throws when the spill cannot be read.
    std::string joined();
};

// Encodes a list one wrapper at a time, as a streamed run emits them: only the list's bytes
// are held, not the declarations they come from.
class WrapperListBuilder {
public:
    WrapperListBuilder() = default;
    WrapperListBuilder(const WrapperListBuilder&) = delete;
    WrapperListBuilder& operator=(const WrapperListBuilder&) = delete;

    void add(const WrapperView& row);  // its target is not written (format 2)
    std::size_t size() const { return count_; }
    // The bytes of the wrappers added so far, and room for `bytes` of them in all.
    std::size_t bytes();
    void reserve(std::size_t bytes);
    // From now on the wrappers' bytes go to a spill file past a small buffer (util/spill.hpp):
    // a list the run only hands to the journal need not be pages of its own.
    void spill() { spill_ = true; }
    bool spilling() const { return spill_; }
    // The list's bytes; the builder is empty after. Throws when a spill cannot be read back.
    std::string finish();
    // The same, as its head and its wrappers' bytes, not joined.
    StreamedList finish_streamed();

private:
    // The list's head for what was added; the builder is empty after, but for the wrappers' bytes.
    std::string head();

    std::vector<std::string> headers_;  // each once, in the order first added
    std::map<std::string, std::uint64_t, std::less<>> index_;
    std::uint64_t last_header_ = 0;  // the index of the header of the wrapper added last
    std::int64_t end_ = 0;           // where the block of the wrapper added last ends
    util::SpillBuffer body_;         // the wrappers' bytes
    std::optional<ByteFiller> filler_;
    std::size_t count_ = 0;
    bool spill_ = false;
};

std::string encode_wrapper_list(std::span<const WrapperView> rows);
std::string encode_wrapper_list(const std::vector<WrapperRow>& rows);

// nullopt when the bytes are not what encode_wrapper_list wrote (empty included).
// The views point into `bytes` (what recording compares with, without a copy of each string);
// their target is empty unless the list is of version 1. decode_wrapper_list gives every
// row its target.
std::optional<std::vector<WrapperView>> decode_wrapper_views(std::string_view bytes);
std::optional<std::vector<WrapperRow>> decode_wrapper_list(std::string_view bytes);

// The wrappers of some parts of a list of the current format (wrapper_list_parts), read with the
// paths of the list's head `head` (the list up to its first part): as decode_wrapper_views gives
// them, but each part's starts counted from the part's own start. nullopt on damage. An edit
// compares only the parts that changed.
std::optional<std::vector<WrapperView>> decode_part_views(std::string_view head,
                                                          std::span<const std::string_view> parts);

// Whether two lists (or their heads) are of one format and name the same header paths in the
// same order, so that their parts can be compared one by one.
bool same_paths(std::string_view a, std::string_view b);

// How many wrappers the list holds, read from its start alone (nullopt when it cannot be read).
std::optional<std::size_t> wrapper_list_size(std::string_view bytes);

// Where a list of the current format splits into its head (the paths and the count) and its
// parts, each the run of wrappers from `headers_per_part` headers in a row (by their place in
// the list's paths, so an edit moves no cut): the offset each part starts at, the first being
// the head's end (the list's end when it holds no wrapper). nullopt for a list of an older
// format, or damage. Eight headers a part: an edit rewrites some 80 kB of a monolithic output's
// list, and storing a cold one takes 25 rows, not 200 (which cost its fold 2.5 ms more than one
// blob).
std::optional<std::vector<std::size_t>> wrapper_list_parts(std::string_view bytes,
                                                           std::uint64_t headers_per_part = 8);

// The content hash an output recorded with `list` has when it holds `bytes`: with a list of
// format 2, over its blocks' checksums (core/output_hash.hpp) at the places the list gives;
// with a list of format 1 or none, over every byte, as the cowrap that recorded it hashed.
// nullopt when the list cannot be read or its places do not fit `bytes`.
std::optional<Key> output_content_hash(std::string_view bytes, std::string_view list);
// The same of the file open at `fd`, read from its start through a small buffer (a 12 MB
// output read whole cost a warm monolithic run 3,100 fresh pages, 12 us each here); nullopt
// also when it cannot be read.
std::optional<Key> file_content_hash(int fd, std::string_view list);

}  // namespace cowrap::cache
