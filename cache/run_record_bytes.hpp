// A run's record (cache/records.hpp) as bytes, for the pending journal (cache/pending.hpp):
// a version byte, LEB128 fields (cache/bytes.hpp; the wrappers as their list,
// cache/wrapper_list.hpp), an XXH3-128 checksum of all before it.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "cache/records.hpp"
#include "cache/wrapper_list.hpp"

namespace cowrap::cache {

// The same bytes in three pieces, the wrapper list (most of them) not copied: head, list, tail.
struct RunRecordBytes {
    std::string head;
    std::string_view list;  // the record's wrapper list, which must outlive this
    std::string tail;
    std::size_t size() const { return head.size() + list.size() + tail.size(); }
};
RunRecordBytes serialize_run_record_parts(const RunRecord& record);

// The same bytes for a record whose wrapper list is `list` (record.wrapper_list left empty), given
// to `write` piece by piece, the list's wrappers as their spill is read back: a list of megabytes
// is never joined. `frame` is called first, with the record's size. Whether every call succeeded.
bool write_run_record(const RunRecord& record, const StreamedList& list,
                      const std::function<bool(std::size_t size)>& frame,
                      const std::function<bool(std::string_view)>& write);

// nullopt for anything but what serialize_run_record wrote (any format still read), so a
// damaged pending run is dropped, never stored.
std::string serialize_run_record(const RunRecord& record);
std::optional<RunRecord> deserialize_run_record(std::string_view bytes);

}  // namespace cowrap::cache
