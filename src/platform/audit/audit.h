// The append-only audit trail: who changed what, when, with the record before and after.
// Written by services on the same connection, inside the same transaction as the change.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "platform/db/database.h"

namespace fleetkam::audit {

struct Entry {
  std::optional<int64_t> user_id;
  std::string action;  // create, update, disable, enable, move, password_reset, sign_in, ...
  std::string entity;  // user, org_unit, account, ...
  int64_t entity_id = 0;
  std::optional<std::string> before_json;  // serialised JSON objects, secrets never included
  std::optional<std::string> after_json;
};

struct Record {
  int64_t id;
  int64_t at;
  std::optional<int64_t> user_id;
  std::string action;
  std::string entity;
  int64_t entity_id;
  std::optional<std::string> before_json;
  std::optional<std::string> after_json;
  std::optional<std::string> request_id;
};

void record(db::Connection& connection, const Entry& entry);
// Many entries at once (a bulk import): one COPY on PostgreSQL, one prepared INSERT each on SQLite.
void record_many(db::Connection& connection, const std::vector<Entry>& entries);

// Newest first; `before_id` continues a previous page.
std::vector<Record> list(db::Connection& connection, const std::optional<std::string>& entity,
                         const std::optional<int64_t>& entity_id, const std::optional<int64_t>& before_id, int limit);

}  // namespace fleetkam::audit
