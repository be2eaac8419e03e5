// The notification centre's SQL: a person's notifications (always by their own user id: there is
// no read of another's), and units' robots.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "modules/notifications/model.h"
#include "platform/db/database.h"

namespace fleetkam::notifications::store {

// `limit` + 1 rows of the user's notifications below `before_id`, newest first.
std::vector<Notification> list(db::Connection& c, int64_t user_id, bool unread_only, std::optional<int64_t> before_id,
                               int limit);
int64_t unread_count(db::Connection& c, int64_t user_id);
// False when the user has no notification `id` (another's is not theirs).
bool mark_read(db::Connection& c, int64_t user_id, int64_t id, int64_t now);
void mark_all_read(db::Connection& c, int64_t user_id, int64_t now);

struct StoredWebhook {
  std::string url;
  bool enabled = false;
  int64_t version = 0;
  int64_t updated_at = 0;
  std::string updated_by_name;
};
std::optional<StoredWebhook> find_webhook(db::Connection& c, int64_t unit_id);
// Inserts (version 1) or updates when `version` is current; false on a stale version.
bool save_webhook(db::Connection& c, int64_t unit_id, const std::string& url, bool enabled, int64_t version,
                  int64_t user_id, int64_t now);
// The unit's path, or nullopt for an unknown unit.
std::optional<std::string> unit_path(db::Connection& c, int64_t unit_id);

}  // namespace fleetkam::notifications::store
