// The mathematics of target decomposition without a database: largest-remainder and controlled rounding
// (property tests over thousands of seeded random tables, and against brute force on small ones), month
// and composite shares, percentage checks, and the whole decomposition on the seed plan's own numbers.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <random>

#include "modules/targets/decompose.h"
#include "modules/targets/rounding.h"
#include "modules/targets/shares.h"
#include "platform/errors.h"

using namespace fleetkam::targets;
using Table = std::vector<std::vector<double>>;
using Whole = std::vector<std::vector<int64_t>>;

namespace {

// A random table with integral column totals: per column a kind (all zero, small, large, huge), some
// zero and some integral cells, the rest of the column total spread by random weights.
std::pair<Table, std::vector<int64_t>> random_table(std::mt19937& rng) {
  const size_t rows = std::uniform_int_distribution<size_t>(1, 40)(rng);
  const size_t cols = std::uniform_int_distribution<size_t>(1, 14)(rng);
  Table t(rows, std::vector<double>(cols, 0.0));
  std::vector<int64_t> totals(cols, 0);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (size_t j = 0; j < cols; ++j) {
    const int kind = std::uniform_int_distribution<int>(0, 9)(rng);
    if (kind == 0) continue;  // a column of zeros
    const int64_t limit = kind <= 5 ? static_cast<int64_t>(rows) * 2 : kind <= 8 ? 100000 : 1'000'000'000;
    int64_t total = std::uniform_int_distribution<int64_t>(0, limit)(rng);
    totals[j] = total;
    std::vector<double> weight(rows, 0.0);
    for (size_t i = 0; i < rows; ++i) {
      const double r = unit(rng);
      if (r < 0.15) continue;       // zero cell
      if (r < 0.25 && total > 0) {  // integral cell
        const int64_t v = std::uniform_int_distribution<int64_t>(0, std::min<int64_t>(total, 3))(rng);
        t[i][j] = static_cast<double>(v);
        total -= v;
        continue;
      }
      weight[i] = r < 0.3 ? unit(rng) * 1e-4 : unit(rng);  // some tiny shares
    }
    const double sum = std::accumulate(weight.begin(), weight.end(), 0.0);
    if (sum == 0) {
      t[0][j] += static_cast<double>(total);
      continue;
    }
    for (size_t i = 0; i < rows; ++i) t[i][j] += static_cast<double>(total) * weight[i] / sum;
  }
  return {t, totals};
}

bool near_integer(double x) { return std::fabs(x - std::nearbyint(x)) <= 1e-9; }

// Checks every promise of controlled_round; returns the number of fractional cells.
void expect_controlled(const Table& t, const std::vector<int64_t>& totals, const Whole& r, const std::string& where) {
  ASSERT_EQ(r.size(), t.size()) << where;
  int64_t grand = 0;
  std::vector<int64_t> columns(totals.size(), 0);
  for (size_t i = 0; i < t.size(); ++i) {
    ASSERT_EQ(r[i].size(), totals.size()) << where;
    double exact_row = 0;
    int64_t row = 0;
    for (size_t j = 0; j < totals.size(); ++j) {
      const double x = t[i][j];
      exact_row += near_integer(x) ? std::nearbyint(x) : x;
      if (near_integer(x)) {
        ASSERT_EQ(r[i][j], static_cast<int64_t>(std::nearbyint(x))) << where << " cell " << i << "," << j;
      } else {
        ASSERT_TRUE(r[i][j] == static_cast<int64_t>(std::floor(x)) || r[i][j] == static_cast<int64_t>(std::ceil(x)))
            << where << " cell " << i << "," << j << " = " << r[i][j] << " for " << x;
      }
      row += r[i][j];
      columns[j] += r[i][j];
    }
    grand += row;
    if (near_integer(exact_row)) {
      ASSERT_EQ(row, static_cast<int64_t>(std::nearbyint(exact_row))) << where << " row " << i;
    } else {
      ASSERT_TRUE(row == static_cast<int64_t>(std::floor(exact_row)) ||
                  row == static_cast<int64_t>(std::ceil(exact_row)))
          << where << " row " << i << " = " << row << " for " << exact_row;
    }
  }
  ASSERT_EQ(columns, totals) << where;
  ASSERT_EQ(grand, std::accumulate(totals.begin(), totals.end(), int64_t{0})) << where;
}

int64_t up_cost(double x) { return std::llround((1.0 - 2.0 * (x - std::floor(x))) * 1e6); }

int64_t rounding_cost(const Table& t, const Whole& r) {
  int64_t cost = 0;
  for (size_t i = 0; i < t.size(); ++i)
    for (size_t j = 0; j < t[i].size(); ++j)
      if (!near_integer(t[i][j]) && r[i][j] > static_cast<int64_t>(std::floor(t[i][j]))) cost += up_cost(t[i][j]);
  return cost;
}

}  // namespace

TEST(RoundVector, LargestRemainderTiesToTheLowerIndex) {
  EXPECT_EQ(round_vector({0.5, 0.5}, 1), (std::vector<int64_t>{1, 0}));
  EXPECT_EQ(round_vector({1.2, 2.3, 3.5}, 7), (std::vector<int64_t>{1, 2, 4}));
  EXPECT_EQ(round_vector({1.0 / 3, 1.0 / 3, 1.0 / 3}, 1), (std::vector<int64_t>{1, 0, 0}));
  EXPECT_EQ(round_vector({2.9999999999, 0.0000000001}, 3), (std::vector<int64_t>{3, 0}));
  EXPECT_EQ(round_vector({}, 0), std::vector<int64_t>{});
  EXPECT_THROW(round_vector({-1.0, 2.0}, 1), std::invalid_argument);
  EXPECT_THROW(round_vector({0.5, 0.6}, 1), std::invalid_argument);
  EXPECT_THROW(round_vector({}, 1), std::invalid_argument);
}

TEST(RoundVector, PropertiesOnRandomVectors) {
  std::mt19937 rng(12);
  for (int round = 0; round < 2000; ++round) {
    const size_t n = std::uniform_int_distribution<size_t>(1, 40)(rng);
    const int64_t total = std::uniform_int_distribution<int64_t>(0, 5000)(rng);
    std::vector<double> w(n);
    for (double& x : w) x = std::uniform_real_distribution<double>(0, 1)(rng);
    const double sum = std::accumulate(w.begin(), w.end(), 0.0);
    for (double& x : w) x = static_cast<double>(total) * x / sum;
    const auto r = round_vector(w, total);
    EXPECT_EQ(std::accumulate(r.begin(), r.end(), int64_t{0}), total);
    for (size_t i = 0; i < n; ++i) EXPECT_LT(std::fabs(static_cast<double>(r[i]) - w[i]), 1.0);
    EXPECT_EQ(r, round_vector(w, total));
  }
}

TEST(ControlledRound, NaiveRoundingsBreakAColumnWhereControlledRoundingDoesNot) {
  // Three provinces with a third of each of two months' single unit.
  const Table t(3, std::vector<double>{1.0 / 3, 1.0 / 3});
  const std::vector<int64_t> months{1, 1};
  int64_t per_cell = 0;  // each cell to the nearest integer: every cell 0, both months lose their unit
  for (const auto& row : t) per_cell += std::llround(row[0]);
  EXPECT_EQ(per_cell, 0);
  std::vector<int64_t> row_wise(2, 0);  // largest remainder per row: each row's 2/3 → 1, always month 0
  for (const auto& row : t) {  // floors are 0; the row's llround(2/3) = 1 unit to the larger remainder, ties first
    const int64_t units = std::llround(row[0] + row[1]);
    const size_t first = row[1] > row[0] ? 1 : 0;
    row_wise[first] += std::min<int64_t>(units, 1), row_wise[1 - first] += units - std::min<int64_t>(units, 1);
  }
  EXPECT_EQ(row_wise, (std::vector<int64_t>{3, 0}));
  const auto c = controlled_round(t, months);
  expect_controlled(t, months, c, "thirds");
  EXPECT_EQ(c, (Whole{{1, 0}, {0, 1}, {0, 0}}));
}

TEST(ControlledRound, PropertiesOnThousandsOfRandomTables) {
  int tables = 0;
  for (unsigned seed : {1u, 2u, 3u, 4u}) {
    std::mt19937 rng(seed);
    for (int round = 0; round < 1000; ++round, ++tables) {
      const auto [t, totals] = random_table(rng);
      const std::string where = "seed " + std::to_string(seed) + " table " + std::to_string(round);
      const Whole r = controlled_round(t, totals);
      expect_controlled(t, totals, r, where);
      if (HasFatalFailure()) return;
      ASSERT_EQ(r, controlled_round(t, totals)) << where;
    }
  }
  EXPECT_EQ(tables, 4000);
}

TEST(ControlledRound, FindsTheCheapestRoundingOnSmallTables) {
  std::mt19937 rng(99);
  for (int round = 0; round < 300; ++round) {
    const size_t rows = std::uniform_int_distribution<size_t>(1, 8)(rng);  // ≤ 16 cells: 2^16 choices
    const size_t cols = std::uniform_int_distribution<size_t>(1, std::min<size_t>(8, 16 / rows))(rng);
    Table t(rows, std::vector<double>(cols));
    std::vector<int64_t> totals(cols);
    for (size_t j = 0; j < cols; ++j) {
      totals[j] = std::uniform_int_distribution<int64_t>(0, 6)(rng);
      std::vector<double> w(rows);
      for (double& x : w) x = std::uniform_real_distribution<double>(0, 1)(rng);
      const double sum = std::accumulate(w.begin(), w.end(), 0.0);
      for (size_t i = 0; i < rows; ++i) t[i][j] = static_cast<double>(totals[j]) * w[i] / sum;
    }
    const Whole r = controlled_round(t, totals);
    expect_controlled(t, totals, r, "small " + std::to_string(round));
    if (HasFatalFailure()) return;
    // Brute force over every up/down choice of the ≤ 16 cells.
    int64_t best = std::numeric_limits<int64_t>::max();
    Whole c(rows, std::vector<int64_t>(cols));
    for (uint32_t mask = 0; mask < (1u << (rows * cols)); ++mask) {
      bool ok = true;
      for (size_t i = 0; i < rows && ok; ++i) {
        double exact_row = 0;
        int64_t row = 0;
        for (size_t j = 0; j < cols; ++j) {
          c[i][j] = static_cast<int64_t>(std::floor(t[i][j])) + ((mask >> (i * cols + j)) & 1);
          if (near_integer(t[i][j]) && c[i][j] != std::llround(t[i][j])) ok = false;
          exact_row += t[i][j];
          row += c[i][j];
        }
        ok = ok && (near_integer(exact_row) ? row == std::llround(exact_row)
                                            : row == static_cast<int64_t>(std::floor(exact_row)) ||
                                                  row == static_cast<int64_t>(std::ceil(exact_row)));
      }
      for (size_t j = 0; j < cols && ok; ++j) {
        int64_t column = 0;
        for (size_t i = 0; i < rows; ++i) column += c[i][j];
        ok = column == totals[j];
      }
      if (ok) best = std::min(best, rounding_cost(t, c));
    }
    ASSERT_EQ(rounding_cost(t, r), best) << "small " << round;
  }
}

TEST(ControlledRound, EdgeShapesAndBadInput) {
  EXPECT_EQ(controlled_round({}, {}), Whole{});
  EXPECT_EQ(controlled_round({}, {0, 0}), Whole{});
  EXPECT_EQ(controlled_round({{}, {}}, {}), (Whole{{}, {}}));
  EXPECT_EQ(controlled_round({{2.0, 0.0}, {3.0, 0.0}}, {5, 0}), (Whole{{2, 0}, {3, 0}}));
  EXPECT_THROW(controlled_round({}, {1}), std::invalid_argument);
  EXPECT_THROW(controlled_round({{0.5}, {0.4}}, {1}), std::invalid_argument);
  EXPECT_THROW(controlled_round({{-0.5}, {1.5}}, {1}), std::invalid_argument);
  EXPECT_THROW(controlled_round({{0.5, 0.5}, {0.5}}, {1, 0}), std::invalid_argument);
  EXPECT_THROW(controlled_round({{std::nan("")}}, {0}), std::invalid_argument);
}

TEST(Percentages, MustBeWholeFrom0To100AddingUpTo100) {
  EXPECT_NO_THROW(check_percentages({{"direct", 40}, {"tender", 40}, {"one_time", 20}}, "business_percent"));
  try {
    check_percentages({{"direct", 40}, {"tender", 40}, {"one_time", 10}}, "business_percent");
    FAIL();
  } catch (const fleetkam::Invalid& e) {
    ASSERT_EQ(e.errors().size(), 1u);
    EXPECT_EQ(e.errors()[0].field, "business_percent");
    EXPECT_EQ(e.errors()[0].message, "must add up to 100, not 90");
    EXPECT_EQ(e.errors()[0].code, "invalid_value");
  }
  try {
    check_percentages({{"sales", -10}, {"capacity", 110}, {"opportunities", 0}}, "weights");
    FAIL();
  } catch (const fleetkam::Invalid& e) {
    ASSERT_EQ(e.errors().size(), 2u);
    EXPECT_EQ(e.errors()[0].field, "weights.sales");
    EXPECT_EQ(e.errors()[1].field, "weights.capacity");
    EXPECT_EQ(e.errors()[1].code, "invalid_value");
  }
}

TEST(MonthShares, EvenWithoutHistoryAndForMonthsWithoutIt) {
  auto s = month_shares({30, 0, 10, 0}, true);  // two months with history share their 2/4 as 3:1
  EXPECT_DOUBLE_EQ(s.shares[0], 0.375);
  EXPECT_DOUBLE_EQ(s.shares[1], 0.25);
  EXPECT_DOUBLE_EQ(s.shares[2], 0.125);
  EXPECT_DOUBLE_EQ(s.shares[3], 0.25);
  EXPECT_EQ(s.from_history, (std::vector<bool>{true, false, true, false}));
  s = month_shares({0, 0, 0}, true);
  for (double x : s.shares) EXPECT_DOUBLE_EQ(x, 1.0 / 3);
  EXPECT_EQ(s.from_history, (std::vector<bool>{false, false, false}));
  s = month_shares({5, 7, 9}, false);
  for (double x : s.shares) EXPECT_DOUBLE_EQ(x, 1.0 / 3);
  EXPECT_EQ(s.from_history, (std::vector<bool>{false, false, false}));
  s = month_shares({5, 7, 8}, true);
  EXPECT_DOUBLE_EQ(s.shares[2], 0.4);
  EXPECT_NEAR(std::accumulate(s.shares.begin(), s.shares.end(), 0.0), 1.0, 1e-12);
  EXPECT_TRUE(month_shares({}, true).shares.empty());
  EXPECT_THROW(month_shares({1, -1}, true), std::invalid_argument);
}

TEST(CompositeShares, WeightedAndAnEmptyIndicatorGivesItsWeightAway) {
  // sales 1:3, capacity 1:1, opportunities 0:0 (no data); weights 50/30/20 → 50/80 and 30/80.
  const auto s = composite_shares({{10, 5, 0}, {30, 5, 0}}, {50, 30, 20});
  EXPECT_DOUBLE_EQ(s[0], 50.0 / 80 * 0.25 + 30.0 / 80 * 0.5);
  EXPECT_NEAR(s[0] + s[1], 1.0, 1e-12);
  const auto even = composite_shares({{0, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}}, {50, 30, 20});
  for (double x : even) EXPECT_DOUBLE_EQ(x, 0.25);
  const auto only_unweighted = composite_shares({{0, 1, 0}, {0, 3, 0}}, {100, 0, 0});
  EXPECT_DOUBLE_EQ(only_unweighted[1], 0.75);
  EXPECT_TRUE(composite_shares({}, {50, 30, 20}).empty());
  EXPECT_THROW(composite_shares({{1, -1, 0}}, {50, 30, 20}), std::invalid_argument);
}

namespace {

PlanInput seed_plan() {  // the seed: 2023 units over 2023-07…2023-12, 40/40/20, 31 uneven provinces
  PlanInput in;
  in.total = 2023;
  in.month_shares = {0.14, 0.15, 0.16, 0.17, 0.18, 0.20};
  for (size_t p = 0; p < 31; ++p) in.province_shares.push_back(static_cast<double>((p % 7 + 1) * (p + 3)));
  const double sum = std::accumulate(in.province_shares.begin(), in.province_shares.end(), 0.0);
  for (double& s : in.province_shares) s /= sum;
  return in;
}

void expect_adds_up(const Decomposition& d, int64_t total) {
  EXPECT_EQ(std::accumulate(d.months.begin(), d.months.end(), int64_t{0}), total);
  ASSERT_EQ(d.business_months.size(), 3u);
  for (size_t m = 0; m < d.months.size(); ++m) {
    int64_t businesses = 0;
    for (size_t b = 0; b < 3; ++b) {
      businesses += d.business_months[b][m];
      EXPECT_LT(std::fabs(static_cast<double>(d.business_months[b][m]) - d.business_months_exact[b][m]), 1.0);
      int64_t provinces = 0;
      for (const auto& row : d.provinces[b]) provinces += row[m];
      EXPECT_EQ(provinces, d.business_months[b][m]) << "business " << b << " month " << m;
    }
    EXPECT_EQ(businesses, d.months[m]) << "month " << m;
  }
  for (size_t b = 0; b < 3; ++b)
    expect_controlled(d.provinces_exact[b], d.business_months[b], d.provinces[b], "provinces");
}

}  // namespace

TEST(Decompose, TheSeedPlanAddsUpAtEveryLevel) {
  const Decomposition d = decompose(seed_plan());
  EXPECT_EQ(d.months, (std::vector<int64_t>{283, 303, 324, 344, 364, 405}));
  expect_adds_up(d, 2023);
  ASSERT_EQ(d.provinces[0].size(), 31u);
  int64_t direct = 0;  // 40 % of 2023 = 809.2
  for (int64_t x : d.business_months[0]) direct += x;
  EXPECT_TRUE(direct == 809 || direct == 810);
}

TEST(Decompose, AnOverriddenMonthRebalancesTheOthers) {
  PlanInput in = seed_plan();
  in.month_overrides[0] = 500;
  const Decomposition d = decompose(in);
  EXPECT_EQ(d.months[0], 500);
  EXPECT_EQ(std::accumulate(d.months.begin() + 1, d.months.end(), int64_t{0}), 1523);
  expect_adds_up(d, 2023);
  in.month_shares.assign(6, 0.0);  // shares summing to 0: the rest goes evenly
  EXPECT_EQ(decompose(in).months, (std::vector<int64_t>{500, 305, 305, 305, 304, 304}));
}

TEST(Decompose, RefusesWhatCannotAddUp) {
  auto field_of = [](const PlanInput& in) {
    try {
      decompose(in);
    } catch (const fleetkam::Invalid& e) {
      return e.errors().at(0).field + ": " + e.errors().at(0).message;
    }
    return std::string("no error");
  };
  PlanInput in = seed_plan();
  in.total = -1;
  EXPECT_EQ(field_of(in), "total_units: must not be negative, not -1");
  in = seed_plan();
  in.month_overrides = {{0, 1500}, {1, 600}};
  EXPECT_EQ(field_of(in), "month_overrides: overrides add up to 2100, more than the total of 2023");
  in.month_overrides = {{2, -5}};
  EXPECT_EQ(field_of(in), "month_overrides: must not be negative, not -5");
  in.month_overrides = {{0, 300}, {1, 300}, {2, 300}, {3, 300}, {4, 300}, {5, 300}};
  EXPECT_EQ(field_of(in), "month_overrides: every month is set and they add up to 1800, not 2023");
  in.month_overrides = {{6, 1}};
  EXPECT_EQ(field_of(in), "month_overrides: month 6 is outside the period");
  in = seed_plan();
  in.business_percent = {50, 40, 20};
  EXPECT_EQ(field_of(in), "business_percent: must add up to 100, not 110");
  in.business_percent = {-10, 90, 20};
  EXPECT_EQ(field_of(in), "business_percent.direct: must be between 0 and 100, not -10");
  in = seed_plan();
  in.province_shares.clear();
  EXPECT_EQ(field_of(in), "province_shares: needs at least one province");
  in = seed_plan();
  in.month_overrides = {{0, 300}, {1, 300}, {2, 300}, {3, 300}, {4, 300}, {5, 523}};
  EXPECT_EQ(field_of(in), "no error");
}

TEST(SplitAmong, EveryMonthAddsUpToItsParentCell) {
  const Whole parent{{13, 0, 7}, {1, 2, 3}, {0, 0, 0}};
  std::vector<std::vector<std::vector<double>>> exact;
  const auto split = split_among(parent, {5, 3, 1, 1, 0}, &exact);
  ASSERT_EQ(split.size(), 3u);
  for (size_t b = 0; b < 3; ++b) {
    ASSERT_EQ(split[b].size(), 5u);
    expect_controlled(exact[b], parent[b], split[b], "split");
    for (size_t m = 0; m < 3; ++m) EXPECT_EQ(split[b][4][m], 0);  // a zero share gets nothing
  }
  EXPECT_THROW(split_among(parent, {}), std::invalid_argument);
  EXPECT_THROW(split_among(parent, {1, -1}), std::invalid_argument);
}
