// Satisfaction after delivery: follow-ups scheduled by deliveries, recorded by the dealer's people,
// low scores reviewed by the area manager (or above), complaints owned until resolved, and the
// charts per unit and model by month. Scope: a follow-up or complaint is seen by whoever's scope
// holds its unit (the delivery's); outside that it is a 404.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "modules/notifications/reminder.h"
#include "modules/satisfaction/model.h"
#include "platform/auth/auth_service.h"
#include "platform/db/database.h"
#include "platform/sheets/sheets.h"

namespace fleetkam::satisfaction {

class SatisfactionService {
 public:
  explicit SatisfactionService(db::Database& database) : database_(database) {}

  Rules rules(const auth::Principal& caller);
  // satisfaction.rules (HQ); delay 1..90 days, low score 1..4 (422). Applies to deliveries from now.
  Rules set_rules(const auth::Principal& caller, const Rules& rules);

  Followup get(const auth::Principal& caller, int64_t id);
  std::vector<Followup> list(const auth::Principal& caller, const FollowupFilter& filter);
  // The dealer's people (or the area manager) record the call: scheduled → done, scores 1–5, with a
  // complaint optionally (its owner a person of the follow-up's unit or above it, in the caller's
  // scope; its due day today..+90).
  Followup record(const auth::Principal& caller, int64_t id, const RecordInput& input);
  // The area manager (or above) reviews a low score: what was done about it.
  Followup review_low(const auth::Principal& caller, int64_t id, int64_t version, const std::string& note);

  // Who may own a complaint on the follow-up: the active dealer managers and sales reps of its unit
  // and the area managers above it, in the caller's scope.
  struct Owner {
    int64_t user_id = 0;
    std::string name, role, unit_name;
  };
  std::vector<Owner> owners(const auth::Principal& caller, int64_t followup_id);

  // A complaint raised later on a recorded follow-up.
  Complaint complain(const auth::Principal& caller, int64_t followup_id, const ComplaintInput& input);
  Complaint complaint(const auth::Principal& caller, int64_t id);
  std::vector<Complaint> complaints(const auth::Principal& caller, const ComplaintFilter& filter);
  // Its owner, or a manager whose scope holds its unit, records how it was resolved.
  Complaint resolve(const auth::Principal& caller, int64_t id, int64_t version, const std::string& resolution);

  // Scores by month over [from, to] (YYYYMM, at most 24 months), in total and per unit one level
  // below the caller's (or `unit_id`'s) or per model.
  // user_id: only the follow-ups of that person's deliveries (a person's board), read from the
  // follow-ups themselves (a dealer's few); no unit groups then.
  Summary summary(const auth::Principal& caller, int64_t from_month, int64_t to_month, const std::string& by,
                  std::optional<int64_t> unit_id, std::optional<int64_t> user_id = std::nullopt);

  // The filtered follow-ups (at most 50,000) as .xlsx rows with Chinese headers.
  std::vector<sheets::Row> export_rows(const auth::Principal& caller, FollowupFilter filter);

 private:
  db::Database& database_;
};

Rules load_rules(db::Connection& c);

// Called by the deliveries service inside the delivery's transaction: the follow-up due the
// rules' delay after the delivery day; and when a delivery is voided, its follow-up if not made yet
// is cancelled.
void schedule(db::Connection& c, int64_t delivery_id, int64_t now_ms);
void cancel_for_delivery(db::Connection& c, int64_t delivery_id, int64_t now_ms);

// satisfaction_rollup (every unit above a dealer: its subtree's totals) computed again from
// satisfaction_totals — after a unit moved, and by `gen`. Seconds on the national set.
void rebuild_rollup(db::Connection& c);

bool can_record(const auth::Principal& caller, const Followup& followup);
bool can_review(const auth::Principal& caller, const Followup& followup);
bool can_resolve(const auth::Principal& caller, const Complaint& complaint);

// The home page's to-dos, each the length of the list with the same filter.
int64_t count_due(db::Connection& c, const auth::Principal& caller, int64_t now);  // status=scheduled&due=true
int64_t count_low_unreviewed(db::Connection& c, const auth::Principal& caller);    // low=unreviewed
int64_t count_my_complaints(db::Connection& c, const auth::Principal& caller);     // complaints mine=true&status=open
int64_t count_overdue_complaints(db::Connection& c, const auth::Principal& caller, int64_t now);  // overdue=true

// The sweep's reminders: follow-ups due today to the unit's people, low scores to the province's
// area managers, open complaints to their owners (and overdue ones again).
std::vector<notifications::Reminder> reminders(db::Connection& c, int64_t now_ms);

}  // namespace fleetkam::satisfaction
