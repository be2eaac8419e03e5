#include "platform/db/bulk.h"

namespace fleetkam::db {

std::vector<int64_t> reserve_ids(Connection& connection, std::string_view table, size_t n) {
  std::vector<int64_t> ids;
  if (n == 0) return ids;
  ids.reserve(n);
  std::string name(table);
  if (connection.dialect() == Dialect::postgres) {
    // nextval is never rolled back and never handed out twice
    for (const auto& row :
         connection.query("SELECT nextval(pg_get_serial_sequence(?, 'id')) FROM generate_series(1, CAST(? AS BIGINT))",
                          {name, static_cast<int64_t>(n)})) {
      ids.push_back(row.integer(0));
    }
    return ids;
  }
  // SQLite: the writer holds the database lock, so the block after the largest id used so far
  // (AUTOINCREMENT's sqlite_sequence remembers ids of deleted rows too) is free.
  int64_t last = connection
                     .query_one(
                         "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = ?), 0), "
                         "COALESCE((SELECT MAX(id) FROM " +
                             name + "), 0))",
                         {name})
                     ->integer(0);
  for (size_t i = 1; i <= n; ++i) ids.push_back(last + static_cast<int64_t>(i));
  return ids;
}

}  // namespace fleetkam::db
