// What the registrations module tells the reminder sweep (notifications/reminder.h): registrations
// (报备) waiting for review, to the area manager of the dealer's province. One set-based read.
#pragma once

#include <cstdint>
#include <vector>

#include "modules/notifications/reminder.h"

namespace fleetkam::registrations::reminders {

// A pending or conflicting registration, to the active area managers of the dealer's province.
// Key "registration:ID:review".
std::vector<notifications::Reminder> awaiting_review(db::Connection& c, int64_t now_ms);

}  // namespace fleetkam::registrations::reminders
