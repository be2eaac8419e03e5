// The visits module's reminder source for the notifications sweep: one reminder per open next
// step due today or before (China days), to its author, keyed by the visit and its due date so
// that a moved due date reminds again. One statement for the whole network.
#pragma once

#include <cstdint>
#include <vector>

#include "modules/notifications/reminder.h"

namespace fleetkam::visits {

// kind "next_step_due", key "next_step:<visit id>:<due>", a zh-CN title (due today, or overdue
// since the date), the link the account's page with its visits.
std::vector<notifications::Reminder> next_step_reminders(db::Connection& c, int64_t now_ms);

}  // namespace fleetkam::visits
