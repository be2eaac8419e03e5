#include "modules/registrations/home_figures.h"

namespace fleetkam::registrations::home_figures {

int64_t awaiting_review(db::Connection& c, const auth::Scope& scope) {
  return c
      .query_one(
          "SELECT COUNT(*) FROM registrations r JOIN org_units d ON d.id = r.dealer_unit_id "
          "WHERE d.path >= ? AND d.path < ? AND r.status IN ('pending', 'conflict')",
          {scope.lower(), scope.upper()})
      ->integer(0);
}

int64_t protection_ending(db::Connection& c, const auth::Scope& scope, int64_t before_ms,
                          std::optional<int64_t> registered_by) {
  std::string sql =
      "SELECT COUNT(*) FROM registrations r JOIN org_units d ON d.id = r.dealer_unit_id "
      "WHERE d.path >= ? AND d.path < ? AND r.status = 'approved' AND r.protected_until < ?";
  db::Params params = {scope.lower(), scope.upper(), before_ms};
  if (registered_by) {
    sql += " AND r.registered_by = ?";
    params.emplace_back(*registered_by);
  }
  return c.query_one(sql, params)->integer(0);
}

}  // namespace fleetkam::registrations::home_figures
