// The SQL of opportunities: row mapping and the reads the service composes. Reads reached from
// routes take the caller's scope (the owning unit's path); writes are in the services'
// transactions. One header for the store's parts: opportunities themselves (store.cpp), tenders
// (tenders_store.cpp), quotes (quotes_store.cpp), deliveries (deliveries_store.cpp) and the
// vehicle catalogue (catalogue_store.cpp).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "modules/opportunities/model.h"
#include "platform/auth/scope.h"
#include "platform/db/database.h"

namespace fleetkam::opportunities::store {

// The units of a scope, or nullopt when the scope is the whole tree (no filter needed).
std::optional<std::vector<int64_t>> scope_units(db::Connection& c, const auth::Scope& scope);
// The units a read covers: the scope's, or with `owner_unit_id` (a filter) that unit's subtree.
// False when that unit is unknown or outside the scope: the read finds nothing.
bool units_of(db::Connection& c, const auth::Scope& scope, std::optional<int64_t> owner_unit_id,
              std::optional<std::vector<int64_t>>& units);
// "owner IN (?, …)" or "1=1" with its parameters, for a column holding a unit id.
std::string unit_condition(const std::string& column, const std::optional<std::vector<int64_t>>& units,
                           db::Params& params);

// The win probability (赢单概率, %) that counts for the opportunities row `alias`: 100 when won, 0
// when lost, else the owner's (the probability column) or the stage's default from HQ's table
// opportunity_stage_probabilities. For reads that weigh amounts by it.
std::string probability_expression(const std::string& alias);
// HQ's table, in stage order.
std::vector<StageProbability> stage_probabilities(db::Connection& c);

// `lock` (here and below): the row stays locked until the transaction ends (PostgreSQL; SQLite
// serialises writers), so what a write checks is still true when it writes.
std::optional<Opportunity> find(db::Connection& c, const auth::Scope& scope, int64_t id, bool lock = false);
std::vector<Line> lines_of(db::Connection& c, int64_t opportunity_id);
std::vector<Opportunity> list(db::Connection& c, const auth::Scope& scope, const OpportunityFilter& f);
// How many opportunities of the list's scope and filters (`before_id` and `limit` aside) are in
// each stage: one GROUP BY over the list's own WHERE.
std::map<std::string, int64_t> stage_counts(db::Connection& c, const auth::Scope& scope, const OpportunityFilter& f);
std::vector<Opportunity> board_items(db::Connection& c, const std::optional<std::vector<int64_t>>& units,
                                     const std::string& stage, int limit, int64_t closed_since);
struct StageTotals {
  std::string stage;
  int64_t count, quantity, amount_fen;
};
std::vector<StageTotals> board_totals(db::Connection& c, const std::optional<std::vector<int64_t>>& units,
                                      int64_t closed_since);
std::vector<Transition> transitions_of(db::Connection& c, int64_t opportunity_id);

// tenders_store.cpp
std::vector<Tender> tenders_of(db::Connection& c, int64_t opportunity_id);
std::optional<Tender> find_tender(db::Connection& c, const auth::Scope& scope, int64_t id, bool lock = false);
std::vector<Tender> tenders_between(db::Connection& c, const std::optional<std::vector<int64_t>>& units, int64_t from,
                                    int64_t to, bool openings_too);

// quotes_store.cpp
std::vector<CompetitorQuote> competitor_quotes_of(db::Connection& c, int64_t opportunity_id);
std::vector<Quote> quotes_of(db::Connection& c, int64_t opportunity_id);
std::optional<Quote> find_quote(db::Connection& c, const auth::Scope& scope, int64_t id, bool lock = false);
std::vector<Quote> quotes_with(db::Connection& c, const std::optional<std::vector<int64_t>>& units,
                               const std::vector<std::string>& statuses, int limit);

// deliveries_store.cpp
std::vector<Delivery> deliveries_of(db::Connection& c, int64_t opportunity_id);

// catalogue_store.cpp
std::vector<VehicleModel> models(db::Connection& c, std::optional<bool> active,
                                 const std::optional<std::string>& vehicle_type, const std::optional<std::string>& q);
std::optional<VehicleModel> find_model(db::Connection& c, int64_t id, bool lock = false);

}  // namespace fleetkam::opportunities::store
