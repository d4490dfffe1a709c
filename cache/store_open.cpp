// Opening the store: the checks before anything writes (ownership, the file header, the
// filesystem), WAL, the busy timeout and the schema; and the checks that need no SQLite.
#include "cache/store.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <fmt/format.h>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "cache/paths.hpp"
#include "cache/sqlite.hpp"
#include "util/atomic_file.hpp"
#include "util/file.hpp"
#include "util/lock.hpp"

namespace cowrap::cache {

namespace fs = std::filesystem;

namespace {

// Checkpoints then grow the file before they write page 1, whose header holds the page count:
// the file is never shorter than its header says, which check_file_header relies on.
void grow_in_chunks(Database& db) {
    int chunk = 1 << 16;
    sqlite3_file_control(db.handle(), "main", SQLITE_FCNTL_CHUNK_SIZE, &chunk);
}

std::string journal_mode(Database& db) {
    Statement mode(db, "PRAGMA journal_mode");
    return mode.step() ? mode.text(0) : std::string();
}

void use_wal(Database& db) {
    // The switch needs an exclusive lock, and when processes race to switch a new database
    // SQLite may answer "busy" at once, without its busy handler: wait here instead, up to the
    // same timeout. The loser usually finds the database already switched on its next try.
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(db.busy_timeout_ms());
    for (int attempt = 0;; ++attempt) {
        try {
            // Reading the mode first avoids the exclusive lock a (no-op) switch would want.
            if (journal_mode(db) == "wal") {
                return;
            }
            Statement wal(db, "PRAGMA journal_mode=WAL");
            if (!wal.step() || wal.text(0) != "wal") {
                throw Error(SQLITE_CANTOPEN, "cannot switch the journal to WAL");
            }
            return;
        } catch (const Error& e) {
            if (e.code != SQLITE_BUSY || std::chrono::steady_clock::now() >= deadline) {
                throw;
            }
        }
        util::sleep_before_retry(attempt);
    }
}

// SQLite URI paths: '?', '#' and '%' must be escaped.
std::string uri_path(const std::string& path) {
    std::string out;
    for (char c : fs::absolute(path).string()) {
        if (c == '?' || c == '#' || c == '%') {
            static constexpr char digits[] = "0123456789ABCDEF";
            out += '%';
            out += digits[(static_cast<unsigned char>(c) >> 4) & 0xf];
            out += digits[static_cast<unsigned char>(c) & 0xf];
        } else {
            out += c;
        }
    }
    return out;
}

// Throws unless the database is cowrap's or empty. Only reads: a database that is not cowrap's
// is never changed, not even switched to WAL.
void check_ours(Database& db) {
    // One statement, so one snapshot: another cowrap may be creating the schema meanwhile.
    Statement q(db,
                "SELECT (SELECT application_id FROM pragma_application_id()), "
                "(SELECT user_version FROM pragma_user_version()), "
                "(SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master "
                "WHERE name NOT LIKE 'sqlite_%' ORDER BY name))");
    if (!q.step()) {
        throw Error(0, "cannot read the database's header");
    }
    const std::int64_t id = q.integer(0);
    const std::int64_t version = q.integer(1);
    const std::string tables = q.text(2);
    if (id == application_id) {
        return;
    }
    if (id != 0) {
        throw Error(0, fmt::format("not a cowrap cache: another program's database "
                                   "(application id {:#x})",
                                   static_cast<std::uint32_t>(id)));
    }
    if (tables.empty() && version == 0) {
        return;  // new or empty: cowrap makes it its own
    }
    // A version-1 cache, from before the application id: all its tables and indexes.
    if (version == 1 && tables ==
                            "counters,declarations,headers,headers_by_parse_key,outputs,runs,"
                            "runs_by_output,wrappers,wrappers_by_name") {
        return;
    }
    throw Error(0, "not a cowrap cache: another program's database (" +
                       (tables.empty() ? "no tables, user_version " + std::to_string(version)
                                       : "tables " + tables.substr(0, 60) +
                                             (tables.size() > 60 ? "..." : "")) +
                       ")");
}

Error newer_schema(int version) {
    return Error(0, "schema version " + std::to_string(version) + " is newer than this cowrap's (" +
                        std::to_string(schema_version) + ")");
}

// Opens `path` read-write (`flags` may add SQLITE_OPEN_CREATE) and makes it ready: cowrap's,
// WAL, the schema up to date; for a run (`create`), no fsync. Every run opens the cache, and each
// query costs about as much as a shard's parse: when `header` already says cowrap's (an id is never
// taken back) and WAL (written to the file itself), the queries that would find the same are
// skipped.
Database open_for_writing(const std::string& path, int flags,
                          const std::optional<FileHeader>& header) {
    Database db(path, SQLITE_OPEN_READWRITE | flags | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_NOFOLLOW,
                busy_timeout());
    if (db.read_only()) {
        throw Error(SQLITE_READONLY, "the database is read-only");
    }
    if (!header || header->application_id != application_id) {
        check_ours(db);
    }
    grow_in_chunks(db);
    // No fsync, as ninja's and ccache's own files: a build must not wait for the disk. A
    // process crash loses nothing; a power loss may damage the database, which then fails
    // checks (SQLite's, and the checksum on every row cowrap reuses) and is a miss. Before the
    // switch to WAL: on a new database it commits through a rollback journal, four fsyncs.
    if (flags & SQLITE_OPEN_CREATE) {
        db.exec("PRAGMA synchronous=OFF");
    }
    if (!header || !header->wal) {
        use_wal(db);
    }
    if (migrate(db) == SchemaState::newer) {
        throw newer_schema(stored_schema_version(db));
    }
    return db;
}

}  // namespace

int busy_timeout() {
    const char* env = std::getenv("COWRAP_CACHE_BUSY_TIMEOUT_MS");
    if (env != nullptr && *env != '\0') {
        char* end = nullptr;
        long ms = std::strtol(env, &end, 10);
        if (*end == '\0' && ms >= 0 && ms <= 600000) {
            return static_cast<int>(ms);
        }
    }
    return busy_timeout_ms;
}

std::optional<std::string> unusable_cache_path(const std::string& path) {
    auto kind = [](const std::string& p, bool folder) -> std::optional<std::string> {
        struct stat st;
        if (::lstat(p.c_str(), &st) != 0) {
            return std::nullopt;  // missing: created on first use
        }
        if (folder ? S_ISDIR(st.st_mode) : S_ISREG(st.st_mode)) {
            return std::nullopt;
        }
        if (S_ISLNK(st.st_mode)) {
            return "'" + p + "' is a symbolic link, which cowrap does not follow in its cache";
        }
        return "'" + p + "' is " + std::string(util::file_kind(st.st_mode)) + ", not a " +
               (folder ? "folder" : "regular file");
    };
    if (auto problem = kind(path, false)) {
        return problem;
    }
    return kind(path + ".pending", true);
}

std::optional<FileHeader> check_file_header(const std::string& path) {
    unsigned char h[100];
    {
        const util::UniqueFd fd = util::open_own_file(path, O_RDONLY);
        if (!fd || ::pread(fd.get(), h, sizeof h, 0) != static_cast<ssize_t>(sizeof h)) {
            return std::nullopt;  // empty (new) or tiny: SQLite itself says what is wrong
        }
    }
    if (std::memcmp(h, "SQLite format 3", 16) != 0) {
        return std::nullopt;
    }
    auto be32 = [&](int at) {
        return static_cast<std::uint32_t>(h[at]) << 24 |
               static_cast<std::uint32_t>(h[at + 1]) << 16 |
               static_cast<std::uint32_t>(h[at + 2]) << 8 | h[at + 3];
    };
    FileHeader header;
    header.application_id = be32(68);
    header.wal = h[18] == 2 && h[19] == 2;
    header.user_version = be32(60);
    std::uint64_t page_size = static_cast<std::uint64_t>(h[16]) << 8 | h[17];
    if (page_size == 1) {
        page_size = 65536;
    }
    // The page count in the header is only valid when its change counter matches.
    std::uint32_t pages = be32(28);
    if (pages == 0 || be32(24) != be32(92)) {
        return header;
    }
    std::error_code ec;
    std::uint64_t size = fs::file_size(path, ec);
    if (!ec && size < pages * page_size) {
        throw Error(SQLITE_CORRUPT, "the database file is truncated (" + std::to_string(size) +
                                        " of " + std::to_string(pages * page_size) + " bytes)");
    }
    return header;
}

std::optional<std::string_view> network_filesystem_name(long type) {
    static constexpr std::pair<unsigned long, std::string_view> names[] = {
        {0x6969, "nfs"},      {0x517b, "smb"},        {0xff534d42, "cifs"}, {0xfe534d42, "smb2"},
        {0x5346414f, "afs"},  {0x6b414653, "afs"},    {0x73757245, "coda"}, {0x01021997, "9p"},
        {0x00c36400, "ceph"}, {0x0bd00bd0, "lustre"}, {0x01161970, "gfs2"}, {0x7461636f, "ocfs2"}};
    for (const auto& [magic, name] : names) {
        if ((static_cast<unsigned long>(type) & 0xffffffffUL) == magic) {
            return name;
        }
    }
    return std::nullopt;
}

std::optional<std::string_view> network_filesystem_of(const std::string& folder) {
    struct statfs info;
    if (statfs(folder.c_str(), &info) != 0) {
        return std::nullopt;
    }
    return network_filesystem_name(static_cast<long>(info.f_type));
}

bool ready_for_generate(const std::string& path) {
    if (unusable_cache_path(path)) {
        return false;
    }
    const std::string folder = folder_of(path);
    if (::access(folder.c_str(), W_OK) != 0 || ::access(path.c_str(), W_OK) != 0 ||
        network_filesystem_of(folder)) {
        return false;
    }
    try {
        const std::optional<FileHeader> h = check_file_header(path);
        return h && h->application_id == application_id && h->wal &&
               h->user_version == static_cast<std::uint32_t>(schema_version);
    } catch (const Error&) {
        return false;
    }
}

namespace {

// What a run checks before it creates or writes the database: throws Error saying why it may not.
void check_writable_place(const std::string& path) {
    if (auto problem = unusable_cache_path(path)) {
        throw Error(SQLITE_CANTOPEN, *problem);
    }
    const std::string folder = folder_of(path);
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec) {
        throw Error(SQLITE_CANTOPEN, "cannot create folder '" + folder + "': " + ec.message());
    }
    // SQLite creates its -wal and -shm files beside the database.
    if (::access(folder.c_str(), W_OK) != 0) {
        throw Error(SQLITE_READONLY, "its folder '" + folder + "' is not writable");
    }
    if (auto fs_name = network_filesystem_of(folder)) {
        throw Error(0, "on a network filesystem (" + std::string(*fs_name) +
                           ") where SQLite's WAL is unsafe");
    }
    if (fs::is_directory(path, ec)) {
        throw Error(SQLITE_CANTOPEN, "it is a directory");
    }
}

}  // namespace

bool create_database(const std::string& path) {
    check_writable_place(path);
    std::string error;
    StagedWrite file;
    const WriteResult staged = file.stage(path, new_database(), error);
    if (staged == WriteResult::failed) {
        throw Error(SQLITE_CANTOPEN, error);
    }
    if (staged == WriteResult::unchanged) {
        return false;  // another run's new database, just made
    }
    const WriteResult created = file.commit_new(error);
    if (created == WriteResult::failed) {
        throw Error(SQLITE_CANTOPEN, error);
    }
    return created == WriteResult::written;
}

Store Store::for_generate(const std::string& path) {
    check_writable_place(path);
    return Store(open_for_writing(path, SQLITE_OPEN_CREATE, check_file_header(path)));
}

Store Store::existing(const std::string& path, bool write) {
    if (auto problem = unusable_cache_path(path)) {
        throw Error(SQLITE_CANTOPEN, *problem);
    }
    struct stat st;
    if (::lstat(path.c_str(), &st) != 0) {
        throw Error(SQLITE_CANTOPEN, "no cache database at '" + path + "'");
    }
    if (write) {
        return Store(open_for_writing(path, 0, std::nullopt));
    }
    Database db(path, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_NOFOLLOW,
                busy_timeout());
    int version = 0;
    try {
        version = stored_schema_version(db);
    } catch (const Error& e) {
        // A WAL database in a folder we cannot write needs its -shm file; nobody can write
        // there, so reading it as immutable is safe.
        if (e.code != SQLITE_CANTOPEN && e.code != SQLITE_READONLY) {
            throw;
        }
        std::string uri = "file:" + uri_path(path) + "?immutable=1";
        db = Database(
            uri,
            SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_NOFOLLOW,
            busy_timeout());
        version = stored_schema_version(db);
    }
    check_ours(db);
    if (version > schema_version) {
        throw newer_schema(version);
    }
    if (version == 0) {
        // check_ours passed: no tables, a cache created by a run killed before its schema.
        throw EmptyCache(0, "'" + path + "' is an empty cache: no run has been recorded in it");
    }
    if (version < schema_version) {
        throw Error(0, "schema version " + std::to_string(version) +
                           " is older than this cowrap's; any writing command upgrades it");
    }
    return Store(std::move(db));
}

Store::Store(Database db) : db_(std::make_unique<Database>(std::move(db))) {}
Store::Store(Store&& other) noexcept = default;
Store& Store::operator=(Store&& other) noexcept = default;
Store::~Store() = default;

}  // namespace cowrap::cache
