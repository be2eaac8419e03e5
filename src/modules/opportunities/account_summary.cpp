// GET /api/v1/accounts/{id}/summary: the figures at the top of an account's overview, counted by
// the database — its open opportunities (how many, their amount), the units won this year (the
// Asia/Shanghai calendar year of closed_at), the day of its last delivery that was not voided,
// all of these among the opportunities and deliveries in the caller's scope, and the buying
// roles held by at least one active contact. An account outside the scope is 404.
#include <nlohmann/json.hpp>
#include <set>

#include "modules/accounts/store.h"
#include "modules/opportunities/routes_internal.h"
#include "modules/opportunities/rules.h"
#include "modules/opportunities/service.h"
#include "modules/opportunities/service_internal.h"
#include "platform/clock.h"
#include "platform/errors.h"
#include "platform/http/json_values.h"
#include "platform/http/openapi_schema.h"

namespace fleetkam::opportunities {

namespace {

const std::vector<std::string> kBuyingRoles = {"user",           "evaluator", "decision_maker",
                                               "decision_layer", "operator",  "finance"};

// The opportunities of `account_id` whose owner unit lies in `scope`, with `stages`.
std::string in_scope(const auth::Scope& scope, int64_t account_id, const std::vector<std::string>& stages,
                     db::Params& params) {
  params.emplace_back(account_id);
  params.emplace_back(scope.lower());
  params.emplace_back(scope.upper());
  std::string list = db::placeholders(stages, params);
  return " FROM opportunities o JOIN org_units u ON u.id = o.owner_unit_id WHERE o.account_id = ? AND u.path >= ? "
         "AND u.path < ? AND o.stage IN (" +
         list + ")";
}

}  // namespace

AccountSummary OpportunityService::account_summary(const auth::Principal& caller, int64_t account_id) {
  auth::require(caller.role, "accounts.read");
  auth::require(caller.role, "opportunities.read");
  AccountSummary out;
  out.account_id = account_id;
  std::string today = today_in_china(clock::now_ms());
  out.year = std::stoll(today.substr(0, 4));
  int64_t year_start = *clock::parse_rfc3339(today.substr(0, 4) + "-01-01T00:00:00+08:00");
  database_.read([&](db::Connection& c) {
    if (!accounts::store::find_account(c, caller.scope, account_id)) throw NotFound("no such account");
    db::Params open;
    auto row = c.query_one(
        "SELECT COUNT(*), COALESCE(SUM(o.amount_fen), 0)" + in_scope(caller.scope, account_id, open_stages(), open),
        open);
    out.open_opportunities = row->integer(0);
    out.open_amount_fen = row->integer(1);
    db::Params won;
    std::string won_from = in_scope(caller.scope, account_id, {"won"}, won) + " AND o.closed_at >= ?";
    won.emplace_back(year_start);
    out.won_units_this_year = c.query_one("SELECT COALESCE(SUM(o.won_units), 0)" + won_from, won)->integer(0);
    auto last = c.query_one(
        "SELECT MAX(d.day) FROM deliveries d JOIN org_units u ON u.id = d.unit_id WHERE d.account_id = ? AND "
        "u.path >= ? AND u.path < ? AND d.voided_at IS NULL",
        {account_id, caller.scope.lower(), caller.scope.upper()});
    out.last_delivery = last->optional_text(0);
    std::set<std::string> held;
    for (const auto& role :
         c.query("SELECT DISTINCT buying_role FROM contacts WHERE account_id = ? AND active = 1", {account_id}))
      held.insert(role.text(0));
    for (const auto& role : kBuyingRoles)
      if (held.count(role)) out.buying_roles_covered.push_back(role);
  });
  return out;
}

void register_account_summary_route(http::Server& server, OpportunityService& service) {
  using namespace http::schema;
  using nlohmann::json;
  server.add_schema("AccountSummary", object({{"account_id", id},
                                              {"open_opportunities", id},
                                              {"open_amount_fen", id},
                                              {"year", id},
                                              {"won_units_this_year", id},
                                              {"last_delivery", nullable(day)},
                                              {"buying_roles_covered", array(choice(kBuyingRoles))},
                                              {"buying_roles_total", id}}));
  server.route(http::Method::get, "/api/v1/accounts/{id}/summary", http::Access::signed_in,
               {"An account's figures: open opportunities and their amount, units won this year, the last "
                "delivery (in the caller's scope) and the buying roles with an active contact",
                "accounts",
                {},
                "",
                "AccountSummary"},
               [&service](http::Request& request) {
                 auto s = service.account_summary(request.principal(), request.path_id());
                 request.json(200, {{"account_id", s.account_id},
                                    {"open_opportunities", s.open_opportunities},
                                    {"open_amount_fen", s.open_amount_fen},
                                    {"year", s.year},
                                    {"won_units_this_year", s.won_units_this_year},
                                    {"last_delivery", http::or_null(s.last_delivery)},
                                    {"buying_roles_covered", s.buying_roles_covered},
                                    {"buying_roles_total", kBuyingRoles.size()}});
               });
}

}  // namespace fleetkam::opportunities
