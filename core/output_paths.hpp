// Checks that what a run writes is only ever an output: never one of its inputs,
// never the same file as another of its outputs, never a device, FIFO, socket or folder.
// They run before anything is read or written, so a refused run leaves every file as it was.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace cowrap {

// A file the run writes, and what it is for ("output", "depfile", "cache").
struct WrittenPath {
    std::string role;
    std::string path;
    // An existing non-regular file is refused. The cache is best-effort: its own code warns
    // and runs without it, so it is only checked against the inputs and the other outputs.
    bool must_be_file = true;
};

// nullopt when every path may be written; else the message that says why not. Compares by
// device and inode (so a symlink or "../" naming an input is caught) and, for files that do
// not exist yet, by their resolved absolute path.
std::optional<std::string> check_written_paths(const std::vector<WrittenPath>& written,
                                               const std::vector<std::string>& inputs);

// Where writing `path` puts the bytes: a symlink to a regular file is followed (its target is
// replaced and the link stays, as `>` in a shell does); anything else is `path` itself.
std::string write_target(const std::string& path);

}  // namespace cowrap
