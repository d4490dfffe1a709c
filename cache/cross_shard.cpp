#include "cache/cross_shard.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "cache/name_digest.hpp"
#include "cache/paths.hpp"
#include "cache/pending.hpp"
#include "cache/wrapper_list.hpp"

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

// The wrappers named in `names` that the other outputs of `group` hold, from their lists.
// Decoding every other output's list costs a scan of the group: the callers only come here
// when the name digest says one of the names may be held elsewhere.
std::map<std::string, std::vector<Place>, std::less<>> held_elsewhere(
    Store& store, const std::string& output, const std::string& group,
    const std::set<std::string_view>& names) {
    std::map<std::string, std::vector<Place>, std::less<>> held;
    for (const OutputRow& o : store.group_wrapper_lists(group, output)) {
        for (WrapperRow& w : decode_wrapper_list(o.wrappers).value_or(std::vector<WrapperRow>{})) {
            if (names.contains(w.name)) {
                held[w.name].push_back({std::move(w.header), o.path});
            }
        }
    }
    for (auto& [name, places] : held) {
        std::sort(places.begin(), places.end(), [](const Place& a, const Place& b) {
            return std::tie(a.output, a.header) < std::tie(b.output, b.header);
        });
    }
    return held;
}

}  // namespace

std::vector<Diagnostic> defined_in_other_shards(Store& store, const std::string& cache_path,
                                                const ParseOptions& parse,
                                                const std::vector<Declaration>& declarations,
                                                const std::vector<std::string>& own_headers,
                                                const std::string& output,
                                                const std::string& group) {
    // No other output recorded (a first run, or one monolithic file): nothing to look up.
    if (!store.group_has_others(group, output) ||
        !digest_may_clash(cache_path, declarations, own_headers)) {
        return {};
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
    std::set<std::string_view> names;
    for (const Declaration& decl : declarations) {
        names.insert(decl.name);
    }
    std::map<std::string, std::vector<Place>, std::less<>> elsewhere;
    for (auto& [name, places] : held_elsewhere(store, output, group, names)) {
        for (Place& p : places) {
            if (!is_input(p.header)) {
                elsewhere[name].push_back(std::move(p));
            }
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

bool recorded_clash(Store& store, const std::string& cache_path, const std::string& output,
                    const std::string& group) {
    const std::optional<std::string> list = store.wrapper_list(output);
    if (!list) {
        return true;
    }
    const std::optional<std::vector<WrapperRow>> own = decode_wrapper_list(*list);
    if (!own) {
        return true;  // no list to compare with: the full path decides
    }
    std::vector<std::uint64_t> names;
    std::vector<std::uint64_t> headers;
    std::map<std::string_view, std::string_view> header_of;  // W -> its header here
    for (const WrapperRow& w : *own) {
        names.push_back(digest_hash(w.name));
        headers.push_back(digest_hash(w.header));
        header_of.emplace(w.name, w.header);
    }
    std::sort(headers.begin(), headers.end());
    headers.erase(std::unique(headers.begin(), headers.end()), headers.end());
    if (!digest_may_clash(pending_folder(cache_path), names, headers)) {
        return false;
    }
    // The group's other rows must be whole: a pending run may have changed one.
    fold_pending_runs(store, cache_path);
    if (!store.group_has_others(group, output)) {
        return false;
    }
    std::set<std::string_view> wanted;
    for (const auto& [name, header] : header_of) {
        wanted.insert(name);
    }
    for (const auto& [name, places] : held_elsewhere(store, output, group, wanted)) {
        for (const Place& p : places) {
            if (p.header != header_of.at(name)) {
                return true;
            }
        }
    }
    return false;
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
