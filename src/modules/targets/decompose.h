// Target decomposition (目标分解) in whole units: a plan's total to months, each month to the three
// businesses, each business-month to provinces, and any parent table on to dealers or people. Every
// figure adds up exactly to its parent (controlled rounding, rounding.h); the exact values come along
// so a screen can show what the rounding did.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>

namespace fleetkam::targets {

// Businesses are always in this order.
enum Business : std::size_t { kDirect = 0, kTender = 1, kOneTime = 2 };
inline constexpr std::size_t kBusinesses = 3;

struct PlanInput {
  int64_t total = 0;                               // whole units of the plan
  std::vector<double> month_shares;                // one per month of the period, sums to 1
  std::map<std::size_t, int64_t> month_overrides;  // month index → fixed whole units
  std::array<int64_t, 3> business_percent{40, 40, 20};
  std::vector<double> province_shares;  // one per province, sums to 1
};

struct Decomposition {
  std::vector<int64_t> months;  // [month]
  std::vector<double> months_exact;
  std::vector<std::vector<int64_t>> business_months;  // [business][month]
  std::vector<std::vector<double>> business_months_exact;
  std::vector<std::vector<std::vector<int64_t>>> provinces;  // [business][province][month]
  std::vector<std::vector<std::vector<double>>> provinces_exact;
};

// Throws fleetkam::Invalid: total_units (negative), month_overrides (negative, past the last month,
// more than the total, or every month overridden without adding up to it), business_percent (see
// check_percentages), month_shares / province_shares (empty or negative).
Decomposition decompose(const PlanInput& in);

// Splits each business's month figures among children by their shares (renormalised; all zero: even):
// [business][child][month], each month column adding up exactly to the parent cell. For dealers in a
// province and people in a dealer. Empty or negative shares: std::invalid_argument.
std::vector<std::vector<std::vector<int64_t>>> split_among(
    const std::vector<std::vector<int64_t>>& parent, const std::vector<double>& child_shares,
    std::vector<std::vector<std::vector<double>>>* exact_out = nullptr);

}  // namespace fleetkam::targets
