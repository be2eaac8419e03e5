// Routes of deliveries (实销) and their figures: POST|GET /api/v1/opportunities/{id}/deliveries,
// POST /api/v1/deliveries/{id}/void, GET /api/v1/deliveries/summary, GET /api/v1/accounts/pyramid.
#include <nlohmann/json.hpp>

#include <map>
#include "modules/opportunities/routes_internal.h"
#include "modules/opportunities/rules.h"
#include "platform/clock.h"
#include "platform/errors.h"
#include "platform/http/json_input.h"
#include "platform/http/json_values.h"
#include "platform/http/openapi_schema.h"

namespace fleetkam::opportunities {
namespace {

using http::Method;
using Access = http::Access;
using json = nlohmann::json;

void add_deliveries_schemas(http::Server& server) {
  using namespace http::schema;
  using http::schema::text;  // not namespace fleetkam::text, which a unity build may also hold
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

void register_delivery_routes(http::Server& server, OpportunityService& service) {
  add_deliveries_schemas(server);
  const std::string tag = "opportunities";

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
