// The shares a target is split by: the percentages a user types (business mix, indicator weights), the
// month shares from three years of deliveries, and a province's composite share from three weighted
// indicators. Pure functions; the rounding to whole units is rounding.h's.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace fleetkam::targets {

// Whole percentages by name. Throws fleetkam::Invalid listing each value below 0 or above 100 (field
// `field.name`) or, when all are in range, a sum other than 100 (field `field`); code invalid_value.
void check_percentages(const std::vector<std::pair<std::string, int64_t>>& named, const std::string& field);

struct MonthShares {
  std::vector<double> shares;      // one per plan month, summing to 1
  std::vector<bool> from_history;  // false where the month got the even share
};
// history_units[k]: units delivered in plan month k's calendar month over the three earlier years. A
// month without history gets an even 1/n; the months with history share the rest in proportion to their
// units. Without history at all (or !use_history) every month gets 1/n. Negative units: invalid_argument.
MonthShares month_shares(const std::vector<int64_t>& history_units, bool use_history);

// Per unit (province, person) three indicators: last month's actual sales, market capacity, registered
// opportunities. Each becomes a share of its column; the composite is Σ w_k/100 · share_k. An indicator
// whose column is all zero carries no information and its weight goes to the others in proportion to
// theirs (equally if theirs are all 0); with no data at all, even shares. Sums to 1; empty in, empty out.
// Negative values or weights: std::invalid_argument.
std::vector<double> composite_shares(const std::vector<std::array<double, 3>>& indicators,
                                     const std::array<int64_t, 3>& weights_percent);

}  // namespace fleetkam::targets
