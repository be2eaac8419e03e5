// The performance boards' totals, kept with the writes (issue 16): summing millions of
// opportunities, registrations and deliveries per request is what made HQ's boards slow. Each
// table holds a row per unit on the record's path (its dealer, province, region and HQ), so any
// scope reads its own few hundred rows:
//   board_pipeline       opportunities by stage, procurement stage and month (the expected
//                        month while open, the month closed once won or lost)
//   board_flows          entries into and exits from each stage on both tracks, per China week
//   board_registrations  registrations by the month registered and status (+ `won`: converted
//                        and the opportunity won)
//   board_deliveries     delivered units by month and the account's grade (void ones out)
//   board_accounts       accounts per grade
//   board_reports        reports per kind and period, with those submitted on time and late
// The writers call these in their own transaction: snapshot before, write, apply with a
// snapshot after. Rows are touched in key order, so two writers never wait on each other in a
// cycle. rebuild() recomputes everything from the records (`gen`, and after an org move).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "platform/db/database.h"

namespace fleetkam::boards::totals {

// What an opportunity contributes to the totals.
struct OpportunitySnapshot {
  int64_t id = 0, owner_unit_id = 0;
  std::string path, stage, procurement_stage;
  int64_t quantity = 0, won_units = 0, amount_fen = 0;
  std::optional<int64_t> probability, registration_id;
  int64_t month = 0;  // YYYYMM: expected while open, closed once won or lost
};
std::optional<OpportunitySnapshot> opportunity(db::Connection& c, int64_t id);
void apply_opportunity(db::Connection& c, const std::optional<OpportunitySnapshot>& before,
                       const std::optional<OpportunitySnapshot>& after);

// A stage change on either track (from empty: the opportunity was created), at `at` ms.
void record_flow(db::Connection& c, int64_t opportunity_id, const std::optional<std::string>& from_stage,
                 const std::string& to_stage, const std::optional<std::string>& from_procurement,
                 const std::string& to_procurement, int64_t at);

struct RegistrationSnapshot {
  int64_t id = 0;
  std::string path, status;
  int64_t month = 0;  // YYYYMM registered, China time
};
std::optional<RegistrationSnapshot> registration(db::Connection& c, int64_t id);
void apply_registration(db::Connection& c, const std::optional<RegistrationSnapshot>& before,
                        const std::optional<RegistrationSnapshot>& after);

// Delivered units of `unit_id` in month YYYYMM to accounts of `grade` change by `units`
// (negative: a void, or a regrade moving them to another grade).
void add_delivered(db::Connection& c, int64_t unit_id, int64_t month, const std::string& grade, int64_t units);

// What an account contributes: its owner unit's path and its grade.
struct AccountSnapshot {
  std::string path, grade;
};
std::optional<AccountSnapshot> account(db::Connection& c, int64_t id);
void apply_account(db::Connection& c, const std::optional<AccountSnapshot>& before,
                   const std::optional<AccountSnapshot>& after);

// A period's report rows again from the records: after they are made, or their deadline moved.
void refresh_reports(db::Connection& c, const std::string& kind, const std::string& period);
// A report of `unit_id` submitted for the first time at `at` (on time when at ≤ due_at).
void report_submitted(db::Connection& c, int64_t unit_id, const std::string& kind, const std::string& period,
                      int64_t due_at, int64_t at);

// Every board total again from the records (marks board_state).
void rebuild(db::Connection& c);
// Computes them once when board_state is empty: the first start after the migration.
void ensure_built(db::Database& database);

// The China week (its Monday, as days since 1970-01-01) of an instant, and YYYYMM of an instant.
int64_t week_of(int64_t ms);
int64_t month_of_ms(int64_t ms);

}  // namespace fleetkam::boards::totals
