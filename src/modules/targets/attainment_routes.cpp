// Routes of attainment (达成) and the forecast (预测): GET /api/v1/attainment (by month, quarter or
// the period to date, per business), GET /api/v1/attainment/export (.xlsx, the familiar layout: rows
// = units, per month 计划 / 实销 / 达成率), GET /api/v1/forecast.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <nlohmann/json.hpp>

#include "modules/targets/routes.h"
#include "modules/targets/tree.h"
#include "platform/clock.h"
#include "platform/errors.h"
#include "platform/http/openapi_schema.h"
#include "platform/sheets/sheets.h"

namespace fleetkam::targets {
namespace {

using http::Method;
using Access = http::Access;
using json = nlohmann::json;

const std::vector<std::string> kAttainmentLevels = {"hq", "region", "province", "dealer", "user"};

void add_attainment_schemas(http::Server& server) {
  using namespace http::schema;
  using http::schema::text;  // not namespace fleetkam::text, which a unity build may also hold
  json att_item = object({{"unit_id", id},
                          {"user_id", nullable(id)},
                          {"name", text},
                          {"period", text},
                          {"plan", id},
                          {"actual", id},
                          {"rate", nullable(number)}});
  json att_unit = object({{"unit_id", id},
                          {"user_id", nullable(id)},
                          {"name", text},
                          {"plan", id},
                          {"plan_to_date", id},
                          {"actual", id},
                          {"rate", nullable(number)},
                          {"gap", id},
                          {"rank", id}});
  server.add_schema("Attainment", object({{"plan_id", id},
                                          {"as_of", day},
                                          {"periods", array(text)},
                                          {"items", array(att_item)},
                                          {"units", array(att_unit)}}));
  json forecast = object({{"unit_id", id},
                          {"user_id", nullable(id)},
                          {"name", text},
                          {"plan", id},
                          {"delivered", id},
                          {"won_undelivered", id},
                          {"weighted_pipeline", number},
                          {"open_opportunities", id},
                          {"tenders_due", id},
                          {"tender_units", id},
                          {"landing", number},
                          {"gap", number}});
  server.add_schema("Forecast", object({{"plan_id", id}, {"items", array(forecast)}}));
}

// Attainment written straight to text: a national answer holds tens of thousands of rows.
std::string attainment_text(const Attainment& a) {
  auto quoted = [](const std::string& text) { return json(text).dump(-1, ' ', false, json::error_handler_t::replace); };
  auto rate_text = [](int64_t actual, int64_t plan) {
    if (plan <= 0) return std::string("null");
    return fmt::format("{}", std::round(static_cast<double>(actual) * 10000.0 / static_cast<double>(plan)) / 10000.0);
  };
  auto user_text = [](const std::optional<int64_t>& user) {
    return user ? std::to_string(*user) : std::string("null");
  };
  std::string out = fmt::format("{{\"plan_id\":{},\"as_of\":{},\"periods\":[", a.plan_id, quoted(a.as_of));
  for (size_t i = 0; i < a.periods.size(); ++i) out += (i ? "," : "") + quoted(a.periods[i]);
  out += "],\"items\":[";
  out.reserve(out.size() + a.items.size() * 110 + a.units.size() * 150);
  std::string name;
  for (size_t i = 0; i < a.items.size(); ++i) {
    const auto& item = a.items[i];
    if (i == 0 || item.name != a.items[i - 1].name) name = quoted(item.name);
    fmt::format_to(std::back_inserter(out),
                   "{}{{\"unit_id\":{},\"user_id\":{},\"name\":{},\"period\":\"{}\",\"plan\":{},\"actual\":{},"
                   "\"rate\":{}}}",
                   i ? "," : "", item.unit_id, user_text(item.user_id), name, item.period, item.plan, item.actual,
                   rate_text(item.actual, item.plan));
  }
  out += "],\"units\":[";
  for (size_t i = 0; i < a.units.size(); ++i) {
    const auto& u = a.units[i];
    fmt::format_to(std::back_inserter(out),
                   "{}{{\"unit_id\":{},\"user_id\":{},\"name\":{},\"plan\":{},\"plan_to_date\":{},\"actual\":{},"
                   "\"rate\":{},\"gap\":{},\"rank\":{}}}",
                   i ? "," : "", u.unit_id, user_text(u.user_id), quoted(u.name), u.plan, u.plan_to_date, u.actual,
                   rate_text(u.actual, u.plan_to_date), u.plan_to_date - u.actual, u.rank);
  }
  out += "]}";
  return out;
}

AttainmentQuery read_query(http::Request& request, const std::vector<std::string>& levels) {
  AttainmentQuery q;
  std::vector<FieldError> errors;
  auto plan = request.query_integer("plan_id", 1, INT64_MAX);
  if (!plan) errors.push_back({"plan_id", "is required", "required"});
  q.plan_id = plan.value_or(0);
  q.level = request.query_filter("level").value_or("province");
  if (std::find(levels.begin(), levels.end(), q.level) == levels.end())
    errors.push_back({"level", "must be one of hq, region, province, dealer, user", "invalid_value"});
  q.by = request.query_filter("by").value_or("month");
  if (q.by != "month" && q.by != "quarter" && q.by != "period")
    errors.push_back({"by", "must be month, quarter or period", "invalid_value"});
  q.business = request.query_filter("business");
  if (q.business && std::find(businesses().begin(), businesses().end(), *q.business) == businesses().end())
    errors.push_back({"business", "must be direct, tender or one_time", "invalid_value"});
  q.unit_id = request.query_integer("unit_id", 1, INT64_MAX);
  if (!errors.empty()) throw Invalid(errors);
  return q;
}

std::string percent_text(int64_t actual, int64_t plan) {
  if (plan <= 0) return "";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f%%", static_cast<double>(actual) * 100.0 / static_cast<double>(plan));
  return buffer;
}

}  // namespace

void register_attainment_routes(http::Server& server, TargetService& service) {
  add_attainment_schemas(server);
  const std::string tag = "targets";
  std::vector<http::QueryDoc> att_query = {
      {"plan_id", "integer", "the plan"},
      {"level", "string", "hq, region, province, dealer or user"},
      {"by", "string", "month, quarter, or period (the period to date only: no per-month items)"},
      {"business", "string", "direct, tender or one_time (all when absent)"},
      {"unit_id", "integer", "only this unit's subtree"}};
  server.route(Method::get, "/api/v1/attainment", Access::signed_in,
               {"Plan vs actual sales (delivered units) vs rate, by month or quarter, and the period to date ranked",
                tag, att_query, "", "Attainment"},
               [&service](http::Request& request) {
                 request.json_text(200, attainment_text(service.attainment(request.principal(),
                                                                           read_query(request, kAttainmentLevels))));
               });

  http::RouteDoc export_doc{"Attainment as an .xlsx workbook: rows = units, per month 计划 / 实销 / 达成率", tag,
                            att_query, "", "Binary"};
  export_doc.response_content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  server.route(
      Method::get, "/api/v1/attainment/export", Access::signed_in, export_doc, [&service](http::Request& request) {
        auto q = read_query(request, kAttainmentLevels);
        if (q.by == "period") q.by = "month";  // the workbook always has the months
        auto a = service.attainment(request.principal(), q);
        std::vector<sheets::Row> rows;
        sheets::Row header = {"单位", "排名"};
        for (const auto& p : a.periods) {
          header.push_back(p + " 计划");
          header.push_back(p + " 实销");
          header.push_back(p + " 达成率");
        }
        for (const auto& h : {"累计计划", "累计实销", "累计达成率", "差距", "全期计划"}) header.push_back(h);
        rows.push_back(header);
        size_t per_unit = a.periods.size();
        for (size_t u = 0; u < a.units.size(); ++u) {
          const auto& unit = a.units[u];
          sheets::Row row = {unit.name, std::to_string(unit.rank)};
          for (size_t k = 0; k < per_unit; ++k) {
            const auto& item = a.items[u * per_unit + k];
            row.push_back(std::to_string(item.plan));
            row.push_back(std::to_string(item.actual));
            row.push_back(percent_text(item.actual, item.plan));
          }
          row.push_back(std::to_string(unit.plan_to_date));
          row.push_back(std::to_string(unit.actual));
          row.push_back(percent_text(unit.actual, unit.plan_to_date));
          row.push_back(std::to_string(unit.plan_to_date - unit.actual));
          row.push_back(std::to_string(unit.plan));
          rows.push_back(std::move(row));
        }
        std::string day = clock::format_rfc3339(clock::now_ms()).substr(0, 10);
        day.erase(std::remove(day.begin(), day.end(), '-'), day.end());
        request.set_header("Content-Disposition",
                           "attachment; filename=\"attainment-" + day +
                               ".xlsx\"; filename*=UTF-8''%E7%9B%AE%E6%A0%87%E8%BE%BE%E6%88%90-" + day + ".xlsx");
        request.bytes(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                      sheets::write_xlsx("目标达成", rows));
      });

  server.route(Method::get, "/api/v1/forecast", Access::signed_in,
               {"The period-end landing per unit or person: delivered + won not delivered + weighted open pipeline",
                tag, att_query, "", "Forecast"},
               [&service](http::Request& request) {
                 auto q = read_query(request, kAttainmentLevels);
                 json items = json::array();
                 for (const auto& r : service.forecast(request.principal(), q)) {
                   double landing = std::round(r.landing() * 10.0) / 10.0;
                   items.push_back({{"unit_id", r.unit_id},
                                    {"user_id", r.user_id ? json(*r.user_id) : json()},
                                    {"name", r.name},
                                    {"plan", r.plan},
                                    {"delivered", r.delivered},
                                    {"won_undelivered", r.won_undelivered},
                                    {"weighted_pipeline", std::round(r.weighted_pipeline * 10.0) / 10.0},
                                    {"open_opportunities", r.open_opportunities},
                                    {"tenders_due", r.tenders_due},
                                    {"tender_units", r.tender_units},
                                    {"landing", landing},
                                    {"gap", landing - static_cast<double>(r.plan)}});
                 }
                 request.json(200, {{"plan_id", q.plan_id}, {"items", items}});
               });
}

}  // namespace fleetkam::targets
