// Routes of the vehicle catalogue: GET|POST /api/v1/vehicle-models, PATCH /api/v1/vehicle-models/{id},
// PUT /api/v1/vehicle-models/{id}/bands.
#include <nlohmann/json.hpp>

#include "modules/accounts/model.h"
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

void add_catalogue_schemas(http::Server& server) {
  using namespace http::schema;
  using http::schema::text;  // not namespace fleetkam::text, which a unity build may also hold
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
}

}  // namespace

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

void register_catalogue_routes(http::Server& server, OpportunityService& service) {
  add_catalogue_schemas(server);
  const std::string tag = "opportunities";

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
}

}  // namespace fleetkam::opportunities
