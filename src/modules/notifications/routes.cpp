// Routes of the notification centre (the bell) and units' WeCom group robots:
//   GET  /api/v1/notifications                           the caller's own, newest first (?unread=true)
//   GET  /api/v1/notifications/unread-count              the bell's badge
//   POST /api/v1/notifications/{id}/read                 mark one read (another's: 404)
//   POST /api/v1/notifications/read-all                  mark all the caller's read
//   GET  /api/v1/org/units/{id}/wecom-webhook            the unit's robot (key masked but for admins)
//   PUT  /api/v1/org/units/{id}/wecom-webhook            set its URL and switch it on or off
//   POST /api/v1/org/units/{id}/wecom-webhook/test       enqueue a test message
#include "modules/notifications/routes.h"

#include <nlohmann/json.hpp>

#include "platform/clock.h"
#include "platform/http/json_input.h"
#include "platform/http/openapi_schema.h"

namespace fleetkam::notifications {
namespace {

using http::Access;
using http::Method;
using nlohmann::json;

void add_schemas(http::Server& server) {
  using namespace http::schema;
  using http::schema::text;  // not namespace fleetkam::text, which a unity build may also hold
  server.add_schema("Notification", object({{"id", id},
                                            {"kind", text},
                                            {"title", text},
                                            {"body", text},
                                            {"link", text},
                                            {"created_at", time},
                                            {"read_at", nullable(time)}}));
  server.add_schema(
      "NotificationPage",
      object({{"items", array(ref("Notification"))}, {"next_cursor", nullable(text)}, {"unread_count", id}}));
  server.add_schema("UnreadCount", object({{"unread", id}}));
  server.add_schema("WecomWebhook", object({{"unit_id", id},
                                            {"configured", flag},
                                            {"url", nullable(text)},
                                            {"key_visible", flag},
                                            {"enabled", flag},
                                            {"version", id},
                                            {"updated_at", nullable(time)},
                                            {"updated_by_name", nullable(text)}}));
  server.add_schema("WecomWebhookUpdate",
                    input({{"url", text_up_to(500)}, {"enabled", flag}, {"version", id}}, {"enabled", "version"}));
  server.add_schema("WecomWebhookTest", object({{"job_id", id}}));
}

json notification_json(const Notification& n) {
  return {{"id", n.id},
          {"kind", n.kind},
          {"title", n.title},
          {"body", n.body},
          {"link", n.link},
          {"created_at", clock::format_rfc3339(n.created_at)},
          {"read_at", n.read_at ? json(clock::format_rfc3339(*n.read_at)) : json()}};
}

json webhook_json(const Webhook& w) {
  return {{"unit_id", w.unit_id},
          {"configured", w.configured},
          {"url", w.configured ? json(w.url) : json()},
          {"key_visible", w.key_visible},
          {"enabled", w.enabled},
          {"version", w.version},
          {"updated_at", w.updated_at ? json(clock::format_rfc3339(*w.updated_at)) : json()},
          {"updated_by_name", w.updated_by_name ? json(*w.updated_by_name) : json()}};
}

WebhookUpdate read_update(const std::string& body) {
  http::JsonInput in(body, {"url", "enabled", "version"});
  WebhookUpdate update;
  update.url = in.optional_string("url", 500, 1);
  update.enabled = in.required_bool("enabled");
  update.version = in.required_integer("version", 0);
  in.finish();
  return update;
}

}  // namespace

void register_routes(http::Server& server, NotificationService& service) {
  add_schemas(server);
  const std::string tag = "Notifications";
  const std::string base = "/api/v1/notifications";

  server.route(Method::get, base, Access::signed_in,
               {"The caller's own notifications, newest first",
                tag,
                {{"unread", "boolean", "true: unread only"},
                 {"limit", "integer", "page size, 1–500 (default 50)"},
                 {"cursor", "string", "next_cursor of the previous page"}},
                "",
                "NotificationPage"},
               [&service](http::Request& request) {
                 int limit = request.limit();
                 auto page = service.list(request.principal(), request.query_bool("unread").value_or(false),
                                          request.cursor_id(), limit);
                 json items = json::array();
                 for (const auto& n : page.items) items.push_back(notification_json(n));
                 json next =
                     page.more && !page.items.empty() ? json(http::encode_cursor(page.items.back().id)) : json();
                 request.json(200, {{"items", items}, {"next_cursor", next}, {"unread_count", page.unread}});
               });

  server.route(Method::get, base + "/unread-count", Access::signed_in,
               {"How many of the caller's notifications are unread (the bell's badge)", tag, {}, "", "UnreadCount"},
               [&service](http::Request& request) {
                 request.json(200, {{"unread", service.unread_count(request.principal())}});
               });

  http::RouteDoc read_doc{"Mark one of the caller's notifications read (another's is 404)", tag, {}, "", ""};
  read_doc.success_status = 204;
  server.route(Method::post, base + "/{id}/read", Access::signed_in, read_doc, [&service](http::Request& request) {
    service.mark_read(request.principal(), request.path_id());
    request.no_content();
  });

  http::RouteDoc all_doc{"Mark all the caller's notifications read", tag, {}, "", ""};
  all_doc.success_status = 204;
  server.route(Method::post, base + "/read-all", Access::signed_in, all_doc, [&service](http::Request& request) {
    service.mark_all_read(request.principal());
    request.no_content();
  });

  const std::string webhook = "/api/v1/org/units/{id}/wecom-webhook";
  server.route(Method::get, webhook, Access::signed_in,
               {"A unit's WeCom group robot (the key masked for all but admins)", tag, {}, "", "WecomWebhook"},
               [&service](http::Request& request) {
                 request.json(200, webhook_json(service.webhook(request.principal(), request.path_id())));
               });

  server.route(Method::put, webhook, Access::signed_in,
               {"Set a unit's WeCom group robot: its webhook URL (omit to keep it) and whether it is on; version 0 "
                "configures a unit that has none",
                tag,
                {},
                "WecomWebhookUpdate",
                "WecomWebhook"},
               [&service](http::Request& request) {
                 auto update = read_update(request.body());
                 request.json(200, webhook_json(service.save_webhook(request.principal(), request.path_id(), update)));
               });

  http::RouteDoc test_doc{"Send a test message to a unit's WeCom group robot (enqueued; sent by the job worker)",
                          tag,
                          {},
                          "",
                          "WecomWebhookTest"};
  test_doc.success_status = 202;
  server.route(Method::post, webhook + "/test", Access::signed_in, test_doc, [&service](http::Request& request) {
    request.json(202, {{"job_id", service.test_webhook(request.principal(), request.path_id())}});
  });
}

}  // namespace fleetkam::notifications
