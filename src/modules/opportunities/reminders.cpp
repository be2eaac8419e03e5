#include "modules/opportunities/reminders.h"

#include <string>
#include <utility>
#include <vector>

#include "platform/clock.h"
#include "platform/db/database.h"

namespace fleetkam::opportunities::reminders {
namespace {

constexpr int64_t kDayMs = 86400000;

// The quotes waiting at a step, with what the message says: id, status, opportunity, account,
// model, quantity, unit, and the unit's path (to find the region's directors).
constexpr const char* kWaitingQuotes =
    "SELECT q.id, q.status, q.opportunity_id, a.name, m.name, q.quantity, ou.name, ou.path FROM quotes q "
    "JOIN org_units ou ON ou.id = q.owner_unit_id JOIN opportunities o ON o.id = q.opportunity_id "
    "JOIN accounts a ON a.id = o.account_id JOIN vehicle_models m ON m.id = q.model_id "
    "WHERE q.status IN ('pending_regional', 'pending_hq') ORDER BY q.id";
// The approvers, a handful: each region's directors with their region's path, and HQ's. Read apart
// from the quotes and matched here, so neither database can pick a plan that pairs every quote
// with every user.
constexpr const char* kRegionalApprovers =
    "SELECT u.id, ru.path FROM users u JOIN org_units ru ON ru.id = u.org_unit_id "
    "WHERE u.role = 'regional_director' AND u.active = 1 ORDER BY u.id";
constexpr const char* kHqApprovers =
    "SELECT id FROM users WHERE role IN ('admin', 'ka_director', 'ka_executive') AND active = 1 ORDER BY id";

constexpr const char* kTendersClosing =
    "SELECT o.owner_user_id, t.id, t.opportunity_id, t.bid_deadline, t.notice_no, a.name FROM tenders t "
    "JOIN opportunities o ON o.id = t.opportunity_id JOIN accounts a ON a.id = o.account_id "
    "JOIN users u ON u.id = o.owner_user_id AND u.active = 1 "
    "WHERE t.bid_deadline >= ? AND t.bid_deadline < ? AND t.result = 'pending' ORDER BY t.id";

}  // namespace

std::vector<notifications::Reminder> quotes_to_approve(db::Connection& c, int64_t /*now_ms*/) {
  std::vector<std::pair<int64_t, std::string>> regional;  // director, region path
  for (const auto& row : c.query(kRegionalApprovers)) regional.emplace_back(row.integer(0), row.text(1));
  std::vector<int64_t> hq;
  for (const auto& row : c.query(kHqApprovers)) hq.push_back(row.integer(0));
  std::vector<notifications::Reminder> out;
  for (const auto& row : c.query(kWaitingQuotes)) {
    const bool at_hq = row.text(1) == "pending_hq";
    notifications::Reminder r;
    r.kind = "quote_to_approve";
    r.key = "quote:" + std::to_string(row.integer(0)) + ":" + row.text(1);
    r.title = std::string(at_hq ? "报价待总部审批：" : "报价待大区审批：") + row.text(3);
    r.body = row.text(4) + " × " + std::to_string(row.integer(5)) + " 台 · " + row.text(6);
    r.link = "/opportunities/" + std::to_string(row.integer(2)) + "?tab=quotes";
    const std::string& unit_path = row.text(7);
    if (at_hq) {
      for (int64_t user : hq) {
        r.user_id = user;
        out.push_back(r);
      }
    } else {
      // the directors whose region's subtree holds the quote's unit (its path starts with theirs)
      for (const auto& [user, region_path] : regional) {
        if (unit_path.compare(0, region_path.size(), region_path) != 0) continue;
        r.user_id = user;
        out.push_back(r);
      }
    }
  }
  return out;
}

std::vector<notifications::Reminder> tenders_closing(db::Connection& c, int64_t now_ms) {
  std::vector<notifications::Reminder> out;
  for (const auto& row : c.query(kTendersClosing, {now_ms, now_ms + kTenderWindowDays * kDayMs})) {
    notifications::Reminder r;
    r.user_id = row.integer(0);
    r.kind = "tender_closing";
    r.key = "tender:" + std::to_string(row.integer(1)) + ":" + std::to_string(row.integer(3));
    // "2026-11-28T02:40:05+08:00" → "11-28 02:40", Beijing time
    std::string deadline = clock::format_rfc3339(row.integer(3));
    r.title = "招标即将截止：" + row.text(5);
    r.body = "投标截止 " + deadline.substr(5, 5) + " " + deadline.substr(11, 5) + "（北京时间），公告 " + row.text(4);
    r.link = "/opportunities/" + std::to_string(row.integer(2)) + "?tab=tenders";
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace fleetkam::opportunities::reminders
