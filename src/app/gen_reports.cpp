// `fleetkam gen`'s calendar reports: see gen.h.
#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>
#include <random>

#include "app/gen.h"
#include "modules/reports/rules.h"
#include "modules/reports/service.h"
#include "platform/calendar/calendar.h"
#include "platform/clock.h"
#include "platform/db/bulk.h"

namespace fleetkam::app {

namespace {

using json = nlohmann::json;

struct Person {
  int64_t id = 0, unit_id = 0;
  bool manager = false;
};

}  // namespace

int64_t generate_reports(db::Database& database, const GenOptions& options) {
  int64_t now = clock::now_ms();
  std::mt19937 rng(options.seed + 13);
  auto pick = [&rng](int n) { return static_cast<int>(rng() % static_cast<uint32_t>(n)); };
  std::vector<Person> people;
  std::map<int64_t, std::vector<int64_t>> key_accounts;  // per dealer
  database.read([&](db::Connection& c) {
    for (const auto& r : c.query("SELECT u.id, u.org_unit_id, u.role FROM users u JOIN org_units o ON o.id = "
                                 "u.org_unit_id WHERE u.active = 1 AND o.kind = 'dealer' AND u.role IN ('sales_rep', "
                                 "'dealer_manager') ORDER BY u.id"))
      people.push_back({r.integer(0), r.integer(1), r.text(2) == "dealer_manager"});
    for (const auto& r : c.query("SELECT owner_unit_id, id FROM accounts WHERE grade = 'key' AND active = 1 ORDER BY "
                                 "owner_unit_id, id"))
      key_accounts[r.integer(0)].push_back(r.integer(1));
  });
  if (people.empty()) return 0;
  bool done = false;  // a second run over the same database adds nothing
  database.read([&](db::Connection& c) {
    auto last_week = reports::previous_period("weekly_tracking", reports::current_period("weekly_tracking", now));
    done = c.query_one("SELECT 1 FROM report_periods WHERE kind = 'weekly_tracking' AND period = ?", {last_week.period})
               .has_value();
  });
  if (done) return 0;

  // the periods: report_weeks weeks before this one, a third as many months before this one
  struct Period {
    std::string kind;
    reports::PeriodInfo info;
  };
  std::vector<Period> periods;
  auto week = reports::current_period("weekly_tracking", now);
  for (int64_t i = 0; i < options.report_weeks; ++i) {
    week = reports::previous_period("weekly_tracking", week);
    periods.push_back({"weekly_tracking", week});
  }
  auto month = reports::current_period("monthly_stats", now);
  for (int64_t i = 0; i < std::max<int64_t>(1, options.report_weeks / 3); ++i) {
    month = reports::previous_period("monthly_stats", month);
    periods.push_back({"monthly_stats", month});
    periods.push_back({"monthly_summary", month});
  }
  static const std::vector<std::string> levels = {"high", "medium", "low"};
  static const std::vector<std::string> notes = {"保持每周跟进", "预算待批复", "已安排试驾", "", "", ""};
  int64_t written = 0;
  for (const auto& period : periods) {
    database.write([&](db::Connection& c) {
      c.execute(
          "INSERT INTO report_periods (kind, period, starts_at, ends_at, default_due_at, due_at, version, created_at) "
          "VALUES (?, ?, ?, ?, ?, ?, 1, ?) ON CONFLICT (kind, period) DO NOTHING",
          {period.kind, period.info.period, period.info.starts_at, period.info.ends_at, period.info.default_due_at,
           period.info.default_due_at, period.info.starts_at});
      auto ids = db::reserve_ids(c, "reports", people.size());
      std::vector<std::vector<std::optional<std::string>>> rows, revisions;
      int64_t due = period.info.default_due_at;
      for (size_t i = 0; i < people.size(); ++i) {
        const auto& p = people[i];
        int roll = pick(100);
        // 85 % on time (the last two days before the deadline), 9 % late (within two days after), 6 % missing
        std::optional<int64_t> submitted;
        if (roll < 85)
          submitted = due - 1 - pick(48 * 60) * 60000LL;
        else if (roll < 94)
          submitted = due + 1 + pick(48 * 60) * 60000LL;
        int64_t revision = submitted ? (pick(20) == 0 ? 2 : 1) : 0;
        // the last submission's time as a plain value (an optional here made GCC 12 warn of a
        // maybe-uninitialized read it cannot have)
        int64_t last_at = submitted ? *submitted + (revision - 1) * 3600000LL : period.info.starts_at;
        rows.push_back({db::cell(ids[i]), period.kind, period.info.period, db::cell(p.id), db::cell(p.unit_id),
                        db::cell(due), db::cell(submitted), submitted ? db::cell(last_at) : std::nullopt,
                        db::cell(revision), std::nullopt, std::nullopt, db::cell(revision + 1),
                        db::cell(period.info.starts_at), db::cell(last_at)});
        if (!submitted) continue;
        json content;
        if (period.kind == "weekly_tracking") {
          json table = json::array();
          const auto& accounts = key_accounts[p.unit_id];
          size_t n = accounts.empty() ? 0 : std::min<size_t>(accounts.size(), p.manager ? 12 : 6);
          size_t start = accounts.empty() ? 0 : (p.id * 7) % accounts.size();
          for (size_t k = 0; k < n; ++k) {
            table.push_back({{"account_id", accounts[(start + k) % accounts.size()]},
                             {"deal_probability", 10 * pick(10)},
                             {"value_analysis", levels[pick(3)]},
                             {"difficulty", levels[pick(3)]},
                             {"authenticity", pick(15) == 0 ? "doubtful" : "confirmed"},
                             {"note", notes[pick(6)]}});
          }
          content = {{"rows", table}};
        } else if (period.kind == "monthly_stats") {
          int64_t won = pick(4);
          content = {{"won_count", won},
                     {"won_units", won * (2 + pick(8))},
                     {"amount_fen", won * 30000000LL * (1 + pick(5))},
                     {"delivered_units", pick(12)},
                     {"note", ""},
                     {"deals", json::array()}};
        } else {
          content = {{"figures", json::object()},
                     {"results", "本月完成既定拜访与报备任务"},
                     {"key_accounts", "重点客户推进正常"},
                     {"problems", ""},
                     {"support_needed", ""},
                     {"next_month_plan", "继续跟进重点客户采购计划"}};
        }
        std::string text = content.dump();
        for (int64_t r = 1; r <= revision; ++r) {
          revisions.push_back({db::cell(ids[i]), db::cell(r), text, db::cell(*submitted + (r - 1) * 3600000LL),
                               db::cell(p.id), r > 1 ? std::optional<std::string>("补充拜访情况") : std::nullopt});
        }
      }
      c.copy_rows("reports",
                  {"id", "kind", "period", "user_id", "unit_id", "due_at", "submitted_at", "last_submitted_at",
                   "revision", "draft", "draft_saved_at", "version", "created_at", "updated_at"},
                  rows);
      c.copy_rows("report_revisions",
                  {"report_id", "revision", "content", "submitted_at", "submitted_by", "correction_reason"}, revisions);
      written += static_cast<int64_t>(rows.size());
    });
  }
  // this week's and this month's, opened as the server opens them
  database.write([&](db::Connection& c) { written += reports::open_periods(c, now); });
  return written;
}

}  // namespace fleetkam::app
