// Routes of visits and contacts with the customer (拜访/跟进):
//   POST  /api/v1/visits                        log a visit, call, reception, meeting or demonstration
//   GET   /api/v1/visits                        list, newest first (account, opportunity, person, days)
//   GET   /api/v1/visits/{id}, PATCH /api/v1/visits/{id}   one; its author changes it
//   POST  /api/v1/visits/{id}/next-step         mark its next step done or open again
//   GET   /api/v1/next-steps                    the caller's own next steps (open, due, overdue)
//   GET   /api/v1/accounts/{id}/buying-centre   each buying role's contacts and when they were last met
//   GET|PUT /api/v1/visit-rules                 HQ's days per grade between visits
//   GET   /api/v1/unvisited-accounts            accounts in scope not visited within their grade's days
#include "modules/visits/routes.h"

#include <nlohmann/json.hpp>

#include "modules/visits/rules.h"
#include "platform/calendar/calendar.h"
#include "platform/clock.h"
#include "platform/errors.h"
#include "platform/http/json_input.h"
#include "platform/http/json_values.h"
#include "platform/http/openapi_schema.h"

namespace fleetkam::visits {
namespace {

using http::Method;
using Access = http::Access;
using json = nlohmann::json;

constexpr size_t kMaxContacts = 20;
constexpr size_t kSummaryLength = 2000;
constexpr size_t kNextStepLength = 500;
const std::vector<std::string> kStatuses = {"open", "due", "overdue"};

void add_schemas(http::Server& server) {
  using namespace http::schema;
  using http::schema::text;  // not namespace fleetkam::text, which a unity build may also hold
  json contact = object({{"id", id}, {"name", text}, {"buying_role", choice(buying_roles())}});
  server.add_schema("Visit", object({{"id", id},
                                     {"account_id", id},
                                     {"account_name", text},
                                     {"opportunity_id", nullable(id)},
                                     {"opportunity_title", nullable(text)},
                                     {"user_id", id},
                                     {"user_name", text},
                                     {"unit_id", id},
                                     {"unit_name", text},
                                     {"kind", choice(kinds())},
                                     {"occurred_at", time},
                                     {"summary", text},
                                     {"next_step", nullable(text)},
                                     {"next_step_due", nullable(day)},
                                     {"next_step_done_at", nullable(time)},
                                     {"next_step_state", choice({"none", "open", "due", "overdue", "done"})},
                                     {"contacts", array(contact)},
                                     {"version", id},
                                     {"created_at", time},
                                     {"updated_at", time}}));
  server.add_schema("VisitList", page_of("Visit"));
  json fields = {{"opportunity_id", nullable(id)},
                 {"kind", choice(kinds())},
                 {"occurred_at", time},
                 {"contact_ids", array(id)},
                 {"summary", text_up_to(static_cast<int>(kSummaryLength))},
                 {"next_step", nullable(text_up_to(static_cast<int>(kNextStepLength)))},
                 {"next_step_due", nullable(day)}};
  json create = fields;
  create["account_id"] = id;
  server.add_schema("VisitCreate", input(create, {"account_id", "kind", "occurred_at", "summary"}));
  json update = fields;
  update["version"] = id;
  server.add_schema("VisitUpdate", input(update, {"version"}));
  server.add_schema("VisitNextStep", input({{"version", id}, {"done", flag}}, {"version", "done"}));
  json met = object({{"id", id},
                     {"name", text},
                     {"title", nullable(text)},
                     {"department", nullable(text)},
                     {"last_met_at", nullable(time)}});
  server.add_schema("BuyingCentre", object({{"account_id", id},
                                            {"grade", choice(grades())},
                                            {"last_visit_at", nullable(time)},
                                            {"max_days", id},
                                            {"days_since_visit", nullable(id)},
                                            {"overdue", flag},
                                            {"roles", array(object({{"role", choice(buying_roles())},
                                                                    {"last_met_at", nullable(time)},
                                                                    {"contacts", array(met)}}))}}));
  server.add_schema("VisitRules", object({{"items", array(object({{"grade", choice(grades())},
                                                                  {"max_days", id},
                                                                  {"updated_at", nullable(time)},
                                                                  {"updated_by_name", nullable(text)}}))}}));
  json days = integer(1, kMaxRuleDays);
  server.add_schema(
      "VisitRulesUpdate",
      input({{"rules", input({{"key", days}, {"secondary", days}, {"potential", days}}, json::array())}}, {"rules"}));
  server.add_schema("UnvisitedAccount", object({{"id", id},
                                                {"name", text},
                                                {"grade", choice(grades())},
                                                {"owner_unit_id", id},
                                                {"owner_unit_name", text},
                                                {"owner_user_id", nullable(id)},
                                                {"owner_user_name", nullable(text)},
                                                {"last_visit_at", nullable(time)},
                                                {"max_days", id},
                                                {"days_since_visit", nullable(id)}}));
  server.add_schema("UnvisitedAccountList", page_of("UnvisitedAccount"));
}

json visit_json(const Visit& v, const std::string& today) {
  json contacts = json::array();
  for (const auto& k : v.contacts) contacts.push_back({{"id", k.id}, {"name", k.name}, {"buying_role", k.buying_role}});
  return {{"id", v.id},
          {"account_id", v.account_id},
          {"account_name", v.account_name},
          {"opportunity_id", http::or_null(v.opportunity_id)},
          {"opportunity_title", http::or_null(v.opportunity_title)},
          {"user_id", v.user_id},
          {"user_name", v.user_name},
          {"unit_id", v.unit_id},
          {"unit_name", v.unit_name},
          {"kind", v.kind},
          {"occurred_at", clock::format_rfc3339(v.occurred_at)},
          {"summary", v.summary},
          {"next_step", http::or_null(v.next_step)},
          {"next_step_due", http::or_null(v.next_step_due)},
          {"next_step_done_at", http::time_or_null(v.next_step_done_at)},
          {"next_step_state", next_step_state(v.next_step, v.next_step_due, v.next_step_done_at, today)},
          {"contacts", contacts},
          {"version", v.version},
          {"created_at", clock::format_rfc3339(v.created_at)},
          {"updated_at", clock::format_rfc3339(v.updated_at)}};
}

std::string today() { return china_day(clock::now_ms()); }

// A text field that may be cleared: a blank text reads as none.
std::optional<std::string> optional_text(http::JsonInput& in, const std::string& field, size_t max_length) {
  auto value = in.optional_string(field, max_length);
  if (value && value->find_first_not_of(" \t\n") == std::string::npos) return std::nullopt;
  return value;
}

bool given_null(const json& root, const std::string& field) {
  auto it = root.find(field);
  return it != root.end() &&
         (it->is_null() || (it->is_string() && it->get<std::string>().find_first_not_of(" \t\n") == std::string::npos));
}

// The fields a create and a PATCH share.
void read_fields(http::JsonInput& in, const json& root, VisitInput& v) {
  v.opportunity_id = in.optional_integer("opportunity_id");
  v.kind = in.optional_enum("kind", kinds());
  if (auto text = in.optional_string("occurred_at", 40)) {
    if (auto ms = clock::parse_rfc3339(*text)) {
      v.occurred_at = ms;
    } else {
      in.add_error("occurred_at", "must be an RFC 3339 time, e.g. 2026-11-27T09:30:00+08:00");
    }
  }
  if (root.contains("contact_ids") && !root["contact_ids"].is_null()) {
    const auto& ids = root["contact_ids"];
    if (!ids.is_array()) {
      in.add_error("contact_ids", "must be an array of contact ids", "wrong_type");
    } else if (ids.size() > kMaxContacts) {
      in.add_error("contact_ids", "must list at most " + std::to_string(kMaxContacts) + " contacts");
    } else {
      std::vector<int64_t> list;
      for (size_t i = 0; i < ids.size(); ++i) {
        if (!ids[i].is_number_integer() || ids[i].get<int64_t>() < 1) {
          in.add_error("contact_ids[" + std::to_string(i) + "]", "must be a contact id", "wrong_type");
        } else {
          list.push_back(ids[i].get<int64_t>());
        }
      }
      v.contact_ids = list;
    }
  } else if (root.contains("contact_ids")) {
    v.contact_ids = std::vector<int64_t>{};
  }
  v.next_step = optional_text(in, "next_step", kNextStepLength);
  v.next_step_due = optional_text(in, "next_step_due", 10);
}

VisitInput read_create(const std::string& body) {
  http::JsonInput in(body, {"account_id", "opportunity_id", "kind", "occurred_at", "contact_ids", "summary",
                            "next_step", "next_step_due"});
  auto root = http::parse_json_object(body);
  VisitInput v;
  v.account_id = in.required_integer("account_id");
  read_fields(in, root, v);
  if (!in.has("kind")) in.add_error("kind", "is required", "required");
  if (!in.has("occurred_at")) in.add_error("occurred_at", "is required", "required");
  v.summary = in.required_string("summary", kSummaryLength);
  if (!v.contact_ids) v.contact_ids = std::vector<int64_t>{};
  in.finish();
  return v;
}

VisitInput read_update(const std::string& body) {
  http::JsonInput in(body, {"version", "opportunity_id", "kind", "occurred_at", "contact_ids", "summary", "next_step",
                            "next_step_due"});
  auto root = http::parse_json_object(body);
  VisitInput v;
  v.version = in.required_integer("version");
  read_fields(in, root, v);
  if (in.has("summary")) {
    v.summary = in.required_string("summary", kSummaryLength);
  } else if (root.contains("summary")) {
    in.add_error("summary", "must not be empty", "required");
  }
  v.clear_opportunity = root.contains("opportunity_id") && root["opportunity_id"].is_null();
  // either field null (or blank) clears the next step; a value given with it is then checked alone
  v.clear_next_step = given_null(root, "next_step") || given_null(root, "next_step_due");
  in.finish();
  return v;
}

// A day YYYY-MM-DD of a query parameter, as the moment that day begins in China (+ `days`).
std::optional<int64_t> day_param(const http::Request& request, const std::string& name, int days) {
  auto text = request.query_filter(name);
  if (!text) return std::nullopt;
  auto date = calendar::parse_date(*text);
  if (!date) throw Invalid(name, "must be a day YYYY-MM-DD");
  return calendar::china_midnight(calendar::civil_from_days(calendar::days_from_civil(*date) + days));
}

int64_t number_of(const std::string& text) {
  int64_t value = 0;
  for (char c : text) {
    // value * 10 + digit must stay within int64: 9223372036854775808 is no cursor
    if (c < '0' || c > '9' || value > (INT64_MAX - (c - '0')) / 10) {
      throw Invalid("cursor", "is not a cursor this list gave out");
    }
    value = value * 10 + (c - '0');
  }
  return value;
}

template <typename Item, typename Cursor>
json page(const std::vector<Item>& items, size_t limit, const std::function<json(const Item&)>& render,
          const Cursor& cursor_of) {
  json out = json::array();
  for (size_t i = 0; i < items.size() && i < limit; ++i) out.push_back(render(items[i]));
  bool more = items.size() > limit;
  return {{"items", out}, {"next_cursor", more ? json(cursor_of(items[limit - 1])) : json()}};
}

json rules_json(const std::vector<VisitRule>& rules) {
  json items = json::array();
  for (const auto& r : rules) {
    items.push_back({{"grade", r.grade},
                     {"max_days", r.max_days},
                     {"updated_at", r.updated_by ? json(clock::format_rfc3339(r.updated_at)) : json()},
                     {"updated_by_name", http::or_null(r.updated_by_name)}});
  }
  return {{"items", items}};
}

}  // namespace

void register_routes(http::Server& server, VisitService& service) {
  add_schemas(server);
  const std::string tag = "visits";
  server.route(Method::post, "/api/v1/visits", Access::signed_in,
               {"Log a visit, call, reception, meeting or demonstration (拜访/跟进) on an account in scope, with the "
                "contacts met, the opportunity, what happened and the next step",
                tag,
                {},
                "VisitCreate",
                "Visit",
                201},
               [&service](http::Request& request) {
                 auto input = read_create(request.body());
                 request.json(201, visit_json(service.create(request.principal(), input), today()));
               });

  server.route(Method::get, "/api/v1/visits", Access::signed_in,
               {"Visits in the caller's scope (and their own), newest first, each with its contacts",
                tag,
                {{"account_id", "integer", "the account's visits"},
                 {"opportunity_id", "integer", "the opportunity's follow-ups"},
                 {"user_id", "integer", "visits by this person"},
                 {"from", "string", "YYYY-MM-DD: on or after this day (China)"},
                 {"to", "string", "YYYY-MM-DD: on or before this day (China)"},
                 {"limit", "integer", "1..500, default 50"},
                 {"cursor", "string", "next_cursor of the previous page"}},
                "",
                "VisitList"},
               [&service](http::Request& request) {
                 VisitFilter f;
                 f.account_id = request.query_integer("account_id", 1, INT64_MAX);
                 f.opportunity_id = request.query_integer("opportunity_id", 1, INT64_MAX);
                 f.user_id = request.query_integer("user_id", 1, INT64_MAX);
                 f.from_ms = day_param(request, "from", 0);
                 f.to_ms = day_param(request, "to", 1);
                 if (f.from_ms && f.to_ms && *f.to_ms <= *f.from_ms) throw Invalid("to", "must not be before from");
                 if (auto cursor = request.cursor_sorted()) f.before = {number_of(cursor->first), cursor->second};
                 auto limit = static_cast<size_t>(request.limit());
                 f.limit = static_cast<int>(limit) + 1;
                 auto items = service.list(request.principal(), f);
                 auto day = today();
                 request.json(
                     200, page<Visit>(
                              items, limit, [&](const Visit& v) { return visit_json(v, day); },
                              [](const Visit& v) { return http::encode_cursor(std::to_string(v.occurred_at), v.id); }));
               });

  server.route(Method::get, "/api/v1/visits/{id}", Access::signed_in,
               {"A visit with its contacts", tag, {}, "", "Visit"}, [&service](http::Request& request) {
                 request.json(200, visit_json(service.get(request.principal(), request.path_id()), today()));
               });

  server.route(Method::patch, "/api/v1/visits/{id}", Access::signed_in,
               {"Change a visit (its author only): kind, time, contacts, opportunity, summary, next step; a changed "
                "next step is open again",
                tag,
                {},
                "VisitUpdate",
                "Visit"},
               [&service](http::Request& request) {
                 auto patch = read_update(request.body());
                 request.json(200, visit_json(service.update(request.principal(), request.path_id(), patch), today()));
               });

  server.route(Method::post, "/api/v1/visits/{id}/next-step", Access::signed_in,
               {"Mark a visit's next step done, or open again (its author only)", tag, {}, "VisitNextStep", "Visit"},
               [&service](http::Request& request) {
                 http::JsonInput in(request.body(), {"version", "done"});
                 auto version = in.required_integer("version");
                 auto done = in.required_bool("done");
                 in.finish();
                 request.json(
                     200, visit_json(service.set_next_step_done(request.principal(), request.path_id(), version, done),
                                     today()));
               });

  server.route(Method::get, "/api/v1/next-steps", Access::signed_in,
               {"The caller's own next steps not done, by due date: open (all), due (due today or earlier) or "
                "overdue (due before today), days in China",
                tag,
                {{"status", "string", "open (default), due or overdue"},
                 {"limit", "integer", "1..500, default 50"},
                 {"cursor", "string", "next_cursor of the previous page"}},
                "",
                "VisitList"},
               [&service](http::Request& request) {
                 NextStepFilter f;
                 f.status = request.query_filter("status").value_or("open");
                 if (std::find(kStatuses.begin(), kStatuses.end(), f.status) == kStatuses.end())
                   throw Invalid("status", "must be one of: open, due, overdue");
                 if (auto cursor = request.cursor_sorted()) {
                   if (!calendar::parse_date(cursor->first))
                     throw Invalid("cursor", "is not a cursor this list gave out");
                   f.after = *cursor;
                 }
                 auto limit = static_cast<size_t>(request.limit());
                 f.limit = static_cast<int>(limit) + 1;
                 auto items = service.next_steps(request.principal(), f);
                 auto day = today();
                 request.json(200, page<Visit>(
                                       items, limit, [&](const Visit& v) { return visit_json(v, day); },
                                       [](const Visit& v) { return http::encode_cursor(*v.next_step_due, v.id); }));
               });

  server.route(Method::get, "/api/v1/accounts/{id}/buying-centre", Access::signed_in,
               {"The account's buying centre (购买中心): each buying role's active contacts with when each was last "
                "met (the latest visit with them), the role's latest, the account's last visit and whether it is "
                "past its grade's days",
                tag,
                {},
                "",
                "BuyingCentre"},
               [&service](http::Request& request) {
                 auto b = service.buying_centre(request.principal(), request.path_id());
                 json roles = json::array();
                 for (const auto& r : b.roles) {
                   json contacts = json::array();
                   for (const auto& k : r.contacts) {
                     contacts.push_back({{"id", k.id},
                                         {"name", k.name},
                                         {"title", http::or_null(k.title)},
                                         {"department", http::or_null(k.department)},
                                         {"last_met_at", http::time_or_null(k.last_met_at)}});
                   }
                   roles.push_back(
                       {{"role", r.role}, {"last_met_at", http::time_or_null(r.last_met_at)}, {"contacts", contacts}});
                 }
                 request.json(200, {{"account_id", b.account_id},
                                    {"grade", b.grade},
                                    {"last_visit_at", http::time_or_null(b.last_visit_at)},
                                    {"max_days", b.max_days},
                                    {"days_since_visit", http::or_null(b.days_since_visit)},
                                    {"overdue", b.overdue},
                                    {"roles", roles}});
               });

  server.route(
      Method::get, "/api/v1/visit-rules", Access::signed_in,
      {"HQ's rule: the days an account of each grade may go without a visit", tag, {}, "", "VisitRules"},
      [&service](http::Request& request) { request.json(200, rules_json(service.rules(request.principal()))); });

  server.route(Method::put, "/api/v1/visit-rules", Access::signed_in,
               {"Set the days of the grades given (HQ's KA director)", tag, {}, "VisitRulesUpdate", "VisitRules"},
               [&service](http::Request& request) {
                 http::JsonInput in(request.body(), {"rules"});
                 auto root = http::parse_json_object(request.body());
                 std::map<std::string, int64_t> days;
                 if (!root.contains("rules") || root["rules"].is_null()) {
                   in.add_error("rules", "is required", "required");
                 } else if (!root["rules"].is_object()) {
                   in.add_error("rules", "must be an object of days per grade", "wrong_type");
                 } else {
                   for (const auto& [grade, value] : root["rules"].items()) {
                     if (!value.is_number_integer()) {
                       in.add_error("rules." + grade, "must be a whole number of days", "wrong_type");
                     } else {
                       days[grade] = value.get<int64_t>();
                     }
                   }
                 }
                 in.finish();
                 request.json(200, rules_json(service.set_rules(request.principal(), days)));
               });

  server.route(Method::get, "/api/v1/unvisited-accounts", Access::signed_in,
               {"Active accounts in the caller's scope not visited within their grade's days (超期未拜访), never "
                "visited first, then the longest since",
                tag,
                {{"grade", "string", "key, secondary, potential (comma-separated: any of them)"},
                 {"limit", "integer", "1..500, default 50"},
                 {"cursor", "string", "next_cursor of the previous page"}},
                "",
                "UnvisitedAccountList"},
               [&service](http::Request& request) {
                 UnvisitedFilter f;
                 if (auto list = request.query_filter("grade")) {
                   size_t start = 0;
                   while (start <= list->size()) {
                     auto comma = list->find(',', start);
                     auto grade = list->substr(start, comma == std::string::npos ? std::string::npos : comma - start);
                     if (std::find(grades().begin(), grades().end(), grade) == grades().end())
                       throw Invalid("grade", "must be key, secondary or potential (comma-separated)");
                     if (std::find(f.grades.begin(), f.grades.end(), grade) == f.grades.end())
                       f.grades.push_back(grade);
                     if (comma == std::string::npos) break;
                     start = comma + 1;
                   }
                 }
                 if (auto cursor = request.cursor_sorted()) f.after = {{number_of(cursor->first), cursor->second}};
                 auto limit = static_cast<size_t>(request.limit());
                 f.limit = static_cast<int>(limit) + 1;
                 auto items = service.unvisited(request.principal(), f);
                 request.json(200, page<UnvisitedAccount>(
                                       items, limit,
                                       [](const UnvisitedAccount& a) -> json {
                                         return {{"id", a.id},
                                                 {"name", a.name},
                                                 {"grade", a.grade},
                                                 {"owner_unit_id", a.owner_unit_id},
                                                 {"owner_unit_name", a.owner_unit_name},
                                                 {"owner_user_id", http::or_null(a.owner_user_id)},
                                                 {"owner_user_name", http::or_null(a.owner_user_name)},
                                                 {"last_visit_at", http::time_or_null(a.last_visit_at)},
                                                 {"max_days", a.max_days},
                                                 {"days_since_visit", http::or_null(a.days_since_visit)}};
                                       },
                                       [](const UnvisitedAccount& a) {
                                         return http::encode_cursor(std::to_string(a.last_visit_at.value_or(0)), a.id);
                                       }));
               });
}

}  // namespace fleetkam::visits
