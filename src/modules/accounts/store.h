// The SQL of the accounts module. Reads that routes reach take the caller's scope; the one
// unscoped read is the duplicate check, which reveals only that a match exists.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "modules/accounts/model.h"
#include "platform/auth/scope.h"
#include "platform/db/database.h"

namespace fleetkam::accounts::store {

int64_t insert_account(db::Connection& c, const Account& a, const std::string& name_key, int64_t created_by,
                       int64_t now);
// Writes a's fields if the stored version is still a.version (false: someone changed it since).
bool update_account(db::Connection& c, const Account& a, const std::string& name_key, int64_t now);
std::optional<Account> find_account(db::Connection& c, const auth::Scope& scope, int64_t id);
std::vector<Account> list_accounts(db::Connection& c, const auth::Scope& scope, const AccountFilter& filter);
// How list_accounts chooses its plan (see store.cpp). Tests lower them so that small data sets take
// every plan; not for changing at run time in a server.
struct ListPlanLimits {
  int64_t probe_cap;   // a filter matching fewer rows drives by fetch and sort
  int64_t query_cap;   // the same for the search keys of `q`
  size_t merge_units;  // a scope of at most this many units is walked unit by unit
};
ListPlanLimits& list_plan_limits();
// How many accounts list_accounts finds with `filter` but its `active` (ignored here), per value of
// `active`: the same scope and conditions as the list, in one GROUP BY.
std::map<bool, int64_t> active_counts(db::Connection& c, const auth::Scope& scope, const AccountFilter& filter);
// The value pyramid's delivered units per grade (grade_delivery_totals) follow the account's
// grade: its deliveries move from `from` to `to`, in the transaction that changes the grade.
void regrade_deliveries(db::Connection& c, int64_t account_id, const std::string& from, const std::string& to);

void replace_search_keys(db::Connection& c, int64_t account_id, const std::vector<std::string>& keys);

struct Match {
  int64_t id;
  std::string name;
  std::string owner_path;
};
std::vector<Match> accounts_with_credit_code(db::Connection& c, const std::string& credit_code, int64_t except_id);
std::vector<Match> accounts_with_name_key(db::Connection& c, const std::string& name_key,
                                          const std::string& division_code, int64_t except_id);

// The same, for many codes or name keys at once (queried in chunks); `key` is the code or name key matched.
struct KeyedMatch {
  std::string key;
  std::string division_code;
  Match match;
};
std::vector<KeyedMatch> accounts_with_credit_codes(db::Connection& c, const std::vector<std::string>& codes);
std::vector<KeyedMatch> accounts_with_name_keys(db::Connection& c, const std::vector<std::string>& name_keys);

// Id, name and owner path of the accounts with these ids (queried in chunks).
std::vector<Match> accounts_by_ids(db::Connection& c, const std::vector<int64_t>& ids);

// The path of a unit (for scope checks of owners), or nullopt.
std::optional<std::string> unit_path(db::Connection& c, int64_t unit_id);
// True when the user exists, is active and belongs to a unit inside `scope`.
bool user_in_scope(db::Connection& c, const auth::Scope& scope, int64_t user_id);

int64_t insert_contact(db::Connection& c, const Contact& contact, int64_t now);
void update_contact(db::Connection& c, const Contact& contact, int64_t now);
std::optional<Contact> find_contact(db::Connection& c, int64_t account_id, int64_t contact_id);
std::vector<Contact> list_contacts(db::Connection& c, int64_t account_id);

int64_t insert_analysis(db::Connection& c, int64_t account_id, const std::string& sheet_json, int64_t created_by,
                        int64_t now);
std::vector<Analysis> list_analyses(db::Connection& c, int64_t account_id, int limit);

}  // namespace fleetkam::accounts::store
