// Reusing a whole output: a run whose inputs and options are those of the output's last
// successful run takes the file as it is, without parsing or emitting.
#include <ctime>

#include "cache/session.hpp"

namespace cowrap::cache {

Key run_key(Session& s, const std::vector<Source>& sources) {
    const std::vector<Key>& hashes = input_hashes(s, sources);
    KeyBuilder b;
    b.add(s.keys.emit);
    // The include list and the inputs as given shape the prologue.
    b.add(static_cast<std::uint64_t>(s.options.emit.includes.size()));
    for (const std::string& include : s.options.emit.includes) {
        b.add(include);
    }
    b.add(static_cast<std::uint64_t>(sources.size()));
    for (std::size_t i = 0; i < sources.size(); ++i) {
        b.add(sources[i].path);
        b.add(hashes[i]);
    }
    return b.finish();
}

std::optional<std::string> reuse_output(Session& s, const std::vector<Source>& sources) {
    if (!s.active() || s.deferred) {  // deferred: there is no output
        return std::nullopt;
    }
    try {
        // No file (a cold run): nothing to reuse, and no query to pay for.
        const std::optional<std::string>& bytes = s.previous_output();
        if (!bytes) {
            return std::nullopt;
        }
        // The duplicate test is the cheap half of check_duplicates: any wrapper of the same
        // name in another output, from another header, sends the run down the full path. With
        // no other output (one monolithic file) it is skipped: it costs a lookup per wrapper.
        Statement q(*s.db,
                    "SELECT o.content_hash, o.refreshed, "
                    "(SELECT count(*) FROM wrappers WHERE output_id = o.id), "
                    "CASE WHEN EXISTS (SELECT 1 FROM outputs WHERE id != o.id) THEN "
                    "EXISTS (SELECT 1 FROM wrappers w JOIN wrappers x ON x.name = w.name "
                    "AND x.output_id != w.output_id AND x.header != w.header "
                    "WHERE w.output_id = o.id) ELSE 0 END "
                    "FROM outputs o WHERE o.path = ?1 AND o.run_key = ?2");
        q.bind(1, s.output).bind(2, run_key(s, sources));
        if (!q.step() || q.integer(3) != 0) {
            return std::nullopt;
        }
        std::optional<Key> recorded = q.key(0);
        std::int64_t refreshed = q.is_null(1) ? 0 : q.integer(1);
        std::int64_t wrappers = q.integer(2);
        q.reset();
        if (!recorded || hash_bytes(*bytes) != *recorded) {
            return std::nullopt;
        }
        s.reused = true;
        s.reused_wrappers = wrappers;
        s.refresh_due = refreshed < static_cast<std::int64_t>(std::time(nullptr)) - refresh_seconds;
        return s.take_previous_output();
    } catch (const std::exception& e) {
        s.disable(e.what());
        return std::nullopt;
    }
}

}  // namespace cowrap::cache
