// HQ's decomposition: see compute.h. The arithmetic is decompose.h's; this reads its inputs.
#include "modules/targets/compute.h"

#include <map>
#include <unordered_map>

#include "modules/targets/decompose.h"
#include "modules/targets/shares.h"
#include "platform/db/database.h"
#include "platform/errors.h"

namespace fleetkam::targets {

int64_t indicator_month(const Plan& plan, int64_t now_ms) {
  return std::min(add_months(plan.from_month, -1), add_months(this_month(now_ms), -1));
}

std::pair<int64_t, int64_t> registration_window(int64_t month) {
  return {month_start_ms(add_months(month, -11)), month_start_ms(add_months(month, 1))};
}

void check_method(const Plan& plan, const PlanMethod& method, const OrgTree& tree) {
  std::vector<FieldError> errors;
  if (method.month_basis != "history" && method.month_basis != "even")
    errors.push_back({"month_basis", "must be history or even", "invalid_value"});
  auto collect = [&](const std::array<int64_t, 3>& values, const std::vector<std::string>& names,
                     const std::string& field) {
    std::vector<std::pair<std::string, int64_t>> named;
    for (size_t i = 0; i < 3; ++i) named.emplace_back(names[i], values[i]);
    try {
      check_percentages(named, field);
    } catch (const AppError& e) {
      errors.insert(errors.end(), e.errors().begin(), e.errors().end());
    }
  };
  collect(method.businesses, businesses(), "businesses");
  collect(method.weights, {"last_month_sales", "market_capacity", "registrations"}, "weights");
  for (const auto& [unit, units] : method.market_capacity) {
    const TreeUnit* u = tree.find(unit);
    if (!u || u->kind != "province" || !u->active)
      errors.push_back({"market_capacity." + std::to_string(unit), "is not an active province", "invalid_value"});
    else if (units < 0)
      errors.push_back({"market_capacity." + std::to_string(unit), "must not be negative", "invalid_value"});
  }
  for (const auto& [month, units] : method.month_overrides) {
    if (month < plan.from_month || month > plan.to_month)
      errors.push_back({"month_overrides." + month_text(month), "is not a month of the plan", "invalid_value"});
    else if (units < 0)
      errors.push_back({"month_overrides." + month_text(month), "must not be negative", "invalid_value"});
  }
  if (!errors.empty()) throw Invalid(errors);
}

Preview compute(db::Connection& c, const OrgTree& tree, const Plan& plan, const PlanMethod& method, int64_t now_ms) {
  Preview out;
  auto months = month_range(plan.from_month, plan.to_month);
  // history: the same calendar month of the three years before each month of the plan
  std::vector<int64_t> history(months.size(), 0);
  if (method.month_basis == "history") {
    std::string marks;
    db::Params params;
    for (auto m : months) {
      for (int64_t years = 1; years <= 3; ++years) {
        marks += marks.empty() ? "?" : ", ?";
        params.emplace_back(m - years * 100);
      }
    }
    std::unordered_map<int64_t, int64_t> by_month;
    for (const auto& row :
         c.query("SELECT month, SUM(units) FROM delivery_totals WHERE month IN (" + marks + ") GROUP BY month", params))
      by_month[row.integer(0)] = row.integer(1);
    for (size_t i = 0; i < months.size(); ++i) {
      for (int64_t years = 1; years <= 3; ++years) history[i] += by_month[months[i] - years * 100];
    }
  }
  auto shares = month_shares(history, method.month_basis == "history");

  // the provinces' indicators
  const auto& provinces = tree.of_kind("province");
  std::unordered_map<int64_t, size_t> index;
  for (size_t i = 0; i < provinces.size(); ++i) index[provinces[i]] = i;
  std::vector<std::array<double, 3>> indicators(provinces.size(), {0, 0, 0});
  int64_t last = indicator_month(plan, now_ms);
  for (const auto& row :
       c.query("SELECT unit_id, SUM(units) FROM delivery_totals WHERE month = ? GROUP BY unit_id", {last})) {
    auto it = index.find(tree.ancestor_at(row.integer(0), "province"));
    if (it != index.end()) indicators[it->second][0] += static_cast<double>(std::max<int64_t>(0, row.integer(1)));
  }
  for (const auto& [unit, units] : method.market_capacity) {
    auto it = index.find(unit);
    if (it != index.end()) indicators[it->second][1] = static_cast<double>(units);
  }
  auto window = registration_window(last);
  for (const auto& row : c.query("SELECT dealer_unit_id, COUNT(*) FROM registrations WHERE created_at >= ? AND "
                                 "created_at < ? AND status <> 'rejected' GROUP BY dealer_unit_id",
                                 {window.first, window.second})) {
    auto it = index.find(tree.ancestor_at(row.integer(0), "province"));
    if (it != index.end()) indicators[it->second][2] += static_cast<double>(row.integer(1));
  }

  PlanInput in;
  in.total = plan.total_units;
  in.month_shares = shares.shares;
  for (size_t i = 0; i < months.size(); ++i) {
    auto o = method.month_overrides.find(months[i]);
    if (o != method.month_overrides.end()) in.month_overrides[i] = o->second;
  }
  in.business_percent = method.businesses;
  in.province_shares = provinces.empty() ? std::vector<double>{1.0} : composite_shares(indicators, method.weights);
  auto d = decompose(in);

  for (size_t i = 0; i < months.size(); ++i) {
    MonthRow row;
    row.month = months[i];
    row.units = d.months[i];
    row.exact = d.months_exact[i];
    row.history_units = history[i];
    row.from_history = shares.from_history[i];
    auto o = method.month_overrides.find(months[i]);
    if (o != method.month_overrides.end()) row.override_units = o->second;
    out.months.push_back(row);
  }
  int64_t hq = tree.of_kind("hq").empty() ? 0 : tree.of_kind("hq").front();
  const auto& names = businesses();
  std::map<std::tuple<int64_t, int64_t, size_t>, std::pair<int64_t, double>> regions;  // region, month, business
  for (size_t b = 0; b < 3; ++b) {
    for (size_t m = 0; m < months.size(); ++m) {
      if (hq)
        out.cells.push_back({"hq", hq, 0, months[m], names[b], d.business_months[b][m], d.business_months_exact[b][m]});
      for (size_t p = 0; p < provinces.size(); ++p) {
        int64_t units = d.provinces[b][p][m];
        double exact = d.provinces_exact[b][p][m];
        out.cells.push_back({"province", provinces[p], 0, months[m], names[b], units, exact});
        int64_t region = tree.ancestor_at(provinces[p], "region");
        if (region) {
          auto& sum = regions[{region, months[m], b}];
          sum.first += units;
          sum.second += exact;
        }
      }
    }
  }
  for (const auto& [key, sum] : regions) {
    const auto& [region, month, b] = key;
    out.cells.push_back({"region", region, 0, month, names[b], sum.first, sum.second});
  }
  return out;
}

}  // namespace fleetkam::targets
