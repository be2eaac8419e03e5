// Target decomposition: months by share and overrides, businesses by percentage, provinces and below by
// share, each level controlled-rounded against the level above.
#include "modules/targets/decompose.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "modules/targets/rounding.h"
#include "modules/targets/shares.h"
#include "platform/errors.h"

namespace fleetkam::targets {

namespace {

// Shares made to sum to 1; all zero: even. Negative or non-finite: false.
bool normalise(std::vector<double>& shares) {
  double sum = 0;
  for (double s : shares) {
    if (!std::isfinite(s) || s < 0) return false;
    sum += s;
  }
  for (double& s : shares) s = sum > 0 ? s / sum : 1.0 / static_cast<double>(shares.size());
  return true;
}

std::vector<int64_t> split_months(const PlanInput& in, std::vector<double>& exact) {
  const size_t n = in.month_shares.size();
  if (in.total < 0) throw Invalid("total_units", "must not be negative, not " + std::to_string(in.total));
  if (n == 0) throw Invalid("month_shares", "needs at least one month");
  int64_t fixed = 0;
  for (const auto& [month, units] : in.month_overrides) {
    if (month >= n) throw Invalid("month_overrides", "month " + std::to_string(month) + " is outside the period");
    if (units < 0) throw Invalid("month_overrides", "must not be negative, not " + std::to_string(units));
    fixed += units;
  }
  if (fixed > in.total)
    throw Invalid("month_overrides", "overrides add up to " + std::to_string(fixed) + ", more than the total of " +
                                         std::to_string(in.total));
  if (in.month_overrides.size() == n && fixed != in.total)
    throw Invalid("month_overrides", "every month is set and they add up to " + std::to_string(fixed) + ", not " +
                                         std::to_string(in.total));
  std::vector<double> free_shares;
  for (size_t m = 0; m < n; ++m)
    if (!in.month_overrides.count(m)) free_shares.push_back(in.month_shares[m]);
  if (!normalise(free_shares)) throw Invalid("month_shares", "must not be negative");
  exact.assign(n, 0.0);
  const double rest = static_cast<double>(in.total - fixed);
  for (size_t m = 0, f = 0; m < n; ++m) {
    auto o = in.month_overrides.find(m);
    exact[m] = o != in.month_overrides.end() ? static_cast<double>(o->second) : rest * free_shares[f++];
  }
  return round_vector(exact, in.total);
}

}  // namespace

Decomposition decompose(const PlanInput& in) {
  check_percentages({{"direct", in.business_percent[kDirect]},
                     {"tender", in.business_percent[kTender]},
                     {"one_time", in.business_percent[kOneTime]}},
                    "business_percent");
  std::vector<double> provinces = in.province_shares;
  if (provinces.empty()) throw Invalid("province_shares", "needs at least one province");
  if (!normalise(provinces)) throw Invalid("province_shares", "must not be negative");

  Decomposition d;
  d.months = split_months(in, d.months_exact);
  const size_t n = d.months.size();
  d.business_months_exact.assign(kBusinesses, std::vector<double>(n));
  for (size_t b = 0; b < kBusinesses; ++b)
    for (size_t m = 0; m < n; ++m)
      d.business_months_exact[b][m] =
          static_cast<double>(d.months[m]) * static_cast<double>(in.business_percent[b]) / 100.0;
  d.business_months = controlled_round(d.business_months_exact, d.months);
  d.provinces = split_among(d.business_months, provinces, &d.provinces_exact);
  return d;
}

std::vector<std::vector<std::vector<int64_t>>> split_among(const std::vector<std::vector<int64_t>>& parent,
                                                           const std::vector<double>& child_shares,
                                                           std::vector<std::vector<std::vector<double>>>* exact_out) {
  std::vector<double> shares = child_shares;
  if (shares.empty() || !normalise(shares)) throw std::invalid_argument("split_among: shares empty or negative");
  std::vector<std::vector<std::vector<int64_t>>> out(parent.size());
  if (exact_out) exact_out->assign(parent.size(), {});
  std::vector<std::vector<double>> exact;
  for (size_t b = 0; b < parent.size(); ++b) {
    const size_t n = parent[b].size();
    exact.assign(shares.size(), std::vector<double>(n));
    for (size_t c = 0; c < shares.size(); ++c)
      for (size_t m = 0; m < n; ++m) exact[c][m] = shares[c] * static_cast<double>(parent[b][m]);
    out[b] = controlled_round(exact, parent[b]);
    if (exact_out) (*exact_out)[b] = exact;
  }
  return out;
}

}  // namespace fleetkam::targets
