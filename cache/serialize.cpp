#include "cache/serialize.hpp"

#include <cstdint>

#include "cache/bytes.hpp"
#include "cache/run_record.hpp"

namespace cowrap::cache {

namespace {

constexpr unsigned char format_version = 1;
// 3 adds each wrapper's declaration text and a failed run's error text; 2 is still read.
constexpr unsigned char run_format_version = 3;

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

std::string serialize_run_record(const RunRecord& rec) {
    ByteWriter w;
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
        w.key(h.parse_key);
        w.text(h.declarations);
        w.number(h.row_is_current);
        w.signed_number(h.size);
        w.signed_number(h.mtime_ns);
    }
    w.number(rec.wrappers ? 1 : 0);
    if (rec.wrappers) {
        w.number(rec.wrappers->size());
        for (const WrapperRow& row : *rec.wrappers) {
            w.text(row.name);
            w.text(row.target);
            w.text(row.mark);
            w.text(row.header);
            w.signed_number(row.line);
            w.key(row.key);
            w.signed_number(row.start);
            w.signed_number(row.length);
            w.key(row.checksum);
            w.text(row.text);
        }
    }
    w.text(rec.error_text);
    w.key(hash_bytes(w.out));
    return std::move(w.out);
}

std::optional<RunRecord> deserialize_run_record(std::string_view bytes) {
    constexpr std::size_t checksum_size = 16;
    if (bytes.size() < 1 + checksum_size) {
        return std::nullopt;
    }
    // A journal left by the cowrap before: no texts, which `why` then does not show.
    const auto version = static_cast<unsigned char>(bytes[0]);
    const bool texts = version == run_format_version;
    if (!texts && version != 2) {
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
        h.parse_key = r.key();
        h.declarations = r.text();
        h.row_is_current = r.number() != 0;
        h.size = r.signed_number();
        h.mtime_ns = r.signed_number();
        rec.headers.push_back(std::move(h));
    }
    if (r.number() != 0) {
        count = r.number();
        if (count > r.in.size()) {
            return std::nullopt;
        }
        rec.wrappers.emplace();
        rec.wrappers->reserve(count);
        for (std::uint64_t i = 0; i < count && r.ok; ++i) {
            WrapperRow row;
            row.name = r.text();
            row.target = r.text();
            row.mark = r.text();
            row.header = r.text();
            row.line = r.signed_number();
            row.key = r.key();
            row.start = r.signed_number();
            row.length = r.signed_number();
            row.checksum = r.key();
            if (texts) {
                row.text = r.text();
            }
            rec.wrappers->push_back(std::move(row));
        }
    }
    if (texts) {
        rec.error_text = r.text();
    }
    if (!r.ok || !r.in.empty()) {
        return std::nullopt;
    }
    return rec;
}

std::string serialize_declarations(const std::vector<Declaration>& decls) {
    ByteWriter w;
    w.out += static_cast<char>(format_version);
    w.number(decls.size());
    for (const Declaration& d : decls) {
        w.number(static_cast<std::uint64_t>(d.mark));
        w.location(d.mark_loc);
        w.text(d.name);
        w.location(d.name_loc);
        w.text(d.return_type);
        w.number(d.params.size());
        for (const Param& p : d.params) {
            w.text(p.decl);
            w.text(p.field_decl);
            w.text(p.name);
            w.text(p.type);
            w.location(p.loc);
            w.location(p.name_loc);
        }
        w.text(d.text);
    }
    return std::move(w.out);
}

std::optional<std::vector<Declaration>> deserialize_declarations(std::string_view bytes,
                                                                 std::string_view file,
                                                                 TextArena& arena) {
    if (bytes.empty() || static_cast<unsigned char>(bytes[0]) != format_version) {
        return std::nullopt;
    }
    // One copy of the whole blob: every string read is a view into it.
    ByteReader r{arena.keep(bytes).substr(1)};
    std::uint64_t count = r.number();
    std::vector<Declaration> decls;
    // Each declaration takes a dozen bytes at least: a huge count means damage, not a header.
    if (count > bytes.size()) {
        return std::nullopt;
    }
    decls.reserve(count);
    for (std::uint64_t i = 0; i < count && r.ok; ++i) {
        Declaration d;
        d.file = file;
        std::uint64_t mark = r.number();
        if (mark >= all_marks().size()) {
            return std::nullopt;
        }
        d.mark = static_cast<Mark>(mark);
        d.mark_loc = r.location();
        d.name = r.view();
        d.name_loc = r.location();
        d.return_type = r.view();
        std::uint64_t params = r.number();
        if (params > r.in.size()) {
            return std::nullopt;
        }
        for (std::uint64_t j = 0; j < params && r.ok; ++j) {
            Param p;
            p.decl = r.view();
            p.field_decl = r.view();
            p.name = r.view();
            p.type = r.view();
            p.loc = r.location();
            p.name_loc = r.location();
            d.params.push_back(std::move(p));
        }
        d.text = r.view();
        decls.push_back(std::move(d));
    }
    if (!r.ok || !r.in.empty()) {
        return std::nullopt;
    }
    return decls;
}

std::string mark_flags(const MarkInfo& mark) {
    std::string flags;
    auto add = [&](bool on, const char* name) {
        if (on) {
            flags += flags.empty() ? "" : ",";
            flags += name;
        }
    };
    add(mark.mixed, "mixed");
    add(mark.rdlock, "rdlock");
    add(mark.wrlock, "wrlock");
    return flags;
}

// Serialisation must follow the model: a field added to Declaration or Param and not
// written here would come back empty from the cache. The sizes catch that on the usual ABI.
#if defined(__x86_64__) && defined(__GLIBCXX__)
static_assert(sizeof(Param) == 4 * sizeof(std::string_view) + 2 * sizeof(Location),
              "Param changed: update cache/serialize.cpp (and its format_version)");
// file, name, return_type, text; mark_loc, name_loc; params; the mark, padded to 8 bytes.
static_assert(sizeof(Declaration) == 4 * sizeof(std::string_view) + 2 * sizeof(Location) +
                                         sizeof(std::vector<Param>) + 8,
              "Declaration changed: update cache/serialize.cpp (and its format_version)");
#endif

}  // namespace cowrap::cache
