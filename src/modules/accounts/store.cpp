#include "modules/accounts/store.h"

#include <algorithm>

namespace fleetkam::accounts::store {
namespace {

constexpr const char* kAccountColumns =
    "a.id, a.name, a.credit_code, a.industry, a.admin_level, a.division_code, a.province_code, a.address, a.grade, "
    "a.business_class, a.procurement_method, a.source_channel, a.owner_unit_id, a.owner_user_id, a.active, a.version, "
    "a.created_at, a.updated_at, a.sort_key";

const std::string kSelectScoped = std::string("SELECT ") + kAccountColumns +
                                  " FROM accounts a JOIN org_units o ON o.id = a.owner_unit_id"
                                  " WHERE a.id = ? AND o.path >= ? AND o.path < ?";
constexpr const char* kInsert =
    "INSERT INTO accounts (name, name_key, sort_key, credit_code, industry, admin_level, division_code, province_code, "
    "address, grade, business_class, procurement_method, source_channel, owner_unit_id, owner_user_id, active, "
    "version, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 1, ?, ?, ?) "
    "RETURNING id";
constexpr const char* kUpdate =
    "UPDATE accounts SET name = ?, name_key = ?, sort_key = ?, credit_code = ?, industry = ?, admin_level = ?, "
    "division_code = ?, province_code = ?, address = ?, grade = ?, business_class = ?, procurement_method = ?, "
    "source_channel = ?, owner_unit_id = ?, owner_user_id = ?, active = ?, version = version + 1, updated_at = ? "
    "WHERE id = ?";
constexpr const char* kDeleteKeys = "DELETE FROM account_search_keys WHERE account_id = ?";
constexpr const char* kInsertKey =
    "INSERT INTO account_search_keys (key, account_id) VALUES (?, ?) ON CONFLICT DO NOTHING";
constexpr const char* kByCreditCode =
    "SELECT a.id, a.name, o.path FROM accounts a JOIN org_units o ON o.id = a.owner_unit_id "
    "WHERE a.credit_code = ? AND a.id <> ?";
constexpr const char* kByNameKey =
    "SELECT a.id, a.name, o.path FROM accounts a JOIN org_units o ON o.id = a.owner_unit_id "
    "WHERE a.name_key = ? AND a.division_code = ? AND a.id <> ? AND a.active = 1";
constexpr const char* kUnitPath = "SELECT path FROM org_units WHERE id = ? AND active = 1";
constexpr const char* kUserInScope =
    "SELECT 1 FROM users u JOIN org_units o ON o.id = u.org_unit_id WHERE u.id = ? AND u.active = 1 "
    "AND o.path >= ? AND o.path < ?";

constexpr const char* kContactColumns =
    "id, account_id, name, title, department, buying_role, level, job_function, reports_to_id, phone, active, "
    "version, created_at, updated_at";
const std::string kInsertContact =
    "INSERT INTO contacts (account_id, name, title, department, buying_role, level, job_function, reports_to_id, "
    "phone, active, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 1, ?, ?) RETURNING id";
constexpr const char* kUpdateContact =
    "UPDATE contacts SET name = ?, title = ?, department = ?, buying_role = ?, level = ?, job_function = ?, "
    "reports_to_id = ?, phone = ?, active = ?, version = version + 1, updated_at = ? WHERE id = ?";
const std::string kFindContact =
    std::string("SELECT ") + kContactColumns + " FROM contacts WHERE account_id = ? AND id = ?";
const std::string kListContacts =
    std::string("SELECT ") + kContactColumns + " FROM contacts WHERE account_id = ? ORDER BY id";

constexpr const char* kInsertAnalysis =
    "INSERT INTO account_analyses (account_id, sheet_json, created_by, created_at) VALUES (?, ?, ?, ?) RETURNING id";
constexpr const char* kListAnalyses =
    "SELECT id, account_id, sheet_json, created_by, created_at FROM account_analyses WHERE account_id = ? "
    "ORDER BY id DESC LIMIT ?";

// Past the last key any query could have: the largest code point, as UTF-8.
constexpr const char* kKeyCeiling = "\xF4\x8F\xBF\xBF";

Account account_from(const db::Row& r) {
  Account a;
  a.id = r.integer(0);
  a.name = r.text(1);
  a.credit_code = r.optional_text(2);
  a.industry = r.text(3);
  a.admin_level = r.text(4);
  a.division_code = r.text(5);
  a.province_code = r.text(6);
  a.address = r.optional_text(7);
  a.grade = r.text(8);
  a.business_class = r.text(9);
  a.procurement_method = r.text(10);
  a.source_channel = r.text(11);
  a.owner_unit_id = r.integer(12);
  a.owner_user_id = r.optional_integer(13);
  a.active = r.boolean(14);
  a.version = r.integer(15);
  a.created_at = r.integer(16);
  a.updated_at = r.integer(17);
  a.sort_key = r.text(18);
  return a;
}

Contact contact_from(const db::Row& r) {
  return {r.integer(0),  r.integer(1),       r.text(2),          r.optional_text(3),    r.optional_text(4),
          r.text(5),     r.optional_text(6), r.optional_text(7), r.optional_integer(8), r.optional_text(9),
          r.boolean(10), r.integer(11),      r.integer(12),      r.integer(13)};
}

std::vector<Match> matches(db::Connection& c, const char* sql, const db::Params& params) {
  std::vector<Match> out;
  for (const auto& row : c.query(sql, params)) out.push_back({row.integer(0), row.text(1), row.text(2)});
  return out;
}

}  // namespace

int64_t insert_account(db::Connection& c, const Account& a, const std::string& name_key, int64_t created_by,
                       int64_t now) {
  return c
      .query_one(kInsert, {a.name, name_key, a.sort_key, db::nullable(a.credit_code), a.industry, a.admin_level,
                           a.division_code, a.province_code, db::nullable(a.address), a.grade, a.business_class,
                           a.procurement_method, a.source_channel, a.owner_unit_id, db::nullable(a.owner_user_id),
                           created_by ? db::Param{created_by} : db::Param{nullptr}, now, now})
      ->integer(0);
}

void update_account(db::Connection& c, const Account& a, const std::string& name_key, int64_t now) {
  c.execute(kUpdate,
            {a.name, name_key, a.sort_key, db::nullable(a.credit_code), a.industry, a.admin_level, a.division_code,
             a.province_code, db::nullable(a.address), a.grade, a.business_class, a.procurement_method,
             a.source_channel, a.owner_unit_id, db::nullable(a.owner_user_id), a.active, now, a.id});
}

std::optional<Account> find_account(db::Connection& c, const auth::Scope& scope, int64_t id) {
  auto row = c.query_one(kSelectScoped, {id, scope.lower(), scope.upper()});
  if (!row) return std::nullopt;
  return account_from(*row);
}

std::vector<Account> list_accounts(db::Connection& c, const auth::Scope& scope, const AccountFilter& f) {
  // Built from fixed fragments; every value is bound.
  std::string sql = std::string("SELECT ") + kAccountColumns +
                    " FROM accounts a JOIN org_units o ON o.id = a.owner_unit_id WHERE o.path >= ? AND o.path < ?";
  db::Params params = {scope.lower(), scope.upper()};
  if (f.q) {
    sql += " AND a.id IN (SELECT account_id FROM account_search_keys WHERE key >= ? AND key < ?)";
    params.emplace_back(*f.q);
    params.emplace_back(*f.q + kKeyCeiling);
  }
  if (f.grade) {
    sql += " AND a.grade = ?";
    params.emplace_back(*f.grade);
  }
  if (f.industry) {
    sql += " AND a.industry = ?";
    params.emplace_back(*f.industry);
  }
  if (f.division_code) {
    sql += " AND a.division_code >= ? AND a.division_code < ?";
    params.emplace_back(*f.division_code);
    params.emplace_back(*f.division_code + "\x7F");
  }
  if (f.owner_unit_id) {
    sql +=
        " AND o.path >= (SELECT path FROM org_units WHERE id = ?)"
        " AND o.path < (SELECT substr(path, 1, length(path) - 1) || '0' FROM org_units WHERE id = ?)";
    params.emplace_back(*f.owner_unit_id);
    params.emplace_back(*f.owner_unit_id);
  }
  if (f.owner_user_id) {
    sql += " AND a.owner_user_id = ?";
    params.emplace_back(*f.owner_user_id);
  }
  if (f.active) {
    sql += " AND a.active = ?";
    params.emplace_back(int64_t{*f.active ? 1 : 0});
  }
  if (f.after) {
    sql += " AND (a.sort_key > ? OR (a.sort_key = ? AND a.id > ?))";
    params.emplace_back(f.after->first);
    params.emplace_back(f.after->first);
    params.emplace_back(f.after->second);
  }
  sql += " ORDER BY a.sort_key, a.id LIMIT ?";
  params.emplace_back(int64_t{f.limit});
  std::vector<Account> out;
  for (const auto& row : c.query(sql, params)) out.push_back(account_from(row));
  return out;
}

void replace_search_keys(db::Connection& c, int64_t account_id, const std::vector<std::string>& keys) {
  c.execute(kDeleteKeys, {account_id});
  for (const auto& key : keys) {
    if (!key.empty()) c.execute(kInsertKey, {key, account_id});
  }
}

std::vector<Match> accounts_with_credit_code(db::Connection& c, const std::string& credit_code, int64_t except_id) {
  return matches(c, kByCreditCode, {credit_code, except_id});
}

std::vector<Match> accounts_with_name_key(db::Connection& c, const std::string& name_key,
                                          const std::string& division_code, int64_t except_id) {
  return matches(c, kByNameKey, {name_key, division_code, except_id});
}

namespace {
std::vector<KeyedMatch> keyed_matches(db::Connection& c, const char* column, const char* extra,
                                      const std::vector<std::string>& keys) {
  std::vector<KeyedMatch> out;
  constexpr size_t kChunk = 500;
  for (size_t start = 0; start < keys.size(); start += kChunk) {
    size_t end = std::min(keys.size(), start + kChunk);
    // Built from fixed fragments and placeholders; every value is bound.
    std::string sql = std::string("SELECT a.") + column +
                      ", a.division_code, a.id, a.name, o.path FROM accounts a JOIN org_units o ON o.id = "
                      "a.owner_unit_id WHERE a." +
                      column + " IN (";
    db::Params params;
    for (size_t i = start; i < end; ++i) {
      sql += i == start ? "?" : ",?";
      params.emplace_back(keys[i]);
    }
    sql += std::string(")") + extra;
    for (const auto& row : c.query(sql, params)) {
      out.push_back({row.text(0), row.text(1), {row.integer(2), row.text(3), row.text(4)}});
    }
  }
  return out;
}
}  // namespace

std::vector<KeyedMatch> accounts_with_credit_codes(db::Connection& c, const std::vector<std::string>& codes) {
  return keyed_matches(c, "credit_code", "", codes);
}

std::vector<KeyedMatch> accounts_with_name_keys(db::Connection& c, const std::vector<std::string>& name_keys) {
  return keyed_matches(c, "name_key", " AND a.active = 1", name_keys);
}

std::optional<std::string> unit_path(db::Connection& c, int64_t unit_id) {
  auto row = c.query_one(kUnitPath, {unit_id});
  if (!row) return std::nullopt;
  return row->text(0);
}

bool user_in_scope(db::Connection& c, const auth::Scope& scope, int64_t user_id) {
  return c.query_one(kUserInScope, {user_id, scope.lower(), scope.upper()}).has_value();
}

int64_t insert_contact(db::Connection& c, const Contact& x, int64_t now) {
  return c
      .query_one(kInsertContact, {x.account_id, x.name, db::nullable(x.title), db::nullable(x.department),
                                  x.buying_role, db::nullable(x.level), db::nullable(x.function),
                                  db::nullable(x.reports_to_id), db::nullable(x.phone), now, now})
      ->integer(0);
}

void update_contact(db::Connection& c, const Contact& x, int64_t now) {
  c.execute(kUpdateContact,
            {x.name, db::nullable(x.title), db::nullable(x.department), x.buying_role, db::nullable(x.level),
             db::nullable(x.function), db::nullable(x.reports_to_id), db::nullable(x.phone), x.active, now, x.id});
}

std::optional<Contact> find_contact(db::Connection& c, int64_t account_id, int64_t contact_id) {
  auto row = c.query_one(kFindContact, {account_id, contact_id});
  if (!row) return std::nullopt;
  return contact_from(*row);
}

std::vector<Contact> list_contacts(db::Connection& c, int64_t account_id) {
  std::vector<Contact> out;
  for (const auto& row : c.query(kListContacts, {account_id})) out.push_back(contact_from(row));
  return out;
}

int64_t insert_analysis(db::Connection& c, int64_t account_id, const std::string& sheet_json, int64_t created_by,
                        int64_t now) {
  return c.query_one(kInsertAnalysis, {account_id, sheet_json, created_by, now})->integer(0);
}

std::vector<Analysis> list_analyses(db::Connection& c, int64_t account_id, int limit) {
  std::vector<Analysis> out;
  for (const auto& row : c.query(kListAnalyses, {account_id, int64_t{limit}})) {
    out.push_back({row.integer(0), row.integer(1), row.text(2), row.optional_integer(3), row.integer(4)});
  }
  return out;
}

}  // namespace fleetkam::accounts::store
