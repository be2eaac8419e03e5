#include "modules/registrations/routes.h"

#include <nlohmann/json.hpp>
#include <sstream>

#include "modules/accounts/routes.h"
#include "platform/clock.h"
#include "platform/errors.h"
#include "platform/http/json_input.h"
#include "platform/http/json_values.h"
#include "platform/http/openapi_schema.h"
#include "platform/text/pinyin.h"

namespace fleetkam::registrations {
// ---- routes --------------------------------------------------------------------------------
//   POST /api/v1/registrations                  register a lead (201; status pending or conflict)
//   GET  /api/v1/registrations                  the caller's scope, newest first
//   GET  /api/v1/registrations/stats            figures per dealer or province
//   GET  /api/v1/registrations/{id}             one registration (conflicts for reviewers)
//   POST /api/v1/registrations/{id}/review      approve or reject
//   POST /api/v1/registrations/{id}/extend      another protection period
//   GET|PUT /api/v1/settings/registrations      the protection period in days
namespace {

using http::Method;
using Access = http::Access;
using json = nlohmann::json;

json registration_json(const Registration& r) {
  json conflicts = json::array();
  for (const auto& k : r.conflicts) {
    // outside the caller's scope the other side is unnamed (see limit_to_scope)
    conflicts.push_back({{"registration_id", k.visible ? http::or_null(k.other_id) : json()},
                         {"dealer_unit_id", k.visible ? json(k.other_unit_id) : json()},
                         {"dealer_name", k.visible ? json(k.other_unit_name) : json()},
                         {"status", http::or_null(k.other_status)},
                         {"vehicle_type", http::or_null(k.other_vehicle_type)},
                         {"expected_date", http::or_null(k.other_expected_date)},
                         {"registered_at", http::time_or_null(k.other_registered_at)},
                         {"reason", k.reason}});
  }
  // why the name the dealer wrote is this existing account (the duplicate engine's reason), beside the account
  json account_match;
  if (r.account_visible && r.account_match_name && r.account_match_reason) {
    account_match = {{"name", *r.account_match_name}, {"reason", *r.account_match_reason}};
  }
  return {{"id", r.id},
          {"account_id", r.account_visible ? json(r.account_id) : json()},
          {"account_name", r.account_visible ? json(r.account_name) : json()},
          {"dealer_unit_id", r.dealer_unit_id},
          {"dealer_name", r.dealer_name},
          {"registered_by", r.registered_by},
          {"registered_by_name", r.registered_by_name},
          {"vehicle_type", r.vehicle_type},
          {"model", http::or_null(r.model)},
          {"quantity", r.quantity},
          {"budget_fen", http::or_null(r.budget_fen)},
          {"expected_date", r.expected_date},
          {"procurement_method", r.procurement_method},
          {"source_channel", r.source_channel},
          {"event_id", http::or_null(r.event_id)},
          {"info_class", r.info_class},
          {"info_obtained_at", clock::format_rfc3339(r.info_obtained_at)},
          {"registered_at", clock::format_rfc3339(r.created_at)},
          {"note", http::or_null(r.note)},
          {"status", r.status},
          {"conflicts", conflicts},
          {"authentic", http::or_null(r.authentic)},
          {"accurate", http::or_null(r.accurate)},
          {"review_note", http::or_null(r.review_note)},
          {"reviewed_by", http::or_null(r.reviewed_by)},
          {"reviewed_at", http::time_or_null(r.reviewed_at)},
          {"protected_until", http::time_or_null(r.protected_until)},
          {"opportunity_id", http::or_null(r.opportunity_id)},
          {"account_match", account_match},
          {"version", r.version}};
}

NewRegistration read_new(const std::string& body) {
  http::JsonInput in(body,
                     {"account_id", "account", "vehicle_type", "model", "quantity", "budget_fen", "expected_date",
                      "procurement_method", "source_channel", "info_class", "info_obtained_at", "note", "event_id"});
  NewRegistration r;
  r.account_id = in.optional_integer("account_id");
  r.vehicle_type = in.required_string("vehicle_type", 40);
  r.model = in.optional_string("model", 100, 1);
  r.quantity = in.required_integer("quantity", 1, 10000);
  r.budget_fen = in.optional_integer("budget_fen", 0, int64_t{1} << 50);
  r.expected_date = in.required_string("expected_date", 10, 10);
  if (in.has("expected_date") && !r.expected_date.empty() && !day_number(r.expected_date)) {
    in.add_error("expected_date", "must be a day YYYY-MM-DD");
  }
  r.procurement_method = in.required_enum("procurement_method", accounts::procurement_methods());
  r.source_channel = in.required_string("source_channel", 40);
  r.event_id = in.optional_integer("event_id");
  r.info_class = in.required_enum("info_class", info_classes());
  if (auto obtained = in.optional_string("info_obtained_at", 40, 1)) {
    if (auto ms = clock::parse_rfc3339(*obtained)) {
      r.info_obtained_at = ms;
    } else {
      in.add_error("info_obtained_at", "must be an RFC 3339 time, e.g. 2026-11-27T09:30:00+08:00");
    }
  }
  r.note = in.optional_string("note", 2000, 1);
  // the new account: an object with the fields of POST /api/v1/accounts, its errors as account.<field>
  auto root = http::parse_json_object(body);
  std::vector<FieldError> account_errors;
  if (root.contains("account")) {
    if (!root["account"].is_object()) {
      in.add_error("account", "must be an object with the fields of an account", "wrong_type");
    } else {
      try {
        http::JsonInput sub(root["account"].dump(), accounts::account_fields());
        r.account = accounts::read_account_input(sub);
        sub.finish();
      } catch (const AppError& e) {
        for (const auto& error : e.errors()) in.add_error("account." + error.field, error.message, error.code);
      }
    }
  }
  in.finish();
  return r;
}

json stats_json(const std::vector<UnitStats>& items) {
  json out = json::array();
  auto rate = [](int64_t part, int64_t whole) { return whole ? json(static_cast<double>(part) / whole) : json(); };
  for (const auto& s : items) {
    out.push_back({{"unit_id", s.unit_id},
                   {"unit_name", s.unit_name},
                   {"registrations", s.registrations},
                   {"approved", s.approved},
                   {"rejected", s.rejected},
                   {"conflicts", s.conflicts},
                   {"lapsed", s.lapsed},
                   {"converted", s.converted},
                   {"authentic_rate", rate(s.authentic, s.reviewed)},
                   {"median_delay_hours", s.median_delay_hours ? json(*s.median_delay_hours) : json()},
                   {"conversion_rate", rate(s.converted, s.approved)}});
  }
  return {{"items", out}};
}

void add_schemas(http::Server& server) {
  using namespace http::schema;           // id, time, day, nullable, choice …
  const json& text = http::schema::text;  // the bare name would also mean namespace fleetkam::text
  const json non_negative = {{"type", "integer"}, {"minimum", 0}};
  json conflict = {
      {"registration_id", nullable(id)},
      {"dealer_unit_id", nullable(id)},
      {"dealer_name", nullable(text)},
      {"status", nullable(text)},
      {"vehicle_type", nullable(text)},
      {"expected_date", nullable(day)},
      {"registered_at", nullable(time)},
      {"reason", choice({"account_owned_by_other_dealer", "account_owned_outside_province", "active_registration"})}};
  server.add_schema("RegistrationConflict", object(conflict));
  json registration = {{"id", id},
                       {"account_id", nullable(id)},
                       {"account_name", nullable(text)},
                       {"dealer_unit_id", id},
                       {"dealer_name", text},
                       {"registered_by", id},
                       {"registered_by_name", text},
                       {"vehicle_type", text},
                       {"model", nullable(text)},
                       {"quantity", id},
                       {"budget_fen", nullable(id)},
                       {"expected_date", day},
                       {"procurement_method", choice(accounts::procurement_methods())},
                       {"source_channel", text},
                       {"event_id", nullable(id)},
                       {"info_class", choice(info_classes())},
                       {"info_obtained_at", time},
                       {"registered_at", time},
                       {"note", nullable(text)},
                       {"status", choice(statuses())},
                       {"conflicts", array(ref("RegistrationConflict"))},
                       {"authentic", nullable(flag)},
                       {"accurate", nullable(flag)},
                       {"review_note", nullable(text)},
                       {"reviewed_by", nullable(id)},
                       {"reviewed_at", nullable(time)},
                       {"protected_until", nullable(time)},
                       {"opportunity_id", nullable(id)},
                       {"account_match", nullable(ref("RegistrationAccountMatch"))},
                       {"version", id}};
  server.add_schema("RegistrationAccountMatch", object({{"name", text}, {"reason", text}}));
  server.add_schema("Registration", object(registration));
  server.add_schema("RegistrationList", page_of("Registration"));
  json counts = json::object();
  for (const auto& status : statuses()) counts[status] = non_negative;  // required in the statuses' order
  server.add_schema("RegistrationStatusCounts",
                    object({{"counts", {{"type", "object"}, {"required", statuses()}, {"properties", counts}}},
                            {"total", non_negative}}));
  json create = {{"account_id", id},
                 {"account", ref("AccountCreate")},
                 {"vehicle_type", text},
                 {"model", text},
                 {"quantity", integer(1, 10000)},
                 {"budget_fen", non_negative},
                 {"expected_date", day},
                 {"procurement_method", choice(accounts::procurement_methods())},
                 {"source_channel", text},
                 {"event_id", id},
                 {"info_class", choice(info_classes())},
                 {"info_obtained_at", time},
                 {"note", text}};
  server.add_schema("RegistrationCreate", input(create, {"vehicle_type", "quantity", "expected_date",
                                                         "procurement_method", "source_channel", "info_class"}));
  server.add_schema("RegistrationReview", input({{"decision", choice({"approve", "reject"})},
                                                 {"authentic", flag},
                                                 {"accurate", flag},
                                                 {"note", text},
                                                 {"version", id}},
                                                {"decision", "authentic", "version"}));
  server.add_schema("RegistrationExtend", input({{"version", id}, {"reason", text}}, {"version", "reason"}));
  json stat = {{"unit_id", id},
               {"unit_name", text},
               {"registrations", id},
               {"approved", id},
               {"rejected", id},
               {"conflicts", id},
               {"lapsed", id},
               {"converted", id},
               {"authentic_rate", nullable(number)},
               {"median_delay_hours", nullable(number)},
               {"conversion_rate", nullable(number)}};
  server.add_schema("RegistrationStats", object({{"items", array(object(stat))}}));
  server.add_schema("RegistrationSettings", input({{"protection_days", integer(1, 365)}}, {"protection_days"}));
}

// A calendar day in China (UTC+8) as [start, end) in ms.
std::pair<int64_t, int64_t> day_range(const std::string& field, const std::string& date) {
  auto day = day_number(date);
  if (!day) throw Invalid(field, "must be a day YYYY-MM-DD");
  int64_t start = *day * 86400000 - int64_t{8} * 3600000;
  return {start, start + 86400000};
}

// The list's filters from the query (the same for the list and its status counts).
RegistrationFilter read_filter(const http::Request& request) {
  RegistrationFilter f;
  if (auto status = request.query("status"); status && !status->empty()) {
    std::stringstream parts(*status);
    std::string part;
    while (std::getline(parts, part, ',')) {
      if (std::find(statuses().begin(), statuses().end(), part) == statuses().end()) {
        throw Invalid("status", "unknown status: " + part);
      }
      f.statuses.push_back(part);
    }
  }
  f.dealer_unit_id = request.query_integer("dealer_unit_id", 1, INT64_MAX);
  f.account_id = request.query_integer("account_id", 1, INT64_MAX);
  f.unit_id = request.query_integer("unit_id", 1, INT64_MAX);
  f.registered_by = request.query_integer("registered_by", 1, INT64_MAX);
  if (request.query_bool("mine").value_or(false)) {
    if (f.registered_by && *f.registered_by != request.principal().user_id)
      throw Invalid("mine", "cannot be combined with another person's registered_by");
    f.registered_by = request.principal().user_id;
  }
  if (auto day = request.query("created_from"); day && !day->empty())
    f.created_from = day_range("created_from", *day).first;
  if (auto day = request.query("created_to"); day && !day->empty())
    f.created_before = day_range("created_to", *day).second;
  if (f.created_from && f.created_before && *f.created_before <= *f.created_from)
    throw Invalid("created_to", "must not be before created_from");
  f.won = request.query_bool("won").value_or(false);
  if (auto day = request.query("protected_until_to"); day && !day->empty()) {
    auto n = day_number(*day);
    if (!n) throw Invalid("protected_until_to", "must be a day YYYY-MM-DD");
    f.protected_before = (*n + 1) * 86400000 - int64_t{8} * 3600000;  // the day's end in China
  }
  if (auto q = request.query("q"); q && !q->empty()) {
    if (q->size() > 100) throw Invalid("q", "is too long", "too_long");
    auto normal = text::pinyin_query(*q);
    if (!normal.empty()) f.q = normal;
  }
  return f;
}

// The query parameters of the list's filters, for the OpenAPI of both routes.
std::vector<http::QueryDoc> filter_params(std::vector<http::QueryDoc> more = {}) {
  std::vector<http::QueryDoc> out = {
      {"status", "string", "one status or several, comma-separated"},
      {"dealer_unit_id", "integer", ""},
      {"unit_id", "integer", "a unit in scope: the registrations of its subtree's dealers"},
      {"account_id", "integer", ""},
      {"mine", "boolean", "only those the caller registered"},
      {"registered_by", "integer", "only those this person registered"},
      {"created_from", "string", "YYYY-MM-DD: registered on or after this China day"},
      {"created_to", "string", "YYYY-MM-DD: registered on or before this China day"},
      {"won", "boolean", "converted to an opportunity that is won now"},
      {"protected_until_to", "string", "YYYY-MM-DD: protection ends by the end of this day (China)"},
      {"q", "string", "the account's name, pinyin or initials"}};
  out.insert(out.end(), more.begin(), more.end());
  return out;
}

}  // namespace

void register_routes(http::Server& server, RegistrationService& service) {
  add_schemas(server);
  server.route(Method::post, "/api/v1/registrations", Access::signed_in,
               {"Register a lead (报备): pending, or conflict when another dealer holds the buyer",
                "registrations",
                {},
                "RegistrationCreate",
                "Registration",
                201},
               [&service](http::Request& request) {
                 auto input = read_new(request.body());
                 request.json(201, registration_json(service.create(request.principal(), input)));
               });

  server.route(Method::get, "/api/v1/registrations", Access::signed_in,
               {"Registrations in the caller's scope, newest first", "registrations",
                filter_params({{"limit", "integer", "1..500, default 50"},
                               {"cursor", "string", "next_cursor of the previous page"}}),
                "", "RegistrationList"},
               [&service](http::Request& request) {
                 RegistrationFilter f = read_filter(request);
                 // newest first: the cursor is the last id of the previous page
                 f.before_id = request.cursor_id();
                 int limit = request.limit();
                 f.limit = limit + 1;
                 auto items = service.list(request.principal(), f);
                 bool more = items.size() > static_cast<size_t>(limit);
                 if (more) items.resize(static_cast<size_t>(limit));
                 json out = json::array();
                 for (const auto& r : items) out.push_back(registration_json(r));
                 request.json(200, {{"items", out},
                                    {"next_cursor", more ? json(http::encode_cursor(items.back().id)) : json()}});
               });

  server.route(Method::get, "/api/v1/registrations/status-counts", Access::signed_in,
               {"How many registrations the list holds per status, with the list's other filters (its status "
                "filter is not applied): the list with ?status=<s> shows counts[s] rows",
                "registrations", filter_params(), "", "RegistrationStatusCounts"},
               [&service](http::Request& request) {
                 auto counts = service.status_counts(request.principal(), read_filter(request));
                 json out = json::object();
                 int64_t total = 0;
                 for (const auto& status : statuses()) {
                   auto it = counts.find(status);
                   int64_t n = it == counts.end() ? 0 : it->second;
                   out[status] = n;
                   total += n;
                 }
                 request.json(200, {{"counts", out}, {"total", total}});
               });

  server.route(Method::get, "/api/v1/registrations/stats", Access::signed_in,
               {"Registrations, approvals, conflicts, authenticity, delay and conversion per dealer or province",
                "registrations",
                {{"from", "string", "first day YYYY-MM-DD (China time), default the 1st of this month"},
                 {"to", "string", "last day YYYY-MM-DD, default today"},
                 {"by", "string", "dealer (default) or province"}},
                "",
                "RegistrationStats"},
               [&service](http::Request& request) {
                 std::string today = clock::format_rfc3339(clock::now_ms()).substr(0, 10);
                 auto from = day_range("from", request.query("from").value_or(today.substr(0, 8) + "01")).first;
                 auto to = day_range("to", request.query("to").value_or(today)).second;
                 if (to <= from) throw Invalid("to", "must not be before from");
                 auto by = request.query("by").value_or("dealer");
                 if (by != "dealer" && by != "province") throw Invalid("by", "must be dealer or province");
                 request.json(200, stats_json(service.stats(request.principal(), from, to, by == "province")));
               });

  server.route(Method::get, "/api/v1/registrations/{id}", Access::signed_in,
               {"One registration; reviewers also see the conflicting ones", "registrations", {}, "", "Registration"},
               [&service](http::Request& request) {
                 request.json(200, registration_json(service.get(request.principal(), request.path_id())));
               });

  server.route(Method::post, "/api/v1/registrations/{id}/review", Access::signed_in,
               {"Approve (protects the lead) or reject a registration",
                "registrations",
                {},
                "RegistrationReview",
                "Registration"},
               [&service](http::Request& request) {
                 http::JsonInput in(request.body(), {"decision", "authentic", "accurate", "note", "version"});
                 Review review;
                 review.decision = in.required_enum("decision", {"approve", "reject"});
                 review.authentic = in.required_bool("authentic");
                 review.accurate = in.optional_bool("accurate");
                 review.note = in.optional_string("note", 2000, 1);
                 review.version = in.required_integer("version");
                 in.finish();
                 request.json(200, registration_json(service.review(request.principal(), request.path_id(), review)));
               });

  server.route(Method::post, "/api/v1/registrations/{id}/extend", Access::signed_in,
               {"Another protection period for an approved registration",
                "registrations",
                {},
                "RegistrationExtend",
                "Registration"},
               [&service](http::Request& request) {
                 http::JsonInput in(request.body(), {"version", "reason"});
                 auto version = in.required_integer("version");
                 auto reason = in.required_string("reason", 500);
                 in.finish();
                 request.json(
                     200, registration_json(service.extend(request.principal(), request.path_id(), version, reason)));
               });

  server.route(Method::get, "/api/v1/settings/registrations", Access::signed_in,
               {"The protection period of an approved registration", "registrations", {}, "", "RegistrationSettings"},
               [&service](http::Request& request) {
                 request.json(200, {{"protection_days", service.protection_days(request.principal())}});
               });

  server.route(Method::put, "/api/v1/settings/registrations", Access::signed_in,
               {"Set the protection period (HQ)", "registrations", {}, "RegistrationSettings", "RegistrationSettings"},
               [&service](http::Request& request) {
                 http::JsonInput in(request.body(), {"protection_days"});
                 auto days = in.required_integer("protection_days", 1, 365);
                 in.finish();
                 service.set_protection_days(request.principal(), days);
                 request.json(200, {{"protection_days", days}});
               });
}

}  // namespace fleetkam::registrations
