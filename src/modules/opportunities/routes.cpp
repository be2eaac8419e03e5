#include "modules/opportunities/routes.h"

#include <nlohmann/json.hpp>
#include <sstream>

#include "modules/accounts/model.h"
#include "modules/opportunities/rules.h"
#include "modules/registrations/service.h"
#include "platform/clock.h"
#include "platform/errors.h"
#include "platform/http/json_input.h"
#include "platform/http/json_values.h"

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
namespace {

using http::Method;
using Access = http::Access;
using json = nlohmann::json;

const std::vector<std::string> kLevels = {"high", "medium", "low"};
const std::vector<std::string> kUsage = {"in_province", "cross_province"};
const std::vector<std::string> kQuoteStatuses = {"approved", "pending_regional", "pending_hq", "rejected", "sent"};
const std::vector<std::string> kTenderResults = {"pending", "won", "lost", "cancelled"};

json tender_json(const Tender& t) {
  json lots = json::parse(t.lots_json, nullptr, false);
  if (lots.is_discarded()) lots = json::array();
  return {{"id", t.id},
          {"opportunity_id", t.opportunity_id},
          {"opportunity_title", t.opportunity_title},
          {"account_id", t.account_id},
          {"account_name", t.account_name},
          {"owner_unit_id", t.owner_unit_id},
          {"notice_no", t.notice_no},
          {"published_where", t.published_where},
          {"published_on", t.published_on},
          {"bid_deadline", clock::format_rfc3339(t.bid_deadline)},
          {"opening_at", http::time_or_null(t.opening_at)},
          {"lots", lots},
          {"result", t.result},
          {"winner", http::or_null(t.winner)},
          {"winning_price_fen", http::or_null(t.winning_price_fen)},
          {"note", http::or_null(t.note)},
          {"version", t.version},
          {"created_at", clock::format_rfc3339(t.created_at)}};
}

json competitor_json(const CompetitorQuote& q) {
  return {{"id", q.id},
          {"opportunity_id", q.opportunity_id},
          {"brand", q.brand},
          {"model", q.model},
          {"unit_price_fen", q.unit_price_fen},
          {"quoted_on", http::or_null(q.quoted_on)},
          {"note", http::or_null(q.note)},
          {"created_by_name", q.created_by_name},
          {"created_at", clock::format_rfc3339(q.created_at)}};
}

json quote_json(const Quote& q) {
  json approvals = json::array();
  for (const auto& a : q.approvals) {
    approvals.push_back({{"level", a.level},
                         {"decision", a.decision},
                         {"note", http::or_null(a.note)},
                         {"by_user_id", a.by_user_id},
                         {"by_user_name", a.by_user_name},
                         {"at", clock::format_rfc3339(a.at)}});
  }
  return {{"id", q.id},
          {"opportunity_id", q.opportunity_id},
          {"opportunity_title", q.opportunity_title},
          {"account_name", q.account_name},
          {"owner_unit_id", q.owner_unit_id},
          {"owner_unit_name", q.owner_unit_name},
          {"model_id", q.model_id},
          {"model_name", q.model_name},
          {"quantity", q.quantity},
          {"unit_price_fen", q.unit_price_fen},
          {"guide_price_fen", q.guide_price_fen},
          {"discount_bp", q.discount_bp},
          {"max_discount_bp", q.max_discount_bp},
          {"hq_discount_bp", q.hq_discount_bp},
          {"approval_level", q.approval_level},
          {"status", q.status},
          {"approvals", approvals},
          {"note", http::or_null(q.note)},
          {"created_by_name", q.created_by_name},
          {"created_at", clock::format_rfc3339(q.created_at)},
          {"sent_at", http::time_or_null(q.sent_at)},
          {"version", q.version}};
}

json delivery_json(const Delivery& d) {
  return {{"id", d.id},
          {"opportunity_id", d.opportunity_id},
          {"account_id", d.account_id},
          {"unit_id", d.unit_id},
          {"user_id", http::or_null(d.user_id)},
          {"date", d.day},
          {"month", format_month(d.month)},
          {"quantity", d.quantity},
          {"model", d.model},
          {"vehicle_type", d.vehicle_type},
          {"model_id", http::or_null(d.model_id)},
          {"over_reason", http::or_null(d.over_reason)},
          {"note", http::or_null(d.note)},
          {"created_by_name", d.created_by_name},
          {"created_at", clock::format_rfc3339(d.created_at)},
          {"voided_at", http::time_or_null(d.voided_at)},
          {"void_reason", http::or_null(d.void_reason)},
          {"voided_by_name", http::or_null(d.voided_by_name)}};
}

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
              {"probability", http::or_null(o.probability)},
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

json model_json(const VehicleModel& m) {
  json bands = json::array();
  for (const auto& b : m.bands) {
    bands.push_back({{"procurement_method", b.procurement_method},
                     {"max_discount_bp", b.max_discount_bp},
                     {"hq_discount_bp", b.hq_discount_bp}});
  }
  return {{"id", m.id},
          {"code", m.code},
          {"name", m.name},
          {"vehicle_type", m.vehicle_type},
          {"kind", m.kind},
          {"upfitter", http::or_null(m.upfitter)},
          {"guide_price_fen", m.guide_price_fen},
          {"active", m.active},
          {"bands", bands},
          {"version", m.version}};
}

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
                                  "probability",     "value", "difficulty",   "owner_user_id"};
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

TenderInput read_tender(const std::string& body, bool create) {
  std::set<std::string> fields = {"notice_no", "published_where", "published_on", "bid_deadline", "opening_at", "lots",
                                  "note"};
  if (!create) fields.insert({"version", "result", "winner", "winning_price_fen"});
  http::JsonInput in(body, fields);
  auto root = http::parse_json_object(body);
  TenderInput t;
  if (create) {
    t.notice_no = in.required_string("notice_no", 100);
    t.published_where = in.required_string("published_where", 200);
    t.published_on = in.required_string("published_on", 10, 10);
    t.bid_deadline = read_time(in, "bid_deadline", true);
  } else {
    t.version = in.required_integer("version");
    t.notice_no = in.optional_string("notice_no", 100, 1);
    t.published_where = in.optional_string("published_where", 200, 1);
    t.published_on = in.optional_string("published_on", 10, 10);
    t.bid_deadline = read_time(in, "bid_deadline", false);
    t.result = in.optional_enum("result", kTenderResults);
    if (is_null(root, "winner"))
      t.winner = std::optional<std::string>();
    else if (auto w = in.optional_string("winner", 100, 1))
      t.winner = w;
    if (is_null(root, "winning_price_fen"))
      t.winning_price_fen = std::optional<int64_t>();
    else if (auto p = in.optional_integer("winning_price_fen", 1, int64_t{1} << 40))
      t.winning_price_fen = p;
  }
  check_day(in, "published_on", t.published_on);
  if (is_null(root, "opening_at"))
    t.opening_at = std::optional<int64_t>();
  else if (auto at = read_time(in, "opening_at", false))
    t.opening_at = at;
  if (t.bid_deadline && t.opening_at && *t.opening_at && **t.opening_at < *t.bid_deadline)
    in.add_error("opening_at", "must not be before the bid deadline");
  if (is_null(root, "note"))
    t.note = std::optional<std::string>();
  else if (auto n = in.optional_string("note", 2000, 1))
    t.note = n;
  if (root.contains("lots") && !root["lots"].is_null()) {
    const auto& lots = root["lots"];
    bool ok = lots.is_array() && lots.size() <= 100;
    for (size_t i = 0; ok && i < lots.size(); ++i) {
      const auto& lot = lots[i];
      ok = lot.is_object() && lot.contains("no") && lot["no"].is_string() && lot.contains("name") &&
           lot["name"].is_string() && lot["name"].get<std::string>().size() <= 200 &&
           lot["no"].get<std::string>().size() <= 20;
      for (const auto& [k, v] : lot.items()) {
        if (k != "no" && k != "name" && k != "quantity" && k != "budget_fen") ok = false;
        if ((k == "quantity" || k == "budget_fen") && !v.is_null() && !(v.is_number_integer() && v.get<int64_t>() >= 0))
          ok = false;
      }
    }
    if (ok)
      t.lots_json = lots.dump();
    else
      in.add_error("lots", "must be up to 100 lots {no, name, quantity?, budget_fen?}");
  }
  in.finish();
  return t;
}

ModelInput read_model(const std::string& body, bool create) {
  std::set<std::string> fields = {"code", "name", "vehicle_type", "kind", "upfitter", "guide_price_fen", "active"};
  if (!create) fields.insert("version");
  http::JsonInput in(body, fields);
  auto root = http::parse_json_object(body);
  ModelInput m;
  if (create) {
    m.code = in.required_string("code", 40);
    m.name = in.required_string("name", 100);
    m.vehicle_type = in.required_string("vehicle_type", 40);
    m.kind = in.required_enum("kind", {"base", "upfit"});
    m.guide_price_fen = in.required_integer("guide_price_fen", 1, int64_t{1} << 40);
  } else {
    m.version = in.required_integer("version");
    m.code = in.optional_string("code", 40, 1);
    m.name = in.optional_string("name", 100, 1);
    m.vehicle_type = in.optional_string("vehicle_type", 40, 1);
    m.kind = in.optional_enum("kind", {"base", "upfit"});
    m.guide_price_fen = in.optional_integer("guide_price_fen", 1, int64_t{1} << 40);
  }
  if (is_null(root, "upfitter"))
    m.upfitter = std::optional<std::string>();
  else if (auto u = in.optional_string("upfitter", 100, 1))
    m.upfitter = u;
  m.active = in.optional_bool("active");
  in.finish();
  return m;
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

void add_schemas(http::Server& server) {
  const json text = {{"type", "string"}};
  const json id = {{"type", "integer"}, {"format", "int64"}};
  const json time = {{"type", "string"}, {"format", "date-time"}};
  const json day = {{"type", "string"}, {"format", "date"}};
  const json flag = {{"type", "boolean"}};
  auto nullable = [](const json& schema) { return json{{"oneOf", {schema, {{"type", "null"}}}}}; };
  auto choice = [](const std::vector<std::string>& values) { return json{{"type", "string"}, {"enum", values}}; };
  auto ref = [](const std::string& name) { return json{{"$ref", "#/components/schemas/" + name}}; };
  auto array = [](const json& items) { return json{{"type", "array"}, {"items", items}}; };
  // every property required (responses)
  auto object = [](const json& properties) {
    json required = json::array();
    for (const auto& [k, v] : properties.items()) required.push_back(k);
    return json{{"type", "object"}, {"required", required}, {"properties", properties}};
  };
  auto input = [](const json& properties, const json& required) {
    return json{
        {"type", "object"}, {"additionalProperties", false}, {"required", required}, {"properties", properties}};
  };
  json line = {{"id", id},       {"vehicle_type", text},          {"model_id", nullable(id)}, {"model", nullable(text)},
               {"quantity", id}, {"unit_price_fen", nullable(id)}};
  server.add_schema("OpportunityLine", object(line));
  json tender = {{"id", id},
                 {"opportunity_id", id},
                 {"opportunity_title", text},
                 {"account_id", id},
                 {"account_name", text},
                 {"owner_unit_id", id},
                 {"notice_no", text},
                 {"published_where", text},
                 {"published_on", day},
                 {"bid_deadline", time},
                 {"opening_at", nullable(time)},
                 {"lots", array({{"type", "object"}})},
                 {"result", choice(kTenderResults)},
                 {"winner", nullable(text)},
                 {"winning_price_fen", nullable(id)},
                 {"note", nullable(text)},
                 {"version", id},
                 {"created_at", time}};
  server.add_schema("Tender", object(tender));
  server.add_schema("TenderList", object({{"items", array(ref("Tender"))}}));
  json competitor = {{"id", id},
                     {"opportunity_id", id},
                     {"brand", text},
                     {"model", text},
                     {"unit_price_fen", id},
                     {"quoted_on", nullable(day)},
                     {"note", nullable(text)},
                     {"created_by_name", text},
                     {"created_at", time}};
  server.add_schema("CompetitorQuote", object(competitor));
  json approval = {{"level", choice({"regional", "hq"})},
                   {"decision", choice({"approve", "reject"})},
                   {"note", nullable(text)},
                   {"by_user_id", id},
                   {"by_user_name", text},
                   {"at", time}};
  json quote = {{"id", id},
                {"opportunity_id", id},
                {"opportunity_title", text},
                {"account_name", text},
                {"owner_unit_id", id},
                {"owner_unit_name", text},
                {"model_id", id},
                {"model_name", text},
                {"quantity", id},
                {"unit_price_fen", id},
                {"guide_price_fen", id},
                {"discount_bp", id},
                {"max_discount_bp", id},
                {"hq_discount_bp", id},
                {"approval_level", choice({"none", "regional", "hq"})},
                {"status", choice(kQuoteStatuses)},
                {"approvals", array(object(approval))},
                {"note", nullable(text)},
                {"created_by_name", text},
                {"created_at", time},
                {"sent_at", nullable(time)},
                {"version", id}};
  server.add_schema("Quote", object(quote));
  server.add_schema("QuoteList", object({{"items", array(ref("Quote"))}}));
  json delivery = {{"id", id},
                   {"opportunity_id", id},
                   {"account_id", id},
                   {"unit_id", id},
                   {"user_id", nullable(id)},
                   {"date", day},
                   {"month", text},
                   {"quantity", id},
                   {"model", text},
                   {"vehicle_type", text},
                   {"model_id", nullable(id)},
                   {"over_reason", nullable(text)},
                   {"note", nullable(text)},
                   {"created_by_name", text},
                   {"created_at", time},
                   {"voided_at", nullable(time)},
                   {"void_reason", nullable(text)},
                   {"voided_by_name", nullable(text)}};
  server.add_schema("Delivery", object(delivery));
  server.add_schema("DeliveryVoid", input({{"reason", text}}, {"reason"}));
  server.add_schema("DeliveryList", object({{"items", array(ref("Delivery"))}}));
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
                      {"probability", nullable(id)},
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
                   {"probability", nullable({{"type", "integer"}, {"minimum", 0}, {"maximum", 100}})},
                   {"value", nullable(choice(kLevels))},
                   {"difficulty", nullable(choice(kLevels))},
                   {"owner_user_id", nullable(id)}};
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
  json lot = {{"type", "object"},
              {"required", {"no", "name"}},
              {"properties", {{"no", text}, {"name", text}, {"quantity", id}, {"budget_fen", id}}}};
  json tender_in = {{"notice_no", text},     {"published_where", text},      {"published_on", day},
                    {"bid_deadline", time},  {"opening_at", nullable(time)}, {"lots", array(lot)},
                    {"note", nullable(text)}};
  server.add_schema("TenderCreate", input(tender_in, {"notice_no", "published_where", "published_on", "bid_deadline"}));
  json tender_patch = tender_in;
  tender_patch["version"] = id;
  tender_patch["result"] = choice(kTenderResults);
  tender_patch["winner"] = nullable(text);
  tender_patch["winning_price_fen"] = nullable(id);
  server.add_schema("TenderPatch", input(tender_patch, {"version"}));
  server.add_schema(
      "CompetitorQuoteCreate",
      input({{"brand", text}, {"model", text}, {"unit_price_fen", id}, {"quoted_on", day}, {"note", text}},
            {"brand", "model", "unit_price_fen"}));
  server.add_schema("QuoteCreate", input({{"model_id", id}, {"quantity", id}, {"unit_price_fen", id}, {"note", text}},
                                         {"model_id", "quantity", "unit_price_fen"}));
  server.add_schema(
      "QuoteDecision",
      input({{"decision", choice({"approve", "reject"})}, {"note", text}, {"version", id}}, {"decision", "version"}));
  server.add_schema("VersionOnly", input({{"version", id}}, {"version"}));
  json band = {{"procurement_method", choice(accounts::procurement_methods())},
               {"max_discount_bp", {{"type", "integer"}, {"minimum", 0}, {"maximum", 10000}}},
               {"hq_discount_bp", {{"type", "integer"}, {"minimum", 0}, {"maximum", 10000}}}};
  json model = {{"id", id},
                {"code", text},
                {"name", text},
                {"vehicle_type", text},
                {"kind", choice({"base", "upfit"})},
                {"upfitter", nullable(text)},
                {"guide_price_fen", id},
                {"active", flag},
                {"bands", array(object(band))},
                {"version", id}};
  server.add_schema("VehicleModel", object(model));
  server.add_schema("VehicleModelList", object({{"items", array(ref("VehicleModel"))}}));
  json model_in = {{"code", text},
                   {"name", text},
                   {"vehicle_type", text},
                   {"kind", choice({"base", "upfit"})},
                   {"upfitter", nullable(text)},
                   {"guide_price_fen", id},
                   {"active", flag}};
  server.add_schema("VehicleModelCreate", input(model_in, {"code", "name", "vehicle_type", "kind", "guide_price_fen"}));
  json model_patch = model_in;
  model_patch["version"] = id;
  server.add_schema("VehicleModelPatch", input(model_patch, {"version"}));
  server.add_schema(
      "PriceBands",
      input({{"bands", array(input(band, {"procurement_method", "max_discount_bp", "hq_discount_bp"}))}}, {"bands"}));
  json delivery_in = {{"date", day},    {"quantity", id},      {"model", text}, {"vehicle_type", text},
                      {"model_id", id}, {"over_reason", text}, {"note", text}};
  server.add_schema("DeliveryCreate", input(delivery_in, {"date", "quantity", "model", "vehicle_type"}));
  json item = {{"month", text}, {"unit_id", nullable(id)}, {"user_id", nullable(id)}, {"units", id}};
  server.add_schema("DeliverySummary", object({{"items", array(object(item))}}));
  json grade = {{"grade", text},
                {"accounts", id},
                {"account_share", nullable({{"type", "number"}})},
                {"units", id},
                {"unit_share", nullable({{"type", "number"}})}};
  server.add_schema("ValuePyramid", object({{"from", text},
                                            {"to", text},
                                            {"total_accounts", id},
                                            {"total_units", id},
                                            {"grades", array(object(grade))}}));
}

}  // namespace

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
               {"Opportunities in the caller's scope, newest first",
                tag,
                {{"stage", "string", "one stage or several, comma-separated"},
                 {"owner_unit_id", "integer", "a unit in scope and its subtree"},
                 {"account_id", "integer", ""},
                 {"procurement_method", "string", ""},
                 {"q", "string", "characters of the title or the account's name"},
                 {"expected_from", "string", "YYYY-MM-DD"},
                 {"expected_to", "string", "YYYY-MM-DD"},
                 {"limit", "integer", "1..500, default 50"},
                 {"cursor", "string", "next_cursor of the previous page"}},
                "",
                "OpportunityList"},
               [&service](http::Request& request) {
                 OpportunityFilter f;
                 f.stages = read_list(request.query("stage"), stages(), "stage");
                 f.owner_unit_id = request.query_integer("owner_unit_id", 1, INT64_MAX);
                 f.account_id = request.query_integer("account_id", 1, INT64_MAX);
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

  server.route(Method::post, "/api/v1/opportunities/{id}/tenders", Access::signed_in,
               {"Record a tender of the opportunity", tag, {}, "TenderCreate", "Tender", 201},
               [&service](http::Request& request) {
                 auto input = read_tender(request.body(), true);
                 request.json(201, tender_json(service.add_tender(request.principal(), request.path_id(), input)));
               });

  server.route(Method::patch, "/api/v1/tenders/{id}", Access::signed_in,
               {"Edit a tender or record its result", tag, {}, "TenderPatch", "Tender"},
               [&service](http::Request& request) {
                 auto input = read_tender(request.body(), false);
                 request.json(200, tender_json(service.update_tender(request.principal(), request.path_id(), input)));
               });

  server.route(Method::get, "/api/v1/tenders", Access::signed_in,
               {"Tenders in scope: bid deadlines within N days, or deadlines and openings in a date range",
                tag,
                {{"due_within_days", "integer", "1..366: deadlines from now"},
                 {"from", "string", "first day YYYY-MM-DD"},
                 {"to", "string", "last day YYYY-MM-DD"}},
                "",
                "TenderList"},
               [&service](http::Request& request) {
                 auto within = request.query_integer("due_within_days", 1, 366);
                 auto from_text = request.query("from"), to_text = request.query("to");
                 int64_t from = 0, to = 0;
                 bool openings = false;
                 if (from_text || to_text) {
                   if (!from_text || !to_text) throw Invalid(from_text ? "to" : "from", "give both from and to");
                   auto f = registrations::day_number(*from_text), t = registrations::day_number(*to_text);
                   if (!f) throw Invalid("from", "must be a day YYYY-MM-DD");
                   if (!t) throw Invalid("to", "must be a day YYYY-MM-DD");
                   if (*t < *f) throw Invalid("to", "must not be before from");
                   if (*t - *f > 366) throw Invalid("to", "at most 366 days after from");
                   from = *f * 86400000 - int64_t{8} * 3600000;
                   to = (*t + 1) * 86400000 - int64_t{8} * 3600000;
                   openings = true;
                 } else {
                   from = clock::now_ms();
                   to = from + within.value_or(14) * 86400000;
                 }
                 json out = json::array();
                 for (const auto& t : service.tenders(request.principal(), from, to, openings))
                   out.push_back(tender_json(t));
                 request.json(200, {{"items", out}});
               });

  server.route(Method::post, "/api/v1/opportunities/{id}/competitor-quotes", Access::signed_in,
               {"A competitor's quote", tag, {}, "CompetitorQuoteCreate", "CompetitorQuote", 201},
               [&service](http::Request& request) {
                 http::JsonInput in(request.body(), {"brand", "model", "unit_price_fen", "quoted_on", "note"});
                 CompetitorQuote q;
                 q.brand = in.required_string("brand", 60);
                 q.model = in.required_string("model", 100);
                 q.unit_price_fen = in.required_integer("unit_price_fen", 1, int64_t{1} << 40);
                 q.quoted_on = in.optional_string("quoted_on", 10, 10);
                 check_day(in, "quoted_on", q.quoted_on);
                 q.note = in.optional_string("note", 2000, 1);
                 in.finish();
                 request.json(201,
                              competitor_json(service.add_competitor_quote(request.principal(), request.path_id(), q)));
               });

  server.route(Method::del, "/api/v1/competitor-quotes/{id}", Access::signed_in,
               {"Delete a competitor's quote", tag, {}, "", ""}, [&service](http::Request& request) {
                 service.delete_competitor_quote(request.principal(), request.path_id());
                 request.no_content();
               });

  server.route(Method::post, "/api/v1/opportunities/{id}/quotes", Access::signed_in,
               {"Our quote: within the price band it is approved, outside it waits for the regional director (and HQ)",
                tag,
                {},
                "QuoteCreate",
                "Quote",
                201},
               [&service](http::Request& request) {
                 http::JsonInput in(request.body(), {"model_id", "quantity", "unit_price_fen", "note"});
                 QuoteInput q;
                 q.model_id = in.required_integer("model_id");
                 q.quantity = in.required_integer("quantity", 1, 10000);
                 q.unit_price_fen = in.required_integer("unit_price_fen", 1, int64_t{1} << 40);
                 q.note = in.optional_string("note", 2000, 1);
                 in.finish();
                 request.json(201, quote_json(service.add_quote(request.principal(), request.path_id(), q)));
               });

  server.route(Method::post, "/api/v1/quotes/{id}/decision", Access::signed_in,
               {"Approve or reject a quote's price at the step it waits for", tag, {}, "QuoteDecision", "Quote"},
               [&service](http::Request& request) {
                 http::JsonInput in(request.body(), {"decision", "note", "version"});
                 auto decision = in.required_enum("decision", {"approve", "reject"});
                 auto note = in.optional_string("note", 2000, 1);
                 auto version = in.required_integer("version");
                 in.finish();
                 request.json(200, quote_json(service.decide_quote(request.principal(), request.path_id(), decision,
                                                                   note, version)));
               });

  server.route(Method::post, "/api/v1/quotes/{id}/send", Access::signed_in,
               {"Mark an approved quote as sent to the customer", tag, {}, "VersionOnly", "Quote"},
               [&service](http::Request& request) {
                 http::JsonInput in(request.body(), {"version"});
                 auto version = in.required_integer("version");
                 in.finish();
                 request.json(200, quote_json(service.send_quote(request.principal(), request.path_id(), version)));
               });

  server.route(Method::get, "/api/v1/quotes", Access::signed_in,
               {"Quotes in scope; awaiting_me=true: the approval inbox",
                tag,
                {{"status", "string", "statuses, comma-separated"},
                 {"awaiting_me", "boolean", "only the steps the caller may decide"},
                 {"limit", "integer", "1..500, default 50"}},
                "",
                "QuoteList"},
               [&service](http::Request& request) {
                 auto statuses = read_list(request.query("status"), kQuoteStatuses, "status");
                 bool mine = request.query_bool("awaiting_me").value_or(false);
                 json out = json::array();
                 for (const auto& q : service.quotes(request.principal(), statuses, mine, request.limit()))
                   out.push_back(quote_json(q));
                 request.json(200, {{"items", out}});
               });

  server.route(Method::get, "/api/v1/vehicle-models", Access::signed_in,
               {"The vehicle catalogue",
                tag,
                {{"active", "boolean", ""}, {"vehicle_type", "string", ""}, {"q", "string", "name, code or upfitter"}},
                "",
                "VehicleModelList"},
               [&service](http::Request& request) {
                 auto type = request.query_filter("vehicle_type");
                 auto q = request.query_filter("q");
                 if (q && q->size() > 100) throw Invalid("q", "is too long", "too_long");
                 json out = json::array();
                 for (const auto& m : service.models(request.principal(), request.query_bool("active"), type, q))
                   out.push_back(model_json(m));
                 request.json(200, {{"items", out}});
               });

  server.route(Method::post, "/api/v1/vehicle-models", Access::signed_in,
               {"Add a model to the catalogue (HQ)", tag, {}, "VehicleModelCreate", "VehicleModel", 201},
               [&service](http::Request& request) {
                 auto input = read_model(request.body(), true);
                 request.json(201, model_json(service.create_model(request.principal(), input)));
               });

  server.route(Method::patch, "/api/v1/vehicle-models/{id}", Access::signed_in,
               {"Edit a model of the catalogue (HQ)", tag, {}, "VehicleModelPatch", "VehicleModel"},
               [&service](http::Request& request) {
                 auto input = read_model(request.body(), false);
                 request.json(200, model_json(service.update_model(request.principal(), request.path_id(), input)));
               });

  server.route(Method::put, "/api/v1/vehicle-models/{id}/bands", Access::signed_in,
               {"Replace a model's price bands (HQ)", tag, {}, "PriceBands", "VehicleModel"},
               [&service](http::Request& request) {
                 http::JsonInput in(request.body(), {"bands"});
                 auto root = http::parse_json_object(request.body());
                 std::vector<VehicleModel::Band> bands;
                 if (!root.contains("bands") || !root["bands"].is_array()) {
                   in.add_error("bands", "must be an array of bands",
                                root.contains("bands") ? "wrong_type" : "required");
                 } else {
                   size_t i = 0;
                   std::set<std::string> seen;
                   for (const auto& item : root["bands"]) {
                     std::string prefix = "bands[" + std::to_string(i++) + "].";
                     try {
                       if (!item.is_object()) throw Invalid("", "must be an object", "wrong_type");
                       http::JsonInput sub(item.dump(), {"procurement_method", "max_discount_bp", "hq_discount_bp"});
                       VehicleModel::Band b;
                       b.procurement_method = sub.required_enum("procurement_method", accounts::procurement_methods());
                       b.max_discount_bp = sub.required_integer("max_discount_bp", 0, 10000);
                       b.hq_discount_bp = sub.required_integer("hq_discount_bp", 0, 10000);
                       sub.finish();
                       if (b.hq_discount_bp < b.max_discount_bp)
                         throw Invalid("hq_discount_bp", "must not be below max_discount_bp");
                       if (!seen.insert(b.procurement_method).second)
                         throw Invalid("procurement_method", "appears twice");
                       bands.push_back(b);
                     } catch (const AppError& e) {
                       for (const auto& error : e.errors())
                         in.add_error(prefix + error.field, error.message, error.code);
                     }
                   }
                 }
                 in.finish();
                 request.json(200, model_json(service.set_bands(request.principal(), request.path_id(), bands)));
               });

  server.route(
      Method::post, "/api/v1/opportunities/{id}/deliveries", Access::signed_in,
      {"Record a delivery (交车) of a won opportunity: actual sales", tag, {}, "DeliveryCreate", "Delivery", 201},
      [&service](http::Request& request) {
        http::JsonInput in(request.body(),
                           {"date", "quantity", "model", "vehicle_type", "model_id", "over_reason", "note"});
        DeliveryInput d;
        d.day = in.required_string("date", 10, 10);
        d.quantity = in.required_integer("quantity", 1, 10000);
        d.model = in.required_string("model", 100);
        d.vehicle_type = in.required_string("vehicle_type", 40);
        d.model_id = in.optional_integer("model_id");
        d.over_reason = in.optional_string("over_reason", 500, 1);
        d.note = in.optional_string("note", 2000, 1);
        in.finish();
        request.json(201, delivery_json(service.deliver(request.principal(), request.path_id(), d)));
      });

  server.route(Method::post, "/api/v1/deliveries/{id}/void", Access::signed_in,
               {"Void a delivery recorded by mistake: it stays on record and stops counting as actual sales",
                tag,
                {},
                "DeliveryVoid",
                "Delivery"},
               [&service](http::Request& request) {
                 http::JsonInput in(request.body(), {"reason"});
                 auto reason = in.required_string("reason", 500);
                 in.finish();
                 request.json(200,
                              delivery_json(service.void_delivery(request.principal(), request.path_id(), reason)));
               });

  server.route(Method::get, "/api/v1/opportunities/{id}/deliveries", Access::signed_in,
               {"The deliveries of an opportunity", tag, {}, "", "DeliveryList"}, [&service](http::Request& request) {
                 json out = json::array();
                 for (const auto& d : service.deliveries(request.principal(), request.path_id()))
                   out.push_back(delivery_json(d));
                 request.json(200, {{"items", out}});
               });

  server.route(Method::get, "/api/v1/deliveries/summary", Access::signed_in,
               {"Delivered units (实销) per month, and per unit, province, region or user, in scope",
                tag,
                {{"from", "string", "first month YYYY-MM (default 11 months before to)"},
                 {"to", "string", "last month YYYY-MM (default this month)"},
                 {"by", "string", "month | month,unit (default) | month,province | month,region | month,user"}},
                "",
                "DeliverySummary"},
               [&service](http::Request& request) {
                 SalesQuery query;
                 query.to_month = month_query(request, "to", this_month());
                 query.from_month = month_query(request, "from", add_months(query.to_month, -11));
                 if (query.to_month < query.from_month) throw Invalid("to", "must not be before from");
                 if (months_between(query.from_month, query.to_month) > 36)
                   throw Invalid("to", "at most 36 months from from");
                 auto by = request.query("by").value_or("month,unit");
                 static const std::map<std::string, std::string> kLevelsBy = {{"month", "all"},
                                                                              {"month,unit", "unit"},
                                                                              {"month,province", "province"},
                                                                              {"month,region", "region"},
                                                                              {"month,user", "user"}};
                 auto level = kLevelsBy.find(by);
                 if (level == kLevelsBy.end())
                   throw Invalid("by", "must be month, month,unit, month,province, month,region or month,user");
                 query.level = level->second;
                 json out = json::array();
                 for (const auto& item : service.actual_sales(request.principal(), query)) {
                   json row = {{"month", format_month(item.month)}, {"units", item.units}};
                   if (query.level == "user")
                     row["user_id"] = http::or_null(item.user_id);
                   else if (query.level != "all")
                     row["unit_id"] = http::or_null(item.unit_id);
                   out.push_back(row);
                 }
                 request.json(200, {{"items", out}});
               });

  server.route(
      Method::get, "/api/v1/accounts/pyramid", Access::signed_in,
      {"The value pyramid: accounts and delivered units per grade in scope",
       tag,
       {{"from", "string", "first month YYYY-MM (default 11 months before to)"},
        {"to", "string", "last month YYYY-MM (default this month)"}},
       "",
       "ValuePyramid"},
      [&service](http::Request& request) {
        int64_t to = month_query(request, "to", this_month());
        int64_t from = month_query(request, "from", add_months(to, -11));
        if (to < from) throw Invalid("to", "must not be before from");
        if (months_between(from, to) > 120) throw Invalid("to", "at most 120 months from from");
        auto rows = service.pyramid(request.principal(), from, to);
        int64_t accounts = 0, units = 0;
        for (const auto& r : rows) {
          accounts += r.accounts;
          units += r.units;
        }
        json grades = json::array();
        for (const auto& r : rows) {
          grades.push_back({{"grade", r.grade},
                            {"accounts", r.accounts},
                            {"account_share", accounts ? json(static_cast<double>(r.accounts) / accounts) : json()},
                            {"units", r.units},
                            {"unit_share", units ? json(static_cast<double>(r.units) / units) : json()}});
        }
        request.json(200, {{"from", format_month(from)},
                           {"to", format_month(to)},
                           {"total_accounts", accounts},
                           {"total_units", units},
                           {"grades", grades}});
      });
}

}  // namespace fleetkam::opportunities
