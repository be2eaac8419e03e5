// Attainment (达成) and the period-end forecast (预测): the plan's cells against deliveries (实销,
// the monthly totals kept with each delivery), and against delivered + won-not-delivered + the
// open pipeline weighted by win probability, with the tenders whose deadline is still ahead.
#include <algorithm>
#include <map>
#include <unordered_map>

#include "modules/opportunities/store.h"
#include "modules/targets/service.h"
#include "modules/targets/store.h"
#include "modules/targets/tree.h"
#include "platform/clock.h"
#include "platform/errors.h"

namespace fleetkam::targets {

namespace {

struct Key {
  int64_t unit = 0, user = 0;
  bool operator<(const Key& o) const { return unit != o.unit ? unit < o.unit : user < o.user; }
};

Plan readable_plan(db::Connection& c, const auth::Principal& caller, int64_t id) {
  auto plan = store::find(c, id);
  if (!plan || (plan->status != "issued" && caller.unit_kind != "hq")) throw NotFound("no such target plan");
  return *plan;
}

// The key a unit's row is counted under at `level` (0: not at this level or out of scope).
struct Levels {
  const OrgTree& tree;
  const auth::Principal& caller;
  const TreeUnit* under;
  std::string level;
  mutable std::unordered_map<int64_t, int64_t> memo;
  int64_t unit_key(int64_t unit_id) const {
    auto known = memo.find(unit_id);
    if (known != memo.end()) return known->second;
    return memo[unit_id] = find_key(unit_id);
  }
  int64_t find_key(int64_t unit_id) const {
    int64_t at = tree.ancestor_at(unit_id, level);
    const TreeUnit* u = tree.find(at);
    if (!u || !caller.scope.contains(u->path)) return 0;
    if (under && u->path.compare(0, under->path.size(), under->path) != 0) return 0;
    return at;
  }
};

// The units a read is limited to: nullopt when the caller sees the whole tree and asked for no
// subtree, else every unit in the caller's scope (and under `under`).
std::optional<std::vector<int64_t>> units_filter(const OrgTree& tree, const auth::Principal& caller,
                                                 const TreeUnit* under) {
  const TreeUnit* root = tree.find(tree.ancestor_at(caller.org_unit_id, "hq"));
  if (!under && root && caller.scope.contains(root->path)) return std::nullopt;
  std::vector<int64_t> out;
  for (const auto& kind : {"hq", "region", "province", "dealer"}) {
    for (auto id : tree.of_kind(kind)) {
      const TreeUnit* u = tree.find(id);
      if (!caller.scope.contains(u->path)) continue;
      if (under && u->path.compare(0, under->path.size(), under->path) != 0) continue;
      out.push_back(id);
    }
  }
  return out;
}

// Display names of people: of the keys' users, or (nullptr: many) of every user.
template <typename Map>
std::unordered_map<int64_t, std::string> names_of_people(db::Connection& c, const Map* keys) {
  std::unordered_map<int64_t, std::string> out;
  std::string sql = "SELECT id, display_name FROM users";
  db::Params ids;
  if (keys) {
    std::string marks;
    for (const auto& [key, v] : *keys) {
      marks += marks.empty() ? "?" : ", ?";
      ids.emplace_back(key.user);
    }
    sql += " WHERE id IN (" + marks + ")";
  }
  for (const auto& row : c.query(sql, ids)) out[row.integer(0)] = row.text(1);
  return out;
}

}  // namespace

Attainment TargetService::attainment(const auth::Principal& caller, const AttainmentQuery& q) {
  auth::require(caller.role, "targets.read");
  Attainment out;
  out.plan_id = q.plan_id;
  database_.read([&](db::Connection& c) {
    int64_t now = clock::now_ms();
    auto plan = readable_plan(c, caller, q.plan_id);
    auto tree = OrgTree::load(c);
    const TreeUnit* under = nullptr;
    if (q.unit_id) {
      under = tree.find(*q.unit_id);
      if (!under || !caller.scope.contains(under->path)) throw NotFound("no such unit");
    }
    out.as_of = today(now);
    int64_t current = this_month(now);
    auto months = month_range(plan.from_month, plan.to_month);
    std::unordered_map<int64_t, size_t> period_of;  // month → index of its period
    for (auto m : months) {
      auto p = q.by == "quarter" ? quarter_text(m) : month_text(m);
      if (out.periods.empty() || out.periods.back() != p) out.periods.push_back(p);
      period_of[m] = out.periods.size() - 1;
    }
    bool people = q.level == "user";
    Levels levels{tree, caller, under, people ? "dealer" : q.level, {}};
    auto units = units_filter(tree, caller, under);
    struct Acc {
      std::vector<int64_t> plan, actual;
      int64_t plan_total = 0, plan_to_date = 0, actual_total = 0;
    };
    std::map<Key, Acc> acc;
    auto row_of = [&](const Key& key) -> Acc& {
      auto& a = acc[key];
      if (a.plan.empty()) {
        a.plan.assign(out.periods.size(), 0);
        a.actual.assign(out.periods.size(), 0);
      }
      return a;
    };
    for (const auto& cell : store::cell_units(c, q.plan_id, q.level, q.business.value_or("all"), units)) {
      Key key{levels.unit_key(cell.unit_id), cell.user_id};
      auto period = period_of.find(cell.month);
      if (!key.unit || period == period_of.end()) continue;
      auto& a = row_of(key);
      a.plan[period->second] += cell.units;
      a.plan_total += cell.units;
      if (cell.month <= current) a.plan_to_date += cell.units;
    }
    // actual sales: the monthly totals by unit (and person), by business when asked
    db::Params params{plan.from_month, plan.to_month};
    std::string table = q.business ? "business_delivery_totals" : "delivery_totals";
    // a person's row is one per unit, month (and business): no sum; units are summed in the index's order
    std::string sql = people
                          ? "SELECT unit_id, user_id, month, units FROM " + table + " WHERE month >= ? AND month <= ?"
                          : "SELECT unit_id, 0, month, SUM(units) FROM " + table + " WHERE month >= ? AND month <= ?";
    if (q.business) {
      sql += " AND business = ?";
      params.emplace_back(*q.business);
    }
    if (people) sql += " AND user_id <> 0";
    if (units) {
      sql += " AND unit_id IN (" + db::placeholders(*units, params) + ")";
    }
    if (!people) sql += q.business ? " GROUP BY month, business, unit_id" : " GROUP BY month, unit_id";
    for (const auto& row : c.query(sql, params)) {
      Key key{levels.unit_key(row.integer(0)), row.integer(1)};
      auto period = period_of.find(row.integer(2));
      if (!key.unit || period == period_of.end() || row.integer(3) == 0) continue;
      auto& a = row_of(key);
      a.actual[period->second] += row.integer(3);
      a.actual_total += row.integer(3);
    }
    // every unit of the level in scope has a row, planned or not (people: those with a plan or sales)
    if (!people) {
      for (auto id : tree.of_kind(q.level)) {
        Key key{levels.unit_key(id), 0};
        if (key.unit) row_of(key);
      }
    }
    std::unordered_map<int64_t, std::string> person_names;
    if (people && !acc.empty()) person_names = names_of_people(c, acc.size() > 500 ? nullptr : &acc);
    bool with_items = q.by != "period";
    if (with_items) out.items.reserve(acc.size() * out.periods.size());
    out.units.reserve(acc.size());
    for (const auto& [key, a] : acc) {
      std::string name = people ? person_names[key.user] : tree.name(key.unit);
      std::optional<int64_t> user = people ? std::optional<int64_t>(key.user) : std::nullopt;
      if (with_items) {
        for (size_t k = 0; k < out.periods.size(); ++k)
          out.items.push_back({key.unit, user, name, out.periods[k], a.plan[k], a.actual[k]});
      }
      out.units.push_back({key.unit, user, std::move(name), a.plan_total, a.plan_to_date, a.actual_total, 0});
    }
    if (!with_items) out.periods.clear();
    // rank: by rate to date (no plan: after every planned unit), then actual
    std::vector<AttainmentUnit*> order;
    for (auto& u : out.units) order.push_back(&u);
    std::stable_sort(order.begin(), order.end(), [](const AttainmentUnit* a, const AttainmentUnit* b) {
      bool ap = a->plan_to_date > 0, bp = b->plan_to_date > 0;
      if (ap != bp) return ap;
      if (ap) {
        // a.actual / a.plan vs b.actual / b.plan without division
        __int128 l = static_cast<__int128>(a->actual) * b->plan_to_date;
        __int128 r = static_cast<__int128>(b->actual) * a->plan_to_date;
        if (l != r) return l > r;
      }
      return a->actual > b->actual;
    });
    for (size_t i = 0; i < order.size(); ++i) order[i]->rank = static_cast<int64_t>(i) + 1;
  });
  return out;
}

std::vector<ForecastRow> TargetService::forecast(const auth::Principal& caller, const AttainmentQuery& q) {
  auth::require(caller.role, "targets.read");
  std::vector<ForecastRow> out;
  database_.read([&](db::Connection& c) {
    int64_t now = clock::now_ms();
    auto plan = readable_plan(c, caller, q.plan_id);
    auto tree = OrgTree::load(c);
    const TreeUnit* under = nullptr;
    if (q.unit_id) {
      under = tree.find(*q.unit_id);
      if (!under || !caller.scope.contains(under->path)) throw NotFound("no such unit");
    }
    bool people = q.level == "user";
    Levels levels{tree, caller, under, people ? "dealer" : q.level, {}};
    std::map<Key, ForecastRow> rows;
    auto row_of = [&](int64_t unit, int64_t user) -> ForecastRow* {
      Key key{levels.unit_key(unit), people ? user : 0};
      if (!key.unit || (people && !key.user)) return nullptr;
      auto& r = rows[key];
      r.unit_id = key.unit;
      if (people) r.user_id = key.user;
      return &r;
    };
    for (const auto& cell : store::cells(c, q.plan_id, q.level, "all")) {
      if (auto* r = row_of(cell.unit_id, cell.user_id)) r->plan += cell.units;
    }
    if (!people) {
      for (auto id : tree.of_kind(q.level)) row_of(id, 0);
    }
    for (const auto& row : c.query("SELECT unit_id, user_id, SUM(units) FROM delivery_totals WHERE month >= ? AND "
                                   "month <= ? GROUP BY unit_id, user_id",
                                   {plan.from_month, plan.to_month})) {
      if (auto* r = row_of(row.integer(0), row.integer(1))) r->delivered += row.integer(2);
    }
    std::string start = month_text(plan.from_month) + "-01";
    std::string end = month_text(plan.to_month) + "-31";
    // the open pipeline expected within the period, weighted by the probability that counts (the
    // predicate is the partial index's, opportunities_open_expected)
    std::string probability = opportunities::store::probability_expression("o");
    for (const auto& row :
         c.query("SELECT o.owner_unit_id, COALESCE(o.owner_user_id, 0), SUM(o.quantity * (" + probability +
                     ")), COUNT(*) FROM opportunities o WHERE o.stage NOT IN ('won', 'lost') AND "
                     "o.expected_date >= ? AND o.expected_date <= ? GROUP BY o.owner_unit_id, "
                     "COALESCE(o.owner_user_id, 0)",
                 {start, end})) {
      if (auto* r = row_of(row.integer(0), row.integer(1))) {
        r->weighted_pipeline += row.real(2) / 100.0;
        r->open_opportunities += row.integer(3);
      }
    }
    // won and not yet delivered in full, whenever expected (opportunities_undelivered)
    for (const auto& row :
         c.query("SELECT o.owner_unit_id, COALESCE(o.owner_user_id, 0), SUM(o.won_units - "
                 "o.delivered_units) FROM opportunities o WHERE o.stage = 'won' AND o.delivered_units "
                 "< o.won_units GROUP BY o.owner_unit_id, COALESCE(o.owner_user_id, 0)")) {
      if (auto* r = row_of(row.integer(0), row.integer(1))) r->won_undelivered += row.integer(2);
    }
    int64_t period_end = month_start_ms(add_months(plan.to_month, 1));
    if (period_end > now) {
      for (const auto& row : c.query("SELECT o.owner_unit_id, COALESCE(o.owner_user_id, 0), COUNT(*), SUM(o.quantity) "
                                     "FROM tenders t JOIN opportunities o ON o.id = t.opportunity_id WHERE t.result = "
                                     "'pending' AND t.bid_deadline >= ? AND t.bid_deadline < ? GROUP BY "
                                     "o.owner_unit_id, COALESCE(o.owner_user_id, 0)",
                                     {now, period_end})) {
        if (auto* r = row_of(row.integer(0), row.integer(1))) {
          r->tenders_due += row.integer(2);
          r->tender_units += row.integer(3);
        }
      }
    }
    std::unordered_map<int64_t, std::string> person_names;
    if (people && !rows.empty()) {
      std::string marks;
      db::Params ids;
      for (const auto& [key, v] : rows) {
        marks += marks.empty() ? "?" : ", ?";
        ids.emplace_back(key.user);
      }
      for (const auto& row : c.query("SELECT id, display_name FROM users WHERE id IN (" + marks + ")", ids))
        person_names[row.integer(0)] = row.text(1);
    }
    for (auto& [key, r] : rows) {
      r.name = people ? person_names[key.user] : tree.name(key.unit);
      out.push_back(std::move(r));
    }
  });
  return out;
}

}  // namespace fleetkam::targets
