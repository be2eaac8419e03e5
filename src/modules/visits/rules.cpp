#include "modules/visits/rules.h"

#include "platform/calendar/calendar.h"

namespace fleetkam::visits {

std::string china_day(int64_t utc_ms) { return calendar::date_text(calendar::china_date(utc_ms)); }

std::optional<std::string> occurred_at_problem(int64_t occurred_at, int64_t now) {
  if (occurred_at > now + kFutureSlackMs) return "must not be in the future";
  if (occurred_at < now - kMaxPastDays * calendar::kDayMs)
    return "must be within the last " + std::to_string(kMaxPastDays) + " days";
  return std::nullopt;
}

std::optional<std::string> due_problem(const std::string& due, int64_t occurred_at) {
  auto date = calendar::parse_date(due);
  if (!date) return "must be a date YYYY-MM-DD";
  int64_t day = calendar::days_from_civil(*date);
  int64_t visit_day = calendar::days_from_civil(calendar::china_date(occurred_at));
  if (day < visit_day) return "must not be before the day of the visit";
  if (day > visit_day + kMaxDueDays) return "must be within " + std::to_string(kMaxDueDays) + " days of the visit";
  return std::nullopt;
}

std::string next_step_state(const std::optional<std::string>& next_step, const std::optional<std::string>& due,
                            const std::optional<int64_t>& done_at, const std::string& today) {
  if (!next_step || !due) return "none";
  if (done_at) return "done";
  if (*due < today) return "overdue";  // YYYY-MM-DD compare as text
  if (*due == today) return "due";
  return "open";
}

int64_t unvisited_before(int64_t now, int64_t max_days) {
  auto today = calendar::days_from_civil(calendar::china_date(now));
  return calendar::china_midnight(calendar::civil_from_days(today - max_days));
}

bool visit_overdue(const std::optional<int64_t>& last_visit_at, int64_t max_days, int64_t now) {
  return !last_visit_at || *last_visit_at < unvisited_before(now, max_days);
}

std::optional<int64_t> days_since(const std::optional<int64_t>& last_visit_at, int64_t now) {
  if (!last_visit_at) return std::nullopt;
  return calendar::days_from_civil(calendar::china_date(now)) -
         calendar::days_from_civil(calendar::china_date(*last_visit_at));
}

}  // namespace fleetkam::visits
