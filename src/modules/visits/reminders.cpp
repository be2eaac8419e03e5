#include "modules/visits/reminders.h"

#include <fmt/format.h>

#include "modules/visits/rules.h"
#include "platform/db/database.h"

namespace fleetkam::visits {

std::vector<notifications::Reminder> next_step_reminders(db::Connection& c, int64_t now_ms) {
  std::string today = china_day(now_ms);
  std::vector<notifications::Reminder> out;
  // the open next steps are the rows of the partial index visits_open_next_steps
  for (const auto& row : c.query("SELECT v.id, v.user_id, v.next_step, v.next_step_due, v.account_id, a.name FROM "
                                 "visits v JOIN accounts a ON a.id = v.account_id WHERE v.next_step IS NOT NULL AND "
                                 "v.next_step_done_at IS NULL AND v.next_step_due <= ? ORDER BY v.user_id, "
                                 "v.next_step_due, v.id",
                                 {today})) {
    notifications::Reminder r;
    const auto& due = row.text(3);
    r.user_id = row.integer(1);
    r.kind = "next_step_due";
    r.key = fmt::format("next_step:{}:{}", row.integer(0), due);
    r.title = due == today ? fmt::format("下一步待办今天到期：{}", row.text(2))
                           : fmt::format("下一步待办已逾期（应于{}完成）：{}", due, row.text(2));
    r.body = fmt::format("客户：{}", row.text(5));
    r.link = fmt::format("/accounts/{}?tab=visits", row.integer(4));
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace fleetkam::visits
