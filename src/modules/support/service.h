// The support ledger's service (docs/api-notes.md, "The support ledger"): requests of a unit are
// seen by the scopes holding the unit (404 elsewhere); approvals climb from the level above the
// unit to the level the amount needs, each taken by a support.approve holder of that unit; HQ
// issues materials and tools from its stock (never below zero), the unit buys gifts within HQ's
// limit per contact and year and confirms what it received.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "modules/notifications/reminder.h"
#include "modules/support/model.h"
#include "platform/auth/auth_service.h"
#include "platform/db/database.h"

namespace fleetkam::support {

class SupportService {
 public:
  explicit SupportService(db::Database& database) : database_(database) {}

  Rules rules(const auth::Principal& caller);
  Rules set_rules(const auth::Principal& caller, const Rules& rules);

  std::vector<Item> items(const auth::Principal& caller, const std::optional<std::string>& kind,
                          std::optional<bool> active);
  Item create_item(const auth::Principal& caller, const ItemInput& input);
  Item update_item(const auth::Principal& caller, int64_t id, int64_t version, const ItemInput& input);
  Item restock(const auth::Principal& caller, int64_t id, int64_t version, int64_t quantity, const std::string& note);

  Request create(const auth::Principal& caller, const RequestInput& input);
  Request get(const auth::Principal& caller, int64_t id);
  std::vector<Request> list(const auth::Principal& caller, const RequestFilter& filter);
  std::vector<std::vector<std::string>> export_rows(const auth::Principal& caller, RequestFilter filter);
  Request approve(const auth::Principal& caller, int64_t id, int64_t version, const std::optional<std::string>& note);
  Request reject(const auth::Principal& caller, int64_t id, int64_t version, const std::string& note);
  Request issue(const auth::Principal& caller, int64_t id, int64_t version);
  Request receive(const auth::Principal& caller, int64_t id, int64_t version, const std::optional<std::string>& note);
  Request cancel(const auth::Principal& caller, int64_t id, int64_t version, const std::string& note);
  GiftAllowance allowance(const auth::Principal& caller, int64_t contact_id, int64_t year);

  Ledger ledger(const auth::Principal& caller, std::optional<int64_t> unit_id, int64_t year);

  std::vector<UpfitterPolicy> policies(const auth::Principal& caller, const PolicyFilter& filter);
  UpfitterPolicy create_policy(const auth::Principal& caller, const PolicyInput& input);
  UpfitterPolicy update_policy(const auth::Principal& caller, int64_t id, int64_t version, const PolicyInput& input);

  std::vector<HqVisit> hq_visits(const auth::Principal& caller, const HqVisitFilter& filter);
  HqVisit plan_hq_visit(const auth::Principal& caller, const HqVisitInput& input);
  HqVisit log_hq_visit(const auth::Principal& caller, int64_t id, int64_t version, int64_t visit_id);
  HqVisit cancel_hq_visit(const auth::Principal& caller, int64_t id, int64_t version, const std::string& reason);

  std::vector<PolicyNote> notes(const auth::Principal& caller, const NoteFilter& filter);
  PolicyNote create_note(const auth::Principal& caller, const NoteInput& input);
  PolicyNote mark_note(const auth::Principal& caller, int64_t id, int64_t version, bool useful,
                       const std::optional<std::string>& note);

  std::vector<Reward> rewards(const auth::Principal& caller, const RewardFilter& filter);

 private:
  db::Database& database_;
};

Rules load_rules(db::Connection& c);

// The approval rule: the level a request of `amount_fen` from a unit of `unit_kind` needs —
// province up to rules.province_limit_fen, region up to rules.region_limit_fen, else hq; never
// below the level just above the unit.
std::string required_level_for(const Rules& rules, int64_t amount_fen, const std::string& unit_kind);
// The ancestor at `level` (province, region, hq) of a unit of `unit_kind` whose path is
// `unit_path` ("/1/4/17/23/"); throws when the path is too short for it.
int64_t ancestor_at(const std::string& unit_kind, const std::string& unit_path, const std::string& level);

bool can_approve(const auth::Principal& caller, const Request& r);
bool can_issue(const auth::Principal& caller, const Request& r);
bool can_receive(const auth::Principal& caller, const Request& r);
bool can_cancel(const auth::Principal& caller, const Request& r);
bool can_mark(const auth::Principal& caller, const PolicyNote& n);
bool hq_visit_overdue(const HqVisit& v, const std::string& today);
bool can_log(const auth::Principal& caller, const HqVisit& v);
bool can_cancel_visit(const auth::Principal& caller, const HqVisit& v);

// Inside the transaction that moves an opportunity to won: the reward to the person who registered
// its lead (once per registration, by HQ's rule now).
void reward_won_registration(db::Connection& c, int64_t opportunity_id, int64_t now_ms);

// The home page's to-dos.
int64_t count_to_approve(db::Connection& c, const auth::Principal& caller);
int64_t count_to_issue(db::Connection& c, const auth::Principal& caller);
int64_t count_to_receive(db::Connection& c, const auth::Principal& caller);
int64_t count_notes_to_mark(db::Connection& c, const auth::Principal& caller);
int64_t count_hq_visits_due(db::Connection& c, const auth::Principal& caller, int64_t now_ms);

// The sweep's reminders: requests waiting for a decision for 2 days or more to the approvers of
// the next unit; HQ visits due today to their visitor.
std::vector<notifications::Reminder> reminders(db::Connection& c, int64_t now_ms);

}  // namespace fleetkam::support
