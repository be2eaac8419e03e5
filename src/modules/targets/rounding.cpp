// Whole-unit rounding. A target split gives exact shares (a province's 37.4 units in March); people are
// assigned whole vehicles, and every split must add up exactly to its parent.
//
// Why the obvious ways fail. Rounding each cell to the nearest integer loses or invents units: three
// cells of 1/3 of 1 unit round to 0 + 0 + 0. Largest remainder along each row fixes the rows but not the
// columns: in the table {0.5, 0.5} / {0.5, 0.5} (columns summing to 1 each) both rows round their first
// cell up and give columns 2 and 0. The columns here are the parent figures (a month's plan), so they
// must be exact; the rows (a province's period total) need only stay within a unit of exact.
//
// Method: controlled rounding of a two-way table (Bacharach 1966, "Matrix rounding problems",
// Management Science 12(9); Cox & Ernst 1982, "Controlled rounding", INFOR 20(4); Cox 1987, "A
// constructive procedure for unbiased controlled rounding", JASA 82) as a min-cost flow. Every cell
// starts at its floor; the fractional cells are the choices. Network: source → row i with lower bound
// lo_i = floor(R_i) − Σ_j floor(x_ij) and upper bound hi_i = ceil(R_i) − Σ_j floor(x_ij); row i →
// column j with capacity 1 for each fractional cell (one unit of flow = that cell rounds up); column j →
// sink with exactly d_j = C_j − Σ_i floor(x_ij). Bacharach and Cox & Ernst show a feasible flow always
// exists. The lower bound is a parallel arc at cost −kBig, the room up to hi_i an arc at cost 0; an
// overflow arc at +kBig past hi_i only keeps the columns exact should floating-point noise ever make the
// row bounds infeasible (the property test never sees it used). Rounding a cell up instead of down costs
// round((1 − 2·frac)·1e6), so the min-cost flow of value Σ d_j minimises Σ|cell − exact|.
//
// Solver: successive shortest paths with potentials and Dijkstra (initial potentials from the DAG's
// topological order, as costs are negative). Tables are tall and narrow (thousands of dealers × 12
// months), so row nodes are eliminated: a residual path only crosses a row between two columns (in on an
// up cell, out on a down cell) or from the source into a column, so Dijkstra runs over the columns,
// source and sink alone, and the cheapest crossing for each (column, column) pair and (source tier,
// column) comes from a heap of rows with lazy deletion. Crossing costs do not depend on the row's
// potential, so heap keys never change. Each augmentation moves one unit, costs O(cols²) plus a few heap
// pushes, and the Dijkstra stops at the sink (nodes past it take the sink's distance, which keeps the
// reduced costs non-negative). Ties break by index: the result is deterministic.
#include "modules/targets/rounding.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace fleetkam::targets {

namespace {

constexpr double kIntegral = 1e-9;  // a value this close to an integer is that integer
constexpr double kTotalSlack = 1e-6;
constexpr int64_t kCostScale = 1'000'000;
constexpr int64_t kBig = 10'000'000'000'000;  // 1e13: more than the rounding cost of any table
constexpr int64_t kInf = std::numeric_limits<int64_t>::max() / 4;

struct Parts {
  int64_t floor;
  double frac;
  bool fixed;  // integral within kIntegral
};

Parts parts(double x) {
  const double nearest = std::nearbyint(x);
  if (std::fabs(x - nearest) <= kIntegral) return {static_cast<int64_t>(nearest), 0.0, true};
  const double f = std::floor(x);
  return {static_cast<int64_t>(f), x - f, false};
}

double checked(double x) {
  if (!std::isfinite(x) || x < -kIntegral) throw std::invalid_argument("rounding needs finite values ≥ 0");
  return std::max(x, 0.0);
}

// The exact total must be the integer within 1e-6 (relatively 1e-12 for huge totals, where a double's
// own precision is coarser).
bool total_matches(double sum, int64_t total) {
  const double t = static_cast<double>(total);
  return std::fabs(sum - t) <= std::max(kTotalSlack, 1e-12 * std::fabs(t));
}

class ControlledRounding {
 public:
  ControlledRounding(const std::vector<std::vector<double>>& exact, const std::vector<int64_t>& column_totals);
  std::vector<std::vector<int64_t>> solve();

 private:
  enum : uint8_t { kFixed, kDown, kUp };
  struct Entry {
    int64_t key;
    uint32_t row;
    uint8_t tier = 0;  // source entries: the row's tier when pushed
    bool operator>(const Entry& o) const { return key != o.key ? key > o.key : row > o.row; }
  };
  using Heap = std::vector<Entry>;  // min-heap

  size_t at(size_t i, size_t j) const { return i * cols_ + j; }
  int tier(size_t i) const { return ups_[i] < lo_[i] ? 0 : ups_[i] < hi_[i] ? 1 : 2; }
  static int64_t tier_cost(int t) { return t == 0 ? -kBig : t == 1 ? 0 : kBig; }
  static void push(Heap& h, Entry e) {
    h.push_back(e);
    std::push_heap(h.begin(), h.end(), std::greater<>());
  }
  template <class Valid>
  static const Entry* top(Heap& h, Valid valid) {
    while (!h.empty() && !valid(h.front())) {
      std::pop_heap(h.begin(), h.end(), std::greater<>());
      h.pop_back();
    }
    return h.empty() ? nullptr : &h.front();
  }
  const Entry* top_source(size_t k) {
    return top(source_[k], [&](const Entry& e) { return state_[at(e.row, k)] == kDown && tier(e.row) == e.tier; });
  }
  void push_source(size_t i, size_t k) {
    const int t = tier(i);
    push(source_[k], {tier_cost(t) + cost_[at(i, k)], static_cast<uint32_t>(i), static_cast<uint8_t>(t)});
  }
  const Entry* top_pair(size_t j, size_t k) {
    return top(pair_[at(j, k)],
               [&](const Entry& e) { return state_[at(e.row, j)] == kUp && state_[at(e.row, k)] == kDown; });
  }
  void set_up(size_t i, size_t k);
  void set_down(size_t i, size_t k);
  bool augment();

  size_t rows_, cols_;
  std::vector<int64_t> base_;  // floor of each cell
  std::vector<int64_t> cost_;  // cost of rounding the cell up rather than down
  std::vector<uint8_t> state_;
  std::vector<int64_t> lo_, hi_, ups_;  // per row
  std::vector<int64_t> need_, got_;     // per column
  std::vector<Heap> pair_;              // [j][k]: rows with (i,j) up and (i,k) down, key cost_ik − cost_ij
  std::vector<Heap> source_;            // [k]: rows with (i,k) down, key tier cost + cost_ik
  std::vector<int64_t> dist_;           // Dijkstra's, kept to spare the allocations
  std::vector<size_t> from_;
  std::vector<uint32_t> via_;
  std::vector<uint8_t> done_;
  std::vector<int64_t> pi_;  // potentials: columns, then source, then sink
};

ControlledRounding::ControlledRounding(const std::vector<std::vector<double>>& exact,
                                       const std::vector<int64_t>& column_totals)
    : rows_(exact.size()), cols_(column_totals.size()) {
  base_.assign(rows_ * cols_, 0);
  cost_.assign(rows_ * cols_, 0);
  state_.assign(rows_ * cols_, kFixed);
  lo_.assign(rows_, 0);
  hi_.assign(rows_, 0);
  ups_.assign(rows_, 0);
  need_.assign(cols_, 0);
  got_.assign(cols_, 0);
  std::vector<double> column_sums(cols_, 0.0);
  std::vector<int64_t> column_fractional(cols_, 0);
  for (size_t i = 0; i < rows_; ++i) {
    if (exact[i].size() != cols_) throw std::invalid_argument("controlled_round: rows of unequal length");
    double row_total = 0;
    int64_t row_floor = 0, fractional = 0;
    for (size_t j = 0; j < cols_; ++j) {
      const double x = checked(exact[i][j]);
      const Parts p = parts(x);
      column_sums[j] += x;
      base_[at(i, j)] = p.floor;
      row_floor += p.floor;
      if (p.fixed) {
        row_total += static_cast<double>(p.floor);
      } else {
        row_total += x;
        state_[at(i, j)] = kDown;
        cost_[at(i, j)] = std::llround((1.0 - 2.0 * p.frac) * kCostScale);
        ++fractional;
        ++column_fractional[j];
      }
    }
    const Parts r = parts(row_total);
    lo_[i] = std::clamp<int64_t>(r.floor - row_floor, 0, fractional);
    hi_[i] = std::clamp<int64_t>(r.floor + (r.fixed ? 0 : 1) - row_floor, lo_[i], fractional);
  }
  for (size_t j = 0; j < cols_; ++j) {
    if (!total_matches(column_sums[j], column_totals[j]))
      throw std::invalid_argument("controlled_round: column " + std::to_string(j) + " sums to " +
                                  std::to_string(column_sums[j]) + ", not " + std::to_string(column_totals[j]));
    int64_t floors = 0;
    for (size_t i = 0; i < rows_; ++i) floors += base_[at(i, j)];
    need_[j] = column_totals[j] - floors;
    if (need_[j] < 0 || need_[j] > column_fractional[j])
      throw std::invalid_argument("controlled_round: column " + std::to_string(j) + " cannot reach its total");
  }
}

void ControlledRounding::set_up(size_t i, size_t k) {
  state_[at(i, k)] = kUp;
  for (size_t m = 0; m < cols_; ++m)
    if (state_[at(i, m)] == kDown) push(pair_[at(k, m)], {cost_[at(i, m)] - cost_[at(i, k)], static_cast<uint32_t>(i)});
}

void ControlledRounding::set_down(size_t i, size_t k) {
  state_[at(i, k)] = kDown;
  for (size_t m = 0; m < cols_; ++m)
    if (state_[at(i, m)] == kUp) push(pair_[at(m, k)], {cost_[at(i, k)] - cost_[at(i, m)], static_cast<uint32_t>(i)});
  push_source(i, k);
}

// One shortest path from the source to the sink, one unit along it; false when the sink is unreachable.
bool ControlledRounding::augment() {
  const size_t n = cols_ + 2, source = cols_, sink = cols_ + 1;
  auto& dist = dist_;
  auto& from = from_;
  auto& via = via_;
  auto& done = done_;
  dist.assign(n, kInf);
  from.assign(n, n);
  via.assign(n, 0);
  done.assign(n, 0);
  dist[source] = 0;
  auto relax = [&](size_t v, int64_t d, size_t u, uint32_t row) {
    if (d < dist[v]) dist[v] = d, from[v] = u, via[v] = row;
  };
  for (;;) {
    size_t u = n;
    for (size_t v = 0; v < n; ++v)
      if (!done[v] && dist[v] < kInf && (u == n || dist[v] < dist[u])) u = v;
    if (u == n || u == sink) break;
    done[u] = true;
    if (u == source) {
      for (size_t k = 0; k < cols_; ++k)
        if (const Entry* e = top_source(k)) relax(k, e->key + pi_[source] - pi_[k], source, e->row);
    } else {
      for (size_t k = 0; k < cols_; ++k)
        if (k != u && !done[k])
          if (const Entry* e = top_pair(u, k)) relax(k, dist[u] + e->key + pi_[u] - pi_[k], u, e->row);
      if (got_[u] < need_[u]) relax(sink, dist[u] + pi_[u] - pi_[sink], u, 0);
    }
  }
  if (dist[sink] >= kInf) return false;
  for (size_t v = 0; v < n; ++v) pi_[v] += std::min(dist[v], dist[sink]);
  size_t v = from[sink];
  ++got_[v];
  while (v != source) {
    const size_t u = from[v], i = via[v];
    set_up(i, v);
    if (u == source) {
      const int before = tier(i);
      ++ups_[i];
      if (tier(i) != before)
        for (size_t m = 0; m < cols_; ++m)
          if (state_[at(i, m)] == kDown) push_source(i, m);
    } else {
      set_down(i, u);
    }
    v = u;
  }
  return true;
}

std::vector<std::vector<int64_t>> ControlledRounding::solve() {
  int64_t demand = 0;
  for (int64_t d : need_) demand += d;
  if (demand > 0) {
    pair_.assign(cols_ * cols_, {});
    source_.assign(cols_, {});
    for (size_t i = 0; i < rows_; ++i) {
      const int t = tier(i);
      for (size_t k = 0; k < cols_; ++k)
        if (state_[at(i, k)] == kDown)
          source_[k].push_back({tier_cost(t) + cost_[at(i, k)], static_cast<uint32_t>(i), static_cast<uint8_t>(t)});
    }
    for (Heap& h : source_) std::make_heap(h.begin(), h.end(), std::greater<>());
    // Initial potentials: shortest distances in the flowless network, a DAG (source, rows, columns, sink).
    pi_.assign(cols_ + 2, 0);
    int64_t sink = kInf;
    for (size_t k = 0; k < cols_; ++k) {
      const Entry* e = top_source(k);
      const int64_t best = e ? e->key : kInf;
      if (best < kInf) pi_[k] = best;
      if (need_[k] > 0) sink = std::min(sink, best);
    }
    pi_[cols_ + 1] = sink;
    for (int64_t moved = 0; moved < demand; ++moved)
      if (!augment()) throw std::logic_error("controlled_round: no feasible rounding");
  }
  std::vector<std::vector<int64_t>> out(rows_, std::vector<int64_t>(cols_));
  for (size_t i = 0; i < rows_; ++i)
    for (size_t j = 0; j < cols_; ++j) out[i][j] = base_[at(i, j)] + (state_[at(i, j)] == kUp ? 1 : 0);
  return out;
}

}  // namespace

std::vector<int64_t> round_vector(const std::vector<double>& exact, int64_t total) {
  double sum = 0;
  for (double x : exact) sum += checked(x);
  if (!total_matches(sum, total))
    throw std::invalid_argument("round_vector: values sum to " + std::to_string(sum) + ", not " +
                                std::to_string(total));
  std::vector<int64_t> out(exact.size());
  std::vector<double> frac(exact.size(), 0.0);
  std::vector<size_t> order;
  int64_t rest = total;
  for (size_t i = 0; i < exact.size(); ++i) {
    const Parts p = parts(std::max(exact[i], 0.0));
    out[i] = p.floor;
    rest -= p.floor;
    if (!p.fixed) order.push_back(i), frac[i] = p.frac;
  }
  if (rest < 0 || rest > static_cast<int64_t>(order.size()))
    throw std::invalid_argument("round_vector: values cannot reach " + std::to_string(total));
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return frac[a] != frac[b] ? frac[a] > frac[b] : a < b; });
  for (int64_t k = 0; k < rest; ++k) ++out[order[k]];
  return out;
}

std::vector<std::vector<int64_t>> controlled_round(const std::vector<std::vector<double>>& exact,
                                                   const std::vector<int64_t>& column_totals) {
  return ControlledRounding(exact, column_totals).solve();
}

}  // namespace fleetkam::targets
