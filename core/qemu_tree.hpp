// Which QEMU tree the inputs belong to: its root folder and its version, so that a run
// without --dialect generates what that tree's own script would, and so that
// paths in the output are relative to the root, whatever the build folder.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace cowrap {

// A folder is a QEMU tree's root when it holds a regular file VERSION or VERSION.QEMU (some
// vendor trees) beside QEMU's usual layout: the folders include/block and block.
// The root of a path is the nearest such folder among the ancestors of its folder, with
// symlinks resolved; nullopt when none is (or the path's folder does not exist).
std::optional<std::string> qemu_tree_root(const std::string& path);

// qemu_tree_root() of each path, walking up once per folder the paths are given in.
std::vector<std::optional<std::string>> qemu_tree_roots(const std::vector<std::string>& paths);

// The version file of a root: VERSION, else VERSION.QEMU.
struct TreeVersion {
    std::string file;       // the version file's path, absolute
    std::string content;    // its first line, surrounding white space removed
    bool readable = false;  // false when it cannot be opened or read
};
TreeVersion read_tree_version(const std::string& root);

// `path` relative to `root` with symlinks in its folder resolved ("include/block/x.h",
// "../other/y.h"), or nullopt when either cannot be resolved.
std::optional<std::string> relative_to_root(const std::string& path, const std::string& root);

// The same, but nullopt also when `path` is not inside `root`.
std::optional<std::string> path_in_tree(const std::string& path, const std::string& root);

// `path` as the user would read it from the working folder ("../VERSION").
std::string relative_to_cwd(const std::string& path);

}  // namespace cowrap
