// The accounts module's rules: validation of an account (credit code in full, directory
// codes, divisions), ownership and scope, the duplicate check on create, search keys and
// pinyin order, contacts of the buying centre, and the analysis sheet with its history.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "modules/accounts/index.h"
#include "modules/accounts/model.h"
#include "modules/directories/directories.h"
#include "platform/auth/auth_service.h"
#include "platform/db/database.h"

namespace fleetkam::accounts {

class AccountService {
 public:
  AccountService(db::Database& database, directories::DirectoryService& directories)
      : database_(database), directories_(directories) {}

  // Throws Conflict with the candidates (as extra JSON "duplicates") when the account exists.
  Account create(const auth::Principal& caller, const AccountInput& input);
  Account get(const auth::Principal& caller, int64_t id);
  std::vector<Account> list(const auth::Principal& caller, AccountFilter filter);
  // Per status (active, inactive), how many accounts the list finds with `filter` (its `active` aside).
  std::map<std::string, int64_t> status_counts(const auth::Principal& caller, AccountFilter filter);
  Account update(const auth::Principal& caller, int64_t id, const AccountInput& patch);
  // Accounts that are the same organisation as (name, credit code, division): id and name only
  // for those inside the caller's scope.
  std::vector<DuplicateCandidate> duplicates(const auth::Principal& caller, const std::string& name,
                                             const std::optional<std::string>& credit_code,
                                             const std::optional<std::string>& division_code, int64_t except_id = 0);

  Contact add_contact(const auth::Principal& caller, int64_t account_id, const ContactInput& input);
  Contact update_contact(const auth::Principal& caller, int64_t account_id, int64_t contact_id,
                         const ContactInput& patch);
  std::vector<Contact> contacts(const auth::Principal& caller, int64_t account_id);

  // `sheet_json` must already be validated (validate_analysis).
  // The duplicate index every check of this process uses (see index.h).
  AccountIndex& index() { return index_; }

  Analysis save_analysis(const auth::Principal& caller, int64_t account_id, const std::string& sheet_json);
  std::vector<Analysis> analyses(const auth::Principal& caller, int64_t account_id, int limit);

 private:
  db::Database& database_;
  directories::DirectoryService& directories_;
  AccountIndex index_;
};

// What checking an account asks the database: whether a directory code is active, a unit's
// path, whether a user works in a unit's subtree. Answers are remembered, so a 100,000-row import
// asks each question once.
class Lookups {
 public:
  Lookups(db::Connection& connection, directories::DirectoryService& directories)
      : connection_(connection), directories_(directories) {}
  bool active_code(const std::string& directory, const std::string& code);
  std::optional<std::string> unit_path(int64_t unit_id);
  bool user_in_unit_tree(int64_t unit_id, int64_t user_id);
  db::Connection& connection() { return connection_; }

 private:
  db::Connection& connection_;
  directories::DirectoryService& directories_;
  std::map<std::pair<std::string, std::string>, bool> codes_;
  std::map<int64_t, std::optional<std::string>> paths_;
  std::map<std::pair<int64_t, int64_t>, bool> members_;
};

// The rules shared by the API and the spreadsheet import: apply `input` to `account`
// (throws Invalid with every problem), the duplicates of an account, and writing a new one.
void apply_input(Lookups& lookups, const auth::Principal& caller, const AccountInput& input, Account& account,
                 bool creating);
// Applies a contact's fields (throws Invalid naming each field); `c` is read for reports_to_id.
void apply_contact(db::Connection& c, const ContactInput& input, Contact& contact, bool creating);
// The accounts that are the same organisation (kind "duplicate": the duplicate engine of
// modules/dedup, and any account with the same credit code) and, with `related`, its parents,
// sub-units and branches; id and name only inside the caller's scope. In a write transaction that
// has written no account yet (a create's, an edit's check): names and owners are read from the
// database as that transaction sees them.
std::vector<DuplicateCandidate> find_duplicates(db::Connection& c, AccountIndex& index, const auth::Principal& caller,
                                                const std::string& name, const std::optional<std::string>& credit_code,
                                                const std::optional<std::string>& division_code, int64_t except_id,
                                                bool related = false);
// The duplicates of many new accounts at once (an import), with a few queries.
std::vector<std::vector<DuplicateCandidate>> find_duplicates_many(db::Connection& c, AccountIndex& index,
                                                                  const auth::Principal& caller,
                                                                  const std::vector<const Account*>& accounts);
// Before the duplicate check of one new account (or a rename) in a write transaction: of two
// transactions checking one organisation — the same normalised name or credit code — at the same
// moment, the second waits and then sees the first's account. Different names do not wait for
// each other (an import, which checks many at once, excludes them all).
void lock_new_account(db::Connection& c, const std::string& name, const std::optional<std::string>& credit_code);
int64_t insert_new_account(db::Connection& c, const auth::Principal& caller, Account& account);
// Writes new accounts, their search keys, their contacts (on entry a contact's account_id is the
// index of its account in `accounts`, its reports_to_id, if any, the index of an earlier contact
// in `contacts`) and, when `audit` is set, an audit row for each, with
// copy_rows; assigns every id. For imports and the data generator.
void write_new_accounts(db::Connection& c, const auth::Principal& caller, std::vector<Account>& accounts,
                        std::vector<Contact>& contacts, bool audit = true);

// The analysis sheet as the API takes it, checked against the layers and factors of
// DOMAIN.md §2; returns it re-serialised in a canonical form. Throws Invalid naming the field.
std::string validate_analysis(const std::string& body);

}  // namespace fleetkam::accounts
