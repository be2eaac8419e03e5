// The vehicle catalogue: models, guide prices and price bands (HQ).
#include <nlohmann/json.hpp>

#include "modules/opportunities/service.h"
#include "modules/opportunities/service_internal.h"
#include "modules/opportunities/store.h"
#include "platform/audit/audit.h"
#include "platform/clock.h"
#include "platform/errors.h"
#include "platform/record_write.h"

namespace fleetkam::opportunities {

using json = nlohmann::json;

// ---- the catalogue ---------------------------------------------------------------------------

std::vector<VehicleModel> OpportunityService::models(const auth::Principal& caller, std::optional<bool> active,
                                                     const std::optional<std::string>& vehicle_type,
                                                     const std::optional<std::string>& q) {
  auth::require(caller.role, "opportunities.read");
  std::vector<VehicleModel> out;
  database_.read([&](db::Connection& c) { out = store::models(c, active, vehicle_type, q); });
  return out;
}

namespace {
void check_model(db::Connection& c, directories::DirectoryService& directories, const VehicleModel& m) {
  std::vector<FieldError> errors;
  if (!directories.is_active_code(c, "vehicle_types", m.vehicle_type))
    errors.push_back({"vehicle_type", "is not an active vehicle type code", "invalid_value"});
  if (m.kind == "upfit" && !m.upfitter)
    errors.push_back({"upfitter", "an upfitted model names its upfitter", "required"});
  if (c.query_one("SELECT 1 FROM vehicle_models WHERE code = ? AND id <> ?", {m.code, m.id}))
    errors.push_back({"code", "is used by another model", "taken"});
  if (!errors.empty()) throw Invalid(errors);
}
}  // namespace

VehicleModel OpportunityService::create_model(const auth::Principal& caller, const ModelInput& in) {
  auth::require(caller.role, "catalogue.manage");
  VehicleModel result;
  database_.write([&](db::Connection& c) {
    int64_t now = clock::now_ms();
    VehicleModel m;
    m.code = *in.code;
    m.name = *in.name;
    m.vehicle_type = *in.vehicle_type;
    m.kind = *in.kind;
    if (in.upfitter) m.upfitter = *in.upfitter;
    m.guide_price_fen = *in.guide_price_fen;
    m.active = in.active.value_or(true);
    check_model(c, directories_, m);
    m.id = c.query_one(
                "INSERT INTO vehicle_models (code, name, vehicle_type, kind, upfitter, guide_price_fen, active, "
                "version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id",
                {m.code, m.name, m.vehicle_type, m.kind, db::nullable(m.upfitter), m.guide_price_fen,
                 int64_t{m.active ? 1 : 0}, now, now})
               ->integer(0);
    audit::record(c, {caller.user_id, "create", "vehicle_model", m.id, std::nullopt,
                      json{{"code", m.code}, {"guide_price_fen", m.guide_price_fen}}.dump()});
    result = *store::find_model(c, m.id);
  });
  return result;
}

VehicleModel OpportunityService::update_model(const auth::Principal& caller, int64_t id, const ModelInput& in) {
  auth::require(caller.role, "catalogue.manage");
  return write_record(
      database_, caller, {"vehicle model", {}, in.version},
      [&](db::Connection& c) { return store::find_model(c, id, true); },
      [&](db::Connection& c, const VehicleModel& found) {
        VehicleModel result;
        int64_t now = clock::now_ms();
        VehicleModel m = found;
        set_if(in.code, m.code);
        set_if(in.name, m.name);
        set_if(in.vehicle_type, m.vehicle_type);
        set_if(in.kind, m.kind);
        set_if(in.upfitter, m.upfitter);
        set_if(in.guide_price_fen, m.guide_price_fen);
        set_if(in.active, m.active);
        if (m.kind == "base" && !in.upfitter) m.upfitter.reset();
        check_model(c, directories_, m);
        c.execute(
            "UPDATE vehicle_models SET code = ?, name = ?, vehicle_type = ?, kind = ?, upfitter = ?, guide_price_fen "
            "= ?, active = ?, version = version + 1, updated_at = ? WHERE id = ?",
            {m.code, m.name, m.vehicle_type, m.kind, db::nullable(m.upfitter), m.guide_price_fen,
             int64_t{m.active ? 1 : 0}, now, id});
        audit::record(c, {caller.user_id, "update", "vehicle_model", id,
                          json{{"guide_price_fen", found.guide_price_fen}, {"active", found.active}}.dump(),
                          json{{"guide_price_fen", m.guide_price_fen}, {"active", m.active}}.dump()});
        result = *store::find_model(c, id);
        return result;
      });
}

VehicleModel OpportunityService::set_bands(const auth::Principal& caller, int64_t id,
                                           const std::vector<VehicleModel::Band>& bands) {
  auth::require(caller.role, "catalogue.manage");
  return write_record(
      database_, caller, {"vehicle model"}, [&](db::Connection& c) { return store::find_model(c, id, true); },
      [&](db::Connection& c, const VehicleModel& found) {
        VehicleModel result;
        c.execute("DELETE FROM price_bands WHERE model_id = ?", {id});
        for (const auto& b : bands) {
          c.execute(
              "INSERT INTO price_bands (model_id, procurement_method, max_discount_bp, hq_discount_bp) VALUES (?, ?, "
              "?, ?)",
              {id, b.procurement_method, b.max_discount_bp, b.hq_discount_bp});
        }
        json before = json::array(), after = json::array();
        for (const auto& b : found.bands) before.push_back({b.procurement_method, b.max_discount_bp, b.hq_discount_bp});
        for (const auto& b : bands) after.push_back({b.procurement_method, b.max_discount_bp, b.hq_discount_bp});
        audit::record(c, {caller.user_id, "bands", "vehicle_model", id, json{{"bands", before}}.dump(),
                          json{{"bands", after}}.dump()});
        c.execute("UPDATE vehicle_models SET version = version + 1, updated_at = ? WHERE id = ?",
                  {clock::now_ms(), id});
        result = *store::find_model(c, id);
        return result;
      });
}

}  // namespace fleetkam::opportunities
