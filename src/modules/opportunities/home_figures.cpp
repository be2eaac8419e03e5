#include "modules/opportunities/home_figures.h"

#include <map>

#include "modules/opportunities/rules.h"
#include "modules/opportunities/store.h"

namespace fleetkam::opportunities::home_figures {
namespace {

constexpr const char* kOpen = " AND o.stage NOT IN ('won', 'lost')";

int64_t count(db::Connection& c, const std::string& sql, const db::Params& params) {
  return c.query_one(sql, params)->integer(0);
}

// Opportunities in the scope, for a count: the whole tree (HQ) needs no join to the units, and
// its counts then read a partial index alone (nationally 6 ms instead of 1.3 s for the overdue
// ones). `subtree_index` and `tree_index` name the index SQLite should read (its planner
// otherwise may pick one that reads every opportunity of each unit, or of a stage, from the
// table); PostgreSQL's planner needs no such help.
std::string counted(db::Connection& c, const auth::Scope& scope, db::Params& params, const std::string& subtree_index,
                    const std::string& tree_index) {
  auto hint = [&c](const std::string& index) {
    return index.empty() || c.dialect() != db::Dialect::sqlite ? std::string() : " INDEXED BY " + index;
  };
  if (auth::scope_units(c, scope, 0).whole_tree) return " FROM opportunities o" + hint(tree_index) + " WHERE 1 = 1";
  params.emplace_back(scope.lower());
  params.emplace_back(scope.upper());
  return " FROM opportunities o" + hint(subtree_index) +
         " JOIN org_units u ON u.id = o.owner_unit_id WHERE u.path >= ? AND u.path < ?";
}

}  // namespace

std::vector<std::string> statuses_awaiting(auth::Role role) {
  // as OpportunityService::quotes decides the approval inbox: the regional step for those who
  // approve quotes, the HQ step for HQ roles
  std::vector<std::string> out;
  if (auth::allowed(role, "quotes.approve")) out.emplace_back("pending_regional");
  if (role == auth::Role::admin || role == auth::Role::ka_director || role == auth::Role::ka_executive)
    out.emplace_back("pending_hq");
  return out;
}

int64_t quotes_awaiting(db::Connection& c, const auth::Scope& scope, auth::Role role) {
  auto statuses = statuses_awaiting(role);
  if (statuses.empty()) return 0;
  db::Params params = {scope.lower(), scope.upper()};
  return count(c,
               "SELECT COUNT(*) FROM quotes q JOIN org_units u ON u.id = q.owner_unit_id WHERE u.path >= ? AND u.path "
               "< ? AND q.status IN (" +
                   db::placeholders(statuses, params) + ")",
               params);
}

int64_t tenders_due(db::Connection& c, const auth::Scope& scope, int64_t from_ms, int64_t to_ms) {
  return count(c,
               "SELECT COUNT(*) FROM tenders t JOIN org_units u ON u.id = t.owner_unit_id WHERE u.path >= ? AND "
               "u.path < ? AND t.bid_deadline >= ? AND t.bid_deadline < ?",
               {scope.lower(), scope.upper(), from_ms, to_ms});
}

int64_t overdue(db::Connection& c, const auth::Scope& scope, const std::string& today) {
  db::Params params;
  std::string from = counted(c, scope, params, "opportunities_open_changed", "opportunities_open_expected");
  params.emplace_back(today);
  return count(c, "SELECT COUNT(*)" + from + kOpen + " AND o.expected_date < ?", params);
}

int64_t stale(db::Connection& c, const auth::Scope& scope, int64_t before_ms) {
  db::Params params;
  std::string from = counted(c, scope, params, "opportunities_open_changed", "opportunities_open_changed");
  params.emplace_back(before_ms);
  return count(c, "SELECT COUNT(*)" + from + kOpen + " AND o.stage_changed_at < ?", params);
}

int64_t undelivered(db::Connection& c, const auth::Scope& scope) {
  // SQLite's planner prefers opportunities_closed (owner unit, stage), which reads every won
  // opportunity (5 s at HQ nationally), to the partial index of the undelivered ones
  db::Params params;
  std::string from = counted(c, scope, params, "opportunities_undelivered", "opportunities_undelivered");
  return count(c, "SELECT COUNT(*)" + from + " AND o.stage = 'won' AND o.delivered_units < o.won_units", params);
}

namespace {

// The unit whose subtree a scope is: the last id of its path ("/1/4/17/" → 17).
int64_t scope_unit(const auth::Scope& scope) { return auth::path_ids(scope.path).back(); }

}  // namespace

Pipeline pipeline(db::Connection& c, const auth::Scope& scope) {
  Pipeline out;
  std::map<std::string, StageFigure> sales, procurement;
  // the totals kept with every opportunity write for each unit on its path (boards/totals.h),
  // weighted by the probability that counts: the owner's own, else HQ's default for the stage
  std::map<std::string, int64_t> defaults;
  for (const auto& row : c.query("SELECT stage, probability FROM opportunity_stage_probabilities"))
    defaults[row.text(0)] = row.integer(1);
  for (const auto& row : c.query(
           "SELECT stage, procurement_stage, SUM(count), SUM(units), SUM(amount_fen), SUM(set_units_x100), "
           "SUM(set_amount_x100), SUM(unset_units), SUM(unset_amount_fen) FROM board_pipeline WHERE unit_id = ? AND "
           "stage NOT IN ('won', 'lost') GROUP BY stage, procurement_stage",
           {scope_unit(scope)})) {
    auto d = defaults.find(row.text(0));
    int64_t probability = d == defaults.end() ? 0 : d->second;
    StageFigure f;
    f.count = row.integer(2);
    f.units = row.integer(3);
    f.amount_fen = row.integer(4);
    f.weighted_units_x100 = row.integer(5) + probability * row.integer(7);
    f.weighted_amount_fen_x100 = row.integer(6) + probability * row.integer(8);
    for (auto* into : {&sales[row.text(0)], &procurement[row.text(1)], &out.total}) {
      into->count += f.count;
      into->units += f.units;
      into->amount_fen += f.amount_fen;
      into->weighted_units_x100 += f.weighted_units_x100;
      into->weighted_amount_fen_x100 += f.weighted_amount_fen_x100;
    }
  }
  for (const auto& stage : open_stages()) {
    StageFigure f = sales[stage];
    f.stage = stage;
    out.sales.push_back(f);
  }
  for (const auto& stage : procurement_stages()) {
    StageFigure f = procurement[stage];
    f.stage = stage;
    out.procurement.push_back(f);
  }
  return out;
}

std::vector<int64_t> delivered(db::Connection& c, const auth::Scope& scope, const std::vector<int64_t>& months) {
  std::vector<int64_t> out(months.size(), 0);
  if (months.empty()) return out;
  // the monthly totals of every unit on a delivery's path (boards/totals.h), void ones out
  db::Params params = {scope_unit(scope)};
  std::string sql = "SELECT month, SUM(units) FROM board_deliveries WHERE unit_id = ? AND month IN (" +
                    db::placeholders(months, params) + ") GROUP BY month";
  for (const auto& row : c.query(sql, params)) {
    for (size_t i = 0; i < months.size(); ++i) {
      if (months[i] == row.integer(0)) out[i] = row.integer(1);
    }
  }
  return out;
}

}  // namespace fleetkam::opportunities::home_figures
