// The SQL of targets: plans with their method and months, cells, province splits.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "modules/targets/model.h"

namespace fleetkam::db {
class Connection;
}

namespace fleetkam::targets::store {

// The plan with its method and months (no splits); `lock` keeps it locked (PostgreSQL).
std::optional<Plan> find(db::Connection& c, int64_t id, bool lock = false);
std::vector<Plan> list(db::Connection& c, bool drafts);
int64_t insert(db::Connection& c, const Plan& p, int64_t by, int64_t now);
// Writes the plan's header and method (name, dates, totals, percentages, capacity, overrides)
// and its months, raising its version.
void update(db::Connection& c, const Plan& p, int64_t now);
void write_months(db::Connection& c, int64_t plan_id, const std::vector<MonthRow>& months);

// Cells of a plan at a level, `business` one of the three or "all"; of `units` only when given.
std::vector<Cell> cells(db::Connection& c, int64_t plan_id, const std::string& level, const std::string& business,
                        const std::optional<std::vector<int64_t>>& units = std::nullopt);
// Every business's cells (not 'all') at a level.
std::vector<Cell> cells_of_businesses(db::Connection& c, int64_t plan_id, const std::string& level,
                                      const std::optional<std::vector<int64_t>>& units = std::nullopt);
// Replaces the plan's cells at `levels` (of `units` when given) with `cells`, adding the 'all'
// rows (the three businesses summed per unit, person and month).
void replace_cells(db::Connection& c, int64_t plan_id, const std::vector<std::string>& levels,
                   const std::optional<std::vector<int64_t>>& units, const std::vector<Cell>& cells);

// Province splits.
std::vector<SplitStatus> splits(db::Connection& c, int64_t plan_id);
std::optional<SplitStatus> split(db::Connection& c, int64_t plan_id, int64_t province_id);

}  // namespace fleetkam::targets::store
