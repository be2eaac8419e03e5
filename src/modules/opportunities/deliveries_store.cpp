// The SQL of deliveries: an opportunity's, void ones included.
#include "modules/opportunities/store.h"

namespace fleetkam::opportunities::store {

std::vector<Delivery> deliveries_of(db::Connection& c, int64_t opportunity_id) {
  std::vector<Delivery> out;
  for (const auto& row : c.query("SELECT d.id, d.opportunity_id, d.account_id, d.unit_id, d.user_id, d.day, d.month, "
                                 "d.quantity, d.model, d.vehicle_type, d.model_id, d.over_reason, d.note, "
                                 "u.display_name, d.created_at, d.voided_at, d.void_reason, vu.display_name FROM "
                                 "deliveries d JOIN users u ON u.id = d.created_by LEFT JOIN users vu ON vu.id = "
                                 "d.voided_by WHERE d.opportunity_id = ? ORDER BY d.day, d.id",
                                 {opportunity_id})) {
    Delivery d;
    d.id = row.integer(0);
    d.opportunity_id = row.integer(1);
    d.account_id = row.integer(2);
    d.unit_id = row.integer(3);
    d.user_id = row.optional_integer(4);
    d.day = row.text(5);
    d.month = row.integer(6);
    d.quantity = row.integer(7);
    d.model = row.text(8);
    d.vehicle_type = row.text(9);
    d.model_id = row.optional_integer(10);
    d.over_reason = row.optional_text(11);
    d.note = row.optional_text(12);
    d.created_by_name = row.text(13);
    d.created_at = row.integer(14);
    d.voided_at = row.optional_integer(15);
    d.void_reason = row.optional_text(16);
    d.voided_by_name = row.optional_text(17);
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace fleetkam::opportunities::store
