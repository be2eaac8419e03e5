#include "modules/assessment/routes.h"

#include <nlohmann/json.hpp>

#include "platform/http/openapi_schema.h"

namespace fleetkam::assessment {
namespace {

using http::Method;
using Access = http::Access;
using json = nlohmann::json;

void add_schemas(http::Server& server) {
  using namespace http::schema;
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
}

}  // namespace fleetkam::assessment
