// The rules of rectification orders as pure functions (no database, no HTTP): which due days an
// order may take, when it is overdue, and which step may follow which.
#pragma once

#include <optional>
#include <string>

namespace fleetkam::rectification {

// A due day lies from today up to this many days ahead.
inline constexpr int kMaxDueDays = 180;
inline constexpr size_t kTitleLength = 100;
inline constexpr size_t kTextLength = 2000;

// Why `due` cannot be an order's due day raised on `today` (not a date, before today, too far
// ahead), or nullopt.
std::optional<std::string> due_problem(const std::string& due, const std::string& today);

// An order is overdue on `today` while it waits for its answer (open) after its due day.
bool overdue(const std::string& status, const std::string& due, const std::string& today);

// The status an action leads to from `status`, or nullopt when the action cannot follow it:
// respond (open → responded), close (responded → closed), send_back (responded → open),
// cancel (open or responded → cancelled).
std::optional<std::string> next_status(const std::string& status, const std::string& action);

}  // namespace fleetkam::rectification
