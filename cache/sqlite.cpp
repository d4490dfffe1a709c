#include "cache/sqlite.hpp"

#include <sqlite3.h>

#include <cstring>
#include <string>
#include <utility>

namespace cowrap::cache {

void Database::Close::operator()(sqlite3* db) const {
    sqlite3_close_v2(db);
}

Database::Database(const std::string& path, int flags, int busy_timeout_ms)
    : busy_timeout_ms_(busy_timeout_ms) {
    sqlite3* db = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
    db_.reset(db);
    if (rc != SQLITE_OK) {
        throw Error(rc & 0xff, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    }
    sqlite3_extended_result_codes(db, 0);
    sqlite3_busy_timeout(db, busy_timeout_ms);
}

bool Database::read_only() const {
    return sqlite3_db_readonly(db_.get(), "main") == 1;
}

std::int64_t Database::changes() const {
    return sqlite3_changes64(db_.get());
}

void Database::fail(int code, std::string_view what) const {
    std::string message(what);
    message += ": ";
    if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED) {
        // Say how long it waited, not only SQLite's "database is locked".
        message += "another process kept the database locked for more than " +
                   std::to_string(busy_timeout_ms_) + " ms";
    } else {
        message += db_ ? sqlite3_errmsg(db_.get()) : sqlite3_errstr(code);
        // "disk I/O error" alone does not say that the disk is full or the file too large.
        if (int e = db_ ? sqlite3_system_errno(db_.get()) : 0;
            e != 0 && ((code & 0xff) == SQLITE_IOERR || (code & 0xff) == SQLITE_FULL ||
                       (code & 0xff) == SQLITE_CANTOPEN)) {
            message += std::string(" (") + std::strerror(e) + ")";
        }
    }
    throw Error(code & 0xff, message);
}

void Database::exec(std::string_view sql) {
    std::string copy(sql);
    int rc = sqlite3_exec(db_.get(), copy.c_str(), nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) {
        fail(rc, "cannot run SQL");
    }
}

std::int64_t Database::query_int(std::string_view sql) {
    Statement s(*this, sql);
    if (!s.step()) {
        return 0;
    }
    return s.integer(0);
}

Statement::Statement(Database& db, std::string_view sql) : db_(&db) {
    int rc =
        sqlite3_prepare_v2(db.handle(), sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
    if (rc != SQLITE_OK) {
        db.fail(rc, "cannot prepare a query");
    }
}

Statement::~Statement() {
    sqlite3_finalize(stmt_);
}

Statement& Statement::bound(int rc) {
    if (rc != SQLITE_OK) {
        db_->fail(rc, "cannot bind a value");
    }
    return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
    return bound(sqlite3_bind_int64(stmt_, index, value));
}

Statement& Statement::bind(int index, std::string_view text) {
    return bound(
        sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
}

Statement& Statement::bind(int index, const Key& key) {
    return bound(sqlite3_bind_blob(stmt_, index, key.bytes.data(),
                                   static_cast<int>(key.bytes.size()), SQLITE_TRANSIENT));
}

Statement& Statement::bind_blob(int index, std::string_view bytes) {
    return bound(sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT));
}

Statement& Statement::bind_blob_in_place(int index, std::string_view bytes) {
    return bound(sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_STATIC));
}

Statement& Statement::bind_in_place(int index, std::string_view text) {
    return bound(
        sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8));
}

bool Statement::step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    sqlite3_reset(stmt_);
    db_->fail(rc, "query failed");
}

void Statement::run() {
    while (step()) {
    }
    reset();
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

bool Statement::is_null(int column) const {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

bool Statement::is_text(int column) const {
    return sqlite3_column_type(stmt_, column) == SQLITE_TEXT;
}

std::int64_t Statement::integer(int column) const {
    return sqlite3_column_int64(stmt_, column);
}

std::string Statement::text(int column) const {
    const unsigned char* p = sqlite3_column_text(stmt_, column);
    int n = sqlite3_column_bytes(stmt_, column);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n))
             : std::string();
}

std::string Statement::blob(int column) const {
    return std::string(blob_view(column));
}

std::string_view Statement::blob_view(int column) const {
    const void* p = sqlite3_column_blob(stmt_, column);
    int n = sqlite3_column_bytes(stmt_, column);
    return p ? std::string_view(static_cast<const char*>(p), static_cast<std::size_t>(n))
             : std::string_view();
}

std::optional<Key> Statement::key(int column) const {
    const void* p = sqlite3_column_blob(stmt_, column);
    int n = sqlite3_column_bytes(stmt_, column);
    Key key;
    if (!p || n != static_cast<int>(key.bytes.size())) {
        return std::nullopt;
    }
    const auto* bytes = static_cast<const unsigned char*>(p);
    for (std::size_t i = 0; i < key.bytes.size(); ++i) {
        key.bytes[i] = bytes[i];
    }
    return key;
}

WriteTransaction::WriteTransaction(Database& db) : db_(db) {
    db_.exec("BEGIN IMMEDIATE");
}

WriteTransaction::~WriteTransaction() {
    if (!done_) {
        sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
}

void WriteTransaction::commit() {
    db_.exec("COMMIT");
    done_ = true;
}

}  // namespace cowrap::cache
