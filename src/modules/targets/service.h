// Targets (目标分解, DOMAIN.md §5): HQ's KA director plans units for a period and splits them to
// months, businesses, regions and provinces; each province's area manager splits its share to
// dealers and people; attainment (达成) and the period-end forecast (预测) compare deliveries with
// the plan. Every split is in whole units that add up (rounding.h).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "modules/targets/model.h"
#include "platform/auth/auth_service.h"
#include "platform/db/database.h"

namespace fleetkam::targets {

struct PlanFilter {
  std::optional<std::string> status;  // draft | issued
  bool split_pending = false;         // issued, current, with a province in scope not submitted
};

class TargetService {
 public:
  explicit TargetService(db::Database& database) : database_(database) {}

  Plan create(const auth::Principal& caller, const PlanFields& input);
  std::vector<Plan> list(const auth::Principal& caller, const PlanFilter& filter);
  Plan get(const auth::Principal& caller, int64_t id);
  Plan update(const auth::Principal& caller, int64_t id, int64_t version, const PlanFields& input);
  Plan set_method(const auth::Principal& caller, int64_t id, int64_t version, const PlanMethod& method);
  Preview preview(const auth::Principal& caller, int64_t id, const PlanMethod& method);
  std::vector<Cell> cells(const auth::Principal& caller, int64_t id, const std::string& level,
                          std::optional<int64_t> unit_id);
  Plan issue(const auth::Principal& caller, int64_t id, int64_t version);
  // HQ's market capacity per province read from a sheet (first column the province's name or
  // division code, second its whole units; a header row first): nothing is saved, the UI puts
  // the figures into the method's what-if. Rows it cannot read are reported by number.
  struct CapacityRow {
    int64_t row = 0;
    int64_t province_id = 0;
    std::string name;
    int64_t units = 0;
  };
  struct CapacityImport {
    std::vector<CapacityRow> rows;
    std::vector<std::pair<int64_t, std::string>> errors;  // row number, why
  };
  CapacityImport read_capacity(const auth::Principal& caller, int64_t id,
                               const std::vector<std::vector<std::string>>& rows,
                               const std::vector<int64_t>& row_numbers);
  Plan revise(const auth::Principal& caller, int64_t id);
  // The revised plan's id and the HQ/region/province cells that differ from it.
  std::pair<int64_t, std::vector<DiffItem>> diff(const auth::Principal& caller, int64_t id);

  SplitSheet split_sheet(const auth::Principal& caller, int64_t id, int64_t province_id);
  SplitSheet save_split(const auth::Principal& caller, int64_t id, int64_t province_id,
                        const std::vector<SplitItem>& items);
  SplitSheet submit_split(const auth::Principal& caller, int64_t id, int64_t province_id);

  Attainment attainment(const auth::Principal& caller, const AttainmentQuery& query);
  std::vector<ForecastRow> forecast(const auth::Principal& caller, const AttainmentQuery& query);

 private:
  db::Database& database_;
};

// Home (首页) to-dos of targets, read inside the home page's transaction: drafts not issued
// (targets.plan), and plans whose split a province in scope has not submitted.
int64_t count_plans(db::Connection& c, const auth::Principal& caller, const PlanFilter& filter);

}  // namespace fleetkam::targets
