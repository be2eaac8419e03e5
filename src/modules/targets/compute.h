// HQ's decomposition of a plan with a method, read from the database's history: months (from the
// same months of the three years before), businesses, provinces (a composite of last month's
// actual sales, HQ's market capacity and registered opportunities), regions and HQ as sums.
#pragma once

#include <array>
#include <vector>

#include "modules/targets/model.h"
#include "modules/targets/tree.h"

namespace fleetkam::targets {

// The month before the plan starts, or last month when the plan starts later than next month.
int64_t indicator_month(const Plan& plan, int64_t now_ms);
// Registrations counted for a unit: not rejected, created in the 12 months up to indicator_month.
std::pair<int64_t, int64_t> registration_window(int64_t indicator_month);

// Throws Invalid naming the field when the method is not acceptable for this plan.
void check_method(const Plan& plan, const PlanMethod& method, const OrgTree& tree);
// The whole HQ/region/province table of `plan` under `method`, nothing written.
Preview compute(db::Connection& c, const OrgTree& tree, const Plan& plan, const PlanMethod& method, int64_t now_ms);

}  // namespace fleetkam::targets
