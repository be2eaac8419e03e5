#include "modules/opportunities/routes.h"

#include <nlohmann/json.hpp>
#include <sstream>

#include "modules/accounts/model.h"
#include "modules/opportunities/routes_internal.h"
#include "modules/opportunities/rules.h"
#include "modules/registrations/service.h"
#include "platform/calendar/calendar.h"
#include "platform/clock.h"
#include "platform/errors.h"
#include "platform/http/json_input.h"
#include "platform/http/json_values.h"
#include "platform/http/openapi_schema.h"

namespace fleetkam::opportunities {
// ---- routes --------------------------------------------------------------------------------
//   POST  /api/v1/opportunities                       create (from a registration or an account)
//   GET   /api/v1/opportunities                       list, newest first
//   GET   /api/v1/opportunities/board                 the pipeline board by stage
//   GET   /api/v1/opportunities/{id}                  one, with tenders, quotes and deliveries
//   PATCH /api/v1/opportunities/{id}                  edit an open one
//   POST  /api/v1/opportunities/{id}/transitions      move it (GET: its history)
//   POST  /api/v1/opportunities/{id}/tenders          a tender; PATCH /api/v1/tenders/{id}; GET /api/v1/tenders
//   POST  /api/v1/opportunities/{id}/competitor-quotes, DELETE /api/v1/competitor-quotes/{id}
//   POST  /api/v1/opportunities/{id}/quotes           our quote; /api/v1/quotes/{id}/decision|send; GET /api/v1/quotes
//   GET|POST /api/v1/vehicle-models, PATCH /api/v1/vehicle-models/{id}, PUT /api/v1/vehicle-models/{id}/bands
//   POST|GET /api/v1/opportunities/{id}/deliveries, POST /api/v1/deliveries/{id}/void,
//   GET /api/v1/deliveries/summary
//   GET   /api/v1/accounts/pyramid                    accounts and delivered units per grade
//   GET   /api/v1/accounts/{id}/summary               an account's figures (account_summary.cpp)
//   GET|PUT /api/v1/opportunity-stage-probabilities   HQ's win probability by stage
//   The sub-resources' routes are in tenders_routes.cpp, quotes_routes.cpp, catalogue_routes.cpp
//   and deliveries_routes.cpp.
namespace {

using http::Method;
using Access = http::Access;
using json = nlohmann::json;

const std::vector<std::string> kLevels = {"high", "medium", "low"};
const std::vector<std::string> kUsage = {"in_province", "cross_province"};

json opportunity_json(const Opportunity& o, bool details) {
  json lines = json::array();
  for (const auto& l : o.lines) {
    lines.push_back({{"id", l.id},
                     {"vehicle_type", l.vehicle_type},
                     {"model_id", http::or_null(l.model_id)},
                     {"model", http::or_null(l.model)},
                     {"quantity", l.quantity},
                     {"unit_price_fen", http::or_null(l.unit_price_fen)}});
  }
  json out = {{"id", o.id},
              {"account_id", o.account_id},
              {"account_name", o.account_name},
              {"account_grade", o.account_grade},
              {"registration_id", http::or_null(o.registration_id)},
              {"owner_unit_id", o.owner_unit_id},
              {"owner_unit_name", o.owner_unit_name},
              {"owner_user_id", http::or_null(o.owner_user_id)},
              {"owner_user_name", http::or_null(o.owner_user_name)},
              {"title", o.title},
              {"stage", o.stage},
              {"procurement_stage", o.procurement_stage},
              {"lines", lines},
              {"quantity", o.quantity},
              {"amount_fen", o.amount_fen},
              {"budget_fen", http::or_null(o.budget_fen)},
              {"budget_analysis", http::or_null(o.budget_analysis)},
              {"expected_date", o.expected_date},
              {"worth_investing", http::or_null(o.worth_investing)},
              {"risks", http::or_null(o.risks)},
              {"requirements",
               {{"body", http::or_null(o.req_body)},
                {"interior", http::or_null(o.req_interior)},
                {"configuration", http::or_null(o.req_configuration)},
                {"accessories", http::or_null(o.req_accessories)}}},
              {"usage_area", o.usage_area},
              {"procurement_method", o.procurement_method},
              {"agreement_id", http::or_null(o.agreement_id)},
              {"agreement_name", http::or_null(o.agreement_name)},
              {"probability", o.win_probability},
              {"probability_overridden", o.probability.has_value()},
              {"value", http::or_null(o.value)},
              {"difficulty", http::or_null(o.difficulty)},
              {"won_units", o.won_units},
              {"delivered_units", o.delivered_units},
              {"outcome_reason", http::or_null(o.outcome_reason)},
              {"lost_to", http::or_null(o.lost_to)},
              {"closed_at", http::time_or_null(o.closed_at)},
              {"stage_changed_at", clock::format_rfc3339(o.stage_changed_at)},
              {"created_by", o.created_by},
              {"created_at", clock::format_rfc3339(o.created_at)},
              {"updated_at", clock::format_rfc3339(o.updated_at)},
              {"version", o.version}};
  if (details) {
    json tenders = json::array(), competitors = json::array(), quotes = json::array(), deliveries = json::array();
    for (const auto& t : o.tenders) tenders.push_back(tender_json(t));
    for (const auto& q : o.competitor_quotes) competitors.push_back(competitor_json(q));
    for (const auto& q : o.quotes) quotes.push_back(quote_json(q));
    for (const auto& d : o.deliveries) deliveries.push_back(delivery_json(d));
    out["tenders"] = tenders;
    out["competitor_quotes"] = competitors;
    out["quotes"] = quotes;
    out["deliveries"] = deliveries;
  }
  return out;
}

std::vector<Line> read_lines(const json& root, http::JsonInput& in) {
  std::vector<Line> lines;
  if (!root.contains("lines") || root["lines"].is_null()) return lines;
  if (!root["lines"].is_array()) {
    in.add_error("lines", "must be an array of vehicle lines", "wrong_type");
    return lines;
  }
  if (root["lines"].empty() || root["lines"].size() > 50) in.add_error("lines", "give 1 to 50 vehicle lines");
  size_t i = 0;
  for (const auto& item : root["lines"]) {
    std::string prefix = "lines[" + std::to_string(i++) + "].";
    if (!item.is_object()) {
      in.add_error(prefix.substr(0, prefix.size() - 1), "must be an object", "wrong_type");
      continue;
    }
    try {
      http::JsonInput sub(item.dump(), {"vehicle_type", "model_id", "model", "quantity", "unit_price_fen"});
      Line l;
      l.vehicle_type = sub.required_string("vehicle_type", 40);
      l.model_id = sub.optional_integer("model_id");
      l.model = sub.optional_string("model", 100, 1);
      l.quantity = sub.required_integer("quantity", 1, 10000);
      l.unit_price_fen = sub.optional_integer("unit_price_fen", 0, int64_t{1} << 40);
      sub.finish();
      lines.push_back(l);
    } catch (const AppError& e) {
      for (const auto& error : e.errors()) in.add_error(prefix + error.field, error.message, error.code);
    }
  }
  return lines;
}

OpportunityInput read_opportunity(const std::string& body, bool create) {
  std::set<std::string> fields = {"title",           "lines", "budget_fen",   "budget_analysis",    "expected_date",
                                  "worth_investing", "risks", "requirements", "procurement_method", "usage_area",
                                  "probability",     "value", "difficulty",   "owner_user_id",      "agreement_id"};
  if (create)
    fields.insert({"account_id", "registration_id", "stage", "procurement_stage"});
  else
    fields.insert("version");
  http::JsonInput in(body, fields);
  auto root = http::parse_json_object(body);
  OpportunityInput o;
  if (create) {
    o.account_id = in.required_integer("account_id");
    o.registration_id = in.optional_integer("registration_id");
    o.stage = in.optional_enum("stage", open_stages());
    o.procurement_stage = in.optional_enum("procurement_stage", procurement_stages());
    o.title = in.required_string("title", 200);
    o.expected_date = in.required_string("expected_date", 10, 10);
    o.procurement_method = in.required_enum("procurement_method", accounts::procurement_methods());
    o.usage_area = in.required_enum("usage_area", kUsage);
    if (!root.contains("lines")) in.add_error("lines", "give at least one vehicle line", "required");
  } else {
    o.version = in.required_integer("version");
    o.title = in.optional_string("title", 200, 1);
    o.expected_date = in.optional_string("expected_date", 10, 10);
    o.procurement_method = in.optional_enum("procurement_method", accounts::procurement_methods());
    o.usage_area = in.optional_enum("usage_area", kUsage);
  }
  check_day(in, "expected_date", o.expected_date);
  if (root.contains("lines")) o.lines = read_lines(root, in);
  auto nullable_text = [&](const std::string& f, size_t max) -> std::optional<std::optional<std::string>> {
    if (is_null(root, f)) return std::optional<std::string>();
    auto v = in.optional_string(f, max, 1);
    if (v) return v;
    return std::nullopt;
  };
  auto nullable_int = [&](const std::string& f, int64_t lo, int64_t hi) -> std::optional<std::optional<int64_t>> {
    if (is_null(root, f)) return std::optional<int64_t>();
    auto v = in.optional_integer(f, lo, hi);
    if (v) return v;
    return std::nullopt;
  };
  o.budget_fen = nullable_int("budget_fen", 0, int64_t{1} << 50);
  o.budget_analysis = nullable_text("budget_analysis", 4000);
  o.risks = nullable_text("risks", 4000);
  o.probability = nullable_int("probability", 0, 100);
  o.owner_user_id = nullable_int("owner_user_id", 1, INT64_MAX);
  o.agreement_id = nullable_int("agreement_id", 1, INT64_MAX);
  if (is_null(root, "worth_investing")) {
    o.worth_investing = std::optional<bool>();
  } else if (auto w = in.optional_bool("worth_investing")) {
    o.worth_investing = w;
  }
  for (const auto& [field, target] : {std::pair{"value", &o.value}, std::pair{"difficulty", &o.difficulty}}) {
    if (is_null(root, field)) {
      *target = std::optional<std::string>();
    } else if (auto v = in.optional_enum(field, kLevels)) {
      *target = v;
    }
  }
  if (root.contains("requirements") && !root["requirements"].is_null()) {
    if (!root["requirements"].is_object()) {
      in.add_error("requirements", "must be an object {body, interior, configuration, accessories}", "wrong_type");
    } else {
      try {
        http::JsonInput sub(root["requirements"].dump(), {"body", "interior", "configuration", "accessories"});
        auto sub_root = root["requirements"];
        auto part = [&](const char* f) -> std::optional<std::optional<std::string>> {
          if (is_null(sub_root, f)) return std::optional<std::string>();
          auto v = sub.optional_string(f, 2000, 1);
          if (v) return v;
          return std::nullopt;
        };
        o.req_body = part("body");
        o.req_interior = part("interior");
        o.req_configuration = part("configuration");
        o.req_accessories = part("accessories");
        sub.finish();
      } catch (const AppError& e) {
        for (const auto& error : e.errors()) in.add_error("requirements." + error.field, error.message, error.code);
      }
    }
  }
  in.finish();
  return o;
}

void add_schemas(http::Server& server) {
  using namespace http::schema;
  using http::schema::text;  // not namespace fleetkam::text, which a unity build may also hold
  json line = {{"id", id},       {"vehicle_type", text},          {"model_id", nullable(id)}, {"model", nullable(text)},
               {"quantity", id}, {"unit_price_fen", nullable(id)}};
  server.add_schema("OpportunityLine", object(line));
  json requirements = {{"body", nullable(text)},
                       {"interior", nullable(text)},
                       {"configuration", nullable(text)},
                       {"accessories", nullable(text)}};
  json opportunity = {{"id", id},
                      {"account_id", id},
                      {"account_name", text},
                      {"account_grade", text},
                      {"registration_id", nullable(id)},
                      {"owner_unit_id", id},
                      {"owner_unit_name", text},
                      {"owner_user_id", nullable(id)},
                      {"owner_user_name", nullable(text)},
                      {"title", text},
                      {"stage", choice(stages())},
                      {"procurement_stage", choice(procurement_stages())},
                      {"lines", array(ref("OpportunityLine"))},
                      {"quantity", id},
                      {"amount_fen", id},
                      {"budget_fen", nullable(id)},
                      {"budget_analysis", nullable(text)},
                      {"expected_date", day},
                      {"worth_investing", nullable(flag)},
                      {"risks", nullable(text)},
                      {"requirements", object(requirements)},
                      {"usage_area", choice(kUsage)},
                      {"procurement_method", choice(accounts::procurement_methods())},
                      {"agreement_id", nullable(id)},
                      {"agreement_name", nullable(text)},
                      {"probability", integer(0, 100)},
                      {"probability_overridden", flag},
                      {"value", nullable(choice(kLevels))},
                      {"difficulty", nullable(choice(kLevels))},
                      {"won_units", id},
                      {"delivered_units", id},
                      {"outcome_reason", nullable(text)},
                      {"lost_to", nullable(text)},
                      {"closed_at", nullable(time)},
                      {"stage_changed_at", time},
                      {"created_by", id},
                      {"created_at", time},
                      {"updated_at", time},
                      {"version", id}};
  json summary_schema = object(opportunity);
  server.add_schema("Opportunity", summary_schema);
  json detailed = opportunity;
  detailed["tenders"] = array(ref("Tender"));
  detailed["competitor_quotes"] = array(ref("CompetitorQuote"));
  detailed["quotes"] = array(ref("Quote"));
  detailed["deliveries"] = array(ref("Delivery"));
  server.add_schema("OpportunityDetail", object(detailed));
  server.add_schema("OpportunityList", object({{"items", array(ref("Opportunity"))}, {"next_cursor", nullable(text)}}));
  json column = {{"stage", choice(stages())}, {"procurement_stage", text},         {"count", id}, {"quantity", id},
                 {"amount_fen", id},          {"items", array(ref("Opportunity"))}};
  server.add_schema("OpportunityBoard", object({{"stages", array(object(column))}}));
  json stage_counts = json::object();
  for (const auto& stage : stages()) stage_counts[stage] = integer(0, INT64_MAX);
  server.add_schema("OpportunityStageCounts",
                    object({{"counts", object(stage_counts)}, {"total", integer(0, INT64_MAX)}}));
  json line_in = {{"vehicle_type", text},
                  {"model_id", id},
                  {"model", text},
                  {"quantity", {{"type", "integer"}, {"minimum", 1}, {"maximum", 10000}}},
                  {"unit_price_fen", {{"type", "integer"}, {"minimum", 0}}}};
  json writable = {{"title", text},
                   {"lines", array(input(line_in, {"vehicle_type", "quantity"}))},
                   {"budget_fen", nullable(id)},
                   {"budget_analysis", nullable(text)},
                   {"expected_date", day},
                   {"worth_investing", nullable(flag)},
                   {"risks", nullable(text)},
                   {"requirements", {{"type", "object"}, {"properties", requirements}}},
                   {"procurement_method", choice(accounts::procurement_methods())},
                   {"usage_area", choice(kUsage)},
                   {"probability", nullable(integer(0, 100))},
                   {"value", nullable(choice(kLevels))},
                   {"difficulty", nullable(choice(kLevels))},
                   {"owner_user_id", nullable(id)},
                   {"agreement_id", nullable(id)}};
  json create = writable;
  create["account_id"] = id;
  create["registration_id"] = id;
  create["stage"] = choice(open_stages());
  create["procurement_stage"] = choice(procurement_stages());
  server.add_schema("OpportunityCreate", input(create, {"account_id", "title", "lines", "expected_date",
                                                        "procurement_method", "usage_area"}));
  json patch = writable;
  patch["version"] = id;
  server.add_schema("OpportunityPatch", input(patch, {"version"}));
  server.add_schema("OpportunityMove", input({{"stage", choice(stages())},
                                              {"procurement_stage", choice(procurement_stages())},
                                              {"reason", text},
                                              {"lost_to", text},
                                              {"version", id}},
                                             {"stage", "version"}));
  json transition = {{"id", id},
                     {"from_stage", nullable(text)},
                     {"to_stage", text},
                     {"from_procurement_stage", nullable(text)},
                     {"to_procurement_stage", text},
                     {"reason", nullable(text)},
                     {"lost_to", nullable(text)},
                     {"by_user_id", id},
                     {"by_user_name", text},
                     {"at", time}};
  server.add_schema("OpportunityTransitions", object({{"items", array(object(transition))}}));
}

}  // namespace

bool is_null(const json& root, const std::string& field) { return root.contains(field) && root[field].is_null(); }

void check_day(http::JsonInput& in, const std::string& field, const std::optional<std::string>& value) {
  if (value && !registrations::day_number(*value)) in.add_error(field, "must be a day YYYY-MM-DD");
}

std::optional<int64_t> read_time(http::JsonInput& in, const std::string& field, bool required) {
  auto text = required ? std::optional<std::string>(in.required_string(field, 40)) : in.optional_string(field, 40, 1);
  if (!text || text->empty()) return std::nullopt;
  auto ms = clock::parse_rfc3339(*text);
  if (!ms) in.add_error(field, "must be an RFC 3339 time, e.g. 2026-12-01T09:30:00+08:00");
  return ms;
}

std::vector<std::string> read_list(const std::optional<std::string>& text, const std::vector<std::string>& allowed,
                                   const std::string& field) {
  std::vector<std::string> out;
  if (!text || text->empty()) return out;
  std::stringstream parts(*text);
  std::string part;
  while (std::getline(parts, part, ',')) {
    if (std::find(allowed.begin(), allowed.end(), part) == allowed.end())
      throw Invalid(field, "unknown value: " + part);
    out.push_back(part);
  }
  return out;
}

int64_t month_query(http::Request& request, const std::string& field, int64_t fallback) {
  auto text = request.query(field);
  if (!text) return fallback;
  auto month = parse_month(*text);
  if (!month) throw Invalid(field, "must be a month YYYY-MM");
  return *month;
}

int64_t this_month() { return month_of(clock::format_rfc3339(clock::now_ms()).substr(0, 10)); }

// The list's filters from the query (the same for the list and its stage counts).
OpportunityFilter read_filter(const http::Request& request) {
  OpportunityFilter f;
  f.stages = read_list(request.query("stage"), stages(), "stage");
  f.procurement_stages = read_list(request.query("procurement_stage"), procurement_stages(), "procurement_stage");
  f.owner_unit_id = request.query_integer("owner_unit_id", 1, INT64_MAX);
  f.owner_user_id = request.query_integer("owner_user_id", 1, INT64_MAX);
  f.account_id = request.query_integer("account_id", 1, INT64_MAX);
  f.agreement_id = request.query_integer("agreement_id", 1, INT64_MAX);
  if (auto m = request.query("procurement_method"); m && !m->empty()) {
    read_list(m, accounts::procurement_methods(), "procurement_method");
    f.procurement_method = *m;
  }
  if (auto q = request.query("q"); q && !q->empty()) {
    if (q->size() > 100) throw Invalid("q", "is too long", "too_long");
    f.q = *q;
  }
  for (const auto& [field, target] :
       {std::pair{"expected_from", &f.expected_from}, std::pair{"expected_to", &f.expected_to}}) {
    if (auto d = request.query(field); d && !d->empty()) {
      if (!registrations::day_number(*d)) throw Invalid(field, "must be a day YYYY-MM-DD");
      *target = *d;
    }
  }
  // closed (won or lost) in a range of China days, as the performance boards count them
  if (auto d = request.query("closed_from"); d && !d->empty()) {
    auto day = calendar::parse_date(*d);
    if (!day) throw Invalid("closed_from", "must be a day YYYY-MM-DD");
    f.closed_from = calendar::china_midnight(*day);
  }
  if (auto d = request.query("closed_to"); d && !d->empty()) {
    auto day = calendar::parse_date(*d);
    if (!day) throw Invalid("closed_to", "must be a day YYYY-MM-DD");
    f.closed_before = calendar::china_midnight(*day) + calendar::kDayMs;
  }
  if (f.closed_from && f.closed_before && *f.closed_before <= *f.closed_from)
    throw Invalid("closed_to", "must not be before closed_from");
  int64_t now = clock::now_ms();
  auto attention = read_list(request.query("attention"), {"overdue", "stale"}, "attention");
  for (const auto& which : attention) {
    if (which == "overdue") f.overdue_before = clock::format_rfc3339(now).substr(0, 10);
    if (which == "stale") f.stale_before = now - kStaleDays * 86400000;
  }
  f.undelivered = request.query_bool("undelivered").value_or(false);
  return f;
}

// The query parameters of the list's filters, for the OpenAPI of both routes.
std::vector<http::QueryDoc> filter_params(std::vector<http::QueryDoc> more = {}) {
  std::vector<http::QueryDoc> out = {
      {"stage", "string", "one stage or several, comma-separated"},
      {"procurement_stage", "string", "one procurement stage (采购阶段) or several, comma-separated"},
      {"owner_unit_id", "integer", "a unit in scope and its subtree"},
      {"owner_user_id", "integer", "the owner (负责人)"},
      {"agreement_id", "integer", "bought under this framework agreement"},
      {"account_id", "integer", ""},
      {"procurement_method", "string", ""},
      {"q", "string", "characters of the title or the account's name"},
      {"expected_from", "string", "YYYY-MM-DD"},
      {"expected_to", "string", "YYYY-MM-DD"},
      {"closed_from", "string", "YYYY-MM-DD: won or lost on or after this China day"},
      {"closed_to", "string", "YYYY-MM-DD: won or lost on or before this China day"},
      {"attention", "string",
       "overdue (open, expected date passed) | stale (open, stage unmoved for 30 days); comma-separated: either"},
      {"undelivered", "boolean", "won, with fewer units delivered than won"}};
  out.insert(out.end(), more.begin(), more.end());
  return out;
}

void register_routes(http::Server& server, OpportunityService& service) {
  add_schemas(server);
  const std::string tag = "opportunities";

  server.route(Method::post, "/api/v1/opportunities", Access::signed_in,
               {"Create an opportunity from an approved registration or on an account in scope",
                tag,
                {},
                "OpportunityCreate",
                "Opportunity",
                201},
               [&service](http::Request& request) {
                 auto input = read_opportunity(request.body(), true);
                 request.json(201, opportunity_json(service.create(request.principal(), input), false));
               });

  server.route(Method::get, "/api/v1/opportunities", Access::signed_in,
               {"Opportunities in the caller's scope, newest first", tag,
                filter_params({{"limit", "integer", "1..500, default 50"},
                               {"cursor", "string", "next_cursor of the previous page"}}),
                "", "OpportunityList"},
               [&service](http::Request& request) {
                 OpportunityFilter f = read_filter(request);
                 f.before_id = request.cursor_id();
                 int limit = request.limit();
                 f.limit = limit + 1;
                 auto items = service.list(request.principal(), f);
                 bool more = items.size() > static_cast<size_t>(limit);
                 if (more) items.resize(static_cast<size_t>(limit));
                 json out = json::array();
                 for (const auto& o : items) out.push_back(opportunity_json(o, false));
                 request.json(200, {{"items", out},
                                    {"next_cursor", more ? json(http::encode_cursor(items.back().id)) : json()}});
               });

  server.route(Method::get, "/api/v1/opportunities/stage-counts", Access::signed_in,
               {"How many opportunities the list holds per stage, with the list's other filters (its stage "
                "filter is not applied): the list with ?stage=<s> shows counts[s] rows",
                tag, filter_params(), "", "OpportunityStageCounts"},
               [&service](http::Request& request) {
                 auto counts = service.stage_counts(request.principal(), read_filter(request));
                 json out = json::object();
                 int64_t total = 0;
                 for (const auto& stage : stages()) {
                   auto it = counts.find(stage);
                   int64_t n = it == counts.end() ? 0 : it->second;
                   out[stage] = n;
                   total += n;
                 }
                 request.json(200, {{"counts", out}, {"total", total}});
               });

  server.route(Method::get, "/api/v1/opportunities/board", Access::signed_in,
               {"The pipeline board: every stage with its totals and first opportunities",
                tag,
                {{"owner_unit_id", "integer", "a unit in scope and its subtree"},
                 {"per_stage", "integer", "1..100, default 20"},
                 {"closed_days", "integer", "won and lost closed within this many days, default 90"}},
                "",
                "OpportunityBoard"},
               [&service](http::Request& request) {
                 auto unit = request.query_integer("owner_unit_id", 1, INT64_MAX);
                 auto per_stage = static_cast<int>(request.query_integer("per_stage", 1, 100).value_or(20));
                 auto closed_days = static_cast<int>(request.query_integer("closed_days", 1, 3660).value_or(90));
                 json columns = json::array();
                 for (const auto& col : service.board(request.principal(), unit, per_stage, closed_days)) {
                   json items = json::array();
                   for (const auto& o : col.items) items.push_back(opportunity_json(o, false));
                   columns.push_back({{"stage", col.stage},
                                      {"procurement_stage", col.procurement_stage},
                                      {"count", col.count},
                                      {"quantity", col.quantity},
                                      {"amount_fen", col.amount_fen},
                                      {"items", items}});
                 }
                 request.json(200, {{"stages", columns}});
               });

  server.route(
      Method::get, "/api/v1/opportunities/{id}", Access::signed_in,
      {"One opportunity with its tenders, competitors, quotes and deliveries", tag, {}, "", "OpportunityDetail"},
      [&service](http::Request& request) {
        request.json(200, opportunity_json(service.get(request.principal(), request.path_id()), true));
      });

  server.route(Method::patch, "/api/v1/opportunities/{id}", Access::signed_in,
               {"Edit an open opportunity (lines replace all)", tag, {}, "OpportunityPatch", "Opportunity"},
               [&service](http::Request& request) {
                 auto input = read_opportunity(request.body(), false);
                 request.json(200,
                              opportunity_json(service.update(request.principal(), request.path_id(), input), false));
               });

  server.route(
      Method::post, "/api/v1/opportunities/{id}/transitions", Access::signed_in,
      {"Move an opportunity to another stage (won and lost need a reason)", tag, {}, "OpportunityMove", "Opportunity"},
      [&service](http::Request& request) {
        http::JsonInput in(request.body(), {"stage", "procurement_stage", "reason", "lost_to", "version"});
        MoveInput m;
        m.stage = in.required_enum("stage", stages());
        m.procurement_stage = in.optional_enum("procurement_stage", procurement_stages());
        m.reason = in.optional_string("reason", 2000, 1);
        m.lost_to = in.optional_string("lost_to", 100, 1);
        m.version = in.required_integer("version");
        in.finish();
        request.json(200, opportunity_json(service.move(request.principal(), request.path_id(), m), false));
      });

  server.route(Method::get, "/api/v1/opportunities/{id}/transitions", Access::signed_in,
               {"The stage history, oldest first", tag, {}, "", "OpportunityTransitions"},
               [&service](http::Request& request) {
                 json out = json::array();
                 for (const auto& t : service.transitions(request.principal(), request.path_id())) {
                   out.push_back({{"id", t.id},
                                  {"from_stage", http::or_null(t.from_stage)},
                                  {"to_stage", t.to_stage},
                                  {"from_procurement_stage", http::or_null(t.from_procurement_stage)},
                                  {"to_procurement_stage", t.to_procurement_stage},
                                  {"reason", http::or_null(t.reason)},
                                  {"lost_to", http::or_null(t.lost_to)},
                                  {"by_user_id", t.by_user_id},
                                  {"by_user_name", t.by_user_name},
                                  {"at", clock::format_rfc3339(t.at)}});
                 }
                 request.json(200, {{"items", out}});
               });

  register_tender_routes(server, service);
  register_quote_routes(server, service);
  register_catalogue_routes(server, service);
  register_delivery_routes(server, service);
  register_probability_routes(server, service);
  register_account_summary_route(server, service);
}

}  // namespace fleetkam::opportunities
