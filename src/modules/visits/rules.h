// The rules of visits as pure functions of their inputs and the time (no database, no HTTP), so
// a unit test calls them directly: which moments a visit may be logged at, which due dates a next
// step may take, the state of a next step on a given day, and when an account counts as not
// visited for its grade's number of days. Days are China (Asia/Shanghai) calendar days.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace fleetkam::visits {

// A visit is logged after it happened: at most this far ahead of the server's clock (clocks
// differ a little), and at most this many days back (older notes are not a tracking record).
inline constexpr int64_t kFutureSlackMs = 5LL * 60 * 1000;
inline constexpr int64_t kMaxPastDays = 90;
// A next step is due at most this many days after the visit's day.
inline constexpr int64_t kMaxDueDays = 366;
// HQ's number of days per grade lies in [1, kMaxRuleDays].
inline constexpr int64_t kMaxRuleDays = 365;

// The China calendar day of a moment, YYYY-MM-DD.
std::string china_day(int64_t utc_ms);

// Why `occurred_at` cannot be logged at `now` (too far in the future, or more than kMaxPastDays
// days back), or nullopt when it can.
std::optional<std::string> occurred_at_problem(int64_t occurred_at, int64_t now);

// Why `due` is not a due date for a next step of a visit at `occurred_at` (not a YYYY-MM-DD
// date, before the visit's day, more than kMaxDueDays after it), or nullopt.
std::optional<std::string> due_problem(const std::string& due, int64_t occurred_at);

// A next step's state on `today`: none (the visit has none), done, overdue (due before today),
// due (due today) or open (due later).
std::string next_step_state(const std::optional<std::string>& next_step, const std::optional<std::string>& due,
                            const std::optional<int64_t>& done_at, const std::string& today);

// An account of a grade with `max_days` is not visited in time when its last visit happened
// before this moment (or never): the start of the China day `max_days` days before today. A
// visit on day D keeps it in time through day D + max_days.
int64_t unvisited_before(int64_t now, int64_t max_days);
bool visit_overdue(const std::optional<int64_t>& last_visit_at, int64_t max_days, int64_t now);
// Whole China days from the last visit's day to today; nullopt for never.
std::optional<int64_t> days_since(const std::optional<int64_t>& last_visit_at, int64_t now);

}  // namespace fleetkam::visits
