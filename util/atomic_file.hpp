// Replacing a file atomically, and only when its bytes change (in the spirit of ccache's
// AtomicFile): the new bytes go to a temporary file beside it, then rename(2).
#pragma once

#include <string>
#include <string_view>

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

// The prefix of the temporary files for a file named `name` (no folder): ".NAME.tmp.", with
// NAME shortened so that the prefix, a pid and mkstemp's suffix fit NAME_MAX (255 bytes).
std::string temporary_prefix(std::string_view name);

}  // namespace cowrap
