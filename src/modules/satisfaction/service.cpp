#include "modules/satisfaction/service.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "modules/org/store.h"
#include "platform/audit/audit.h"
#include "platform/auth/roles.h"
#include "platform/calendar/calendar.h"
#include "platform/clock.h"
#include "platform/errors.h"
#include "platform/record_write.h"

namespace fleetkam::satisfaction {

const std::vector<std::string>& followup_statuses() {
  static const std::vector<std::string> list = {"scheduled", "done", "cancelled"};
  return list;
}

const std::vector<std::string>& complaint_categories() {
  static const std::vector<std::string> list = {"vehicle", "delivery", "service", "other"};
  return list;
}

const std::vector<std::string>& complaint_statuses() {
  static const std::vector<std::string> list = {"open", "resolved"};
  return list;
}

namespace {

using json = nlohmann::json;

constexpr int64_t kMaxExportRows = 50000;
constexpr const char* kRulesKey = "satisfaction.rules";

// Columns: 0 id, 1 delivery_id, 2 opportunity_id, 3 its title, 4 account_id, 5 its name, 6 unit_id,
// 7 its name, 8 its path, 9 model, 10 quantity, 11 delivered_on, 12 due_on, 13 status, 14 contact_id,
// 15 contact_name, 16 vehicle_score, 17 delivery_score, 18 service_score, 19 comment, 20 low,
// 21 recorded_by, 22 its name, 23 recorded_at, 24 low_reviewed_at, 25 its reviewer's name,
// 26 low_review_note, 27 open complaints, 28 version, 29 created_at, 30 updated_at
constexpr const char* kSelect =
    "SELECT f.id, f.delivery_id, f.opportunity_id, o.title, f.account_id, a.name, f.unit_id, u.name, u.path, "
    "f.model, f.quantity, f.delivered_on, f.due_on, f.status, f.contact_id, f.contact_name, f.vehicle_score, "
    "f.delivery_score, f.service_score, f.comment, f.low, f.recorded_by, rb.display_name, f.recorded_at, "
    "f.low_reviewed_at, lr.display_name, f.low_review_note, (SELECT COUNT(*) FROM complaints k WHERE k.followup_id "
    "= f.id AND k.status = 'open'), f.version, f.created_at, f.updated_at FROM satisfaction_followups f JOIN "
    "opportunities o ON o.id = f.opportunity_id JOIN accounts a ON a.id = f.account_id JOIN org_units u ON u.id = "
    "f.unit_id LEFT JOIN users rb ON rb.id = f.recorded_by LEFT JOIN users lr ON lr.id = f.low_reviewed_by";
constexpr const char* kFollowupFrom = " FROM satisfaction_followups f JOIN org_units u ON u.id = f.unit_id";

// Columns: 0 id, 1 followup_id, 2 account_id, 3 its name, 4 unit_id, 5 its name, 6 category,
// 7 description, 8 owner_user_id, 9 its name, 10 due_on, 11 status, 12 resolution, 13 resolved_by,
// 14 its name, 15 resolved_at, 16 created_by, 17 its name, 18 version, 19 created_at, 20 updated_at
constexpr const char* kComplaintSelect =
    "SELECT k.id, k.followup_id, k.account_id, a.name, k.unit_id, u.name, k.category, k.description, "
    "k.owner_user_id, ow.display_name, k.due_on, k.status, k.resolution, k.resolved_by, rs.display_name, "
    "k.resolved_at, k.created_by, cb.display_name, k.version, k.created_at, k.updated_at FROM complaints k JOIN "
    "accounts a ON a.id = k.account_id JOIN org_units u ON u.id = k.unit_id JOIN users ow ON ow.id = "
    "k.owner_user_id JOIN users cb ON cb.id = k.created_by LEFT JOIN users rs ON rs.id = k.resolved_by";
constexpr const char* kComplaintFrom = " FROM complaints k JOIN org_units u ON u.id = k.unit_id";
constexpr const char* kInScope = " u.path >= ? AND u.path < ?";

db::Params scope_params(const auth::Scope& scope) { return {scope.lower(), scope.upper()}; }

Followup followup_from(const db::Row& row) {
  Followup f;
  f.id = row.integer(0);
  f.delivery_id = row.integer(1);
  f.opportunity_id = row.integer(2);
  f.opportunity_title = row.text(3);
  f.account_id = row.integer(4);
  f.account_name = row.text(5);
  f.unit_id = row.integer(6);
  f.unit_name = row.text(7);
  f.unit_path = row.text(8);
  f.model = row.text(9);
  f.quantity = row.integer(10);
  f.delivered_on = row.text(11);
  f.due_on = row.text(12);
  f.status = row.text(13);
  f.contact_id = row.optional_integer(14);
  f.contact_name = row.optional_text(15);
  f.vehicle_score = row.optional_integer(16);
  f.delivery_score = row.optional_integer(17);
  f.service_score = row.optional_integer(18);
  f.comment = row.optional_text(19);
  f.low = row.integer(20) == 1;
  f.recorded_by = row.optional_integer(21);
  f.recorded_by_name = row.optional_text(22);
  f.recorded_at = row.optional_integer(23);
  f.low_reviewed_at = row.optional_integer(24);
  f.low_reviewed_by_name = row.optional_text(25);
  f.low_review_note = row.optional_text(26);
  f.open_complaints = row.integer(27);
  f.version = row.integer(28);
  f.created_at = row.integer(29);
  f.updated_at = row.integer(30);
  return f;
}

Complaint complaint_from(const db::Row& row) {
  Complaint k;
  k.id = row.integer(0);
  k.followup_id = row.integer(1);
  k.account_id = row.integer(2);
  k.account_name = row.text(3);
  k.unit_id = row.integer(4);
  k.unit_name = row.text(5);
  k.category = row.text(6);
  k.description = row.text(7);
  k.owner_user_id = row.integer(8);
  k.owner_name = row.text(9);
  k.due_on = row.text(10);
  k.status = row.text(11);
  k.resolution = row.optional_text(12);
  k.resolved_by = row.optional_integer(13);
  k.resolved_by_name = row.optional_text(14);
  k.resolved_at = row.optional_integer(15);
  k.created_by = row.integer(16);
  k.created_by_name = row.text(17);
  k.version = row.integer(18);
  k.created_at = row.integer(19);
  k.updated_at = row.integer(20);
  return k;
}

std::string today_of(int64_t now) { return calendar::date_text(calendar::china_date(now)); }

std::string day_plus(const std::string& day, int64_t days) {
  auto date = calendar::parse_date(day);
  return calendar::date_text(calendar::civil_from_days(calendar::days_from_civil(*date) + days));
}

int64_t month_number(int64_t now) {
  auto d = calendar::china_date(now);
  return int64_t{d.year} * 100 + d.month;
}

std::optional<Followup> find_followup(db::Connection& c, const auth::Scope& scope, int64_t id, bool with_complaints) {
  auto row = c.query_one(std::string(kSelect) + " WHERE f.id = ? AND" + kInScope, {id, scope.lower(), scope.upper()});
  if (!row) return std::nullopt;
  auto f = followup_from(*row);
  if (with_complaints) {
    for (const auto& k : c.query(std::string(kComplaintSelect) + " WHERE k.followup_id = ? ORDER BY k.id", {id}))
      f.complaints.push_back(complaint_from(k));
  }
  return f;
}

std::optional<Complaint> find_complaint(db::Connection& c, const auth::Scope& scope, int64_t id) {
  auto row =
      c.query_one(std::string(kComplaintSelect) + " WHERE k.id = ? AND" + kInScope, {id, scope.lower(), scope.upper()});
  if (!row) return std::nullopt;
  return complaint_from(*row);
}

json followup_audit(const Followup& f) {
  auto opt = [](const std::optional<int64_t>& v) { return v ? json(*v) : json(); };
  return {{"status", f.status},
          {"vehicle_score", opt(f.vehicle_score)},
          {"delivery_score", opt(f.delivery_score)},
          {"service_score", opt(f.service_score)},
          {"comment", f.comment ? json(*f.comment) : json()},
          {"contact_name", f.contact_name ? json(*f.contact_name) : json()},
          {"low", f.low},
          {"low_review_note", f.low_review_note ? json(*f.low_review_note) : json()}};
}

json complaint_audit(const Complaint& k) {
  return {{"followup_id", k.followup_id},
          {"category", k.category},
          {"description", k.description},
          {"owner_user_id", k.owner_user_id},
          {"due_on", k.due_on},
          {"status", k.status},
          {"resolution", k.resolution ? json(*k.resolution) : json()}};
}

bool is_manager(auth::Role role) {
  using enum auth::Role;
  return role == dealer_manager || role == area_manager || role == regional_director || role == ka_director;
}

// The complaint's fields checked against the follow-up, in the caller's scope (422 naming them).
void check_complaint(db::Connection& c, const auth::Principal& caller, const Followup& f, const ComplaintInput& in,
                     const std::string& today, const std::string& prefix, std::vector<FieldError>& errors) {
  if (in.due_on < today || in.due_on > day_plus(today, 90) || !calendar::parse_date(in.due_on))
    errors.push_back({prefix + "due_date", "must be a day from today to 90 days ahead", "invalid_value"});
  auto owner = org::store::find_user(c, caller.scope, in.owner_user_id);
  std::optional<org::OrgUnit> owner_unit;
  if (owner) owner_unit = org::store::find_unit_unscoped(c, owner->org_unit_id);
  auto role = owner ? auth::parse_role(owner->role) : std::nullopt;
  bool fits =
      owner && owner->active && owner_unit && role &&
      (*role == auth::Role::dealer_manager || *role == auth::Role::sales_rep || *role == auth::Role::area_manager) &&
      auth::Scope{owner_unit->path}.contains(f.unit_path);
  if (!fits)
    errors.push_back({prefix + "owner_user_id",
                      "must be an active person of the delivering dealer or its province, in your scope",
                      "invalid_value"});
}

int64_t insert_complaint(db::Connection& c, const auth::Principal& caller, const Followup& f, const ComplaintInput& in,
                         int64_t now) {
  auto id = c.query_one(
                 "INSERT INTO complaints (followup_id, account_id, unit_id, category, description, owner_user_id, "
                 "due_on, status, created_by, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'open', "
                 "?, 1, ?, ?) RETURNING id",
                 {f.id, f.account_id, f.unit_id, in.category, in.description, in.owner_user_id, in.due_on,
                  caller.user_id, now, now})
                ->integer(0);
  auto k = find_complaint(c, auth::Scope{"/"}, id);
  audit::record(c, {caller.user_id, "create", "complaint", id, std::nullopt, complaint_audit(*k).dump()});
  return id;
}

Figures figures_of(int64_t responses, int64_t vehicle_sum, int64_t delivery_sum, int64_t service_sum, int64_t low) {
  Figures f;
  f.responses = responses;
  f.low = low;
  if (responses > 0) {
    auto n = static_cast<double>(responses);
    auto round2 = [](double v) { return static_cast<double>(std::llround(v * 100)) / 100; };
    f.vehicle = round2(static_cast<double>(vehicle_sum) / n);
    f.delivery = round2(static_cast<double>(delivery_sum) / n);
    f.service = round2(static_cast<double>(service_sum) / n);
    f.overall = round2(static_cast<double>(vehicle_sum + delivery_sum + service_sum) / (3 * n));
  }
  return f;
}

struct Sums {
  int64_t responses = 0, vehicle = 0, delivery = 0, service = 0, low = 0;
  void add(const db::Row& row, size_t first) {
    responses += row.integer(first);
    vehicle += row.integer(first + 1);
    delivery += row.integer(first + 2);
    service += row.integer(first + 3);
    low += row.integer(first + 4);
  }
  Figures figures() const { return figures_of(responses, vehicle, delivery, service, low); }
};

std::vector<int64_t> months_between(int64_t from, int64_t to) {
  std::vector<int64_t> out;
  for (int64_t m = from; m <= to;) {
    out.push_back(m);
    m = (m % 100 == 12) ? (m / 100 + 1) * 100 + 1 : m + 1;
  }
  return out;
}

// The follow-up list's condition and parameters, after the scope.
void followup_conditions(db::Connection& c, const auth::Principal& caller, const FollowupFilter& f, int64_t now,
                         std::string& sql, db::Params& params) {
  if (!f.statuses.empty()) sql += " AND f.status IN (" + db::placeholders(f.statuses, params) + ")";
  if (f.due) {
    sql += " AND f.status = 'scheduled' AND f.due_on <= ?";
    params.emplace_back(today_of(now));
  }
  if (f.low == "all") sql += " AND f.low = 1";
  if (f.low == "unreviewed") sql += " AND f.low = 1 AND f.low_reviewed_at IS NULL";
  if (f.unit_id) {
    auto unit = org::store::find_unit(c, caller.scope, *f.unit_id);
    if (!unit) throw Invalid("unit_id", "is not a unit in your scope");
    auth::Scope within{unit->path};
    sql += " AND u.path >= ? AND u.path < ?";
    params.emplace_back(within.lower());
    params.emplace_back(within.upper());
  }
  if (f.account_id) {
    sql += " AND f.account_id = ?";
    params.emplace_back(*f.account_id);
  }
  if (f.user_id) {
    sql += " AND EXISTS (SELECT 1 FROM deliveries dv WHERE dv.id = f.delivery_id AND dv.user_id = ?)";
    params.emplace_back(*f.user_id);
  }
  if (f.from_month) {
    sql += " AND f.recorded_month >= ?";
    params.emplace_back(*f.from_month);
  }
  if (f.to_month) {
    sql += " AND f.recorded_month <= ?";
    params.emplace_back(*f.to_month);
  }
  if (f.model) {
    sql += " AND f.model = ?";
    params.emplace_back(*f.model);
  }
}

// Newest first when the list is of recorded follow-ups (the chart's drill-down), else by due day.
bool newest_first(const FollowupFilter& f) {
  return !f.due &&
         ((f.statuses.size() == 1 && f.statuses[0] == "done") || !f.low.empty() || f.from_month || f.to_month);
}

}  // namespace

Rules load_rules(db::Connection& c) {
  Rules r;
  auto row = c.query_one("SELECT value FROM settings WHERE key = ?", {std::string(kRulesKey)});
  if (!row) return r;
  auto value = json::parse(row->text(0), nullptr, false);
  if (value.is_object()) {
    r.delay_days = value.value("delay_days", r.delay_days);
    r.low_score = value.value("low_score", r.low_score);
  }
  return r;
}

void schedule(db::Connection& c, int64_t delivery_id, int64_t now_ms) {
  auto rules = load_rules(c);
  auto d = c.query_one("SELECT opportunity_id, account_id, unit_id, model, quantity, day FROM deliveries WHERE id = ?",
                       {delivery_id});
  if (!d) return;
  c.execute(
      "INSERT INTO satisfaction_followups (delivery_id, opportunity_id, account_id, unit_id, model, quantity, "
      "delivered_on, due_on, status, low, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
      "'scheduled', 0, 1, ?, ?)",
      {delivery_id, d->integer(0), d->integer(1), d->integer(2), d->text(3), d->integer(4), d->text(5),
       day_plus(d->text(5), rules.delay_days), now_ms, now_ms});
}

void rebuild_rollup(db::Connection& c) {
  c.execute("DELETE FROM satisfaction_rollup");
  c.execute(
      "INSERT INTO satisfaction_rollup (unit_id, month, model, responses, vehicle_sum, delivery_sum, service_sum, low) "
      "SELECT a.id, t.month, t.model, SUM(t.responses), SUM(t.vehicle_sum), SUM(t.delivery_sum), SUM(t.service_sum), "
      "SUM(t.low) FROM satisfaction_totals t JOIN org_units u ON u.id = t.unit_id JOIN org_units a ON a.kind <> "
      "'dealer' AND substr(u.path, 1, length(a.path)) = a.path GROUP BY a.id, t.month, t.model");
}

void cancel_for_delivery(db::Connection& c, int64_t delivery_id, int64_t now_ms) {
  c.execute(
      "UPDATE satisfaction_followups SET status = 'cancelled', version = version + 1, updated_at = ? WHERE "
      "delivery_id = ? AND status = 'scheduled'",
      {now_ms, delivery_id});
}

bool can_record(const auth::Principal& caller, const Followup& f) {
  return f.status == "scheduled" && auth::allowed(caller.role, "satisfaction.record") &&
         caller.scope.contains(f.unit_path);
}

bool can_review(const auth::Principal& caller, const Followup& f) {
  return f.low && !f.low_reviewed_at && auth::allowed(caller.role, "satisfaction.review") &&
         caller.scope.contains(f.unit_path);
}

bool can_resolve(const auth::Principal& caller, const Complaint& k) {
  return k.status == "open" && auth::allowed(caller.role, "satisfaction.record") &&
         (k.owner_user_id == caller.user_id || is_manager(caller.role));
}

Rules SatisfactionService::rules(const auth::Principal& caller) {
  auth::require(caller.role, "satisfaction.read");
  Rules r;
  database_.read([&](db::Connection& c) { r = load_rules(c); });
  return r;
}

Rules SatisfactionService::set_rules(const auth::Principal& caller, const Rules& rules) {
  auth::require(caller.role, "satisfaction.rules");
  std::vector<FieldError> errors;
  if (rules.delay_days < 1 || rules.delay_days > 90)
    errors.push_back({"delay_days", "must be 1 to 90 days", "invalid_value"});
  if (rules.low_score < 1 || rules.low_score > 4)
    errors.push_back({"low_score", "must be 1 to 4 (scores at or below it are low)", "invalid_value"});
  if (!errors.empty()) throw Invalid(errors);
  int64_t now = clock::now_ms();
  database_.write([&](db::Connection& c) {
    auto before = load_rules(c);
    json value = {{"delay_days", rules.delay_days}, {"low_score", rules.low_score}};
    c.execute(
        "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = "
        "excluded.value, updated_at = excluded.updated_at",
        {std::string(kRulesKey), value.dump(), now});
    audit::record(c, {caller.user_id, "update", "satisfaction_rules", 0,
                      json{{"delay_days", before.delay_days}, {"low_score", before.low_score}}.dump(), value.dump()});
  });
  return rules;
}

Followup SatisfactionService::get(const auth::Principal& caller, int64_t id) {
  auth::require(caller.role, "satisfaction.read");
  std::optional<Followup> found;
  database_.read([&](db::Connection& c) { found = find_followup(c, caller.scope, id, true); });
  if (!found) throw NotFound("no such follow-up");
  return std::move(*found);
}

std::vector<Followup> SatisfactionService::list(const auth::Principal& caller, const FollowupFilter& f) {
  auth::require(caller.role, "satisfaction.read");
  std::vector<Followup> out;
  int64_t now = clock::now_ms();
  database_.read([&](db::Connection& c) {
    std::string sql = std::string(kSelect) + " WHERE" + kInScope;
    db::Params params = scope_params(caller.scope);
    followup_conditions(c, caller, f, now, sql, params);
    bool desc = newest_first(f);
    if (f.after) {
      sql += desc ? " AND (f.due_on < ? OR (f.due_on = ? AND f.id < ?))"
                  : " AND (f.due_on > ? OR (f.due_on = ? AND f.id > ?))";
      params.emplace_back(f.after->first);
      params.emplace_back(f.after->first);
      params.emplace_back(f.after->second);
    }
    sql += desc ? " ORDER BY f.due_on DESC, f.id DESC LIMIT ?" : " ORDER BY f.due_on, f.id LIMIT ?";
    params.emplace_back(int64_t{f.limit});
    for (const auto& row : c.query(sql, params)) out.push_back(followup_from(row));
  });
  return out;
}

Followup SatisfactionService::record(const auth::Principal& caller, int64_t id, const RecordInput& in) {
  int64_t now = clock::now_ms();
  std::string today = today_of(now);
  return write_record(
      database_, caller, {"follow-up", "satisfaction.read"},
      [&](db::Connection& c) { return find_followup(c, caller.scope, id, false); },
      [&](db::Connection& c, Followup& f) {
        if (!auth::allowed(caller.role, "satisfaction.record"))
          throw Forbidden("only the dealer's people or the area manager record a follow-up");
        if (f.status != "scheduled")
          throw Conflict("the follow-up is " + f.status + ", not waiting for the call", "followup.state");
        require_version("follow-up", f.version, in.version);
        std::vector<FieldError> errors;
        if (in.contact_id &&
            !c.query_one("SELECT 1 FROM contacts WHERE id = ? AND account_id = ?", {*in.contact_id, f.account_id}))
          errors.push_back({"contact_id", "is not a contact of the account", "invalid_value"});
        if (in.complaint) check_complaint(c, caller, f, *in.complaint, today, "complaint_", errors);
        if (!errors.empty()) throw Invalid(errors);
        auto rules = load_rules(c);
        Followup before = f;
        f.status = "done";
        f.vehicle_score = in.vehicle_score;
        f.delivery_score = in.delivery_score;
        f.service_score = in.service_score;
        f.comment = in.comment;
        f.contact_id = in.contact_id;
        f.contact_name = in.contact_name;
        if (in.contact_id && !in.contact_name)
          f.contact_name = c.query_one("SELECT name FROM contacts WHERE id = ?", {*in.contact_id})->text(0);
        f.low = std::min({in.vehicle_score, in.delivery_score, in.service_score}) <= rules.low_score;
        int64_t month = month_number(now);
        if (c.execute("UPDATE satisfaction_followups SET status = 'done', vehicle_score = ?, delivery_score = ?, "
                      "service_score = ?, comment = ?, contact_id = ?, contact_name = ?, low = ?, recorded_by = ?, "
                      "recorded_at = ?, recorded_month = ?, version = version + 1, updated_at = ? WHERE id = ? AND "
                      "version = ?",
                      {in.vehicle_score, in.delivery_score, in.service_score, db::nullable(f.comment),
                       db::nullable(f.contact_id), db::nullable(f.contact_name), int64_t{f.low ? 1 : 0}, caller.user_id,
                       now, month, now, f.id, f.version}) != 1)
          throw Conflict("the follow-up was changed by someone else", "version_conflict");
        c.execute(
            "INSERT INTO satisfaction_totals (unit_id, month, model, responses, vehicle_sum, delivery_sum, "
            "service_sum, low) VALUES (?, ?, ?, 1, ?, ?, ?, ?) ON CONFLICT (unit_id, month, model) DO UPDATE SET "
            "responses = satisfaction_totals.responses + 1, vehicle_sum = satisfaction_totals.vehicle_sum + "
            "excluded.vehicle_sum, delivery_sum = satisfaction_totals.delivery_sum + excluded.delivery_sum, "
            "service_sum = satisfaction_totals.service_sum + excluded.service_sum, low = satisfaction_totals.low + "
            "excluded.low",
            {f.unit_id, month, f.model, in.vehicle_score, in.delivery_score, in.service_score, int64_t{f.low ? 1 : 0}});
        // and the subtree totals of every unit above a dealer on its path (the unit's own included)
        std::string ids;
        for (size_t start = 1; start < f.unit_path.size();) {
          size_t end = f.unit_path.find('/', start);
          if (end == std::string::npos) break;
          ids += (ids.empty() ? "" : ", ") + std::to_string(std::stoll(f.unit_path.substr(start, end - start)));
          start = end + 1;
        }
        c.execute(
            "INSERT INTO satisfaction_rollup (unit_id, month, model, responses, vehicle_sum, delivery_sum, "
            "service_sum, low) SELECT a.id, ?, ?, 1, ?, ?, ?, ? FROM org_units a WHERE a.kind <> 'dealer' AND a.id IN "
            "(" +
                ids +
                ") ON CONFLICT (unit_id, month, model) DO UPDATE SET responses = satisfaction_rollup.responses + 1, "
                "vehicle_sum = satisfaction_rollup.vehicle_sum + excluded.vehicle_sum, delivery_sum = "
                "satisfaction_rollup.delivery_sum + excluded.delivery_sum, service_sum = "
                "satisfaction_rollup.service_sum "
                "+ excluded.service_sum, low = satisfaction_rollup.low + excluded.low",
            {month, f.model, in.vehicle_score, in.delivery_score, in.service_score, int64_t{f.low ? 1 : 0}});
        audit::record(c, {caller.user_id, "record", "satisfaction_followup", f.id, followup_audit(before).dump(),
                          followup_audit(f).dump()});
        if (in.complaint) insert_complaint(c, caller, f, *in.complaint, now);
        return *find_followup(c, caller.scope, id, true);
      });
}

Followup SatisfactionService::review_low(const auth::Principal& caller, int64_t id, int64_t version,
                                         const std::string& note) {
  int64_t now = clock::now_ms();
  return write_record(
      database_, caller, {"follow-up", "satisfaction.read"},
      [&](db::Connection& c) { return find_followup(c, caller.scope, id, false); },
      [&](db::Connection& c, Followup& f) {
        if (!auth::allowed(caller.role, "satisfaction.review"))
          throw Forbidden("only the area manager (or above) reviews a low score");
        if (!f.low || f.low_reviewed_at)
          throw Conflict(f.low ? "the low score was reviewed already" : "the follow-up has no low score",
                         "followup.state");
        require_version("follow-up", f.version, version);
        Followup before = f;
        f.low_review_note = note;
        if (c.execute("UPDATE satisfaction_followups SET low_reviewed_by = ?, low_reviewed_at = ?, low_review_note = "
                      "?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
                      {caller.user_id, now, note, now, f.id, f.version}) != 1)
          throw Conflict("the follow-up was changed by someone else", "version_conflict");
        audit::record(c, {caller.user_id, "review_low", "satisfaction_followup", f.id, followup_audit(before).dump(),
                          followup_audit(f).dump()});
        return *find_followup(c, caller.scope, id, true);
      });
}

std::vector<SatisfactionService::Owner> SatisfactionService::owners(const auth::Principal& caller,
                                                                    int64_t followup_id) {
  auth::require(caller.role, "satisfaction.read");
  std::vector<Owner> out;
  database_.read([&](db::Connection& c) {
    auto f = find_followup(c, caller.scope, followup_id, false);
    if (!f) throw NotFound("no such follow-up");
    for (const auto& row : c.query(
             "SELECT p.id, p.display_name, p.role, pu.name FROM users p JOIN org_units pu ON pu.id = p.org_unit_id "
             "WHERE p.active = 1 AND p.role IN ('dealer_manager', 'sales_rep', 'area_manager') AND pu.path >= ? AND "
             "pu.path < ? AND substr(?, 1, length(pu.path)) = pu.path ORDER BY CASE p.role WHEN 'dealer_manager' "
             "THEN 0 WHEN 'sales_rep' THEN 1 ELSE 2 END, p.display_name, p.id LIMIT 200",
             {caller.scope.lower(), caller.scope.upper(), f->unit_path})) {
      out.push_back({row.integer(0), row.text(1), row.text(2), row.text(3)});
    }
  });
  return out;
}

Complaint SatisfactionService::complain(const auth::Principal& caller, int64_t followup_id, const ComplaintInput& in) {
  int64_t now = clock::now_ms();
  std::string today = today_of(now);
  Complaint out;
  database_.write([&](db::Connection& c) {
    auto f = checked_record(find_followup(c, caller.scope, followup_id, false), caller,
                            {"follow-up", "satisfaction.record"});
    if (f.status != "done") throw Conflict("a complaint is raised on a follow-up that was made", "followup.state");
    std::vector<FieldError> errors;
    check_complaint(c, caller, f, in, today, "", errors);
    if (!errors.empty()) throw Invalid(errors);
    auto id = insert_complaint(c, caller, f, in, now);
    out = *find_complaint(c, caller.scope, id);
  });
  return out;
}

Complaint SatisfactionService::complaint(const auth::Principal& caller, int64_t id) {
  auth::require(caller.role, "satisfaction.read");
  std::optional<Complaint> found;
  database_.read([&](db::Connection& c) { found = find_complaint(c, caller.scope, id); });
  if (!found) throw NotFound("no such complaint");
  return std::move(*found);
}

std::vector<Complaint> SatisfactionService::complaints(const auth::Principal& caller, const ComplaintFilter& f) {
  auth::require(caller.role, "satisfaction.read");
  std::vector<Complaint> out;
  int64_t now = clock::now_ms();
  database_.read([&](db::Connection& c) {
    std::string sql = std::string(kComplaintSelect) + " WHERE" + kInScope;
    db::Params params = scope_params(caller.scope);
    if (!f.statuses.empty()) {
      sql += " AND k.status IN (";
      for (size_t i = 0; i < f.statuses.size(); ++i) {
        sql += i ? ", ?" : "?";
        params.emplace_back(f.statuses[i]);
      }
      sql += ")";
    }
    if (f.mine) {
      sql += " AND k.owner_user_id = ?";
      params.emplace_back(caller.user_id);
    }
    if (f.overdue) {
      sql += " AND k.status = 'open' AND k.due_on < ?";
      params.emplace_back(today_of(now));
    }
    if (f.unit_id) {
      auto unit = org::store::find_unit(c, caller.scope, *f.unit_id);
      if (!unit) throw Invalid("unit_id", "is not a unit in your scope");
      auth::Scope within{unit->path};
      sql += " AND u.path >= ? AND u.path < ?";
      params.emplace_back(within.lower());
      params.emplace_back(within.upper());
    }
    if (f.followup_id) {
      sql += " AND k.followup_id = ?";
      params.emplace_back(*f.followup_id);
    }
    if (f.after) {
      sql += " AND (k.due_on > ? OR (k.due_on = ? AND k.id > ?))";
      params.emplace_back(f.after->first);
      params.emplace_back(f.after->first);
      params.emplace_back(f.after->second);
    }
    sql += " ORDER BY k.due_on, k.id LIMIT ?";
    params.emplace_back(int64_t{f.limit});
    for (const auto& row : c.query(sql, params)) out.push_back(complaint_from(row));
  });
  return out;
}

Complaint SatisfactionService::resolve(const auth::Principal& caller, int64_t id, int64_t version,
                                       const std::string& resolution) {
  int64_t now = clock::now_ms();
  return write_record(
      database_, caller, {"complaint", "satisfaction.read"},
      [&](db::Connection& c) { return find_complaint(c, caller.scope, id); },
      [&](db::Connection& c, Complaint& k) {
        if (k.status != "open") throw Conflict("the complaint is resolved already", "complaint.state");
        if (!can_resolve(caller, k))
          throw Forbidden("only the complaint's owner or a manager above it resolves it", "complaint.not_owner");
        require_version("complaint", k.version, version);
        Complaint before = k;
        k.status = "resolved";
        k.resolution = resolution;
        if (c.execute("UPDATE complaints SET status = 'resolved', resolution = ?, resolved_by = ?, resolved_at = ?, "
                      "version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
                      {resolution, caller.user_id, now, now, k.id, k.version}) != 1)
          throw Conflict("the complaint was changed by someone else", "version_conflict");
        audit::record(c, {caller.user_id, "resolve", "complaint", k.id, complaint_audit(before).dump(),
                          complaint_audit(k).dump()});
        return *find_complaint(c, caller.scope, id);
      });
}

Summary SatisfactionService::summary(const auth::Principal& caller, int64_t from_month, int64_t to_month,
                                     const std::string& by, std::optional<int64_t> unit_id,
                                     std::optional<int64_t> user_id) {
  auth::require(caller.role, "satisfaction.read");
  auto months = months_between(from_month, to_month);
  if (from_month > to_month) throw Invalid("to", "must not be before from");
  if (months.size() > 24) throw Invalid("to", "is more than 24 months after from");
  Summary out;
  out.from_month = from_month;
  out.to_month = to_month;
  out.by = by;
  std::map<int64_t, Sums> total_by_month;
  std::vector<std::map<int64_t, Sums>> group_months;
  database_.read([&](db::Connection& c) {
    org::OrgUnit root;
    if (unit_id) {
      auto unit = org::store::find_unit(c, caller.scope, *unit_id);
      if (!unit) throw NotFound("no such unit");
      root = *unit;
    } else {
      root = *org::store::find_unit_unscoped(c, caller.org_unit_id);
    }
    auth::Scope within{root.path};
    db::Params params = {from_month, to_month, within.lower(), within.upper()};
    std::unordered_map<std::string, size_t> group_of;  // a child's path, or a model
    if (user_id) {
      auto person =
          c.query_one("SELECT o.path FROM users u JOIN org_units o ON o.id = u.org_unit_id WHERE u.id = ?", {*user_id});
      if (!person || !within.contains(person->text(0))) throw NotFound("no such user");
      // the person's deliveries' follow-ups, by model and month: the same rows as the list's
      // ?user_id=&status=done&from=&to=
      params.push_back(*user_id);
      for (const auto& row : c.query(
               "SELECT f.model, f.recorded_month, COUNT(*), SUM(f.vehicle_score), SUM(f.delivery_score), "
               "SUM(f.service_score), SUM(f.low) FROM satisfaction_followups f JOIN org_units u ON u.id = f.unit_id "
               "JOIN deliveries dv ON dv.id = f.delivery_id WHERE f.status = 'done' AND f.recorded_month >= ? AND "
               "f.recorded_month <= ? AND u.path >= ? AND u.path < ? AND dv.user_id = ? GROUP BY f.model, "
               "f.recorded_month",
               params)) {
        total_by_month[row.integer(1)].add(row, 2);
        if (by != "model") continue;
        auto [it, added] = group_of.emplace(row.text(0), out.groups.size());
        if (added) {
          out.groups.push_back({row.text(0), row.text(0), std::nullopt, "model", {}, {}});
          group_months.emplace_back();
        }
        group_months[it->second][row.integer(1)].add(row, 2);
      }
    } else if (root.kind != "dealer") {
      // above a dealer: the subtree totals kept in satisfaction_rollup, a row per unit, month and
      // model — the root's for the total and the models, its children's for the units
      for (const auto& row : c.query(
               "SELECT model, month, responses, vehicle_sum, delivery_sum, service_sum, low FROM satisfaction_rollup "
               "WHERE unit_id = ? AND month >= ? AND month <= ?",
               {root.id, from_month, to_month})) {
        total_by_month[row.integer(1)].add(row, 2);
        if (by != "model") continue;
        const auto& model = row.text(0);
        auto [it, added] = group_of.emplace(model, out.groups.size());
        if (added) {
          out.groups.push_back({model, model, std::nullopt, "model", {}, {}});
          group_months.emplace_back();
        }
        group_months[it->second][row.integer(1)].add(row, 2);
      }
      if (by == "unit") {
        org::UnitFilter children;
        children.parent_id = root.id;
        children.limit = 1000;
        std::map<int64_t, size_t> index;
        for (const auto& child : org::store::list_units(c, caller.scope, children)) {
          index[child.id] = out.groups.size();
          out.groups.push_back({std::to_string(child.id), child.name, child.id, child.kind, {}, {}});
        }
        group_months.resize(out.groups.size());
        bool dealers = root.kind == "province";
        std::string sql = dealers ? "SELECT t.unit_id, t.month, SUM(t.responses), SUM(t.vehicle_sum), "
                                    "SUM(t.delivery_sum), SUM(t.service_sum), SUM(t.low) FROM satisfaction_totals t "
                                    "JOIN org_units u ON u.id = t.unit_id WHERE u.parent_id = ? AND t.month >= ? AND "
                                    "t.month <= ? GROUP BY t.unit_id, t.month"
                                  : "SELECT t.unit_id, t.month, SUM(t.responses), SUM(t.vehicle_sum), "
                                    "SUM(t.delivery_sum), SUM(t.service_sum), SUM(t.low) FROM satisfaction_rollup t "
                                    "JOIN org_units u ON u.id = t.unit_id WHERE u.parent_id = ? AND t.month >= ? AND "
                                    "t.month <= ? GROUP BY t.unit_id, t.month";
        for (const auto& row : c.query(sql, {root.id, from_month, to_month})) {
          auto it = index.find(row.integer(0));
          if (it != index.end()) group_months[it->second][row.integer(1)].add(row, 2);
        }
      }
    } else if (by == "unit") {
      org::UnitFilter children;
      children.parent_id = root.id;
      children.limit = 1000;
      for (const auto& child : org::store::list_units(c, caller.scope, children)) {
        group_of[child.path] = out.groups.size();
        out.groups.push_back({std::to_string(child.id), child.name, child.id, child.kind, {}, {}});
      }
      group_months.resize(out.groups.size());
      for (const auto& row : c.query(
               "SELECT u.path, t.month, SUM(t.responses), SUM(t.vehicle_sum), SUM(t.delivery_sum), "
               "SUM(t.service_sum), SUM(t.low) FROM satisfaction_totals t JOIN org_units u ON u.id = t.unit_id WHERE "
               "t.month >= ? AND t.month <= ? AND u.path >= ? AND u.path < ? GROUP BY u.path, t.month",
               params)) {
        const auto& path = row.text(0);
        int64_t month = row.integer(1);
        total_by_month[month].add(row, 2);
        auto slash = path.find('/', root.path.size());
        if (slash == std::string::npos) continue;  // the root's own
        auto it = group_of.find(path.substr(0, slash + 1));
        if (it != group_of.end()) group_months[it->second][month].add(row, 2);
      }
    } else {
      for (const auto& row : c.query(
               "SELECT t.model, t.month, SUM(t.responses), SUM(t.vehicle_sum), SUM(t.delivery_sum), "
               "SUM(t.service_sum), SUM(t.low) FROM satisfaction_totals t JOIN org_units u ON u.id = t.unit_id WHERE "
               "t.month >= ? AND t.month <= ? AND u.path >= ? AND u.path < ? GROUP BY t.model, t.month",
               params)) {
        const auto& model = row.text(0);
        auto [it, added] = group_of.emplace(model, out.groups.size());
        if (added) {
          out.groups.push_back({model, model, std::nullopt, "model", {}, {}});
          group_months.emplace_back();
        }
        total_by_month[row.integer(1)].add(row, 2);
        group_months[it->second][row.integer(1)].add(row, 2);
      }
    }
  });
  Sums total;
  for (auto m : months) {
    const auto& s = total_by_month[m];
    total.responses += s.responses;
    total.vehicle += s.vehicle;
    total.delivery += s.delivery;
    total.service += s.service;
    total.low += s.low;
    out.months.push_back({m, s.figures()});
  }
  out.total = total.figures();
  for (size_t i = 0; i < out.groups.size(); ++i) {
    Sums g;
    for (auto m : months) {
      const auto& s = group_months[i][m];
      g.responses += s.responses;
      g.vehicle += s.vehicle;
      g.delivery += s.delivery;
      g.service += s.service;
      g.low += s.low;
      out.groups[i].months.push_back({m, s.figures()});
    }
    out.groups[i].figures = g.figures();
  }
  std::stable_sort(out.groups.begin(), out.groups.end(),
                   [](const Group& a, const Group& b) { return a.figures.responses > b.figures.responses; });
  return out;
}

std::vector<sheets::Row> SatisfactionService::export_rows(const auth::Principal& caller, FollowupFilter filter) {
  filter.limit = kMaxExportRows + 1;
  filter.after.reset();
  auto items = list(caller, filter);
  if (static_cast<int64_t>(items.size()) > kMaxExportRows)
    throw Invalid("limit", "more than 50,000 follow-ups: narrow the filter (a unit, months)", "too_many");
  static const std::map<std::string, std::string> status_names = {
      {"scheduled", "待回访"}, {"done", "已回访"}, {"cancelled", "已取消"}};
  std::vector<sheets::Row> rows = {{"交车日期", "应回访日期", "状态", "经销商", "客户", "商机", "车型", "台数",
                                    "受访人", "车辆评分", "交付评分", "服务评分", "低分", "意见", "回访人", "回访时间",
                                    "未结投诉"}};
  auto score = [](const std::optional<int64_t>& v) { return v ? std::to_string(*v) : std::string(); };
  for (const auto& f : items) {
    rows.push_back(
        {f.delivered_on, f.due_on, status_names.at(f.status), f.unit_name, f.account_name, f.opportunity_title, f.model,
         std::to_string(f.quantity), f.contact_name.value_or(""), score(f.vehicle_score), score(f.delivery_score),
         score(f.service_score), f.low ? "是" : "", f.comment.value_or(""), f.recorded_by_name.value_or(""),
         f.recorded_at ? clock::format_rfc3339(*f.recorded_at).substr(0, 10) : "", std::to_string(f.open_complaints)});
  }
  return rows;
}

int64_t count_due(db::Connection& c, const auth::Principal& caller, int64_t now) {
  if (!auth::allowed(caller.role, "satisfaction.record")) return 0;
  return c
      .query_one(std::string("SELECT COUNT(*)") + kFollowupFrom + " WHERE" + kInScope +
                     " AND f.status = 'scheduled' AND f.due_on <= ?",
                 {caller.scope.lower(), caller.scope.upper(), today_of(now)})
      ->integer(0);
}

int64_t count_low_unreviewed(db::Connection& c, const auth::Principal& caller) {
  return c
      .query_one(std::string("SELECT COUNT(*)") + kFollowupFrom + " WHERE" + kInScope +
                     " AND f.low = 1 AND f.low_reviewed_at IS NULL",
                 scope_params(caller.scope))
      ->integer(0);
}

int64_t count_my_complaints(db::Connection& c, const auth::Principal& caller) {
  return c
      .query_one(std::string("SELECT COUNT(*)") + kComplaintFrom + " WHERE" + kInScope +
                     " AND k.owner_user_id = ? AND k.status = 'open'",
                 {caller.scope.lower(), caller.scope.upper(), caller.user_id})
      ->integer(0);
}

int64_t count_overdue_complaints(db::Connection& c, const auth::Principal& caller, int64_t now) {
  return c
      .query_one(std::string("SELECT COUNT(*)") + kComplaintFrom + " WHERE" + kInScope +
                     " AND k.status = 'open' AND k.due_on < ?",
                 {caller.scope.lower(), caller.scope.upper(), today_of(now)})
      ->integer(0);
}

std::vector<notifications::Reminder> reminders(db::Connection& c, int64_t now_ms) {
  std::string today = today_of(now_ms);
  std::vector<notifications::Reminder> out;
  // follow-ups due: to the delivery's owner, or without one (or inactive) to the dealer's managers
  for (const auto& row : c.query(
           "SELECT f.id, f.due_on, a.name, f.model, f.quantity, p.id FROM satisfaction_followups f JOIN deliveries d "
           "ON d.id = f.delivery_id JOIN accounts a ON a.id = f.account_id LEFT JOIN users o ON o.id = d.user_id AND "
           "o.active = 1 JOIN users p ON p.active = 1 AND ((o.id IS NOT NULL AND p.id = o.id) OR (o.id IS NULL AND "
           "p.org_unit_id = f.unit_id AND p.role = 'dealer_manager')) WHERE f.status = 'scheduled' AND f.due_on <= ? "
           "ORDER BY f.id, p.id",
           {today})) {
    out.push_back({row.integer(5), "satisfaction_due", fmt::format("satisfaction:{}:due", row.integer(0)),
                   fmt::format("交车回访待完成：{}（{} {}台）", row.text(2), row.text(3), row.integer(4)),
                   fmt::format("应于{}回访客户满意度", row.text(1)),
                   fmt::format("/satisfaction/followups/{}", row.integer(0))});
  }
  // low scores not reviewed: to the area managers of the province above the delivering dealer
  for (const auto& row : c.query(
           "SELECT f.id, a.name, u.name, p.id, f.vehicle_score, f.delivery_score, f.service_score FROM "
           "satisfaction_followups f JOIN accounts a ON a.id = f.account_id JOIN org_units u ON u.id = f.unit_id "
           "JOIN users p ON p.active = 1 AND p.role = 'area_manager' JOIN org_units pu ON pu.id = p.org_unit_id AND "
           "substr(u.path, 1, length(pu.path)) = pu.path WHERE f.low = 1 AND f.low_reviewed_at IS NULL ORDER BY "
           "f.id, p.id")) {
    out.push_back(
        {row.integer(3), "satisfaction_low", fmt::format("satisfaction:{}:low", row.integer(0)),
         fmt::format("客户满意度低分：{}（{}）", row.text(1), row.text(2)),
         fmt::format("车辆{}分 · 交付{}分 · 服务{}分，请跟进", row.integer(4), row.integer(5), row.integer(6)),
         fmt::format("/satisfaction/followups/{}", row.integer(0))});
  }
  // open complaints to their owners, and again when overdue
  for (const auto& row :
       c.query("SELECT k.id, k.due_on, a.name, k.owner_user_id, k.description FROM complaints k JOIN accounts a ON "
               "a.id = k.account_id JOIN users p ON p.id = k.owner_user_id AND p.active = 1 WHERE k.status = 'open' "
               "ORDER BY k.id")) {
    std::string link = fmt::format("/satisfaction/complaints/{}", row.integer(0));
    out.push_back({row.integer(3), "complaint_open", fmt::format("complaint:{}:open", row.integer(0)),
                   fmt::format("客户投诉待处理：{}", row.text(2)),
                   fmt::format("请于{}前处理：{}", row.text(1), row.text(4)), link});
    if (row.text(1) < today) {
      out.push_back({row.integer(3), "complaint_overdue", fmt::format("complaint:{}:overdue", row.integer(0)),
                     fmt::format("客户投诉已逾期（应于{}前处理）：{}", row.text(1), row.text(2)), "", link});
    }
  }
  return out;
}

}  // namespace fleetkam::satisfaction
