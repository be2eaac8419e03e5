#include "modules/visits/store.h"

#include <algorithm>
#include <map>

namespace fleetkam::visits::store {
namespace {

// Columns: 0 id, 1 account_id, 2 account name, 3 opportunity_id, 4 opportunity title, 5 user_id,
// 6 user name, 7 unit_id, 8 unit name, 9 kind, 10 occurred_at, 11 summary, 12 next_step,
// 13 next_step_due, 14 next_step_done_at, 15 version, 16 created_at, 17 updated_at
constexpr const char* kSelect =
    "SELECT v.id, v.account_id, a.name, v.opportunity_id, o.title, v.user_id, p.display_name, v.unit_id, u.name, "
    "v.kind, v.occurred_at, v.summary, v.next_step, v.next_step_due, v.next_step_done_at, v.version, v.created_at, "
    "v.updated_at FROM visits v JOIN accounts a ON a.id = v.account_id JOIN users p ON p.id = v.user_id "
    "JOIN org_units u ON u.id = v.unit_id JOIN org_units ao ON ao.id = a.owner_unit_id LEFT JOIN opportunities o ON "
    "o.id = v.opportunity_id";
// what the caller may see: a visit logged in their scope, a visit of an account their scope owns
// (a province's visit with its dealer's rep), or one of their own
constexpr const char* kVisible = " (v.user_id = ? OR (u.path >= ? AND u.path < ?) OR (ao.path >= ? AND ao.path < ?))";
// an open next step (the partial index visits_open_next_steps holds exactly these rows)
constexpr const char* kOpen = " v.next_step IS NOT NULL AND v.next_step_done_at IS NULL";
// A scope of more units than this is checked by the units' path instead of a list of ids.
constexpr size_t kUnitList = 300;

Visit from_row(const db::Row& row) {
  Visit v;
  v.id = row.integer(0);
  v.account_id = row.integer(1);
  v.account_name = row.text(2);
  v.opportunity_id = row.optional_integer(3);
  v.opportunity_title = row.optional_text(4);
  v.user_id = row.integer(5);
  v.user_name = row.text(6);
  v.unit_id = row.integer(7);
  v.unit_name = row.text(8);
  v.kind = row.text(9);
  v.occurred_at = row.integer(10);
  v.summary = row.text(11);
  v.next_step = row.optional_text(12);
  v.next_step_due = row.optional_text(13);
  v.next_step_done_at = row.optional_integer(14);
  v.version = row.integer(15);
  v.created_at = row.integer(16);
  v.updated_at = row.integer(17);
  return v;
}

db::Params visible_params(const auth::Principal& caller) {
  return {caller.user_id, caller.scope.lower(), caller.scope.upper(), caller.scope.lower(), caller.scope.upper()};
}

std::string placeholders(size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += i ? ",?" : "?";
  return out;
}

// The contacts of each visit of `visits`, read in one statement.
void attach_contacts(db::Connection& c, std::vector<Visit>& visits) {
  if (visits.empty()) return;
  std::map<int64_t, Visit*> by_id;
  db::Params ids;
  for (auto& v : visits) {
    by_id[v.id] = &v;
    ids.emplace_back(v.id);
  }
  for (const auto& row : c.query("SELECT vc.visit_id, k.id, k.name, k.buying_role FROM visit_contacts vc JOIN "
                                 "contacts k ON k.id = vc.contact_id WHERE vc.visit_id IN (" +
                                     placeholders(ids.size()) + ") ORDER BY vc.visit_id, k.id",
                                 ids)) {
    by_id.at(row.integer(0))->contacts.push_back({row.integer(1), row.text(2), row.text(3)});
  }
}

std::vector<Visit> read(db::Connection& c, const std::string& sql, const db::Params& params) {
  std::vector<Visit> out;
  for (const auto& row : c.query(sql, params)) out.push_back(from_row(row));
  attach_contacts(c, out);
  return out;
}

// The condition on next_step_due of a to-do status on `today`.
std::string due_condition(const std::string& status, const std::string& today, db::Params& params) {
  if (status == "due") {
    params.emplace_back(today);
    return " AND v.next_step_due <= ?";
  }
  if (status == "overdue") {
    params.emplace_back(today);
    return " AND v.next_step_due < ?";
  }
  return "";
}

// The owner condition of accounts in `scope`: none for the whole tree, a list of units, or the
// units' path (with the join it needs); `units` how many units the list names (0: none).
struct OwnerScope {
  std::string join, condition;
  db::Params params;
  size_t units = 0;
};
OwnerScope owner_scope(db::Connection& c, const auth::Scope& scope) {
  OwnerScope out;
  auto units = auth::scope_units(c, scope, kUnitList);
  if (units.whole_tree) return out;
  if (units.capped(kUnitList)) {
    out.join = " JOIN org_units s ON s.id = a.owner_unit_id";
    out.condition = " AND s.path >= ? AND s.path < ?";
    out.params = {scope.lower(), scope.upper()};
    out.units = units.ids.size();
    return out;
  }
  out.condition = " AND a.owner_unit_id IN (" + placeholders(units.ids.size()) + ")";
  for (auto id : units.ids) out.params.emplace_back(id);
  out.units = units.ids.size();
  return out;
}

}  // namespace

int64_t& unvisited_probe_cap() {
  static int64_t cap = 500;
  return cap;
}

namespace {

int64_t threshold_of(const std::vector<std::pair<std::string, int64_t>>& thresholds, const std::string& grade) {
  for (const auto& [g, t] : thresholds)
    if (g == grade) return t;
  return 0;
}

}  // namespace

std::optional<Visit> find(db::Connection& c, const auth::Principal& caller, int64_t id) {
  db::Params params = {id};
  auto visible = visible_params(caller);
  params.insert(params.end(), visible.begin(), visible.end());
  auto found = read(c, std::string(kSelect) + " WHERE v.id = ? AND" + kVisible, params);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::vector<Visit> list(db::Connection& c, const auth::Principal& caller, const VisitFilter& f) {
  std::string sql = std::string(kSelect) + " WHERE" + kVisible;
  db::Params params = visible_params(caller);
  auto add = [&](const char* condition, db::Param value) {
    sql += condition;
    params.push_back(std::move(value));
  };
  if (f.account_id) add(" AND v.account_id = ?", *f.account_id);
  if (f.opportunity_id) add(" AND v.opportunity_id = ?", *f.opportunity_id);
  if (f.user_id) add(" AND v.user_id = ?", *f.user_id);
  if (f.from_ms) add(" AND v.occurred_at >= ?", *f.from_ms);
  if (f.to_ms) add(" AND v.occurred_at < ?", *f.to_ms);
  if (f.before) {
    sql += " AND (v.occurred_at < ? OR (v.occurred_at = ? AND v.id < ?))";
    params.emplace_back(f.before->first);
    params.emplace_back(f.before->first);
    params.emplace_back(f.before->second);
  }
  sql += " ORDER BY v.occurred_at DESC, v.id DESC LIMIT ?";
  params.emplace_back(int64_t{f.limit});
  return read(c, sql, params);
}

std::vector<Visit> next_steps(db::Connection& c, int64_t user_id, const NextStepFilter& f, const std::string& today) {
  std::string sql = std::string(kSelect) + " WHERE v.user_id = ? AND" + kOpen;
  db::Params params = {user_id};
  sql += due_condition(f.status, today, params);
  if (f.after) {
    sql += " AND (v.next_step_due > ? OR (v.next_step_due = ? AND v.id > ?))";
    params.emplace_back(f.after->first);
    params.emplace_back(f.after->first);
    params.emplace_back(f.after->second);
  }
  sql += " ORDER BY v.next_step_due, v.id LIMIT ?";
  params.emplace_back(int64_t{f.limit});
  return read(c, sql, params);
}

int64_t count_next_steps(db::Connection& c, int64_t user_id, const std::string& status, const std::string& today) {
  db::Params params = {user_id};
  std::string sql = std::string("SELECT COUNT(*) FROM visits v WHERE v.user_id = ? AND") + kOpen;
  sql += due_condition(status, today, params);
  return c.query_one(sql, params)->integer(0);
}

int64_t insert(db::Connection& c, const Visit& v, int64_t now) {
  return c
      .query_one(
          "INSERT INTO visits (account_id, opportunity_id, user_id, unit_id, kind, occurred_at, summary, next_step, "
          "next_step_due, next_step_done_at, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
          "1, ?, ?) RETURNING id",
          {v.account_id, db::nullable(v.opportunity_id), v.user_id, v.unit_id, v.kind, v.occurred_at, v.summary,
           db::nullable(v.next_step), db::nullable(v.next_step_due), db::nullable(v.next_step_done_at), now, now})
      ->integer(0);
}

bool update(db::Connection& c, const Visit& v, int64_t now) {
  return c.execute(
             "UPDATE visits SET opportunity_id = ?, kind = ?, occurred_at = ?, summary = ?, next_step = ?, "
             "next_step_due = ?, next_step_done_at = ?, version = version + 1, updated_at = ? WHERE id = ? AND "
             "version = ?",
             {db::nullable(v.opportunity_id), v.kind, v.occurred_at, v.summary, db::nullable(v.next_step),
              db::nullable(v.next_step_due), db::nullable(v.next_step_done_at), now, v.id, v.version}) == 1;
}

void replace_contacts(db::Connection& c, int64_t visit_id, const std::vector<int64_t>& contact_ids) {
  c.execute("DELETE FROM visit_contacts WHERE visit_id = ?", {visit_id});
  for (auto id : contact_ids)
    c.execute("INSERT INTO visit_contacts (visit_id, contact_id) VALUES (?, ?)", {visit_id, id});
}

std::vector<int64_t> contacts_of_account(db::Connection& c, int64_t account_id, const std::vector<int64_t>& ids) {
  std::vector<int64_t> out;
  if (ids.empty()) return out;
  db::Params params = {account_id};
  for (auto id : ids) params.emplace_back(id);
  for (const auto& row :
       c.query("SELECT id FROM contacts WHERE account_id = ? AND id IN (" + placeholders(ids.size()) + ")", params))
    out.push_back(row.integer(0));
  return out;
}

std::optional<OpportunityRef> opportunity_in_scope(db::Connection& c, const auth::Scope& scope, int64_t id) {
  auto row = c.query_one(
      "SELECT o.account_id, o.title FROM opportunities o JOIN org_units u ON u.id = o.owner_unit_id WHERE o.id = ? "
      "AND u.path >= ? AND u.path < ?",
      {id, scope.lower(), scope.upper()});
  if (!row) return std::nullopt;
  return OpportunityRef{row->integer(0), row->text(1)};
}

void raise_last_visit(db::Connection& c, int64_t account_id, int64_t occurred_at) {
  c.execute("UPDATE accounts SET last_visit_at = ? WHERE id = ? AND (last_visit_at IS NULL OR last_visit_at < ?)",
            {occurred_at, account_id, occurred_at});
}

void lock_account(db::Connection& c, int64_t account_id) {
  if (c.dialect() == db::Dialect::postgres) c.query("SELECT id FROM accounts WHERE id = ? FOR UPDATE", {account_id});
}

void recompute_last_visit(db::Connection& c, int64_t account_id) {
  c.execute(
      "UPDATE accounts SET last_visit_at = (SELECT MAX(occurred_at) FROM visits WHERE account_id = ?) WHERE id = ?",
      {account_id, account_id});
}

std::optional<int64_t> last_visit(db::Connection& c, int64_t account_id) {
  auto row = c.query_one("SELECT last_visit_at FROM accounts WHERE id = ?", {account_id});
  return row ? row->optional_integer(0) : std::nullopt;
}

std::vector<std::pair<std::string, BuyingCentreContact>> buying_centre(db::Connection& c, int64_t account_id) {
  std::vector<std::pair<std::string, BuyingCentreContact>> out;
  for (const auto& row :
       c.query("SELECT k.id, k.name, k.title, k.department, k.buying_role, m.last_met FROM contacts k LEFT JOIN "
               "(SELECT vc.contact_id AS contact_id, MAX(v.occurred_at) AS last_met FROM visits v JOIN visit_contacts "
               "vc ON vc.visit_id = v.id WHERE v.account_id = ? GROUP BY vc.contact_id) m ON m.contact_id = k.id "
               "WHERE k.account_id = ? AND k.active = 1 ORDER BY k.id",
               {account_id, account_id})) {
    BuyingCentreContact k;
    k.id = row.integer(0);
    k.name = row.text(1);
    k.title = row.optional_text(2);
    k.department = row.optional_text(3);
    k.last_met_at = row.optional_integer(5);
    out.emplace_back(row.text(4), std::move(k));
  }
  return out;
}

std::vector<VisitRule> rules(db::Connection& c) {
  std::vector<VisitRule> out;
  std::map<std::string, VisitRule> by_grade;
  for (const auto& row : c.query("SELECT r.grade, r.max_days, r.updated_at, r.updated_by, u.display_name FROM "
                                 "visit_rules r LEFT JOIN users u ON u.id = r.updated_by")) {
    by_grade[row.text(0)] = {row.text(0), row.integer(1), row.integer(2), row.optional_integer(3),
                             row.optional_text(4)};
  }
  for (const auto& grade : grades()) {
    if (by_grade.count(grade)) out.push_back(by_grade[grade]);
  }
  return out;
}

void set_rule(db::Connection& c, const std::string& grade, int64_t max_days, int64_t by, int64_t now) {
  c.execute("UPDATE visit_rules SET max_days = ?, updated_at = ?, updated_by = ? WHERE grade = ?",
            {max_days, now, by, grade});
}

// Each grade is read in the order of an index and the grades merged. The whole country walks
// accounts (grade, COALESCE(last_visit_at, 0), id); one unit (a dealer) its owner index, which is
// in the same order. A scope of several units (a province, a region) first counts, up to
// unvisited_probe_cap(), what it has to list of the grade: fewer are fetched by the owner index and sorted;
// more are walked on the grade's index with each account's unit checked against the scope's path,
// where at least that many in scope make the walk to a page short.
std::vector<UnvisitedAccount> unvisited(db::Connection& c, const auth::Scope& scope, const UnvisitedFilter& f,
                                        const std::vector<std::pair<std::string, int64_t>>& thresholds) {
  auto owners = owner_scope(c, scope);
  std::vector<UnvisitedAccount> out;
  for (const auto& grade : f.grades.empty() ? grades() : f.grades) {
    std::string where = " a.grade = ? AND a.active = 1 AND COALESCE(a.last_visit_at, 0) < ?";
    db::Params params = {grade, threshold_of(thresholds, grade)};
    if (f.after) {
      where += " AND (COALESCE(a.last_visit_at, 0) > ? OR (COALESCE(a.last_visit_at, 0) = ? AND a.id > ?))";
      params.emplace_back(f.after->first);
      params.emplace_back(f.after->first);
      params.emplace_back(f.after->second);
    }
    bool walk = false;
    if (owners.units > 1) {
      db::Params probe = params;
      probe.insert(probe.end(), owners.params.begin(), owners.params.end());
      probe.emplace_back(unvisited_probe_cap());
      walk = c.query_one("SELECT COUNT(*) FROM (SELECT 1 FROM accounts a" + owners.join + " WHERE" + where +
                             owners.condition + " LIMIT ?) x",
                         probe)
                 ->integer(0) >= unvisited_probe_cap();
    }
    std::string sql =
        "SELECT a.id, a.name, a.grade, a.owner_unit_id, ou.name, a.owner_user_id, us.display_name, a.last_visit_at "
        "FROM accounts a";
    if (walk) {
      // CROSS JOIN keeps accounts the outer loop on SQLite, so its grade index gives the order
      sql += " CROSS JOIN org_units ou LEFT JOIN users us ON us.id = a.owner_user_id WHERE" + where +
             " AND ou.id = a.owner_unit_id AND ou.path >= ? AND ou.path < ?";
      params.emplace_back(scope.lower());
      params.emplace_back(scope.upper());
    } else {
      sql += owners.join +
             " JOIN org_units ou ON ou.id = a.owner_unit_id LEFT JOIN users us ON us.id = " + "a.owner_user_id WHERE" +
             where + owners.condition;
      params.insert(params.end(), owners.params.begin(), owners.params.end());
    }
    sql += " ORDER BY COALESCE(a.last_visit_at, 0), a.id LIMIT ?";
    params.emplace_back(int64_t{f.limit});
    for (const auto& row : c.query(sql, params)) {
      UnvisitedAccount u;
      u.id = row.integer(0);
      u.name = row.text(1);
      u.grade = row.text(2);
      u.owner_unit_id = row.integer(3);
      u.owner_unit_name = row.text(4);
      u.owner_user_id = row.optional_integer(5);
      u.owner_user_name = row.optional_text(6);
      u.last_visit_at = row.optional_integer(7);
      out.push_back(std::move(u));
    }
  }
  std::sort(out.begin(), out.end(), [](const UnvisitedAccount& a, const UnvisitedAccount& b) {
    auto la = a.last_visit_at.value_or(0), lb = b.last_visit_at.value_or(0);
    return la != lb ? la < lb : a.id < b.id;
  });
  if (out.size() > static_cast<size_t>(f.limit)) out.resize(static_cast<size_t>(f.limit));
  return out;
}

int64_t count_unvisited(db::Connection& c, const auth::Scope& scope, const std::vector<std::string>& only,
                        const std::vector<std::pair<std::string, int64_t>>& thresholds) {
  auto owners = owner_scope(c, scope);
  int64_t total = 0;
  for (const auto& grade : only.empty() ? grades() : only) {
    db::Params params = {grade, threshold_of(thresholds, grade)};
    params.insert(params.end(), owners.params.begin(), owners.params.end());
    total +=
        c.query_one("SELECT COUNT(*) FROM accounts a" + owners.join +
                        " WHERE a.grade = ? AND a.active = 1 AND COALESCE(a.last_visit_at, 0) < ?" + owners.condition,
                    params)
            ->integer(0);
  }
  return total;
}

}  // namespace fleetkam::visits::store
