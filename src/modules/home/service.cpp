#include "modules/home/service.h"
#include "modules/agreements/service.h"
#include "modules/assessment/service.h"
#include "modules/reports/service.h"
#include "modules/targets/service.h"

#include <algorithm>

#include "modules/events/service.h"
#include "modules/opportunities/model.h"
#include "modules/opportunities/rules.h"
#include "modules/rectification/service.h"
#include "modules/registrations/home_figures.h"
#include "modules/satisfaction/service.h"
#include "modules/support/service.h"
#include "modules/visits/service.h"
#include "platform/clock.h"

namespace fleetkam::home {
namespace {

constexpr int64_t kDayMs = 86400000;
constexpr int64_t kChinaOffsetMs = int64_t{8} * 3600000;

// The calendar day `days` after the day of `now` in China, YYYY-MM-DD.
std::string china_day(int64_t now, int64_t days) {
  int64_t day = (now + kChinaOffsetMs) / kDayMs + days;
  return clock::format_rfc3339(day * kDayMs).substr(0, 10);
}

Deliveries deliveries_of(db::Connection& c, const auth::Scope& scope, int64_t this_month) {
  Deliveries d;
  d.this_month.month = this_month;
  d.last_month.month = opportunities::add_months(this_month, -1);
  d.same_month_last_year.month = opportunities::add_months(this_month, -12);
  auto units = opportunities::home_figures::delivered(
      c, scope, {d.this_month.month, d.last_month.month, d.same_month_last_year.month});
  d.this_month.units = units[0];
  d.last_month.units = units[1];
  d.same_month_last_year.units = units[2];
  return d;
}

std::optional<std::string> kind_below(const std::string& kind) {
  if (kind == "hq") return "region";
  if (kind == "region") return "province";
  if (kind == "province") return "dealer";
  return std::nullopt;
}

}  // namespace

Home HomeService::home(const auth::Principal& caller) {
  namespace figures = opportunities::home_figures;
  reports_.open_if_needed(caller);
  Home out;
  int64_t now = clock::now_ms();
  out.today = china_day(now, 0);
  out.unit_id = caller.org_unit_id;
  out.unit_name = caller.unit_name;
  out.unit_kind = caller.unit_kind;
  out.units_kind = kind_below(caller.unit_kind);
  std::vector<org::OrgUnit> below;
  if (out.units_kind) {
    org::UnitFilter filter;
    filter.parent_id = caller.org_unit_id;
    filter.active = true;
    filter.limit = 500;
    below = org_.list_units(caller, filter);
  }
  int64_t this_month = opportunities::month_of(out.today);
  std::string protected_to = china_day(now, kProtectionDays);
  bool mine_only = caller.role == auth::Role::sales_rep;

  database_.read([&](db::Connection& c) {
    const auth::Scope& scope = caller.scope;
    if (auth::allowed(caller.role, "registrations.review")) {
      out.todos.push_back({"registrations_to_review",
                           registrations::home_figures::awaiting_review(c, scope),
                           "/registrations",
                           {{"status", "pending,conflict"}},
                           "/api/v1/registrations",
                           {{"status", "pending,conflict"}}});
    }
    if (!figures::statuses_awaiting(caller.role).empty()) {
      out.todos.push_back({"quotes_to_approve",
                           figures::quotes_awaiting(c, scope, caller.role),
                           "/quotes/inbox",
                           {},
                           "/api/v1/quotes",
                           {{"awaiting_me", "true"}}});
    }
    if (auth::allowed(caller.role, "registrations.read")) {
      std::map<std::string, std::string> query = {{"status", "approved"}, {"protected_until_to", protected_to}};
      if (mine_only) query["mine"] = "true";
      // the end of that day in China, as GET /registrations reads protected_until_to
      int64_t before = ((now + kChinaOffsetMs) / kDayMs + kProtectionDays + 1) * kDayMs - kChinaOffsetMs;
      out.todos.push_back({"registrations_protection_ending",
                           registrations::home_figures::protection_ending(
                               c, scope, before, mine_only ? std::optional<int64_t>(caller.user_id) : std::nullopt),
                           "/registrations", query, "/api/v1/registrations", query});
    }
    if (auth::allowed(caller.role, "targets.plan")) {
      targets::PlanFilter drafts;
      drafts.status = "draft";
      out.todos.push_back({"target_plan_draft",
                           targets::count_plans(c, caller, drafts),
                           "/targets",
                           {{"status", "draft"}},
                           "/api/v1/target-plans",
                           {{"status", "draft"}}});
    }
    if (auth::allowed(caller.role, "targets.plan") || auth::allowed(caller.role, "targets.split")) {
      targets::PlanFilter pending;
      pending.split_pending = true;
      out.todos.push_back({auth::allowed(caller.role, "targets.plan") ? "target_split_missing" : "target_split_due",
                           targets::count_plans(c, caller, pending),
                           "/targets",
                           {{"split_pending", "true"}},
                           "/api/v1/target-plans",
                           {{"split_pending", "true"}}});
    }
    // calendar reports: the caller's own not submitted; the weekly tables missing in scope
    if (auth::allowed(caller.role, "reports.submit")) {
      std::map<std::string, std::string> mine = {{"status", "open,missing"},
                                                 {"user_id", std::to_string(caller.user_id)}};
      out.todos.push_back(
          {"reports_to_submit", reports::count_to_submit(c, caller), "/reports", mine, "/api/v1/reports", mine});
    }
    if (auth::allowed(caller.role, "reports.board")) {
      auto overdue = reports::count_overdue(c, caller, now);
      std::map<std::string, std::string> board = {{"kind", "weekly_tracking"}, {"period", overdue.period}};
      std::map<std::string, std::string> missing = board;
      missing["status"] = "missing";
      out.todos.push_back({"reports_overdue", overdue.count, "/reports/board", board, "/api/v1/reports", missing});
    }
    // the monthly assessment: last month's close waiting for the caller's step, and the people
    // whose reviewer scores KA staff are still to fill
    if (auth::allowed(caller.role, "assessment.compile") || auth::allowed(caller.role, "assessment.review") ||
        auth::allowed(caller.role, "assessment.approve")) {
      std::map<std::string, std::string> mine = {{"awaiting_me", "true"}};
      out.todos.push_back({"assessment_awaiting_me",
                           static_cast<int64_t>(assessment::months_awaiting(c, caller, now).size()),
                           "/assessments",
                           {},
                           "/api/v1/assessment-months",
                           mine});
    }
    if (auth::allowed(caller.role, "assessment.compile")) {
      auto close = assessment::last_close(c, now);
      std::map<std::string, std::string> pending = {{"month", close.month}, {"pending", "true"}};
      out.todos.push_back(
          {"assessment_to_score", close.pending_people, "/assessments", pending, "/api/v1/assessments", pending});
    }
    // rectification orders: those the caller answers, those answered for the caller to verify, and
    // the ones in scope past their due day without an answer
    if (auth::allowed(caller.role, "rectification.respond")) {
      std::map<std::string, std::string> mine = {{"box", "to_answer"}, {"status", "open"}};
      out.todos.push_back({"rectifications_to_answer", rectification::count_to_answer(c, caller), "/rectifications",
                           mine, "/api/v1/rectifications", mine});
    }
    if (auth::allowed(caller.role, "rectification.raise")) {
      std::map<std::string, std::string> verify = {{"box", "to_verify"}};
      out.todos.push_back({"rectifications_to_verify", rectification::count_to_verify(c, caller), "/rectifications",
                           verify, "/api/v1/rectifications", verify});
    }
    if (auth::allowed(caller.role, "rectification.raise") || caller.role == auth::Role::area_manager) {
      std::map<std::string, std::string> late = {{"overdue", "true"}};
      out.todos.push_back({"rectifications_overdue", rectification::count_overdue(c, caller, now), "/rectifications",
                           late, "/api/v1/rectifications", late});
    }
    // satisfaction after delivery: follow-up calls due, low scores to review, complaints the caller
    // owns and the ones in scope past their due day
    if (auth::allowed(caller.role, "satisfaction.record")) {
      std::map<std::string, std::string> due = {{"due", "true"}};
      out.todos.push_back({"followups_due", satisfaction::count_due(c, caller, now), "/satisfaction", due,
                           "/api/v1/satisfaction/followups", due});
    }
    if (auth::allowed(caller.role, "satisfaction.review")) {
      std::map<std::string, std::string> low = {{"low", "unreviewed"}};
      out.todos.push_back({"low_scores_to_review", satisfaction::count_low_unreviewed(c, caller), "/satisfaction", low,
                           "/api/v1/satisfaction/followups", low});
    }
    if (auth::allowed(caller.role, "satisfaction.record")) {
      std::map<std::string, std::string> mine = {{"mine", "true"}, {"status", "open"}};
      out.todos.push_back({"complaints_mine", satisfaction::count_my_complaints(c, caller), "/complaints", mine,
                           "/api/v1/complaints", mine});
    }
    if (auth::allowed(caller.role, "satisfaction.review") || caller.role == auth::Role::dealer_manager) {
      std::map<std::string, std::string> late = {{"overdue", "true"}};
      out.todos.push_back({"complaints_overdue", satisfaction::count_overdue_complaints(c, caller, now), "/complaints",
                           late, "/api/v1/complaints", late});
    }
    // events that have ended and wait for their actual cost (the organising side)
    if (auth::allowed(caller.role, "events.manage")) {
      std::map<std::string, std::string> ended = {{"ended", "true"}};
      out.todos.push_back(
          {"events_to_close", events::count_to_close(c, caller, now), "/events", ended, "/api/v1/events", ended});
    }
    // the support ledger: requests waiting for the caller's decision, approved ones the caller issues,
    // issued ones to confirm, policy notes to mark, the caller's HQ visits due
    if (auth::allowed(caller.role, "support.approve")) {
      std::map<std::string, std::string> box = {{"box", "to_approve"}};
      out.todos.push_back({"support_to_approve", support::count_to_approve(c, caller), "/support", box,
                           "/api/v1/support/requests", box});
    }
    if (auth::allowed(caller.role, "support.stock") || auth::allowed(caller.role, "support.request")) {
      std::map<std::string, std::string> box = {{"box", "to_issue"}};
      out.todos.push_back(
          {"support_to_issue", support::count_to_issue(c, caller), "/support", box, "/api/v1/support/requests", box});
    }
    if (auth::allowed(caller.role, "support.request")) {
      std::map<std::string, std::string> box = {{"box", "to_receive"}};
      out.todos.push_back({"support_to_receive", support::count_to_receive(c, caller), "/support", box,
                           "/api/v1/support/requests", box});
    }
    if (auth::allowed(caller.role, "support.mark")) {
      std::map<std::string, std::string> submitted = {{"to_mark", "true"}};
      out.todos.push_back({"policy_notes_to_mark", support::count_notes_to_mark(c, caller), "/support/policy-notes",
                           submitted, "/api/v1/support/policy-notes", submitted});
    }
    if (auth::allowed(caller.role, "support.hq_visits")) {
      std::map<std::string, std::string> mine = {{"mine", "true"}};
      out.todos.push_back({"hq_visits_due", support::count_hq_visits_due(c, caller, now), "/support/hq-visits", mine,
                           "/api/v1/support/hq-visits", mine});
    }
    // framework agreements: the caller's applications near their deadline, and the caller's listed
    // agreements ending within 90 days (to renew)
    if (auth::allowed(caller.role, "agreements.manage")) {
      std::map<std::string, std::string> due = {{"mine", "true"}, {"due", "true"}};
      out.todos.push_back({"agreement_applications_due", agreements::count_applications_due(c, caller, now),
                           "/agreements", due, "/api/v1/agreements", due});
      std::map<std::string, std::string> expiring = {
          {"mine", "true"}, {"state", "expiring"}, {"application", "listed"}};
      out.todos.push_back({"agreements_expiring", agreements::count_expiring(c, caller, now), "/agreements", expiring,
                           "/api/v1/agreements", expiring});
    }
    // visits: the caller's next steps due today or before, and the accounts in scope not visited in time
    if (auth::allowed(caller.role, "visits.log")) {
      std::map<std::string, std::string> due = {{"status", "due"}};
      out.todos.push_back({"next_steps_due", visits::count_next_steps(c, caller, "due", now), "/next-steps", due,
                           "/api/v1/next-steps", due});
    }
    if (auth::allowed(caller.role, "visits.read") && auth::allowed(caller.role, "accounts.read")) {
      out.todos.push_back({"accounts_unvisited",
                           visits::count_unvisited(c, caller, now),
                           "/unvisited-accounts",
                           {},
                           "/api/v1/unvisited-accounts",
                           {}});
    }
    if (auth::allowed(caller.role, "opportunities.read")) {
      std::map<std::string, std::string> tenders = {{"due_within_days", std::to_string(kTenderDays)}};
      out.todos.push_back({"tenders_due", figures::tenders_due(c, scope, now, now + kTenderDays * kDayMs), "/tenders",
                           tenders, "/api/v1/tenders", tenders});
      out.todos.push_back({"opportunities_overdue",
                           figures::overdue(c, scope, out.today),
                           "/opportunities",
                           {{"attention", "overdue"}},
                           "/api/v1/opportunities",
                           {{"attention", "overdue"}}});
      out.todos.push_back({"opportunities_stale",
                           figures::stale(c, scope, now - opportunities::kStaleDays * kDayMs),
                           "/opportunities",
                           {{"attention", "stale"}},
                           "/api/v1/opportunities",
                           {{"attention", "stale"}}});
      out.todos.push_back({"opportunities_undelivered",
                           figures::undelivered(c, scope),
                           "/opportunities",
                           {{"undelivered", "true"}},
                           "/api/v1/opportunities",
                           {{"undelivered", "true"}}});
      out.pipeline = figures::pipeline(c, scope);
      out.deliveries = deliveries_of(c, scope, this_month);
      for (const auto& unit : below) {
        UnitFigures f;
        f.unit_id = unit.id;
        f.unit_name = unit.name;
        f.kind = unit.kind;
        auth::Scope unit_scope{unit.path};
        f.pipeline = figures::pipeline(c, unit_scope).total;
        f.deliveries = deliveries_of(c, unit_scope, this_month);
        out.units.push_back(std::move(f));
      }
    }
  });
  std::stable_sort(out.units.begin(), out.units.end(), [](const UnitFigures& a, const UnitFigures& b) {
    if (a.deliveries.this_month.units != b.deliveries.this_month.units)
      return a.deliveries.this_month.units > b.deliveries.this_month.units;
    if (a.pipeline.weighted_amount_fen_x100 != b.pipeline.weighted_amount_fen_x100)
      return a.pipeline.weighted_amount_fen_x100 > b.pipeline.weighted_amount_fen_x100;
    return a.unit_id < b.unit_id;
  });
  return out;
}

}  // namespace fleetkam::home
