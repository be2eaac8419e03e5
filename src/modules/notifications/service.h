// The notification centre's rules: a person reads and marks only their own notifications; a unit's
// WeCom robot is configured by those roles.cpp allows (notifications.webhooks) for units in their
// scope, its key shown in full to an admin only; messages to a robot go out as `wecom_send` jobs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "modules/notifications/model.h"
#include "modules/notifications/wecom.h"
#include "platform/auth/auth_service.h"
#include "platform/db/database.h"
#include "platform/jobs/jobs.h"

namespace fleetkam::notifications {

// The job that posts one markdown message to a unit's robot: payload {"unit_id", "content"}.
constexpr const char* kSendJob = "wecom_send";
// A message is tried this often (30 s, 1, 2, 4 … 60 min apart: about 5½ hours) before it fails.
constexpr int kSendAttempts = 12;

struct WebhookSettings {
  wecom::UrlPolicy policy;
  wecom::Timeouts timeouts;
};

class NotificationService {
 public:
  NotificationService(db::Database& database, WebhookSettings settings) : database_(database), settings_(settings) {}

  NotificationPage list(const auth::Principal& caller, bool unread_only, std::optional<int64_t> before_id, int limit);
  int64_t unread_count(const auth::Principal& caller);
  // NotFound unless the notification is the caller's.
  void mark_read(const auth::Principal& caller, int64_t id);
  void mark_all_read(const auth::Principal& caller);

  Webhook webhook(const auth::Principal& caller, int64_t unit_id);
  Webhook save_webhook(const auth::Principal& caller, int64_t unit_id, const WebhookUpdate& update);
  // Enqueues a test message to the unit's robot; Conflict when it has none enabled. The job's id.
  int64_t test_webhook(const auth::Principal& caller, int64_t unit_id);

  // The handler of kSendJob: posts the message to the robot's current URL (read now, checked
  // against the policy again). A robot removed or disabled meanwhile, or a URL the policy no
  // longer accepts, fails the job at once; anything else is retried.
  void send(const jobs::Job& job);

  const WebhookSettings& settings() const { return settings_; }

 private:
  // The unit's path when it is in the caller's scope and the caller may configure robots.
  void check_webhook_access(db::Connection& c, const auth::Principal& caller, int64_t unit_id);
  db::Database& database_;
  WebhookSettings settings_;
};

}  // namespace fleetkam::notifications
