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
// Solver: successive shortest paths with potentials and Dijkstra. Tables are tall and narrow (thousands of
// dealers × 12 months), so row nodes are eliminated: a residual path crosses a row only between two
// columns (in on an up cell, out on a down cell) or from the source into a column, so Dijkstra runs over
// the columns, source and sink alone, and the cheapest crossing for each (column, column) pair and
// (source, column) comes from a heap of rows with lazy deletion (crossing costs do not depend on the
// row's potential, so keys never change). Each augmentation moves one unit for O(cols²) plus a few heap
// pushes; Dijkstra stops at the sink (later nodes take the sink's distance, which keeps reduced costs
// non-negative). Most units never need a search: a greedy warm start (greedy_start) places the rows'
// lower-bound units up to the first full column, and the initial potentials come from Bellman–Ford over
// the same small graph (costs are negative), which also proves that start optimal for its flow. Ties
// break by index: the result is deterministic.
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
  struct PairEntry {  // half the size: pair heaps hold the most entries
    int32_t key;      // |cost difference| ≤ 2·kCostScale
    uint32_t row;
    bool operator>(const PairEntry& o) const { return key != o.key ? key > o.key : row > o.row; }
  };
  using Heap = std::vector<Entry>;  // min-heaps
  using PairHeap = std::vector<PairEntry>;

  size_t at(size_t i, size_t j) const { return i * cols_ + j; }
  int tier(size_t i) const { return ups_[i] < lo_[i] ? 0 : ups_[i] < hi_[i] ? 1 : 2; }
  static int64_t tier_cost(int t) { return t == 0 ? -kBig : t == 1 ? 0 : kBig; }
  template <class H>
  static void push(H& h, typename H::value_type e) {
    h.push_back(e);
    std::push_heap(h.begin(), h.end(), std::greater<>());
  }
  template <class H, class Valid>
  static const typename H::value_type* top(H& h, Valid valid) {
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
  const PairEntry* top_pair(size_t j, size_t k) {
    return top(pair_[at(j, k)],
               [&](const PairEntry& e) { return state_[at(e.row, j)] == kUp && state_[at(e.row, k)] == kDown; });
  }
  // Crossing row i from column j (up cell, turned down) to column k (down cell, turned up).
  int32_t pair_key(size_t i, size_t j, size_t k) const { return cost_[at(i, k)] - cost_[at(i, j)]; }
  void set_up(size_t i, size_t k);
  void set_down(size_t i, size_t k);
  int64_t greedy_start();
  void build_heaps();
  bool bellman_ford_potentials();
  bool augment();

  size_t rows_, cols_;
  std::vector<int64_t> base_;  // floor of each cell
  std::vector<int32_t> cost_;  // cost of rounding the cell up rather than down, within ±kCostScale
  std::vector<uint8_t> state_;
  std::vector<int64_t> lo_, hi_, ups_;  // per row
  std::vector<int64_t> need_, got_;     // per column
  std::vector<PairHeap> pair_;          // [j][k]: rows with (i,j) up and (i,k) down, key cost_ik − cost_ij
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
        cost_[at(i, j)] = static_cast<int32_t>(std::llround((1.0 - 2.0 * p.frac) * kCostScale));
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
    if (state_[at(i, m)] == kDown) push(pair_[at(k, m)], PairEntry{pair_key(i, k, m), static_cast<uint32_t>(i)});
}

void ControlledRounding::set_down(size_t i, size_t k) {
  state_[at(i, k)] = kDown;
  for (size_t m = 0; m < cols_; ++m)
    if (state_[at(i, m)] == kUp) push(pair_[at(m, k)], PairEntry{pair_key(i, m, k), static_cast<uint32_t>(i)});
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
          if (const PairEntry* e = top_pair(u, k)) relax(k, dist[u] + e->key + pi_[u] - pi_[k], u, e->row);
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

// Warm start: rows' lower-bound units (their cheapest cells first, across the table in order of cost)
// until the first unit that would overfill a column. Up to there every column is open, so no unit could
// be moved more cheaply: the flow is a min-cost flow of its value, as successive shortest paths needs.
// It saves most of the augmentations; Bellman–Ford below checks it and it is undone if ever wrong.
int64_t ControlledRounding::greedy_start() {
  struct Candidate {
    int64_t cost;
    uint32_t row, column;
    bool operator<(const Candidate& o) const {
      return cost != o.cost ? cost < o.cost : row != o.row ? row < o.row : column < o.column;
    }
  };
  // A row fills with its lo cheapest cells before any other comes up, so only those are candidates.
  std::vector<Candidate> candidates, row;
  for (size_t i = 0; i < rows_; ++i) {
    if (lo_[i] == 0) continue;
    row.clear();
    for (size_t k = 0; k < cols_; ++k)
      if (state_[at(i, k)] == kDown)
        row.push_back({cost_[at(i, k)], static_cast<uint32_t>(i), static_cast<uint32_t>(k)});
    const auto cut = row.begin() + lo_[i];
    if (cut < row.end()) std::nth_element(row.begin(), cut, row.end(), std::less<>());
    candidates.insert(candidates.end(), row.begin(), cut);
  }
  std::sort(candidates.begin(), candidates.end(), std::less<>());
  int64_t moved = 0;
  for (const Candidate& c : candidates) {
    if (got_[c.column] >= need_[c.column]) break;
    state_[at(c.row, c.column)] = kUp;
    ++ups_[c.row];
    ++got_[c.column];
    ++moved;
  }
  return moved;
}

void ControlledRounding::build_heaps() {
  std::vector<uint32_t> up, down;
  auto split_row = [&](size_t i) {
    up.clear(), down.clear();
    for (size_t k = 0; k < cols_; ++k)
      if (state_[at(i, k)] == kUp)
        up.push_back(static_cast<uint32_t>(k));
      else if (state_[at(i, k)] == kDown)
        down.push_back(static_cast<uint32_t>(k));
  };
  pair_.assign(cols_ * cols_, {});
  source_.assign(cols_, {});
  for (size_t i = 0; i < rows_; ++i) {
    split_row(i);
    const int t = tier(i);
    for (uint32_t k : down) {
      source_[k].push_back({tier_cost(t) + cost_[at(i, k)], static_cast<uint32_t>(i), static_cast<uint8_t>(t)});
      for (uint32_t j : up) pair_[at(j, k)].push_back({pair_key(i, j, k), static_cast<uint32_t>(i)});
    }
  }
  for (Heap& h : source_) std::make_heap(h.begin(), h.end(), std::greater<>());
  for (PairHeap& h : pair_) std::make_heap(h.begin(), h.end(), std::greater<>());
}

// Potentials = shortest distances from the source in the residual network (columns, source and sink; rows
// eliminated as in augment, plus the arcs back into the source). False on a negative cycle: the current
// flow is not of least cost.
bool ControlledRounding::bellman_ford_potentials() {
  const size_t n = cols_ + 2, source = cols_, sink = cols_ + 1;
  std::vector<int64_t> w(n * n, kInf);  // cheapest arc u → v
  for (size_t k = 0; k < cols_; ++k) {
    if (const Entry* e = top_source(k)) w[source * n + k] = e->key;
    for (size_t m = 0; m < cols_; ++m)
      if (m != k)
        if (const PairEntry* e = top_pair(k, m)) w[k * n + m] = e->key;
    if (got_[k] < need_[k]) w[k * n + sink] = 0;
    if (got_[k] > 0) w[sink * n + k] = 0;
  }
  for (size_t i = 0; i < rows_; ++i) {  // column → row on an up cell → back to the source
    if (ups_[i] == 0) continue;
    const int64_t back = ups_[i] <= lo_[i] ? kBig : ups_[i] <= hi_[i] ? 0 : -kBig;
    for (size_t k = 0; k < cols_; ++k)
      if (state_[at(i, k)] == kUp) w[k * n + source] = std::min(w[k * n + source], back - cost_[at(i, k)]);
  }
  std::vector<int64_t> dist(n, kInf);
  dist[source] = 0;
  for (size_t round = 0; round <= n; ++round) {
    bool changed = false;
    for (size_t u = 0; u < n; ++u)
      if (dist[u] < kInf)
        for (size_t v = 0; v < n; ++v)
          if (w[u * n + v] < kInf && dist[u] + w[u * n + v] < dist[v]) dist[v] = dist[u] + w[u * n + v], changed = true;
    if (!changed) {
      pi_.assign(n, 0);
      for (size_t v = 0; v < n; ++v) pi_[v] = dist[v] < kInf ? dist[v] : 0;  // unreachable: a column with no arcs
      return true;
    }
  }
  return false;
}

std::vector<std::vector<int64_t>> ControlledRounding::solve() {
  int64_t demand = 0;
  for (int64_t d : need_) demand += d;
  if (demand > 0) {
    int64_t moved = greedy_start();
    build_heaps();
    if (!bellman_ford_potentials()) {  // never seen; start from no flow, which is a DAG without cycles
      for (uint8_t& s : state_)
        if (s == kUp) s = kDown;
      std::fill(ups_.begin(), ups_.end(), 0);
      std::fill(got_.begin(), got_.end(), 0);
      moved = 0;
      build_heaps();
      if (!bellman_ford_potentials()) throw std::logic_error("controlled_round: negative cycle");
    }
    for (; moved < demand; ++moved)
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
