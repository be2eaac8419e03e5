// The SQL of visits: visits with their contacts, the accounts' last visit, each person's next
// steps, the buying centre's last meetings, HQ's rules per grade, and the accounts not visited
// in time. Every read a route reaches takes the caller: a visit is theirs to see when its unit or
// its account's owner lies in their scope, or they logged it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "modules/visits/model.h"
#include "platform/auth/auth_service.h"
#include "platform/db/database.h"

namespace fleetkam::visits::store {

// A visit the caller may see: its unit or its account's owner lies in the caller's scope, or the
// caller logged it.
std::optional<Visit> find(db::Connection& c, const auth::Principal& caller, int64_t id);
// Newest first (occurred_at, then id), with their contacts.
std::vector<Visit> list(db::Connection& c, const auth::Principal& caller, const VisitFilter& filter);

// The open next steps of `user_id` with `filter.status` on `today` (YYYY-MM-DD), by due date.
std::vector<Visit> next_steps(db::Connection& c, int64_t user_id, const NextStepFilter& filter,
                              const std::string& today);
// How many next_steps() lists without paging.
int64_t count_next_steps(db::Connection& c, int64_t user_id, const std::string& status, const std::string& today);

int64_t insert(db::Connection& c, const Visit& v, int64_t now);
// Writes v's fields if the stored version is still v.version, raising it (false: changed since).
bool update(db::Connection& c, const Visit& v, int64_t now);
void replace_contacts(db::Connection& c, int64_t visit_id, const std::vector<int64_t>& contact_ids);

// The ids among `ids` that are contacts of `account_id`.
std::vector<int64_t> contacts_of_account(db::Connection& c, int64_t account_id, const std::vector<int64_t>& ids);
// The account and title of an opportunity, when the caller's scope holds it.
struct OpportunityRef {
  int64_t account_id = 0;
  std::string title;
};
std::optional<OpportunityRef> opportunity_in_scope(db::Connection& c, const auth::Scope& scope, int64_t id);

// accounts.last_visit_at: raised to `occurred_at` when later (a new visit), or recomputed from
// the account's visits (an edited one; the account row is locked first on PostgreSQL).
void raise_last_visit(db::Connection& c, int64_t account_id, int64_t occurred_at);
void lock_account(db::Connection& c, int64_t account_id);
void recompute_last_visit(db::Connection& c, int64_t account_id);
std::optional<int64_t> last_visit(db::Connection& c, int64_t account_id);

// The account's active contacts, each with its latest visit (any visit of the account).
std::vector<std::pair<std::string, BuyingCentreContact>> buying_centre(db::Connection& c, int64_t account_id);

std::vector<VisitRule> rules(db::Connection& c);
void set_rule(db::Connection& c, const std::string& grade, int64_t max_days, int64_t by, int64_t now);

// Accounts in scope whose last visit happened before their grade's threshold (or never), oldest
// first (never first, then by last_visit_at, then id); `threshold` per grade in grades() order.
std::vector<UnvisitedAccount> unvisited(db::Connection& c, const auth::Scope& scope, const UnvisitedFilter& filter,
                                        const std::vector<std::pair<std::string, int64_t>>& thresholds);
// A scope of several units with at least this many accounts of a grade to list walks the grade's
// index in order, checking each account's unit; with fewer, they are fetched by their owners and
// sorted. Tests lower it so that small data sets take both plans; not for changing in a server.
int64_t& unvisited_probe_cap();
int64_t count_unvisited(db::Connection& c, const auth::Scope& scope, const std::vector<std::string>& grades,
                        const std::vector<std::pair<std::string, int64_t>>& thresholds);

}  // namespace fleetkam::visits::store
