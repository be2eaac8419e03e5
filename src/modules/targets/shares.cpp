// Shares for target splits: percentage checks, month shares from history, composite province shares.
#include "modules/targets/shares.h"

#include <cmath>
#include <stdexcept>

#include "platform/errors.h"

namespace fleetkam::targets {

void check_percentages(const std::vector<std::pair<std::string, int64_t>>& named, const std::string& field) {
  std::vector<FieldError> errors;
  int64_t sum = 0;
  for (const auto& [name, value] : named) {
    if (value < 0 || value > 100)
      errors.push_back(
          {field + "." + name, "must be between 0 and 100, not " + std::to_string(value), "invalid_value"});
    sum += value;
  }
  if (errors.empty() && sum != 100)
    errors.push_back({field, "must add up to 100, not " + std::to_string(sum), "invalid_value"});
  if (!errors.empty()) throw Invalid(errors);
}

MonthShares month_shares(const std::vector<int64_t>& history_units, bool use_history) {
  const size_t n = history_units.size();
  MonthShares out{std::vector<double>(n, n ? 1.0 / static_cast<double>(n) : 0.0), std::vector<bool>(n, false)};
  int64_t total = 0;
  size_t with_history = 0;
  for (int64_t units : history_units) {
    if (units < 0) throw std::invalid_argument("month_shares: negative history");
    total += units;
    if (units > 0) ++with_history;
  }
  if (!use_history || total == 0) return out;
  // The months with history keep the h/n they would have had evenly, split by their history.
  const double pool = static_cast<double>(with_history) / static_cast<double>(n);
  for (size_t k = 0; k < n; ++k) {
    if (history_units[k] == 0) continue;
    out.shares[k] = pool * static_cast<double>(history_units[k]) / static_cast<double>(total);
    out.from_history[k] = true;
  }
  return out;
}

std::vector<double> composite_shares(const std::vector<std::array<double, 3>>& indicators,
                                     const std::array<int64_t, 3>& weights_percent) {
  const size_t n = indicators.size();
  if (n == 0) return {};
  std::array<double, 3> column{0, 0, 0};
  for (const auto& row : indicators)
    for (size_t k = 0; k < 3; ++k) {
      if (!std::isfinite(row[k]) || row[k] < 0) throw std::invalid_argument("composite_shares: negative indicator");
      column[k] += row[k];
    }
  std::array<double, 3> weight{0, 0, 0};
  double weight_sum = 0;
  size_t with_data = 0;
  for (size_t k = 0; k < 3; ++k) {
    if (weights_percent[k] < 0) throw std::invalid_argument("composite_shares: negative weight");
    if (column[k] <= 0) continue;
    ++with_data;
    weight[k] = static_cast<double>(weights_percent[k]);
    weight_sum += weight[k];
  }
  if (with_data == 0) return std::vector<double>(n, 1.0 / static_cast<double>(n));
  for (size_t k = 0; k < 3; ++k)
    if (column[k] > 0) weight[k] = weight_sum > 0 ? weight[k] / weight_sum : 1.0 / static_cast<double>(with_data);
  std::vector<double> out(n, 0.0);
  for (size_t i = 0; i < n; ++i)
    for (size_t k = 0; k < 3; ++k)
      if (column[k] > 0) out[i] += weight[k] * indicators[i][k] / column[k];
  return out;
}

}  // namespace fleetkam::targets
