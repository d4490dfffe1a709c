#include "cache/serialize.hpp"

#include <cstdint>

namespace cowrap::cache {

namespace {

constexpr unsigned char format_version = 1;

struct Writer {
    std::string out;

    void number(std::uint64_t n) {
        do {
            unsigned char byte = n & 0x7f;
            n >>= 7;
            out += static_cast<char>(n ? byte | 0x80 : byte);
        } while (n);
    }
    void text(std::string_view s) {
        number(s.size());
        out.append(s);
    }
    void location(const Location& loc) {
        number(loc.line);
        number(loc.column);
    }
};

// Every read checks the bounds; the first failure makes `ok` false for good.
struct Reader {
    std::string_view in;
    bool ok = true;

    std::uint64_t number() {
        std::uint64_t n = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (in.empty()) {
                break;
            }
            auto byte = static_cast<unsigned char>(in.front());
            in.remove_prefix(1);
            n |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
            if (!(byte & 0x80)) {
                return n;
            }
        }
        ok = false;
        return 0;
    }
    std::string text() {
        std::uint64_t n = number();
        if (!ok || n > in.size()) {
            ok = false;
            return {};
        }
        std::string s(in.substr(0, n));
        in.remove_prefix(n);
        return s;
    }
    Location location() {
        std::size_t line = number();
        std::size_t column = number();
        return {line, column};
    }
};

}  // namespace

std::string serialize_declarations(const std::vector<Declaration>& decls) {
    Writer w;
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
                                                                 const std::string& file) {
    if (bytes.empty() || static_cast<unsigned char>(bytes[0]) != format_version) {
        return std::nullopt;
    }
    Reader r{bytes.substr(1)};
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
        d.name = r.text();
        d.name_loc = r.location();
        d.return_type = r.text();
        std::uint64_t params = r.number();
        if (params > r.in.size()) {
            return std::nullopt;
        }
        for (std::uint64_t j = 0; j < params && r.ok; ++j) {
            Param p;
            p.decl = r.text();
            p.field_decl = r.text();
            p.name = r.text();
            p.type = r.text();
            p.loc = r.location();
            p.name_loc = r.location();
            d.params.push_back(std::move(p));
        }
        d.text = r.text();
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
static_assert(sizeof(Param) == 4 * sizeof(std::string) + 2 * sizeof(Location),
              "Param changed: update cache/serialize.cpp (and its format_version)");
// file, name, return_type, text; mark_loc, name_loc; params; the mark, padded to 8 bytes.
static_assert(sizeof(Declaration) ==
                  4 * sizeof(std::string) + 2 * sizeof(Location) + sizeof(std::vector<Param>) + 8,
              "Declaration changed: update cache/serialize.cpp (and its format_version)");
#endif

}  // namespace cowrap::cache
