// The monthly assessment's scores and close (issue 14): compile → review → approve, reviewer scores
// and adjustments, the scoreboard and one person's evidence.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "modules/assessment/compute.h"
#include "modules/assessment/service.h"
#include "modules/targets/tree.h"
#include "platform/audit/audit.h"
#include "platform/auth/roles.h"
#include "platform/calendar/calendar.h"
#include "platform/clock.h"
#include "platform/errors.h"
#include "platform/http/json_values.h"
#include "platform/sheets/sheets.h"

namespace fleetkam::assessment {
namespace {

using json = nlohmann::json;

constexpr size_t kMaxReason = 500;
const std::array<const char*, kItems> kColumns = {"s_split", "s_monthly_stats", "s_registrations", "s_weekly_tracking",
                                                  "s_monthly_summary"};

calendar::Month parse(const std::string& text) {
  auto m = calendar::parse_month(text);
  if (!m || calendar::month_text(*m) != text) throw NotFound("no such month");
  return *m;
}

// The assessment's deadline: the 2nd of the next month, 24:00 Beijing.
int64_t close_due(const calendar::Month& m) { return calendar::month_end(m) + 2 * kDayMs; }

int64_t month_key(const calendar::Month& m) { return static_cast<int64_t>(m.year) * 100 + m.month; }

struct MonthRow {
  std::string status = "open";
  int64_t version = 0;
  std::optional<int64_t> template_id;
};

MonthRow month_row(db::Connection& c, const std::string& month) {
  MonthRow out;
  if (auto r = c.query_one("SELECT status, version, template_id FROM assessment_months WHERE month = ?", {month})) {
    out.status = r->text(0);
    out.version = r->integer(1);
    out.template_id = r->optional_integer(2);
  }
  return out;
}

// The template a compiled month keeps; an open month's is the one in force for it.
Template template_of_month(db::Connection& c, const std::string& month, const MonthRow& row) {
  if (row.template_id) {
    auto t = c.query_one("SELECT content FROM assessment_templates WHERE id = ?", {*row.template_id});
    std::vector<FieldError> ignored;
    if (t) return template_of(json::parse(t->text(0), nullptr, false), ignored);
  }
  if (row.status != "open" && !row.template_id) return default_template();
  return effective_template(c, month).first;
}

json score_or_null(const std::optional<double>& v) { return v ? json(*v) : json(); }

std::optional<double> optional_real(const db::Row& r, size_t i) {
  if (r.is_null(i)) return std::nullopt;
  return r.real(i);
}

int64_t version_of(const json& body) {
  auto v = body.find("version");
  if (v == body.end()) throw Invalid("version", "is required", "required");
  if (!v->is_number_integer()) throw Invalid("version", "must be the version you read", "wrong_type");
  return v->get<int64_t>();
}

std::string status_of_person(const std::string& month_status) {
  return month_status == "open" ? "draft" : month_status;
}

std::string insert_sql() {
  return "INSERT INTO assessment_results (month, user_id, role, assessed, unit_id, unit_path, province_id, region_id, "
         "s_split, s_monthly_stats, s_registrations, s_weekly_tracking, s_monthly_summary, total, pending_reviews, "
         "detail, version, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
}

db::Param real_param(const std::optional<double>& v) { return v ? db::Param(*v) : db::Param(nullptr); }

// The people rows of the list as JSON (the API's contract: user_id, items [{code, weight, score}],
// total, status) with names, unit and rank.
json person_json(const PersonScore& p, const Template& t, const std::string& name, const std::string& unit_name,
                 const std::string& status, int64_t rank, int64_t version) {
  json items = json::array();
  for (const auto& item : t.items) {
    auto idx = item_index(item.code);
    if (idx == kItems) continue;
    items.push_back({{"code", item.code}, {"weight", item.weight}, {"score", score_or_null(p.items[idx])}});
  }
  return {{"user_id", p.user_id},
          {"name", name},
          {"role", p.role},
          {"assessed", p.manager ? "manager" : "dealer"},
          {"unit_id", p.unit_id},
          {"unit_name", unit_name},
          {"items", items},
          {"total", score_or_null(p.total)},
          {"rank", p.total ? json(rank) : json()},
          {"pending_reviews", p.pending_reviews},
          {"status", status},
          {"version", version}};
}

// The level below the caller's unit whose averages the scoreboard shows.
std::string child_level(const std::string& unit_kind) {
  if (unit_kind == "hq") return "region";
  if (unit_kind == "region") return "province";
  if (unit_kind == "province") return "dealer";
  return "";
}

int64_t unit_at(const PersonScore& p, const std::string& level) {
  if (level == "region") return p.region_id;
  if (level == "province") return p.province_id;
  return p.unit_id;
}

// Who may see whom: a sales rep only themself; everyone else their scope (by unit path).
bool visible(const auth::Principal& caller, const PersonScore& p) {
  if (caller.role == auth::Role::sales_rep) return p.user_id == caller.user_id;
  return caller.scope.contains(p.unit_path);
}

PersonScore stored_person(const db::Row& r, size_t first) {
  // user_id, role, assessed, unit_id, unit_path, province_id, region_id, s_* (5), total, pending
  PersonScore p;
  p.user_id = r.integer(first);
  p.role = r.text(first + 1);
  p.manager = r.text(first + 2) == "manager";
  p.unit_id = r.integer(first + 3);
  p.unit_path = r.text(first + 4);
  p.province_id = r.is_null(first + 5) ? 0 : r.integer(first + 5);
  p.region_id = r.is_null(first + 6) ? 0 : r.integer(first + 6);
  for (size_t k = 0; k < kItems; ++k) p.items[k] = optional_real(r, first + 7 + k);
  p.total = optional_real(r, first + 12);
  p.pending_reviews = static_cast<int>(r.integer(first + 13));
  return p;
}

constexpr const char* kPersonColumns =
    "r.user_id, r.role, r.assessed, r.unit_id, r.unit_path, r.province_id, r.region_id, r.s_split, r.s_monthly_stats, "
    "r.s_registrations, r.s_weekly_tracking, r.s_monthly_summary, r.total, r.pending_reviews";

void store_person(db::Connection& c, const std::string& month, const PersonScore& p, int64_t version, int64_t now) {
  c.execute(insert_sql(),
            {month, p.user_id, p.role, std::string(p.manager ? "manager" : "dealer"), p.unit_id, p.unit_path,
             p.province_id ? db::Param(p.province_id) : db::Param(nullptr),
             p.region_id ? db::Param(p.region_id) : db::Param(nullptr), real_param(p.items[0]), real_param(p.items[1]),
             real_param(p.items[2]), real_param(p.items[3]), real_param(p.items[4]), real_param(p.total),
             int64_t{p.pending_reviews}, p.detail.dump(), version, now});
}

void update_person(db::Connection& c, const std::string& month, const PersonScore& p, int64_t now) {
  c.execute(
      "UPDATE assessment_results SET s_split = ?, s_monthly_stats = ?, s_registrations = ?, s_weekly_tracking = ?, "
      "s_monthly_summary = ?, total = ?, pending_reviews = ?, detail = ?, version = version + 1, updated_at = ? WHERE "
      "month = ? AND user_id = ?",
      {real_param(p.items[0]), real_param(p.items[1]), real_param(p.items[2]), real_param(p.items[3]),
       real_param(p.items[4]), real_param(p.total), int64_t{p.pending_reviews}, p.detail.dump(), now, month,
       p.user_id});
}

std::string fmt_score(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", v);
  return buffer;
}

std::string role_name(const std::string& role) {
  static const std::map<std::string, std::string> names = {{"sales_rep", "销售代表"},
                                                           {"dealer_manager", "经销商大客户经理"},
                                                           {"area_manager", "区域经理"},
                                                           {"regional_director", "大区总监"}};
  auto it = names.find(role);
  return it == names.end() ? role : it->second;
}

}  // namespace

CloseState last_close(db::Connection& c, int64_t now) {
  CloseState out;
  out.month = calendar::month_text(calendar::previous_month(calendar::month_of(now)));
  auto row = month_row(c, out.month);
  out.status = row.status;
  if (row.status == "compiled") {
    auto n =
        c.query_one("SELECT COUNT(*) FROM assessment_results WHERE month = ? AND pending_reviews > 0", {out.month});
    out.pending_people = n ? n->integer(0) : 0;
  }
  return out;
}

namespace {

// Last month and every month with a close row, newest first, with their status.
std::vector<std::pair<std::string, std::string>> close_months(db::Connection& c, int64_t now) {
  std::vector<std::pair<std::string, std::string>> out;
  std::string last = calendar::month_text(calendar::previous_month(calendar::month_of(now)));
  bool has_last = false;
  for (const auto& r :
       c.query("SELECT month, status FROM assessment_months WHERE month <= ? ORDER BY month DESC", {last})) {
    has_last |= r.text(0) == last;
    out.emplace_back(r.text(0), r.text(1));
  }
  if (!has_last) out.insert(out.begin(), {last, "open"});
  return out;
}

bool awaits(const auth::Principal& caller, const std::string& status) {
  if (status == "open") return auth::allowed(caller.role, "assessment.compile");
  if (status == "compiled") return auth::allowed(caller.role, "assessment.review");
  if (status == "reviewed") return auth::allowed(caller.role, "assessment.approve");
  return false;
}

}  // namespace

std::vector<std::string> months_awaiting(db::Connection& c, const auth::Principal& caller, int64_t now) {
  std::vector<std::string> out;
  for (const auto& [month, status] : close_months(c, now)) {
    if (awaits(caller, status)) out.push_back(month);
  }
  return out;
}

std::vector<notifications::Reminder> reminders(db::Connection& c, int64_t now) {
  static const std::map<std::string, std::pair<std::string, std::string>> steps = {
      {"open", {"ka_staff", "待汇总"}},
      {"compiled", {"ka_director", "待审核"}},
      {"reviewed", {"ka_executive", "待批准"}}};
  std::vector<notifications::Reminder> out;
  for (const auto& [month, status] : close_months(c, now)) {
    auto step = steps.find(status);
    if (step == steps.end()) continue;
    auto m = calendar::parse_month(month);
    if (!m) continue;
    int64_t due = close_due(*m);
    auto version = c.query_one("SELECT version FROM assessment_months WHERE month = ?", {month});
    std::string key = "assessment:" + month + ":" + status + ":" + std::to_string(version ? version->integer(0) : 0);
    std::string title = month + " 月度考核" + step->second.second + (now > due ? "（已过截止时间 " : "（截止 ") +
                        clock::format_rfc3339(due - 1).substr(0, 10) + " 24:00）";
    for (const auto& u : c.query("SELECT id FROM users WHERE active = 1 AND role = ?", {step->second.first})) {
      out.push_back({u.integer(0), "assessment_step", key, title, "", "/assessments?month=" + month});
    }
  }
  return out;
}

json AssessmentService::months(const auth::Principal& caller, bool awaiting_me) {
  auth::require(caller.role, "assessment.read");
  std::vector<std::string> list;
  database_.read([&](db::Connection& c) {
    int64_t now = clock::now_ms();
    if (awaiting_me) {
      list = months_awaiting(c, caller, now);
    } else {
      for (const auto& [month, status] : close_months(c, now)) list.push_back(month);
    }
  });
  json items = json::array();
  for (const auto& m : list) items.push_back(month(caller, m));
  return {{"items", items}};
}

json AssessmentService::month(const auth::Principal& caller, const std::string& text) {
  auth::require(caller.role, "assessment.read");
  auto m = parse(text);
  int64_t now = clock::now_ms();
  if (calendar::month_end(m) > now) throw NotFound("the month has not ended");
  json out;
  database_.read([&](db::Connection& c) {
    auto row = c.query_one(
        "SELECT am.status, am.version, am.template_id, am.people, am.compiled_at, cu.display_name, am.reviewed_at, "
        "ru.display_name, am.approved_at, au.display_name, am.reopened_at, ou.display_name, am.reopen_reason FROM "
        "assessment_months am LEFT JOIN users cu ON cu.id = am.compiled_by LEFT JOIN users ru ON ru.id = "
        "am.reviewed_by LEFT JOIN users au ON au.id = am.approved_by LEFT JOIN users ou ON ou.id = am.reopened_by "
        "WHERE am.month = ?",
        {text});
    std::string status = row ? row->text(0) : "open";
    int64_t pending = 0;
    if (row) {
      auto p = c.query_one("SELECT COALESCE(SUM(pending_reviews), 0) FROM assessment_results WHERE month = ?", {text});
      pending = p ? p->integer(0) : 0;
    }
    int64_t due = close_due(m);
    std::string next = status == "open"       ? "compile"
                       : status == "compiled" ? "review"
                       : status == "reviewed" ? "approve"
                                              : "";
    auto name = [&](size_t i) { return row && !row->is_null(i) ? json(row->text(i)) : json(); };
    auto at = [&](size_t i) { return row ? http::time_or_null(row->optional_integer(i)) : json(); };
    out = {{"month", text},
           {"status", status},
           {"version", row ? row->integer(1) : 0},
           {"template_id", row && !row->is_null(2) ? json(row->integer(2)) : json()},
           {"people", row ? row->integer(3) : 0},
           {"pending_reviews", pending},
           {"due_at", clock::format_rfc3339(due)},
           {"overdue", status != "approved" && now > due},
           {"next_step", next.empty() ? json() : json(next)},
           {"compiled_at", at(4)},
           {"compiled_by_name", name(5)},
           {"reviewed_at", at(6)},
           {"reviewed_by_name", name(7)},
           {"approved_at", at(8)},
           {"approved_by_name", name(9)},
           {"reopened_at", at(10)},
           {"reopened_by_name", name(11)},
           {"reopen_reason", name(12)}};
  });
  return out;
}

json AssessmentService::step(const auth::Principal& caller, const std::string& text, const std::string& action,
                             const std::string& raw) {
  static const std::map<std::string, std::string> permission = {{"compile", "assessment.compile"},
                                                                {"review", "assessment.review"},
                                                                {"approve", "assessment.approve"},
                                                                {"reopen", "assessment.approve"}};
  auto m = parse(text);
  auto perm = permission.find(action);
  if (perm == permission.end()) throw NotFound("no such step");
  auth::require(caller.role, perm->second);
  int64_t now = clock::now_ms();
  if (calendar::month_end(m) > now) throw NotFound("the month has not ended");
  auto body = json::parse(raw, nullptr, false);
  if (body.is_discarded()) throw BadRequest("the body is not JSON", "malformed_json");
  if (!body.is_object()) throw Invalid("", "must be a JSON object", "wrong_type");
  for (const auto& [key, value] : body.items()) {
    if (key != "version" && !(action == "reopen" && key == "reason"))
      throw Invalid(key, "is not a field of this request", "unknown_field");
  }
  int64_t version = version_of(body);
  std::string reason;
  if (action == "reopen") {
    auto r = body.find("reason");
    if (r == body.end() || r->is_null()) throw Invalid("reason", "is required", "required");
    if (!r->is_string()) throw Invalid("reason", "must be text", "wrong_type");
    reason = r->get<std::string>();
    size_t characters = 0;
    for (unsigned char ch : reason) characters += (ch & 0xC0) != 0x80 ? 1 : 0;
    if (reason.find_first_not_of(" \t\r\n") == std::string::npos) throw Invalid("reason", "is required", "required");
    if (characters > kMaxReason) throw Invalid("reason", "must be at most 500 characters", "too_long");
  }

  auto check = [&](const MonthRow& row) {
    if (row.version != version)
      throw Conflict("the month's close was changed by someone else: reload it", "version_conflict");
    if (row.status == "approved" && action != "reopen")
      throw Conflict("the assessment of " + text + " is approved and locked: the KA executive may reopen it",
                     "assessment.locked");
    bool in_order = (action == "compile" && (row.status == "open" || row.status == "compiled")) ||
                    (action == "review" && row.status == "compiled") ||
                    (action == "approve" && row.status == "reviewed") ||
                    (action == "reopen" && (row.status == "reviewed" || row.status == "approved"));
    if (!in_order)
      throw Conflict("the assessment of " + text + " is " + row.status + ": it cannot be " + action + "d now",
                     "assessment.out_of_order");
  };

  if (action == "compile") {
    // Computed in a read snapshot (the records are many); written in one short transaction that
    // checks nothing moved in between.
    std::vector<PersonScore> people;
    std::optional<int64_t> template_id;
    database_.read([&](db::Connection& c) {
      auto row = month_row(c, text);
      check(row);
      Previous previous;
      for (const auto& r : c.query("SELECT user_id, detail FROM assessment_results WHERE month = ?", {text}))
        previous[r.integer(0)] = json::parse(r.text(1), nullptr, false);
      Template t;
      if (row.status == "open") {
        auto [tt, id] = effective_template(c, text);
        t = tt;
        template_id = id;
      } else {
        t = template_of_month(c, text, row);
        template_id = row.template_id;
      }
      people = compute_month(c, m, t, previous, now);
    });
    database_.write([&](db::Connection& c) {
      auto row = month_row(c, text);
      check(row);
      c.execute("DELETE FROM assessment_results WHERE month = ?", {text});
      for (const auto& p : people) store_person(c, text, p, 1, now);
      if (row.version == 0) {
        c.execute(
            "INSERT INTO assessment_months (month, status, template_id, compiled_at, compiled_by, people, updated_at) "
            "VALUES (?, 'compiled', ?, ?, ?, ?, ?)",
            {text, db::nullable(template_id), now, caller.user_id, static_cast<int64_t>(people.size()), now});
      } else {
        c.execute(
            "UPDATE assessment_months SET status = 'compiled', compiled_at = ?, compiled_by = ?, people = ?, "
            "updated_at = ?, version = version + 1 WHERE month = ?",
            {now, caller.user_id, static_cast<int64_t>(people.size()), now, text});
      }
      audit::record(c, {caller.user_id, "compile", "assessment_month", month_key(m), std::nullopt,
                        json({{"month", text}, {"people", people.size()}}).dump()});
    });
  } else {
    database_.write([&](db::Connection& c) {
      auto row = month_row(c, text);
      check(row);
      if (action == "review") {
        auto p = c.query_one(
            "SELECT COALESCE(SUM(pending_reviews), 0), COUNT(*) FROM assessment_results WHERE month = "
            "? AND pending_reviews > 0",
            {text});
        if (p && p->integer(0) > 0)
          throw Conflict(std::to_string(p->integer(0)) + " reviewer scores of " + std::to_string(p->integer(1)) +
                             " people are still to fill",
                         "assessment.reviews_missing");
        c.execute(
            "UPDATE assessment_months SET status = 'reviewed', reviewed_at = ?, reviewed_by = ?, updated_at = ?, "
            "version = version + 1 WHERE month = ?",
            {now, caller.user_id, now, text});
      } else if (action == "approve") {
        c.execute(
            "UPDATE assessment_months SET status = 'approved', approved_at = ?, approved_by = ?, updated_at = ?, "
            "version = version + 1 WHERE month = ?",
            {now, caller.user_id, now, text});
      } else {
        c.execute(
            "UPDATE assessment_months SET status = 'compiled', reviewed_at = NULL, reviewed_by = NULL, approved_at = "
            "NULL, approved_by = NULL, reopened_at = ?, reopened_by = ?, reopen_reason = ?, updated_at = ?, version = "
            "version + 1 WHERE month = ?",
            {now, caller.user_id, reason, now, text});
      }
      json after = {{"month", text}, {"from", row.status}};
      if (action == "reopen") after["reason"] = reason;
      audit::record(c, {caller.user_id, action, "assessment_month", month_key(m), std::nullopt, after.dump()});
    });
  }
  return month(caller, text);
}

namespace {

// What a scoreboard request sees: a unit path range, a sales rep only themself, dealer people or
// managers, and the level whose averages it shows.
struct View {
  std::string lower, upper;
  std::optional<int64_t> only_user;
  std::optional<std::string> assessed;
  bool pending = false;
  std::string level;
  int64_t limit = 50, offset = 0;
};

struct Board {
  json items = json::array();
  int64_t count = 0, ranked_dealers = 0, ranked_managers = 0;
  std::optional<double> average;
  json units = json::array();
};

// The rank of `total` among `totals` sorted best first: one more than the number better.
int64_t rank_in(const std::vector<double>& totals, double total) {
  return static_cast<int64_t>(std::lower_bound(totals.begin(), totals.end(), total, std::greater<>()) -
                              totals.begin()) +
         1;
}

json unit_average(int64_t unit, const std::string& name, const std::string& kind, int64_t people, double average) {
  return {{"unit_id", unit}, {"name", name}, {"kind", kind}, {"people", people}, {"average", round1(average)}};
}

// An open month, scored live from the records.
Board draft_board(db::Connection& c, const calendar::Month& m, const Template& t, const View& v, int64_t now) {
  Board b;
  auto all = compute_month(c, m, t, {}, now);
  auto tree = targets::OrgTree::load(c);
  std::vector<double> dealer_totals, manager_totals;
  std::vector<const PersonScore*> people;
  for (const auto& p : all) {
    if (p.total) (p.manager ? manager_totals : dealer_totals).push_back(*p.total);
    if (p.unit_path < v.lower || p.unit_path >= v.upper) continue;
    if (v.only_user && p.user_id != *v.only_user) continue;
    if (v.assessed && (*v.assessed == "manager") != p.manager) continue;
    if (v.pending && p.pending_reviews == 0) continue;
    people.push_back(&p);
  }
  std::sort(dealer_totals.begin(), dealer_totals.end(), std::greater<>());
  std::sort(manager_totals.begin(), manager_totals.end(), std::greater<>());
  b.ranked_dealers = static_cast<int64_t>(dealer_totals.size());
  b.ranked_managers = static_cast<int64_t>(manager_totals.size());
  std::stable_sort(people.begin(), people.end(), [](const PersonScore* a, const PersonScore* o) {
    if (a->total.has_value() != o->total.has_value()) return a->total.has_value();
    if (a->total && *a->total != *o->total) return *a->total > *o->total;
    return a->user_id < o->user_id;
  });
  b.count = static_cast<int64_t>(people.size());
  std::string ids;
  for (int64_t i = v.offset; i < b.count && i < v.offset + v.limit; ++i)
    ids += (ids.empty() ? "" : ",") + std::to_string(people[i]->user_id);
  std::map<int64_t, std::string> names;
  if (!ids.empty()) {
    for (const auto& r : c.query("SELECT id, display_name FROM users WHERE id IN (" + ids + ")"))
      names[r.integer(0)] = r.text(1);
  }
  for (int64_t i = v.offset; i < b.count && i < v.offset + v.limit; ++i) {
    const auto& p = *people[i];
    int64_t rank = p.total ? rank_in(p.manager ? manager_totals : dealer_totals, *p.total) : 0;
    b.items.push_back(person_json(p, t, names[p.user_id], tree.name(p.unit_id), "draft", rank, 0));
  }
  std::map<int64_t, std::pair<double, int64_t>> sums;
  double sum = 0;
  int64_t n = 0;
  for (const auto* p : people) {
    if (p->manager || !p->total) continue;
    sum += *p->total;
    n += 1;
    if (v.level.empty()) continue;
    auto& s = sums[unit_at(*p, v.level)];
    s.first += *p->total;
    s.second += 1;
  }
  if (n) b.average = sum / static_cast<double>(n);
  for (const auto& [unit, s] : sums) {
    if (unit)
      b.units.push_back(
          unit_average(unit, tree.name(unit), v.level, s.second, s.first / static_cast<double>(s.second)));
  }
  return b;
}

// A compiled month, from its stored rows: the page, the count, the ranks and the averages each one
// statement on the month's indexes.
Board stored_board(db::Connection& c, const std::string& month, const Template& t, const std::string& status,
                   const View& v) {
  Board b;
  std::string where = " WHERE r.month = ? AND r.unit_path >= ? AND r.unit_path < ?";
  db::Params params = {month, v.lower, v.upper};
  if (v.only_user) {
    where += " AND r.user_id = ?";
    params.emplace_back(*v.only_user);
  }
  if (v.assessed) {
    where += " AND r.assessed = ?";
    params.emplace_back(*v.assessed);
  }
  if (v.pending) where += " AND r.pending_reviews > 0";
  auto n = c.query_one("SELECT COUNT(*) FROM assessment_results r" + where, params);
  b.count = n ? n->integer(0) : 0;
  db::Params page = params;
  page.emplace_back(v.limit);
  page.emplace_back(v.offset);
  std::vector<std::tuple<PersonScore, std::string, std::string, int64_t>> rows;
  bool dealers = false, managers = false;
  // the page's people from the index alone, then their rows
  std::string ids;
  for (const auto& r : c.query("SELECT r.user_id FROM assessment_results r" + where +
                                   " ORDER BY r.total IS NULL, r.total DESC, r.user_id LIMIT ? OFFSET ?",
                               page))
    ids += (ids.empty() ? "" : ",") + std::to_string(r.integer(0));
  if (!ids.empty()) {
    for (const auto& r : c.query(std::string("SELECT ") + kPersonColumns +
                                     ", u.display_name, ou.name, r.version FROM assessment_results r JOIN users u ON "
                                     "u.id = r.user_id JOIN org_units ou ON ou.id = r.unit_id WHERE r.month = ? AND "
                                     "r.user_id IN (" +
                                     ids + ") ORDER BY r.total IS NULL, r.total DESC, r.user_id",
                                 {month})) {
      auto p = stored_person(r, 0);
      (p.manager ? managers : dealers) = true;
      rows.emplace_back(std::move(p), r.text(14), r.text(15), r.integer(16));
    }
  }
  // the ranks: every total of those assessed alike, best first (an index-only read)
  std::vector<double> dealer_totals, manager_totals;
  for (const auto& [assessed, totals, needed] :
       {std::tuple<std::string, std::vector<double>*, bool>{"dealer", &dealer_totals, dealers},
        std::tuple<std::string, std::vector<double>*, bool>{"manager", &manager_totals, managers}}) {
    if (!needed) continue;
    for (const auto& r : c.query("SELECT total FROM assessment_results WHERE month = ? AND assessed = ? AND total IS "
                                 "NOT NULL ORDER BY total DESC",
                                 {month, assessed}))
      totals->push_back(r.real(0));
  }
  for (const auto& r : c.query("SELECT assessed, COUNT(*) FROM assessment_results WHERE month = ? AND total IS NOT "
                               "NULL GROUP BY assessed",
                               {month})) {
    (r.text(0) == "manager" ? b.ranked_managers : b.ranked_dealers) = r.integer(1);
  }
  for (const auto& [p, name, unit_name, version] : rows) {
    int64_t rank = p.total ? rank_in(p.manager ? manager_totals : dealer_totals, *p.total) : 0;
    b.items.push_back(person_json(p, t, name, unit_name, status, rank, version));
  }
  // the averages of the dealer people in view, and per unit one level down
  std::string dealer_where = where + " AND r.assessed = 'dealer' AND r.total IS NOT NULL";
  if (auto avg = c.query_one("SELECT AVG(r.total) FROM assessment_results r" + dealer_where, params);
      avg && !avg->is_null(0))
    b.average = avg->real(0);
  if (!v.level.empty()) {
    std::string column = v.level == "region" ? "r.region_id" : v.level == "province" ? "r.province_id" : "r.unit_id";
    for (const auto& r :
         c.query("SELECT " + column + ", ou.name, COUNT(*), AVG(r.total) FROM assessment_results r " +
                     "JOIN org_units ou ON ou.id = " + column + dealer_where + " GROUP BY " + column + ", ou.name",
                 params)) {
      b.units.push_back(unit_average(r.integer(0), r.text(1), v.level, r.integer(2), r.real(3)));
    }
  }
  return b;
}

}  // namespace

json AssessmentService::list(const auth::Principal& caller, const ListFilter& f) {
  auth::require(caller.role, "assessment.read");
  auto m = parse(f.month);
  int64_t now = clock::now_ms();
  if (calendar::month_start(m) > now) throw NotFound("the month has not begun");
  if (f.assessed && *f.assessed != "dealer" && *f.assessed != "manager")
    throw Invalid("assessed", "must be dealer or manager");
  json out;
  database_.read([&](db::Connection& c) {
    View v;
    v.lower = caller.scope.lower();
    v.upper = caller.scope.upper();
    v.assessed = f.assessed;
    v.pending = f.pending;
    v.limit = f.limit;
    v.offset = f.offset;
    v.level = child_level(caller.unit_kind);
    if (caller.role == auth::Role::sales_rep) {
      v.only_user = caller.user_id;
      v.level.clear();
    }
    if (f.unit_id) {
      auto u = c.query_one("SELECT path, kind FROM org_units WHERE id = ?", {*f.unit_id});
      if (!u || !caller.scope.contains(u->text(0))) throw NotFound("no such unit");
      auth::Scope s{u->text(0)};
      v.lower = s.lower();
      v.upper = s.upper();
      if (!v.only_user) v.level = child_level(u->text(1));
    }
    auto row = month_row(c, f.month);
    Template t = template_of_month(c, f.month, row);
    std::string status = status_of_person(row.status);
    Board b = row.status == "open" ? draft_board(c, m, t, v, now) : stored_board(c, f.month, t, status, v);
    std::sort(b.units.begin(), b.units.end(),
              [](const json& a, const json& o) { return a["average"].get<double>() > o["average"].get<double>(); });
    int64_t next = f.offset + f.limit;
    out = {{"month", f.month},
           {"status", status},
           {"items", b.items},
           {"total_count", b.count},
           {"next_cursor", next < b.count ? json(std::to_string(next)) : json()},
           {"ranked", {{"dealer", b.ranked_dealers}, {"manager", b.ranked_managers}}},
           {"average", b.average ? json(round1(*b.average)) : json()},
           {"units", b.units}};
  });
  return out;
}

json AssessmentService::person(const auth::Principal& caller, const std::string& text, int64_t user_id) {
  auth::require(caller.role, "assessment.read");
  auto m = parse(text);
  int64_t now = clock::now_ms();
  if (calendar::month_start(m) > now) throw NotFound("the month has not begun");
  json out;
  database_.read([&](db::Connection& c) {
    auto row = month_row(c, text);
    Template t = template_of_month(c, text, row);
    std::optional<PersonScore> found;
    int64_t version = 0;
    if (row.status == "open") {
      for (auto& p : compute_month(c, m, t, {}, now)) {
        if (p.user_id == user_id) found = std::move(p);
      }
    } else {
      auto r = c.query_one(std::string("SELECT ") + kPersonColumns +
                               ", r.detail, r.version FROM assessment_results r WHERE r.month = ? AND r.user_id = ?",
                           {text, user_id});
      if (r) {
        found = stored_person(*r, 0);
        found->detail = json::parse(r->text(14), nullptr, false);
        version = r->integer(15);
      }
    }
    if (!found || !visible(caller, *found)) throw NotFound("no assessment of this person in this month");
    auto who = c.query_one("SELECT display_name FROM users WHERE id = ?", {user_id});
    auto tree = targets::OrgTree::load(c);
    int64_t rank = 0;
    out = person_json(*found, t, who ? who->text(0) : "", tree.name(found->unit_id), status_of_person(row.status), rank,
                      version);
    out.erase("rank");
    out["month"] = text;
    out["detail"] = found->detail["items"];
    out["deduction_per_day"] = t.deduction_per_day;
  });
  return out;
}

json AssessmentService::score(const auth::Principal& caller, const std::string& text, int64_t user_id,
                              const std::string& raw) {
  parse(text);
  auth::require(caller.role, "assessment.score");
  auto body = json::parse(raw, nullptr, false);
  if (body.is_discarded()) throw BadRequest("the body is not JSON", "malformed_json");
  if (!body.is_object()) throw Invalid("", "must be a JSON object", "wrong_type");
  for (const auto& [key, value] : body.items()) {
    if (key != "version" && key != "scores" && key != "reason")
      throw Invalid(key, "is not a field of this request", "unknown_field");
  }
  int64_t version = version_of(body);
  std::optional<std::string> reason;
  if (body.contains("reason") && !body["reason"].is_null()) {
    if (!body["reason"].is_string()) throw Invalid("reason", "must be text", "wrong_type");
    reason = body["reason"].get<std::string>();
    if (reason->find_first_not_of(" \t\r\n") == std::string::npos)
      reason.reset();
    else if (reason->size() > kMaxReason * 4)
      throw Invalid("reason", "must be at most 500 characters", "too_long");
  }
  if (!body.contains("scores") || !body["scores"].is_array() || body["scores"].empty())
    throw Invalid("scores", "must list at least one score", body.contains("scores") ? "wrong_type" : "required");
  const bool director = caller.role == auth::Role::ka_director;
  int64_t now = clock::now_ms();
  json out;
  database_.write([&](db::Connection& c) {
    auto row = month_row(c, text);
    if (row.status == "approved")
      throw Conflict("the assessment of " + text + " is approved and locked: the KA executive may reopen it",
                     "assessment.locked");
    if (row.status != "compiled")
      throw Conflict(row.status == "open" ? "the month is not compiled yet: KA staff compile it first"
                                          : "the month is reviewed: the KA executive approves it or reopens it",
                     "assessment.out_of_order");
    auto r = c.query_one(std::string("SELECT ") + kPersonColumns +
                             ", r.detail, r.version FROM assessment_results r WHERE r.month = ? AND r.user_id = ?",
                         {text, user_id});
    if (!r) throw NotFound("no assessment of this person in this month");
    PersonScore p = stored_person(*r, 0);
    p.detail = json::parse(r->text(14), nullptr, false);
    if (r->integer(15) != version)
      throw Conflict("these scores were changed by someone else: reload them", "version_conflict");
    Template t = template_of_month(c, text, row);
    auto by_name = caller.display_name;
    std::vector<FieldError> errors;
    json before = p.detail;
    for (size_t i = 0; i < body["scores"].size(); ++i) {
      const auto& s = body["scores"][i];
      std::string at = "scores[" + std::to_string(i) + "].";
      if (!s.is_object()) {
        errors.push_back({at.substr(0, at.size() - 1), "must be an object", "wrong_type"});
        continue;
      }
      json* target = nullptr;
      for (auto& item : p.detail["items"]) {
        if (item.value("code", "") != s.value("item", "") || !item.value("applies", false)) continue;
        for (auto& cr : item["criteria"]) {
          if (cr.value("code", "") == s.value("criterion", "")) target = &cr;
        }
      }
      if (!target) {
        errors.push_back({at + "criterion", "is not a criterion this person is scored on", "invalid_value"});
        continue;
      }
      if (!s.contains("score") || !s["score"].is_number()) {
        errors.push_back(
            {at + "score", "must be a number from 0 to 100", s.contains("score") ? "wrong_type" : "required"});
        continue;
      }
      double value = s["score"].get<double>();
      if (!(value >= 0 && value <= 100)) {
        errors.push_back({at + "score", "must be from 0 to 100", "invalid_value"});
        continue;
      }
      value = round1(value);
      std::optional<std::string> comment;
      if (s.contains("comment") && s["comment"].is_string() &&
          s["comment"].get<std::string>().find_first_not_of(" \t\r\n") != std::string::npos)
        comment = s["comment"].get<std::string>();
      bool reviewer = target->value("source", "") == "reviewer";
      bool unset = (*target)["score"].is_null();
      if (reviewer && unset) {
        if (!comment) {
          errors.push_back({at + "comment", "a reviewer score needs a comment on the criteria", "required"});
          continue;
        }
        (*target)["score"] = value;
        (*target)["comment"] = *comment;
        (*target)["scored_by"] = by_name;
        continue;
      }
      if (!director)
        throw Forbidden(reviewer ? "a filled reviewer score is changed by the KA director, with a reason"
                                 : "a computed score is adjusted by the KA director, with a reason");
      if (!reason) {
        errors.push_back({"reason", "an adjustment needs a reason", "required"});
        continue;
      }
      (*target)["adjustments"].push_back({{"from", (*target)["score"]},
                                          {"to", value},
                                          {"reason", *reason},
                                          {"by", by_name},
                                          {"at", clock::format_rfc3339(now)}});
      (*target)["score"] = value;
      if (comment) (*target)["comment"] = *comment;
    }
    if (!errors.empty()) throw Invalid(errors);
    rescore(p, t);
    update_person(c, text, p, now);
    // the managers above this person: their dealer items are the means of their people's
    if (!p.manager) {
      std::vector<std::string> prefixes;
      for (size_t k = 1; k < p.unit_path.size(); ++k) {
        if (p.unit_path[k] == '/') prefixes.push_back(p.unit_path.substr(0, k + 1));
      }
      for (const auto& prefix : prefixes) {
        for (const auto& mr : c.query(std::string("SELECT ") + kPersonColumns +
                                          ", r.detail FROM assessment_results r WHERE r.month = ? AND r.assessed = "
                                          "'manager' AND r.unit_path = ?",
                                      {text, prefix})) {
          PersonScore manager = stored_person(mr, 0);
          manager.detail = json::parse(mr.text(14), nullptr, false);
          auth::Scope under{prefix};
          std::vector<PersonScore> people;
          for (const auto& dr : c.query(std::string("SELECT ") + kPersonColumns +
                                            " FROM assessment_results r WHERE r.month = ? AND r.unit_path >= ? AND "
                                            "r.unit_path < ? AND r.assessed = 'dealer'",
                                        {text, under.lower(), under.upper()})) {
            people.push_back(stored_person(dr, 0));
          }
          std::vector<const PersonScore*> refs;
          refs.reserve(people.size());
          for (const auto& d : people) refs.push_back(&d);
          derive_manager_items(manager, refs);
          rescore(manager, t);
          update_person(c, text, manager, now);
        }
      }
    }
    audit::record(
        c, {caller.user_id, "score", "assessment_result", user_id, before.dump(),
            json({{"month", text}, {"scores", body["scores"]}, {"reason", reason ? json(*reason) : json()}}).dump()});
  });
  return person(caller, text, user_id);
}

}  // namespace fleetkam::assessment

namespace fleetkam::assessment {

std::pair<std::string, std::string> AssessmentService::export_xlsx(const auth::Principal& caller,
                                                                   const std::string& text) {
  auth::require(caller.role, "assessment.export");
  auto m = parse(text);
  const int64_t yyyymm = month_key(m);
  std::vector<sheets::Row> rows = {{"月份",
                                    "姓名",
                                    "用户名",
                                    "岗位",
                                    "单位",
                                    "省区",
                                    "大区",
                                    "目标分解",
                                    "大客户统计表",
                                    "信息报备",
                                    "重点大客户跟踪表",
                                    "月度工作总结",
                                    "总分",
                                    "排名",
                                    "目标台数",
                                    "交车台数",
                                    "目标达成率(%)",
                                    "绩效工资占比(%)",
                                    "信息反馈奖积分",
                                    "信息反馈奖金额(元)"}};
  database_.read([&](db::Connection& c) {
    auto row = month_row(c, text);
    if (row.status != "approved")
      throw Conflict("the assessment of " + text + " is " + row.status + ": payroll takes an approved month",
                     "assessment.not_approved");
    Template t = template_of_month(c, text, row);
    auto tree = targets::OrgTree::load(c);
    // the month's personal targets (issued, current plans) and delivered units, by person
    std::map<int64_t, int64_t> target, delivered;
    for (const auto& r : c.query(
             "SELECT tc.user_id, SUM(tc.units) FROM target_cells tc JOIN target_plans tp ON tp.id = tc.plan_id WHERE "
             "tp.status = 'issued' AND tp.superseded_by IS NULL AND tc.level = 'user' AND tc.month = ? AND "
             "tc.business = 'all' GROUP BY tc.user_id",
             {yyyymm}))
      target[r.integer(0)] = r.integer(1);
    for (const auto& r :
         c.query("SELECT user_id, SUM(units) FROM delivery_totals WHERE month = ? AND user_id <> 0 GROUP BY user_id",
                 {yyyymm}))
      delivered[r.integer(0)] = r.integer(1);
    // the information-feedback reward (商务政策信息反馈奖) earned in the month, by person
    std::map<int64_t, std::pair<int64_t, int64_t>> reward;
    for (const auto& r :
         c.query("SELECT user_id, SUM(points), SUM(amount_fen) FROM feedback_rewards WHERE month = ? GROUP BY user_id",
                 {yyyymm}))
      reward[r.integer(0)] = {r.integer(1), r.integer(2)};
    std::vector<std::tuple<PersonScore, std::string, std::string>> people;
    for (const auto& r : c.query(std::string("SELECT ") + kPersonColumns +
                                     ", u.display_name, u.username FROM assessment_results r JOIN users u ON u.id = "
                                     "r.user_id WHERE r.month = ? ORDER BY r.assessed, r.total IS NULL, r.total DESC, "
                                     "r.user_id",
                                 {text}))
      people.emplace_back(stored_person(r, 0), r.text(14), r.text(15));
    std::map<std::string, std::vector<double>> totals;  // by assessed, best first (the rows' order)
    for (const auto& [p, name, username] : people) {
      if (p.total) totals[p.manager ? "manager" : "dealer"].push_back(*p.total);
    }
    auto number = [](const std::optional<double>& v) { return v ? fmt_score(*v) : std::string(); };
    for (const auto& [p, name, username] : people) {
      // a manager's target and deliveries: the dealer people's under them
      int64_t planned = 0, done = 0;
      bool has_target = false;
      if (p.manager) {
        for (const auto& [q, qname, qusername] : people) {
          if (q.manager || !q.unit_path.starts_with(p.unit_path)) continue;
          if (auto it = target.find(q.user_id); it != target.end()) {
            planned += it->second;
            has_target = true;
          }
          if (auto it = delivered.find(q.user_id); it != delivered.end()) done += it->second;
        }
      } else {
        if (auto it = target.find(p.user_id); it != target.end()) {
          planned = it->second;
          has_target = true;
        }
        if (auto it = delivered.find(p.user_id); it != delivered.end()) done = it->second;
      }
      std::string rate;
      if (has_target && planned > 0)
        rate = fmt_score(round1(static_cast<double>(done) * 100.0 / static_cast<double>(planned)));
      int64_t rank = p.total ? rank_in(totals[p.manager ? "manager" : "dealer"], *p.total) : 0;
      rows.push_back({text,
                      name,
                      username,
                      role_name(p.role),
                      tree.name(p.unit_id),
                      p.province_id ? tree.name(p.province_id) : "",
                      p.region_id ? tree.name(p.region_id) : "",
                      number(p.items[0]),
                      number(p.items[1]),
                      number(p.items[2]),
                      number(p.items[3]),
                      number(p.items[4]),
                      number(p.total),
                      rank ? std::to_string(rank) : "",
                      has_target ? std::to_string(planned) : "",
                      std::to_string(done),
                      rate,
                      std::to_string(t.performance_pay_share),
                      std::to_string(reward[p.user_id].first),
                      fmt::format("{}.{:02}", reward[p.user_id].second / 100, reward[p.user_id].second % 100)});
    }
  });
  std::vector<bool> numeric(rows[0].size(), true);
  for (size_t c = 0; c < 7; ++c) numeric[c] = false;
  return {"考核-" + text, sheets::write_xlsx("考核 " + text, rows, numeric)};
}

}  // namespace fleetkam::assessment
