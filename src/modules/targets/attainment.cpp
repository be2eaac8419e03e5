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
  int64_t unit_key(int64_t unit_id) const {
    int64_t at = tree.ancestor_at(unit_id, level);
    const TreeUnit* u = tree.find(at);
    if (!u || !caller.scope.contains(u->path)) return 0;
    if (under && u->path.compare(0, under->path.size(), under->path) != 0) return 0;
    return at;
  }
};

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
    auto period_of = [&](int64_t month) { return q.by == "quarter" ? quarter_text(month) : month_text(month); };
    for (auto m : months) {
      auto p = period_of(m);
      if (out.periods.empty() || out.periods.back() != p) out.periods.push_back(p);
    }
    bool people = q.level == "user";
    Levels levels{tree, caller, under, people ? "dealer" : q.level};
    std::map<Key, std::map<std::string, std::pair<int64_t, int64_t>>> cells;  // key → period → plan, actual
    std::map<Key, std::pair<int64_t, int64_t>> to_date;                       // key → plan to date, plan
    std::map<Key, int64_t> actual_total;
    for (const auto& cell : store::cells(c, q.plan_id, q.level, q.business.value_or("all"))) {
      Key key{levels.unit_key(cell.unit_id), cell.user_id};
      if (!key.unit) continue;
      cells[key][period_of(cell.month)].first += cell.units;
      auto& t = to_date[key];
      t.second += cell.units;
      if (cell.month <= current) t.first += cell.units;
    }
    // actual sales: the monthly totals by unit and person, by business when asked
    db::Params params{plan.from_month, plan.to_month};
    std::string sql = q.business ? "SELECT unit_id, user_id, month, units FROM business_delivery_totals WHERE month "
                                   ">= ? AND month <= ? AND business = ?"
                                 : "SELECT unit_id, user_id, month, units FROM delivery_totals WHERE month >= ? AND "
                                   "month <= ?";
    if (q.business) params.emplace_back(*q.business);
    if (people) sql += " AND user_id <> 0";
    for (const auto& row : c.query(sql, params)) {
      Key key{levels.unit_key(row.integer(0)), people ? row.integer(1) : 0};
      if (!key.unit || row.integer(3) == 0) continue;
      cells[key][period_of(row.integer(2))].second += row.integer(3);
      actual_total[key] += row.integer(3);
    }
    // every unit of the level in scope has a row, planned or not (people: those with a plan or sales)
    if (!people) {
      for (auto id : tree.of_kind(q.level)) {
        Key key{levels.unit_key(id), 0};
        if (key.unit) cells[key];
      }
    }
    std::unordered_map<int64_t, std::string> person_names;
    if (people && !cells.empty()) {
      std::string marks;
      db::Params ids;
      for (const auto& [key, v] : cells) {
        marks += marks.empty() ? "?" : ", ?";
        ids.emplace_back(key.user);
      }
      for (const auto& row : c.query("SELECT id, display_name FROM users WHERE id IN (" + marks + ")", ids))
        person_names[row.integer(0)] = row.text(1);
    }
    for (const auto& [key, periods] : cells) {
      std::string name = people ? person_names[key.user] : tree.name(key.unit);
      std::optional<int64_t> user = people ? std::optional<int64_t>(key.user) : std::nullopt;
      for (const auto& period : out.periods) {
        auto it = periods.find(period);
        auto v = it == periods.end() ? std::pair<int64_t, int64_t>{0, 0} : it->second;
        out.items.push_back({key.unit, user, name, period, v.first, v.second});
      }
      auto t = to_date[key];
      out.units.push_back({key.unit, user, name, t.second, t.first, actual_total[key], 0});
    }
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
    Levels levels{tree, caller, under, people ? "dealer" : q.level};
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
    // won and not yet delivered, and the open pipeline expected within the period
    std::string probability = opportunities::store::probability_expression("o");
    for (const auto& row :
         c.query("SELECT o.owner_unit_id, COALESCE(o.owner_user_id, 0), SUM(CASE WHEN o.stage = 'won' AND o.won_units "
                 "> o.delivered_units THEN o.won_units - o.delivered_units ELSE 0 END), SUM(CASE WHEN o.stage <> 'won' "
                 "THEN (o.quantity * " +
                     probability +
                     ") ELSE 0 END), SUM(CASE WHEN o.stage <> 'won' THEN 1 ELSE 0 END) FROM opportunities o WHERE "
                     "o.stage NOT IN ('lost') AND o.expected_date >= ? AND o.expected_date <= ? GROUP BY "
                     "o.owner_unit_id, COALESCE(o.owner_user_id, 0)",
                 {start, end})) {
      if (auto* r = row_of(row.integer(0), row.integer(1))) {
        r->won_undelivered += row.integer(2);
        r->weighted_pipeline += row.real(3) / 100.0;
        r->open_opportunities += row.integer(4);
      }
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
