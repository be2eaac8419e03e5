// Bulk writing: ids reserved ahead so that rows and the rows that point at them can be written
// with copy_rows (COPY on PostgreSQL, one prepared INSERT per row on SQLite) in one transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/db/database.h"

namespace fleetkam::db {

// `n` ids for new rows of `table` (its identity column `id`), in increasing order. Call inside a
// write transaction: on SQLite the writer lock makes the block safe, on PostgreSQL the values
// come from the table's sequence, so concurrent writers never receive the same id.
std::vector<int64_t> reserve_ids(Connection& connection, std::string_view table, size_t n);

// A cell for copy_rows.
inline std::optional<std::string> cell(int64_t value) { return std::to_string(value); }
inline std::optional<std::string> cell(const std::string& value) { return value; }
inline std::optional<std::string> cell(const std::optional<std::string>& value) { return value; }
inline std::optional<std::string> cell(const std::optional<int64_t>& value) {
  if (!value) return std::nullopt;
  return std::to_string(*value);
}

}  // namespace fleetkam::db
