// What the opportunities module offers the home page: counts and sums in the caller's scope.
// Each count matches, record for record, what the module's list route returns with the filter
// named beside it, so a to-do's count on home equals the length of the list it links to.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "platform/auth/roles.h"
#include "platform/auth/scope.h"
#include "platform/db/database.h"

namespace fleetkam::opportunities::home_figures {

// The quote statuses a role decides (GET /quotes?awaiting_me=true): none for a role that approves nothing.
std::vector<std::string> statuses_awaiting(auth::Role role);
int64_t quotes_awaiting(db::Connection& c, const auth::Scope& scope, auth::Role role);

// Tenders whose bid deadline lies in [from_ms, to_ms) (GET /tenders?due_within_days=N).
int64_t tenders_due(db::Connection& c, const auth::Scope& scope, int64_t from_ms, int64_t to_ms);

// Open opportunities whose expected date is before `today` YYYY-MM-DD (?attention=overdue).
int64_t overdue(db::Connection& c, const auth::Scope& scope, const std::string& today);
// Open opportunities whose stage last changed before `before_ms` (?attention=stale).
int64_t stale(db::Connection& c, const auth::Scope& scope, int64_t before_ms);
// Won opportunities with fewer units delivered than won (?undelivered=true).
int64_t undelivered(db::Connection& c, const auth::Scope& scope);

// Open opportunities grouped by one track's stage. Weighted figures use each opportunity's
// stored win probability as it is (none counts as 0 %); they are kept ×100 so sums stay exact.
struct StageFigure {
  std::string stage;
  int64_t count = 0, units = 0, amount_fen = 0;
  int64_t weighted_units_x100 = 0, weighted_amount_fen_x100 = 0;
};
struct Pipeline {
  std::vector<StageFigure> sales, procurement;  // every stage of the track, in order, zeros included
  StageFigure total;
};
Pipeline pipeline(db::Connection& c, const auth::Scope& scope);

// Delivered units (not voided) in each month YYYYMM of `months`, in the same order.
std::vector<int64_t> delivered(db::Connection& c, const auth::Scope& scope, const std::vector<int64_t>& months);

}  // namespace fleetkam::opportunities::home_figures
