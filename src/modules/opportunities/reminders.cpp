#include "modules/opportunities/reminders.h"

#include <string>

#include "platform/clock.h"
#include "platform/db/database.h"

namespace fleetkam::opportunities::reminders {
namespace {

constexpr int64_t kDayMs = 86400000;

// The quote's facts for the message (id, status, opportunity, account, model, quantity, unit) for
// each approver the `approvers` joins and conditions name (users u).
std::string quote_sql(const std::string& approvers) {
  return "SELECT u.id, q.id, q.status, q.opportunity_id, a.name, m.name, q.quantity, ou.name FROM quotes q "
         "JOIN org_units ou ON ou.id = q.owner_unit_id JOIN opportunities o ON o.id = q.opportunity_id "
         "JOIN accounts a ON a.id = o.account_id JOIN vehicle_models m ON m.id = q.model_id " +
         approvers + " ORDER BY q.id, u.id";
}

// The regional step, to the regional directors whose region's subtree holds the quote's unit:
// the path range [region, region with its last '/' raised to '0') as auth::Scope reads it.
constexpr const char* kRegionalStep =
    "JOIN users u ON u.role = 'regional_director' AND u.active = 1 JOIN org_units ru ON ru.id = u.org_unit_id "
    "WHERE q.status = 'pending_regional' AND ou.path >= ru.path "
    "AND ou.path < substr(ru.path, 1, length(ru.path) - 1) || '0'";
constexpr const char* kHqStep =
    "JOIN users u ON u.role IN ('admin', 'ka_director', 'ka_executive') AND u.active = 1 "
    "WHERE q.status = 'pending_hq'";

constexpr const char* kTendersClosing =
    "SELECT o.owner_user_id, t.id, t.opportunity_id, t.bid_deadline, t.notice_no, a.name FROM tenders t "
    "JOIN opportunities o ON o.id = t.opportunity_id JOIN accounts a ON a.id = o.account_id "
    "JOIN users u ON u.id = o.owner_user_id AND u.active = 1 "
    "WHERE t.bid_deadline >= ? AND t.bid_deadline < ? AND t.result = 'pending' ORDER BY t.id";

void add_quotes(db::Connection& c, const char* approvers, std::vector<notifications::Reminder>& out) {
  for (const auto& row : c.query(quote_sql(approvers))) {
    notifications::Reminder r;
    r.user_id = row.integer(0);
    r.kind = "quote_to_approve";
    r.key = "quote:" + std::to_string(row.integer(1)) + ":" + row.text(2);
    r.title = std::string(row.text(2) == "pending_hq" ? "报价待总部审批：" : "报价待大区审批：") + row.text(4);
    r.body = row.text(5) + " × " + std::to_string(row.integer(6)) + " 台 · " + row.text(7);
    r.link = "/opportunities/" + std::to_string(row.integer(3)) + "?tab=quotes";
    out.push_back(std::move(r));
  }
}

}  // namespace

std::vector<notifications::Reminder> quotes_to_approve(db::Connection& c, int64_t /*now_ms*/) {
  std::vector<notifications::Reminder> out;
  add_quotes(c, kRegionalStep, out);
  add_quotes(c, kHqStep, out);
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
