#include "platform/audit/audit.h"

#include "platform/clock.h"
#include "platform/request_context.h"

namespace fleetkam::audit {
namespace {
constexpr const char* kInsert =
    "INSERT INTO audit_log (at, user_id, action, entity, entity_id, before_json, after_json, request_id) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kSelect =
    "SELECT id, at, user_id, action, entity, entity_id, before_json, after_json, request_id FROM audit_log "
    "WHERE (? = '' OR entity = ?) AND (CAST(? AS BIGINT) = 0 OR entity_id = ?) AND (CAST(? AS BIGINT) = 0 OR id < ?) "
    "ORDER BY id DESC LIMIT ?";
}  // namespace

void record(db::Connection& connection, const Entry& entry) {
  const auto& request_id = request_context::request_id();
  connection.execute(kInsert, {clock::now_ms(), db::nullable(entry.user_id), entry.action, entry.entity,
                               entry.entity_id, db::nullable(entry.before_json), db::nullable(entry.after_json),
                               request_id.empty() ? db::Param{nullptr} : db::Param{request_id}});
}

void record_many(db::Connection& connection, const std::vector<Entry>& entries) {
  if (entries.empty()) return;
  const auto& request_id = request_context::request_id();
  std::optional<std::string> request = request_id.empty() ? std::nullopt : std::optional(request_id);
  std::string at = std::to_string(clock::now_ms());
  std::vector<std::vector<std::optional<std::string>>> rows;
  rows.reserve(entries.size());
  for (const auto& e : entries) {
    rows.push_back({at, e.user_id ? std::optional(std::to_string(*e.user_id)) : std::nullopt, e.action, e.entity,
                    std::to_string(e.entity_id), e.before_json, e.after_json, request});
  }
  connection.copy_rows(
      "audit_log", {"at", "user_id", "action", "entity", "entity_id", "before_json", "after_json", "request_id"}, rows);
}

std::vector<Record> list(db::Connection& connection, const std::optional<std::string>& entity,
                         const std::optional<int64_t>& entity_id, const std::optional<int64_t>& before_id, int limit) {
  std::string e = entity.value_or("");
  int64_t id = entity_id.value_or(0);
  int64_t before = before_id.value_or(0);
  std::vector<Record> out;
  for (const auto& row : connection.query(kSelect, {e, e, id, id, before, before, int64_t{limit}})) {
    out.push_back({row.integer(0), row.integer(1), row.optional_integer(2), row.text(3), row.text(4), row.integer(5),
                   row.optional_text(6), row.optional_text(7), row.optional_text(8)});
  }
  return out;
}

}  // namespace fleetkam::audit
