#include "modules/home/routes.h"

#include <nlohmann/json.hpp>

#include "modules/opportunities/rules.h"
#include "platform/http/openapi_schema.h"

namespace fleetkam::home {
// ---- routes --------------------------------------------------------------------------------
//   GET /api/v1/home      the caller's to-dos, pipeline, deliveries and the units one level below
namespace {

using json = nlohmann::json;
namespace figures = opportunities::home_figures;

json stage_json(const figures::StageFigure& f) {
  json out = {{"count", f.count},
              {"units", f.units},
              {"amount_fen", f.amount_fen},
              {"weighted_units", static_cast<double>(f.weighted_units_x100) / 100.0},
              {"weighted_amount_fen", f.weighted_amount_fen_x100 / 100}};
  if (!f.stage.empty()) out["stage"] = f.stage;
  return out;
}

json month_json(const MonthUnits& m) { return {{"month", opportunities::format_month(m.month)}, {"units", m.units}}; }

json deliveries_json(const Deliveries& d) {
  return {{"this_month", month_json(d.this_month)},
          {"last_month", month_json(d.last_month)},
          {"same_month_last_year", month_json(d.same_month_last_year)}};
}

json link_query(const std::map<std::string, std::string>& query) {
  json out = json::object();
  for (const auto& [k, v] : query) out[k] = v;
  return out;
}

json home_json(const Home& h) {
  json todos = json::array();
  for (const auto& t : h.todos) {
    todos.push_back({{"code", t.code},
                     {"count", t.count},
                     {"link", {{"path", t.path}, {"query", link_query(t.query)}}},
                     {"list", {{"path", t.api_path}, {"query", link_query(t.api_query)}}}});
  }
  json sales = json::array(), procurement = json::array();
  for (const auto& f : h.pipeline.sales) sales.push_back(stage_json(f));
  for (const auto& f : h.pipeline.procurement) procurement.push_back(stage_json(f));
  json units = json::array();
  int rank = 0;
  for (const auto& u : h.units) {
    units.push_back({{"rank", ++rank},
                     {"unit_id", u.unit_id},
                     {"unit_name", u.unit_name},
                     {"kind", u.kind},
                     {"pipeline", stage_json(u.pipeline)},
                     {"deliveries", deliveries_json(u.deliveries)}});
  }
  return {{"today", h.today},
          {"unit", {{"id", h.unit_id}, {"name", h.unit_name}, {"kind", h.unit_kind}}},
          {"todos", todos},
          {"pipeline", {{"sales", sales}, {"procurement", procurement}, {"total", stage_json(h.pipeline.total)}}},
          {"deliveries", deliveries_json(h.deliveries)},
          {"units_kind", h.units_kind ? json(*h.units_kind) : json()},
          {"units", units}};
}

void add_schemas(http::Server& server) {
  using namespace http::schema;
  using http::schema::text;  // not namespace fleetkam::text, which a unity build may also hold
  const json& int64 = id;    // counts and amounts, spelt as ids are
  const json strings = {{"type", "object"}, {"additionalProperties", text}};
  json link = object({{"path", text}, {"query", strings}});
  server.add_schema("HomeTodo", object({{"code",
                                         // every to-do the home service offers (issues 11–15)
                                         choice({"registrations_to_review",
                                                 "quotes_to_approve",
                                                 "registrations_protection_ending",
                                                 "target_plan_draft",
                                                 "target_split_missing",
                                                 "target_split_due",
                                                 "reports_to_submit",
                                                 "reports_overdue",
                                                 "assessment_awaiting_me",
                                                 "assessment_to_score",
                                                 "rectifications_to_answer",
                                                 "rectifications_to_verify",
                                                 "rectifications_overdue",
                                                 "followups_due",
                                                 "low_scores_to_review",
                                                 "complaints_mine",
                                                 "complaints_overdue",
                                                 "events_to_close",
                                                 "agreement_applications_due",
                                                 "agreements_expiring",
                                                 "support_to_approve",
                                                 "support_to_issue",
                                                 "support_to_receive",
                                                 "policy_notes_to_mark",
                                                 "hq_visits_due",
                                                 "next_steps_due",
                                                 "accounts_unvisited",
                                                 "tenders_due",
                                                 "opportunities_overdue",
                                                 "opportunities_stale",
                                                 "opportunities_undelivered"})},
                                        {"count", int64},
                                        {"link", link},
                                        {"list", link}}));
  json figures_props = {{"count", int64},
                        {"units", int64},
                        {"amount_fen", int64},
                        {"weighted_units", number},
                        {"weighted_amount_fen", int64}};
  server.add_schema("HomeFigures", object(figures_props));
  json stage_props = figures_props;
  stage_props["stage"] = text;
  server.add_schema("HomeStageFigures", object(stage_props));
  server.add_schema("HomeMonthUnits", object({{"month", text}, {"units", int64}}));
  server.add_schema("HomeDeliveries", object({{"this_month", ref("HomeMonthUnits")},
                                              {"last_month", ref("HomeMonthUnits")},
                                              {"same_month_last_year", ref("HomeMonthUnits")}}));
  server.add_schema("HomeUnit", object({{"rank", int64},
                                        {"unit_id", int64},
                                        {"unit_name", text},
                                        {"kind", text},
                                        {"pipeline", ref("HomeFigures")},
                                        {"deliveries", ref("HomeDeliveries")}}));
  server.add_schema("Home", object({{"today", day},
                                    {"unit", object({{"id", int64}, {"name", text}, {"kind", text}})},
                                    {"todos", array(ref("HomeTodo"))},
                                    {"pipeline", object({{"sales", array(ref("HomeStageFigures"))},
                                                         {"procurement", array(ref("HomeStageFigures"))},
                                                         {"total", ref("HomeFigures")}})},
                                    {"deliveries", ref("HomeDeliveries")},
                                    {"units_kind", nullable(choice({"region", "province", "dealer"}))},
                                    {"units", array(ref("HomeUnit"))}}));
}

}  // namespace

void register_routes(http::Server& server, HomeService& service) {
  add_schemas(server);
  server.route(http::Method::get, "/api/v1/home", http::Access::signed_in,
               {"The caller's home page: to-dos with the list each links to, the pipeline of the scope by stage on "
                "both tracks, deliveries this month against last month and a year ago, and the units one level "
                "below ranked",
                "home",
                {},
                "",
                "Home"},
               [&service](http::Request& request) { request.json(200, home_json(service.home(request.principal()))); });
}

}  // namespace fleetkam::home
