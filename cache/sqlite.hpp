// A thin RAII layer over the SQLite C API, for the store (cache/store.hpp) alone, and tests that
// must poke at the file. Every failure throws cache::Error.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "cache/key.hpp"
#include "cache/store.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace cowrap::cache {

class Database {
public:
    // `flags` are SQLITE_OPEN_*; the connection gets `busy_timeout_ms`.
    Database(const std::string& path, int flags, int busy_timeout_ms);

    sqlite3* handle() const { return db_.get(); }
    int busy_timeout_ms() const { return busy_timeout_ms_; }
    bool read_only() const;
    // Rows changed by the last INSERT, UPDATE or DELETE.
    std::int64_t changes() const;

    // Runs one or more statements that return no rows.
    void exec(std::string_view sql);
    // The first column of the first row of a query as an integer.
    std::int64_t query_int(std::string_view sql);

    [[noreturn]] void fail(int code, std::string_view what) const;

private:
    struct Close {
        void operator()(sqlite3* db) const;
    };
    std::unique_ptr<sqlite3, Close> db_;
    int busy_timeout_ms_ = 0;
};

class Statement {
public:
    Statement(Database& db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // Parameters are 1-based, as in SQLite.
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, const Key& key);
    Statement& bind_blob(int index, std::string_view bytes);
    // Binds the bytes where they are, without SQLite's copy (a wrapper list is megabytes in a
    // monolithic run): they must stay as they are until the statement is reset.
    Statement& bind_blob_in_place(int index, std::string_view bytes);
    Statement& bind_in_place(int index, std::string_view text);

    // True when a row is ready; false when done.
    bool step();
    // Runs the statement to completion, then resets it for the next use.
    void run();
    void reset();

    bool is_null(int column) const;
    bool is_text(int column) const;
    std::int64_t integer(int column) const;
    std::string text(int column) const;
    std::string blob(int column) const;
    // The column's bytes where SQLite holds them: valid until the statement is stepped or reset.
    std::string_view blob_view(int column) const;
    std::optional<Key> key(int column) const;  // nullopt unless a 16-byte blob

private:
    Statement& bound(int rc);  // throws unless rc is SQLITE_OK
    Database* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

// BEGIN IMMEDIATE: takes the write lock up front, so a writer never has to upgrade a read
// lock (which can fail with SQLITE_BUSY without waiting). Rolled back unless committed.
class WriteTransaction {
public:
    explicit WriteTransaction(Database& db);
    ~WriteTransaction();
    WriteTransaction(const WriteTransaction&) = delete;
    WriteTransaction& operator=(const WriteTransaction&) = delete;
    void commit();

private:
    Database& db_;
    bool done_ = false;
};

}  // namespace cowrap::cache
