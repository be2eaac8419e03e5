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

StageFigure& add(StageFigure& into, const db::Row& row, size_t first) {
  into.count += row.integer(first);
  into.units += row.integer(first + 1);
  into.amount_fen += row.integer(first + 2);
  into.weighted_units_x100 += row.integer(first + 3);
  into.weighted_amount_fen_x100 += row.integer(first + 4);
  return into;
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

Pipeline pipeline(db::Connection& c, const auth::Scope& scope) {
  Pipeline out;
  std::map<std::string, StageFigure> sales, procurement;
  // weighted by the probability that counts: the owner's override, else HQ's default for the stage
  const std::string probability = "(" + store::probability_expression("o") + ")";
  for (const auto& row : c.query("SELECT o.stage, o.procurement_stage, COUNT(*), COALESCE(SUM(o.quantity), 0), "
                                 "COALESCE(SUM(o.amount_fen), 0), COALESCE(SUM(o.quantity * " +
                                     probability + "), 0), COALESCE(SUM(o.amount_fen * " + probability + "), 0)" +
                                     kOpportunitiesInScope + kOpen + " GROUP BY o.stage, o.procurement_stage",
                                 {scope.lower(), scope.upper()})) {
    add(sales[row.text(0)], row, 2);
    add(procurement[row.text(1)], row, 2);
    add(out.total, row, 2);
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
  std::string sql =
      "SELECT d.month, COALESCE(SUM(d.quantity), 0) FROM deliveries d JOIN org_units u ON u.id = d.unit_id "
      "WHERE u.path >= ? AND u.path < ? AND d.voided_at IS NULL AND d.month IN (";
  db::Params params = {scope.lower(), scope.upper()};
  for (size_t i = 0; i < months.size(); ++i) {
    sql += i ? ",?" : "?";
    params.emplace_back(months[i]);
  }
  for (const auto& row : c.query(sql + ") GROUP BY d.month", params)) {
    for (size_t i = 0; i < months.size(); ++i) {
      if (months[i] == row.integer(0)) out[i] = row.integer(1);
    }
  }
  return out;
}

}  // namespace fleetkam::opportunities::home_figures
