// Calendar reports (issue 13, DOMAIN.md §7 rows 2, 4, 5): the weekly key-account tracking table
// (重点大客户关系维系跟踪表), the monthly statistics table (大客户统计表) and the monthly work summary
// (月度工作总结表) of every dealer person; their deadlines (HQ may move one with a reason), the
// submissions and revisions, reviewers' comments, the overdue board, and the reminders they feed.
// Status and lateness are computed from the recorded times (rules.h).
#pragma once

#include <cstdint>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "modules/notifications/reminder.h"
#include "platform/auth/auth_service.h"
#include "platform/db/database.h"

namespace fleetkam::reports {

struct ListFilter {
  std::optional<std::string> kind, period;
  std::vector<std::string> statuses;  // any of open, submitted, late, missing
  std::optional<int64_t> user_id, unit_id;
  int limit = 50;
  std::optional<std::pair<int64_t, int64_t>> after;  // (due_at, id) of the previous page's last
};

struct ListPage {
  nlohmann::json items = nlohmann::json::array();
  std::optional<std::pair<int64_t, int64_t>> next;  // (due_at, id)
};

class ReportService {
 public:
  explicit ReportService(db::Database& database) : database_(database) {}

  ListPage list(const auth::Principal& caller, const ListFilter& filter);
  nlohmann::json get(const auth::Principal& caller, int64_t id);
  nlohmann::json save_draft(const auth::Principal& caller, int64_t id, const std::string& body);
  nlohmann::json submit(const auth::Principal& caller, int64_t id, const std::string& body);
  nlohmann::json comment(const auth::Principal& caller, int64_t id, const std::string& text);
  nlohmann::json board(const auth::Principal& caller, const std::string& kind, const std::string& period,
                       std::optional<int64_t> unit_id);
  nlohmann::json periods(const auth::Principal& caller, const std::string& kind, const std::string& from,
                         const std::string& to);
  nlohmann::json move_due(const auth::Principal& caller, const std::string& kind, const std::string& period,
                          int64_t due_at, const std::string& reason, std::optional<int64_t> version);
  // The report as an .xlsx workbook: the file name (without extension) and its bytes.
  std::pair<std::string, std::string> export_xlsx(const auth::Principal& caller, int64_t id);

  // Creates the current period's reports of every kind for every active dealer person who has
  // none yet (idempotent; several processes may run it). Returns the reports created.
  // `only`: these kinds (default all).
  int64_t open_current_periods(const std::vector<std::string>& only = {});
  // Opens the current periods unless this process already did, and the caller's own reports if
  // they joined since (cheap when nothing is missing: one indexed count).
  void open_if_needed(const auth::Principal& caller);
  // Off while the demo writes reports at past moments: reading then must not open those moments'
  // periods for everyone.
  void set_open_on_read(bool open) { open_on_read_ = open; }

 private:
  bool open_on_read_ = true;
  db::Database& database_;
  std::mutex mutex_;
  std::string opened_;  // the current periods this process last opened ("2027-W05|2027-01")
};

// Inside a write transaction: what open_current_periods does.
int64_t open_periods(db::Connection& c, int64_t now_ms, const std::vector<std::string>& only = {});

// The reminder sweep's source (notifications/reminder.h), read in a snapshot (the sweep job opens
// the current periods before it): a report due within 24 hours and not submitted ("report_due"),
// and one whose deadline passed in the last 8 days ("report_overdue").
std::vector<notifications::Reminder> reminders(db::Connection& c, int64_t now_ms);

// Home (首页) to-dos, read in the home page's transaction. To submit: the caller's own reports not
// submitted (GET /reports?status=open,missing&user_id=me). Overdue: weekly tables missing in scope
// for the latest week whose deadline has passed (GET /reports?kind=weekly_tracking&period=P&status=missing).
int64_t count_to_submit(db::Connection& c, const auth::Principal& caller);
struct Overdue {
  std::string period;
  int64_t count = 0;
};
Overdue count_overdue(db::Connection& c, const auth::Principal& caller, int64_t now_ms);

}  // namespace fleetkam::reports
