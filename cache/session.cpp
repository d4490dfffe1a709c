#include "cache/session.hpp"

#include <unistd.h>

#include <ostream>
#include <utility>

#include "cache/open.hpp"
#include "cache/paths.hpp"
#include "cache/pending.hpp"

namespace cowrap::cache {

Session::Session(const std::string& path, const GenerateOptions& opts,
                 const std::string& output_path, std::ostream& warning_stream, bool may_defer)
    : cache_path(path),
      output(absolute_path(output_path)),
      options(opts),
      keys(make_key_context(opts)),
      warnings(&warning_stream),
      started(std::chrono::steady_clock::now()) {
    if (cache_path.empty()) {
        return;
    }
    if (auto problem = unusable_cache_path(cache_path)) {
        disable(*problem);
        return;
    }
    if (may_defer && can_defer(cache_path, output)) {
        deferred = true;
        return;
    }
    // The first run of a new cache creates it (schema and name digest: cheap) so that the cache
    // is where the build put it, but leaves its record pending all the same: for a cold
    // monolithic output, recording is what costs.
    const bool new_cache =
        may_defer && ::access(cache_path.c_str(), F_OK) != 0 && ::access(output.c_str(), F_OK) != 0;
    open_database();
    if (new_cache && db) {  // opened: it is sound, and its digest exists
        db.reset();
        deferred = true;
    }
}

void Session::open_database() {
    deferred = false;
    try {
        db.emplace(open_for_generate(cache_path));
        // Before any lookup: a pending run may be this output's last.
        fold_pending_runs(*db, cache_path);
    } catch (const std::exception& e) {
        disable(e.what());
    }
}

const std::string& Session::absolute(const std::string& path) {
    // Consecutive calls mostly ask for the same header (one per declaration).
    if (last_absolute != absolute_paths.end() && last_absolute->first == path) {
        return last_absolute->second;
    }
    auto it = absolute_paths.find(path);
    if (it == absolute_paths.end()) {
        it = absolute_paths.emplace(path, absolute_path(path)).first;
    }
    last_absolute = it;
    return it->second;
}

const std::optional<std::string>& Session::previous_output() {
    if (!output_read) {
        output_read = true;
        previous_text = read_bytes(output);
    }
    return previous_text;
}

std::optional<std::string> Session::take_previous_output() {
    previous_output();
    output_read = false;
    return std::exchange(previous_text, std::nullopt);
}

const std::vector<Key>& input_hashes(Session& s, const std::vector<Source>& sources) {
    if (s.content_hashes.size() != sources.size()) {
        s.content_hashes.clear();
        for (const Source& src : sources) {
            s.content_hashes.push_back(hash_bytes(src.text));
        }
    }
    return s.content_hashes;
}

void Session::disable(std::string_view reason) {
    find_header.reset();
    db.reset();
    deferred = false;
    headers.clear();
    previous_blocks.clear();
    previous_text.reset();
    output_read = false;
    reused = false;
    if (!warned) {
        warned = true;
        *warnings << "cowrap: warning: not using the cache '" << cache_path << "': " << reason
                  << "\n";
    }
}

}  // namespace cowrap::cache
