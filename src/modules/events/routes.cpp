// Routes of exhibitions and promotion events (展销会、推广会):
//   POST /api/v1/events                                      plan one (a unit's managers)
//   GET  /api/v1/events                                      the events the caller sees
//   GET  /api/v1/events/{id}                                 one, with the caller's invitation counts
//   PUT  /api/v1/events/{id}                                 edit a planned one
//   POST /api/v1/events/{id}/hold                            held, with the actual cost
//   POST /api/v1/events/{id}/cancel                          cancelled, with the reason
//   GET  /api/v1/events/{id}/candidates                      contacts the caller may invite
//   POST /api/v1/events/{id}/invitations                     invite contacts
//   GET  /api/v1/events/{id}/invitations                     the invitations the caller sees
//   POST /api/v1/events/{id}/invitations/{inv}/respond       accepted or declined
//   POST /api/v1/events/{id}/invitations/{inv}/check-in      attended (twice is once)
//   GET  /api/v1/events/{id}/results                         attendees by role, leads, units won, cost per unit
#include "modules/events/routes.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "platform/calendar/calendar.h"
#include "platform/clock.h"
#include "platform/errors.h"
#include "platform/http/json_input.h"
#include "platform/http/json_values.h"
#include "platform/http/openapi_schema.h"
#include "platform/http/query_choices.h"
#include "platform/sheets/sheets.h"

namespace fleetkam::events {
namespace {

using http::Method;
using Access = http::Access;
using json = nlohmann::json;

const std::vector<std::string> kBuyingRoles = {"decision_maker", "decision_layer", "evaluator",
                                               "user",           "operator",       "finance"};
const std::vector<std::string> kGrades = {"key", "secondary", "potential"};

void add_schemas(http::Server& server) {
  using namespace http::schema;
  using http::schema::text;  // not namespace fleetkam::text, which a unity build may also hold
  json money = integer(0, int64_t{100000000000});
  server.add_schema("Event", object({{"id", id},
                                     {"kind", choice(kinds())},
                                     {"title", text},
                                     {"unit_id", id},
                                     {"unit_name", text},
                                     {"unit_kind", text},
                                     {"created_by_name", text},
                                     {"starts_on", day},
                                     {"ends_on", day},
                                     {"place", text},
                                     {"budget_fen", id},
                                     {"cost_fen", nullable(id)},
                                     {"vehicles", array(text)},
                                     {"description", nullable(text)},
                                     {"status", choice(statuses())},
                                     {"open_today", flag},
                                     {"invited", id},
                                     {"accepted", id},
                                     {"attended", id},
                                     {"can_manage", flag},
                                     {"can_invite", flag},
                                     {"version", id},
                                     {"created_at", time},
                                     {"updated_at", time}}));
  server.add_schema("EventList", page_of("Event"));
  json fields = {{"kind", choice(kinds())},
                 {"title", text_up_to(100)},
                 {"unit_id", id},
                 {"starts_on", day},
                 {"ends_on", day},
                 {"place", text_up_to(200)},
                 {"budget_fen", money},
                 {"vehicles", array(text_up_to(60))},
                 {"description", nullable(text_up_to(2000))}};
  server.add_schema("EventCreate", input(fields, {"kind", "title", "unit_id", "starts_on", "ends_on", "place",
                                                  "budget_fen", "vehicles"}));
  json update = fields;
  update["version"] = id;
  server.add_schema("EventUpdate", input(update, {"version", "kind", "title", "unit_id", "starts_on", "ends_on",
                                                  "place", "budget_fen", "vehicles"}));
  server.add_schema("EventHold", input({{"version", id}, {"cost_fen", money}}, {"version", "cost_fen"}));
  server.add_schema("EventCancel", input({{"version", id}, {"reason", text_up_to(500)}}, {"version", "reason"}));
  server.add_schema("EventCandidateList", object({{"items", array(object({{"contact_id", id},
                                                                          {"account_id", id},
                                                                          {"contact_name", text},
                                                                          {"contact_title", nullable(text)},
                                                                          {"buying_role", choice(kBuyingRoles)},
                                                                          {"account_name", text},
                                                                          {"account_grade", choice(kGrades)},
                                                                          {"industry", text}}))}}));
  server.add_schema("EventInvite", input({{"contact_ids", array(id)}}, {"contact_ids"}));
  server.add_schema("EventInvitation", object({{"id", id},
                                               {"event_id", id},
                                               {"contact_id", id},
                                               {"contact_name", text},
                                               {"contact_title", nullable(text)},
                                               {"contact_phone", nullable(text)},
                                               {"account_id", id},
                                               {"account_name", text},
                                               {"account_grade", choice(kGrades)},
                                               {"industry", text},
                                               {"buying_role", choice(kBuyingRoles)},
                                               {"invited_by_name", text},
                                               {"unit_id", id},
                                               {"unit_name", text},
                                               {"response", choice(responses())},
                                               {"responded_at", nullable(time)},
                                               {"attended_at", nullable(time)},
                                               {"checked_in_by_name", nullable(text)},
                                               {"version", id},
                                               {"created_at", time}}));
  server.add_schema("EventInvitationList", list_of("EventInvitation"));
  server.add_schema("EventRespond",
                    input({{"version", id}, {"response", choice({"accepted", "declined"})}}, {"version", "response"}));
  json roles = json::object();
  for (const auto& role : kBuyingRoles) roles[role] = id;
  server.add_schema(
      "EventResults",
      object({{"invited", id},
              {"accepted", id},
              {"declined", id},
              {"attended", id},
              {"attended_by_role", {{"type", "object"}, {"required", kBuyingRoles}, {"properties", roles}}},
              {"registrations", id},
              {"opportunities", id},
              {"won_opportunities", id},
              {"units_won", id},
              {"units_delivered", id},
              {"cost_fen", id},
              {"cost_is_budget", flag},
              {"cost_per_unit_won_fen", nullable(id)}}));
}

std::string today() { return calendar::date_text(calendar::china_date(clock::now_ms())); }

json event_json(const Event& e, const auth::Principal& caller, const std::string& day) {
  return {{"id", e.id},
          {"kind", e.kind},
          {"title", e.title},
          {"unit_id", e.unit_id},
          {"unit_name", e.unit_name},
          {"unit_kind", e.unit_kind},
          {"created_by_name", e.created_by_name},
          {"starts_on", e.starts_on},
          {"ends_on", e.ends_on},
          {"place", e.place},
          {"budget_fen", e.budget_fen},
          {"cost_fen", http::or_null(e.cost_fen)},
          {"vehicles", e.vehicles},
          {"description", http::or_null(e.description)},
          {"status", e.status},
          {"open_today", e.status != "cancelled" && e.starts_on <= day && day <= e.ends_on},
          {"invited", e.invited},
          {"accepted", e.accepted},
          {"attended", e.attended},
          {"can_manage", can_manage(caller, e) && e.status == "planned"},
          {"can_invite", auth::allowed(caller.role, "events.invite") && e.status == "planned" && e.ends_on >= day},
          {"version", e.version},
          {"created_at", clock::format_rfc3339(e.created_at)},
          {"updated_at", clock::format_rfc3339(e.updated_at)}};
}

json invitation_json(const Invitation& i) {
  return {{"id", i.id},
          {"event_id", i.event_id},
          {"contact_id", i.contact_id},
          {"contact_name", i.contact_name},
          {"contact_title", http::or_null(i.contact_title)},
          {"contact_phone", http::or_null(i.contact_phone)},
          {"account_id", i.account_id},
          {"account_name", i.account_name},
          {"account_grade", i.account_grade},
          {"industry", i.industry},
          {"buying_role", i.buying_role},
          {"invited_by_name", i.invited_by_name},
          {"unit_id", i.unit_id},
          {"unit_name", i.unit_name},
          {"response", i.response},
          {"responded_at", http::time_or_null(i.responded_at)},
          {"attended_at", http::time_or_null(i.attended_at)},
          {"checked_in_by_name", http::or_null(i.checked_in_by_name)},
          {"version", i.version},
          {"created_at", clock::format_rfc3339(i.created_at)}};
}

EventInput read_event(http::JsonInput& in, const std::string& raw) {
  EventInput e;
  e.kind = in.required_enum("kind", kinds());
  e.title = in.required_string("title", 100);
  e.unit_id = in.required_integer("unit_id");
  e.starts_on = in.required_string("starts_on", 10);
  e.ends_on = in.required_string("ends_on", 10);
  e.place = in.required_string("place", 200);
  e.budget_fen = in.required_integer("budget_fen", 0, int64_t{100000000000});
  e.description = in.optional_string("description", 2000, 1);
  auto body = http::parse_json_object(raw);
  if (body.contains("vehicles")) {
    const auto& v = body["vehicles"];
    if (!v.is_array()) {
      in.add_error("vehicles", "must be a list of vehicle names", "wrong_type");
    } else if (v.size() > 20) {
      in.add_error("vehicles", "lists more than 20 vehicles");
    } else {
      for (const auto& item : v) {
        if (!item.is_string() || item.get<std::string>().empty() || item.get<std::string>().size() > 180) {
          in.add_error("vehicles", "each vehicle is a name of 1 to 60 characters");
          break;
        }
        e.vehicles.push_back(item.get<std::string>());
      }
    }
  }
  return e;
}

std::optional<std::string> day_param(const http::Request& request, const std::string& name) {
  auto value = request.query_filter(name);
  if (value && !calendar::parse_date(*value)) throw Invalid(name, "must be a day YYYY-MM-DD");
  return value;
}

std::optional<std::string> search_param(const http::Request& request) {
  auto q = request.query_filter("q");
  if (q && q->size() > 90) throw Invalid("q", "is longer than 30 characters");
  return q;
}

EventFilter event_filter(const http::Request& request) {
  EventFilter f;
  f.statuses = http::query_choices(request, "status", statuses());
  f.kind = request.query_filter("kind");
  if (f.kind && std::find(kinds().begin(), kinds().end(), *f.kind) == kinds().end())
    throw Invalid("kind", "must be exhibition or promotion");
  f.unit_id = request.query_integer("unit_id", 1, INT64_MAX);
  f.from = day_param(request, "from");
  f.to = day_param(request, "to");
  f.upcoming = request.query_bool("upcoming").value_or(false);
  f.ended = request.query_bool("ended").value_or(false);
  return f;
}

std::string yuan_text(int64_t fen) { return fmt::format("{}.{:02}", fen / 100, fen % 100); }

}  // namespace

void register_routes(http::Server& server, EventService& service) {
  add_schemas(server);
  const std::string tag = "events";

  http::RouteDoc create_doc{"Plan an exhibition or promotion event (展销会、推广会) of a unit in the caller's scope",
                            tag,
                            {},
                            "EventCreate",
                            "Event"};
  create_doc.success_status = 201;
  server.route(Method::post, "/api/v1/events", Access::signed_in, create_doc, [&service](http::Request& request) {
    http::JsonInput in(request.body(), {"kind", "title", "unit_id", "starts_on", "ends_on", "place", "budget_fen",
                                        "vehicles", "description"});
    auto input = read_event(in, request.body());
    if (!in.has("vehicles")) in.add_error("vehicles", "is required", "required");
    in.finish();
    request.json(201, event_json(service.create(request.principal(), input), request.principal(), today()));
  });

  std::vector<http::QueryDoc> list_query = {
      {"status", "string", "planned, held, cancelled (comma-separated)"},
      {"kind", "string", "exhibition or promotion"},
      {"unit_id", "integer", "organised by this unit or a unit below it"},
      {"from", "string", "starting on or after this day"},
      {"to", "string", "starting on or before this day"},
      {"upcoming", "boolean", "true: planned and not ended"},
      {"ended", "boolean", "true: planned but ended — to be closed with the actual cost"},
      {"limit", "integer", "1..500, default 50"},
      {"cursor", "string", "next_cursor of the previous page"}};
  server.route(Method::get, "/api/v1/events", Access::signed_in,
               {"Events the caller sees (of a unit in their scope or above their unit), the latest first", tag,
                list_query, "", "EventList"},
               [&service](http::Request& request) {
                 auto f = event_filter(request);
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
                   out.push_back(event_json(items[i], request.principal(), day));
                 bool more = items.size() > limit;
                 request.json(200, {{"items", out},
                                    {"next_cursor",
                                     more ? json(http::encode_cursor(items[limit - 1].starts_on, items[limit - 1].id))
                                          : json()}});
               });

  http::RouteDoc export_doc{"The filtered events as an .xlsx workbook (Chinese headers, at most 10,000)", tag,
                            list_query, "", "Binary"};
  export_doc.response_content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  server.route(Method::get, "/api/v1/events/export", Access::signed_in, export_doc, [&service](http::Request& request) {
    auto f = event_filter(request);
    constexpr int kMaxEvents = 10000;
    f.limit = kMaxEvents + 1;
    auto items = service.list(request.principal(), f);
    if (items.size() > static_cast<size_t>(kMaxEvents))
      throw Invalid("limit", "more than 10,000 events: narrow the filter", "too_many");
    static const std::map<std::string, std::string> kind_names = {{"exhibition", "展销会"}, {"promotion", "推广会"}};
    static const std::map<std::string, std::string> status_names = {
        {"planned", "计划中"}, {"held", "已结项"}, {"cancelled", "已取消"}};
    std::vector<sheets::Row> rows = {{"活动名称", "类型", "组织单位", "开始日期", "结束日期", "地点", "展示车型",
                                      "预算(元)", "实际费用(元)", "状态", "邀请人数", "接受人数", "到场人数"}};
    for (const auto& e : items) {
      std::string vehicles;
      for (const auto& v : e.vehicles) vehicles += (vehicles.empty() ? "" : "、") + v;
      rows.push_back({e.title, kind_names.at(e.kind), e.unit_name, e.starts_on, e.ends_on, e.place, vehicles,
                      yuan_text(e.budget_fen), e.cost_fen ? yuan_text(*e.cost_fen) : "", status_names.at(e.status),
                      std::to_string(e.invited), std::to_string(e.accepted), std::to_string(e.attended)});
    }
    std::string day = today();
    day.erase(std::remove(day.begin(), day.end(), '-'), day.end());
    request.attachment("events-" + day + ".xlsx", "活动-" + day + ".xlsx");
    request.bytes(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                  sheets::write_xlsx("活动", rows));
  });

  server.route(Method::get, "/api/v1/events/{id}", Access::signed_in,
               {"An event, with the counts of the invitations the caller sees", tag, {}, "", "Event"},
               [&service](http::Request& request) {
                 request.json(200, event_json(service.get(request.principal(), request.path_id()), request.principal(),
                                              today()));
               });

  server.route(Method::put, "/api/v1/events/{id}", Access::signed_in,
               {"Edit a planned event (the organising unit's managers)", tag, {}, "EventUpdate", "Event"},
               [&service](http::Request& request) {
                 http::JsonInput in(request.body(), {"version", "kind", "title", "unit_id", "starts_on", "ends_on",
                                                     "place", "budget_fen", "vehicles", "description"});
                 auto version = in.required_integer("version");
                 auto input = read_event(in, request.body());
                 if (!in.has("vehicles")) in.add_error("vehicles", "is required", "required");
                 in.finish();
                 request.json(200, event_json(service.update(request.principal(), request.path_id(), version, input),
                                              request.principal(), today()));
               });

  server.route(Method::post, "/api/v1/events/{id}/hold", Access::signed_in,
               {"Close an event that took place, with its actual cost", tag, {}, "EventHold", "Event"},
               [&service](http::Request& request) {
                 http::JsonInput in(request.body(), {"version", "cost_fen"});
                 auto version = in.required_integer("version");
                 auto cost = in.required_integer("cost_fen", 0, int64_t{100000000000});
                 in.finish();
                 request.json(200, event_json(service.hold(request.principal(), request.path_id(), version, cost),
                                              request.principal(), today()));
               });

  server.route(Method::post, "/api/v1/events/{id}/cancel", Access::signed_in,
               {"Cancel a planned event, with the reason", tag, {}, "EventCancel", "Event"},
               [&service](http::Request& request) {
                 http::JsonInput in(request.body(), {"version", "reason"});
                 auto version = in.required_integer("version");
                 auto reason = in.required_string("reason", 500);
                 in.finish();
                 request.json(200, event_json(service.cancel(request.principal(), request.path_id(), version, reason),
                                              request.principal(), today()));
               });

  server.route(Method::get, "/api/v1/events/{id}/candidates", Access::signed_in,
               {"Contacts of the caller's accounts not yet invited: decision makers and evaluators first, key accounts "
                "first",
                tag,
                {{"grade", "string", "key, secondary, potential (comma-separated)"},
                 {"industry", "string", "industry codes (comma-separated)"},
                 {"buying_role", "string", "buying roles (comma-separated)"},
                 {"q", "string", "the contact's or the account's name contains it"},
                 {"limit", "integer", "1..500, default 200"}},
                "",
                "EventCandidateList"},
               [&service](http::Request& request) {
                 CandidateFilter f;
                 f.grades = http::query_choices(request, "grade", kGrades);
                 f.buying_roles = http::query_choices(request, "buying_role", kBuyingRoles);
                 if (auto industries = request.query_filter("industry")) {
                   size_t start = 0;
                   while (start <= industries->size()) {
                     auto comma = industries->find(',', start);
                     auto code =
                         industries->substr(start, comma == std::string::npos ? std::string::npos : comma - start);
                     if (code.empty() || code.size() > 40)
                       throw Invalid("industry", "must be industry codes, comma-separated");
                     f.industries.push_back(code);
                     if (comma == std::string::npos) break;
                     start = comma + 1;
                   }
                 }
                 f.q = search_param(request);
                 f.limit = static_cast<int>(request.query_integer("limit", 1, 500).value_or(200));
                 json items = json::array();
                 for (const auto& c : service.candidates(request.principal(), request.path_id(), f)) {
                   items.push_back({{"contact_id", c.contact_id},
                                    {"account_id", c.account_id},
                                    {"contact_name", c.contact_name},
                                    {"contact_title", http::or_null(c.contact_title)},
                                    {"buying_role", c.buying_role},
                                    {"account_name", c.account_name},
                                    {"account_grade", c.account_grade},
                                    {"industry", c.industry}});
                 }
                 request.json(200, {{"items", items}});
               });

  http::RouteDoc invite_doc{
      "Invite contacts of the caller's accounts (1 to 200; a contact outside the caller's scope "
      "is a 404 and nothing is written; one invited already is skipped)",
      tag,
      {},
      "EventInvite",
      "EventInvitationList"};
  invite_doc.success_status = 201;
  server.route(Method::post, "/api/v1/events/{id}/invitations", Access::signed_in, invite_doc,
               [&service](http::Request& request) {
                 auto body = http::parse_json_object(request.body());
                 http::JsonInput in(request.body(), {"contact_ids"});
                 std::vector<int64_t> ids;
                 if (!body.contains("contact_ids")) {
                   in.add_error("contact_ids", "is required", "required");
                 } else if (!body["contact_ids"].is_array()) {
                   in.add_error("contact_ids", "must be a list of contact ids", "wrong_type");
                 } else {
                   for (const auto& v : body["contact_ids"]) {
                     if (!v.is_number_integer() || v.get<int64_t>() < 1) {
                       in.add_error("contact_ids", "must be a list of contact ids", "wrong_type");
                       break;
                     }
                     ids.push_back(v.get<int64_t>());
                   }
                 }
                 in.finish();
                 json items = json::array();
                 for (const auto& i : service.invite(request.principal(), request.path_id(), ids))
                   items.push_back(invitation_json(i));
                 request.json(201, {{"items", items}});
               });

  server.route(Method::get, "/api/v1/events/{id}/invitations", Access::signed_in,
               {"The invitations the caller sees (all for the organiser, else those made in the caller's scope): "
                "decision makers first",
                tag,
                {{"response", "string", "pending, accepted, declined"},
                 {"attended", "boolean", "true: checked in; false: not yet"},
                 {"q", "string", "the contact's or the account's name contains it (the check-in search)"}},
                "",
                "EventInvitationList"},
               [&service](http::Request& request) {
                 InvitationFilter f;
                 f.response = request.query_filter("response");
                 if (f.response && std::find(responses().begin(), responses().end(), *f.response) == responses().end())
                   throw Invalid("response", "must be pending, accepted or declined");
                 f.attended = request.query_bool("attended");
                 f.q = search_param(request);
                 json items = json::array();
                 for (const auto& i : service.invitations(request.principal(), request.path_id(), f))
                   items.push_back(invitation_json(i));
                 request.json(200, {{"items", items}});
               });

  server.route(Method::post, "/api/v1/events/{id}/invitations/{invitation_id}/respond", Access::signed_in,
               {"Record the guest's answer: accepted or declined", tag, {}, "EventRespond", "EventInvitation"},
               [&service](http::Request& request) {
                 http::JsonInput in(request.body(), {"version", "response"});
                 auto version = in.required_integer("version");
                 auto response = in.required_enum("response", {"accepted", "declined"});
                 in.finish();
                 request.json(200, invitation_json(service.respond(request.principal(), request.path_id(),
                                                                   request.path_id(2), version, response)));
               });

  server.route(Method::post, "/api/v1/events/{id}/invitations/{invitation_id}/check-in", Access::signed_in,
               {"Check a guest in at the door, on the event's days; a second check-in returns the first",
                tag,
                {},
                "",
                "EventInvitation"},
               [&service](http::Request& request) {
                 request.json(200, invitation_json(
                                       service.check_in(request.principal(), request.path_id(), request.path_id(2))));
               });

  server.route(Method::get, "/api/v1/events/{id}/results", Access::signed_in,
               {"The event's results in the caller's scope (all for the organiser): invitations and attendees by "
                "buying role, registrations with the event as source, their opportunities, units won and delivered, "
                "and the cost per unit won",
                tag,
                {},
                "",
                "EventResults"},
               [&service](http::Request& request) {
                 auto r = service.results(request.principal(), request.path_id());
                 request.json(200, {{"invited", r.invited},
                                    {"accepted", r.accepted},
                                    {"declined", r.declined},
                                    {"attended", r.attended},
                                    {"attended_by_role", r.attended_by_role},
                                    {"registrations", r.registrations},
                                    {"opportunities", r.opportunities},
                                    {"won_opportunities", r.won_opportunities},
                                    {"units_won", r.units_won},
                                    {"units_delivered", r.units_delivered},
                                    {"cost_fen", r.cost_fen},
                                    {"cost_is_budget", r.cost_is_budget},
                                    {"cost_per_unit_won_fen", http::or_null(r.cost_per_unit_won_fen)}});
               });
}

}  // namespace fleetkam::events
