// The SQL of lead registrations. Reads that routes reach take the caller's scope (the
// registering dealer's unit path).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "modules/registrations/model.h"
#include "platform/auth/scope.h"
#include "platform/db/database.h"

namespace fleetkam::registrations::store {

int64_t insert(db::Connection& c, const Registration& r);
void insert_conflict(db::Connection& c, int64_t registration_id, const Conflict& conflict);
// `lock`: the row is locked until the transaction ends (PostgreSQL); lock the account first
// (lock_account), as every writer of registrations does, so two writers never wait on each other.
std::optional<Registration> find(db::Connection& c, const auth::Scope& scope, int64_t id, bool lock = false);
std::vector<Registration> list(db::Connection& c, const auth::Scope& scope, const RegistrationFilter& f);
// How many registrations of the list's scope and filters (`before_id` and `limit` aside) hold
// each stored status: one GROUP BY over the list's own WHERE.
std::map<std::string, int64_t> status_counts(db::Connection& c, const auth::Scope& scope, const RegistrationFilter& f);
std::vector<Conflict> conflicts_of(db::Connection& c, int64_t registration_id);

// Registrations of `account_id` by dealers other than `dealer_unit_id` that are still open
// (pending, conflict) or approved and protected at `now`, for `vehicle_type`.
struct Active {
  int64_t id;
  int64_t dealer_unit_id;
  std::string expected_date;
  std::string status;
};
std::vector<Active> active_of_others(db::Connection& c, int64_t account_id, int64_t dealer_unit_id,
                                     const std::string& vehicle_type, int64_t now);
// The registrations (other dealers') that `id` conflicts with or that conflict with it, still open.
std::vector<int64_t> open_counterparts(db::Connection& c, int64_t id);

void set_review(db::Connection& c, int64_t id, const std::string& status, bool authentic,
                const std::optional<bool>& accurate, const std::optional<std::string>& note, int64_t reviewer,
                std::optional<int64_t> protected_until, int64_t now);
void set_protection(db::Connection& c, int64_t id, int64_t protected_until, int64_t now);
// Approved registrations whose protection ended by `now`: (id, dealer_unit_id, account_id).
struct Expired {
  int64_t id, dealer_unit_id, account_id;
};
std::vector<Expired> expired(db::Connection& c, int64_t now);
// Ends the protection of an approved registration; false when it is no longer approved (another
// transaction lapsed it first).
bool set_lapsed(db::Connection& c, int64_t id, int64_t now);

// The owner of an account: its unit (id, kind, parent, path) and user; locks the row on
// PostgreSQL so registrations of one account are serialised. The lock lets rows that refer to
// the account (contacts, opportunities) be inserted meanwhile.
struct Owner {
  int64_t unit_id;
  std::string kind;
  std::optional<int64_t> parent_id;
  std::optional<int64_t> user_id;
  std::string path;
};
std::optional<Owner> lock_account(db::Connection& c, int64_t account_id);
void set_account_owner(db::Connection& c, int64_t account_id, int64_t unit_id, int64_t now);

std::vector<UnitStats> stats(db::Connection& c, const auth::Scope& scope, int64_t from, int64_t to, bool by_province);

int64_t protection_days(db::Connection& c);
void set_protection_days(db::Connection& c, int64_t days, int64_t now);

}  // namespace fleetkam::registrations::store
