#include "modules/notifications/store.h"

namespace fleetkam::notifications::store {
namespace {

constexpr const char* kColumns = "SELECT id, user_id, kind, title, body, link, created_at, read_at FROM notifications ";
constexpr const char* kUnreadCount = "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL";
constexpr const char* kMarkRead =
    "UPDATE notifications SET read_at = COALESCE(read_at, ?) WHERE id = ? AND user_id = ?";
constexpr const char* kMarkAllRead = "UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL";
constexpr const char* kFindWebhook =
    "SELECT w.url, w.enabled, w.version, w.updated_at, u.display_name FROM unit_webhooks w "
    "JOIN users u ON u.id = w.updated_by WHERE w.unit_id = ?";
constexpr const char* kInsertWebhook =
    "INSERT INTO unit_webhooks (unit_id, url, enabled, version, updated_at, updated_by) VALUES (?, ?, ?, 1, ?, ?)";
constexpr const char* kUpdateWebhook =
    "UPDATE unit_webhooks SET url = ?, enabled = ?, version = version + 1, updated_at = ?, updated_by = ? "
    "WHERE unit_id = ? AND version = ?";
constexpr const char* kUnitPath = "SELECT path FROM org_units WHERE id = ?";

Notification read(const db::Row& row) {
  return {row.integer(0), row.integer(1), row.text(2),    row.text(3),
          row.text(4),    row.text(5),    row.integer(6), row.optional_integer(7)};
}

}  // namespace

std::vector<Notification> list(db::Connection& c, int64_t user_id, bool unread_only, std::optional<int64_t> before_id,
                               int limit) {
  std::string sql = std::string(kColumns) + "WHERE user_id = ?";
  db::Params params = {user_id};
  if (unread_only) sql += " AND read_at IS NULL";
  if (before_id) {
    sql += " AND id < ?";
    params.emplace_back(*before_id);
  }
  sql += " ORDER BY id DESC LIMIT ?";
  params.emplace_back(int64_t{limit} + 1);
  std::vector<Notification> out;
  for (const auto& row : c.query(sql, params)) out.push_back(read(row));
  return out;
}

int64_t unread_count(db::Connection& c, int64_t user_id) { return c.query_one(kUnreadCount, {user_id})->integer(0); }

bool mark_read(db::Connection& c, int64_t user_id, int64_t id, int64_t now) {
  return c.execute(kMarkRead, {now, id, user_id}) > 0;
}

void mark_all_read(db::Connection& c, int64_t user_id, int64_t now) { c.execute(kMarkAllRead, {now, user_id}); }

std::optional<StoredWebhook> find_webhook(db::Connection& c, int64_t unit_id) {
  auto row = c.query_one(kFindWebhook, {unit_id});
  if (!row) return std::nullopt;
  return StoredWebhook{row->text(0), row->boolean(1), row->integer(2), row->integer(3), row->text(4)};
}

bool save_webhook(db::Connection& c, int64_t unit_id, const std::string& url, bool enabled, int64_t version,
                  int64_t user_id, int64_t now) {
  if (version == 0) {
    if (c.query_one("SELECT 1 FROM unit_webhooks WHERE unit_id = ?", {unit_id})) return false;
    c.execute(kInsertWebhook, {unit_id, url, int64_t{enabled ? 1 : 0}, now, user_id});
    return true;
  }
  return c.execute(kUpdateWebhook, {url, int64_t{enabled ? 1 : 0}, now, user_id, unit_id, version}) > 0;
}

std::optional<std::string> unit_path(db::Connection& c, int64_t unit_id) {
  auto row = c.query_one(kUnitPath, {unit_id});
  if (!row) return std::nullopt;
  return row->text(0);
}

}  // namespace fleetkam::notifications::store
