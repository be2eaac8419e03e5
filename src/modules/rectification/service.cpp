#include "modules/rectification/service.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "modules/org/store.h"
#include "modules/rectification/rules.h"
#include "platform/audit/audit.h"
#include "platform/auth/roles.h"
#include "platform/calendar/calendar.h"
#include "platform/clock.h"
#include "platform/errors.h"
#include "platform/record_write.h"

namespace fleetkam::rectification {

const std::vector<std::string>& statuses() {
  static const std::vector<std::string> list = {"open", "responded", "closed", "cancelled"};
  return list;
}

const std::vector<std::string>& evidence_kinds() {
  static const std::vector<std::string> list = {"report", "assessment", "account", "opportunity"};
  return list;
}

namespace {

using json = nlohmann::json;

// Columns: 0 id, 1 raised_by, 2 its name, 3 raiser_unit_id, 4 its name, 5 its path, 6 recipient_unit_id,
// 7 its name, 8 its kind, 9 recipient_user_id, 10 its name, 11 title, 12 finding, 13 requirement,
// 14 due_date, 15 evidence_kind, 16 evidence_ref, 17 evidence_label, 18 status, 19 response,
// 20 responded_at, 21 responded_by, 22 its name, 23 rounds, 24 closed_at, 25 version, 26 created_at,
// 27 updated_at
constexpr const char* kSelect =
    "SELECT r.id, r.raised_by, rb.display_name, r.raiser_unit_id, ru.name, ru.path, r.recipient_unit_id, u.name, "
    "u.kind, r.recipient_user_id, rp.display_name, r.title, r.finding, r.requirement, r.due_date, r.evidence_kind, "
    "r.evidence_ref, r.evidence_label, r.status, r.response, r.responded_at, r.responded_by, rs.display_name, "
    "r.rounds, r.closed_at, r.version, r.created_at, r.updated_at FROM rectifications r JOIN users rb ON rb.id = "
    "r.raised_by JOIN org_units ru ON ru.id = r.raiser_unit_id JOIN org_units u ON u.id = r.recipient_unit_id "
    "LEFT JOIN users rp ON rp.id = r.recipient_user_id LEFT JOIN users rs ON rs.id = r.responded_by";
constexpr const char* kFrom =
    " FROM rectifications r JOIN org_units ru ON ru.id = r.raiser_unit_id JOIN org_units u ON u.id = "
    "r.recipient_unit_id";
// what the caller sees: an order they raised, or whose recipient or raiser unit lies in their scope
constexpr const char* kVisible = " (r.raised_by = ? OR (u.path >= ? AND u.path < ?) OR (ru.path >= ? AND ru.path < ?))";

db::Params visible_params(const auth::Principal& caller) {
  return {caller.user_id, caller.scope.lower(), caller.scope.upper(), caller.scope.lower(), caller.scope.upper()};
}

Order from_row(const db::Row& row) {
  Order o;
  o.id = row.integer(0);
  o.raised_by = row.integer(1);
  o.raised_by_name = row.text(2);
  o.raiser_unit_id = row.integer(3);
  o.raiser_unit_name = row.text(4);
  o.raiser_unit_path = row.text(5);
  o.recipient_unit_id = row.integer(6);
  o.recipient_unit_name = row.text(7);
  o.recipient_unit_kind = row.text(8);
  o.recipient_user_id = row.optional_integer(9);
  o.recipient_user_name = row.optional_text(10);
  o.title = row.text(11);
  o.finding = row.text(12);
  o.requirement = row.text(13);
  o.due_date = row.text(14);
  o.evidence_kind = row.optional_text(15);
  o.evidence_ref = row.optional_text(16);
  o.evidence_label = row.optional_text(17);
  o.status = row.text(18);
  o.response = row.optional_text(19);
  o.responded_at = row.optional_integer(20);
  o.responded_by = row.optional_integer(21);
  o.responded_by_name = row.optional_text(22);
  o.rounds = row.integer(23);
  o.closed_at = row.optional_integer(24);
  o.version = row.integer(25);
  o.created_at = row.integer(26);
  o.updated_at = row.integer(27);
  return o;
}

std::string today_of(int64_t now) { return calendar::date_text(calendar::china_date(now)); }

std::optional<Order> find(db::Connection& c, const auth::Principal& caller, int64_t id) {
  auto params = visible_params(caller);
  params.emplace(params.begin(), id);
  auto row = c.query_one(std::string(kSelect) + " WHERE r.id = ? AND" + kVisible, params);
  if (!row) return std::nullopt;
  auto order = from_row(*row);
  for (const auto& e : c.query("SELECT e.action, e.user_id, p.display_name, e.note, e.at FROM rectification_events e "
                               "JOIN users p ON p.id = e.user_id WHERE e.rectification_id = ? ORDER BY e.id",
                               {id})) {
    order.events.push_back({e.text(0), e.integer(1), e.text(2), e.optional_text(3), e.integer(4)});
  }
  return order;
}

bool is_unit_manager(auth::Role role) { return role == auth::Role::area_manager || role == auth::Role::dealer_manager; }

// The condition (and its parameters) of the orders the caller is to answer.
std::string to_answer_condition(const auth::Principal& caller, db::Params& params) {
  params.emplace_back(caller.org_unit_id);
  params.emplace_back(caller.user_id);
  params.emplace_back(int64_t{is_unit_manager(caller.role) ? 1 : 0});
  return " AND r.recipient_unit_id = ? AND (r.recipient_user_id = ? OR (r.recipient_user_id IS NULL AND ? = 1))";
}

std::string to_verify_condition(const auth::Principal& caller, db::Params& params) {
  params.emplace_back(caller.scope.lower());
  params.emplace_back(caller.scope.upper());
  return " AND r.status = 'responded' AND ru.path >= ? AND ru.path < ?";
}

// The label of the evidence `kind`/`ref` when the caller's scope holds it; 422 otherwise.
std::string evidence_label(db::Connection& c, const auth::Principal& caller, const std::string& kind,
                           const std::string& ref) {
  auto outside = [&](const std::string& what) { return Invalid("evidence_ref", "is not " + what + " in your scope"); };
  auto id_of = [&](const std::string& text) -> int64_t {
    if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
      throw Invalid("evidence_ref", "must be the record's id");
    return std::stoll(text);
  };
  db::Params scope = {caller.scope.lower(), caller.scope.upper()};
  if (kind == "report") {
    auto id = id_of(ref);
    auto row = c.query_one(
        "SELECT r.kind, r.period, p.display_name, r.submitted_at, r.due_at FROM reports r JOIN users p ON p.id = "
        "r.user_id JOIN org_units u ON u.id = r.unit_id WHERE r.id = ? AND u.path >= ? AND u.path < ?",
        {id, scope[0], scope[1]});
    if (!row) throw outside("a report");
    static const std::map<std::string, std::string> names = {{"weekly_tracking", "重点大客户关系维系跟踪表"},
                                                             {"monthly_stats", "大客户统计表"},
                                                             {"monthly_summary", "月度工作总结表"}};
    auto submitted = row->optional_integer(3);
    std::string state = !submitted ? "未提交" : (*submitted > row->integer(4) ? "迟交" : "按时提交");
    return fmt::format("{} {} · {}（{}）", names.at(row->text(0)), row->text(1), row->text(2), state);
  }
  if (kind == "assessment") {
    auto slash = ref.find('/');
    std::string month = slash == std::string::npos ? "" : ref.substr(0, slash);
    if (month.size() != 7 || !calendar::parse_date(month + "-01"))
      throw Invalid("evidence_ref", "must be YYYY-MM/<user id>");
    auto user = id_of(ref.substr(slash + 1));
    auto row = c.query_one(
        "SELECT p.display_name, a.total FROM users p JOIN org_units u ON u.id = p.org_unit_id LEFT JOIN "
        "assessment_results a ON a.month = ? AND a.user_id = p.id WHERE p.id = ? AND u.path >= ? AND u.path < ?",
        {month, user, scope[0], scope[1]});
    if (!row) throw outside("a person");
    auto total = row->is_null(1) ? std::nullopt : std::optional<double>(row->real(1));
    return total ? fmt::format("{} 月度考核 · {}（总分 {:.1f}）", month, row->text(0), *total)
                 : fmt::format("{} 月度考核 · {}", month, row->text(0));
  }
  if (kind == "account") {
    auto row = c.query_one(
        "SELECT a.name FROM accounts a JOIN org_units u ON u.id = a.owner_unit_id WHERE a.id = ? AND u.path >= ? AND "
        "u.path < ?",
        {id_of(ref), scope[0], scope[1]});
    if (!row) throw outside("an account");
    return row->text(0);
  }
  auto row = c.query_one(
      "SELECT o.title, a.name FROM opportunities o JOIN accounts a ON a.id = o.account_id JOIN org_units u ON u.id = "
      "o.owner_unit_id WHERE o.id = ? AND u.path >= ? AND u.path < ?",
      {id_of(ref), scope[0], scope[1]});
  if (!row) throw outside("an opportunity");
  return fmt::format("{}（{}）", row->text(0), row->text(1));
}

json audit_json(const Order& o) {
  return {{"recipient_unit_id", o.recipient_unit_id},
          {"recipient_user_id", o.recipient_user_id ? json(*o.recipient_user_id) : json()},
          {"title", o.title},
          {"finding", o.finding},
          {"requirement", o.requirement},
          {"due_date", o.due_date},
          {"evidence_kind", o.evidence_kind ? json(*o.evidence_kind) : json()},
          {"evidence_ref", o.evidence_ref ? json(*o.evidence_ref) : json()},
          {"status", o.status},
          {"response", o.response ? json(*o.response) : json()},
          {"rounds", o.rounds}};
}

void add_event(db::Connection& c, int64_t id, const std::string& action, int64_t user_id,
               const std::optional<std::string>& note, int64_t now) {
  c.execute("INSERT INTO rectification_events (rectification_id, action, user_id, note, at) VALUES (?, ?, ?, ?, ?)",
            {id, action, user_id, db::nullable(note), now});
}

bool store_update(db::Connection& c, const Order& o, int64_t now) {
  return c.execute(
             "UPDATE rectifications SET status = ?, response = ?, responded_at = ?, responded_by = ?, rounds = ?, "
             "closed_at = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
             {o.status, db::nullable(o.response), db::nullable(o.responded_at), db::nullable(o.responded_by), o.rounds,
              db::nullable(o.closed_at), now, o.id, o.version}) == 1;
}

bool blank(const std::string& text) { return text.find_first_not_of(" \t\r\n") == std::string::npos; }

}  // namespace

bool can_answer(const auth::Principal& caller, const Order& o) {
  if (!auth::allowed(caller.role, "rectification.respond") || caller.org_unit_id != o.recipient_unit_id) return false;
  return o.recipient_user_id ? *o.recipient_user_id == caller.user_id : is_unit_manager(caller.role);
}

bool can_verify(const auth::Principal& caller, const Order& o) {
  return auth::allowed(caller.role, "rectification.raise") && caller.scope.contains(o.raiser_unit_path);
}

Order RectificationService::raise(const auth::Principal& caller, const OrderInput& in) {
  auth::require(caller.role, "rectification.raise");
  int64_t now = clock::now_ms();
  std::string today = today_of(now);
  Order created;
  database_.write([&](db::Connection& c) {
    std::vector<FieldError> errors;
    auto unit = org::store::find_unit(c, caller.scope, in.recipient_unit_id);
    if (!unit || !unit->active) {
      errors.push_back({"recipient_unit_id", "is not an active unit in your scope", "invalid_value"});
    } else if (unit->kind != "province" && unit->kind != "dealer") {
      errors.push_back({"recipient_unit_id", "must be a province (its area manager) or a dealer", "invalid_value"});
    }
    if (in.recipient_user_id && unit) {
      auto user = org::store::find_user(c, caller.scope, *in.recipient_user_id);
      if (!user || !user->active || user->org_unit_id != unit->id ||
          !auth::allowed(auth::parse_role(user->role).value_or(auth::Role::admin), "rectification.respond")) {
        errors.push_back({"recipient_user_id",
                          "must be an active area manager, dealer manager or sales rep of the "
                          "recipient unit",
                          "invalid_value"});
      }
    }
    if (auto problem = due_problem(in.due_date, today)) errors.push_back({"due_date", *problem, "invalid_value"});
    std::optional<std::string> label;
    if (in.evidence_kind) {
      try {
        label = evidence_label(c, caller, *in.evidence_kind, in.evidence_ref.value_or(""));
      } catch (const Invalid& e) {
        errors.insert(errors.end(), e.errors().begin(), e.errors().end());
      }
    }
    if (!errors.empty()) throw Invalid(errors);
    auto id = c.query_one(
                   "INSERT INTO rectifications (raised_by, raiser_unit_id, recipient_unit_id, recipient_user_id, "
                   "title, finding, requirement, due_date, evidence_kind, evidence_ref, evidence_label, status, "
                   "rounds, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', 0, 1, "
                   "?, ?) RETURNING id",
                   {caller.user_id, caller.org_unit_id, in.recipient_unit_id, db::nullable(in.recipient_user_id),
                    in.title, in.finding, in.requirement, in.due_date, db::nullable(in.evidence_kind),
                    db::nullable(in.evidence_ref), db::nullable(label), now, now})
                  ->integer(0);
    add_event(c, id, "raised", caller.user_id, std::nullopt, now);
    created = *find(c, caller, id);
    audit::record(c, {caller.user_id, "create", "rectification", id, std::nullopt, audit_json(created).dump()});
  });
  return created;
}

Order RectificationService::get(const auth::Principal& caller, int64_t id) {
  auth::require(caller.role, "rectification.read");
  std::optional<Order> found;
  database_.read([&](db::Connection& c) { found = find(c, caller, id); });
  if (!found) throw NotFound("no such rectification order");
  return std::move(*found);
}

std::vector<Order> RectificationService::list(const auth::Principal& caller, const OrderFilter& f) {
  auth::require(caller.role, "rectification.read");
  std::vector<Order> out;
  if (f.box == "to_answer" && !auth::allowed(caller.role, "rectification.respond")) return out;
  if (f.box == "to_verify" && !auth::allowed(caller.role, "rectification.raise")) return out;
  int64_t now = clock::now_ms();
  database_.read([&](db::Connection& c) {
    std::string sql = std::string(kSelect) + " WHERE" + kVisible;
    db::Params params = visible_params(caller);
    if (f.box == "to_answer") sql += to_answer_condition(caller, params);
    if (f.box == "to_verify") sql += to_verify_condition(caller, params);
    if (f.box == "raised") {
      sql += " AND r.raised_by = ?";
      params.emplace_back(caller.user_id);
    }
    if (!f.statuses.empty()) sql += " AND r.status IN (" + db::placeholders(f.statuses, params) + ")";
    if (f.overdue) {
      sql += " AND r.status = 'open' AND r.due_date < ?";
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
    if (f.evidence_kind) {
      sql += " AND r.evidence_kind = ? AND r.evidence_ref = ?";
      params.emplace_back(*f.evidence_kind);
      params.emplace_back(f.evidence_ref.value_or(""));
    }
    if (f.after) {
      sql += " AND (r.due_date > ? OR (r.due_date = ? AND r.id > ?))";
      params.emplace_back(f.after->first);
      params.emplace_back(f.after->first);
      params.emplace_back(f.after->second);
    }
    sql += " ORDER BY r.due_date, r.id LIMIT ?";
    params.emplace_back(int64_t{f.limit});
    for (const auto& row : c.query(sql, params)) out.push_back(from_row(row));
  });
  return out;
}

Order RectificationService::respond(const auth::Principal& caller, int64_t id, int64_t version,
                                    const std::string& response) {
  int64_t now = clock::now_ms();
  return write_record(
      database_, caller, {"rectification order", "rectification.read"},
      [&](db::Connection& c) { return find(c, caller, id); },
      [&](db::Connection& c, Order& o) {
        if (!can_answer(caller, o))
          throw Forbidden("only the order's recipient answers it", "rectification.not_recipient");
        auto next = next_status(o.status, "respond");
        if (!next) throw Conflict("the order is " + o.status + ", not waiting for an answer", "rectification.state");
        require_version("rectification order", o.version, version);
        Order before = o;
        o.status = *next;
        o.response = response;
        o.responded_at = now;
        o.responded_by = caller.user_id;
        if (!store_update(c, o, now)) throw Conflict("the order was changed by someone else", "version_conflict");
        add_event(c, o.id, "responded", caller.user_id, response, now);
        audit::record(
            c, {caller.user_id, "respond", "rectification", o.id, audit_json(before).dump(), audit_json(o).dump()});
        return *find(c, caller, id);
      });
}

Order RectificationService::verify(const auth::Principal& caller, int64_t id, int64_t version,
                                   const std::string& action, const std::optional<std::string>& note) {
  int64_t now = clock::now_ms();
  if (action == "send_back" && (!note || blank(*note)))
    throw Invalid("note", "is required: say what is still missing", "required");
  return write_record(
      database_, caller, {"rectification order", "rectification.read"},
      [&](db::Connection& c) { return find(c, caller, id); },
      [&](db::Connection& c, Order& o) {
        if (!can_verify(caller, o))
          throw Forbidden("only the raiser (or HQ above them) verifies the order", "rectification.not_verifier");
        auto next = next_status(o.status, action);
        if (!next) throw Conflict("the order is " + o.status + ", not waiting for verification", "rectification.state");
        require_version("rectification order", o.version, version);
        Order before = o;
        o.status = *next;
        if (action == "close") o.closed_at = now;
        if (action == "send_back") ++o.rounds;
        if (!store_update(c, o, now)) throw Conflict("the order was changed by someone else", "version_conflict");
        add_event(c, o.id, action == "close" ? "closed" : "sent_back", caller.user_id, note, now);
        audit::record(c,
                      {caller.user_id, action, "rectification", o.id, audit_json(before).dump(), audit_json(o).dump()});
        return *find(c, caller, id);
      });
}

Order RectificationService::cancel(const auth::Principal& caller, int64_t id, int64_t version,
                                   const std::string& reason) {
  int64_t now = clock::now_ms();
  return write_record(
      database_, caller, {"rectification order", "rectification.read"},
      [&](db::Connection& c) { return find(c, caller, id); },
      [&](db::Connection& c, Order& o) {
        if (!can_verify(caller, o))
          throw Forbidden("only the raiser (or HQ above them) withdraws the order", "rectification.not_verifier");
        auto next = next_status(o.status, "cancel");
        if (!next) throw Conflict("the order is " + o.status + " already", "rectification.state");
        require_version("rectification order", o.version, version);
        Order before = o;
        o.status = *next;
        o.closed_at = now;
        if (!store_update(c, o, now)) throw Conflict("the order was changed by someone else", "version_conflict");
        add_event(c, o.id, "cancelled", caller.user_id, reason, now);
        audit::record(
            c, {caller.user_id, "cancel", "rectification", o.id, audit_json(before).dump(), audit_json(o).dump()});
        return *find(c, caller, id);
      });
}

Summary RectificationService::summary(const auth::Principal& caller, std::optional<int64_t> unit_id) {
  auth::require(caller.role, "rectification.read");
  std::string today = today_of(clock::now_ms());
  Summary out;
  database_.read([&](db::Connection& c) {
    std::string sql = std::string(
                          "SELECT u.path, r.status, CASE WHEN r.status = 'open' AND r.due_date < ? THEN 1 "
                          "ELSE 0 END, COUNT(*)") +
                      kFrom + " WHERE" + kVisible;
    db::Params params = visible_params(caller);
    params.emplace(params.begin(), today);
    org::OrgUnit root;
    if (unit_id) {
      auto unit = org::store::find_unit(c, caller.scope, *unit_id);
      if (!unit) throw NotFound("no such unit");
      root = *unit;
      auth::Scope within{unit->path};
      sql += " AND u.path >= ? AND u.path < ?";
      params.emplace_back(within.lower());
      params.emplace_back(within.upper());
    } else {
      root = *org::store::find_unit_unscoped(c, caller.org_unit_id);
    }
    sql += " GROUP BY 1, 2, 3";  // by position: PostgreSQL would not match the CASE's two parameters
    org::UnitFilter children;
    children.parent_id = root.id;
    children.limit = 1000;
    std::vector<std::string> paths;
    for (const auto& child : org::store::list_units(c, caller.scope, children)) {
      out.units.push_back({child.id, child.name, child.kind, 0, 0, 0, 0});
      paths.push_back(child.path);
    }
    for (const auto& row : c.query(sql, params)) {
      const auto& path = row.text(0);
      const auto& status = row.text(1);
      bool late = row.integer(2) == 1;
      int64_t n = row.integer(3);
      auto add = [&](int64_t& open, int64_t& overdue, int64_t& responded, int64_t& closed, int64_t* cancelled) {
        if (status == "open") open += n;
        if (late) overdue += n;
        if (status == "responded") responded += n;
        if (status == "closed") closed += n;
        if (status == "cancelled" && cancelled) *cancelled += n;
      };
      add(out.open, out.overdue, out.responded, out.closed, &out.cancelled);
      for (size_t i = 0; i < out.units.size(); ++i) {
        if (path.rfind(paths[i], 0) == 0) {
          auto& u = out.units[i];
          add(u.open, u.overdue, u.responded, u.closed, nullptr);
        }
      }
    }
  });
  return out;
}

int64_t count_to_answer(db::Connection& c, const auth::Principal& caller) {
  if (!auth::allowed(caller.role, "rectification.respond")) return 0;
  db::Params params = visible_params(caller);
  std::string sql = std::string("SELECT COUNT(*)") + kFrom + " WHERE" + kVisible + to_answer_condition(caller, params) +
                    " AND r.status = 'open'";
  return c.query_one(sql, params)->integer(0);
}

int64_t count_to_verify(db::Connection& c, const auth::Principal& caller) {
  if (!auth::allowed(caller.role, "rectification.raise")) return 0;
  db::Params params = visible_params(caller);
  std::string sql = std::string("SELECT COUNT(*)") + kFrom + " WHERE" + kVisible + to_verify_condition(caller, params);
  return c.query_one(sql, params)->integer(0);
}

int64_t count_overdue(db::Connection& c, const auth::Principal& caller, int64_t now) {
  db::Params params = visible_params(caller);
  params.emplace_back(today_of(now));
  std::string sql =
      std::string("SELECT COUNT(*)") + kFrom + " WHERE" + kVisible + " AND r.status = 'open' AND r.due_date < ?";
  return c.query_one(sql, params)->integer(0);
}

std::vector<notifications::Reminder> reminders(db::Connection& c, int64_t now_ms) {
  std::string today = today_of(now_ms);
  auto tomorrow =
      calendar::date_text(calendar::civil_from_days(calendar::days_from_civil(calendar::china_date(now_ms)) + 1));
  std::vector<notifications::Reminder> out;
  // orders waiting for their answer, to each recipient: the named person, or the unit's managers
  for (const auto& row :
       c.query("SELECT r.id, r.due_date, r.rounds, r.title, p.id, r.raised_by FROM rectifications r JOIN users p ON "
               "p.active = 1 AND ((r.recipient_user_id IS NOT NULL AND p.id = r.recipient_user_id) OR "
               "(r.recipient_user_id IS NULL AND p.org_unit_id = r.recipient_unit_id AND p.role IN ('area_manager', "
               "'dealer_manager'))) WHERE r.status = 'open' ORDER BY r.id, p.id")) {
    auto id = row.integer(0);
    const auto& due = row.text(1);
    auto rounds = row.integer(2);
    const auto& title = row.text(3);
    std::string link = fmt::format("/rectifications/{}", id);
    out.push_back(
        {row.integer(4), "rectification_open", fmt::format("rectification:{}:open:{}", id, rounds),
         rounds == 0 ? fmt::format("新的整改要求：{}", title) : fmt::format("整改被退回，请重新回复：{}", title),
         fmt::format("请于{}前回复整改情况", due), link});
    if (due < today) {
      out.push_back({row.integer(4), "rectification_overdue", fmt::format("rectification:{}:overdue:{}", id, due),
                     fmt::format("整改已逾期（应于{}前回复）：{}", due, title), "", link});
    } else if (due == today || due == tomorrow) {
      out.push_back({row.integer(4), "rectification_due", fmt::format("rectification:{}:due:{}", id, due),
                     fmt::format("整改将于{}到期：{}", due == today ? "今天" : "明天", title), "", link});
    }
  }
  // overdue ones also to their raiser (once per order and due day)
  for (const auto& row :
       c.query("SELECT r.id, r.due_date, r.title, r.raised_by, u.name FROM rectifications r JOIN org_units u ON u.id "
               "= r.recipient_unit_id WHERE r.status = 'open' AND r.due_date < ? ORDER BY r.id",
               {today})) {
    out.push_back({row.integer(3), "rectification_overdue",
                   fmt::format("rectification:{}:overdue:{}", row.integer(0), row.text(1)),
                   fmt::format("{}的整改已逾期（应于{}前回复）：{}", row.text(4), row.text(1), row.text(2)), "",
                   fmt::format("/rectifications/{}", row.integer(0))});
  }
  // answered, to the raiser to verify
  for (const auto& row :
       c.query("SELECT r.id, r.rounds, r.title, r.raised_by, u.name FROM rectifications r JOIN "
               "org_units u ON u.id = r.recipient_unit_id WHERE r.status = 'responded' ORDER BY r.id")) {
    out.push_back({row.integer(3), "rectification_responded",
                   fmt::format("rectification:{}:responded:{}", row.integer(0), row.integer(1)),
                   fmt::format("{}已回复整改，待核实：{}", row.text(4), row.text(2)), "",
                   fmt::format("/rectifications/{}", row.integer(0))});
  }
  return out;
}

}  // namespace fleetkam::rectification
