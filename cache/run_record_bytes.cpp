// The pending journal's record format (cache/run_record_bytes.hpp).
#include <cstdint>
#include <functional>
#include <optional>
#include <utility>

#include "cache/bytes.hpp"
#include "cache/run_record_bytes.hpp"
#include "cache/wrapper_list.hpp"
#include "util/hash.hpp"

namespace cowrap::cache {

namespace {

// 4 holds the wrappers as their list (cache/wrapper_list.hpp) and a header without its parse
// key; 3 added each wrapper's
// declaration text and a failed run's error text. 2 and 3 are still read.
constexpr unsigned char run_format_version = 4;

void optional_key(ByteWriter& w, const std::optional<Key>& k) {
    w.number(k ? 1 : 0);
    if (k) {
        w.key(*k);
    }
}

std::optional<Key> optional_key(ByteReader& r) {
    if (r.number() == 0) {
        return std::nullopt;
    }
    return r.key();
}

}  // namespace

namespace {

// The record up to its wrapper list (`list_size` bytes, none without one).
std::string record_head(const RunRecord& rec, std::optional<std::size_t> list_size) {
    ByteWriter w;
    w.out.reserve(256 + 64 * (rec.inputs.size() + rec.headers.size()));
    w.out += static_cast<char>(run_format_version);
    w.text(rec.output);
    w.text(rec.dialect);
    w.text(rec.group);
    w.signed_number(rec.time);
    w.signed_number(rec.duration_us);
    w.number(static_cast<std::uint64_t>(rec.status));
    w.number(rec.reused);
    w.number(rec.refresh);
    optional_key(w, rec.content_hash);
    optional_key(w, rec.run_key);
    w.number(rec.previous_hash ? 1 : 0);
    if (rec.previous_hash) {
        w.text(*rec.previous_hash);
    }
    w.number(rec.inputs.size());
    for (const auto& [path, hash] : rec.inputs) {
        w.text(path);
        w.key(hash);
    }
    for (std::int64_t n : {rec.hits, rec.misses, rec.headers_parsed, rec.headers_reused}) {
        w.signed_number(n);
    }
    w.number(rec.headers.size());
    for (const HeaderRow& h : rec.headers) {
        w.text(h.path);
        w.key(h.content_hash);
        w.signed_number(h.size);
        w.signed_number(h.mtime_ns);
    }
    w.number(list_size ? 1 : 0);
    if (list_size) {
        w.number(*list_size);
    }
    return std::move(w.out);
}

constexpr std::size_t checksum_size = 16;

// What follows the list, but for the checksum of everything before it.
std::string record_tail(const RunRecord& rec) {
    ByteWriter tail;
    tail.out.reserve(rec.error_text.size() + 10 + checksum_size);
    tail.text(rec.error_text);
    return std::move(tail.out);
}

}  // namespace

RunRecordBytes serialize_run_record_parts(const RunRecord& rec) {
    RunRecordBytes parts;
    parts.head =
        record_head(rec, rec.wrapper_list ? std::optional(rec.wrapper_list->size()) : std::nullopt);
    if (rec.wrapper_list) {
        parts.list = *rec.wrapper_list;
    }
    parts.tail = record_tail(rec);
    util::StreamHash checksum;
    checksum.update(parts.head);
    checksum.update(parts.list);
    checksum.update(parts.tail);
    ByteWriter tail{std::move(parts.tail)};
    tail.key(Key{checksum.digest()});
    parts.tail = std::move(tail.out);
    return parts;
}

bool write_run_record(const RunRecord& rec, const StreamedList& list,
                      const std::function<bool(std::size_t)>& frame,
                      const std::function<bool(std::string_view)>& write) {
    const std::string head = record_head(rec, list.size());
    const std::string tail = record_tail(rec);
    util::StreamHash checksum;
    auto piece = [&](std::string_view bytes) {
        checksum.update(bytes);
        return write(bytes);
    };
    if (!frame(head.size() + list.size() + tail.size() + checksum_size) || !piece(head) ||
        !piece(list.head) || !list.wrappers.read(piece) || !piece(tail)) {
        return false;
    }
    ByteWriter sum;
    sum.key(Key{checksum.digest()});
    return write(sum.out);
}

std::string serialize_run_record(const RunRecord& rec) {
    const RunRecordBytes parts = serialize_run_record_parts(rec);
    std::string bytes;
    bytes.reserve(parts.size());
    bytes += parts.head;
    bytes += parts.list;
    bytes += parts.tail;
    return bytes;
}

std::optional<RunRecord> deserialize_run_record(std::string_view bytes) {
    if (bytes.size() < 1 + checksum_size) {
        return std::nullopt;
    }
    // A journal left by a cowrap before: format 2 has no texts, which `why` then does not
    // show; 2 and 3 hold the wrappers field by field, with a key no longer kept.
    const auto version = static_cast<unsigned char>(bytes[0]);
    const bool texts = version >= 3;
    if (version < 2 || version > run_format_version) {
        return std::nullopt;
    }
    const std::string_view body = bytes.substr(0, bytes.size() - checksum_size);
    ByteReader tail{bytes.substr(body.size())};
    if (tail.key() != hash_bytes(body)) {
        return std::nullopt;
    }
    ByteReader r{body.substr(1)};
    RunRecord rec;
    rec.output = r.text();
    rec.dialect = r.text();
    rec.group = r.text();
    rec.time = r.signed_number();
    rec.duration_us = r.signed_number();
    const std::uint64_t status = r.number();
    if (status > static_cast<std::uint64_t>(RunStatus::failed)) {
        return std::nullopt;
    }
    rec.status = static_cast<RunStatus>(status);
    rec.reused = r.number() != 0;
    rec.refresh = r.number() != 0;
    rec.content_hash = optional_key(r);
    rec.run_key = optional_key(r);
    if (r.number() != 0) {
        rec.previous_hash = r.text();
    }
    // Every entry takes a byte at least: a larger count is damage.
    std::uint64_t count = r.number();
    if (count > r.in.size()) {
        return std::nullopt;
    }
    for (std::uint64_t i = 0; i < count && r.ok; ++i) {
        std::string path = r.text();
        rec.inputs.emplace_back(std::move(path), r.key());
    }
    for (std::int64_t* n : {&rec.hits, &rec.misses, &rec.headers_parsed, &rec.headers_reused}) {
        *n = r.signed_number();
    }
    count = r.number();
    if (count > r.in.size()) {
        return std::nullopt;
    }
    for (std::uint64_t i = 0; i < count && r.ok; ++i) {
        HeaderRow h;
        h.path = r.text();
        h.content_hash = r.key();
        if (version < 4) {
            r.key();     // the parse key of formats 2 and 3, no longer kept
            r.text();    // the declarations, no longer kept
            r.number();  // whether the row held them
        }
        h.size = r.signed_number();
        h.mtime_ns = r.signed_number();
        rec.headers.push_back(std::move(h));
    }
    const bool has_wrappers = r.number() != 0;
    if (has_wrappers && version == run_format_version) {
        // Read when stored (store_write.cpp): the checksum above already caught damage.
        rec.wrapper_list = std::string(r.view());
    } else if (has_wrappers) {
        count = r.number();
        if (count > r.in.size()) {
            return std::nullopt;
        }
        std::vector<WrapperRow> rows;
        rows.reserve(count);
        for (std::uint64_t i = 0; i < count && r.ok; ++i) {
            WrapperRow row;
            row.name = r.text();
            row.target = r.text();
            row.mark = r.text();
            row.header = r.text();
            row.line = r.signed_number();
            r.key();  // the declaration key of formats 2 and 3
            row.start = r.signed_number();
            row.length = r.signed_number();
            row.checksum = r.key();
            if (texts) {
                row.text = r.text();
            }
            rows.push_back(std::move(row));
        }
        rec.wrapper_list = encode_wrapper_list(rows);
    }
    if (texts) {
        rec.error_text = r.text();
    }
    if (!r.ok || !r.in.empty()) {
        return std::nullopt;
    }
    return rec;
}

}  // namespace cowrap::cache
