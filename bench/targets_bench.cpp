// Target decomposition at national scale: 24,000 units over 12 months, 3 businesses and 34 provinces
// (uneven shares), every province split among its dealers (2,000, unevenly spread) and every dealer
// among its people (10,000, 3–7 each), all in whole units that add up at every level. Target: a full
// decomposition in under 200 ms. BM_ControlledRound times one rows × 12 table on its own.
#include <benchmark/benchmark.h>

#include <numeric>
#include <random>
#include <vector>

#include "modules/targets/decompose.h"
#include "modules/targets/rounding.h"

using namespace fleetkam::targets;

namespace {

struct Nation {
  PlanInput plan;
  std::vector<std::vector<double>> dealer_shares;  // [province][dealer in province]
  std::vector<std::vector<double>> people_shares;  // [dealer, numbered across provinces][person]
  size_t people = 0;
};

Nation make_nation() {
  std::mt19937 rng(2023);
  std::uniform_real_distribution<double> unit(0.2, 1.0);
  Nation n;
  n.plan.total = 24000;
  for (size_t m = 0; m < 12; ++m) n.plan.month_shares.push_back(0.05 + 0.01 * static_cast<double>((m * 7) % 12));
  std::vector<double> weight;
  for (size_t p = 0; p < 34; ++p) weight.push_back(static_cast<double>((p % 5 + 1) * (p + 2)));
  const double sum = std::accumulate(weight.begin(), weight.end(), 0.0);
  for (double w : weight) n.plan.province_shares.push_back(w / sum);
  std::vector<double> dealers_exact;
  for (double s : n.plan.province_shares) dealers_exact.push_back(2000 * s);
  const std::vector<int64_t> dealers = round_vector(dealers_exact, 2000);
  for (size_t p = 0; p < 34; ++p) {
    n.dealer_shares.emplace_back();
    for (int64_t d = 0; d < std::max<int64_t>(dealers[p], 1); ++d) {
      n.dealer_shares.back().push_back(unit(rng));
      const size_t count = 3 + (n.people_shares.size() * 7) % 5;  // 3..7, about 5 on average
      n.people_shares.emplace_back();
      for (size_t k = 0; k < count; ++k) n.people_shares.back().push_back(unit(rng));
      n.people += count;
    }
  }
  return n;
}

// Returns the number of people-level cells, so the work cannot be optimised away.
size_t decompose_nation(const Nation& n) {
  const Decomposition d = decompose(n.plan);
  size_t cells = 0, dealer = 0;
  for (size_t p = 0; p < n.dealer_shares.size(); ++p) {
    std::vector<std::vector<int64_t>> province(kBusinesses);
    for (size_t b = 0; b < kBusinesses; ++b) province[b] = d.provinces[b][p];
    const auto dealers = split_among(province, n.dealer_shares[p]);  // [business][dealer][month]
    for (size_t k = 0; k < n.dealer_shares[p].size(); ++k, ++dealer) {
      std::vector<std::vector<int64_t>> parent(kBusinesses);
      for (size_t b = 0; b < kBusinesses; ++b) parent[b] = dealers[b][k];
      const auto people = split_among(parent, n.people_shares[dealer]);
      cells += people[0].size() * people[0][0].size() * kBusinesses;
    }
  }
  return cells;
}

}  // namespace

static void BM_DecomposeNational(benchmark::State& state) {
  const Nation n = make_nation();
  for (auto _ : state) benchmark::DoNotOptimize(decompose_nation(n));
  state.counters["dealers"] = static_cast<double>(n.people_shares.size());
  state.counters["people"] = static_cast<double>(n.people);
}
BENCHMARK(BM_DecomposeNational)->Unit(benchmark::kMillisecond);

// One rows × 12 table, each cell about range(1)/10 units: 0.4 is a province's month split among its
// dealers; 3.5 with every kind of fraction is the worst case (every cell a choice, one unit of flow per
// two cells).
static void BM_ControlledRound(benchmark::State& state) {
  const size_t rows = static_cast<size_t>(state.range(0));
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<std::vector<double>> table(rows, std::vector<double>(12));
  std::vector<int64_t> totals(12);
  for (size_t j = 0; j < 12; ++j) {
    std::vector<double> w(rows);
    for (double& x : w) x = unit(rng);
    const double sum = std::accumulate(w.begin(), w.end(), 0.0);
    totals[j] = static_cast<int64_t>(rows) * state.range(1) / 10;
    for (size_t i = 0; i < rows; ++i) table[i][j] = static_cast<double>(totals[j]) * w[i] / sum;
  }
  for (auto _ : state) benchmark::DoNotOptimize(controlled_round(table, totals));
}
BENCHMARK(BM_ControlledRound)
    ->Args({300, 4})
    ->Args({300, 35})
    ->Args({2000, 4})
    ->Args({2000, 35})
    ->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
