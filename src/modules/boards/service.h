// Performance boards (业绩看板, issue 16): how the period is going for a scope — HQ, a region, a
// province, a dealer or one person — read from the totals kept with the writes (totals.h).
// Each board answers JSON shaped as docs/api-notes.md "Performance boards" describes.
//
// Every board takes the same target: `unit_id` (default the caller's unit; outside the
// caller's scope 404) or `user_id` (a dealer's person in scope; a sales rep's board is always
// their own), and a range of months `from`..`to` (default this calendar year, at most 24).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>

#include "platform/auth/auth_service.h"
#include "platform/db/database.h"

namespace fleetkam::boards {

struct BoardQuery {
  std::optional<int64_t> unit_id, user_id, plan_id;
  std::optional<int64_t> from, to;  // YYYYMM
  std::optional<int64_t> month;     // discipline: the month looked at (default the last one ended)
};

class BoardService {
 public:
  explicit BoardService(db::Database& database) : database_(database) {}

  // Plan, delivered (实销) and forecast by month; the period to date; the units (or people)
  // one level below ranked by attainment with their gap.
  nlohmann::json attainment(const auth::Principal& caller, const BoardQuery& query);
  // Both tracks' stages: open count, units, amount, weighted units; reached and conversion; the
  // last 4 weeks' entries and exits; won and lost in the period.
  nlohmann::json funnel(const auth::Principal& caller, const BoardQuery& query);
  // Registrations by month and status, conversion to opportunities and to won, protection ending.
  nlohmann::json registrations(const auth::Principal& caller, const BoardQuery& query);
  // Report timeliness and the assessment's distribution in a month, and per unit below.
  nlohmann::json discipline(const auth::Principal& caller, const BoardQuery& query);
  // The value pyramid and the count pyramid of the target unit's accounts.
  nlohmann::json pyramid(const auth::Principal& caller, const BoardQuery& query);

 private:
  db::Database& database_;
};

}  // namespace fleetkam::boards
