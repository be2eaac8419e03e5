#include "modules/reports/service.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "modules/boards/totals.h"
#include "modules/reports/rules.h"
#include "platform/audit/audit.h"
#include "platform/auth/roles.h"
#include "platform/calendar/calendar.h"
#include "platform/clock.h"
#include "platform/errors.h"
#include "platform/http/json_input.h"
#include "platform/record_write.h"
#include "platform/sheets/sheets.h"

namespace fleetkam::reports {

using json = nlohmann::json;

namespace {

constexpr int64_t kHourMs = 3600LL * 1000;
const char* const kFilerRoles = "('sales_rep', 'dealer_manager')";

struct ReportRow {
  int64_t id = 0;
  std::string kind, period;
  int64_t user_id = 0;
  std::string user_name, user_role;
  int64_t unit_id = 0;
  std::string unit_name, unit_path;
  std::optional<int64_t> province_id;
  std::optional<std::string> province_name;
  int64_t due_at = 0;
  std::optional<int64_t> submitted_at, last_submitted_at;
  int64_t revision = 0;
  std::optional<std::string> draft;
  std::optional<int64_t> draft_saved_at;
  int64_t version = 0;
};

constexpr const char* kReportSelect =
    "SELECT r.id, r.kind, r.period, r.user_id, u.display_name, u.role, r.unit_id, ou.name, ou.path, ou.parent_id, "
    "pu.name, r.due_at, r.submitted_at, r.last_submitted_at, r.revision, r.draft, r.draft_saved_at, r.version "
    "FROM reports r JOIN users u ON u.id = r.user_id JOIN org_units ou ON ou.id = r.unit_id "
    "LEFT JOIN org_units pu ON pu.id = ou.parent_id ";

ReportRow report_of(const db::Row& row) {
  ReportRow r;
  r.id = row.integer(0);
  r.kind = row.text(1);
  r.period = row.text(2);
  r.user_id = row.integer(3);
  r.user_name = row.text(4);
  r.user_role = row.text(5);
  r.unit_id = row.integer(6);
  r.unit_name = row.text(7);
  r.unit_path = row.text(8);
  r.province_id = row.optional_integer(9);
  r.province_name = row.optional_text(10);
  r.due_at = row.integer(11);
  r.submitted_at = row.optional_integer(12);
  r.last_submitted_at = row.optional_integer(13);
  r.revision = row.integer(14);
  r.draft = row.optional_text(15);
  r.draft_saved_at = row.optional_integer(16);
  r.version = row.integer(17);
  return r;
}

json time_json(const std::optional<int64_t>& ms) { return ms ? json(clock::format_rfc3339(*ms)) : json(); }

bool visible(const auth::Principal& caller, const ReportRow& r) {
  if (r.user_id == caller.user_id) return true;
  if (caller.role == auth::Role::sales_rep) return false;
  return caller.scope.contains(r.unit_path);
}

ReportRow load(db::Connection& c, const auth::Principal& caller, int64_t id) {
  auto row = c.query_one(std::string(kReportSelect) + "WHERE r.id = ?", {id});
  if (!row) throw NotFound("report not found");
  auto r = report_of(*row);
  if (!visible(caller, r)) throw NotFound("report not found");
  return r;
}

json summary_json(const ReportRow& r, int64_t now) {
  return {{"id", r.id},
          {"kind", r.kind},
          {"period", r.period},
          {"user_id", r.user_id},
          {"user_name", r.user_name},
          {"unit_id", r.unit_id},
          {"unit_name", r.unit_name},
          {"province_id", r.province_id ? json(*r.province_id) : json()},
          {"province_name", r.province_name ? json(*r.province_name) : json()},
          {"due_at", clock::format_rfc3339(r.due_at)},
          {"submitted_at", time_json(r.submitted_at)},
          {"last_submitted_at", time_json(r.last_submitted_at)},
          {"status", status_of(r.due_at, r.submitted_at, now)},
          {"revision", r.revision},
          {"version", r.version}};
}

size_t characters(const std::string& text) {
  return static_cast<size_t>(
      std::count_if(text.begin(), text.end(), [](char ch) { return (static_cast<unsigned char>(ch) & 0xC0) != 0x80; }));
}

// ---- opening periods ----

void ensure_period_row(db::Connection& c, const std::string& kind, const PeriodInfo& p, int64_t now) {
  c.execute(
      "INSERT INTO report_periods (kind, period, starts_at, ends_at, default_due_at, due_at, version, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, 1, ?) ON CONFLICT (kind, period) DO NOTHING",
      {kind, p.period, p.starts_at, p.ends_at, p.default_due_at, p.default_due_at, now});
}

int64_t due_of(db::Connection& c, const std::string& kind, const std::string& period) {
  auto row = c.query_one("SELECT due_at FROM report_periods WHERE kind = ? AND period = ?", {kind, period});
  return row ? row->integer(0) : 0;
}

// ---- the facts a report is prefilled with ----

struct Owner {
  int64_t user_id = 0, unit_id = 0;
  bool whole_dealer = false;  // a dealer manager answers for the dealer's accounts and deals
};

Owner owner_of(const ReportRow& r) { return {r.user_id, r.unit_id, r.user_role == "dealer_manager"}; }

std::string in_list(const std::vector<int64_t>& ids) {
  std::string out;
  for (auto id : ids) out += (out.empty() ? "" : ",") + std::to_string(id);
  return out.empty() ? "0" : out;
}

// The weekly table's rows: the owner's key accounts with this week's visits and stage moves.
json weekly_facts(db::Connection& c, const Owner& o, const PeriodInfo& p) {
  json rows = json::array();
  std::vector<int64_t> ids;
  std::map<int64_t, size_t> index;
  // A person's key accounts: those assigned to them and those where they run an open opportunity;
  // a dealer manager also answers for the dealer's key accounts assigned to no one.
  auto accounts = c.query(
      std::string("SELECT a.id, a.name, a.grade FROM accounts a WHERE a.owner_unit_id = ? AND a.grade = 'key' AND "
                  "a.active = 1 AND (a.owner_user_id = ?") +
          (o.whole_dealer ? " OR a.owner_user_id IS NULL" : "") +
          " OR EXISTS (SELECT 1 FROM opportunities o WHERE o.account_id = a.id AND o.owner_user_id = ? AND o.stage "
          "NOT IN ('won', 'lost'))) ORDER BY a.sort_key, a.id",
      {o.unit_id, o.user_id, o.user_id});
  for (const auto& a : accounts) {
    index[a.integer(0)] = rows.size();
    ids.push_back(a.integer(0));
    rows.push_back({{"account_id", a.integer(0)},
                    {"account_name", a.text(1)},
                    {"grade", a.text(2)},
                    {"visits", json::array()},
                    {"moves", json::array()},
                    {"open_opportunities", 0}});
  }
  if (ids.empty()) return rows;
  std::string list = in_list(ids);
  for (const auto& v :
       c.query("SELECT v.id, v.account_id, v.occurred_at, v.kind, v.summary, u.display_name FROM visits v JOIN users u "
               "ON u.id = v.user_id WHERE v.account_id IN (" +
                   list + ") AND v.occurred_at >= ? AND v.occurred_at < ? ORDER BY v.occurred_at, v.id",
               {p.starts_at, p.ends_at})) {
    rows[index[v.integer(1)]]["visits"].push_back({{"id", v.integer(0)},
                                                   {"occurred_at", clock::format_rfc3339(v.integer(2))},
                                                   {"kind", v.text(3)},
                                                   {"summary", v.text(4)},
                                                   {"user_name", v.text(5)}});
  }
  for (const auto& m : c.query(
           "SELECT t.opportunity_id, o.title, t.from_stage, t.to_stage, t.at, o.account_id FROM opportunities o JOIN "
           "opportunity_transitions t ON t.opportunity_id = o.id WHERE o.account_id IN (" +
               list + ") AND o.owner_unit_id = ? AND t.at >= ? AND t.at < ? ORDER BY t.at, t.id",
           {o.unit_id, p.starts_at, p.ends_at})) {
    rows[index[m.integer(5)]]["moves"].push_back(
        {{"opportunity_id", m.integer(0)},
         {"title", m.text(1)},
         {"from_stage", m.optional_text(2) ? json(*m.optional_text(2)) : json()},
         {"to_stage", m.text(3)},
         {"at", clock::format_rfc3339(m.integer(4))}});
  }
  for (const auto& n : c.query("SELECT account_id, COUNT(*) FROM opportunities WHERE account_id IN (" + list +
                                   ") AND owner_unit_id = ? AND stage NOT IN ('won', 'lost') GROUP BY account_id",
                               {o.unit_id})) {
    rows[index[n.integer(0)]]["open_opportunities"] = n.integer(1);
  }
  return rows;
}

// What the account's open opportunities say, for a first week without a table to carry from.
std::map<int64_t, Judgement> opportunity_judgements(db::Connection& c, const Owner& o,
                                                    const std::vector<int64_t>& ids) {
  std::map<int64_t, Judgement> out;
  if (ids.empty()) return out;
  for (const auto& r : c.query(
           "SELECT o.account_id, COALESCE(o.probability, sp.probability), o.value_level, o.difficulty FROM "
           "opportunities o LEFT JOIN opportunity_stage_probabilities sp ON sp.stage = o.stage WHERE o.account_id IN "
           "(" +
               in_list(ids) +
               ") AND o.owner_unit_id = ? AND o.stage NOT IN ('won', 'lost') ORDER BY o.account_id, o.expected_date, "
               "o.id",
           {o.unit_id})) {
    if (out.contains(r.integer(0))) continue;  // the one expected soonest
    Judgement j;
    j.deal_probability = r.optional_integer(1);
    j.value_analysis = r.optional_text(2);
    j.difficulty = r.optional_text(3);
    out[r.integer(0)] = j;
  }
  return out;
}

// The judgements of the person's last submitted table before this one, by account.
std::map<int64_t, Judgement> last_week_judgements(db::Connection& c, const ReportRow& r) {
  std::map<int64_t, Judgement> out;
  auto row = c.query_one(
      "SELECT rv.content FROM reports r JOIN report_revisions rv ON rv.report_id = r.id AND rv.revision = r.revision "
      "WHERE r.user_id = ? AND r.kind = 'weekly_tracking' AND r.revision > 0 AND r.due_at < ? ORDER BY r.due_at DESC "
      "LIMIT 1",
      {r.user_id, r.due_at});
  if (!row) return out;
  auto content = json::parse(row->text(0), nullptr, false);
  if (!content.is_object() || !content.contains("rows")) return out;
  for (const auto& item : content["rows"]) {
    if (item.contains("account_id") && item["account_id"].is_number_integer())
      out[item["account_id"].get<int64_t>()] = judgement_of(item);
  }
  return out;
}

json weekly_prefill(db::Connection& c, const ReportRow& r, const PeriodInfo& p,
                    const std::optional<std::map<int64_t, Judgement>>& draft) {
  auto o = owner_of(r);
  json rows = weekly_facts(c, o, p);
  std::vector<int64_t> ids;
  for (const auto& row : rows) ids.push_back(row["account_id"].get<int64_t>());
  auto last = last_week_judgements(c, r);
  auto from_opportunity = opportunity_judgements(c, o, ids);
  for (auto& row : rows) {
    int64_t id = row["account_id"].get<int64_t>();
    std::optional<Judgement> lw, op;
    if (auto it = last.find(id); it != last.end()) lw = it->second;
    if (auto it = from_opportunity.find(id); it != from_opportunity.end()) op = it->second;
    auto start = starting_judgement(lw, op);
    if (draft) {
      if (auto it = draft->find(id); it != draft->end()) {
        put_judgement(row, it->second);
        row["carried"] = false;
        continue;
      }
    }
    put_judgement(row, start.judgement);
    row["carried"] = start.carried;
  }
  return {{"rows", rows}};
}

struct Figures {
  int64_t won_count = 0, won_units = 0, amount_fen = 0, delivered_units = 0;
};

json figures_json(const Figures& f) {
  return {{"won_count", f.won_count},
          {"won_units", f.won_units},
          {"amount_fen", f.amount_fen},
          {"delivered_units", f.delivered_units}};
}

int64_t yyyymm(const PeriodInfo& p) {
  auto m = calendar::month_of(p.starts_at);
  return static_cast<int64_t>(m.year) * 100 + m.month;
}

// The month's deals of the person (a dealer manager: the dealer) as the system knows them.
std::pair<Figures, json> month_deals(db::Connection& c, const Owner& o, const PeriodInfo& p) {
  Figures f;
  std::map<int64_t, json> deals;
  std::string who = o.whole_dealer ? "o.owner_unit_id = ?" : "o.owner_user_id = ?";
  int64_t who_id = o.whole_dealer ? o.unit_id : o.user_id;
  for (const auto& r : c.query(
           "SELECT o.id, o.title, a.name, o.closed_at, o.won_units, o.amount_fen FROM opportunities o JOIN accounts "
           "a ON a.id = o.account_id WHERE " +
               who + " AND o.stage = 'won' AND o.closed_at >= ? AND o.closed_at < ? ORDER BY o.closed_at, o.id",
           {who_id, p.starts_at, p.ends_at})) {
    f.won_count += 1;
    f.won_units += r.integer(4);
    f.amount_fen += r.integer(5);
    deals[r.integer(0)] = {{"opportunity_id", r.integer(0)},
                           {"title", r.text(1)},
                           {"account_name", r.text(2)},
                           {"won_at", clock::format_rfc3339(r.integer(3))},
                           {"won_units", r.integer(4)},
                           {"amount_fen", r.integer(5)},
                           {"delivered_units", 0}};
  }
  std::string dwho = o.whole_dealer ? "d.unit_id = ?" : "d.user_id = ?";
  for (const auto& r : c.query(
           "SELECT d.opportunity_id, o.title, a.name, SUM(d.quantity) FROM deliveries d JOIN opportunities o ON o.id = "
           "d.opportunity_id JOIN accounts a ON a.id = d.account_id WHERE " +
               dwho + " AND d.month = ? AND d.voided_at IS NULL GROUP BY d.opportunity_id, o.title, a.name",
           {who_id, yyyymm(p)})) {
    f.delivered_units += r.integer(3);
    auto& d = deals[r.integer(0)];
    if (d.is_null()) {
      d = {{"opportunity_id", r.integer(0)},
           {"title", r.text(1)},
           {"account_name", r.text(2)},
           {"won_at", nullptr},
           {"won_units", 0},
           {"amount_fen", 0}};
    }
    d["delivered_units"] = r.integer(3);
  }
  json list = json::array();
  for (auto& [id, d] : deals) list.push_back(std::move(d));
  return {f, list};
}

json summary_figures(db::Connection& c, const ReportRow& r, const PeriodInfo& p) {
  auto o = owner_of(r);
  Owner self{r.user_id, r.unit_id, false};
  auto [f, deals] = month_deals(c, self, p);
  (void)o;
  auto target = c.query_one(
      "SELECT SUM(tc.units) FROM target_cells tc JOIN target_plans tp ON tp.id = tc.plan_id WHERE tp.status = 'issued' "
      "AND tp.superseded_by IS NULL AND tc.level = 'user' AND tc.user_id = ? AND tc.month = ? AND tc.business = 'all'",
      {r.user_id, yyyymm(p)});
  std::optional<int64_t> target_units;
  if (target && !target->is_null(0)) target_units = target->integer(0);
  auto registrations =
      c.query_one("SELECT COUNT(*) FROM registrations WHERE registered_by = ? AND created_at >= ? AND created_at < ?",
                  {r.user_id, p.starts_at, p.ends_at});
  auto visits = c.query_one("SELECT COUNT(*) FROM visits WHERE user_id = ? AND occurred_at >= ? AND occurred_at < ?",
                            {r.user_id, p.starts_at, p.ends_at});
  json attainment;
  if (target_units && *target_units > 0)
    attainment =
        std::round(static_cast<double>(f.delivered_units) * 1000.0 / static_cast<double>(*target_units)) / 10.0;
  return {{"target_units", target_units ? json(*target_units) : json()},
          {"delivered_units", f.delivered_units},
          {"attainment_pct", attainment},
          {"won_units", f.won_units},
          {"registrations", registrations ? registrations->integer(0) : 0},
          {"visits", visits ? visits->integer(0) : 0}};
}

const std::vector<std::string> kSummarySections = {"results", "key_accounts", "problems", "support_needed",
                                                   "next_month_plan"};
const std::vector<std::string> kRequiredSections = {"results", "key_accounts", "next_month_plan"};
const std::vector<std::string> kStatsFields = {"won_count", "won_units", "amount_fen", "delivered_units"};

// The content a person sees: their draft over the prefilled facts, or the prefilled facts.
json prefilled(db::Connection& c, const ReportRow& r, const PeriodInfo& p) {
  std::optional<json> draft;
  if (r.draft) draft = json::parse(*r.draft, nullptr, false);
  if (r.kind == "weekly_tracking") {
    std::optional<std::map<int64_t, Judgement>> judgements;
    if (draft && draft->contains("rows")) {
      judgements.emplace();
      for (const auto& row : (*draft)["rows"]) {
        if (row.contains("account_id") && row["account_id"].is_number_integer())
          (*judgements)[row["account_id"].get<int64_t>()] = judgement_of(row);
      }
    }
    return weekly_prefill(c, r, p, judgements);
  }
  if (r.kind == "monthly_stats") {
    auto [f, deals] = month_deals(c, owner_of(r), p);
    json out = figures_json(f);
    out["note"] = "";
    out["deals"] = deals;
    if (draft && draft->is_object()) {
      for (const auto& field : kStatsFields) {
        if (draft->contains(field) && (*draft)[field].is_number_integer()) out[field] = (*draft)[field];
      }
      if (draft->contains("note") && (*draft)["note"].is_string()) out["note"] = (*draft)["note"];
    }
    return out;
  }
  json out = {{"figures", summary_figures(c, r, p)}};
  for (const auto& s : kSummarySections) {
    out[s] = draft && draft->is_object() && draft->contains(s) && (*draft)[s].is_string() ? (*draft)[s] : json("");
  }
  return out;
}

// ---- reading a submission or a draft ----

// The content to store, read from the request body; throws Invalid with every field error.
json read_content(db::Connection& c, const ReportRow& r, const PeriodInfo& p, const json& body, bool complete) {
  std::vector<FieldError> errors;
  json out;
  if (r.kind == "weekly_tracking") {
    json facts = weekly_facts(c, owner_of(r), p);
    std::set<int64_t> accounts;
    for (const auto& row : facts) accounts.insert(row["account_id"].get<int64_t>());
    if (!body.contains("rows")) {
      errors.push_back({"rows", "is required", "required"});
    } else {
      auto judgements = read_weekly_rows(body["rows"], accounts, complete, errors);
      for (auto& row : facts) {
        auto it = judgements.find(row["account_id"].get<int64_t>());
        put_judgement(row, it != judgements.end() ? it->second : Judgement{});
        row["carried"] = false;
      }
    }
    out = {{"rows", facts}};
  } else if (r.kind == "monthly_stats") {
    auto [f, deals] = month_deals(c, owner_of(r), p);
    out = json::object();
    for (const auto& field : kStatsFields) {
      int64_t max = field == "amount_fen" ? 10'000'000'000'000LL : 1'000'000;
      if (!body.contains(field) || body[field].is_null()) {
        if (complete) errors.push_back({field, "is required", "required"});
        continue;
      }
      if (!body[field].is_number_integer()) {
        errors.push_back({field, "must be a whole number", "wrong_type"});
      } else if (body[field].get<int64_t>() < 0 || body[field].get<int64_t>() > max) {
        errors.push_back({field, "must be between 0 and " + std::to_string(max), "invalid_value"});
      } else {
        out[field] = body[field];
      }
    }
    out["note"] = "";
    if (body.contains("note") && !body["note"].is_null()) {
      if (!body["note"].is_string())
        errors.push_back({"note", "must be text", "wrong_type"});
      else if (characters(body["note"].get<std::string>()) > 500)
        errors.push_back({"note", "must be at most 500 characters", "too_long"});
      else
        out["note"] = body["note"];
    }
    out["deals"] = deals;
    out["system"] = figures_json(f);
  } else {
    out = {{"figures", summary_figures(c, r, p)}};
    for (const auto& s : kSummarySections) {
      out[s] = "";
      if (!body.contains(s) || body[s].is_null()) {
        if (complete && std::find(kRequiredSections.begin(), kRequiredSections.end(), s) != kRequiredSections.end())
          errors.push_back({s, "is required", "required"});
        continue;
      }
      if (!body[s].is_string()) {
        errors.push_back({s, "must be text", "wrong_type"});
        continue;
      }
      auto text = body[s].get<std::string>();
      if (characters(text) > 4000) {
        errors.push_back({s, "must be at most 4000 characters", "too_long"});
        continue;
      }
      bool blank = text.find_first_not_of(" \t\r\n") == std::string::npos;
      if (complete && blank &&
          std::find(kRequiredSections.begin(), kRequiredSections.end(), s) != kRequiredSections.end())
        errors.push_back({s, "must not be empty", "required"});
      out[s] = text;
    }
  }
  if (!errors.empty()) throw Invalid(errors);
  return out;
}

std::set<std::string> allowed_fields(const std::string& kind) {
  std::set<std::string> allowed = {"version", "correction_reason"};
  if (kind == "weekly_tracking") {
    allowed.insert("rows");
  } else if (kind == "monthly_stats") {
    for (const auto& f : kStatsFields) allowed.insert(f);
    allowed.insert({"note", "deals", "system"});  // deals and system are read-only and ignored
  } else {
    for (const auto& s : kSummarySections) allowed.insert(s);
    allowed.insert("figures");  // read-only, ignored
  }
  return allowed;
}

json parse_body(const std::string& raw, const std::string& kind, int64_t& version,
                std::optional<std::string>& correction_reason) {
  auto body = http::parse_json_object(raw);
  std::vector<FieldError> errors;
  auto allowed = allowed_fields(kind);
  for (const auto& [key, value] : body.items()) {
    if (!allowed.contains(key)) errors.push_back({key, "is not a field of this report", "unknown_field"});
  }
  if (!body.contains("version")) {
    errors.push_back({"version", "is required", "required"});
  } else if (!body["version"].is_number_integer() || body["version"].get<int64_t>() < 1) {
    errors.push_back({"version", "must be the report's version", "wrong_type"});
  } else {
    version = body["version"].get<int64_t>();
  }
  if (body.contains("correction_reason") && !body["correction_reason"].is_null()) {
    if (!body["correction_reason"].is_string())
      errors.push_back({"correction_reason", "must be text", "wrong_type"});
    else if (characters(body["correction_reason"].get<std::string>()) > 500)
      errors.push_back({"correction_reason", "must be at most 500 characters", "too_long"});
    else
      correction_reason = body["correction_reason"].get<std::string>();
    if (correction_reason && correction_reason->find_first_not_of(" \t\r\n") == std::string::npos)
      correction_reason.reset();
  }
  if (!errors.empty()) throw Invalid(errors);
  return body;
}

PeriodInfo period_of(const ReportRow& r) {
  auto p = period_info(r.kind, r.period);
  if (!p) throw std::runtime_error("report " + std::to_string(r.id) + " has a malformed period");
  return *p;
}

json detail_json(db::Connection& c, const auth::Principal& caller, const ReportRow& r, int64_t now) {
  auto p = period_of(r);
  json out = summary_json(r, now);
  auto period =
      c.query_one("SELECT rp.default_due_at, rp.due_reason FROM report_periods rp WHERE rp.kind = ? AND rp.period = ?",
                  {r.kind, r.period});
  out["period_start"] = clock::format_rfc3339(p.starts_at);
  out["period_end"] = clock::format_rfc3339(p.ends_at);
  out["default_due_at"] = clock::format_rfc3339(period ? period->integer(0) : p.default_due_at);
  out["due_reason"] = period && period->optional_text(1) ? json(*period->optional_text(1)) : json();
  out["editable"] = r.user_id == caller.user_id;
  out["draft_saved_at"] = time_json(r.draft_saved_at);
  json revisions = json::array();
  json latest;
  for (const auto& rv :
       c.query("SELECT rv.revision, rv.submitted_at, u.display_name, rv.correction_reason, rv.content FROM "
               "report_revisions rv JOIN users u ON u.id = rv.submitted_by WHERE rv.report_id = ? ORDER BY rv.revision",
               {r.id})) {
    latest = json::parse(rv.text(4), nullptr, false);
    revisions.push_back({{"revision", rv.integer(0)},
                         {"submitted_at", clock::format_rfc3339(rv.integer(1))},
                         {"submitted_by_name", rv.text(2)},
                         {"status", rv.integer(1) > r.due_at ? "late" : "submitted"},
                         {"correction_reason", rv.optional_text(3) ? json(*rv.optional_text(3)) : json()},
                         {"content", latest}});
  }
  out["revisions"] = revisions;
  bool own = r.user_id == caller.user_id;
  if (r.draft && own) {
    out["content"] = prefilled(c, r, p);
    out["content_source"] = "draft";
  } else if (!latest.is_null()) {
    out["content"] = latest;
    out["content_source"] = "revision";
  } else {
    ReportRow without_draft = r;
    if (!own) without_draft.draft.reset();  // a draft is the person's own until submitted
    out["content"] = prefilled(c, without_draft, p);
    out["content_source"] = "prefill";
  }
  out["system"] = nullptr;
  out["differences"] = json::array();
  if (r.kind == "monthly_stats") {
    auto [f, deals] = month_deals(c, owner_of(r), p);
    out["system"] = figures_json(f);
    if (!latest.is_null()) {
      for (const auto& field : kStatsFields) {
        int64_t submitted = latest.value(field, int64_t{0});
        int64_t system = out["system"][field].get<int64_t>();
        if (submitted != system)
          out["differences"].push_back({{"field", field}, {"submitted", submitted}, {"system", system}});
      }
    }
  }
  json comments = json::array();
  for (const auto& cm : c.query(
           "SELECT cm.id, cm.revision, cm.author_id, u.display_name, cm.body, cm.created_at FROM report_comments cm "
           "JOIN users u ON u.id = cm.author_id WHERE cm.report_id = ? ORDER BY cm.id",
           {r.id})) {
    comments.push_back({{"id", cm.integer(0)},
                        {"revision", cm.integer(1)},
                        {"author_id", cm.integer(2)},
                        {"author_name", cm.text(3)},
                        {"body", cm.text(4)},
                        {"created_at", clock::format_rfc3339(cm.integer(5))}});
  }
  out["comments"] = comments;
  return out;
}

std::string status_condition(const std::string& status) {
  if (status == "open") return "(r.submitted_at IS NULL AND r.due_at >= ?)";
  if (status == "missing") return "(r.submitted_at IS NULL AND r.due_at < ?)";
  if (status == "submitted") return "(r.submitted_at IS NOT NULL AND r.submitted_at <= r.due_at)";
  return "(r.submitted_at > r.due_at)";
}

}  // namespace

// ---- opening periods ----

int64_t open_periods(db::Connection& c, int64_t now_ms, const std::vector<std::string>& only) {
  int64_t created = 0;
  for (const auto& kind : kinds()) {
    if (!only.empty() && std::find(only.begin(), only.end(), kind) == only.end()) continue;
    auto p = current_period(kind, now_ms);
    ensure_period_row(c, kind, p, now_ms);
    int64_t due = due_of(c, kind, p.period);
    int64_t made =
        c.execute(std::string("INSERT INTO reports (kind, period, user_id, unit_id, due_at, version, created_at, "
                              "updated_at) SELECT ?, ?, u.id, u.org_unit_id, ?, 1, ?, ? FROM users u JOIN "
                              "org_units o ON o.id = u.org_unit_id WHERE u.active = 1 AND u.role IN ") +
                      kFilerRoles +
                      " AND o.kind = 'dealer' AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.kind = ? AND "
                      "r.period = ? AND r.user_id = u.id) ON CONFLICT (kind, period, user_id) DO NOTHING",
                  {kind, p.period, due, now_ms, now_ms, kind, p.period});
    if (made > 0) boards::totals::refresh_reports(c, kind, p.period);  // the discipline board's totals
    created += made;
  }
  return created;
}

int64_t ReportService::open_current_periods(const std::vector<std::string>& only) {
  int64_t created = 0;
  database_.write([&](db::Connection& c) { created = open_periods(c, clock::now_ms(), only); });
  return created;
}

void ReportService::open_if_needed(const auth::Principal& caller) {
  if (!open_on_read_) return;
  int64_t now = clock::now_ms();
  std::string key;
  for (const auto& kind : kinds()) key += current_period(kind, now).period + "|";
  bool opened = false;
  {
    std::lock_guard lock(mutex_);
    opened = key == opened_;
  }
  if (opened && auth::allowed(caller.role, "reports.submit")) {
    // a person who joined since the period opened gets theirs on their first look
    database_.read([&](db::Connection& c) {
      auto row = c.query_one(
          "SELECT COUNT(*) FROM reports WHERE user_id = ? AND ((kind = 'weekly_tracking' AND period = ?) OR (kind <> "
          "'weekly_tracking' AND period = ?))",
          {caller.user_id, current_period("weekly_tracking", now).period, current_period("monthly_stats", now).period});
      opened = row && row->integer(0) == static_cast<int64_t>(kinds().size());
    });
  }
  if (opened) return;
  open_current_periods();
  std::lock_guard lock(mutex_);
  opened_ = key;
}

// ---- list, get ----

ListPage ReportService::list(const auth::Principal& caller, const ListFilter& filter) {
  open_if_needed(caller);
  int64_t now = clock::now_ms();
  ListPage page;
  database_.read([&](db::Connection& c) {
    std::string sql = std::string(kReportSelect) + "WHERE 1 = 1";
    db::Params params;
    if (caller.role == auth::Role::sales_rep) {
      sql += " AND r.user_id = ?";
      params.emplace_back(caller.user_id);
    } else {
      sql += " AND ou.path >= ? AND ou.path < ?";
      params.emplace_back(caller.scope.lower());
      params.emplace_back(caller.scope.upper());
    }
    if (filter.kind) {
      sql += " AND r.kind = ?";
      params.emplace_back(*filter.kind);
    }
    if (filter.period) {
      sql += " AND r.period = ?";
      params.emplace_back(*filter.period);
    }
    if (filter.user_id) {
      sql += " AND r.user_id = ?";
      params.emplace_back(*filter.user_id);
    }
    if (filter.unit_id) {
      auto unit = c.query_one("SELECT path FROM org_units WHERE id = ?", {*filter.unit_id});
      if (!unit || (!caller.scope.contains(unit->text(0)) && caller.role != auth::Role::sales_rep))
        throw NotFound("unit not found");
      auth::Scope narrowed{unit->text(0)};
      sql += " AND ou.path >= ? AND ou.path < ?";
      params.emplace_back(narrowed.lower());
      params.emplace_back(narrowed.upper());
    }
    if (!filter.statuses.empty()) {
      std::string any;
      for (const auto& s : filter.statuses) {
        any += (any.empty() ? "" : " OR ") + status_condition(s);
        if (s == "open" || s == "missing") params.emplace_back(now);
      }
      sql += " AND (" + any + ")";
    }
    if (filter.after) {
      sql += " AND (r.due_at < ? OR (r.due_at = ? AND r.id < ?))";
      params.emplace_back(filter.after->first);
      params.emplace_back(filter.after->first);
      params.emplace_back(filter.after->second);
    }
    sql += " ORDER BY r.due_at DESC, r.id DESC LIMIT ?";
    params.emplace_back(static_cast<int64_t>(filter.limit + 1));
    auto rows = c.query(sql, params);
    for (size_t i = 0; i < rows.size() && i < static_cast<size_t>(filter.limit); ++i) {
      auto r = report_of(rows[i]);
      page.items.push_back(summary_json(r, now));
      if (i + 1 == static_cast<size_t>(filter.limit) && rows.size() > i + 1) page.next = {{r.due_at, r.id}};
    }
  });
  return page;
}

json ReportService::get(const auth::Principal& caller, int64_t id) {
  open_if_needed(caller);
  json out;
  database_.read([&](db::Connection& c) {
    auto r = load(c, caller, id);
    out = detail_json(c, caller, r, clock::now_ms());
  });
  return out;
}

// ---- draft, submit, comment ----

json ReportService::save_draft(const auth::Principal& caller, int64_t id, const std::string& raw) {
  json out;
  database_.write([&](db::Connection& c) {
    auto r = load(c, caller, id);
    if (r.user_id != caller.user_id) throw Forbidden("only the report's own person fills it in");
    int64_t version = 0;
    std::optional<std::string> reason;
    auto body = parse_body(raw, r.kind, version, reason);
    require_version("report", r.version, version);
    auto content = read_content(c, r, period_of(r), body, false);
    int64_t now = clock::now_ms();
    if (c.execute(
            "UPDATE reports SET draft = ?, draft_saved_at = ?, version = version + 1, updated_at = ? WHERE id = ? "
            "AND version = ?",
            {content.dump(), now, now, r.id, r.version}) != 1)
      throw Conflict("the report was changed by someone else", "version_conflict");
    out = detail_json(c, caller, load(c, caller, id), now);
  });
  return out;
}

json ReportService::submit(const auth::Principal& caller, int64_t id, const std::string& raw) {
  json out;
  database_.write([&](db::Connection& c) {
    auto r = load(c, caller, id);
    if (r.user_id != caller.user_id) throw Forbidden("only the report's own person submits it");
    int64_t version = 0;
    std::optional<std::string> reason;
    auto body = parse_body(raw, r.kind, version, reason);
    require_version("report", r.version, version);
    if (r.revision > 0 && !reason)
      throw Invalid("correction_reason", "a submitted report is corrected with a reason", "required");
    auto content = read_content(c, r, period_of(r), body, true);
    int64_t now = clock::now_ms();
    int64_t revision = r.revision + 1;
    if (c.execute("UPDATE reports SET revision = ?, submitted_at = COALESCE(submitted_at, ?), last_submitted_at = ?, "
                  "draft = NULL, draft_saved_at = NULL, version = version + 1, updated_at = ? WHERE id = ? AND "
                  "version = ?",
                  {revision, now, now, now, r.id, r.version}) != 1)
      throw Conflict("the report was changed by someone else", "version_conflict");
    if (!r.submitted_at) boards::totals::report_submitted(c, r.unit_id, r.kind, r.period, r.due_at, now);
    c.execute(
        "INSERT INTO report_revisions (report_id, revision, content, submitted_at, submitted_by, correction_reason) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        {r.id, revision, content.dump(), now, caller.user_id, reason ? db::Param(*reason) : db::Param(nullptr)});
    audit::record(
        c, {caller.user_id, revision == 1 ? "submit" : "correct", "report", r.id, std::nullopt,
            json({{"kind", r.kind}, {"period", r.period}, {"revision", revision}, {"late", now > r.due_at}}).dump()});
    out = detail_json(c, caller, load(c, caller, id), now);
  });
  return out;
}

json ReportService::comment(const auth::Principal& caller, int64_t id, const std::string& raw) {
  json out;
  database_.write([&](db::Connection& c) {
    auto r = load(c, caller, id);
    if (r.user_id == caller.user_id || !auth::allowed(caller.role, "reports.review"))
      throw Forbidden("reviewers above the person comment on a report");
    http::JsonInput in(raw, {"body"});
    auto text = in.required_string("body", 8000);
    in.finish();
    if (characters(text) > 2000) throw Invalid("body", "must be at most 2000 characters", "too_long");
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) throw Invalid("body", "must not be empty", "required");
    if (r.revision == 0) throw Conflict("the report has not been submitted yet", "report.not_submitted");
    int64_t now = clock::now_ms();
    auto row = c.query_one(
        "INSERT INTO report_comments (report_id, revision, author_id, body, created_at) VALUES (?, ?, ?, ?, ?) "
        "RETURNING id",
        {r.id, r.revision, caller.user_id, text, now});
    out = {{"id", row->integer(0)},
           {"revision", r.revision},
           {"author_id", caller.user_id},
           {"author_name", caller.display_name},
           {"body", text},
           {"created_at", clock::format_rfc3339(now)}};
  });
  return out;
}

// ---- the overdue board ----

json ReportService::board(const auth::Principal& caller, const std::string& kind, const std::string& period,
                          std::optional<int64_t> unit_id) {
  auth::require(caller.role, "reports.board");
  open_if_needed(caller);
  int64_t now = clock::now_ms();
  json out;
  database_.read([&](db::Connection& c) {
    int64_t root_id = unit_id.value_or(caller.org_unit_id);
    auto root = c.query_one("SELECT id, name, kind, path FROM org_units WHERE id = ?", {root_id});
    if (!root || !caller.scope.contains(root->text(3))) throw NotFound("unit not found");
    auth::Scope subtree{root->text(3)};
    // The units of the subtree: each dealer rolls up to its ancestor one level below the root.
    struct Unit {
      std::string name, kind, path;
    };
    std::map<int64_t, Unit> units;
    for (const auto& u : c.query("SELECT id, name, kind, path FROM org_units WHERE path >= ? AND path < ?",
                                 {subtree.lower(), subtree.upper()}))
      units[u.integer(0)] = {u.text(1), u.text(2), u.text(3)};
    struct Counts {
      int64_t expected = 0, submitted = 0, late = 0, missing = 0, open = 0;
    };
    auto counts_json = [](const Counts& k) {
      return json{{"expected", k.expected},
                  {"submitted", k.submitted},
                  {"late", k.late},
                  {"missing", k.missing},
                  {"open", k.open}};
    };
    std::map<int64_t, Counts> below;
    Counts totals;
    size_t depth = root->text(3).size();
    for (const auto& row : c.query(
             "SELECT r.unit_id, COUNT(*), SUM(CASE WHEN r.submitted_at IS NOT NULL AND r.submitted_at <= r.due_at THEN "
             "1 "
             "ELSE 0 END), SUM(CASE WHEN r.submitted_at > r.due_at THEN 1 ELSE 0 END), SUM(CASE WHEN r.submitted_at IS "
             "NULL AND r.due_at < ? THEN 1 ELSE 0 END), SUM(CASE WHEN r.submitted_at IS NULL AND r.due_at >= ? THEN 1 "
             "ELSE 0 END) FROM reports r WHERE r.kind = ? AND r.period = ? GROUP BY r.unit_id",
             {now, now, kind, period})) {
      auto it = units.find(row.integer(0));
      if (it == units.end()) continue;  // outside the subtree
      Counts k{row.integer(1), row.integer(2), row.integer(3), row.integer(4), row.integer(5)};
      totals.expected += k.expected, totals.submitted += k.submitted, totals.late += k.late,
          totals.missing += k.missing, totals.open += k.open;
      const auto& path = it->second.path;
      if (path.size() <= depth) continue;  // reports of the root unit itself (a dealer's own board)
      auto end = path.find('/', depth);
      int64_t child = std::stoll(path.substr(depth, end - depth));
      auto& b = below[child];
      b.expected += k.expected, b.submitted += k.submitted, b.late += k.late, b.missing += k.missing, b.open += k.open;
    }
    json list = json::array();
    std::vector<std::pair<int64_t, Counts>> ranked(below.begin(), below.end());
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
      int64_t wa = a.second.missing + a.second.late, wb = b.second.missing + b.second.late;
      if (wa != wb) return wa > wb;
      return a.first < b.first;
    });
    for (const auto& [id, k] : ranked) {
      json item = counts_json(k);
      item["id"] = id;
      item["name"] = units[id].name;
      item["kind"] = units[id].kind;
      list.push_back(item);
    }
    auto p = c.query_one("SELECT due_at, default_due_at, due_reason FROM report_periods WHERE kind = ? AND period = ?",
                         {kind, period});
    auto info = period_info(kind, period);
    out = {{"kind", kind},
           {"period", period},
           {"due_at", clock::format_rfc3339(p ? p->integer(0) : info->default_due_at)},
           {"default_due_at", clock::format_rfc3339(p ? p->integer(1) : info->default_due_at)},
           {"due_reason", p && p->optional_text(2) ? json(*p->optional_text(2)) : json()},
           {"unit", {{"id", root->integer(0)}, {"name", root->text(1)}, {"kind", root->text(2)}}},
           {"totals", counts_json(totals)},
           {"units", list}};
  });
  return out;
}

// ---- deadlines ----

namespace {

json period_json(const db::Row& p) {
  return {{"kind", p.text(0)},
          {"period", p.text(1)},
          {"starts_at", clock::format_rfc3339(p.integer(2))},
          {"ends_at", clock::format_rfc3339(p.integer(3))},
          {"due_at", clock::format_rfc3339(p.integer(4))},
          {"default_due_at", clock::format_rfc3339(p.integer(5))},
          {"due_reason", p.optional_text(6) ? json(*p.optional_text(6)) : json()},
          {"moved_by_name", p.optional_text(7) ? json(*p.optional_text(7)) : json()},
          {"moved_at", time_json(p.optional_integer(8))},
          {"version", p.integer(9)}};
}

constexpr const char* kPeriodSelect =
    "SELECT rp.kind, rp.period, rp.starts_at, rp.ends_at, rp.due_at, rp.default_due_at, rp.due_reason, u.display_name, "
    "rp.moved_at, rp.version FROM report_periods rp LEFT JOIN users u ON u.id = rp.moved_by ";

}  // namespace

json ReportService::periods(const auth::Principal& caller, const std::string& kind, const std::string& from,
                            const std::string& to) {
  open_if_needed(caller);
  json items = json::array();
  database_.read([&](db::Connection& c) {
    for (const auto& p :
         c.query(std::string(kPeriodSelect) +
                     "WHERE rp.kind = ? AND rp.period >= ? AND rp.period <= ? ORDER BY rp.starts_at DESC",
                 {kind, from, to}))
      items.push_back(period_json(p));
  });
  return {{"items", items}};
}

json ReportService::move_due(const auth::Principal& caller, const std::string& kind, const std::string& period,
                             int64_t due_at, const std::string& reason, std::optional<int64_t> version) {
  auth::require(caller.role, "reports.deadline");
  auto info = period_info(kind, period);
  if (!info) throw NotFound("no such period");
  if (due_at <= info->starts_at) throw Invalid("due_at", "must be after the period begins");
  if (due_at > info->default_due_at + 31 * calendar::kDayMs)
    throw Invalid("due_at", "may move at most 31 days past the usual deadline");
  json out;
  database_.write([&](db::Connection& c) {
    int64_t now = clock::now_ms();
    ensure_period_row(c, kind, *info, now);
    auto before =
        c.query_one("SELECT due_at, version FROM report_periods WHERE kind = ? AND period = ?", {kind, period});
    if (version) require_version("period", before->integer(1), *version);
    c.execute(
        "UPDATE report_periods SET due_at = ?, due_reason = ?, moved_by = ?, moved_at = ?, version = version + 1 WHERE "
        "kind = ? AND period = ?",
        {due_at, reason, caller.user_id, now, kind, period});
    c.execute("UPDATE reports SET due_at = ?, updated_at = ? WHERE kind = ? AND period = ?",
              {due_at, now, kind, period});
    boards::totals::refresh_reports(c, kind, period);  // on time and late are against the new deadline
    audit::record(
        c, {caller.user_id, "move_deadline", "report_period", 0,
            json({{"kind", kind}, {"period", period}, {"due_at", clock::format_rfc3339(before->integer(0))}}).dump(),
            json({{"kind", kind}, {"period", period}, {"due_at", clock::format_rfc3339(due_at)}, {"reason", reason}})
                .dump()});
    out = period_json(*c.query_one(std::string(kPeriodSelect) + "WHERE rp.kind = ? AND rp.period = ?", {kind, period}));
  });
  return out;
}

// ---- export ----

namespace {

std::string level_zh(const json& v) {
  if (!v.is_string()) return "";
  auto s = v.get<std::string>();
  return s == "high" ? "高" : s == "medium" ? "中" : s == "low" ? "低" : s;
}

std::string authenticity_zh(const json& v) {
  if (!v.is_string()) return "";
  auto s = v.get<std::string>();
  return s == "confirmed" ? "真实" : s == "doubtful" ? "存疑" : s == "false" ? "不实" : s;
}

std::string grade_zh(const std::string& g) {
  return g == "key" ? "重点" : g == "secondary" ? "次重点" : g == "potential" ? "潜力" : g;
}

std::string stage_zh(const std::string& s) {
  static const std::map<std::string, std::string> names = {
      {"discover", "发现"}, {"contact", "接触"}, {"analyze", "分析"}, {"position", "方案"},
      {"bid", "投标"},      {"won", "赢单"},     {"lost", "丢单"}};
  auto it = names.find(s);
  return it == names.end() ? s : it->second;
}

std::string yuan(int64_t fen) { return fmt::format("{:.2f}", static_cast<double>(fen) / 100.0); }

}  // namespace

std::pair<std::string, std::string> ReportService::export_xlsx(const auth::Principal& caller, int64_t id) {
  auto report = get(caller, id);
  const auto& content = report["content"];
  std::vector<sheets::Row> rows;
  std::string status = report["status"].get<std::string>();
  std::string status_zh = status == "submitted" ? "已提交"
                          : status == "late"    ? "迟交"
                          : status == "missing" ? "缺交"
                                                : "待提交";
  std::string head = report["user_name"].get<std::string>() + "  " + report["unit_name"].get<std::string>() + "  " +
                     report["period"].get<std::string>() + "  截止 " +
                     report["due_at"].get<std::string>().substr(0, 16) + "  " + status_zh;
  std::string title;
  std::string kind = report["kind"].get<std::string>();
  if (kind == "weekly_tracking") {
    title = "重点大客户关系维系跟踪表";
    rows.push_back({title});
    rows.push_back({head});
    rows.push_back(
        {"序号", "客户名称", "客户等级", "本周拜访", "商机进展", "成交概率", "价值分析", "难度评估", "真实性", "备注"});
    int n = 0;
    for (const auto& row : content["rows"]) {
      std::string visits, moves;
      for (const auto& v : row["visits"])
        visits += (visits.empty() ? "" : "\n") + v["occurred_at"].get<std::string>().substr(5, 5) + " " +
                  v["summary"].get<std::string>();
      for (const auto& m : row["moves"])
        moves += (moves.empty() ? "" : "\n") + m["title"].get<std::string>() + ": " +
                 (m["from_stage"].is_string() ? stage_zh(m["from_stage"].get<std::string>()) : std::string("新建")) +
                 "→" + stage_zh(m["to_stage"].get<std::string>());
      rows.push_back(
          {std::to_string(++n), row["account_name"].get<std::string>(), grade_zh(row["grade"].get<std::string>()),
           visits, moves,
           row["deal_probability"].is_number() ? std::to_string(row["deal_probability"].get<int64_t>()) + "%" : "",
           level_zh(row["value_analysis"]), level_zh(row["difficulty"]), authenticity_zh(row["authenticity"]),
           row.value("note", std::string())});
    }
  } else if (kind == "monthly_stats") {
    title = "大客户统计表";
    rows.push_back({title});
    rows.push_back({head});
    rows.push_back({"序号", "商机", "客户名称", "赢单时间", "赢单台数", "金额(元)", "本月交车台数"});
    int n = 0;
    for (const auto& d : content["deals"]) {
      rows.push_back({std::to_string(++n), d["title"].get<std::string>(), d["account_name"].get<std::string>(),
                      d["won_at"].is_string() ? d["won_at"].get<std::string>().substr(0, 10) : "",
                      std::to_string(d["won_units"].get<int64_t>()), yuan(d["amount_fen"].get<int64_t>()),
                      std::to_string(d["delivered_units"].get<int64_t>())});
    }
    rows.push_back({});
    rows.push_back({"", "填报", "赢单数", std::to_string(content.value("won_count", int64_t{0})), "赢单台数",
                    std::to_string(content.value("won_units", int64_t{0})), "交车台数",
                    std::to_string(content.value("delivered_units", int64_t{0})), "金额(元)",
                    yuan(content.value("amount_fen", int64_t{0}))});
    if (report["system"].is_object()) {
      const auto& s = report["system"];
      rows.push_back({"", "系统", "赢单数", std::to_string(s["won_count"].get<int64_t>()), "赢单台数",
                      std::to_string(s["won_units"].get<int64_t>()), "交车台数",
                      std::to_string(s["delivered_units"].get<int64_t>()), "金额(元)",
                      yuan(s["amount_fen"].get<int64_t>())});
    }
    rows.push_back({"", "备注", content.value("note", std::string())});
  } else {
    title = "月度工作总结表";
    rows.push_back({title});
    rows.push_back({head});
    const auto& f = content["figures"];
    rows.push_back({"目标(台)", f["target_units"].is_number() ? std::to_string(f["target_units"].get<int64_t>()) : "-",
                    "实销(台)", std::to_string(f["delivered_units"].get<int64_t>()), "达成率",
                    f["attainment_pct"].is_number() ? fmt::format("{:.1f}%", f["attainment_pct"].get<double>()) : "-",
                    "赢单(台)", std::to_string(f["won_units"].get<int64_t>()), "报备",
                    std::to_string(f["registrations"].get<int64_t>()), "拜访",
                    std::to_string(f["visits"].get<int64_t>())});
    const std::vector<std::pair<std::string, std::string>> sections = {{"results", "本月业绩与目标对比"},
                                                                       {"key_accounts", "重点客户情况"},
                                                                       {"problems", "存在问题"},
                                                                       {"support_needed", "需要的支持"},
                                                                       {"next_month_plan", "下月计划"}};
    for (const auto& [field, label] : sections) rows.push_back({label, content.value(field, std::string())});
  }
  std::string name = title + "-" + report["user_name"].get<std::string>() + "-" + report["period"].get<std::string>();
  return {name, sheets::write_xlsx(title.substr(0, 31), rows)};
}

// ---- reminders and home ----

std::vector<notifications::Reminder> reminders(db::Connection& c, int64_t now_ms) {
  std::vector<notifications::Reminder> out;
  static const std::map<std::string, std::string> names = {{"weekly_tracking", "重点大客户关系维系跟踪表"},
                                                           {"monthly_stats", "大客户统计表"},
                                                           {"monthly_summary", "月度工作总结表"}};
  for (const auto& r :
       c.query("SELECT r.id, r.user_id, r.kind, r.period, r.due_at FROM reports r WHERE r.submitted_at IS NULL AND "
               "r.due_at >= ? AND r.due_at < ? ORDER BY r.due_at, r.id",
               {now_ms - 8 * calendar::kDayMs, now_ms + 24 * kHourMs})) {
    int64_t id = r.integer(0), due = r.integer(4);
    const auto& name = names.at(r.text(2));
    auto local = calendar::china_date(due - 1);  // 24:00 is shown as the day it ends
    std::string day = fmt::format("{}月{}日", local.month, local.day);
    notifications::Reminder m;
    m.user_id = r.integer(1);
    m.link = "/reports/" + std::to_string(id);
    if (due >= now_ms) {
      m.kind = "report_due";
      m.key = "report:" + std::to_string(id) + ":due";
      m.title = name + "（" + r.text(3) + "）将于" + day + " 24:00 截止，请及时提交";
    } else {
      m.kind = "report_overdue";
      m.key = "report:" + std::to_string(id) + ":overdue";
      m.title = name + "（" + r.text(3) + "）已于" + day + " 24:00 截止，尚未提交";
      m.body = "逾期提交将记为迟交";
    }
    out.push_back(std::move(m));
  }
  return out;
}

int64_t count_to_submit(db::Connection& c, const auth::Principal& caller) {
  auto row = c.query_one("SELECT COUNT(*) FROM reports WHERE user_id = ? AND submitted_at IS NULL", {caller.user_id});
  return row ? row->integer(0) : 0;
}

Overdue count_overdue(db::Connection& c, const auth::Principal& caller, int64_t now_ms) {
  Overdue out;
  auto current = current_period("weekly_tracking", now_ms);
  int64_t due = due_of(c, "weekly_tracking", current.period);
  if (due == 0) due = current.default_due_at;
  out.period = now_ms > due ? current.period : previous_period("weekly_tracking", current).period;
  auto row = c.query_one(
      "SELECT COUNT(*) FROM reports r JOIN org_units ou ON ou.id = r.unit_id WHERE r.kind = 'weekly_tracking' AND "
      "r.period = ? AND r.submitted_at IS NULL AND r.due_at < ? AND ou.path >= ? AND ou.path < ?",
      {out.period, now_ms, caller.scope.lower(), caller.scope.upper()});
  out.count = row ? row->integer(0) : 0;
  return out;
}

}  // namespace fleetkam::reports
