#include "cache/cross_shard.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "cache/name_digest.hpp"
#include "cache/paths.hpp"
#include "cache/pending.hpp"

namespace cowrap::cache {

namespace {

struct Place {
    std::string header;  // absolute
    std::string output;  // absolute
};

// A file's identity: the same file through a symlinked folder or another spelling is one.
using FileId = std::pair<dev_t, ino_t>;

std::optional<FileId> file_id(const std::string& path) {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) {
        return std::nullopt;
    }
    return FileId{st.st_dev, st.st_ino};
}

// Where `header`, as it is on disk now, declares each wrapper.
using Declared = std::map<std::string, Location, std::less<>>;

// Parsed again: this runs only for a name that another output of the group records, which is
// rare, and the file may have changed since.
Declared declared_now(const ParseOptions& parse, const std::string& header) {
    Declared names;
    std::optional<std::string> read = read_bytes(header);
    if (!read) {
        return names;  // gone: it no longer defines anything
    }
    // The declarations view the source and the parse's arena: both live to the end.
    const Source source = make_source(header, std::move(*read));
    const ParseResult parsed = parse_source(source, parse);
    for (const Declaration& d : parsed.declarations) {
        names.emplace(std::string(d.name), d.name_loc);
    }
    return names;
}

}  // namespace

std::vector<Diagnostic> defined_in_other_shards(Database& db, const ParseOptions& parse,
                                                const std::vector<Declaration>& declarations,
                                                const std::vector<std::string>& own_headers,
                                                const std::string& output,
                                                const std::string& group) {
    // No other output recorded (a first run, or one monolithic file): nothing to look up. The
    // lookup below would probe the name index for every wrapper (80 M instructions for 10,000).
    {
        Statement others(db,
                         "SELECT EXISTS (SELECT 1 FROM outputs WHERE path != ?1 "
                         "AND shard_group = ?2)");
        others.bind(1, output).bind(2, group);
        if (!others.step() || others.integer(0) == 0) {
            return {};
        }
    }
    std::set<std::string> inputs(own_headers.begin(), own_headers.end());
    std::set<FileId> input_ids;
    for (const std::string& path : own_headers) {
        if (auto id = file_id(path)) {
            input_ids.insert(*id);
        }
    }
    auto is_input = [&](const std::string& header) {
        if (inputs.contains(header)) {
            return true;
        }
        const std::optional<FileId> id = file_id(header);
        return id && input_ids.contains(*id);
    };
    // One query for all names: json_each turns the list into rows.
    nlohmann::json names = nlohmann::json::array();
    for (const Declaration& decl : declarations) {
        names.push_back(decl.name);
    }
    Statement q(db,
                "SELECT w.name, w.header, o.path FROM wrappers w "
                "JOIN outputs o ON o.id = w.output_id "
                "WHERE w.name IN (SELECT value FROM json_each(?1)) AND o.path != ?2 "
                "AND o.shard_group = ?3 ORDER BY o.path, w.header");
    q.bind(1, names.dump()).bind(2, output).bind(3, group);
    std::map<std::string, std::vector<Place>, std::less<>> elsewhere;
    while (q.step()) {
        Place p{q.text(1), q.text(2)};
        if (!is_input(p.header)) {
            elsewhere[q.text(0)].push_back(std::move(p));
        }
    }
    std::map<std::string, Declared> on_disk;
    std::vector<Diagnostic> out;
    for (const Declaration& decl : declarations) {
        auto places = elsewhere.find(decl.name);
        if (places == elsewhere.end()) {
            continue;
        }
        for (const Place& p : places->second) {
            auto it = on_disk.find(p.header);
            if (it == on_disk.end()) {
                it = on_disk.emplace(p.header, declared_now(parse, p.header)).first;
            }
            auto found = it->second.find(decl.name);
            if (found == it->second.end()) {
                continue;
            }
            std::string other = shown_path(p.header);
            out.push_back(error_at(decl.file, decl.name_loc,
                                   "wrapper '" + std::string(decl.name) + "' is also defined in " +
                                       other + ":" + std::to_string(found->second.line) +
                                       " (generated into " + shown_path(p.output) + ")"));
            out.push_back(
                note_at(other, found->second,
                        "the other definition of '" + std::string(decl.name) + "' is here"));
            break;  // one other place is enough to fix the build
        }
    }
    return out;
}

bool recorded_clash(Database& db, const std::string& output, const std::string& group) {
    Statement q(db,
                "SELECT EXISTS (SELECT 1 FROM outputs o "
                "JOIN wrappers w ON w.output_id = o.id "
                "JOIN wrappers x ON x.name = w.name AND x.output_id != w.output_id "
                "AND x.header != w.header "
                "JOIN outputs ox ON ox.id = x.output_id AND ox.shard_group = ?2 "
                "WHERE o.path = ?1)");
    q.bind(1, output).bind(2, group);
    return !q.step() || q.integer(0) != 0;
}

bool digest_may_clash(const std::string& cache_path, const std::vector<Declaration>& declarations,
                      const std::vector<std::string>& own_headers) {
    std::vector<std::uint64_t> names;
    names.reserve(declarations.size());
    for (const Declaration& decl : declarations) {
        names.push_back(digest_hash(decl.name));
    }
    std::vector<std::uint64_t> own;
    for (const std::string& path : own_headers) {
        own.push_back(digest_hash(path));
    }
    return digest_may_clash(pending_folder(cache_path), names, own);
}

}  // namespace cowrap::cache
