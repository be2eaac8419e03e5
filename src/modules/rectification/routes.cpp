// Routes of rectification orders (整改):
//   POST /api/v1/rectifications                 raise one to a province or dealer in scope
//   GET  /api/v1/rectifications                 the orders the caller sees (status, overdue, box, unit, evidence)
//   GET  /api/v1/rectifications/{id}            one, with what happened to it
//   POST /api/v1/rectifications/{id}/respond    the recipient answers
//   POST /api/v1/rectifications/{id}/close      the verifier accepts the answer
//   POST /api/v1/rectifications/{id}/send-back  the verifier sends it back, saying what is missing
//   POST /api/v1/rectifications/{id}/cancel     the verifier withdraws it
//   GET  /api/v1/rectification-summary          counts by status, per unit one level below
#include "modules/rectification/routes.h"

#include <nlohmann/json.hpp>

#include "modules/rectification/rules.h"
#include "platform/calendar/calendar.h"
#include "platform/clock.h"
#include "platform/errors.h"
#include "platform/http/json_input.h"
#include "platform/http/json_values.h"
#include "platform/http/openapi_schema.h"
#include "platform/http/query_choices.h"

namespace fleetkam::rectification {
namespace {

using http::Method;
using Access = http::Access;
using json = nlohmann::json;

const std::vector<std::string> kBoxes = {"to_answer", "to_verify", "raised"};

void add_schemas(http::Server& server) {
  using namespace http::schema;
  using http::schema::text;  // not namespace fleetkam::text, which a unity build may also hold
  json event = object({{"action", choice({"raised", "responded", "sent_back", "closed", "cancelled"})},
                       {"user_id", id},
                       {"user_name", text},
                       {"note", nullable(text)},
                       {"at", time}});
  server.add_schema("Rectification", object({{"id", id},
                                             {"raised_by", id},
                                             {"raised_by_name", text},
                                             {"raiser_unit_id", id},
                                             {"raiser_unit_name", text},
                                             {"recipient_unit_id", id},
                                             {"recipient_unit_name", text},
                                             {"recipient_unit_kind", choice({"province", "dealer"})},
                                             {"recipient_user_id", nullable(id)},
                                             {"recipient_user_name", nullable(text)},
                                             {"title", text},
                                             {"finding", text},
                                             {"requirement", text},
                                             {"due_date", day},
                                             {"overdue", flag},
                                             {"evidence_kind", nullable(choice(evidence_kinds()))},
                                             {"evidence_ref", nullable(text)},
                                             {"evidence_label", nullable(text)},
                                             {"evidence_link", nullable(text)},
                                             {"status", choice(statuses())},
                                             {"response", nullable(text)},
                                             {"responded_at", nullable(time)},
                                             {"responded_by_name", nullable(text)},
                                             {"rounds", id},
                                             {"closed_at", nullable(time)},
                                             {"can_respond", flag},
                                             {"can_verify", flag},
                                             {"events", array(event)},
                                             {"version", id},
                                             {"created_at", time},
                                             {"updated_at", time}}));
  server.add_schema("RectificationList", page_of("Rectification"));
  server.add_schema("RectificationCreate", input({{"recipient_unit_id", id},
                                                  {"recipient_user_id", nullable(id)},
                                                  {"title", text_up_to(static_cast<int>(kTitleLength))},
                                                  {"finding", text_up_to(static_cast<int>(kTextLength))},
                                                  {"requirement", text_up_to(static_cast<int>(kTextLength))},
                                                  {"due_date", day},
                                                  {"evidence_kind", nullable(choice(evidence_kinds()))},
                                                  {"evidence_ref", nullable(text_up_to(40))}},
                                                 {"recipient_unit_id", "title", "finding", "requirement", "due_date"}));
  server.add_schema(
      "RectificationResponse",
      input({{"version", id}, {"response", text_up_to(static_cast<int>(kTextLength))}}, {"version", "response"}));
  server.add_schema(
      "RectificationVerify",
      input({{"version", id}, {"note", nullable(text_up_to(static_cast<int>(kTextLength)))}}, {"version"}));
  server.add_schema(
      "RectificationCancel",
      input({{"version", id}, {"reason", text_up_to(static_cast<int>(kTextLength))}}, {"version", "reason"}));
  json counts = {{"open", id}, {"overdue", id}, {"responded", id}, {"closed", id}};
  json unit = counts;
  unit["unit_id"] = id;
  unit["unit_name"] = text;
  unit["kind"] = text;
  json summary = counts;
  summary["cancelled"] = id;
  summary["units"] = array(object(unit));
  server.add_schema("RectificationSummary", object(summary));
}

std::optional<std::string> evidence_link(const Order& o) {
  if (!o.evidence_kind || !o.evidence_ref) return std::nullopt;
  const auto& kind = *o.evidence_kind;
  const auto& ref = *o.evidence_ref;
  if (kind == "report") return "/reports/" + ref;
  if (kind == "account") return "/accounts/" + ref;
  if (kind == "opportunity") return "/opportunities/" + ref;
  auto slash = ref.find('/');
  if (slash == std::string::npos) return std::nullopt;
  return "/assessments/" + ref.substr(0, slash) + "/people/" + ref.substr(slash + 1);
}

json order_json(const Order& o, const auth::Principal& caller, const std::string& today) {
  json events = json::array();
  for (const auto& e : o.events) {
    events.push_back({{"action", e.action},
                      {"user_id", e.user_id},
                      {"user_name", e.user_name},
                      {"note", http::or_null(e.note)},
                      {"at", clock::format_rfc3339(e.at)}});
  }
  return {{"id", o.id},
          {"raised_by", o.raised_by},
          {"raised_by_name", o.raised_by_name},
          {"raiser_unit_id", o.raiser_unit_id},
          {"raiser_unit_name", o.raiser_unit_name},
          {"recipient_unit_id", o.recipient_unit_id},
          {"recipient_unit_name", o.recipient_unit_name},
          {"recipient_unit_kind", o.recipient_unit_kind},
          {"recipient_user_id", http::or_null(o.recipient_user_id)},
          {"recipient_user_name", http::or_null(o.recipient_user_name)},
          {"title", o.title},
          {"finding", o.finding},
          {"requirement", o.requirement},
          {"due_date", o.due_date},
          {"overdue", overdue(o.status, o.due_date, today)},
          {"evidence_kind", http::or_null(o.evidence_kind)},
          {"evidence_ref", http::or_null(o.evidence_ref)},
          {"evidence_label", http::or_null(o.evidence_label)},
          {"evidence_link", http::or_null(evidence_link(o))},
          {"status", o.status},
          {"response", http::or_null(o.response)},
          {"responded_at", http::time_or_null(o.responded_at)},
          {"responded_by_name", http::or_null(o.responded_by_name)},
          {"rounds", o.rounds},
          {"closed_at", http::time_or_null(o.closed_at)},
          {"can_respond", o.status == "open" && can_answer(caller, o)},
          {"can_verify", (o.status == "open" || o.status == "responded") && can_verify(caller, o)},
          {"events", events},
          {"version", o.version},
          {"created_at", clock::format_rfc3339(o.created_at)},
          {"updated_at", clock::format_rfc3339(o.updated_at)}};
}

std::string today() { return calendar::date_text(calendar::china_date(clock::now_ms())); }

std::optional<std::string> trimmed_text(http::JsonInput& in, const std::string& field, size_t max) {
  auto value = in.optional_string(field, max);
  if (value && value->find_first_not_of(" \t\r\n") == std::string::npos) return std::nullopt;
  return value;
}

OrderInput read_create(const std::string& body) {
  http::JsonInput in(body, {"recipient_unit_id", "recipient_user_id", "title", "finding", "requirement", "due_date",
                            "evidence_kind", "evidence_ref"});
  OrderInput o;
  o.recipient_unit_id = in.required_integer("recipient_unit_id");
  o.recipient_user_id = in.optional_integer("recipient_user_id");
  o.title = in.required_string("title", kTitleLength);
  o.finding = in.required_string("finding", kTextLength);
  o.requirement = in.required_string("requirement", kTextLength);
  o.due_date = in.required_string("due_date", 10);
  o.evidence_kind = in.optional_enum("evidence_kind", evidence_kinds());
  o.evidence_ref = trimmed_text(in, "evidence_ref", 40);
  if (o.evidence_kind && !o.evidence_ref) in.add_error("evidence_ref", "is required with evidence_kind", "required");
  if (o.evidence_ref && !o.evidence_kind && !in.has("evidence_kind"))
    in.add_error("evidence_kind", "is required with evidence_ref", "required");
  in.finish();
  return o;
}

}  // namespace

void register_routes(http::Server& server, RectificationService& service) {
  add_schemas(server);
  const std::string tag = "rectification";
  server.route(Method::post, "/api/v1/rectifications", Access::signed_in,
               {"Raise a rectification order (整改) to a province (its area manager) or a dealer in scope: the "
                "finding, the requirement, the due day and the evidence (HQ's KA department, a regional director)",
                tag,
                {},
                "RectificationCreate",
                "Rectification",
                201},
               [&service](http::Request& request) {
                 auto input = read_create(request.body());
                 request.json(201, order_json(service.raise(request.principal(), input), request.principal(), today()));
               });

  server.route(Method::get, "/api/v1/rectifications", Access::signed_in,
               {"Rectification orders the caller sees (raised by them, or to or from a unit in their scope), by due "
                "day",
                tag,
                {{"status", "string", "open, responded, closed, cancelled (comma-separated: any of them)"},
                 {"overdue", "boolean", "true: open past their due day"},
                 {"box", "string", "to_answer (the caller answers), to_verify (answered, the caller verifies), raised"},
                 {"unit_id", "integer", "to this unit or a unit below it"},
                 {"evidence_kind", "string", "report, assessment, account, opportunity (with evidence_ref)"},
                 {"evidence_ref", "string", "the evidence's id (assessment: YYYY-MM/<user id>)"},
                 {"limit", "integer", "1..500, default 50"},
                 {"cursor", "string", "next_cursor of the previous page"}},
                "",
                "RectificationList"},
               [&service](http::Request& request) {
                 OrderFilter f;
                 f.statuses = http::query_choices(request, "status", statuses());
                 f.overdue = request.query_bool("overdue").value_or(false);
                 if (auto box = request.query_filter("box")) {
                   if (std::find(kBoxes.begin(), kBoxes.end(), *box) == kBoxes.end())
                     throw Invalid("box", "must be to_answer, to_verify or raised");
                   f.box = *box;
                 }
                 f.unit_id = request.query_integer("unit_id", 1, INT64_MAX);
                 f.evidence_kind = request.query_filter("evidence_kind");
                 f.evidence_ref = request.query_filter("evidence_ref");
                 if (f.evidence_kind && std::find(evidence_kinds().begin(), evidence_kinds().end(), *f.evidence_kind) ==
                                            evidence_kinds().end())
                   throw Invalid("evidence_kind", "must be report, assessment, account or opportunity");
                 if (f.evidence_kind.has_value() != f.evidence_ref.has_value())
                   throw Invalid(f.evidence_kind ? "evidence_ref" : "evidence_kind",
                                 "is required with the other evidence parameter", "required");
                 if (auto cursor = request.cursor_sorted()) {
                   if (!calendar::parse_date(cursor->first))
                     throw Invalid("cursor", "is not a cursor this list gave out");
                   f.after = *cursor;
                 }
                 auto limit = static_cast<size_t>(request.limit());
                 f.limit = static_cast<int>(limit) + 1;
                 auto items = service.list(request.principal(), f);
                 auto day = today();
                 json out = json::array();
                 for (size_t i = 0; i < items.size() && i < limit; ++i)
                   out.push_back(order_json(items[i], request.principal(), day));
                 bool more = items.size() > limit;
                 request.json(200, {{"items", out},
                                    {"next_cursor",
                                     more ? json(http::encode_cursor(items[limit - 1].due_date, items[limit - 1].id))
                                          : json()}});
               });

  server.route(Method::get, "/api/v1/rectifications/{id}", Access::signed_in,
               {"A rectification order with what happened to it", tag, {}, "", "Rectification"},
               [&service](http::Request& request) {
                 request.json(200, order_json(service.get(request.principal(), request.path_id()), request.principal(),
                                              today()));
               });

  server.route(Method::post, "/api/v1/rectifications/{id}/respond", Access::signed_in,
               {"Answer an open order with what was done (its recipient: the named person, or the unit's manager)",
                tag,
                {},
                "RectificationResponse",
                "Rectification"},
               [&service](http::Request& request) {
                 http::JsonInput in(request.body(), {"version", "response"});
                 auto version = in.required_integer("version");
                 auto response = in.required_string("response", kTextLength);
                 in.finish();
                 request.json(200,
                              order_json(service.respond(request.principal(), request.path_id(), version, response),
                                         request.principal(), today()));
               });

  auto verify_route = [&service, &server, &tag](const std::string& path, const std::string& action,
                                                const std::string& summary) {
    server.route(Method::post, path, Access::signed_in, {summary, tag, {}, "RectificationVerify", "Rectification"},
                 [&service, action](http::Request& request) {
                   http::JsonInput in(request.body(), {"version", "note"});
                   auto version = in.required_integer("version");
                   auto note = trimmed_text(in, "note", kTextLength);
                   in.finish();
                   request.json(
                       200, order_json(service.verify(request.principal(), request.path_id(), version, action, note),
                                       request.principal(), today()));
                 });
  };
  verify_route("/api/v1/rectifications/{id}/close", "close",
               "Accept an answered order and close it (its raiser, or HQ's KA department above them)");
  verify_route("/api/v1/rectifications/{id}/send-back", "send_back",
               "Send an answered order back to its recipient, saying in the note what is still missing");

  server.route(Method::post, "/api/v1/rectifications/{id}/cancel", Access::signed_in,
               {"Withdraw an order not yet closed, with the reason (its raiser, or HQ's KA department above them)",
                tag,
                {},
                "RectificationCancel",
                "Rectification"},
               [&service](http::Request& request) {
                 http::JsonInput in(request.body(), {"version", "reason"});
                 auto version = in.required_integer("version");
                 auto reason = in.required_string("reason", kTextLength);
                 in.finish();
                 request.json(200, order_json(service.cancel(request.principal(), request.path_id(), version, reason),
                                              request.principal(), today()));
               });

  server.route(Method::get, "/api/v1/rectification-summary", Access::signed_in,
               {"Rectification orders in the caller's scope (or a unit's subtree) by status, overdue ones apart, and "
                "per unit one level below; each figure is the length of GET /rectifications with the same filter",
                tag,
                {{"unit_id", "integer", "this unit's subtree (default: the caller's scope)"}},
                "",
                "RectificationSummary"},
               [&service](http::Request& request) {
                 auto s = service.summary(request.principal(), request.query_integer("unit_id", 1, INT64_MAX));
                 json units = json::array();
                 for (const auto& u : s.units) {
                   units.push_back({{"unit_id", u.unit_id},
                                    {"unit_name", u.unit_name},
                                    {"kind", u.kind},
                                    {"open", u.open},
                                    {"overdue", u.overdue},
                                    {"responded", u.responded},
                                    {"closed", u.closed}});
                 }
                 request.json(200, {{"open", s.open},
                                    {"overdue", s.overdue},
                                    {"responded", s.responded},
                                    {"closed", s.closed},
                                    {"cancelled", s.cancelled},
                                    {"units", units}});
               });
}

}  // namespace fleetkam::rectification
