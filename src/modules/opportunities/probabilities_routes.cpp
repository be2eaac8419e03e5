// Routes of HQ's win probabilities by stage: GET|PUT /api/v1/opportunity-stage-probabilities.
#include <nlohmann/json.hpp>
#include <set>

#include "modules/opportunities/routes_internal.h"
#include "modules/opportunities/rules.h"
#include "platform/errors.h"
#include "platform/http/json_input.h"
#include "platform/http/openapi_schema.h"

namespace fleetkam::opportunities {
namespace {

using http::Method;
using Access = http::Access;
using json = nlohmann::json;

void add_probabilities_schemas(http::Server& server) {
  using namespace http::schema;
  json row = {{"stage", choice(stages())}, {"probability", integer(0, 100)}, {"fixed", flag}};
  server.add_schema("StageProbabilities", object({{"items", array(object(row))}}));
  json row_in = {{"stage", choice(open_stages())}, {"probability", integer(0, 100)}};
  server.add_schema("StageProbabilitiesUpdate",
                    input({{"items", array(input(row_in, {"stage", "probability"}))}}, {"items"}));
}

json table_json(const std::vector<StageProbability>& rows) {
  json items = json::array();
  for (const auto& p : rows) items.push_back({{"stage", p.stage}, {"probability", p.probability}, {"fixed", p.fixed}});
  return {{"items", items}};
}

// {"items": [{"stage", "probability"}]}: open stages only, each at most once.
std::vector<StageProbability> read_table(const std::string& body) {
  http::JsonInput in(body, {"items"});
  auto root = http::parse_json_object(body);
  std::vector<StageProbability> out;
  if (!root.contains("items") || !root["items"].is_array()) {
    in.add_error("items", "must be an array of {stage, probability}",
                 root.contains("items") ? "wrong_type" : "required");
  } else {
    std::set<std::string> seen;
    size_t i = 0;
    for (const auto& item : root["items"]) {
      std::string prefix = "items[" + std::to_string(i++) + "].";
      try {
        if (!item.is_object()) throw Invalid("", "must be an object", "wrong_type");
        http::JsonInput sub(item.dump(), {"stage", "probability"});
        StageProbability p;
        p.stage = sub.required_enum("stage", stages());
        p.probability = sub.required_integer("probability", 0, 100);
        sub.finish();
        if (!is_open(p.stage)) throw Invalid("stage", "won and lost are fixed at 100 and 0");
        if (!seen.insert(p.stage).second) throw Invalid("stage", "appears twice");
        out.push_back(p);
      } catch (const AppError& e) {
        for (const auto& error : e.errors()) in.add_error(prefix + error.field, error.message, error.code);
      }
    }
  }
  in.finish();
  return out;
}

}  // namespace

void register_probability_routes(http::Server& server, OpportunityService& service) {
  add_probabilities_schemas(server);
  const std::string tag = "opportunities";

  server.route(Method::get, "/api/v1/opportunity-stage-probabilities", Access::signed_in,
               {"The win probability (%) of each stage: the default of open opportunities without their own",
                tag,
                {},
                "",
                "StageProbabilities"},
               [&service](http::Request& request) {
                 request.json(200, table_json(service.stage_probabilities(request.principal())));
               });

  server.route(Method::put, "/api/v1/opportunity-stage-probabilities", Access::signed_in,
               {"Set the win probability of open stages (HQ: settings.manage); the stages not given keep theirs",
                tag,
                {},
                "StageProbabilitiesUpdate",
                "StageProbabilities"},
               [&service](http::Request& request) {
                 auto values = read_table(request.body());
                 request.json(200, table_json(service.set_stage_probabilities(request.principal(), values)));
               });
}

}  // namespace fleetkam::opportunities
