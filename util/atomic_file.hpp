// Replacing a file atomically, and only when its bytes change (in the spirit of ccache's
// AtomicFile): the new bytes go to a temporary file beside it, then rename(2).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "util/file.hpp"

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
//
// The streaming form, for an output too large to hold: begin() creates the temporary file,
// buffer() is appended to (flush_if_full() after each piece) and the bytes go through a
// fixed-size buffer into the temporary file while they are compared with the file's present
// bytes; finish() then says unchanged (the temporary file is removed) or written (it waits
// for commit()). Memory stays one buffer whatever the size of the output.
class StagedWrite {
public:
    StagedWrite() = default;
    ~StagedWrite();
    StagedWrite(const StagedWrite&) = delete;
    StagedWrite& operator=(const StagedWrite&) = delete;

    // `written` means a temporary file waits for commit().
    WriteResult stage(const std::string& path, std::string_view content, std::string& error);
    // For a file known to hold the right bytes already (checked by its content hash): what
    // stage() does when they are unchanged, without them. Removes dead writers' temporaries.
    void keep(const std::string& path);

    // How many bytes buffer() gathers before they are written out.
    static constexpr std::size_t buffer_size = 64 * 1024;
    // Starts a streamed write of `path`; false (with `error`) when no temporary file can be
    // made beside it.
    bool begin(const std::string& path, std::string& error);
    // Where the next bytes go; flush_if_full() writes them out once buffer_size is reached.
    std::string& buffer() { return buffer_; }
    void flush_if_full() {
        if (buffer_.size() >= buffer_size) {
            flush();
        }
    }
    // Writes out the rest; `unchanged` when `path` already holds exactly the streamed bytes
    // (compared as they went, and checked again if the file was replaced since), `written`
    // when the temporary file waits for commit(), `failed` with `error`. Call it where
    // stage() would be called (under the same lock).
    WriteResult finish(std::string& error);

    // Renames the staged temporary into place (true when there is none).
    bool commit(std::string& error);
    // Like commit(), for a file that must not replace another: `written` when it is now at the
    // path, `unchanged` when a file was there already (the temporary is removed, that file left
    // as it is), `failed` with `error` (a filesystem without RENAME_NOREPLACE included).
    WriteResult commit_new(std::string& error);
    void discard();

private:
    void flush();
    void compare(std::string_view bytes);
    void stop_comparing();

    std::string path_;
    std::string temp_;
    util::UniqueFd hold_;  // the lock on a slot temporary (util/atomic_file.cpp)
    // Streaming state.
    int fd_ = -1;      // the temporary file
    int old_fd_ = -1;  // the file as begin() found it, read along to compare
    bool same_ = false;
    std::uint64_t written_ = 0;
    std::uint64_t old_size_ = 0;
    int write_errno_ = 0;
    struct Identity {
        std::uint64_t dev = 0, ino = 0, size = 0;
        std::int64_t mtime_ns = 0;
        friend bool operator==(const Identity&, const Identity&) = default;
    } old_identity_;
    std::string buffer_;
};

// The prefix of the temporary files for a file named `name` (no folder): ".NAME.tmp.", with
// NAME shortened so that the prefix, a pid and mkstemp's suffix fit NAME_MAX (255 bytes). A
// writer's temporary is ".NAME.tmp.N" (N a slot, 0 to 3, held with flock(2) while it is
// written), or ".NAME.tmp.PID.XXXXXX" when four live writers hold the slots.
std::string temporary_prefix(std::string_view name);

}  // namespace cowrap
