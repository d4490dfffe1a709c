// The Memo hooks: lookups read the cache (and the output file) right away; everything to
// store waits in the session for record_run's single write transaction.
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
    if (!s.keep_parses) {
        return std::nullopt;
    }
    if (!s.find_header) {
        s.find_header = std::make_unique<Statement>(
            *s.db,
            "SELECT path, declarations, checksum FROM headers WHERE parse_key = ?1 "
            "AND length(declarations) > 0 ORDER BY path = ?2 DESC LIMIT 1");
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
    // A header that changed while it was being read is not stored: the bytes parsed may be
    // a mix that never existed on disk.
    auto now = read_bytes(source.path);
    if (!now || *now != source.text) {
        return;
    }
    Key content = hash_bytes(source.text);
    // An empty blob: the row records the header without its declarations.
    s.headers.push_back({s.absolute(source.path), content, header_key(s.keys, content),
                         s.keep_parses ? serialize_declarations(decls) : std::string(), false});
}

// What the output file holds now, and where its last run put each block.
void load_blocks(Session& s) {
    s.blocks_loaded = true;
    if (s.deferred || !s.previous_output()) {
        return;  // nothing to reuse, and no query to pay for (a cold run)
    }
    Statement q(*s.db,
                "SELECT w.key, w.start, w.length, w.checksum FROM wrappers w "
                "JOIN outputs o ON o.id = w.output_id WHERE o.path = ?1");
    q.bind(1, s.output);
    while (q.step()) {
        std::optional<Key> key = q.key(0);
        std::optional<Key> checksum = q.key(3);
        if (key && checksum) {
            s.previous_blocks[*key] = {q.integer(1), q.integer(2), *checksum};
        }
    }
}

std::optional<std::string_view> find_fragment(Session& s, const Declaration& decl) {
    if (!s.blocks_loaded) {
        load_blocks(s);
    }
    const Key key = declaration_key(s.keys, decl);
    s.declaration_keys.push_back(key);
    auto it = s.previous_blocks.find(key);
    if (it == s.previous_blocks.end()) {
        return std::nullopt;
    }
    const RecordedBlock& b = it->second;
    // Not there any more (the file was edited or replaced since): a miss, emitted again.
    return checked_slice(*s.previous_text, b.start, b.length, b.checksum);
}

}  // namespace

Memo make_memo(Session& s, std::size_t inputs) {
    if (!s.active()) {
        return {};
    }
    // With one input, an unchanged header means an unchanged run key, and reuse_output takes
    // the whole output: its parse would never be read back.
    s.keep_parses = inputs > 1;
    Memo memo;
    // A deferred run has no database to look in: it parses, and only stores.
    if (!s.deferred) {
        memo.find_declarations = [&s](const Source& source) {
            return guarded(s, [&] { return find_declarations(s, source); });
        };
    }
    memo.store_declarations = [&s](const Source& source, const std::vector<Declaration>& decls) {
        guarded(s, [&] {
            store_declarations(s, source, decls);
            return 0;
        });
    };
    memo.find_fragment = [&s](const Declaration& decl) {
        return guarded(s, [&] { return find_fragment(s, decl); });
    };
    return memo;
}

}  // namespace cowrap::cache
