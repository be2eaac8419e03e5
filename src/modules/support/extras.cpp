// The support ledger's other parts: upfitter supply policies (改装厂供货车型政策), HQ's dedicated
// visits to key accounts (重点行业单位专职人员上门开发), policy information fed back (商务政策信息) and the
// reward it earns (商务政策信息反馈奖) — docs/api-notes.md, "The support ledger".
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "modules/support/service.h"
#include "platform/audit/audit.h"
#include "platform/auth/roles.h"
#include "platform/calendar/calendar.h"
#include "platform/clock.h"
#include "platform/errors.h"
#include "platform/record_write.h"

namespace fleetkam::support {
namespace {

using json = nlohmann::json;

std::string today_in_china(int64_t now) { return calendar::date_text(calendar::china_date(now)); }

int64_t month_of(int64_t now) {
  auto d = calendar::china_date(now);
  return int64_t{d.year} * 100 + d.month;
}

// Columns: 0 id, 1 upfitter, 2 model_id, 3 code, 4 name, 5 supply, 6 terms, 7 lead_days, 8 price_fen,
// 9 valid_from, 10 valid_to, 11 active, 12 version
constexpr const char* kPolicySelect =
    "SELECT p.id, p.upfitter, p.model_id, m.code, m.name, p.supply, p.terms, p.lead_days, p.price_fen, p.valid_from, "
    "p.valid_to, p.active, p.version FROM upfitter_policies p JOIN vehicle_models m ON m.id = p.model_id";

UpfitterPolicy policy_from(const db::Row& row) {
  UpfitterPolicy p;
  p.id = row.integer(0);
  p.upfitter = row.text(1);
  p.model_id = row.integer(2);
  p.model_code = row.text(3);
  p.model_name = row.text(4);
  p.supply = row.text(5);
  p.terms = row.text(6);
  p.lead_days = row.integer(7);
  p.price_fen = row.optional_integer(8);
  p.valid_from = row.text(9);
  p.valid_to = row.optional_text(10);
  p.active = row.boolean(11);
  p.version = row.integer(12);
  return p;
}

std::optional<UpfitterPolicy> find_policy(db::Connection& c, int64_t id) {
  auto row = c.query_one(std::string(kPolicySelect) + " WHERE p.id = ?", {id});
  if (!row) return std::nullopt;
  return policy_from(*row);
}

json policy_audit(const PolicyInput& p) {
  return {{"upfitter", p.upfitter},     {"model_id", p.model_id},
          {"supply", p.supply},         {"terms", p.terms},
          {"lead_days", p.lead_days},   {"price_fen", p.price_fen ? json(*p.price_fen) : json()},
          {"valid_from", p.valid_from}, {"valid_to", p.valid_to ? json(*p.valid_to) : json()},
          {"active", p.active}};
}

void check_policy(db::Connection& c, const PolicyInput& in) {
  std::vector<FieldError> errors;
  if (!c.query_one("SELECT 1 FROM vehicle_models WHERE id = ?", {in.model_id}))
    errors.push_back({"model_id", "is not a model of the catalogue", "invalid_value"});
  if (!calendar::parse_date(in.valid_from))
    errors.push_back({"valid_from", "must be a day YYYY-MM-DD", "invalid_value"});
  if (in.valid_to && (!calendar::parse_date(*in.valid_to) || *in.valid_to < in.valid_from))
    errors.push_back({"valid_to", "must be a day YYYY-MM-DD on or after valid_from", "invalid_value"});
  if (!errors.empty()) throw Invalid(errors);
}

// Columns: 0 id, 1 account_id, 2 name, 3 unit_id, 4 name, 5 path, 6 visitor_id, 7 name, 8 planned_by,
// 9 name, 10 planned_on, 11 purpose, 12 status, 13 visit_id, 14 done_on, 15 cancel_reason, 16 version,
// 17 created_at
constexpr const char* kVisitSelect =
    "SELECT h.id, h.account_id, a.name, h.unit_id, u.name, u.path, h.visitor_id, vp.display_name, h.planned_by, "
    "pp.display_name, h.planned_on, h.purpose, h.status, h.visit_id, h.done_on, h.cancel_reason, h.version, "
    "h.created_at FROM hq_visits h JOIN accounts a ON a.id = h.account_id JOIN org_units u ON u.id = h.unit_id JOIN "
    "users vp ON vp.id = h.visitor_id JOIN users pp ON pp.id = h.planned_by";

HqVisit hq_visit_from(const db::Row& row) {
  HqVisit v;
  v.id = row.integer(0);
  v.account_id = row.integer(1);
  v.account_name = row.text(2);
  v.unit_id = row.integer(3);
  v.unit_name = row.text(4);
  v.unit_path = row.text(5);
  v.visitor_id = row.integer(6);
  v.visitor_name = row.text(7);
  v.planned_by = row.integer(8);
  v.planned_by_name = row.text(9);
  v.planned_on = row.text(10);
  v.purpose = row.text(11);
  v.status = row.text(12);
  v.visit_id = row.optional_integer(13);
  v.done_on = row.optional_text(14);
  v.cancel_reason = row.optional_text(15);
  v.version = row.integer(16);
  v.created_at = row.integer(17);
  return v;
}

// Seen by the scopes holding the account's unit, and by its visitor.
std::optional<HqVisit> find_hq_visit(db::Connection& c, const auth::Principal& caller, int64_t id) {
  auto row = c.query_one(std::string(kVisitSelect) +
                             " WHERE h.id = ? AND ((u.path >= ? AND u.path < ?) OR "
                             "h.visitor_id = ?)",
                         {id, caller.scope.lower(), caller.scope.upper(), caller.user_id});
  if (!row) return std::nullopt;
  return hq_visit_from(*row);
}

json hq_visit_audit(const HqVisit& v) {
  return {{"account_id", v.account_id}, {"visitor_id", v.visitor_id},
          {"planned_on", v.planned_on}, {"purpose", v.purpose},
          {"status", v.status},         {"visit_id", v.visit_id ? json(*v.visit_id) : json()}};
}

// Columns: 0 id, 1 user_id, 2 name, 3 unit_id, 4 name, 5 path, 6 title, 7 body, 8 account_id, 9 name,
// 10 status, 11 marked by name, 12 marked_at, 13 mark_note, 14 points, 15 version, 16 created_at
constexpr const char* kNoteSelect =
    "SELECT n.id, n.user_id, p.display_name, n.unit_id, u.name, u.path, n.title, n.body, n.account_id, a.name, "
    "n.status, mp.display_name, n.marked_at, n.mark_note, f.points, n.version, n.created_at FROM policy_notes n JOIN "
    "users p ON p.id = n.user_id JOIN org_units u ON u.id = n.unit_id LEFT JOIN accounts a ON a.id = n.account_id "
    "LEFT JOIN users mp ON mp.id = n.marked_by LEFT JOIN feedback_rewards f ON f.source = 'note' AND f.source_id = "
    "n.id";

PolicyNote note_from(const db::Row& row) {
  PolicyNote n;
  n.id = row.integer(0);
  n.user_id = row.integer(1);
  n.user_name = row.text(2);
  n.unit_id = row.integer(3);
  n.unit_name = row.text(4);
  n.unit_path = row.text(5);
  n.title = row.text(6);
  n.body = row.text(7);
  n.account_id = row.optional_integer(8);
  n.account_name = row.optional_text(9);
  n.status = row.text(10);
  n.marked_by_name = row.optional_text(11);
  n.marked_at = row.optional_integer(12);
  n.mark_note = row.optional_text(13);
  n.points = row.optional_integer(14);
  n.version = row.integer(15);
  n.created_at = row.integer(16);
  return n;
}

std::optional<PolicyNote> find_note(db::Connection& c, const auth::Principal& caller, int64_t id) {
  auto row = c.query_one(std::string(kNoteSelect) + " WHERE n.id = ? AND u.path >= ? AND u.path < ?",
                         {id, caller.scope.lower(), caller.scope.upper()});
  if (!row) return std::nullopt;
  return note_from(*row);
}

void add_reward(db::Connection& c, int64_t user_id, int64_t unit_id, const std::string& source, int64_t source_id,
                std::optional<int64_t> opportunity_id, int64_t points, const Rules& rules, int64_t now) {
  c.execute(
      "INSERT INTO feedback_rewards (user_id, unit_id, month, source, source_id, opportunity_id, points, amount_fen, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source, source_id) DO NOTHING",
      {user_id, unit_id, month_of(now), source, source_id, db::nullable(opportunity_id), points,
       points * rules.fen_per_point, now});
}

bool account_in_scope(db::Connection& c, const auth::Principal& caller, int64_t account_id) {
  return c
      .query_one(
          "SELECT 1 FROM accounts a JOIN org_units ou ON ou.id = a.owner_unit_id WHERE a.id = ? AND ou.path >= "
          "? AND ou.path < ?",
          {account_id, caller.scope.lower(), caller.scope.upper()})
      .has_value();
}

}  // namespace

bool hq_visit_overdue(const HqVisit& v, const std::string& today) {
  return v.status == "planned" && v.planned_on < today;
}

bool can_log(const auth::Principal& caller, const HqVisit& v) {
  return v.status == "planned" && (v.visitor_id == caller.user_id || (auth::allowed(caller.role, "support.hq_visits") &&
                                                                      caller.scope.contains(v.unit_path)));
}

bool can_cancel_visit(const auth::Principal& caller, const HqVisit& v) {
  return v.status == "planned" && auth::allowed(caller.role, "support.hq_visits") &&
         (caller.scope.contains(v.unit_path) || v.planned_by == caller.user_id);
}

bool can_mark(const auth::Principal& caller, const PolicyNote& n) {
  return n.status == "submitted" && n.user_id != caller.user_id && auth::allowed(caller.role, "support.mark") &&
         caller.scope.contains(n.unit_path);
}

std::vector<UpfitterPolicy> SupportService::policies(const auth::Principal& caller, const PolicyFilter& f) {
  auth::require(caller.role, "opportunities.read");
  std::vector<UpfitterPolicy> out;
  database_.read([&](db::Connection& c) {
    std::string sql = std::string(kPolicySelect) + " WHERE 1 = 1";
    db::Params params;
    if (f.model_id) {
      sql += " AND p.model_id = ?";
      params.emplace_back(*f.model_id);
    }
    if (f.upfitter) {
      sql += " AND p.upfitter = ?";
      params.emplace_back(*f.upfitter);
    }
    if (f.active) {
      sql += " AND p.active = ?";
      params.emplace_back(int64_t{*f.active ? 1 : 0});
    }
    if (f.on) {
      sql += " AND p.active = 1 AND p.valid_from <= ? AND (p.valid_to IS NULL OR p.valid_to >= ?)";
      params.emplace_back(*f.on);
      params.emplace_back(*f.on);
    }
    sql += " ORDER BY m.code, p.upfitter, p.valid_from DESC, p.id";
    for (const auto& row : c.query(sql, params)) out.push_back(policy_from(row));
  });
  return out;
}

UpfitterPolicy SupportService::create_policy(const auth::Principal& caller, const PolicyInput& in) {
  auth::require(caller.role, "catalogue.manage");
  int64_t now = clock::now_ms();
  UpfitterPolicy created;
  database_.write([&](db::Connection& c) {
    check_policy(c, in);
    auto id = c.query_one(
                   "INSERT INTO upfitter_policies (upfitter, model_id, supply, terms, lead_days, price_fen, "
                   "valid_from, valid_to, active, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, "
                   "1, ?, ?) RETURNING id",
                   {in.upfitter, in.model_id, in.supply, in.terms, in.lead_days, db::nullable(in.price_fen),
                    in.valid_from, db::nullable(in.valid_to), now, now})
                  ->integer(0);
    created = *find_policy(c, id);
    audit::record(c, {caller.user_id, "create", "upfitter_policy", id, std::nullopt, policy_audit(in).dump()});
  });
  return created;
}

UpfitterPolicy SupportService::update_policy(const auth::Principal& caller, int64_t id, int64_t version,
                                             const PolicyInput& in) {
  int64_t now = clock::now_ms();
  return write_record(
      database_, caller, {"upfitter policy", "catalogue.manage", version},
      [&](db::Connection& c) { return find_policy(c, id); },
      [&](db::Connection& c, UpfitterPolicy& before) {
        check_policy(c, in);
        if (c.execute("UPDATE upfitter_policies SET upfitter = ?, model_id = ?, supply = ?, terms = ?, lead_days = ?, "
                      "price_fen = ?, valid_from = ?, valid_to = ?, active = ?, version = version + 1, updated_at = ? "
                      "WHERE id = ? AND version = ?",
                      {in.upfitter, in.model_id, in.supply, in.terms, in.lead_days, db::nullable(in.price_fen),
                       in.valid_from, db::nullable(in.valid_to), int64_t{in.active ? 1 : 0}, now, id, version}) != 1)
          throw Conflict("the upfitter policy was changed by someone else", "version_conflict");
        PolicyInput old{before.upfitter,  before.model_id,   before.supply,   before.terms, before.lead_days,
                        before.price_fen, before.valid_from, before.valid_to, before.active};
        audit::record(
            c, {caller.user_id, "update", "upfitter_policy", id, policy_audit(old).dump(), policy_audit(in).dump()});
        return *find_policy(c, id);
      });
}

std::vector<HqVisit> SupportService::hq_visits(const auth::Principal& caller, const HqVisitFilter& f) {
  auth::require(caller.role, "support.read");
  std::vector<HqVisit> out;
  std::string today = today_in_china(clock::now_ms());
  database_.read([&](db::Connection& c) {
    std::string sql = std::string(kVisitSelect) + " WHERE ((u.path >= ? AND u.path < ?) OR h.visitor_id = ?)";
    db::Params params = {caller.scope.lower(), caller.scope.upper(), caller.user_id};
    if (!f.statuses.empty()) sql += " AND h.status IN (" + db::placeholders(f.statuses, params) + ")";
    if (f.unit_id) {
      auto unit = c.query_one("SELECT path FROM org_units WHERE id = ?", {*f.unit_id});
      if (!unit || !caller.scope.contains(unit->text(0))) throw Invalid("unit_id", "is not a unit in your scope");
      auth::Scope within{unit->text(0)};
      sql += " AND u.path >= ? AND u.path < ?";
      params.emplace_back(within.lower());
      params.emplace_back(within.upper());
    }
    if (f.visitor_id) {
      sql += " AND h.visitor_id = ?";
      params.emplace_back(*f.visitor_id);
    }
    if (f.mine) {
      sql += " AND h.visitor_id = ? AND h.status = 'planned' AND h.planned_on <= ?";
      params.emplace_back(caller.user_id);
      params.emplace_back(today);
    }
    if (f.from) {
      sql += " AND h.planned_on >= ?";
      params.emplace_back(*f.from);
    }
    if (f.to) {
      sql += " AND h.planned_on <= ?";
      params.emplace_back(*f.to);
    }
    sql += " ORDER BY h.planned_on DESC, h.id DESC LIMIT ?";
    params.emplace_back(int64_t{f.limit});
    for (const auto& row : c.query(sql, params)) out.push_back(hq_visit_from(row));
  });
  return out;
}

HqVisit SupportService::plan_hq_visit(const auth::Principal& caller, const HqVisitInput& in) {
  auth::require(caller.role, "support.hq_visits");
  int64_t now = clock::now_ms();
  std::string today = today_in_china(now);
  HqVisit created;
  database_.write([&](db::Connection& c) {
    auto account = c.query_one(
        "SELECT a.owner_unit_id FROM accounts a JOIN org_units ou ON ou.id = a.owner_unit_id WHERE a.id = ? AND "
        "a.active = 1 AND ou.path >= ? AND ou.path < ?",
        {in.account_id, caller.scope.lower(), caller.scope.upper()});
    if (!account) throw NotFound("no such account");
    std::vector<FieldError> errors;
    auto visitor = c.query_one(
        "SELECT p.role FROM users p JOIN org_units u ON u.id = p.org_unit_id WHERE p.id = ? AND p.active = 1 AND "
        "u.kind = 'hq'",
        {in.visitor_id});
    if (!visitor || (visitor->text(0) != "ka_director" && visitor->text(0) != "ka_staff"))
      errors.push_back({"visitor_id", "must be an active HQ key-account director or staff member", "invalid_value"});
    auto day = calendar::parse_date(in.planned_on);
    if (!day) {
      errors.push_back({"planned_on", "must be a day YYYY-MM-DD", "invalid_value"});
    } else if (in.planned_on < today ||
               calendar::days_from_civil(*day) > calendar::days_from_civil(calendar::china_date(now)) + 366) {
      errors.push_back({"planned_on", "must be today or within a year", "invalid_value"});
    }
    if (!errors.empty()) throw Invalid(errors);
    auto id =
        c.query_one(
             "INSERT INTO hq_visits (account_id, unit_id, visitor_id, planned_by, planned_on, purpose, status, "
             "version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'planned', 1, ?, ?) RETURNING id",
             {in.account_id, account->integer(0), in.visitor_id, caller.user_id, in.planned_on, in.purpose, now, now})
            ->integer(0);
    created = *find_hq_visit(c, caller, id);
    audit::record(c, {caller.user_id, "create", "hq_visit", id, std::nullopt, hq_visit_audit(created).dump()});
  });
  return created;
}

HqVisit SupportService::log_hq_visit(const auth::Principal& caller, int64_t id, int64_t version, int64_t visit_id) {
  int64_t now = clock::now_ms();
  return write_record(
      database_, caller, {"HQ visit", "support.read"}, [&](db::Connection& c) { return find_hq_visit(c, caller, id); },
      [&](db::Connection& c, HqVisit& v) {
        if (v.status != "planned") throw Conflict("the HQ visit is " + v.status, "support.state");
        if (!can_log(caller, v)) throw Forbidden("the visitor or HQ's planners log the visit");
        require_version("HQ visit", v.version, version);
        auto visit = c.query_one("SELECT occurred_at FROM visits WHERE id = ? AND account_id = ? AND user_id = ?",
                                 {visit_id, v.account_id, v.visitor_id});
        if (!visit) throw Invalid("visit_id", "is not a visit of " + v.visitor_name + " to " + v.account_name);
        auto done_on = calendar::date_text(calendar::china_date(visit->integer(0)));
        if (done_on < calendar::date_text(calendar::china_date(v.created_at)))
          throw Invalid("visit_id", "took place before the visit was planned");
        if (c.query_one("SELECT 1 FROM hq_visits WHERE visit_id = ?", {visit_id}))
          throw Invalid("visit_id", "is linked to another HQ visit already");
        if (c.execute("UPDATE hq_visits SET status = 'done', visit_id = ?, done_on = ?, version = version + 1, "
                      "updated_at = ? WHERE id = ? AND version = ?",
                      {visit_id, done_on, now, id, version}) != 1)
          throw Conflict("the HQ visit was changed by someone else", "version_conflict");
        auto after = *find_hq_visit(c, caller, id);
        audit::record(c,
                      {caller.user_id, "log", "hq_visit", id, hq_visit_audit(v).dump(), hq_visit_audit(after).dump()});
        return after;
      });
}

HqVisit SupportService::cancel_hq_visit(const auth::Principal& caller, int64_t id, int64_t version,
                                        const std::string& reason) {
  int64_t now = clock::now_ms();
  return write_record(
      database_, caller, {"HQ visit", "support.read"}, [&](db::Connection& c) { return find_hq_visit(c, caller, id); },
      [&](db::Connection& c, HqVisit& v) {
        if (v.status != "planned") throw Conflict("the HQ visit is " + v.status, "support.state");
        if (!can_cancel_visit(caller, v)) throw Forbidden("HQ's planners cancel the visit");
        require_version("HQ visit", v.version, version);
        if (c.execute("UPDATE hq_visits SET status = 'cancelled', cancel_reason = ?, version = version + 1, updated_at "
                      "= ? WHERE id = ? AND version = ?",
                      {reason, now, id, version}) != 1)
          throw Conflict("the HQ visit was changed by someone else", "version_conflict");
        auto after = *find_hq_visit(c, caller, id);
        audit::record(
            c, {caller.user_id, "cancel", "hq_visit", id, hq_visit_audit(v).dump(), hq_visit_audit(after).dump()});
        return after;
      });
}

std::vector<PolicyNote> SupportService::notes(const auth::Principal& caller, const NoteFilter& f) {
  auth::require(caller.role, "support.read");
  std::vector<PolicyNote> out;
  database_.read([&](db::Connection& c) {
    std::string sql = std::string(kNoteSelect) + " WHERE u.path >= ? AND u.path < ?";
    db::Params params = {caller.scope.lower(), caller.scope.upper()};
    if (!f.statuses.empty()) sql += " AND n.status IN (" + db::placeholders(f.statuses, params) + ")";
    if (f.unit_id) {
      auto unit = c.query_one("SELECT path FROM org_units WHERE id = ?", {*f.unit_id});
      if (!unit || !caller.scope.contains(unit->text(0))) throw Invalid("unit_id", "is not a unit in your scope");
      auth::Scope within{unit->text(0)};
      sql += " AND u.path >= ? AND u.path < ?";
      params.emplace_back(within.lower());
      params.emplace_back(within.upper());
    }
    if (f.mine) {
      sql += " AND n.user_id = ?";
      params.emplace_back(caller.user_id);
    }
    if (f.to_mark && auth::allowed(caller.role, "support.mark")) {
      sql += " AND n.status = 'submitted' AND n.user_id <> ?";
      params.emplace_back(caller.user_id);
    } else if (f.to_mark) {
      sql += " AND 1 = 0";
    }
    sql += " ORDER BY n.id DESC LIMIT ?";
    params.emplace_back(int64_t{f.limit});
    for (const auto& row : c.query(sql, params)) out.push_back(note_from(row));
  });
  return out;
}

PolicyNote SupportService::create_note(const auth::Principal& caller, const NoteInput& in) {
  auth::require(caller.role, "support.feedback");
  int64_t now = clock::now_ms();
  PolicyNote created;
  database_.write([&](db::Connection& c) {
    if (in.account_id && !account_in_scope(c, caller, *in.account_id)) throw NotFound("no such account");
    auto id = c.query_one(
                   "INSERT INTO policy_notes (user_id, unit_id, title, body, account_id, status, version, created_at, "
                   "updated_at) VALUES (?, ?, ?, ?, ?, 'submitted', 1, ?, ?) RETURNING id",
                   {caller.user_id, caller.org_unit_id, in.title, in.body, db::nullable(in.account_id), now, now})
                  ->integer(0);
    created = *find_note(c, caller, id);
    audit::record(c, {caller.user_id, "create", "policy_note", id, std::nullopt,
                      json{{"title", in.title}, {"account_id", in.account_id ? json(*in.account_id) : json()}}.dump()});
  });
  return created;
}

PolicyNote SupportService::mark_note(const auth::Principal& caller, int64_t id, int64_t version, bool useful,
                                     const std::optional<std::string>& note) {
  int64_t now = clock::now_ms();
  return write_record(
      database_, caller, {"policy note", "support.read"}, [&](db::Connection& c) { return find_note(c, caller, id); },
      [&](db::Connection& c, PolicyNote& n) {
        if (n.status != "submitted") throw Conflict("the note is marked " + n.status + " already", "support.state");
        if (!can_mark(caller, n))
          throw Forbidden("an area manager or above marks the notes of their scope (never their own)");
        require_version("policy note", n.version, version);
        if (c.execute("UPDATE policy_notes SET status = ?, marked_by = ?, marked_at = ?, mark_note = ?, version = "
                      "version + 1, updated_at = ? WHERE id = ? AND version = ?",
                      {std::string(useful ? "useful" : "not_useful"), caller.user_id, now, db::nullable(note), now, id,
                       version}) != 1)
          throw Conflict("the policy note was changed by someone else", "version_conflict");
        if (useful) {
          auto rules = load_rules(c);
          add_reward(c, n.user_id, n.unit_id, "note", id, std::nullopt, rules.points_per_useful_note, rules, now);
        }
        audit::record(c, {caller.user_id, "mark", "policy_note", id, json{{"status", n.status}}.dump(),
                          json{{"status", useful ? "useful" : "not_useful"}}.dump()});
        return *find_note(c, caller, id);
      });
}

std::vector<Reward> SupportService::rewards(const auth::Principal& caller, const RewardFilter& f) {
  auth::require(caller.role, "support.read");
  std::vector<Reward> out;
  database_.read([&](db::Connection& c) {
    std::string sql =
        "SELECT f.id, f.user_id, p.display_name, pu.name, f.month, f.source, f.source_id, COALESCE(n.title, a.name), "
        "f.opportunity_id, f.points, f.amount_fen, f.created_at FROM feedback_rewards f JOIN org_units u ON u.id = "
        "f.unit_id JOIN users p ON p.id = f.user_id JOIN org_units pu ON pu.id = p.org_unit_id LEFT JOIN policy_notes "
        "n ON f.source = 'note' AND n.id = f.source_id LEFT JOIN registrations r ON f.source = 'registration' AND r.id "
        "= f.source_id LEFT JOIN accounts a ON a.id = r.account_id WHERE u.path >= ? AND u.path < ?";
    db::Params params = {caller.scope.lower(), caller.scope.upper()};
    if (caller.role == auth::Role::sales_rep) {
      sql += " AND f.user_id = ?";
      params.emplace_back(caller.user_id);
    }
    if (f.month) {
      sql += " AND f.month = ?";
      params.emplace_back(*f.month);
    }
    if (f.user_id) {
      sql += " AND f.user_id = ?";
      params.emplace_back(*f.user_id);
    }
    if (f.unit_id) {
      auto unit = c.query_one("SELECT path FROM org_units WHERE id = ?", {*f.unit_id});
      if (!unit || !caller.scope.contains(unit->text(0))) throw Invalid("unit_id", "is not a unit in your scope");
      auth::Scope within{unit->text(0)};
      sql += " AND u.path >= ? AND u.path < ?";
      params.emplace_back(within.lower());
      params.emplace_back(within.upper());
    }
    sql += " ORDER BY f.month DESC, f.id DESC LIMIT ?";
    params.emplace_back(int64_t{f.limit});
    for (const auto& row : c.query(sql, params)) {
      Reward r;
      r.id = row.integer(0);
      r.user_id = row.integer(1);
      r.user_name = row.text(2);
      r.unit_name = row.text(3);
      r.month = row.integer(4);
      r.source = row.text(5);
      r.source_id = row.integer(6);
      r.source_title = row.optional_text(7).value_or("");
      r.opportunity_id = row.optional_integer(8);
      r.points = row.integer(9);
      r.amount_fen = row.integer(10);
      r.created_at = row.integer(11);
      out.push_back(std::move(r));
    }
  });
  return out;
}

void reward_won_registration(db::Connection& c, int64_t opportunity_id, int64_t now_ms) {
  auto row = c.query_one(
      "SELECT o.registration_id, r.registered_by, p.org_unit_id FROM opportunities o JOIN registrations r ON r.id = "
      "o.registration_id JOIN users p ON p.id = r.registered_by WHERE o.id = ?",
      {opportunity_id});
  if (!row) return;
  auto rules = load_rules(c);
  add_reward(c, row->integer(1), row->integer(2), "registration", row->integer(0), opportunity_id,
             rules.points_per_won_registration, rules, now_ms);
}

int64_t count_notes_to_mark(db::Connection& c, const auth::Principal& caller) {
  if (!auth::allowed(caller.role, "support.mark")) return 0;
  return c
      .query_one(
          "SELECT COUNT(*) FROM policy_notes n JOIN org_units u ON u.id = n.unit_id WHERE n.status = "
          "'submitted' AND n.user_id <> ? AND u.path >= ? AND u.path < ?",
          {caller.user_id, caller.scope.lower(), caller.scope.upper()})
      ->integer(0);
}

int64_t count_hq_visits_due(db::Connection& c, const auth::Principal& caller, int64_t now_ms) {
  return c
      .query_one("SELECT COUNT(*) FROM hq_visits WHERE visitor_id = ? AND status = 'planned' AND planned_on <= ?",
                 {caller.user_id, today_in_china(now_ms)})
      ->integer(0);
}

}  // namespace fleetkam::support
