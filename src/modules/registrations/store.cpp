#include "modules/registrations/store.h"

#include <algorithm>
#include <map>
#include "modules/boards/totals.h"

namespace fleetkam::registrations::store {
namespace {

constexpr const char* kColumns =
    "r.id, r.account_id, a.name, r.dealer_unit_id, d.name, r.registered_by, u.display_name, r.vehicle_type, r.model, "
    "r.quantity, r.budget_fen, r.expected_date, r.procurement_method, r.source_channel, r.info_class, "
    "r.info_obtained_at, r.note, r.status, r.authentic, r.accurate, r.review_note, r.reviewed_by, r.reviewed_at, "
    "r.protected_until, r.opportunity_id, r.version, r.created_at, r.updated_at, ao.path, r.event_id, "
    "r.account_match_name, r.account_match_reason";
constexpr const char* kFrom =
    " FROM registrations r JOIN accounts a ON a.id = r.account_id JOIN org_units d ON d.id = r.dealer_unit_id"
    " JOIN users u ON u.id = r.registered_by JOIN org_units ao ON ao.id = a.owner_unit_id";

std::optional<bool> optional_flag(const db::Row& row, size_t i) {
  if (row.is_null(i)) return std::nullopt;
  return row.boolean(i);
}

Registration from_row(const db::Row& row) {
  Registration r;
  r.id = row.integer(0);
  r.account_id = row.integer(1);
  r.account_name = row.text(2);
  r.dealer_unit_id = row.integer(3);
  r.dealer_name = row.text(4);
  r.registered_by = row.integer(5);
  r.registered_by_name = row.text(6);
  r.vehicle_type = row.text(7);
  r.model = row.optional_text(8);
  r.quantity = row.integer(9);
  r.budget_fen = row.optional_integer(10);
  r.expected_date = row.text(11);
  r.procurement_method = row.text(12);
  r.source_channel = row.text(13);
  r.info_class = row.text(14);
  r.info_obtained_at = row.integer(15);
  r.note = row.optional_text(16);
  r.status = row.text(17);
  r.authentic = optional_flag(row, 18);
  r.accurate = optional_flag(row, 19);
  r.review_note = row.optional_text(20);
  r.reviewed_by = row.optional_integer(21);
  r.reviewed_at = row.optional_integer(22);
  r.protected_until = row.optional_integer(23);
  r.opportunity_id = row.optional_integer(24);
  r.version = row.integer(25);
  r.created_at = row.integer(26);
  r.updated_at = row.integer(27);
  r.account_owner_path = row.text(28);
  r.event_id = row.optional_integer(29);
  r.account_match_name = row.optional_text(30);
  r.account_match_reason = row.optional_text(31);
  return r;
}

db::Param flag(const std::optional<bool>& value) {
  if (!value) return nullptr;
  return int64_t{*value ? 1 : 0};
}

}  // namespace

int64_t insert(db::Connection& c, const Registration& r) {
  int64_t id =
      c.query_one(
           "INSERT INTO registrations (account_id, dealer_unit_id, registered_by, vehicle_type, model, quantity, "
           "budget_fen, expected_date, procurement_method, source_channel, info_class, info_obtained_at, note, status, "
           "version, created_at, updated_at, event_id, account_match_name, account_match_reason) "
           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?) RETURNING id",
           {r.account_id, r.dealer_unit_id, r.registered_by, r.vehicle_type, db::nullable(r.model), r.quantity,
            db::nullable(r.budget_fen), r.expected_date, r.procurement_method, r.source_channel, r.info_class,
            r.info_obtained_at, db::nullable(r.note), r.status, r.created_at, r.created_at, db::nullable(r.event_id),
            db::nullable(r.account_match_name), db::nullable(r.account_match_reason)})
          ->integer(0);
  boards::totals::apply_registration(c, std::nullopt, boards::totals::registration(c, id));
  return id;
}

void insert_conflict(db::Connection& c, int64_t registration_id, const Conflict& conflict) {
  c.execute("INSERT INTO registration_conflicts (registration_id, other_id, other_unit_id, reason) VALUES (?, ?, ?, ?)",
            {registration_id, db::nullable(conflict.other_id), conflict.other_unit_id, conflict.reason});
}

std::optional<Registration> find(db::Connection& c, const auth::Scope& scope, int64_t id, bool lock) {
  std::string sql = std::string("SELECT ") + kColumns + kFrom + " WHERE r.id = ? AND d.path >= ? AND d.path < ?";
  if (lock && c.dialect() == db::Dialect::postgres) sql += " FOR UPDATE OF r";
  auto row = c.query_one(sql, {id, scope.lower(), scope.upper()});
  if (!row) return std::nullopt;
  return from_row(*row);
}

namespace {

// The WHERE of the list (scope and filters, not the keyset), shared by the list and its counts
// so a status's count is exactly what the list shows when that status is chosen. Built from
// fixed fragments; every value is bound.
std::string list_where(db::Connection& c, const auth::Scope& scope, const RegistrationFilter& f, db::Params& params) {
  auth::Scope within = scope;
  if (f.unit_id) {
    // a unit in scope narrows it to that unit's subtree; one outside it matches nothing
    auto row = c.query_one("SELECT path FROM org_units WHERE id = ?", {*f.unit_id});
    if (!row || !scope.contains(row->text(0))) return " WHERE 1 = 0";
    within = auth::Scope{row->text(0)};
  }
  std::string sql = " WHERE d.path >= ? AND d.path < ?";
  params.emplace_back(within.lower());
  params.emplace_back(within.upper());
  if (!f.statuses.empty()) sql += " AND r.status IN (" + db::placeholders(f.statuses, params) + ")";
  if (f.dealer_unit_id) {
    sql += " AND r.dealer_unit_id = ?";
    params.emplace_back(*f.dealer_unit_id);
  }
  if (f.account_id) {
    sql += " AND r.account_id = ?";
    params.emplace_back(*f.account_id);
  }
  if (f.registered_by) {
    sql += " AND r.registered_by = ?";
    params.emplace_back(*f.registered_by);
  }
  if (f.protected_before) {
    sql += " AND r.protected_until < ?";
    params.emplace_back(*f.protected_before);
  }
  if (f.created_from) {
    sql += " AND r.created_at >= ?";
    params.emplace_back(*f.created_from);
  }
  if (f.created_before) {
    sql += " AND r.created_at < ?";
    params.emplace_back(*f.created_before);
  }
  // row by row through the opportunity's key: an IN list of every won opportunity would be a
  // country's worth for a dealer's few registrations
  if (f.won) sql += " AND EXISTS (SELECT 1 FROM opportunities wo WHERE wo.id = r.opportunity_id AND wo.stage = 'won')";
  if (f.q) {
    sql += " AND r.account_id IN (SELECT account_id FROM account_search_keys WHERE key >= ? AND key < ?)";
    params.emplace_back(*f.q);
    params.emplace_back(*f.q + "\xF4\x8F\xBF\xBF");
  }
  return sql;
}

}  // namespace

std::vector<Registration> list(db::Connection& c, const auth::Scope& scope, const RegistrationFilter& f) {
  db::Params params;
  std::string sql = std::string("SELECT ") + kColumns + kFrom + list_where(c, scope, f, params);
  if (f.before_id) {
    sql += " AND r.id < ?";
    params.emplace_back(*f.before_id);
  }
  sql += " ORDER BY r.id DESC LIMIT ?";
  params.emplace_back(int64_t{f.limit});
  std::vector<Registration> out;
  for (const auto& row : c.query(sql, params)) out.push_back(from_row(row));
  return out;
}

std::map<std::string, int64_t> status_counts(db::Connection& c, const auth::Scope& scope, const RegistrationFilter& f) {
  db::Params params;
  // only the tables the WHERE reads: the dealer's unit for the scope
  std::string sql = "SELECT r.status, COUNT(*) FROM registrations r JOIN org_units d ON d.id = r.dealer_unit_id" +
                    list_where(c, scope, f, params) + " GROUP BY r.status";
  std::map<std::string, int64_t> out;
  for (const auto& row : c.query(sql, params)) out[row.text(0)] = row.integer(1);
  return out;
}

std::vector<Conflict> conflicts_of(db::Connection& c, int64_t registration_id) {
  std::vector<Conflict> out;
  for (const auto& row :
       c.query("SELECT k.other_id, k.other_unit_id, o.name, k.reason, x.status, x.vehicle_type, x.expected_date, "
               "x.created_at, o.path FROM registration_conflicts k JOIN org_units o ON o.id = k.other_unit_id "
               "LEFT JOIN registrations x ON x.id = k.other_id WHERE k.registration_id = ? "
               "UNION ALL "
               "SELECT k.registration_id, x.dealer_unit_id, o.name, k.reason, x.status, x.vehicle_type, "
               "x.expected_date, x.created_at, o.path FROM registration_conflicts k JOIN registrations x ON x.id = "
               "k.registration_id JOIN org_units o ON o.id = x.dealer_unit_id WHERE k.other_id = ?",
               {registration_id, registration_id})) {
    Conflict k;
    k.other_id = row.optional_integer(0);
    k.other_unit_id = row.integer(1);
    k.other_unit_name = row.text(2);
    k.reason = row.text(3);
    k.other_status = row.optional_text(4);
    k.other_vehicle_type = row.optional_text(5);
    k.other_expected_date = row.optional_text(6);
    k.other_registered_at = row.optional_integer(7);
    k.other_unit_path = row.text(8);
    out.push_back(std::move(k));
  }
  return out;
}

std::vector<Active> active_of_others(db::Connection& c, int64_t account_id, int64_t dealer_unit_id,
                                     const std::string& vehicle_type, int64_t now) {
  std::vector<Active> out;
  for (const auto& row : c.query(
           "SELECT id, dealer_unit_id, expected_date, status FROM registrations WHERE account_id = ? AND "
           "dealer_unit_id <> ? AND vehicle_type = ? AND (status IN ('pending', 'conflict') OR (status IN ('approved', "
           "'converted') AND protected_until > ?)) ORDER BY id",
           {account_id, dealer_unit_id, vehicle_type, now})) {
    out.push_back({row.integer(0), row.integer(1), row.text(2), row.text(3)});
  }
  return out;
}

std::vector<int64_t> open_counterparts(db::Connection& c, int64_t id) {
  std::vector<int64_t> out;
  for (const auto& row :
       c.query("SELECT x.id FROM registration_conflicts k JOIN registrations x ON x.id = k.other_id "
               "WHERE k.registration_id = ? AND x.status IN ('pending', 'conflict') "
               "UNION SELECT x.id FROM registration_conflicts k JOIN registrations x ON x.id = k.registration_id "
               "WHERE k.other_id = ? AND x.status IN ('pending', 'conflict')",
               {id, id})) {
    out.push_back(row.integer(0));
  }
  return out;
}

void set_review(db::Connection& c, int64_t id, const std::string& status, bool authentic,
                const std::optional<bool>& accurate, const std::optional<std::string>& note, int64_t reviewer,
                std::optional<int64_t> protected_until, int64_t now) {
  auto before = boards::totals::registration(c, id);
  c.execute(
      "UPDATE registrations SET status = ?, authentic = ?, accurate = ?, review_note = ?, reviewed_by = ?, "
      "reviewed_at = ?, protected_until = ?, version = version + 1, updated_at = ? WHERE id = ?",
      {status, int64_t{authentic ? 1 : 0}, flag(accurate), db::nullable(note), reviewer, now,
       db::nullable(protected_until), now, id});
  boards::totals::apply_registration(c, before, boards::totals::registration(c, id));
}

void set_protection(db::Connection& c, int64_t id, int64_t protected_until, int64_t now) {
  c.execute("UPDATE registrations SET protected_until = ?, version = version + 1, updated_at = ? WHERE id = ?",
            {protected_until, now, id});
}

std::vector<Expired> expired(db::Connection& c, int64_t now) {
  std::vector<Expired> out;
  for (const auto& row : c.query("SELECT id, dealer_unit_id, account_id FROM registrations WHERE status = 'approved' "
                                 "AND protected_until <= ? ORDER BY id",
                                 {now})) {
    out.push_back({row.integer(0), row.integer(1), row.integer(2)});
  }
  return out;
}

bool set_lapsed(db::Connection& c, int64_t id, int64_t now) {
  auto before = boards::totals::registration(c, id);
  if (c.execute("UPDATE registrations SET status = 'lapsed', version = version + 1, updated_at = ? WHERE id = ? AND "
                "status = 'approved'",
                {now, id}) != 1) {
    return false;
  }
  boards::totals::apply_registration(c, before, boards::totals::registration(c, id));
  return true;
}

std::optional<Owner> lock_account(db::Connection& c, int64_t account_id) {
  std::string sql =
      "SELECT a.owner_unit_id, o.kind, o.parent_id, a.owner_user_id, o.path FROM accounts a JOIN org_units o ON "
      "o.id = a.owner_unit_id WHERE a.id = ?";
  // NO KEY UPDATE: serialises with the other registration writers, not with inserts that refer
  // to the account (their foreign-key check takes KEY SHARE)
  if (c.dialect() == db::Dialect::postgres) sql += " FOR NO KEY UPDATE OF a";
  auto row = c.query_one(sql, {account_id});
  if (!row) return std::nullopt;
  return Owner{row->integer(0), row->text(1), row->optional_integer(2), row->optional_integer(3), row->text(4)};
}

void set_account_owner(db::Connection& c, int64_t account_id, int64_t unit_id, int64_t now) {
  auto before = boards::totals::account(c, account_id);
  c.execute(
      "UPDATE accounts SET owner_unit_id = ?, owner_user_id = NULL, version = version + 1, updated_at = ? WHERE id = ?",
      {unit_id, now, account_id});
  boards::totals::apply_account(c, before, boards::totals::account(c, account_id));
}

std::vector<UnitStats> stats(db::Connection& c, const auth::Scope& scope, int64_t from, int64_t to, bool by_province) {
  // the unit a registration is counted under: its dealer, or the dealer's province
  std::string unit = by_province ? "d.parent_id" : "d.id";
  std::string sql = "SELECT " + unit +
                    ", r.status, r.reviewed_at, r.authentic, r.created_at - r.info_obtained_at, "
                    "EXISTS (SELECT 1 FROM registration_conflicts k WHERE k.registration_id = r.id) "
                    "FROM registrations r JOIN org_units d ON d.id = r.dealer_unit_id "
                    "WHERE d.path >= ? AND d.path < ? AND r.created_at >= ? AND r.created_at < ?";
  std::map<int64_t, UnitStats> by_unit;
  std::map<int64_t, std::vector<int64_t>> delays;
  for (const auto& row : c.query(sql, {scope.lower(), scope.upper(), from, to})) {
    if (row.is_null(0)) continue;
    auto& s = by_unit[row.integer(0)];
    s.unit_id = row.integer(0);
    ++s.registrations;
    const auto& status = row.text(1);
    if (status == "approved" || status == "lapsed" || status == "converted") ++s.approved;
    if (status == "rejected") ++s.rejected;
    if (status == "lapsed") ++s.lapsed;
    if (status == "converted") ++s.converted;
    if (!row.is_null(2)) {
      ++s.reviewed;
      if (!row.is_null(3) && row.boolean(3)) ++s.authentic;
    }
    if (row.boolean(5)) ++s.conflicts;
    delays[s.unit_id].push_back(row.integer(4));
  }
  std::vector<UnitStats> out;
  for (auto& [id, s] : by_unit) {
    auto& d = delays[id];
    std::sort(d.begin(), d.end());
    if (!d.empty()) {
      double median = d.size() % 2
                          ? static_cast<double>(d[d.size() / 2])
                          : (static_cast<double>(d[d.size() / 2 - 1]) + static_cast<double>(d[d.size() / 2])) / 2;
      s.median_delay_hours = median / 3600000.0;
    }
    if (auto row = c.query_one("SELECT name FROM org_units WHERE id = ?", {id})) s.unit_name = row->text(0);
    out.push_back(std::move(s));
  }
  return out;
}

int64_t protection_days(db::Connection& c) {
  auto row = c.query_one("SELECT value FROM settings WHERE key = 'registrations.protection_days'");
  if (!row) return 90;
  try {
    return std::stoll(row->text(0));
  } catch (const std::exception&) {
    return 90;
  }
}

void set_protection_days(db::Connection& c, int64_t days, int64_t now) {
  c.execute(
      "INSERT INTO settings (key, value, updated_at) VALUES ('registrations.protection_days', ?, ?) "
      "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
      {std::to_string(days), now});
}

}  // namespace fleetkam::registrations::store
