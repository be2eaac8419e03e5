#include "modules/events/service.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "modules/org/store.h"
#include "platform/audit/audit.h"
#include "platform/auth/roles.h"
#include "platform/calendar/calendar.h"
#include "platform/clock.h"
#include "platform/errors.h"
#include "platform/record_write.h"

namespace fleetkam::events {

const std::vector<std::string>& kinds() {
  static const std::vector<std::string> list = {"exhibition", "promotion"};
  return list;
}

const std::vector<std::string>& statuses() {
  static const std::vector<std::string> list = {"planned", "held", "cancelled"};
  return list;
}

const std::vector<std::string>& responses() {
  static const std::vector<std::string> list = {"pending", "accepted", "declined"};
  return list;
}

namespace {

using json = nlohmann::json;

// the buying roles in the order the planning document advises inviting them
const std::vector<std::string> kRoleOrder = {"decision_maker", "decision_layer", "evaluator",
                                             "user",           "operator",       "finance"};
constexpr size_t kMaxInvite = 200;

// Columns: 0 id, 1 kind, 2 title, 3 unit_id, 4 its name, 5 its kind, 6 its path, 7 created_by,
// 8 its name, 9 starts_on, 10 ends_on, 11 place, 12 budget_fen, 13 cost_fen, 14 vehicles,
// 15 description, 16 status, 17 version, 18 created_at, 19 updated_at
constexpr const char* kSelect =
    "SELECT e.id, e.kind, e.title, e.unit_id, u.name, u.kind, u.path, e.created_by, p.display_name, e.starts_on, "
    "e.ends_on, e.place, e.budget_fen, e.cost_fen, e.vehicles, e.description, e.status, e.version, e.created_at, "
    "e.updated_at FROM events e JOIN org_units u ON u.id = e.unit_id JOIN users p ON p.id = e.created_by";
// what the caller sees: an event of a unit in their scope, or of a unit above theirs
constexpr const char* kVisible = " ((u.path >= ? AND u.path < ?) OR substr(?, 1, length(u.path)) = u.path)";

db::Params visible_params(const auth::Principal& caller) {
  return {caller.scope.lower(), caller.scope.upper(), caller.scope.path};
}

Event event_from(const db::Row& row) {
  Event e;
  e.id = row.integer(0);
  e.kind = row.text(1);
  e.title = row.text(2);
  e.unit_id = row.integer(3);
  e.unit_name = row.text(4);
  e.unit_kind = row.text(5);
  e.unit_path = row.text(6);
  e.created_by = row.integer(7);
  e.created_by_name = row.text(8);
  e.starts_on = row.text(9);
  e.ends_on = row.text(10);
  e.place = row.text(11);
  e.budget_fen = row.integer(12);
  e.cost_fen = row.optional_integer(13);
  auto vehicles = json::parse(row.text(14), nullptr, false);
  if (vehicles.is_array()) {
    for (const auto& v : vehicles)
      if (v.is_string()) e.vehicles.push_back(v.get<std::string>());
  }
  e.description = row.optional_text(15);
  e.status = row.text(16);
  e.version = row.integer(17);
  e.created_at = row.integer(18);
  e.updated_at = row.integer(19);
  return e;
}

std::string today_of(int64_t now) { return calendar::date_text(calendar::china_date(now)); }

// The invitations of an event the caller sees: all of them for its organiser, else those made from
// a unit in the caller's scope.
std::string invitation_scope(const auth::Principal& caller, const Event& e, db::Params& params) {
  if (can_manage(caller, e)) return "";
  params.emplace_back(caller.scope.lower());
  params.emplace_back(caller.scope.upper());
  return " AND iu.path >= ? AND iu.path < ?";
}

void add_counts(db::Connection& c, const auth::Principal& caller, Event& e) {
  db::Params params = {e.id};
  std::string scope = invitation_scope(caller, e, params);
  auto row = c.query_one(
      "SELECT COUNT(*), COALESCE(SUM(CASE WHEN i.response = 'accepted' THEN 1 ELSE 0 END), 0), "
      "COALESCE(SUM(CASE WHEN i.attended_at IS NOT NULL THEN 1 ELSE 0 END), 0) FROM event_invitations i JOIN "
      "org_units iu ON iu.id = i.unit_id WHERE i.event_id = ?" +
          scope,
      params);
  e.invited = row->integer(0);
  e.accepted = row->integer(1);
  e.attended = row->integer(2);
}

std::optional<Event> find(db::Connection& c, const auth::Principal& caller, int64_t id) {
  auto params = visible_params(caller);
  params.emplace(params.begin(), id);
  auto row = c.query_one(std::string(kSelect) + " WHERE e.id = ? AND" + kVisible, params);
  if (!row) return std::nullopt;
  auto e = event_from(*row);
  add_counts(c, caller, e);
  return e;
}

// Columns: 0 id, 1 event_id, 2 contact_id, 3 account_id, 4 contact name, 5 title, 6 phone,
// 7 account name, 8 grade, 9 industry, 10 buying_role, 11 invited_by, 12 its name, 13 unit_id,
// 14 its name, 15 response, 16 responded_at, 17 attended_at, 18 checked in by, 19 version, 20 created_at
constexpr const char* kInvitationSelect =
    "SELECT i.id, i.event_id, i.contact_id, i.account_id, k.name, k.title, k.phone, a.name, a.grade, a.industry, "
    "i.buying_role, i.invited_by, p.display_name, i.unit_id, iu.name, i.response, i.responded_at, i.attended_at, "
    "cb.display_name, i.version, i.created_at FROM event_invitations i JOIN contacts k ON k.id = i.contact_id JOIN "
    "accounts a ON a.id = i.account_id JOIN users p ON p.id = i.invited_by JOIN org_units iu ON iu.id = i.unit_id "
    "LEFT JOIN users cb ON cb.id = i.checked_in_by";

Invitation invitation_from(const db::Row& row) {
  Invitation i;
  i.id = row.integer(0);
  i.event_id = row.integer(1);
  i.contact_id = row.integer(2);
  i.account_id = row.integer(3);
  i.contact_name = row.text(4);
  i.contact_title = row.optional_text(5);
  i.contact_phone = row.optional_text(6);
  i.account_name = row.text(7);
  i.account_grade = row.text(8);
  i.industry = row.text(9);
  i.buying_role = row.text(10);
  i.invited_by = row.integer(11);
  i.invited_by_name = row.text(12);
  i.unit_id = row.integer(13);
  i.unit_name = row.text(14);
  i.response = row.text(15);
  i.responded_at = row.optional_integer(16);
  i.attended_at = row.optional_integer(17);
  i.checked_in_by_name = row.optional_text(18);
  i.version = row.integer(19);
  i.created_at = row.integer(20);
  return i;
}

std::optional<Invitation> find_invitation(db::Connection& c, const auth::Principal& caller, const Event& e,
                                          int64_t id) {
  db::Params params = {id, e.id};
  std::string scope = invitation_scope(caller, e, params);
  auto row = c.query_one(std::string(kInvitationSelect) + " WHERE i.id = ? AND i.event_id = ?" + scope, params);
  if (!row) return std::nullopt;
  return invitation_from(*row);
}

json audit_json(const Event& e) {
  return {{"kind", e.kind},
          {"title", e.title},
          {"unit_id", e.unit_id},
          {"starts_on", e.starts_on},
          {"ends_on", e.ends_on},
          {"place", e.place},
          {"budget_fen", e.budget_fen},
          {"cost_fen", e.cost_fen ? json(*e.cost_fen) : json()},
          {"vehicles", e.vehicles},
          {"description", e.description ? json(*e.description) : json()},
          {"status", e.status}};
}

// The fields checked (422 naming each); the unit must be one the caller manages.
void check_input(db::Connection& c, const auth::Principal& caller, const EventInput& in, const std::string& today,
                 bool creating) {
  std::vector<FieldError> errors;
  auto unit = org::store::find_unit(c, caller.scope, in.unit_id);
  if (!unit || !unit->active) errors.push_back({"unit_id", "is not an active unit in your scope", "invalid_value"});
  auto starts = calendar::parse_date(in.starts_on);
  auto ends = calendar::parse_date(in.ends_on);
  if (!starts) {
    errors.push_back({"starts_on", "must be a day YYYY-MM-DD", "invalid_value"});
  } else if (creating && in.starts_on < today) {
    errors.push_back({"starts_on", "must not be in the past", "invalid_value"});
  } else if (calendar::days_from_civil(*starts) >
             calendar::days_from_civil(calendar::china_date(clock::now_ms())) + 366) {
    errors.push_back({"starts_on", "must be within a year", "invalid_value"});
  }
  if (!ends) {
    errors.push_back({"ends_on", "must be a day YYYY-MM-DD", "invalid_value"});
  } else if (starts && (in.ends_on < in.starts_on ||
                        calendar::days_from_civil(*ends) - calendar::days_from_civil(*starts) > 14)) {
    errors.push_back({"ends_on", "must be the start day or up to 14 days after it", "invalid_value"});
  }
  if (in.vehicles.empty()) errors.push_back({"vehicles", "name at least one vehicle shown", "required"});
  std::set<std::string> seen(in.vehicles.begin(), in.vehicles.end());
  if (seen.size() != in.vehicles.size()) errors.push_back({"vehicles", "lists a vehicle twice", "invalid_value"});
  if (!errors.empty()) throw Invalid(errors);
}

void store_update(db::Connection& c, const Event& e, int64_t now) {
  if (c.execute("UPDATE events SET kind = ?, title = ?, unit_id = ?, starts_on = ?, ends_on = ?, place = ?, "
                "budget_fen = ?, cost_fen = ?, vehicles = ?, description = ?, status = ?, version = version + 1, "
                "updated_at = ? WHERE id = ? AND version = ?",
                {e.kind, e.title, e.unit_id, e.starts_on, e.ends_on, e.place, e.budget_fen, db::nullable(e.cost_fen),
                 json(e.vehicles).dump(), db::nullable(e.description), e.status, now, e.id, e.version}) != 1)
    throw Conflict("the event was changed by someone else", "version_conflict");
}

}  // namespace

bool can_manage(const auth::Principal& caller, const Event& e) {
  return auth::allowed(caller.role, "events.manage") && caller.scope.contains(e.unit_path);
}

Event EventService::create(const auth::Principal& caller, const EventInput& in) {
  auth::require(caller.role, "events.manage");
  int64_t now = clock::now_ms();
  Event created;
  database_.write([&](db::Connection& c) {
    check_input(c, caller, in, today_of(now), true);
    auto id = c.query_one(
                   "INSERT INTO events (kind, title, unit_id, created_by, starts_on, ends_on, place, budget_fen, "
                   "vehicles, description, status, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                   "?, ?, 'planned', 1, ?, ?) RETURNING id",
                   {in.kind, in.title, in.unit_id, caller.user_id, in.starts_on, in.ends_on, in.place, in.budget_fen,
                    json(in.vehicles).dump(), db::nullable(in.description), now, now})
                  ->integer(0);
    created = *find(c, caller, id);
    audit::record(c, {caller.user_id, "create", "event", id, std::nullopt, audit_json(created).dump()});
  });
  return created;
}

Event EventService::get(const auth::Principal& caller, int64_t id) {
  auth::require(caller.role, "events.read");
  std::optional<Event> found;
  database_.read([&](db::Connection& c) { found = find(c, caller, id); });
  if (!found) throw NotFound("no such event");
  return std::move(*found);
}

std::vector<Event> EventService::list(const auth::Principal& caller, const EventFilter& f) {
  auth::require(caller.role, "events.read");
  std::vector<Event> out;
  std::string today = today_of(clock::now_ms());
  database_.read([&](db::Connection& c) {
    std::string sql = std::string(kSelect) + " WHERE" + kVisible;
    db::Params params = visible_params(caller);
    if (!f.statuses.empty()) sql += " AND e.status IN (" + db::placeholders(f.statuses, params) + ")";
    if (f.kind) {
      sql += " AND e.kind = ?";
      params.emplace_back(*f.kind);
    }
    if (f.unit_id) {
      auto unit = org::store::find_unit(c, caller.scope, *f.unit_id);
      if (!unit) throw Invalid("unit_id", "is not a unit in your scope");
      auth::Scope within{unit->path};
      sql += " AND u.path >= ? AND u.path < ?";
      params.emplace_back(within.lower());
      params.emplace_back(within.upper());
    }
    if (f.from) {
      sql += " AND e.starts_on >= ?";
      params.emplace_back(*f.from);
    }
    if (f.to) {
      sql += " AND e.starts_on <= ?";
      params.emplace_back(*f.to);
    }
    if (f.upcoming) {
      sql += " AND e.status = 'planned' AND e.ends_on >= ?";
      params.emplace_back(today);
    }
    if (f.ended) {
      sql += " AND e.status = 'planned' AND e.ends_on < ?";
      params.emplace_back(today);
    }
    if (f.after) {
      sql += " AND (e.starts_on < ? OR (e.starts_on = ? AND e.id < ?))";
      params.emplace_back(f.after->first);
      params.emplace_back(f.after->first);
      params.emplace_back(f.after->second);
    }
    sql += " ORDER BY e.starts_on DESC, e.id DESC LIMIT ?";
    params.emplace_back(int64_t{f.limit});
    for (const auto& row : c.query(sql, params)) out.push_back(event_from(row));
    for (auto& e : out) add_counts(c, caller, e);
  });
  return out;
}

Event EventService::update(const auth::Principal& caller, int64_t id, int64_t version, const EventInput& in) {
  int64_t now = clock::now_ms();
  return write_record(
      database_, caller, {"event", "events.read"}, [&](db::Connection& c) { return find(c, caller, id); },
      [&](db::Connection& c, Event& e) {
        if (!can_manage(caller, e)) throw Forbidden("only the organising unit's managers edit the event");
        if (e.status != "planned") throw Conflict("the event is " + e.status, "event.state");
        require_version("event", e.version, version);
        check_input(c, caller, in, today_of(now), false);
        Event before = e;
        e.kind = in.kind;
        e.title = in.title;
        e.unit_id = in.unit_id;
        e.starts_on = in.starts_on;
        e.ends_on = in.ends_on;
        e.place = in.place;
        e.budget_fen = in.budget_fen;
        e.vehicles = in.vehicles;
        e.description = in.description;
        store_update(c, e, now);
        audit::record(c, {caller.user_id, "update", "event", id, audit_json(before).dump(), audit_json(e).dump()});
        return *find(c, caller, id);
      });
}

Event EventService::hold(const auth::Principal& caller, int64_t id, int64_t version, int64_t cost_fen) {
  int64_t now = clock::now_ms();
  return write_record(
      database_, caller, {"event", "events.read"}, [&](db::Connection& c) { return find(c, caller, id); },
      [&](db::Connection& c, Event& e) {
        if (!can_manage(caller, e)) throw Forbidden("only the organising unit's managers close the event");
        if (e.status != "planned") throw Conflict("the event is " + e.status, "event.state");
        if (e.starts_on > today_of(now)) throw Conflict("the event has not started yet", "event.not_started");
        require_version("event", e.version, version);
        Event before = e;
        e.status = "held";
        e.cost_fen = cost_fen;
        store_update(c, e, now);
        audit::record(c, {caller.user_id, "hold", "event", id, audit_json(before).dump(), audit_json(e).dump()});
        return *find(c, caller, id);
      });
}

Event EventService::cancel(const auth::Principal& caller, int64_t id, int64_t version, const std::string& reason) {
  int64_t now = clock::now_ms();
  return write_record(
      database_, caller, {"event", "events.read"}, [&](db::Connection& c) { return find(c, caller, id); },
      [&](db::Connection& c, Event& e) {
        if (!can_manage(caller, e)) throw Forbidden("only the organising unit's managers cancel the event");
        if (e.status != "planned") throw Conflict("the event is " + e.status, "event.state");
        require_version("event", e.version, version);
        Event before = e;
        e.status = "cancelled";
        store_update(c, e, now);
        auto after = audit_json(e);
        after["reason"] = reason;
        audit::record(c, {caller.user_id, "cancel", "event", id, audit_json(before).dump(), after.dump()});
        return *find(c, caller, id);
      });
}

std::vector<Candidate> EventService::candidates(const auth::Principal& caller, int64_t event_id,
                                                const CandidateFilter& f) {
  auth::require(caller.role, "events.read");
  std::vector<Candidate> out;
  database_.read([&](db::Connection& c) {
    if (!find(c, caller, event_id)) throw NotFound("no such event");
    std::string sql =
        "SELECT k.id, a.id, k.name, k.title, k.buying_role, a.name, a.grade, a.industry FROM contacts k JOIN accounts "
        "a ON a.id = k.account_id JOIN org_units u ON u.id = a.owner_unit_id WHERE k.active = 1 AND a.active = 1 AND "
        "u.path >= ? AND u.path < ? AND NOT EXISTS (SELECT 1 FROM event_invitations i WHERE i.event_id = ? AND "
        "i.contact_id = k.id)";
    db::Params params = {caller.scope.lower(), caller.scope.upper(), event_id};
    auto in_list = [&](const char* column, const std::vector<std::string>& values) {
      if (!values.empty()) sql += std::string(" AND ") + column + " IN (" + db::placeholders(values, params) + ")";
    };
    in_list("a.grade", f.grades);
    in_list("a.industry", f.industries);
    in_list("k.buying_role", f.buying_roles);
    if (f.q) {
      sql += " AND (k.name LIKE ? OR a.name LIKE ?)";
      params.emplace_back("%" + *f.q + "%");
      params.emplace_back("%" + *f.q + "%");
    }
    // decision makers and evaluators first, key accounts first
    sql +=
        " ORDER BY CASE k.buying_role WHEN 'decision_maker' THEN 0 WHEN 'decision_layer' THEN 1 WHEN 'evaluator' "
        "THEN 2 WHEN 'user' THEN 3 WHEN 'operator' THEN 4 ELSE 5 END, CASE a.grade WHEN 'key' THEN 0 WHEN "
        "'secondary' THEN 1 ELSE 2 END, a.name, k.id LIMIT ?";
    params.emplace_back(int64_t{f.limit});
    for (const auto& row : c.query(sql, params)) {
      out.push_back({row.integer(0), row.integer(1), row.text(2), row.optional_text(3), row.text(4), row.text(5),
                     row.text(6), row.text(7)});
    }
  });
  return out;
}

std::vector<Invitation> EventService::invite(const auth::Principal& caller, int64_t event_id,
                                             const std::vector<int64_t>& contacts) {
  if (contacts.empty() || contacts.size() > kMaxInvite)
    throw Invalid("contact_ids", "give 1 to 200 contacts", contacts.empty() ? "required" : "invalid_value");
  int64_t now = clock::now_ms();
  std::vector<Invitation> out;
  database_.write([&](db::Connection& c) {
    auto e = checked_record(find(c, caller, event_id), caller, {"event", "events.invite"});
    if (e.status != "planned") throw Conflict("the event is " + e.status, "event.state");
    if (e.ends_on < today_of(now)) throw Conflict("the event is over", "event.state");
    std::vector<int64_t> made;
    for (auto contact_id : std::set<int64_t>(contacts.begin(), contacts.end())) {
      auto row = c.query_one(
          "SELECT k.account_id, k.buying_role FROM contacts k JOIN accounts a ON a.id = k.account_id JOIN org_units u "
          "ON u.id = a.owner_unit_id WHERE k.id = ? AND k.active = 1 AND u.path >= ? AND u.path < ?",
          {contact_id, caller.scope.lower(), caller.scope.upper()});
      if (!row) throw NotFound("no such contact: " + std::to_string(contact_id));
      if (c.query_one("SELECT 1 FROM event_invitations WHERE event_id = ? AND contact_id = ?", {event_id, contact_id}))
        continue;
      auto id =
          c.query_one(
               "INSERT INTO event_invitations (event_id, contact_id, account_id, buying_role, invited_by, "
               "unit_id, response, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', 1, ?, "
               "?) RETURNING id",
               {event_id, contact_id, row->integer(0), row->text(1), caller.user_id, caller.org_unit_id, now, now})
              ->integer(0);
      made.push_back(id);
    }
    if (!made.empty()) {
      audit::record(c, {caller.user_id, "invite", "event", event_id, std::nullopt,
                        json{{"invitations", made}, {"contacts", contacts}}.dump()});
    }
    for (auto id : made) out.push_back(*find_invitation(c, caller, e, id));
  });
  return out;
}

std::vector<Invitation> EventService::invitations(const auth::Principal& caller, int64_t event_id,
                                                  const InvitationFilter& f) {
  auth::require(caller.role, "events.read");
  std::vector<Invitation> out;
  database_.read([&](db::Connection& c) {
    auto e = find(c, caller, event_id);
    if (!e) throw NotFound("no such event");
    db::Params params = {event_id};
    std::string sql = std::string(kInvitationSelect) + " WHERE i.event_id = ?" + invitation_scope(caller, *e, params);
    if (f.response) {
      sql += " AND i.response = ?";
      params.emplace_back(*f.response);
    }
    if (f.attended) sql += *f.attended ? " AND i.attended_at IS NOT NULL" : " AND i.attended_at IS NULL";
    if (f.q) {
      sql += " AND (k.name LIKE ? OR a.name LIKE ?)";
      params.emplace_back("%" + *f.q + "%");
      params.emplace_back("%" + *f.q + "%");
    }
    sql +=
        " ORDER BY CASE i.buying_role WHEN 'decision_maker' THEN 0 WHEN 'decision_layer' THEN 1 WHEN 'evaluator' "
        "THEN 2 WHEN 'user' THEN 3 WHEN 'operator' THEN 4 ELSE 5 END, a.name, k.name, i.id LIMIT ?";
    params.emplace_back(int64_t{f.limit});
    for (const auto& row : c.query(sql, params)) out.push_back(invitation_from(row));
  });
  return out;
}

Invitation EventService::respond(const auth::Principal& caller, int64_t event_id, int64_t invitation_id,
                                 int64_t version, const std::string& response) {
  int64_t now = clock::now_ms();
  Invitation out;
  database_.write([&](db::Connection& c) {
    auto e = checked_record(find(c, caller, event_id), caller, {"event", "events.read"});
    auto inv = checked_record(find_invitation(c, caller, e, invitation_id), caller, {"invitation", "events.invite"});
    if (e.status != "planned") throw Conflict("the event is " + e.status, "event.state");
    require_version("invitation", inv.version, version);
    if (c.execute("UPDATE event_invitations SET response = ?, responded_at = ?, version = version + 1, updated_at = ? "
                  "WHERE id = ? AND version = ?",
                  {response, now, now, inv.id, inv.version}) != 1)
      throw Conflict("the invitation was changed by someone else", "version_conflict");
    audit::record(c, {caller.user_id, "respond", "event_invitation", inv.id, json{{"response", inv.response}}.dump(),
                      json{{"response", response}}.dump()});
    out = *find_invitation(c, caller, e, inv.id);
  });
  return out;
}

Invitation EventService::check_in(const auth::Principal& caller, int64_t event_id, int64_t invitation_id) {
  int64_t now = clock::now_ms();
  std::string today = today_of(now);
  Invitation out;
  database_.write([&](db::Connection& c) {
    auto e = checked_record(find(c, caller, event_id), caller, {"event", "events.read"});
    auto inv = checked_record(find_invitation(c, caller, e, invitation_id), caller, {"invitation", "events.invite"});
    if (inv.attended_at) {  // twice is one attendance
      out = inv;
      return;
    }
    if (e.status == "cancelled") throw Conflict("the event is cancelled", "event.state");
    if (today < e.starts_on || today > e.ends_on)
      throw Conflict("guests are checked in on the event's days (" + e.starts_on + " to " + e.ends_on + ")",
                     "event.not_open");
    // the UPDATE only takes a guest not yet checked in: of two phones at the door, one writes
    if (c.execute("UPDATE event_invitations SET attended_at = ?, checked_in_by = ?, response = CASE WHEN response = "
                  "'declined' THEN response ELSE 'accepted' END, version = version + 1, updated_at = ? WHERE id = ? "
                  "AND attended_at IS NULL",
                  {now, caller.user_id, now, inv.id}) == 1) {
      audit::record(c, {caller.user_id, "check_in", "event_invitation", inv.id, std::nullopt,
                        json{{"attended_at", clock::format_rfc3339(now)}}.dump()});
    }
    out = *find_invitation(c, caller, e, inv.id);
  });
  return out;
}

Results EventService::results(const auth::Principal& caller, int64_t event_id) {
  auth::require(caller.role, "events.read");
  Results r;
  for (const auto& role : kRoleOrder) r.attended_by_role[role] = 0;
  database_.read([&](db::Connection& c) {
    auto e = find(c, caller, event_id);
    if (!e) throw NotFound("no such event");
    db::Params params = {event_id};
    std::string scope = invitation_scope(caller, *e, params);
    for (const auto& row :
         c.query("SELECT i.buying_role, COUNT(*), SUM(CASE WHEN i.response = 'accepted' THEN 1 ELSE 0 END), SUM(CASE "
                 "WHEN i.response = 'declined' THEN 1 ELSE 0 END), SUM(CASE WHEN i.attended_at IS NOT NULL THEN 1 ELSE "
                 "0 END) FROM event_invitations i JOIN org_units iu ON iu.id = i.unit_id WHERE i.event_id = ?" +
                     scope + " GROUP BY i.buying_role",
                 params)) {
      r.invited += row.integer(1);
      r.accepted += row.integer(2);
      r.declined += row.integer(3);
      r.attended += row.integer(4);
      r.attended_by_role[row.text(0)] += row.integer(4);
    }
    // the leads: registrations with the event as their source, in the caller's scope (all for the
    // organiser), the opportunities made of them and what they won and delivered
    db::Params lead_params = {event_id};
    std::string lead_scope;
    if (!can_manage(caller, *e)) {
      lead_scope = " AND d.path >= ? AND d.path < ?";
      lead_params.emplace_back(caller.scope.lower());
      lead_params.emplace_back(caller.scope.upper());
    }
    auto leads = c.query_one(
        "SELECT COUNT(DISTINCT r.id), COUNT(o.id), COALESCE(SUM(CASE WHEN o.stage = 'won' THEN 1 ELSE 0 END), 0), "
        "COALESCE(SUM(CASE WHEN o.stage = 'won' THEN o.won_units ELSE 0 END), 0), COALESCE(SUM(CASE WHEN o.stage = "
        "'won' THEN o.delivered_units ELSE 0 END), 0) FROM registrations r JOIN org_units d ON d.id = "
        "r.dealer_unit_id LEFT JOIN opportunities o ON o.registration_id = r.id WHERE r.event_id = ?" +
            lead_scope,
        lead_params);
    r.registrations = leads->integer(0);
    r.opportunities = leads->integer(1);
    r.won_opportunities = leads->integer(2);
    r.units_won = leads->integer(3);
    r.units_delivered = leads->integer(4);
    r.cost_is_budget = !e->cost_fen.has_value();
    r.cost_fen = e->cost_fen.value_or(e->budget_fen);
    if (r.units_won > 0) r.cost_per_unit_won_fen = (r.cost_fen + r.units_won / 2) / r.units_won;
  });
  return r;
}

void require_source_event(db::Connection& c, const auth::Principal& caller, int64_t event_id) {
  auto e = find(c, caller, event_id);
  if (!e) throw Invalid("event_id", "is not an event you see");
  if (e->status == "cancelled") throw Invalid("event_id", "is a cancelled event");
}

int64_t count_to_close(db::Connection& c, const auth::Principal& caller, int64_t now) {
  if (!auth::allowed(caller.role, "events.manage")) return 0;
  return c
      .query_one(
          "SELECT COUNT(*) FROM events e JOIN org_units u ON u.id = e.unit_id WHERE u.path >= ? AND u.path < ? "
          "AND e.status = 'planned' AND e.ends_on < ?",
          {caller.scope.lower(), caller.scope.upper(), today_of(now)})
      ->integer(0);
}

std::vector<notifications::Reminder> reminders(db::Connection& c, int64_t now_ms) {
  std::string today = today_of(now_ms);
  auto tomorrow =
      calendar::date_text(calendar::civil_from_days(calendar::days_from_civil(calendar::china_date(now_ms)) + 1));
  static const std::map<std::string, std::string> kind_names = {{"exhibition", "展销会"}, {"promotion", "推广会"}};
  std::vector<notifications::Reminder> out;
  // tomorrow or today: to the organiser and everyone who invited guests
  for (const auto& row : c.query(
           "SELECT e.id, e.kind, e.title, e.starts_on, e.place, p.id FROM events e JOIN users p ON p.active = 1 AND "
           "(p.id = e.created_by OR p.id IN (SELECT i.invited_by FROM event_invitations i WHERE i.event_id = e.id)) "
           "WHERE e.status = 'planned' AND e.starts_on IN (?, ?) ORDER BY e.id, p.id",
           {today, tomorrow})) {
    bool is_today = row.text(3) == today;
    out.push_back({row.integer(5), "event_soon",
                   fmt::format("event:{}:{}", row.integer(0), is_today ? "today" : "tomorrow"),
                   fmt::format("{}{}举行：{}", kind_names.at(row.text(1)), is_today ? "今天" : "明天", row.text(2)),
                   fmt::format("地点：{}。请到场签到。", row.text(4)), fmt::format("/events/{}", row.integer(0))});
  }
  // ended, still planned: to the organiser, to record the cost and close it
  for (const auto& row :
       c.query("SELECT e.id, e.kind, e.title, e.created_by FROM events e JOIN users p ON p.id = e.created_by AND "
               "p.active = 1 WHERE e.status = 'planned' AND e.ends_on < ? ORDER BY e.id",
               {today})) {
    out.push_back({row.integer(3), "event_to_close", fmt::format("event:{}:close", row.integer(0)),
                   fmt::format("{}已结束，请登记实际费用：{}", kind_names.at(row.text(1)), row.text(2)), "",
                   fmt::format("/events/{}", row.integer(0))});
  }
  return out;
}

}  // namespace fleetkam::events
