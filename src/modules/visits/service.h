// Visits and contacts with the customer (拜访/跟进, DOMAIN.md §2 and §7's long-term tracking): a
// person logs a visit, call, reception, meeting or demonstration on an account in their scope —
// with which contacts, on which opportunity, what happened and the next step with its due date.
// Next steps are their author's to-do list; the buying centre shows when each role was last met;
// HQ sets per grade how many days an account may go without a visit, and the accounts past it
// are listed. Scope: a visit belongs to its author's unit when logged and to its account; whoever
// sees either sees it (a dealer sees its area manager's visit to its account), and its author always.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "modules/visits/model.h"
#include "platform/auth/auth_service.h"
#include "platform/db/database.h"

namespace fleetkam::visits {

class VisitService {
 public:
  explicit VisitService(db::Database& database) : database_(database) {}

  // The account must be in the caller's scope (404), the caller may log visits (visits.log,
  // 403); every field against the rules (422 naming each). Raises accounts.last_visit_at.
  Visit create(const auth::Principal& caller, const VisitInput& input);
  Visit get(const auth::Principal& caller, int64_t id);
  std::vector<Visit> list(const auth::Principal& caller, const VisitFilter& filter);
  // Its author only (403 for others who see it); a stale version is 409. A changed next step
  // (text or due date) is open again.
  Visit update(const auth::Principal& caller, int64_t id, const VisitInput& patch);
  // Marks the next step done (now) or open again; 409 visit.no_next_step when it has none.
  Visit set_next_step_done(const auth::Principal& caller, int64_t id, int64_t version, bool done);
  // The caller's own open next steps with filter.status (open, due, overdue), by due date.
  std::vector<Visit> next_steps(const auth::Principal& caller, const NextStepFilter& filter);

  BuyingCentre buying_centre(const auth::Principal& caller, int64_t account_id);

  std::vector<VisitRule> rules(const auth::Principal& caller);
  // Sets the days of the grades given (visits.rules: HQ's KA director, admin); audited.
  std::vector<VisitRule> set_rules(const auth::Principal& caller, const std::map<std::string, int64_t>& days);

  // Active accounts in scope not visited within their grade's days (or never), oldest first.
  std::vector<UnvisitedAccount> unvisited(const auth::Principal& caller, const UnvisitedFilter& filter);

 private:
  db::Database& database_;
};

// The home page's to-dos, read inside its transaction; each equals the length of the list it
// links to. The caller's open next steps with `status` (GET /next-steps?status=…) at `now`.
int64_t count_next_steps(db::Connection& c, const auth::Principal& caller, const std::string& status, int64_t now);
// Accounts in the caller's scope not visited in time (GET /unvisited-accounts).
int64_t count_unvisited(db::Connection& c, const auth::Principal& caller, int64_t now);

}  // namespace fleetkam::visits
