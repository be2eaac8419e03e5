#include "modules/assessment/routes.h"

#include <nlohmann/json.hpp>

#include "platform/errors.h"
#include "platform/http/openapi_schema.h"

namespace fleetkam::assessment {
namespace {

using http::Method;
using Access = http::Access;
using json = nlohmann::json;

void add_schemas(http::Server& server) {
  using namespace http::schema;
  using http::schema::text;  // not namespace fleetkam::text, which a unity build may also hold
  std::vector<std::string> sources = {"timeliness", "accuracy", "registrations", "reviewer"};
  json criterion_in = input({{"code", text_up_to(200)},
                             {"name", text_up_to(200)},
                             {"share", integer(0, 100)},
                             {"source", choice(sources)},
                             {"guide", text_up_to(500)}},
                            {"code", "name", "share", "source"});
  json item_in = input({{"code", choice(item_codes())},
                        {"name", text_up_to(200)},
                        {"weight", integer(0, 100)},
                        {"assessed", choice({"dealer_people", "managers"})},
                        {"criteria", array(criterion_in)}},
                       {"code", "name", "weight", "criteria"});
  json settings = {{"items", array(item_in)},
                   {"deduction_per_day", number},
                   {"empty_registrations", choice({"full", "zero", "excluded"})},
                   {"performance_pay_share", integer(0, 100)}};
  json in = settings;
  in["note"] = nullable(text_up_to(500));
  in["version"] = nullable(id);
  server.add_schema("AssessmentTemplateInput",
                    input(in, {"items", "deduction_per_day", "empty_registrations", "performance_pay_share"}));
  json out = settings;
  out["id"] = nullable(id);
  out["effective_month"] = nullable(text);
  out["note"] = nullable(text);
  out["created_by_name"] = nullable(text);
  out["created_at"] = nullable(time);
  out["updated_at"] = nullable(time);
  out["version"] = nullable(id);
  server.add_schema("AssessmentTemplate", object(out));
  server.add_schema("AssessmentTemplateList",
                    object({{"items", array(ref("AssessmentTemplate"))}, {"default", ref("AssessmentTemplate")}}));

  std::vector<std::string> statuses = {"open", "compiled", "reviewed", "approved"};
  server.add_schema("AssessmentMonth", object({{"month", text},
                                               {"status", choice(statuses)},
                                               {"version", id},
                                               {"template_id", nullable(id)},
                                               {"people", id},
                                               {"pending_reviews", id},
                                               {"due_at", time},
                                               {"overdue", flag},
                                               {"next_step", nullable(choice({"compile", "review", "approve"}))},
                                               {"compiled_at", nullable(time)},
                                               {"compiled_by_name", nullable(text)},
                                               {"reviewed_at", nullable(time)},
                                               {"reviewed_by_name", nullable(text)},
                                               {"approved_at", nullable(time)},
                                               {"approved_by_name", nullable(text)},
                                               {"reopened_at", nullable(time)},
                                               {"reopened_by_name", nullable(text)},
                                               {"reopen_reason", nullable(text)}}));
  server.add_schema("AssessmentMonthList", list_of("AssessmentMonth"));
  server.add_schema("AssessmentStepInput", input({{"version", id}, {"reason", text_up_to(500)}}, {"version"}));
  json item_score = object({{"code", choice(item_codes())}, {"weight", integer(0, 100)}, {"score", nullable(number)}});
  json person = {{"user_id", id},
                 {"name", text},
                 {"role", text},
                 {"assessed", choice({"dealer", "manager"})},
                 {"unit_id", id},
                 {"unit_name", text},
                 {"items", array(item_score)},
                 {"total", nullable(number)},
                 {"pending_reviews", id},
                 {"status", choice({"draft", "compiled", "reviewed", "approved"})},
                 {"version", id}};
  json row = person;
  row["rank"] = nullable(id);
  server.add_schema("AssessmentRow", object(row));
  json unit = object({{"unit_id", id},
                      {"name", text},
                      {"kind", choice({"region", "province", "dealer"})},
                      {"people", id},
                      {"average", number}});
  server.add_schema("AssessmentList", object({{"month", text},
                                              {"status", choice({"draft", "compiled", "reviewed", "approved"})},
                                              {"items", array(ref("AssessmentRow"))},
                                              {"total_count", id},
                                              {"next_cursor", nullable(text)},
                                              {"ranked", object({{"dealer", id}, {"manager", id}})},
                                              {"average", nullable(number)},
                                              {"units", array(unit)}}));
  json detail = person;
  detail["month"] = text;
  detail["deduction_per_day"] = number;
  // each item: code, name, weight, applies, derived, score, people (derived), criteria: code, name,
  // share, source, computed, score, pending, comment, scored_by, adjustments, evidence
  detail["detail"] = array({{"type", "object"}});
  server.add_schema("AssessmentPerson", object(detail));
  json score_in = input(
      {{"item", choice(item_codes())}, {"criterion", text_up_to(200)}, {"score", number}, {"comment", text_up_to(500)}},
      {"item", "criterion", "score"});
  server.add_schema(
      "AssessmentScoreInput",
      input({{"version", id}, {"scores", array(score_in)}, {"reason", text_up_to(500)}}, {"version", "scores"}));
}

}  // namespace

void register_routes(http::Server& server, AssessmentService& service) {
  add_schemas(server);
  const std::string tag = "assessment";
  server.route(Method::get, "/api/v1/assessment-templates", Access::signed_in,
               {"HQ's assessment templates (考核模板), newest effective month first, and the seed's table",
                tag,
                {},
                "",
                "AssessmentTemplateList"},
               [&service](http::Request& request) { request.json(200, service.templates(request.principal())); });
  server.route(Method::get, "/api/v1/assessment-templates/{period}", Access::signed_in,
               {"The template a month (YYYY-MM) is scored with", tag, {}, "", "AssessmentTemplate"},
               [&service](http::Request& request) {
                 request.json(200, service.template_for(request.principal(), request.path_text(1)));
               });
  server.route(Method::put, "/api/v1/assessment-templates/{period}", Access::signed_in,
               {"Set the template from a month (YYYY-MM) on (HQ's KA director); never for a month already compiled",
                tag,
                {},
                "AssessmentTemplateInput",
                "AssessmentTemplate"},
               [&service](http::Request& request) {
                 request.json(200, service.put_template(request.principal(), request.path_text(1), request.body()));
               });

  server.route(Method::get, "/api/v1/assessments", Access::signed_in,
               {"The month's scoreboard in the caller's scope (a sales rep: their own): items, total, national rank, "
                "best first, and the averages of the units one level down; an open month is scored live (draft)",
                tag,
                {{"month", "string", "YYYY-MM, required"},
                 {"assessed", "string", "dealer (dealer KA people) or manager (area managers, regional directors)"},
                 {"unit_id", "integer", "a region, province or dealer in scope"},
                 {"pending", "boolean", "true: only people with reviewer scores still to fill"},
                 {"limit", "integer", "1–500, default 50"},
                 {"cursor", "string", "next_cursor of the previous page"}},
                "",
                "AssessmentList"},
               [&service](http::Request& request) {
                 AssessmentService::ListFilter f;
                 auto month = request.query_filter("month");
                 if (!month) throw Invalid("month", "is required", "required");
                 f.month = *month;
                 f.assessed = request.query_filter("assessed");
                 f.unit_id = request.query_integer("unit_id", 1, INT64_MAX);
                 f.pending = request.query_bool("pending").value_or(false);
                 f.limit = request.limit();
                 if (auto cursor = request.query_filter("cursor")) {
                   try {
                     size_t used = 0;
                     f.offset = std::stoll(*cursor, &used);
                     if (used != cursor->size() || f.offset < 0) throw std::invalid_argument("cursor");
                   } catch (const std::exception&) {
                     throw Invalid("cursor", "is not a cursor this list gave out");
                   }
                 }
                 request.json(200, service.list(request.principal(), f));
               });
  server.route(Method::get, "/api/v1/assessments/{period}/people/{id}", Access::signed_in,
               {"One person's scores in a month with every criterion's evidence, comment and adjustments",
                tag,
                {},
                "",
                "AssessmentPerson"},
               [&service](http::Request& request) {
                 request.json(200, service.person(request.principal(), request.path_text(1), request.path_id(2)));
               });
  server.route(Method::patch, "/api/v1/assessments/{period}/people/{id}", Access::signed_in,
               {"Fill reviewer scores with a comment (KA staff, KA director) or adjust a score with a reason (KA "
                "director), in a compiled month, at the person's version",
                tag,
                {},
                "AssessmentScoreInput",
                "AssessmentPerson"},
               [&service](http::Request& request) {
                 request.json(
                     200, service.score(request.principal(), request.path_text(1), request.path_id(2), request.body()));
               });
  server.route(Method::get, "/api/v1/assessment-months", Access::signed_in,
               {"The closes of last month and of every month compiled since, newest first",
                tag,
                {{"awaiting_me", "boolean", "true: only the months whose next step is the caller's"}},
                "",
                "AssessmentMonthList"},
               [&service](http::Request& request) {
                 request.json(200,
                              service.months(request.principal(), request.query_bool("awaiting_me").value_or(false)));
               });
  server.route(Method::get, "/api/v1/assessment-months/{period}", Access::signed_in,
               {"A month's close (an ended month): status, version, each step's who and when, the deadline",
                tag,
                {},
                "",
                "AssessmentMonth"},
               [&service](http::Request& request) {
                 request.json(200, service.month(request.principal(), request.path_text(1)));
               });
  http::RouteDoc export_doc{
      "The approved month for payroll (.xlsx): items, total, rank, target, delivered, attainment, performance-pay "
      "share "
      "(HQ's KA department)",
      tag,
      {},
      "",
      "Binary"};
  export_doc.response_content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  server.route(Method::get, "/api/v1/assessment-months/{period}/export", Access::signed_in, export_doc,
               [&service](http::Request& request) {
                 auto month = request.path_text(1);
                 auto [name, bytes] = service.export_xlsx(request.principal(), month);
                 request.attachment("assessment-" + month + ".xlsx", name + ".xlsx");
                 request.bytes(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", bytes);
               });
  for (const auto& [name, summary] : std::vector<std::pair<std::string, std::string>>{
           {"compile", "Compile the month (KA staff): freeze the scores computed from the records"},
           {"review", "Review the compiled month (KA director): every reviewer score filled"},
           {"approve", "Approve the reviewed month (KA executive): it is locked"},
           {"reopen", "Reopen a reviewed or approved month (KA executive), with a reason: back to compiled"}}) {
    std::string action = name;  // a copy the handler keeps
    server.route(Method::post, "/api/v1/assessment-months/{period}/" + action, Access::signed_in,
                 {summary, tag, {}, "AssessmentStepInput", "AssessmentMonth"},
                 [&service, action](http::Request& request) {
                   request.json(200, service.step(request.principal(), request.path_text(1), action, request.body()));
                 });
  }
}

}  // namespace fleetkam::assessment
