// The notification centre's records: a person's notifications (the bell) and a unit's WeCom robot.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fleetkam::notifications {

struct Notification {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string kind;
  std::string title;
  std::string body;
  std::string link;
  int64_t created_at = 0;
  std::optional<int64_t> read_at;
};

struct NotificationPage {
  std::vector<Notification> items;  // newest first
  bool more = false;                // a next page exists (its cursor: the last item's id)
  int64_t unread = 0;
};

// A unit's group robot as a caller may see it: `url` is the stored address for an admin and the
// address with its key masked for anyone else (key_visible says which).
struct Webhook {
  int64_t unit_id = 0;
  bool configured = false;
  std::string url;
  bool key_visible = false;
  bool enabled = false;
  int64_t version = 0;  // 0: not configured yet
  std::optional<int64_t> updated_at;
  std::optional<std::string> updated_by_name;
};

struct WebhookUpdate {
  std::optional<std::string> url;  // absent: keep the stored one (a caller who sees it masked)
  bool enabled = true;
  int64_t version = 0;  // 0 to configure a unit that has none
};

}  // namespace fleetkam::notifications
