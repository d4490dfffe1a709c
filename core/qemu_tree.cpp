#include "core/qemu_tree.hpp"

#include <sys/stat.h>

#include <filesystem>
#include <map>
#include <string_view>
#include <system_error>

#include "util/file.hpp"

namespace cowrap {

namespace fs = std::filesystem;

namespace {

// `dir/name` is a regular file (folder: a folder). Plain strings and stat: the walk up to
// the root tries a few names per level, for every folder the inputs are in.
bool has(const std::string& dir, std::string_view name, bool folder) {
    std::string path = dir;
    if (path.empty() || path.back() != '/') {
        path += '/';
    }
    path += name;
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && (folder ? S_ISDIR(st.st_mode) : S_ISREG(st.st_mode));
}

bool is_root(const std::string& dir) {
    return (has(dir, "VERSION", false) || has(dir, "VERSION.QEMU", false)) &&
           has(dir, "include/block", true) && has(dir, "block", true);
}

// The path's folder with symlinks resolved, then the file name: a header reached through
// "../" or a symlinked folder belongs to the tree it is really in.
std::optional<fs::path> resolved(const std::string& path) {
    fs::path p(path);
    std::error_code ec;
    fs::path dir = fs::canonical(p.has_parent_path() ? p.parent_path() : fs::path("."), ec);
    if (ec) {
        return std::nullopt;
    }
    return dir / p.filename();
}

}  // namespace

std::optional<std::string> qemu_tree_root(const std::string& path) {
    std::optional<fs::path> p = resolved(path);
    if (!p) {
        return std::nullopt;
    }
    // Absolute and without "." or ".." (canonical): its ancestors are its prefixes.
    std::string dir = p->parent_path().string();
    for (;;) {
        if (is_root(dir)) {
            return dir;
        }
        const std::size_t slash = dir.find_last_of('/');
        if (dir.size() <= 1 || slash == std::string::npos) {
            return std::nullopt;
        }
        dir.resize(slash == 0 ? 1 : slash);
    }
}

std::vector<std::optional<std::string>> qemu_tree_roots(const std::vector<std::string>& paths) {
    // resolved() canonicalises the folder a path is given in, so one answer serves a folder.
    std::map<std::string, std::optional<std::string>> by_folder;
    std::vector<std::optional<std::string>> roots;
    roots.reserve(paths.size());
    for (const std::string& path : paths) {
        const std::string folder = fs::path(path).parent_path().string();
        auto it = by_folder.find(folder);
        if (it == by_folder.end()) {
            it = by_folder.emplace(folder, qemu_tree_root(path)).first;
        }
        roots.push_back(it->second);
    }
    return roots;
}

TreeVersion read_tree_version(const std::string& root) {
    TreeVersion v;
    v.file = (fs::path(root) / (has(root, "VERSION", false) ? "VERSION" : "VERSION.QEMU")).string();
    std::string error;
    std::optional<std::string> bytes = util::read_file(v.file, 64 * 1024, "a VERSION file", error);
    if (!bytes) {
        return v;
    }
    // The first line; an empty file gives an empty line: "holds ''".
    const std::string line = bytes->substr(0, bytes->find('\n'));
    const char* space = " \t\r\n\v\f";
    std::size_t first = line.find_first_not_of(space);
    std::size_t last = line.find_last_not_of(space);
    v.content = first == std::string::npos ? std::string() : line.substr(first, last - first + 1);
    v.readable = true;
    return v;
}

std::optional<std::string> relative_to_root(const std::string& path, const std::string& root) {
    std::optional<fs::path> p = resolved(path);
    std::error_code ec;
    fs::path r = fs::canonical(root, ec);
    if (!p || ec) {
        return std::nullopt;
    }
    fs::path rel = p->lexically_relative(r);
    if (rel.empty()) {
        return std::nullopt;
    }
    return rel.generic_string();
}

std::optional<std::string> path_in_tree(const std::string& path, const std::string& root) {
    std::optional<std::string> rel = relative_to_root(path, root);
    if (!rel || rel->starts_with("../")) {
        return std::nullopt;
    }
    return rel;
}

std::string relative_to_cwd(const std::string& path) {
    std::error_code ec;
    fs::path cwd = fs::current_path(ec);
    fs::path rel = ec ? fs::path() : fs::path(path).lexically_relative(cwd);
    return rel.empty() ? path : rel.generic_string();
}

}  // namespace cowrap
