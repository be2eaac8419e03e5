// The SQL of the vehicle catalogue: models with HQ's price bands.
#include <map>

#include "modules/opportunities/store.h"
#include "modules/opportunities/store_internal.h"

namespace fleetkam::opportunities::store {

std::vector<VehicleModel> models(db::Connection& c, std::optional<bool> active,
                                 const std::optional<std::string>& vehicle_type, const std::optional<std::string>& q) {
  std::string where = " WHERE 1 = 1";
  db::Params params;
  if (active) {
    where += " AND active = ?";
    params.emplace_back(int64_t{*active ? 1 : 0});
  }
  if (vehicle_type) {
    where += " AND vehicle_type = ?";
    params.emplace_back(*vehicle_type);
  }
  if (q) {
    where += " AND (name LIKE ? ESCAPE '!' OR code LIKE ? ESCAPE '!' OR upfitter LIKE ? ESCAPE '!')";
    std::string like = contains_pattern(*q);
    params.insert(params.end(), {like, like, like});
  }
  std::vector<VehicleModel> out;
  std::map<int64_t, size_t> index;
  for (const auto& row : c.query("SELECT id, code, name, vehicle_type, kind, upfitter, guide_price_fen, active, "
                                 "version FROM vehicle_models" +
                                     where + " ORDER BY code",
                                 params)) {
    VehicleModel m;
    m.id = row.integer(0);
    m.code = row.text(1);
    m.name = row.text(2);
    m.vehicle_type = row.text(3);
    m.kind = row.text(4);
    m.upfitter = row.optional_text(5);
    m.guide_price_fen = row.integer(6);
    m.active = row.boolean(7);
    m.version = row.integer(8);
    index[m.id] = out.size();
    out.push_back(std::move(m));
  }
  if (out.empty()) return out;
  for (const auto& row :
       c.query("SELECT model_id, procurement_method, max_discount_bp, hq_discount_bp FROM price_bands "
               "ORDER BY model_id, procurement_method")) {
    auto it = index.find(row.integer(0));
    if (it == index.end()) continue;
    out[it->second].bands.push_back({row.text(1), row.integer(2), row.integer(3)});
  }
  return out;
}

std::optional<VehicleModel> find_model(db::Connection& c, int64_t id, bool lock) {
  std::string sql =
      "SELECT id, code, name, vehicle_type, kind, upfitter, guide_price_fen, active, version FROM vehicle_models "
      "WHERE id = ?";
  if (lock && c.dialect() == db::Dialect::postgres) sql += " FOR UPDATE";
  auto row = c.query_one(sql, {id});
  if (!row) return std::nullopt;
  VehicleModel m;
  m.id = row->integer(0);
  m.code = row->text(1);
  m.name = row->text(2);
  m.vehicle_type = row->text(3);
  m.kind = row->text(4);
  m.upfitter = row->optional_text(5);
  m.guide_price_fen = row->integer(6);
  m.active = row->boolean(7);
  m.version = row->integer(8);
  for (const auto& band : c.query("SELECT procurement_method, max_discount_bp, hq_discount_bp FROM price_bands WHERE "
                                  "model_id = ? ORDER BY procurement_method",
                                  {id})) {
    m.bands.push_back({band.text(0), band.integer(1), band.integer(2)});
  }
  return m;
}

}  // namespace fleetkam::opportunities::store
