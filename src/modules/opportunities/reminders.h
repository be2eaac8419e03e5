// What the opportunities module tells the reminder sweep (notifications/reminder.h): quotes waiting
// for a person's approval, and tenders whose bid deadline is near, to the opportunity's owner.
// Set-based reads over the whole network; a reminder's link opens the opportunity on its tab.
#pragma once

#include <cstdint>
#include <vector>

#include "modules/notifications/reminder.h"

namespace fleetkam::opportunities::reminders {

// How near a bid deadline must be for its tender to be reminded (as the home to-do's window).
constexpr int64_t kTenderWindowDays = 3;

// A quote at the regional step, to the regional directors whose region holds it; at the HQ step,
// to HQ's approvers (admin, KA director, KA executive). Key "quote:ID:STATUS": the HQ step of a
// quote the region approved is a new reminder.
std::vector<notifications::Reminder> quotes_to_approve(db::Connection& c, int64_t now_ms);

// A pending tender whose bid deadline lies within kTenderWindowDays from now, to the owner of its
// opportunity. Key "tender:ID:DEADLINE": a moved deadline is reminded again.
std::vector<notifications::Reminder> tenders_closing(db::Connection& c, int64_t now_ms);

}  // namespace fleetkam::opportunities::reminders
