// The database schema, its version (PRAGMA user_version) and the path from older versions.
#pragma once

#include <string_view>
#include <vector>

#include "cache/sqlite.hpp"

namespace cowrap::cache {

inline constexpr int schema_version = 7;

// PRAGMA application_id of a cowrap cache ("cowr"): tells it from another program's database.
inline constexpr int application_id = 0x636f7772;

// One step of the migration path: the SQL that takes a database from `to - 1` to `to`.
struct Migration {
    int to;
    std::string_view sql;
};

// Every step from an empty database (version 0) to schema_version, in order.
const std::vector<Migration>& migrations();

enum class SchemaState { current, upgraded, newer };

// Brings the database to the newest version `steps` know, in one write transaction, and
// leaves a database of a newer version untouched (the caller must not use it).
SchemaState migrate(Database& db, const std::vector<Migration>& steps = migrations());

int stored_schema_version(Database& db);

}  // namespace cowrap::cache
