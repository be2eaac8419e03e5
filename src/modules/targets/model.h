// The records of targets (目标分解): plans, their method and months, cells, province splits,
// attainment (达成) and forecast (预测). Months are YYYYMM integers; businesses are direct,
// tender and one_time (see business.h for which one a delivery counts for).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace fleetkam::targets {

// The three businesses in their fixed order (the index of every [business] table).
const std::vector<std::string>& businesses();

struct PlanMethod {
  std::string month_basis = "history";            // history | even
  std::array<int64_t, 3> businesses{40, 40, 20};  // % direct, tender, one_time
  std::array<int64_t, 3> weights{40, 30, 30};     // % last month's sales, market capacity, registrations
  std::map<int64_t, int64_t> market_capacity;     // province id → units
  std::map<int64_t, int64_t> month_overrides;     // YYYYMM → units
};

struct MonthRow {
  int64_t month = 0;
  int64_t units = 0;
  double exact = 0;
  int64_t history_units = 0;
  bool from_history = false;
  std::optional<int64_t> override_units;
};

struct SplitStatus {
  int64_t province_id = 0;
  std::string province_name;
  std::optional<int64_t> saved_at, submitted_at;
  std::optional<std::string> submitted_by_name;
  bool late = false;
};

struct PlanFields {
  std::string name;
  int64_t from_month = 0, to_month = 0;
  int64_t total_units = 0;
  int64_t per_person_month_units = 13;
  std::optional<std::string> split_due;
};

struct Plan {
  int64_t id = 0;
  std::string name;
  int64_t from_month = 0, to_month = 0;
  int64_t total_units = 0, per_person_month_units = 13;
  std::optional<std::string> split_due;
  std::string status = "draft";
  int64_t version = 1, revision = 1;
  std::optional<int64_t> revision_of, superseded_by, issued_at;
  int64_t created_at = 0, updated_at = 0;
  PlanMethod method;
  std::vector<MonthRow> months;
  std::vector<SplitStatus> splits;
};

struct Cell {
  std::string level;  // hq, region, province, dealer, user
  int64_t unit_id = 0;
  int64_t user_id = 0;  // level user only
  int64_t month = 0;
  std::string business;
  int64_t units = 0;
  double exact = 0;
};

struct Preview {
  std::vector<MonthRow> months;
  std::vector<Cell> cells;
};

struct DiffItem {
  std::string level;
  int64_t unit_id = 0;
  int64_t month = 0;
  std::string business;
  int64_t before = 0, after = 0;
};

struct SplitItem {
  std::optional<int64_t> unit_id, user_id;  // a dealer, or a person
  int64_t month = 0;
  std::string business;
  int64_t units = 0;
};

struct NamedUnit {
  int64_t id = 0;
  std::string name;
};
struct Person {
  int64_t id = 0;
  std::string name;
  int64_t unit_id = 0;
  std::string role;
};

struct SplitSheet {
  NamedUnit province;
  std::string status;  // open, saved, submitted
  std::optional<int64_t> saved_at, submitted_at;
  bool late = false;
  std::optional<std::string> split_due;
  std::vector<NamedUnit> dealers;
  std::vector<Person> people;
  std::vector<Cell> province_cells;
  std::vector<SplitItem> suggested, saved;
  int64_t headcount = 0;
  std::vector<std::pair<int64_t, int64_t>> standard;  // month → headcount × per-person standard
};

struct AttainmentQuery {
  int64_t plan_id = 0;
  std::string level = "province";  // hq, region, province, dealer, user
  std::string by = "month";        // month | quarter
  std::optional<std::string> business;
  std::optional<int64_t> unit_id;  // only this unit's subtree
};

struct AttainmentItem {
  int64_t unit_id = 0;
  std::optional<int64_t> user_id;
  std::string name;
  std::string period;  // YYYY-MM or YYYY-Qn
  int64_t plan = 0, actual = 0;
};

struct AttainmentUnit {
  int64_t unit_id = 0;
  std::optional<int64_t> user_id;
  std::string name;
  int64_t plan = 0, plan_to_date = 0, actual = 0, rank = 0;
};

struct Attainment {
  int64_t plan_id = 0;
  std::string as_of;  // YYYY-MM-DD, Beijing
  std::vector<std::string> periods;
  std::vector<AttainmentItem> items;
  std::vector<AttainmentUnit> units;
};

struct ForecastRow {
  int64_t unit_id = 0;
  std::optional<int64_t> user_id;
  std::string name;
  int64_t plan = 0, delivered = 0, won_undelivered = 0, open_opportunities = 0, tenders_due = 0, tender_units = 0;
  double weighted_pipeline = 0;
  double landing() const { return static_cast<double>(delivered + won_undelivered) + weighted_pipeline; }
};

}  // namespace fleetkam::targets
