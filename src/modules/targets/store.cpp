// The SQL of targets: see store.h.
#include "modules/targets/store.h"

#include <charconv>
#include <map>
#include <tuple>

#include "modules/targets/tree.h"
#include "platform/db/database.h"

namespace fleetkam::targets::store {

namespace {

constexpr const char* kPlanColumns =
    "id, name, from_month, to_month, total_units, per_person_month_units, split_due, status, version, revision, "
    "revision_of, superseded_by, issued_at, created_at, updated_at, month_basis, pct_direct, pct_tender, "
    "pct_one_time, weight_last_month_sales, weight_market_capacity, weight_registrations";

Plan plan_of(const db::Row& row) {
  Plan p;
  p.id = row.integer(0);
  p.name = row.text(1);
  p.from_month = row.integer(2);
  p.to_month = row.integer(3);
  p.total_units = row.integer(4);
  p.per_person_month_units = row.integer(5);
  p.split_due = row.optional_text(6);
  p.status = row.text(7);
  p.version = row.integer(8);
  p.revision = row.integer(9);
  p.revision_of = row.optional_integer(10);
  p.superseded_by = row.optional_integer(11);
  p.issued_at = row.optional_integer(12);
  p.created_at = row.integer(13);
  p.updated_at = row.integer(14);
  p.method.month_basis = row.text(15);
  p.method.businesses = {row.integer(16), row.integer(17), row.integer(18)};
  p.method.weights = {row.integer(19), row.integer(20), row.integer(21)};
  return p;
}

std::string number_text(double v) {
  char buffer[32];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, v);
  return std::string(buffer, result.ptr);
}

}  // namespace

std::optional<Plan> find(db::Connection& c, int64_t id, bool lock) {
  std::string suffix = lock && c.dialect() == db::Dialect::postgres ? " FOR UPDATE" : "";
  auto row = c.query_one(std::string("SELECT ") + kPlanColumns + " FROM target_plans WHERE id = ?" + suffix, {id});
  if (!row) return std::nullopt;
  Plan p = plan_of(*row);
  for (const auto& r :
       c.query("SELECT unit_id, units FROM target_plan_capacity WHERE plan_id = ? ORDER BY unit_id", {id}))
    p.method.market_capacity[r.integer(0)] = r.integer(1);
  std::map<int64_t, MonthRow> months;
  for (const auto& r : c.query("SELECT month, history_units, from_history, override_units, units, exact FROM "
                               "target_plan_months WHERE plan_id = ? ORDER BY month",
                               {id})) {
    MonthRow m;
    m.month = r.integer(0);
    m.history_units = r.integer(1);
    m.from_history = r.integer(2) != 0;
    m.override_units = r.optional_integer(3);
    m.units = r.integer(4);
    m.exact = r.real(5);
    if (m.override_units) p.method.month_overrides[m.month] = *m.override_units;
    months[m.month] = m;
  }
  for (auto& [m, row] : months) p.months.push_back(row);
  return p;
}

std::vector<Plan> list(db::Connection& c, bool drafts) {
  std::vector<Plan> out;
  for (const auto& row : c.query(std::string("SELECT ") + kPlanColumns + " FROM target_plans" +
                                 (drafts ? "" : " WHERE status = 'issued'") + " ORDER BY from_month DESC, id DESC")) {
    out.push_back(plan_of(row));
  }
  return out;
}

int64_t insert(db::Connection& c, const Plan& p, int64_t by, int64_t now) {
  const auto& m = p.method;
  int64_t id = c.query_one(
                    "INSERT INTO target_plans (name, from_month, to_month, total_units, per_person_month_units, "
                    "split_due, status, revision_of, revision, month_basis, pct_direct, pct_tender, pct_one_time, "
                    "weight_last_month_sales, weight_market_capacity, weight_registrations, created_by, created_at, "
                    "updated_at) VALUES (?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    {p.name, p.from_month, p.to_month, p.total_units, p.per_person_month_units,
                     db::nullable(p.split_due), db::nullable(p.revision_of), p.revision, m.month_basis, m.businesses[0],
                     m.businesses[1], m.businesses[2], m.weights[0], m.weights[1], m.weights[2], by, now, now})
                   ->integer(0);
  for (const auto& [unit, units] : m.market_capacity)
    c.execute("INSERT INTO target_plan_capacity (plan_id, unit_id, units) VALUES (?, ?, ?)", {id, unit, units});
  return id;
}

void update(db::Connection& c, const Plan& p, int64_t now) {
  const auto& m = p.method;
  c.execute(
      "UPDATE target_plans SET name = ?, from_month = ?, to_month = ?, total_units = ?, per_person_month_units = ?, "
      "split_due = ?, month_basis = ?, pct_direct = ?, pct_tender = ?, pct_one_time = ?, weight_last_month_sales = "
      "?, weight_market_capacity = ?, weight_registrations = ?, version = version + 1, updated_at = ? WHERE id = ?",
      {p.name, p.from_month, p.to_month, p.total_units, p.per_person_month_units, db::nullable(p.split_due),
       m.month_basis, m.businesses[0], m.businesses[1], m.businesses[2], m.weights[0], m.weights[1], m.weights[2], now,
       p.id});
  c.execute("DELETE FROM target_plan_capacity WHERE plan_id = ?", {p.id});
  for (const auto& [unit, units] : m.market_capacity)
    c.execute("INSERT INTO target_plan_capacity (plan_id, unit_id, units) VALUES (?, ?, ?)", {p.id, unit, units});
}

void write_months(db::Connection& c, int64_t plan_id, const std::vector<MonthRow>& months) {
  c.execute("DELETE FROM target_plan_months WHERE plan_id = ?", {plan_id});
  for (const auto& m : months) {
    c.execute(
        "INSERT INTO target_plan_months (plan_id, month, history_units, from_history, override_units, units, exact) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        {plan_id, m.month, m.history_units, int64_t{m.from_history ? 1 : 0}, db::nullable(m.override_units), m.units,
         m.exact});
  }
}

namespace {
std::vector<Cell> read_cells(db::Connection& c, int64_t plan_id, const std::string& level,
                             const std::string& business_condition, const db::Params& business_params,
                             const std::optional<std::vector<int64_t>>& units) {
  db::Params params{plan_id, level};
  params.insert(params.end(), business_params.begin(), business_params.end());
  std::string sql =
      "SELECT unit_id, user_id, month, business, units, exact FROM target_cells WHERE plan_id = ? AND level = ? "
      "AND " +
      business_condition;
  if (units) sql += " AND unit_id IN (" + db::placeholders(*units, params) + ")";
  sql += " ORDER BY unit_id, user_id, month, business";
  std::vector<Cell> out;
  for (const auto& row : c.query(sql, params)) {
    out.push_back({level, row.integer(0), row.integer(1), row.integer(2), row.text(3), row.integer(4), row.real(5)});
  }
  return out;
}
}  // namespace

std::vector<Cell> cells(db::Connection& c, int64_t plan_id, const std::string& level, const std::string& business,
                        const std::optional<std::vector<int64_t>>& units) {
  return read_cells(c, plan_id, level, "business = ?", {business}, units);
}

std::vector<Cell> cell_units(db::Connection& c, int64_t plan_id, const std::string& level, const std::string& business,
                             const std::optional<std::vector<int64_t>>& units) {
  db::Params params{plan_id, level, business};
  std::string sql =
      "SELECT unit_id, user_id, month, units FROM target_cells WHERE plan_id = ? AND level = ? AND business = ?";
  if (units) sql += " AND unit_id IN (" + db::placeholders(*units, params) + ")";
  std::vector<Cell> out;
  for (const auto& row : c.query(sql, params)) {
    out.push_back({level, row.integer(0), row.integer(1), row.integer(2), business, row.integer(3), 0.0});
  }
  return out;
}

std::vector<Cell> cells_of_businesses(db::Connection& c, int64_t plan_id, const std::string& level,
                                      const std::optional<std::vector<int64_t>>& units) {
  return read_cells(c, plan_id, level, "business <> 'all'", {}, units);
}

void replace_cells(db::Connection& c, int64_t plan_id, const std::vector<std::string>& levels,
                   const std::optional<std::vector<int64_t>>& units, const std::vector<Cell>& cells) {
  for (const auto& level : levels) {
    db::Params params{plan_id, level};
    std::string sql = "DELETE FROM target_cells WHERE plan_id = ? AND level = ?";
    if (units) sql += " AND unit_id IN (" + db::placeholders(*units, params) + ")";
    c.execute(sql, params);
  }
  std::map<std::tuple<std::string, int64_t, int64_t, int64_t>, std::pair<int64_t, double>> all;
  std::vector<std::vector<std::optional<std::string>>> rows;
  rows.reserve(cells.size() * 4 / 3 + 1);
  auto plan = std::to_string(plan_id);
  for (const auto& cell : cells) {
    rows.push_back({plan, cell.level, std::to_string(cell.unit_id), std::to_string(cell.user_id),
                    std::to_string(cell.month), cell.business, std::to_string(cell.units), number_text(cell.exact)});
    auto& sum = all[{cell.level, cell.unit_id, cell.user_id, cell.month}];
    sum.first += cell.units;
    sum.second += cell.exact;
  }
  for (const auto& [key, sum] : all) {
    const auto& [level, unit, user, month] = key;
    rows.push_back({plan, level, std::to_string(unit), std::to_string(user), std::to_string(month), std::string("all"),
                    std::to_string(sum.first), number_text(sum.second)});
  }
  if (!rows.empty())
    c.copy_rows("target_cells", {"plan_id", "level", "unit_id", "user_id", "month", "business", "units", "exact"},
                rows);
}

std::vector<SplitStatus> splits(db::Connection& c, int64_t plan_id) {
  std::vector<SplitStatus> out;
  for (const auto& row : c.query("SELECT s.province_id, u.name, s.saved_at, s.submitted_at, su.display_name FROM "
                                 "target_splits s JOIN org_units u ON u.id = s.province_id LEFT JOIN users su ON su.id "
                                 "= s.submitted_by WHERE s.plan_id = ? ORDER BY s.province_id",
                                 {plan_id})) {
    out.push_back(
        {row.integer(0), row.text(1), row.optional_integer(2), row.optional_integer(3), row.optional_text(4), false});
  }
  return out;
}

std::optional<SplitStatus> split(db::Connection& c, int64_t plan_id, int64_t province_id) {
  for (auto& s : splits(c, plan_id)) {
    if (s.province_id == province_id) return s;
  }
  return std::nullopt;
}

}  // namespace fleetkam::targets::store
