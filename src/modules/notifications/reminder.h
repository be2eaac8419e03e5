// What a module hands the reminder sweep: the reminders that hold now. The sweep (notifications
// module) stores each as an in-app notification once per (user, key) and sends the new ones to
// the WeCom group robot of the person's nearest unit that has one. Sources are set-based reads
// (one or a few statements for the whole network), so a sweep over 10,000 people stays short.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace fleetkam::db {
class Connection;
}

namespace fleetkam::notifications {

struct Reminder {
  int64_t user_id = 0;
  // report_due, report_overdue, next_step_due, quote_to_approve, registration_to_review,
  // tender_closing, ...: the web translates it and shows an icon per kind.
  std::string kind;
  // Unique per user among reminders that should be sent once, e.g. "report:123:due" or
  // "next_step:77:2027-01-05": a later sweep that finds the same key sends nothing again.
  std::string key;
  std::string title;  // zh-CN, one line, e.g. "本周重点大客户跟踪表将于周六24:00截止"
  std::string body;   // zh-CN, may be empty
  std::string link;   // the web path it opens, e.g. "/reports/123"
};

// Reads (inside the sweep's transaction) the reminders that hold at `now_ms`.
using ReminderSource = std::function<std::vector<Reminder>(db::Connection&, int64_t now_ms)>;

}  // namespace fleetkam::notifications
