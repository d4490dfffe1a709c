// The Memo hooks: lookups read the cache right away; everything to store waits in the session
// for record_run's single write transaction.
#include "cache/paths.hpp"
#include "cache/serialize.hpp"
#include "cache/session.hpp"

namespace cowrap::cache {

namespace {

// Runs a hook body; any failure disables the cache and counts as a miss.
template <typename F>
auto guarded(Session& s, F&& body) -> decltype(body()) {
    if (!s.active()) {
        return {};
    }
    try {
        return body();
    } catch (const std::exception& e) {
        s.disable(e.what());
        return {};
    }
}

std::optional<std::vector<Declaration>> find_declarations(Session& s, const Source& source) {
    if (!s.find_header) {
        s.find_header = std::make_unique<Statement>(
            *s.db,
            "SELECT path, declarations, checksum FROM headers WHERE parse_key = ?1 "
            "ORDER BY path = ?2 DESC LIMIT 1");
    }
    const std::string& path = s.absolute(source.path);
    Key content = hash_bytes(source.text);
    Key parse_key = header_key(s.keys, content);
    Statement& q = *s.find_header;
    q.bind(1, parse_key).bind(2, path);
    if (!q.step()) {
        q.reset();
        return std::nullopt;
    }
    std::string row_path = q.text(0);
    std::string bytes = q.blob(1);
    std::optional<Key> checksum = q.key(2);
    q.reset();
    if (checksum != hash_bytes(bytes)) {
        return std::nullopt;  // damaged: parse again, and record_run replaces the row
    }
    auto decls = deserialize_declarations(bytes, source.path);
    if (decls) {
        s.headers.push_back({path, content, parse_key, std::move(bytes), row_path == path});
    }
    return decls;
}

void store_declarations(Session& s, const Source& source, const std::vector<Declaration>& decls) {
    Key content = hash_bytes(source.text);
    // A header that changed while it was being read is not stored: the bytes parsed may be
    // a mix that never existed on disk.
    auto now = read_bytes(source.path);
    if (!now || hash_bytes(*now) != content) {
        return;
    }
    s.headers.push_back({s.absolute(source.path), content, header_key(s.keys, content),
                         serialize_declarations(decls), false});
}

Key key_of(Session& s, const Declaration& decl) {
    if (s.last_keyed != &decl) {
        s.last_key = declaration_key(s.keys, decl);
        s.last_keyed = &decl;
    }
    return s.last_key;
}

std::optional<std::string> find_fragment(Session& s, const Declaration& decl) {
    if (!s.find_fragment) {
        s.find_fragment = std::make_unique<Statement>(
            *s.db, "SELECT fragment, checksum, key FROM declarations WHERE key = ?1");
    }
    s.last_keyed = nullptr;
    Key key = key_of(s, decl);
    Statement& q = *s.find_fragment;
    q.bind(1, key);
    if (!q.step()) {
        q.reset();
        return std::nullopt;
    }
    std::string fragment = q.text(0);
    std::optional<Key> checksum = q.key(1);
    bool same_key = q.key(2) == key;
    q.reset();
    // Another key with the same first 8 bytes, or a damaged fragment: a miss, and record_run
    // then replaces the row.
    if (!same_key || !checksum || hash_bytes(fragment) != *checksum) {
        return std::nullopt;
    }
    s.fragments.push_back({key,
                           decl.name,
                           std::string(mark_info(decl.mark).name),
                           s.absolute(decl.file),
                           decl.name_loc.line,
                           {}});
    return fragment;
}

void store_fragment(Session& s, const Declaration& decl, const std::string& fragment) {
    // generate() asks find_fragment about this very declaration just before.
    s.fragments.push_back({key_of(s, decl), decl.name, std::string(mark_info(decl.mark).name),
                           s.absolute(decl.file), decl.name_loc.line, fragment});
}

}  // namespace

Memo make_memo(Session& s) {
    if (!s.active()) {
        return {};
    }
    Memo memo;
    memo.find_declarations = [&s](const Source& source) {
        return guarded(s, [&] { return find_declarations(s, source); });
    };
    memo.store_declarations = [&s](const Source& source, const std::vector<Declaration>& decls) {
        guarded(s, [&] {
            store_declarations(s, source, decls);
            return 0;
        });
    };
    memo.find_fragment = [&s](const Declaration& decl) {
        return guarded(s, [&] { return find_fragment(s, decl); });
    };
    memo.store_fragment = [&s](const Declaration& decl, const std::string& fragment) {
        guarded(s, [&] {
            store_fragment(s, decl, fragment);
            return 0;
        });
    };
    return memo;
}

}  // namespace cowrap::cache
