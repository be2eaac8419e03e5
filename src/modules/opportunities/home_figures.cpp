#include "modules/opportunities/home_figures.h"

#include <map>

#include "modules/opportunities/rules.h"
#include "modules/opportunities/store.h"

namespace fleetkam::opportunities::home_figures {
namespace {

// An opportunity's owner unit inside the scope: the same rows as the list's unit filter.
constexpr const char* kOpportunitiesInScope =
    " FROM opportunities o JOIN org_units u ON u.id = o.owner_unit_id WHERE u.path >= ? AND u.path < ?";
constexpr const char* kOpen = " AND o.stage NOT IN ('won', 'lost')";

int64_t count(db::Connection& c, const std::string& sql, const db::Params& params) {
  return c.query_one(sql, params)->integer(0);
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
  std::string sql =
      "SELECT COUNT(*) FROM quotes q JOIN org_units u ON u.id = q.owner_unit_id WHERE u.path >= ? AND u.path < ? "
      "AND q.status IN (";
  db::Params params = {scope.lower(), scope.upper()};
  for (size_t i = 0; i < statuses.size(); ++i) {
    sql += i ? ",?" : "?";
    params.emplace_back(statuses[i]);
  }
  return count(c, sql + ")", params);
}

int64_t tenders_due(db::Connection& c, const auth::Scope& scope, int64_t from_ms, int64_t to_ms) {
  return count(c,
               "SELECT COUNT(*) FROM tenders t JOIN org_units u ON u.id = t.owner_unit_id WHERE u.path >= ? AND "
               "u.path < ? AND t.bid_deadline >= ? AND t.bid_deadline < ?",
               {scope.lower(), scope.upper(), from_ms, to_ms});
}

int64_t overdue(db::Connection& c, const auth::Scope& scope, const std::string& today) {
  return count(c, std::string("SELECT COUNT(*)") + kOpportunitiesInScope + kOpen + " AND o.expected_date < ?",
               {scope.lower(), scope.upper(), today});
}

int64_t stale(db::Connection& c, const auth::Scope& scope, int64_t before_ms) {
  return count(c, std::string("SELECT COUNT(*)") + kOpportunitiesInScope + kOpen + " AND o.stage_changed_at < ?",
               {scope.lower(), scope.upper(), before_ms});
}

int64_t undelivered(db::Connection& c, const auth::Scope& scope) {
  return count(c,
               std::string("SELECT COUNT(*)") + kOpportunitiesInScope +
                   " AND o.stage = 'won' AND o.delivered_units < o.won_units",
               {scope.lower(), scope.upper()});
}

namespace {

// The unit whose subtree a scope is: the last id of its path ("/1/4/17/" → 17).
int64_t scope_unit(const auth::Scope& scope) {
  auto end = scope.path.size() - 1;
  auto start = scope.path.rfind('/', end - 1) + 1;
  return std::stoll(scope.path.substr(start, end - start));
}

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
  std::string sql = "SELECT month, units FROM board_deliveries WHERE unit_id = ? AND month IN (";
  db::Params params = {scope_unit(scope)};
  for (size_t i = 0; i < months.size(); ++i) {
    sql += i ? ",?" : "?";
    params.emplace_back(months[i]);
  }
  for (const auto& row : c.query(sql + ")", params)) {
    for (size_t i = 0; i < months.size(); ++i) {
      if (months[i] == row.integer(0)) out[i] = row.integer(1);
    }
  }
  return out;
}

}  // namespace fleetkam::opportunities::home_figures
