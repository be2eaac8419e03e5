// Which business a delivery counts for — the one place that says it (DOMAIN.md §5: targets are
// split by the seed's three business classes, 直销 direct / 招标 tender / 一次性 one_time):
//   the info class (信息类别) of the registration the delivery's opportunity came from, and for an
//   opportunity without a registration the business class (业务类别) of its account.
// It is fixed on the delivery when the delivery is recorded (deliveries.business) and counted in
// business_delivery_totals with it, so a later edit of the account does not move past sales.
#pragma once

#include <cstdint>
#include <string>

namespace fleetkam::db {
class Connection;
}

namespace fleetkam::targets {

// The business of a delivery of this opportunity (see above).
std::string delivery_business(db::Connection& c, int64_t opportunity_id);

// Adds (or with negative units removes) delivered units to business_delivery_totals.
void add_business_units(db::Connection& c, int64_t unit_id, int64_t user_id, int64_t month, const std::string& business,
                        int64_t units);

}  // namespace fleetkam::targets
