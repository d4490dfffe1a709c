#include "cache/wrapper_list.hpp"

#include <map>

#include "cache/bytes.hpp"

namespace cowrap::cache {

namespace {

constexpr unsigned char list_version = 1;

}  // namespace

std::string encode_wrapper_list(std::span<const WrapperView> rows) {
    // Most outputs hold one header's wrappers: its path is written once, not once a wrapper.
    std::vector<std::string_view> headers;
    std::map<std::string_view, std::uint64_t> index;
    std::vector<std::uint64_t> of_row;
    of_row.reserve(rows.size());
    for (const WrapperView& w : rows) {
        // A header's wrappers come together: the map is only asked when the header changes.
        if (!of_row.empty() && w.header == headers[of_row.back()]) {
            of_row.push_back(of_row.back());
            continue;
        }
        auto [it, added] = index.emplace(w.header, headers.size());
        if (added) {
            headers.push_back(w.header);
        }
        of_row.push_back(it->second);
    }
    ByteWriter out;
    out.out.reserve(32 + rows.size() * 256);
    out.out += static_cast<char>(list_version);
    out.number(headers.size());
    for (std::string_view h : headers) {
        out.text(h);
    }
    out.number(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const WrapperView& w = rows[i];
        out.text(w.name);
        out.text(w.target);
        out.text(w.mark);
        out.number(of_row[i]);
        out.signed_number(w.line);
        out.signed_number(w.start);
        out.signed_number(w.length);
        out.key(w.checksum);
        out.text(w.text);
    }
    return std::move(out.out);
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

std::optional<std::vector<WrapperView>> decode_wrapper_views(std::string_view bytes) {
    if (bytes.empty() || static_cast<unsigned char>(bytes[0]) != list_version) {
        return std::nullopt;
    }
    ByteReader r{bytes.substr(1)};
    // Every entry takes a byte at least: a larger count is damage.
    std::uint64_t count = r.number();
    if (count > r.in.size()) {
        return std::nullopt;
    }
    std::vector<std::string_view> headers;
    headers.reserve(count);
    for (std::uint64_t i = 0; i < count && r.ok; ++i) {
        headers.push_back(r.view());
    }
    count = r.number();
    if (count > r.in.size()) {
        return std::nullopt;
    }
    std::vector<WrapperView> rows;
    rows.reserve(count);
    for (std::uint64_t i = 0; i < count && r.ok; ++i) {
        WrapperView w;
        w.name = r.view();
        w.target = r.view();
        w.mark = r.view();
        const std::uint64_t header = r.number();
        if (header >= headers.size()) {
            return std::nullopt;
        }
        w.header = headers[header];
        w.line = r.signed_number();
        w.start = r.signed_number();
        w.length = r.signed_number();
        w.checksum = r.key();
        w.text = r.view();
        rows.push_back(w);
    }
    if (!r.ok || !r.in.empty()) {
        return std::nullopt;
    }
    return rows;
}

std::optional<std::vector<WrapperRow>> decode_wrapper_list(std::string_view bytes) {
    std::optional<std::vector<WrapperView>> views = decode_wrapper_views(bytes);
    if (!views) {
        return std::nullopt;
    }
    std::vector<WrapperRow> rows;
    rows.reserve(views->size());
    for (const WrapperView& w : *views) {
        rows.push_back({std::string(w.name), std::string(w.target), std::string(w.mark),
                        std::string(w.header), w.line, w.start, w.length, w.checksum,
                        std::string(w.text)});
    }
    return rows;
}

}  // namespace cowrap::cache
