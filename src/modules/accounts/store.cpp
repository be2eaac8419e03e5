#include "modules/accounts/store.h"

#include <algorithm>

#include "modules/boards/totals.h"

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
    "WHERE id = ? AND version = ?";
constexpr const char* kDeleteKeys = "DELETE FROM account_search_keys WHERE account_id = ?";
constexpr const char* kInsertKeys = "INSERT INTO account_search_keys (key, account_id) VALUES ";
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
  int64_t id =
      c.query_one(kInsert, {a.name, name_key, a.sort_key, db::nullable(a.credit_code), a.industry, a.admin_level,
                            a.division_code, a.province_code, db::nullable(a.address), a.grade, a.business_class,
                            a.procurement_method, a.source_channel, a.owner_unit_id, db::nullable(a.owner_user_id),
                            created_by ? db::Param{created_by} : db::Param{nullptr}, now, now})
          ->integer(0);
  boards::totals::apply_account(c, std::nullopt, boards::totals::account(c, id));  // the count pyramid
  return id;
}

bool update_account(db::Connection& c, const Account& a, const std::string& name_key, int64_t now) {
  auto before = boards::totals::account(c, a.id);
  bool updated = c.execute(kUpdate, {a.name, name_key, a.sort_key, db::nullable(a.credit_code), a.industry,
                                     a.admin_level, a.division_code, a.province_code, db::nullable(a.address), a.grade,
                                     a.business_class, a.procurement_method, a.source_channel, a.owner_unit_id,
                                     db::nullable(a.owner_user_id), a.active, now, a.id, a.version}) == 1;
  if (updated) boards::totals::apply_account(c, before, boards::totals::account(c, a.id));
  return updated;
}

std::optional<Account> find_account(db::Connection& c, const auth::Scope& scope, int64_t id) {
  auto row = c.query_one(kSelectScoped, {id, scope.lower(), scope.upper()});
  if (!row) return std::nullopt;
  return account_from(*row);
}

namespace {

// Listing accounts in pinyin order fast at any size takes a choice of plan, made here rather than
// left to the database (SQLite's planner, without good statistics for LIMIT queries, walks a whole
// index when a filter is selective). Each filter that has an index is probed: how many rows match,
// counting up to kProbeCap. The most selective one drives: if it matches fewer than kProbeCap rows
// they are fetched by its index and sorted; otherwise the list is walked in order on an index that
// ends in (sort_key, id) — the most selective such filter's — and the other filters are checked per
// row. Either way a page costs at most about kProbeCap rows.
const int64_t kProbeCap = 4000;
// A query's keys are cheaper to fetch than accounts (one covering index range), and its matches
// cluster in pinyin order (cds: 成都市…), where an ordered walk is slow: its cap is higher.
const int64_t kQueryCap = 12000;
// A scope of at most this many units is walked unit by unit on the owner index and merged.
const size_t kMergeUnits = 8;
// Past this many units in scope the owner is checked by the unit's path instead of a list of ids.
constexpr size_t kUnitList = 300;

struct Driver {
  std::string name;   // q, owner_user, division, scope, province, industry, grade
  int64_t count = 0;  // matching rows (search keys for q), capped at `cap`
  int64_t cap = kProbeCap;
  std::string index;  // the SQLite index it drives with
  bool ordered = false;
  std::string from_where;  // its rows: "accounts WHERE …" or the search keys' "account_search_keys WHERE …"
  db::Params params;
  // rows fetched and sorted if it drives; a filter matching `cap` or more can only walk in order
  int64_t cost() const { return count < cap ? count : INT64_MAX; }
};

ListPlanLimits limits{kProbeCap, kQueryCap, kMergeUnits};

int64_t probe(db::Connection& c, const std::string& from_where, const db::Params& params, int64_t cap) {
  db::Params all = params;
  all.emplace_back(cap);
  return c.query_one("SELECT COUNT(*) FROM (SELECT 1 FROM " + from_where + " LIMIT ?) probe", all)->integer(0);
}

// The units whose accounts are listed: the scope, narrowed to the owner filter's subtree. None
// (nullopt) when the filter names a unit outside the scope or the scope holds no unit.
struct Listed {
  auth::Scope scope;
  bool whole_tree = false;
  std::vector<int64_t> units;
  std::string unit_list;  // "?,?,…" for `units` when there are at most kUnitList of them
  db::Params unit_params;
};

std::optional<Listed> listed_units(db::Connection& c, const auth::Scope& scope, const AccountFilter& f) {
  Listed out{scope, false, {}, "", {}};
  if (f.owner_unit_id) {
    auto row = c.query_one("SELECT path FROM org_units WHERE id = ?", {*f.owner_unit_id});
    if (!row) return std::nullopt;
    auth::Scope owner{row->text(0)};
    if (scope.contains(owner.path)) {
      out.scope = owner;  // a unit inside the scope: its subtree
    } else if (!owner.contains(scope.path)) {
      return std::nullopt;  // a unit outside the scope (one above it leaves the scope as it is)
    }
  }
  auto in_scope = auth::scope_units(c, out.scope, kUnitList);
  out.whole_tree = in_scope.whole_tree;
  out.units = std::move(in_scope.ids);
  if (!out.whole_tree && out.units.empty()) return std::nullopt;
  for (size_t i = 0; i < out.units.size() && out.units.size() <= kUnitList; ++i) {
    out.unit_list += i ? ",?" : "?";
    out.unit_params.emplace_back(out.units[i]);
  }
  return out;
}

// The WHERE of the list (and of its status counts), condition by condition; values are bound.
struct Where {
  std::string sql;
  db::Params params;
  void add(const std::string& condition, const db::Params& values) {
    sql += sql.empty() ? " WHERE " : " AND ";
    sql += condition;
    params.insert(params.end(), values.begin(), values.end());
  }
};

// The owner's unit in the listed units: a list of ids, or their paths past kUnitList units.
void add_units(Where& where, const Listed& listed) {
  if (listed.whole_tree) return;
  if (listed.units.size() <= kUnitList) {
    where.add("a.owner_unit_id IN (" + listed.unit_list + ")", listed.unit_params);
  } else {
    where.add("EXISTS (SELECT 1 FROM org_units o WHERE o.id = a.owner_unit_id AND o.path >= ? AND o.path < ?)",
              {listed.scope.lower(), listed.scope.upper()});
  }
}

// The filters other than the owner's unit and the keyset: the list's and its counts' (which clear
// `active`), so that a status's count is what the list shows with that status. `q_drives`: the
// search keys are read as a set of ids (they drive the plan) rather than probed per row.
void add_filters(Where& where, const AccountFilter& f, bool q_drives) {
  if (f.q && q_drives) {
    where.add("a.id IN (SELECT account_id FROM account_search_keys WHERE key >= ? AND key < ?)",
              {*f.q, *f.q + kKeyCeiling});
  } else if (f.q) {
    where.add("EXISTS (SELECT 1 FROM account_search_keys k WHERE k.account_id = a.id AND k.key >= ? AND k.key < ?)",
              {*f.q, *f.q + kKeyCeiling});
  }
  if (f.grade) where.add("a.grade = ?", {*f.grade});
  if (f.industry) where.add("a.industry = ?", {*f.industry});
  if (f.division_code && f.division_code->size() == 2) {
    where.add("a.province_code = ?", {*f.division_code + "0000"});
  } else if (f.division_code) {
    where.add("a.division_code >= ? AND a.division_code < ?", {*f.division_code, *f.division_code + "\x7F"});
  }
  if (f.owner_user_id) where.add("a.owner_user_id = ?", {*f.owner_user_id});
  if (f.active) where.add("a.active = ?", {int64_t{*f.active ? 1 : 0}});
}

}  // namespace

ListPlanLimits& list_plan_limits() { return limits; }

std::vector<Account> list_accounts(db::Connection& c, const auth::Scope& scope, const AccountFilter& f) {
  auto listed = listed_units(c, scope, f);
  if (!listed) return {};
  bool whole_tree = listed->whole_tree;
  const std::vector<int64_t>& units = listed->units;
  const std::string& unit_list = listed->unit_list;
  const db::Params& unit_params = listed->unit_params;
  std::string q_upper = f.q ? *f.q + kKeyCeiling : "";
  std::string province = f.division_code && f.division_code->size() == 2 ? *f.division_code + "0000" : "";
  std::string division_upper = f.division_code ? *f.division_code + "\x7F" : "";

  // Probe the filters, most likely selective first; a small count ends the probing.
  std::vector<Driver> drivers;
  auto consider = [&](Driver d, const std::string& from_where, const db::Params& params) {
    if (!drivers.empty() && drivers.back().count < 200) return;
    d.count = probe(c, from_where, params, d.cap);
    d.from_where = from_where;
    d.params = params;
    drivers.push_back(std::move(d));
    std::stable_sort(drivers.begin(), drivers.end(),
                     [](const Driver& a, const Driver& b) { return a.cost() > b.cost(); });
  };
  if (f.q) {
    consider({"q", 0, limits.query_cap, "", false, "", {}}, "account_search_keys WHERE key >= ? AND key < ?",
             {*f.q, q_upper});
  }
  if (f.owner_user_id) {
    consider({"owner_user", 0, limits.probe_cap, "accounts_owner_user_sort", true, "", {}},
             "accounts WHERE owner_user_id = ?", {*f.owner_user_id});
  }
  if (f.division_code && province.empty()) {
    consider({"division", 0, limits.probe_cap, "accounts_division", false, "", {}},
             "accounts WHERE division_code >= ? AND division_code < ?", {*f.division_code, division_upper});
  }
  if (!whole_tree && units.size() <= limits.merge_units) {
    consider({"scope", 0, limits.probe_cap, "accounts_owner_sort", true, "", {}},
             "accounts WHERE owner_unit_id IN (" + unit_list + ")", unit_params);
  }
  if (!province.empty()) {
    consider({"province", 0, limits.probe_cap, "accounts_province_sort", true, "", {}},
             "accounts WHERE province_code = ?", {province});
  }
  if (f.industry)
    consider({"industry", 0, limits.probe_cap, "accounts_industry_sort", true, "", {}}, "accounts WHERE industry = ?",
             {*f.industry});
  if (f.grade)
    consider({"grade", 0, limits.probe_cap, "accounts_grade_sort", true, "", {}}, "accounts WHERE grade = ?",
             {*f.grade});
  // the driver: the smallest count; when every filter matches limits.probe_cap or more, the first ordered one
  // in probing order (the back of `drivers` is the smallest count, ties in probing order)
  Driver driver{"none", limits.probe_cap, limits.probe_cap, "accounts_sort", true, "", {}};
  if (!drivers.empty() && drivers.back().cost() != INT64_MAX) {
    driver = drivers.back();
  } else {
    for (const auto& d : drivers) {
      if (d.ordered) {
        driver = d;
        break;
      }
    }
  }
  bool fetch_and_sort = driver.count < driver.cap;

  // The conditions, each either driving (its index chosen) or checked per row; values are bound.
  Where where;
  bool per_unit = driver.name == "scope" && !fetch_and_sort;
  if (per_unit) {
    where.add("a.owner_unit_id = ?", {int64_t{0}});  // the unit's id is set per branch below
  } else {
    add_units(where, *listed);
  }
  add_filters(where, f, driver.name == "q");
  if (f.after) {
    where.add("(a.sort_key > ? OR (a.sort_key = ? AND a.id > ?))", {f.after->first, f.after->first, f.after->second});
  }
  // SQLite takes the plan as index hints. PostgreSQL has none: a fetch gets the driver's ids in a
  // materialised CTE (it cannot turn that into a walk in order), a walk is made to avoid sorts and
  // to probe per row, and neither starts parallel workers or JIT (their start costs more than these
  // queries on two cores).
  std::string hint, with, order = " ORDER BY a.sort_key, a.id LIMIT ?";
  db::Params with_params;
  auto limit = int64_t{f.limit};
  if (c.dialect() == db::Dialect::sqlite) {
    hint = driver.name == "q" ? " NOT INDEXED" : " INDEXED BY " + driver.index;
    if (per_unit && !province.empty()) hint = " INDEXED BY accounts_owner_province_sort";
  } else if (fetch_and_sort && driver.name == "q") {
    c.execute_script("SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL jit = off");
    with = "WITH m AS MATERIALIZED (SELECT DISTINCT account_id AS id FROM " + driver.from_where + ") ";
    with_params = driver.params;
    hint = " JOIN m ON m.id = a.id";
  } else if (fetch_and_sort && !driver.from_where.empty()) {
    // ordered by an expression no index has, so the rows are fetched by a filter's index (a bitmap
    // scan in heap order) and sorted; through a materialised CTE of the driver's ids a range
    // estimated at 48 rows (a city: 3,037) was joined by rescanning the CTE per row, 99 ms
    c.execute_script("SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL jit = off");
    order = " ORDER BY a.sort_key || '', a.id LIMIT ?";
  } else {
    // the only join left is a nested loop probing an index per row (its statistics guess a key
    // range matches one row and would otherwise rescan a materialised range per account)
    c.execute_script(
        "SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL jit = off; SET LOCAL enable_sort = off;"
        " SET LOCAL enable_material = off; SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off");
  }
  std::string one = with + std::string("SELECT ") + kAccountColumns + " FROM accounts a" + hint + where.sql + order;
  std::string sql;
  db::Params all = with_params;
  if (per_unit) {
    // each unit's first rows in order, merged
    for (size_t i = 0; i < units.size(); ++i) {
      sql += (i ? " UNION ALL " : "") + std::string("SELECT * FROM (") + one + ") u" + std::to_string(i);
      where.params[0] = units[i];
      all.insert(all.end(), where.params.begin(), where.params.end());
      all.emplace_back(limit);
    }
    sql = "SELECT * FROM (" + sql + ") merged ORDER BY 19, 1 LIMIT ?";
  } else {
    sql = one;
    all.insert(all.end(), where.params.begin(), where.params.end());
  }
  all.emplace_back(limit);
  std::vector<Account> out;
  for (const auto& row : c.query(sql, all)) out.push_back(account_from(row));
  return out;
}

std::map<bool, int64_t> active_counts(db::Connection& c, const auth::Scope& scope, const AccountFilter& f) {
  auto listed = listed_units(c, scope, f);
  if (!listed) return {};
  Where where;
  add_units(where, *listed);
  AccountFilter others = f;
  others.active.reset();  // every status is counted
  add_filters(where, others, true);
  if (c.dialect() == db::Dialect::postgres) {
    // one scan of the matching rows; parallel workers and JIT start slower than it runs on two cores
    c.execute_script("SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL jit = off");
  }
  std::map<bool, int64_t> out;
  for (const auto& row :
       c.query("SELECT a.active, COUNT(*) FROM accounts a" + where.sql + " GROUP BY a.active", where.params)) {
    out[row.boolean(0)] = row.integer(1);
  }
  return out;
}

void regrade_deliveries(db::Connection& c, int64_t account_id, const std::string& from, const std::string& to) {
  for (const auto& row : c.query("SELECT unit_id, month, SUM(quantity) FROM deliveries WHERE account_id = ? AND "
                                 "voided_at IS NULL GROUP BY unit_id, month",
                                 {account_id})) {
    int64_t unit = row.integer(0), month = row.integer(1), units = row.integer(2);
    c.execute("UPDATE grade_delivery_totals SET units = units - ? WHERE unit_id = ? AND month = ? AND grade = ?",
              {units, unit, month, from});
    c.execute(
        "INSERT INTO grade_delivery_totals (unit_id, month, grade, units) VALUES (?, ?, ?, ?) ON CONFLICT "
        "(unit_id, month, grade) DO UPDATE SET units = grade_delivery_totals.units + excluded.units",
        {unit, month, to, units});
    boards::totals::add_delivered(c, unit, month, from, -units);
    boards::totals::add_delivered(c, unit, month, to, units);
  }
}

void replace_search_keys(db::Connection& c, int64_t account_id, const std::vector<std::string>& keys) {
  c.execute(kDeleteKeys, {account_id});
  // One statement for all of a name's keys (tens of them) instead of a round trip each; prepared
  // once per number of keys. Built from fixed fragments; every value is bound.
  std::string sql = kInsertKeys;
  db::Params params;
  for (const auto& key : keys) {
    if (key.empty()) continue;
    sql += params.empty() ? "(?, ?)" : ", (?, ?)";
    params.emplace_back(key);
    params.emplace_back(account_id);
  }
  if (!params.empty()) c.execute(sql + " ON CONFLICT DO NOTHING", params);
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

std::vector<Match> accounts_by_ids(db::Connection& c, const std::vector<int64_t>& ids) {
  std::vector<Match> out;
  constexpr size_t kChunk = 500;
  for (size_t start = 0; start < ids.size(); start += kChunk) {
    size_t end = std::min(ids.size(), start + kChunk);
    std::string sql =
        "SELECT a.id, a.name, o.path FROM accounts a JOIN org_units o ON o.id = a.owner_unit_id WHERE a.id IN (";
    db::Params params;
    for (size_t i = start; i < end; ++i) {
      sql += i == start ? "?" : ",?";
      params.emplace_back(ids[i]);
    }
    sql += ")";
    for (const auto& row : c.query(sql, params)) out.push_back({row.integer(0), row.text(1), row.text(2)});
  }
  return out;
}

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
