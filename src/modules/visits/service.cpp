#include "modules/visits/service.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "modules/accounts/store.h"
#include "modules/visits/rules.h"
#include "modules/visits/store.h"
#include "platform/audit/audit.h"
#include "platform/auth/roles.h"
#include "platform/clock.h"
#include "platform/errors.h"
#include "platform/record_write.h"

namespace fleetkam::visits {
namespace {

using json = nlohmann::json;

std::vector<int64_t> contact_ids(const Visit& v) {
  std::vector<int64_t> out;
  for (const auto& k : v.contacts) out.push_back(k.id);
  std::sort(out.begin(), out.end());
  return out;
}

json audit_json(const Visit& v) {
  json contacts = json::array();
  for (auto id : contact_ids(v)) contacts.push_back(id);
  return {{"account_id", v.account_id},
          {"opportunity_id", v.opportunity_id ? json(*v.opportunity_id) : json()},
          {"kind", v.kind},
          {"occurred_at", v.occurred_at},
          {"summary", v.summary},
          {"next_step", v.next_step ? json(*v.next_step) : json()},
          {"next_step_due", v.next_step_due ? json(*v.next_step_due) : json()},
          {"next_step_done_at", v.next_step_done_at ? json(*v.next_step_done_at) : json()},
          {"contact_ids", contacts}};
}

// Applies `in` to `v` (a new visit, or the stored one for a PATCH) and checks the result against
// the rules; throws Invalid naming every field that breaks one.
void apply(db::Connection& c, const auth::Principal& caller, const VisitInput& in, Visit& v, bool creating,
           int64_t now) {
  std::vector<FieldError> errors;
  auto error = [&](std::string field, std::string message, std::string code = "invalid_value") {
    errors.push_back({std::move(field), std::move(message), std::move(code)});
  };
  bool time_changed = false, step_changed = false;
  if (in.kind) v.kind = *in.kind;
  if (in.summary) v.summary = *in.summary;
  if (in.occurred_at && *in.occurred_at != v.occurred_at) {
    v.occurred_at = *in.occurred_at;
    time_changed = true;
  }
  if (creating || time_changed) {
    if (auto problem = occurred_at_problem(v.occurred_at, now)) error("occurred_at", *problem);
  }
  if (in.clear_opportunity) v.opportunity_id.reset();
  if (in.opportunity_id && in.opportunity_id != v.opportunity_id) {
    auto found = store::opportunity_in_scope(c, caller.scope, *in.opportunity_id);
    if (!found || found->account_id != v.account_id) {
      error("opportunity_id", "is not an opportunity of this account");
    } else {
      v.opportunity_id = in.opportunity_id;
      v.opportunity_title = found->title;
    }
  }
  if (in.contact_ids) {
    const auto& ids = *in.contact_ids;
    auto known = store::contacts_of_account(c, v.account_id, ids);
    std::set<int64_t> seen;
    for (size_t i = 0; i < ids.size(); ++i) {
      std::string field = "contact_ids[" + std::to_string(i) + "]";
      if (!seen.insert(ids[i]).second) {
        error(field, "is listed twice");
      } else if (std::find(known.begin(), known.end(), ids[i]) == known.end()) {
        error(field, "is not a contact of this account");
      }
    }
    v.contacts.clear();
    for (auto id : ids) v.contacts.push_back({id, "", ""});
  }
  // the next step: both fields or neither; a changed one is open again
  auto old_step = v.next_step;
  auto old_due = v.next_step_due;
  if (in.clear_next_step) {
    v.next_step.reset();
    v.next_step_due.reset();
  }
  if (in.next_step) v.next_step = *in.next_step;
  if (in.next_step_due) v.next_step_due = *in.next_step_due;
  step_changed = v.next_step != old_step || v.next_step_due != old_due;
  if (v.next_step && !v.next_step_due) {
    error("next_step_due", "is required with a next step", "required");
  } else if (v.next_step_due && !v.next_step) {
    error("next_step", "is required with a due date", "required");
  } else if (v.next_step_due && (creating || step_changed || time_changed)) {
    if (auto problem = due_problem(*v.next_step_due, v.occurred_at)) error("next_step_due", *problem);
  }
  if (step_changed || !v.next_step) v.next_step_done_at.reset();
  if (!errors.empty()) throw Invalid(errors);
}

}  // namespace

Visit VisitService::create(const auth::Principal& caller, const VisitInput& input) {
  int64_t now = clock::now_ms();
  Visit created;
  database_.write([&](db::Connection& c) {
    auto account = accounts::store::find_account(c, caller.scope, input.account_id.value_or(0));
    if (!account) throw NotFound("no such account");
    auth::require(caller.role, "visits.log");
    if (!account->active) throw Invalid("account_id", "is an inactive account");
    Visit v;
    v.account_id = account->id;
    v.user_id = caller.user_id;
    v.unit_id = caller.org_unit_id;
    v.contacts.clear();
    apply(c, caller, input, v, true, now);
    v.id = store::insert(c, v, now);
    store::replace_contacts(c, v.id, contact_ids(v));
    store::raise_last_visit(c, v.account_id, v.occurred_at);
    audit::record(c, {caller.user_id, "create", "visit", v.id, std::nullopt, audit_json(v).dump()});
    created = *store::find(c, caller, v.id);
  });
  return created;
}

Visit VisitService::get(const auth::Principal& caller, int64_t id) {
  auth::require(caller.role, "visits.read");
  std::optional<Visit> found;
  database_.read([&](db::Connection& c) { found = store::find(c, caller, id); });
  if (!found) throw NotFound("no such visit");
  return std::move(*found);
}

std::vector<Visit> VisitService::list(const auth::Principal& caller, const VisitFilter& filter) {
  auth::require(caller.role, "visits.read");
  std::vector<Visit> out;
  database_.read([&](db::Connection& c) { out = store::list(c, caller, filter); });
  return out;
}

Visit VisitService::update(const auth::Principal& caller, int64_t id, const VisitInput& patch) {
  int64_t now = clock::now_ms();
  return write_record(
      database_, caller, {"visit", "visits.log", patch.version},
      [&](db::Connection& c) { return store::find(c, caller, id); },
      [&](db::Connection& c, Visit& v) {
        if (v.user_id != caller.user_id) throw Forbidden("only its author changes a visit", "visit.not_author");
        Visit before = v;
        apply(c, caller, patch, v, false, now);
        if (audit_json(before) == audit_json(v)) return before;  // nothing changes: no new version
        if (v.occurred_at != before.occurred_at) store::lock_account(c, v.account_id);
        if (!store::update(c, v, now)) throw Conflict("the visit was changed by someone else", "version_conflict");
        if (patch.contact_ids) store::replace_contacts(c, v.id, contact_ids(v));
        if (v.occurred_at != before.occurred_at) store::recompute_last_visit(c, v.account_id);
        audit::record(c, {caller.user_id, "update", "visit", v.id, audit_json(before).dump(), audit_json(v).dump()});
        return *store::find(c, caller, id);
      });
}

Visit VisitService::set_next_step_done(const auth::Principal& caller, int64_t id, int64_t version, bool done) {
  int64_t now = clock::now_ms();
  return write_record(
      database_, caller, {"visit", "visits.log"}, [&](db::Connection& c) { return store::find(c, caller, id); },
      [&](db::Connection& c, Visit& v) {
        if (v.user_id != caller.user_id) throw Forbidden("only its author changes a visit", "visit.not_author");
        if (!v.next_step) throw Conflict("the visit has no next step", "visit.no_next_step");
        require_version("visit", v.version, version);
        if (done == v.next_step_done_at.has_value()) return v;  // already so: no new version
        Visit before = v;
        v.next_step_done_at = done ? std::optional<int64_t>(now) : std::nullopt;
        if (!store::update(c, v, now)) throw Conflict("the visit was changed by someone else", "version_conflict");
        audit::record(c, {caller.user_id, done ? "next_step_done" : "next_step_reopen", "visit", v.id,
                          audit_json(before).dump(), audit_json(v).dump()});
        return *store::find(c, caller, id);
      });
}

std::vector<Visit> VisitService::next_steps(const auth::Principal& caller, const NextStepFilter& filter) {
  auth::require(caller.role, "visits.read");
  std::string today = china_day(clock::now_ms());
  std::vector<Visit> out;
  database_.read([&](db::Connection& c) { out = store::next_steps(c, caller.user_id, filter, today); });
  return out;
}

BuyingCentre VisitService::buying_centre(const auth::Principal& caller, int64_t account_id) {
  int64_t now = clock::now_ms();
  BuyingCentre out;
  database_.read([&](db::Connection& c) {
    auto account = accounts::store::find_account(c, caller.scope, account_id);
    if (!account) throw NotFound("no such account");
    auth::require(caller.role, "visits.read");
    out.account_id = account_id;
    out.grade = account->grade;
    for (const auto& rule : store::rules(c))
      if (rule.grade == account->grade) out.max_days = rule.max_days;
    out.last_visit_at = store::last_visit(c, account_id);
    out.days_since_visit = days_since(out.last_visit_at, now);
    out.overdue = visit_overdue(out.last_visit_at, out.max_days, now);
    auto contacts = store::buying_centre(c, account_id);
    for (const auto& role : buying_roles()) {
      BuyingCentreRole r;
      r.role = role;
      for (const auto& [contact_role, contact] : contacts) {
        if (contact_role != role) continue;
        if (contact.last_met_at && (!r.last_met_at || *contact.last_met_at > *r.last_met_at))
          r.last_met_at = contact.last_met_at;
        r.contacts.push_back(contact);
      }
      out.roles.push_back(std::move(r));
    }
  });
  return out;
}

std::vector<VisitRule> VisitService::rules(const auth::Principal& caller) {
  auth::require(caller.role, "visits.read");
  std::vector<VisitRule> out;
  database_.read([&](db::Connection& c) { out = store::rules(c); });
  return out;
}

std::vector<VisitRule> VisitService::set_rules(const auth::Principal& caller,
                                               const std::map<std::string, int64_t>& days) {
  auth::require(caller.role, "visits.rules");
  std::vector<FieldError> errors;
  for (const auto& [grade, n] : days) {
    if (std::find(grades().begin(), grades().end(), grade) == grades().end())
      errors.push_back({"rules." + grade, "is not a grade", "unknown_field"});
    else if (n < 1 || n > kMaxRuleDays)
      errors.push_back({"rules." + grade, "must be between 1 and " + std::to_string(kMaxRuleDays), "invalid_value"});
  }
  if (days.empty()) errors.push_back({"rules", "give the days of at least one grade", "required"});
  if (!errors.empty()) throw Invalid(errors);
  int64_t now = clock::now_ms();
  std::vector<VisitRule> out;
  database_.write([&](db::Connection& c) {
    json before = json::object(), after = json::object();
    for (const auto& rule : store::rules(c)) before[rule.grade] = rule.max_days;
    after = before;
    bool changed = false;
    for (const auto& [grade, n] : days) {
      if (before.value(grade, int64_t{0}) == n) continue;
      store::set_rule(c, grade, n, caller.user_id, now);
      after[grade] = n;
      changed = true;
    }
    if (changed) audit::record(c, {caller.user_id, "update", "visit_rules", 0, before.dump(), after.dump()});
    out = store::rules(c);
  });
  return out;
}

namespace {

std::vector<std::pair<std::string, int64_t>> thresholds(const std::vector<VisitRule>& rules, int64_t now) {
  std::vector<std::pair<std::string, int64_t>> out;
  out.reserve(rules.size());
  for (const auto& rule : rules) out.emplace_back(rule.grade, unvisited_before(now, rule.max_days));
  return out;
}

}  // namespace

std::vector<UnvisitedAccount> VisitService::unvisited(const auth::Principal& caller, const UnvisitedFilter& filter) {
  auth::require(caller.role, "visits.read");
  auth::require(caller.role, "accounts.read");
  int64_t now = clock::now_ms();
  std::vector<UnvisitedAccount> out;
  database_.read([&](db::Connection& c) {
    auto rules = store::rules(c);
    out = store::unvisited(c, caller.scope, filter, thresholds(rules, now));
    for (auto& a : out) {
      for (const auto& rule : rules)
        if (rule.grade == a.grade) a.max_days = rule.max_days;
      a.days_since_visit = days_since(a.last_visit_at, now);
    }
  });
  return out;
}

int64_t count_next_steps(db::Connection& c, const auth::Principal& caller, const std::string& status, int64_t now) {
  return store::count_next_steps(c, caller.user_id, status, china_day(now));
}

int64_t count_unvisited(db::Connection& c, const auth::Principal& caller, int64_t now) {
  return store::count_unvisited(c, caller.scope, {}, thresholds(store::rules(c), now));
}

}  // namespace fleetkam::visits
