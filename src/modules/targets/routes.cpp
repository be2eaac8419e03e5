// Routes of targets (目标分解), attainment (达成) and forecast (预测):
//   POST|GET /api/v1/target-plans, GET|PUT /api/v1/target-plans/{id},
//   PUT /api/v1/target-plans/{id}/method, POST /api/v1/target-plans/{id}/preview,
//   GET /api/v1/target-plans/{id}/cells, POST /api/v1/target-plans/{id}/issue,
//   POST /api/v1/target-plans/{id}/revisions, GET /api/v1/target-plans/{id}/diff,
//   GET|PUT /api/v1/target-plans/{id}/provinces/{unit_id}/split, POST …/submit,
//   GET /api/v1/attainment, GET /api/v1/attainment/export, GET /api/v1/forecast.
#include "modules/targets/routes.h"

#include <fmt/format.h>

#include <cmath>
#include <iterator>
#include <nlohmann/json.hpp>

#include "modules/targets/tree.h"
#include "platform/auth/roles.h"
#include "platform/clock.h"
#include "platform/errors.h"
#include "platform/http/json_input.h"
#include "platform/http/openapi_schema.h"
#include "platform/sheets/sheets.h"

namespace fleetkam::targets {
namespace {

using http::Method;
using PlanMethod = fleetkam::targets::PlanMethod;
using Access = http::Access;
using json = nlohmann::json;

const std::vector<std::string> kLevels = {"hq", "region", "province", "dealer", "user"};
const std::vector<std::string> kWeights = {"last_month_sales", "market_capacity", "registrations"};
constexpr int64_t kMaxUnits = 10000000;

void add_schemas(http::Server& server) {
  using namespace http::schema;
  using http::schema::text;  // not namespace fleetkam::text, which a unity build may also hold
  json percentages = object({{"direct", integer(0, 100)}, {"tender", integer(0, 100)}, {"one_time", integer(0, 100)}});
  json weights = object({{"last_month_sales", integer(0, 100)},
                         {"market_capacity", integer(0, 100)},
                         {"registrations", integer(0, 100)}});
  json units_map = {{"type", "object"}, {"additionalProperties", integer(0, kMaxUnits)}};
  json method = object({{"month_basis", choice({"history", "even"})},
                        {"businesses", percentages},
                        {"weights", weights},
                        {"market_capacity", units_map},
                        {"month_overrides", units_map}});
  json month_row = object({{"month", text},
                           {"units", id},
                           {"exact", number},
                           {"history_units", id},
                           {"from_history", flag},
                           {"override", nullable(id)}});
  json split = object({{"province_id", id},
                       {"province_name", text},
                       {"saved_at", nullable(time)},
                       {"submitted_at", nullable(time)},
                       {"submitted_by_name", nullable(text)},
                       {"late", flag}});
  server.add_schema("TargetPlan", object({{"id", id},
                                          {"name", text},
                                          {"from", text},
                                          {"to", text},
                                          {"months", array(text)},
                                          {"total_units", id},
                                          {"per_person_month_units", id},
                                          {"split_due", nullable(day)},
                                          {"status", choice({"draft", "issued"})},
                                          {"version", id},
                                          {"revision", id},
                                          {"revision_of", nullable(id)},
                                          {"superseded_by", nullable(id)},
                                          {"issued_at", nullable(time)},
                                          {"created_at", time},
                                          {"updated_at", time},
                                          {"method", method},
                                          {"month_rows", array(month_row)},
                                          {"splits", array(split)}}));
  server.add_schema("TargetPlanList", list_of("TargetPlan"));
  json plan_in = {{"name", text_up_to(100)},
                  {"from", text},
                  {"to", text},
                  {"total_units", integer(0, kMaxUnits)},
                  {"per_person_month_units", integer(0, 10000)},
                  {"split_due", nullable(day)}};
  server.add_schema("TargetPlanCreate", input(plan_in, {"name", "from", "to", "total_units"}));
  json plan_update = plan_in;
  plan_update["version"] = id;
  server.add_schema("TargetPlanUpdate", input(plan_update, {"version", "name", "from", "to", "total_units"}));
  json method_in = {{"month_basis", choice({"history", "even"})},
                    {"businesses", percentages},
                    {"weights", weights},
                    {"market_capacity", units_map},
                    {"month_overrides", units_map}};
  server.add_schema("TargetMethodPreview", input(method_in, {"month_basis", "businesses", "weights"}));
  json method_update = method_in;
  method_update["version"] = id;
  server.add_schema("TargetMethodUpdate", input(method_update, {"version", "month_basis", "businesses", "weights"}));
  server.add_schema("TargetVersion", input({{"version", id}}, {"version"}));
  json cell = object({{"level", choice(kLevels)},
                      {"unit_id", id},
                      {"user_id", nullable(id)},
                      {"month", text},
                      {"business", choice(businesses())},
                      {"units", id},
                      {"exact", number}});
  server.add_schema("TargetCell", cell);
  server.add_schema("TargetCells", list_of("TargetCell"));
  server.add_schema("TargetPreview", object({{"month_rows", array(month_row)}, {"cells", array(ref("TargetCell"))}}));
  json diff_item = object({{"level", choice(kLevels)},
                           {"unit_id", id},
                           {"month", text},
                           {"business", choice(businesses())},
                           {"before", id},
                           {"after", id}});
  server.add_schema("TargetDiff", object({{"base_id", id}, {"items", array(diff_item)}}));
  json split_item = object({{"unit_id", nullable(id)},
                            {"user_id", nullable(id)},
                            {"month", text},
                            {"business", choice(businesses())},
                            {"units", id}});
  json named = object({{"id", id}, {"name", text}});
  server.add_schema("TargetSplit",
                    object({{"province", named},
                            {"status", choice({"open", "saved", "submitted"})},
                            {"saved_at", nullable(time)},
                            {"submitted_at", nullable(time)},
                            {"late", flag},
                            {"split_due", nullable(day)},
                            {"dealers", array(named)},
                            {"people", array(object({{"id", id}, {"name", text}, {"unit_id", id}, {"role", text}}))},
                            {"province_cells", array(ref("TargetCell"))},
                            {"suggested", array(split_item)},
                            {"saved", array(split_item)},
                            {"headcount", id},
                            {"standard", array(object({{"month", text}, {"units", id}}))}}));
  json split_in = {{"unit_id", id},
                   {"user_id", id},
                   {"month", text},
                   {"business", choice(businesses())},
                   {"units", integer(0, kMaxUnits)}};
  server.add_schema("TargetSplitUpdate",
                    input({{"items", array(input(split_in, {"month", "business", "units"}))}}, {"items"}));
  json capacity_row = object({{"row", id}, {"province_id", id}, {"name", text}, {"units", id}});
  server.add_schema("TargetCapacityImport", object({{"market_capacity", units_map},
                                                    {"rows", array(capacity_row)},
                                                    {"errors", array(object({{"row", id}, {"message", text}}))}}));
}

json time_or_null(const std::optional<int64_t>& ms) { return ms ? json(clock::format_rfc3339(*ms)) : json(); }

json method_json(const PlanMethod& m) {
  json capacity = json::object(), overrides = json::object();
  for (const auto& [unit, units] : m.market_capacity) capacity[std::to_string(unit)] = units;
  for (const auto& [month, units] : m.month_overrides) overrides[month_text(month)] = units;
  return {{"month_basis", m.month_basis},
          {"businesses", {{"direct", m.businesses[0]}, {"tender", m.businesses[1]}, {"one_time", m.businesses[2]}}},
          {"weights",
           {{"last_month_sales", m.weights[0]}, {"market_capacity", m.weights[1]}, {"registrations", m.weights[2]}}},
          {"market_capacity", capacity},
          {"month_overrides", overrides}};
}

json month_rows_json(const std::vector<MonthRow>& rows) {
  json out = json::array();
  for (const auto& r : rows) {
    out.push_back({{"month", month_text(r.month)},
                   {"units", r.units},
                   {"exact", r.exact},
                   {"history_units", r.history_units},
                   {"from_history", r.from_history},
                   {"override", r.override_units ? json(*r.override_units) : json()}});
  }
  return out;
}

json plan_json(const Plan& p) {
  json months = json::array(), splits = json::array();
  for (auto m : month_range(p.from_month, p.to_month)) months.push_back(month_text(m));
  for (const auto& s : p.splits) {
    splits.push_back({{"province_id", s.province_id},
                      {"province_name", s.province_name},
                      {"saved_at", time_or_null(s.saved_at)},
                      {"submitted_at", time_or_null(s.submitted_at)},
                      {"submitted_by_name", s.submitted_by_name ? json(*s.submitted_by_name) : json()},
                      {"late", s.late}});
  }
  return {{"id", p.id},
          {"name", p.name},
          {"from", month_text(p.from_month)},
          {"to", month_text(p.to_month)},
          {"months", months},
          {"total_units", p.total_units},
          {"per_person_month_units", p.per_person_month_units},
          {"split_due", p.split_due ? json(*p.split_due) : json()},
          {"status", p.status},
          {"version", p.version},
          {"revision", p.revision},
          {"revision_of", p.revision_of ? json(*p.revision_of) : json()},
          {"superseded_by", p.superseded_by ? json(*p.superseded_by) : json()},
          {"issued_at", time_or_null(p.issued_at)},
          {"created_at", clock::format_rfc3339(p.created_at)},
          {"updated_at", clock::format_rfc3339(p.updated_at)},
          {"method", method_json(p.method)},
          {"month_rows", month_rows_json(p.months)},
          {"splits", splits}};
}

json cell_json(const Cell& c) {
  return {{"level", c.level},
          {"unit_id", c.unit_id},
          {"user_id", c.level == "user" ? json(c.user_id) : json()},
          {"month", month_text(c.month)},
          {"business", c.business},
          {"units", c.units},
          {"exact", c.exact}};
}

json cells_json(const std::vector<Cell>& cells) {
  json out = json::array();
  for (const auto& c : cells) out.push_back(cell_json(c));
  return out;
}

json split_items_json(const std::vector<SplitItem>& items) {
  json out = json::array();
  for (const auto& i : items) {
    out.push_back({{"unit_id", i.unit_id ? json(*i.unit_id) : json()},
                   {"user_id", i.user_id ? json(*i.user_id) : json()},
                   {"month", month_text(i.month)},
                   {"business", i.business},
                   {"units", i.units}});
  }
  return out;
}

json sheet_json(const SplitSheet& s) {
  json dealers = json::array(), people = json::array(), standard = json::array();
  for (const auto& d : s.dealers) dealers.push_back({{"id", d.id}, {"name", d.name}});
  for (const auto& p : s.people)
    people.push_back({{"id", p.id}, {"name", p.name}, {"unit_id", p.unit_id}, {"role", p.role}});
  for (const auto& [month, units] : s.standard) standard.push_back({{"month", month_text(month)}, {"units", units}});
  return {{"province", {{"id", s.province.id}, {"name", s.province.name}}},
          {"status", s.status},
          {"saved_at", time_or_null(s.saved_at)},
          {"submitted_at", time_or_null(s.submitted_at)},
          {"late", s.late},
          {"split_due", s.split_due ? json(*s.split_due) : json()},
          {"dealers", dealers},
          {"people", people},
          {"province_cells", cells_json(s.province_cells)},
          {"suggested", split_items_json(s.suggested)},
          {"saved", split_items_json(s.saved)},
          {"headcount", s.headcount},
          {"standard", standard}};
}

// ---- input ----

int64_t month_field(http::JsonInput& in, const json& root, const std::string& field) {
  if (!root.contains(field)) return 0;  // JsonInput reports it missing
  auto text = root[field].is_string() ? root[field].get<std::string>() : std::string();
  auto month = parse_month_text(text);
  if (!month) in.add_error(field, "must be a month YYYY-MM", "invalid_value");
  return month.value_or(0);
}

bool valid_day(const std::string& day) {
  if (day.size() != 10 || day[4] != '-' || day[7] != '-') return false;
  auto month = parse_month_text(day.substr(0, 7));
  if (!month) return false;
  for (size_t i : {8, 9}) {
    if (day[i] < '0' || day[i] > '9') return false;
  }
  int d = std::stoi(day.substr(8, 2));
  static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int m = static_cast<int>(*month % 100);
  int y = static_cast<int>(*month / 100);
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d >= 1 && d <= (m == 2 && !leap ? 28 : days[m - 1]);
}

PlanFields read_plan(const std::string& body, std::optional<int64_t>* version) {
  std::set<std::string> allowed = {"name", "from", "to", "total_units", "per_person_month_units", "split_due"};
  if (version) allowed.insert("version");
  http::JsonInput in(body, allowed);
  auto root = http::parse_json_object(body);
  PlanFields p;
  if (version) *version = in.required_integer("version", 1);
  p.name = in.required_string("name", 100);
  in.required_string("from", 7, 7);
  in.required_string("to", 7, 7);
  p.from_month = month_field(in, root, "from");
  p.to_month = month_field(in, root, "to");
  p.total_units = in.required_integer("total_units", 0, kMaxUnits);
  p.per_person_month_units = in.optional_integer("per_person_month_units", 0, 10000).value_or(13);
  if (root.contains("split_due") && !root["split_due"].is_null()) {
    auto due = in.optional_string("split_due", 10);
    if (due && !valid_day(*due)) in.add_error("split_due", "must be a day YYYY-MM-DD", "invalid_value");
    p.split_due = due;
  }
  in.finish();
  return p;
}

// A {name: whole percentage} object with exactly `names`.
std::array<int64_t, 3> read_percentages(http::JsonInput& in, const json& root, const std::string& field,
                                        const std::vector<std::string>& names) {
  std::array<int64_t, 3> out{0, 0, 0};
  if (!root.contains(field)) {
    in.add_error(field, "is required", "required");
    return out;
  }
  const auto& value = root[field];
  if (!value.is_object()) {
    in.add_error(field, "must be an object of percentages", "wrong_type");
    return out;
  }
  for (const auto& [key, v] : value.items()) {
    if (std::find(names.begin(), names.end(), key) == names.end())
      in.add_error(field + "." + key, "is not one of " + names[0] + ", " + names[1] + ", " + names[2], "unknown_field");
  }
  for (size_t i = 0; i < names.size(); ++i) {
    std::string f = field + "." + names[i];
    if (!value.contains(names[i])) {
      in.add_error(f, "is required", "required");
    } else if (!value[names[i]].is_number_integer()) {
      in.add_error(f, "must be a whole percentage", value[names[i]].is_number() ? "invalid_value" : "wrong_type");
    } else {
      out[i] = value[names[i]].get<int64_t>();
    }
  }
  return out;
}

// A {key: whole units} object; `key_of` turns a key into the map's key or reports it.
template <typename KeyOf>
std::map<int64_t, int64_t> read_units_map(http::JsonInput& in, const json& root, const std::string& field,
                                          KeyOf key_of) {
  std::map<int64_t, int64_t> out;
  if (!root.contains(field) || root[field].is_null()) return out;
  const auto& value = root[field];
  if (!value.is_object()) {
    in.add_error(field, "must be an object of whole units", "wrong_type");
    return out;
  }
  for (const auto& [key, v] : value.items()) {
    std::string f = field + "." + key;
    auto k = key_of(key);
    if (!k) {
      in.add_error(f, field == "month_overrides" ? "is not a month YYYY-MM" : "is not a unit id", "invalid_value");
    } else if (!v.is_number_integer()) {
      in.add_error(f, "must be whole units", v.is_number() ? "invalid_value" : "wrong_type");
    } else if (v.template get<int64_t>() < 0 || v.template get<int64_t>() > kMaxUnits) {
      in.add_error(f, "must be between 0 and " + std::to_string(kMaxUnits), "invalid_value");
    } else {
      out[*k] = v.template get<int64_t>();
    }
  }
  return out;
}

PlanMethod read_method(const std::string& body, std::optional<int64_t>* version) {
  std::set<std::string> allowed = {"month_basis", "businesses", "weights", "market_capacity", "month_overrides"};
  if (version) allowed.insert("version");
  http::JsonInput in(body, allowed);
  auto root = http::parse_json_object(body);
  PlanMethod m;
  if (version) *version = in.required_integer("version", 1);
  m.month_basis = in.required_enum("month_basis", {"history", "even"});
  m.businesses = read_percentages(in, root, "businesses", businesses());
  m.weights = read_percentages(in, root, "weights", kWeights);
  m.market_capacity = read_units_map(in, root, "market_capacity", [](const std::string& key) -> std::optional<int64_t> {
    if (key.empty() || key.size() > 18 || key.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    return std::stoll(key);
  });
  m.month_overrides = read_units_map(in, root, "month_overrides", parse_month_text);
  in.finish();
  return m;
}

std::vector<SplitItem> read_split(const std::string& body) {
  http::JsonInput in(body, {"items"});
  auto root = http::parse_json_object(body);
  std::vector<SplitItem> out;
  if (!root.contains("items") || !root["items"].is_array()) {
    in.add_error("items", "must be an array of {unit_id | user_id, month, business, units}",
                 root.contains("items") ? "wrong_type" : "required");
  } else if (root["items"].size() > 200000) {
    in.add_error("items", "too many cells", "invalid_value");
  } else {
    size_t i = 0;
    for (const auto& item : root["items"]) {
      std::string prefix = "items[" + std::to_string(i++) + "].";
      try {
        if (!item.is_object()) throw Invalid("", "must be an object", "wrong_type");
        http::JsonInput sub(item.dump(), {"unit_id", "user_id", "month", "business", "units"});
        SplitItem s;
        s.unit_id = sub.optional_integer("unit_id", 1);
        s.user_id = sub.optional_integer("user_id", 1);
        auto month = sub.required_string("month", 7, 7);
        s.business = sub.required_enum("business", businesses());
        s.units = sub.required_integer("units", 0, kMaxUnits);
        auto parsed = parse_month_text(month);
        if (!parsed) sub.add_error("month", "must be a month YYYY-MM", "invalid_value");
        if (s.unit_id.has_value() == s.user_id.has_value())
          sub.add_error("unit_id", "give either unit_id (a dealer) or user_id (a person)", "invalid_value");
        sub.finish();
        s.month = parsed.value_or(0);
        out.push_back(s);
      } catch (const AppError& e) {
        for (const auto& error : e.errors()) in.add_error(prefix + error.field, error.message, error.code);
      }
    }
  }
  in.finish();
  return out;
}

}  // namespace

void register_routes(http::Server& server, TargetService& service) {
  add_schemas(server);
  const std::string tag = "targets";
  const std::string base = "/api/v1/target-plans";

  http::RouteDoc create_doc{"Create a target plan (HQ's KA director): a draft, decomposed with the default method",
                            tag,
                            {},
                            "TargetPlanCreate",
                            "TargetPlan"};
  create_doc.success_status = 201;
  server.route(Method::post, base, Access::signed_in, create_doc, [&service](http::Request& request) {
    request.json(201, plan_json(service.create(request.principal(), read_plan(request.body(), nullptr))));
  });

  server.route(Method::get, base, Access::signed_in,
               {"Target plans in the caller's view (drafts: HQ only), newest period first",
                tag,
                {{"status", "string", "draft or issued"},
                 {"split_pending", "boolean", "issued plans a province in the caller's scope has not submitted"}},
                "",
                "TargetPlanList"},
               [&service](http::Request& request) {
                 PlanFilter filter;
                 filter.status = request.query_filter("status");
                 if (filter.status && *filter.status != "draft" && *filter.status != "issued")
                   throw Invalid("status", "must be draft or issued");
                 filter.split_pending = request.query_bool("split_pending").value_or(false);
                 json items = json::array();
                 for (const auto& p : service.list(request.principal(), filter)) items.push_back(plan_json(p));
                 request.json(200, {{"items", items}});
               });

  server.route(Method::get, base + "/{id}", Access::signed_in,
               {"A target plan with its method, months and (issued) the provinces' splits", tag, {}, "", "TargetPlan"},
               [&service](http::Request& request) {
                 request.json(200, plan_json(service.get(request.principal(), request.path_id())));
               });

  server.route(Method::put, base + "/{id}", Access::signed_in,
               {"Change a draft plan's name, period, total, per-person standard or split due date",
                tag,
                {},
                "TargetPlanUpdate",
                "TargetPlan"},
               [&service](http::Request& request) {
                 std::optional<int64_t> version;
                 auto input = read_plan(request.body(), &version);
                 request.json(200, plan_json(service.update(request.principal(), request.path_id(), *version, input)));
               });

  server.route(Method::put, base + "/{id}/method", Access::signed_in,
               {"Set a draft plan's method (month basis, business %, indicator weights, capacity, month overrides)",
                tag,
                {},
                "TargetMethodUpdate",
                "TargetPlan"},
               [&service](http::Request& request) {
                 std::optional<int64_t> version;
                 auto method = read_method(request.body(), &version);
                 request.json(200,
                              plan_json(service.set_method(request.principal(), request.path_id(), *version, method)));
               });

  server.route(
      Method::post, base + "/{id}/preview", Access::signed_in,
      {"What-if: the whole HQ/region/province table under a method, nothing saved",
       tag,
       {},
       "TargetMethodPreview",
       "TargetPreview"},
      [&service](http::Request& request) {
        auto preview = service.preview(request.principal(), request.path_id(), read_method(request.body(), nullptr));
        request.json(200, {{"month_rows", month_rows_json(preview.months)}, {"cells", cells_json(preview.cells)}});
      });

  http::RouteDoc import_doc{
      "Read HQ's market capacity per province from an .xlsx or .csv body (province name or "
      "division code, units; a header row first): nothing is saved",
      tag,
      {},
      "",
      "TargetCapacityImport"};
  import_doc.large_body = true;
  server.route(
      Method::post, base + "/{id}/capacity-import", Access::signed_in, import_doc, [&service](http::Request& request) {
        auth::require(request.principal().role, "targets.plan");
        sheets::Limits limits;
        limits.max_rows = 1000;
        limits.max_columns = 16;
        sheets::Table table;
        try {
          table = sheets::read_table(request.body(), limits);
        } catch (const sheets::LimitExceeded& e) {
          throw Invalid("file", e.what(), "too_long");
        } catch (const std::invalid_argument& e) {
          throw Invalid("file", e.what());
        }
        auto result = service.read_capacity(request.principal(), request.path_id(), table.rows, table.numbers);
        json capacity = json::object(), rows = json::array(), errors = json::array();
        for (const auto& r : result.rows) {
          capacity[std::to_string(r.province_id)] = r.units;
          rows.push_back({{"row", r.row}, {"province_id", r.province_id}, {"name", r.name}, {"units", r.units}});
        }
        for (const auto& [row, message] : result.errors) errors.push_back({{"row", row}, {"message", message}});
        request.json(200, {{"market_capacity", capacity}, {"rows", rows}, {"errors", errors}});
      });

  server.route(
      Method::get, base + "/{id}/cells", Access::signed_in,
      {"A plan's whole-unit cells at a level, in the caller's scope",
       tag,
       {{"level", "string", "hq, region, province, dealer or user"},
        {"unit_id", "integer", "only this unit's cells and those under it"}},
       "",
       "TargetCells"},
      [&service](http::Request& request) {
        auto level = request.query_filter("level").value_or("province");
        if (std::find(kLevels.begin(), kLevels.end(), level) == kLevels.end())
          throw Invalid("level", "must be one of hq, region, province, dealer, user");
        auto unit = request.query_integer("unit_id", 1, INT64_MAX);
        request.json(200, {{"items", cells_json(service.cells(request.principal(), request.path_id(), level, unit))}});
      });

  server.route(Method::post, base + "/{id}/issue", Access::signed_in,
               {"Issue a draft plan (read-only from now on)", tag, {}, "TargetVersion", "TargetPlan"},
               [&service](http::Request& request) {
                 http::JsonInput in(request.body(), {"version"});
                 auto version = in.required_integer("version", 1);
                 in.finish();
                 request.json(200, plan_json(service.issue(request.principal(), request.path_id(), version)));
               });

  http::RouteDoc revise_doc{"Revise an issued plan: a new draft revision with its method", tag, {}, "", "TargetPlan"};
  revise_doc.success_status = 201;
  server.route(Method::post, base + "/{id}/revisions", Access::signed_in, revise_doc,
               [&service](http::Request& request) {
                 request.json(201, plan_json(service.revise(request.principal(), request.path_id())));
               });

  server.route(
      Method::get, base + "/{id}/diff", Access::signed_in,
      {"A revision's HQ/region/province cells that differ from the plan it revises", tag, {}, "", "TargetDiff"},
      [&service](http::Request& request) {
        auto [base_id, items] = service.diff(request.principal(), request.path_id());
        json out = json::array();
        for (const auto& d : items) {
          out.push_back({{"level", d.level},
                         {"unit_id", d.unit_id},
                         {"month", month_text(d.month)},
                         {"business", d.business},
                         {"before", d.before},
                         {"after", d.after}});
        }
        request.json(200, {{"base_id", base_id}, {"items", out}});
      });

  server.route(
      Method::get, base + "/{id}/provinces/{unit_id}/split", Access::signed_in,
      {"A province's split of an issued plan: its cells, the suggestion, what was saved", tag, {}, "", "TargetSplit"},
      [&service](http::Request& request) {
        request.json(200, sheet_json(service.split_sheet(request.principal(), request.path_id(1), request.path_id(2))));
      });

  server.route(Method::put, base + "/{id}/provinces/{unit_id}/split", Access::signed_in,
               {"Save the province's split to dealers and people (its area manager): every month and business adds up",
                tag,
                {},
                "TargetSplitUpdate",
                "TargetSplit"},
               [&service](http::Request& request) {
                 auto items = read_split(request.body());
                 request.json(200, sheet_json(service.save_split(request.principal(), request.path_id(1),
                                                                 request.path_id(2), items)));
               });

  server.route(Method::post, base + "/{id}/provinces/{unit_id}/submit", Access::signed_in,
               {"Submit the saved split (the time is recorded; late after the due date)", tag, {}, "", "TargetSplit"},
               [&service](http::Request& request) {
                 request.json(200, sheet_json(service.submit_split(request.principal(), request.path_id(1),
                                                                   request.path_id(2))));
               });

  register_attainment_routes(server, service);
}

}  // namespace fleetkam::targets
