#include "modules/notifications/service.h"

#include <nlohmann/json.hpp>

#include "modules/notifications/store.h"
#include "platform/audit/audit.h"
#include "platform/clock.h"
#include "platform/errors.h"

namespace fleetkam::notifications {
namespace {

constexpr const char* kTestMessage =
    "**fleetkam 测试消息**\n这个群机器人已接入 fleetkam：待审批的报价、待审核的报备、即将截止的招标等提醒会发到这里。";

Webhook view_of(const auth::Principal& caller, int64_t unit_id, const std::optional<store::StoredWebhook>& stored) {
  Webhook out;
  out.unit_id = unit_id;
  if (!stored) return out;
  out.configured = true;
  out.key_visible = caller.role == auth::Role::admin;
  out.url = out.key_visible ? stored->url : wecom::mask_url(stored->url);
  out.enabled = stored->enabled;
  out.version = stored->version;
  out.updated_at = stored->updated_at;
  out.updated_by_name = stored->updated_by_name;
  return out;
}

// For the audit trail: never the key.
std::string audit_json(const std::string& url, bool enabled) {
  return nlohmann::json{{"url", wecom::mask_url(url)}, {"enabled", enabled}}.dump();
}

}  // namespace

NotificationPage NotificationService::list(const auth::Principal& caller, bool unread_only,
                                           std::optional<int64_t> before_id, int limit) {
  NotificationPage page;
  database_.read([&](db::Connection& c) {
    page.items = store::list(c, caller.user_id, unread_only, before_id, limit);
    page.unread = store::unread_count(c, caller.user_id);
  });
  page.more = page.items.size() > static_cast<size_t>(limit);
  if (page.more) page.items.resize(static_cast<size_t>(limit));
  return page;
}

int64_t NotificationService::unread_count(const auth::Principal& caller) {
  int64_t n = 0;
  database_.read([&](db::Connection& c) { n = store::unread_count(c, caller.user_id); });
  return n;
}

void NotificationService::mark_read(const auth::Principal& caller, int64_t id) {
  bool found = false;
  database_.write([&](db::Connection& c) { found = store::mark_read(c, caller.user_id, id, clock::now_ms()); });
  if (!found) throw NotFound("no such notification");
}

void NotificationService::mark_all_read(const auth::Principal& caller) {
  database_.write([&](db::Connection& c) { store::mark_all_read(c, caller.user_id, clock::now_ms()); });
}

void NotificationService::check_webhook_access(db::Connection& c, const auth::Principal& caller, int64_t unit_id) {
  auto path = store::unit_path(c, unit_id);
  if (!path || !caller.scope.contains(*path)) throw NotFound("no such organisation unit");
  auth::require(caller.role, "notifications.webhooks");
}

Webhook NotificationService::webhook(const auth::Principal& caller, int64_t unit_id) {
  std::optional<store::StoredWebhook> stored;
  database_.read([&](db::Connection& c) {
    check_webhook_access(c, caller, unit_id);
    stored = store::find_webhook(c, unit_id);
  });
  return view_of(caller, unit_id, stored);
}

Webhook NotificationService::save_webhook(const auth::Principal& caller, int64_t unit_id, const WebhookUpdate& update) {
  if (update.url) {
    if (auto problem = wecom::url_problem(*update.url, settings_.policy)) throw Invalid("url", *problem);
  }
  std::optional<store::StoredWebhook> stored;
  try {
    database_.write([&](db::Connection& c) {
      check_webhook_access(c, caller, unit_id);
      auto before = store::find_webhook(c, unit_id);
      int64_t current = before ? before->version : 0;
      if (update.version != current) {
        throw Conflict("the robot was changed meanwhile: reload and try again", "version_conflict");
      }
      std::string url = update.url ? *update.url : (before ? before->url : "");
      if (url.empty()) throw Invalid("url", "give the group robot's webhook address", "required");
      if (!store::save_webhook(c, unit_id, url, update.enabled, update.version, caller.user_id, clock::now_ms())) {
        throw Conflict("the robot was changed meanwhile: reload and try again", "version_conflict");
      }
      audit::record(c, {caller.user_id, before ? "update" : "create", "unit_webhook", unit_id,
                        before ? std::optional(audit_json(before->url, before->enabled)) : std::nullopt,
                        audit_json(url, update.enabled)});
      stored = store::find_webhook(c, unit_id);
    });
  } catch (const db::DatabaseError& e) {
    // two first configurations at once: the second finds the first's row
    if (e.kind() != db::DatabaseError::Kind::unique_violation) throw;
    throw Conflict("the robot was changed meanwhile: reload and try again", "version_conflict");
  }
  return view_of(caller, unit_id, stored);
}

int64_t NotificationService::test_webhook(const auth::Principal& caller, int64_t unit_id) {
  int64_t job = 0;
  database_.write([&](db::Connection& c) {
    check_webhook_access(c, caller, unit_id);
    auto stored = store::find_webhook(c, unit_id);
    if (!stored || !stored->enabled) {
      throw Conflict("the unit has no enabled group robot to send to", "webhook.not_configured");
    }
    job = jobs::enqueue(c, kSendJob, {{"unit_id", unit_id}, {"content", kTestMessage}}, clock::now_ms(), kSendAttempts);
  });
  return job;
}

void NotificationService::send(const jobs::Job& job) {
  auto payload = nlohmann::json::parse(job.payload, nullptr, false);
  if (!payload.is_object() || !payload.contains("unit_id") || !payload["unit_id"].is_number_integer() ||
      !payload.contains("content") || !payload["content"].is_string()) {
    throw jobs::PermanentFailure("the job's payload is not {unit_id, content}");
  }
  std::optional<store::StoredWebhook> robot;
  database_.read([&](db::Connection& c) { robot = store::find_webhook(c, payload["unit_id"].get<int64_t>()); });
  if (!robot || !robot->enabled) throw jobs::PermanentFailure("the unit's group robot was removed or disabled");
  if (auto problem = wecom::url_problem(robot->url, settings_.policy)) {
    throw jobs::PermanentFailure("the robot's URL is not allowed now: " + *problem);
  }
  if (auto error = wecom::send_markdown(robot->url, payload["content"].get<std::string>(), settings_.timeouts)) {
    throw std::runtime_error(*error);
  }
}

}  // namespace fleetkam::notifications
