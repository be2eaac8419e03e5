// The business a delivery counts for: see business.h.
#include "modules/targets/business.h"

#include "platform/db/database.h"

namespace fleetkam::targets {

std::string delivery_business(db::Connection& c, int64_t opportunity_id) {
  auto row = c.query_one(
      "SELECT COALESCE(r.info_class, a.business_class) FROM opportunities o JOIN accounts a ON a.id = o.account_id "
      "LEFT JOIN registrations r ON r.id = o.registration_id WHERE o.id = ?",
      {opportunity_id});
  return row ? row->text(0) : std::string("direct");
}

void add_business_units(db::Connection& c, int64_t unit_id, int64_t user_id, int64_t month, const std::string& business,
                        int64_t units) {
  c.execute(
      "INSERT INTO business_delivery_totals (unit_id, user_id, month, business, units) VALUES (?, ?, ?, ?, ?) ON "
      "CONFLICT (unit_id, month, user_id, business) DO UPDATE SET units = business_delivery_totals.units + "
      "excluded.units",
      {unit_id, user_id, month, business, units});
}

}  // namespace fleetkam::targets
