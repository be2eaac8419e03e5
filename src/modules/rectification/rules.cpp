#include "modules/rectification/rules.h"

#include "platform/calendar/calendar.h"

namespace fleetkam::rectification {

std::optional<std::string> due_problem(const std::string& due, const std::string& today) {
  auto date = calendar::parse_date(due);
  if (!date) return "must be a date YYYY-MM-DD";
  if (due < today) return "must not be before today (" + today + ")";
  auto first = calendar::parse_date(today);
  if (first && calendar::days_from_civil(*date) > calendar::days_from_civil(*first) + kMaxDueDays)
    return "must be within " + std::to_string(kMaxDueDays) + " days";
  return std::nullopt;
}

bool overdue(const std::string& status, const std::string& due, const std::string& today) {
  return status == "open" && due < today;  // YYYY-MM-DD compare as text
}

std::optional<std::string> next_status(const std::string& status, const std::string& action) {
  if (action == "respond" && status == "open") return "responded";
  if (action == "close" && status == "responded") return "closed";
  if (action == "send_back" && status == "responded") return "open";
  if (action == "cancel" && (status == "open" || status == "responded")) return "cancelled";
  return std::nullopt;
}

}  // namespace fleetkam::rectification
