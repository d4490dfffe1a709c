// Writing results: atomic write-if-changed and Make-syntax depfiles.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cowrap {

enum class WriteResult { unchanged, written, failed };

// Writes `content` to `path` through a temporary file in the same folder and rename(2), only
// when the file does not already hold exactly these bytes. On failure the old file is left
// as it was, no temporary file stays behind, and `error` says why.
WriteResult write_if_changed(const std::string& path, std::string_view content, std::string& error);

// write_if_changed in two steps, so that an output and its depfile are either both replaced
// or neither: stage() writes the temporary file (everything that can fail for lack of a
// folder, space or permission), commit() only renames it. A staged file that is not committed
// is removed by the destructor.
class StagedWrite {
public:
    StagedWrite() = default;
    ~StagedWrite();
    StagedWrite(const StagedWrite&) = delete;
    StagedWrite& operator=(const StagedWrite&) = delete;

    // `written` means a temporary file waits for commit().
    WriteResult stage(const std::string& path, std::string_view content, std::string& error);
    // Renames the staged temporary into place (true when there is none).
    bool commit(std::string& error);
    void discard();

private:
    std::string path_;
    std::string temp_;
};

// Escapes a path for a Make rule (spaces, #, $, backslashes before spaces).
std::string escape_make_path(std::string_view path);

// "target: dep1 dep2 ...\n" with escaping, and a phony rule per dependency so a deleted
// header does not break the build.
std::string depfile_text(std::string_view target, const std::vector<std::string>& deps);

}  // namespace cowrap
