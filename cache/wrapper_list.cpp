#include "cache/wrapper_list.hpp"

#include <map>
#include <stdexcept>
#include <utility>

#include "cache/bytes.hpp"
#include "core/declaration.hpp"
#include "core/names.hpp"
#include "core/output_hash.hpp"
#include "util/file.hpp"
#include "util/hash.hpp"

namespace cowrap::cache {

namespace {

// Version 1 also held each wrapper's target; version 2 leaves it out: it is a function of the
// name and the mark (target_name_to), and building it cost a monolithic run more than encoding
// the rest of the row. Version 3 holds each block's start as its distance from the end of the
// block before: a header's entries are then the same bytes wherever its blocks land, which the
// store relies on to rewrite only the headers an edit changed.
constexpr unsigned char list_version = 3;
constexpr unsigned char list_version_absolute = 2;
constexpr unsigned char list_version_with_targets = 1;

}  // namespace

void WrapperListBuilder::add(const WrapperView& w) {
    // A header's wrappers come together: the map is only asked when the header changes.
    if (count_ == 0 || w.header != headers_[last_header_]) {
        auto it = index_.find(w.header);
        if (it == index_.end()) {
            it = index_.emplace(std::string(w.header), headers_.size()).first;
            headers_.emplace_back(w.header);
        }
        last_header_ = it->second;
    }
    if (!filler_) {
        filler_.emplace(body_.buffer());
    }
    ByteFiller& f = *filler_;
    f.text(w.name);
    f.text(w.mark);
    f.number(last_header_);
    f.signed_number(w.line);
    f.signed_number(w.start - end_);
    f.signed_number(w.length);
    end_ = w.start + w.length;
    f.bytes(w.checksum.bytes.data(), w.checksum.bytes.size());
    f.text(w.text);
    ++count_;
    if (spill_) {
        body_.spill_if_full();  // the filler keeps appending to the same buffer
    }
}

std::size_t WrapperListBuilder::bytes() {
    if (filler_) {
        filler_->flush();
    }
    return body_.size();
}

void WrapperListBuilder::reserve(std::size_t bytes) {
    if (!spill_) {
        body_.buffer().reserve(bytes);
    }
}

std::string WrapperListBuilder::head() {
    filler_.reset();  // flushed into body_
    std::string head;
    {
        ByteFiller f(head);
        const char version = static_cast<char>(list_version);
        f.bytes(&version, 1);
        f.number(headers_.size());
        for (const std::string& h : headers_) {
            f.text(h);
        }
        f.number(count_);
    }
    headers_.clear();
    index_.clear();
    count_ = 0;
    end_ = 0;
    return head;
}

std::string WrapperListBuilder::finish() {
    return finish_streamed().joined();
}

std::string StreamedList::joined() {
    std::optional<std::string> body = wrappers.take();
    if (!body) {
        throw std::runtime_error("cannot read back the wrapper list's spill file");
    }
    // The head goes in front of the wrappers in place: no second buffer as large as the list.
    body->reserve(body->size() + head.size());
    body->insert(0, head);
    return std::move(*body);
}

StreamedList WrapperListBuilder::finish_streamed() {
    StreamedList list{head(), std::exchange(body_, util::SpillBuffer())};
    return list;
}

std::string encode_wrapper_list(std::span<const WrapperView> rows) {
    WrapperListBuilder b;
    for (const WrapperView& w : rows) {
        b.add(w);
    }
    return b.finish();
}

std::string encode_wrapper_list(const std::vector<WrapperRow>& rows) {
    std::vector<WrapperView> views;
    views.reserve(rows.size());
    for (const WrapperRow& w : rows) {
        views.push_back(
            {w.name, w.target, w.mark, w.header, w.line, w.start, w.length, w.checksum, w.text});
    }
    return encode_wrapper_list(views);
}

namespace {

// A list's start: its version, its header paths and its wrapper count, or nullopt (damage).
// `r` is left at the first wrapper. `head_only`: `r` holds the head alone (the store's row), so
// the wrappers' bytes cannot bound their count.
struct ListStart {
    unsigned char version = 0;
    std::vector<std::string_view> headers;
    std::uint64_t count = 0;
};

std::optional<ListStart> read_list_start(ByteReader& r, bool head_only = false) {
    ListStart start;
    start.version = r.in.empty() ? 0 : static_cast<unsigned char>(r.in[0]);
    if (start.version != list_version && start.version != list_version_absolute &&
        start.version != list_version_with_targets) {
        return std::nullopt;
    }
    r.in.remove_prefix(1);
    // Every entry takes a byte at least: a larger count is damage.
    std::uint64_t count = r.number();
    if (count > r.in.size()) {
        return std::nullopt;
    }
    start.headers.reserve(count);
    for (std::uint64_t i = 0; i < count && r.ok; ++i) {
        start.headers.push_back(r.view());
    }
    start.count = r.number();
    if (!r.ok || (!head_only && start.count > r.in.size())) {
        return std::nullopt;
    }
    return start;
}

}  // namespace

std::optional<std::size_t> wrapper_list_size(std::string_view bytes) {
    ByteReader r{bytes};
    const std::optional<ListStart> start = read_list_start(r);
    return start ? std::optional<std::size_t>(start->count) : std::nullopt;
}

std::optional<std::vector<std::size_t>> wrapper_list_parts(std::string_view bytes,
                                                           std::uint64_t headers_per_part) {
    ByteReader r{bytes};
    const std::optional<ListStart> start = read_list_start(r);
    if (!start || start->version != list_version || headers_per_part == 0) {
        return std::nullopt;
    }
    std::vector<std::size_t> cuts;
    std::uint64_t group = 0;
    for (std::uint64_t i = 0; i < start->count && r.ok; ++i) {
        const std::size_t at = bytes.size() - r.in.size();
        r.view();  // name
        r.view();  // mark
        const std::uint64_t h = r.number();
        if (h >= start->headers.size()) {
            return std::nullopt;
        }
        if (i == 0 || h / headers_per_part != group) {
            cuts.push_back(at);
            group = h / headers_per_part;
        }
        r.number();  // line
        r.number();  // start
        r.number();  // length
        r.key();
        r.view();  // text
    }
    if (!r.ok || !r.in.empty()) {
        return std::nullopt;
    }
    if (cuts.empty()) {
        cuts.push_back(bytes.size());  // no wrappers: all head
    }
    return cuts;
}

namespace {

// Appends the wrappers `r` holds, `count` of them or (nullopt) up to its end, to `rows`; false
// on damage. `end` is where the block before ends (version 3 starts are relative to it).
bool read_entries(ByteReader& r, const ListStart& start, std::optional<std::uint64_t> count,
                  std::int64_t& end, std::vector<WrapperView>& rows) {
    const std::vector<std::string_view>& headers = start.headers;
    const unsigned char version = start.version;
    for (std::uint64_t i = 0; count ? i < *count : !r.in.empty(); ++i) {
        if (!r.ok) {
            return false;
        }
        WrapperView w;
        w.name = r.view();
        if (version == list_version_with_targets) {
            w.target = r.view();
        }
        w.mark = r.view();
        const std::uint64_t header = r.number();
        if (header >= headers.size()) {
            return false;
        }
        w.header = headers[header];
        w.line = r.signed_number();
        w.start = r.signed_number();
        w.length = r.signed_number();
        if (version == list_version) {
            w.start += end;
            end = w.start + w.length;
        }
        w.checksum = r.key();
        w.text = r.view();
        rows.push_back(w);
    }
    return r.ok && r.in.empty();
}

}  // namespace

std::optional<std::vector<WrapperView>> decode_wrapper_views(std::string_view bytes) {
    ByteReader r{bytes};
    const std::optional<ListStart> start = read_list_start(r);
    if (!start) {
        return std::nullopt;
    }
    std::vector<WrapperView> rows;
    rows.reserve(start->count);
    std::int64_t end = 0;
    if (!read_entries(r, *start, start->count, end, rows)) {
        return std::nullopt;
    }
    return rows;
}

std::optional<std::vector<WrapperView>> decode_part_views(std::string_view head,
                                                          std::span<const std::string_view> parts) {
    ByteReader r{head};
    const std::optional<ListStart> start = read_list_start(r, /*head_only=*/true);
    if (!start || start->version != list_version || !r.in.empty()) {
        return std::nullopt;
    }
    std::vector<WrapperView> rows;
    for (std::string_view part : parts) {
        ByteReader p{part};
        std::int64_t end = 0;
        if (!read_entries(p, *start, std::nullopt, end, rows)) {
            return std::nullopt;
        }
    }
    return rows;
}

bool same_paths(std::string_view a, std::string_view b) {
    ByteReader ra{a};
    ByteReader rb{b};
    const std::optional<ListStart> sa = read_list_start(ra, /*head_only=*/true);
    const std::optional<ListStart> sb = read_list_start(rb, /*head_only=*/true);
    return sa && sb && sa->version == sb->version && sa->headers == sb->headers;
}

std::optional<std::vector<WrapperRow>> decode_wrapper_list(std::string_view bytes) {
    std::optional<std::vector<WrapperView>> views = decode_wrapper_views(bytes);
    if (!views) {
        return std::nullopt;
    }
    std::vector<WrapperRow> rows;
    rows.reserve(views->size());
    for (const WrapperView& w : *views) {
        std::string target(w.target);
        if (const MarkInfo* mark = find_mark(w.mark); target.empty() && mark != nullptr) {
            target_name_to(target, w.name, mark->kind);
        }
        rows.push_back({std::string(w.name), std::move(target), std::string(w.mark),
                        std::string(w.header), w.line, w.start, w.length, w.checksum,
                        std::string(w.text)});
    }
    return rows;
}

namespace {

// The blocks' places a list of format 2 or 3 gives; none for an older list or none (its hash is
// over every byte, which is what the stream gives without blocks); nullopt when the list cannot
// be read.
std::optional<std::vector<Span>> list_blocks(std::string_view list) {
    std::vector<Span> blocks;
    if (list.empty() || (static_cast<unsigned char>(list[0]) != list_version &&
                         static_cast<unsigned char>(list[0]) != list_version_absolute)) {
        return blocks;
    }
    const std::optional<std::vector<WrapperView>> rows = decode_wrapper_views(list);
    if (!rows) {
        return std::nullopt;
    }
    blocks.reserve(rows->size());
    for (const WrapperView& w : *rows) {
        if (w.start < 0 || w.length < 0) {
            return std::nullopt;
        }
        blocks.push_back({static_cast<std::size_t>(w.start), static_cast<std::size_t>(w.length)});
    }
    return blocks;
}

std::optional<Key> as_key(const std::optional<util::Digest128>& digest) {
    return digest ? std::optional(Key{*digest}) : std::nullopt;
}

}  // namespace

std::optional<Key> output_content_hash(std::string_view bytes, std::string_view list) {
    const std::optional<std::vector<Span>> blocks = list_blocks(list);
    return blocks ? as_key(output_hash(bytes, *blocks)) : std::nullopt;
}

std::optional<Key> file_content_hash(int fd, std::string_view list) {
    const std::optional<std::vector<Span>> blocks = list_blocks(list);
    if (!blocks) {
        return std::nullopt;
    }
    OutputHashStream hash(*blocks);
    const bool read = util::read_pieces(fd, [&](std::string_view piece) {
        hash.update(piece);
        return true;
    });
    return read ? as_key(hash.digest()) : std::nullopt;
}

}  // namespace cowrap::cache
