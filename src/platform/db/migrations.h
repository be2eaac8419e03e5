// Numbered schema migrations, embedded in the binary from migrations/ and recorded in
// schema_migrations. One set for both databases: a shared file NNNN_name.sql, or a
// dialect's own migrations/{sqlite,postgres}/NNNN_name.sql where the SQL must differ.
#pragma once

#include <string>
#include <vector>

#include "platform/db/database.h"

namespace fleetkam::db {

struct Migration {
  int number;
  std::string name;
  std::string sql;  // with dialect tokens already replaced
};

// The migrations for `dialect`, in order. Tokens: %ID% (auto-increment primary key),
// %CTEXT% (text compared bytewise, for paths and keys).
std::vector<Migration> migrations_for(Dialect dialect);

// Applies the missing migrations, each in its own transaction; returns how many ran.
// Safe when several processes start at once (PostgreSQL advisory lock, SQLite writer lock).
int migrate(Database& database);

// Numbers already applied.
std::vector<int> applied_migrations(Database& database);

}  // namespace fleetkam::db
