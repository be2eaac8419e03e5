// The calendar reports' rules as pure functions (tested without a database): which period a
// kind uses and its deadline, the status computed from recorded times, and the weekly table's
// judgements — carried over from last week, validated on submission.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "platform/errors.h"

namespace fleetkam::reports {

// weekly_tracking (重点大客户关系维系跟踪表), monthly_stats (大客户统计表), monthly_summary (月度工作总结表)
const std::vector<std::string>& kinds();
bool weekly(const std::string& kind);

struct PeriodInfo {
  std::string period;  // "2027-W05" or "2027-01"
  int64_t starts_at = 0, ends_at = 0, default_due_at = 0;
};
// nullopt when `period` is not a period of that kind's form.
std::optional<PeriodInfo> period_info(const std::string& kind, const std::string& period);
// The period of `kind` that holds `now_ms` (China time), and the one before it.
PeriodInfo current_period(const std::string& kind, int64_t now_ms);
PeriodInfo previous_period(const std::string& kind, const PeriodInfo& period);

// open | submitted | late | missing, from the deadline and the first submission's time.
std::string status_of(int64_t due_at, std::optional<int64_t> submitted_at, int64_t now_ms);
const std::vector<std::string>& statuses();

// The four judgements of the weekly table, per account.
struct Judgement {
  std::optional<int64_t> deal_probability;    // 0..100
  std::optional<std::string> value_analysis;  // high | medium | low
  std::optional<std::string> difficulty;      // high | medium | low
  std::optional<std::string> authenticity;    // confirmed | doubtful | false
  std::string note;
  bool complete() const { return deal_probability && value_analysis && difficulty && authenticity; }
};
const std::vector<std::string>& levels();          // high, medium, low
const std::vector<std::string>& authenticities();  // confirmed, doubtful, false

// A row's starting judgement: last submitted week's when there is one (carried), else what the
// account's open opportunity says (probability, value level, difficulty), else empty.
struct StartingPoint {
  Judgement judgement;
  bool carried = false;
};
StartingPoint starting_judgement(const std::optional<Judgement>& last_week,
                                 const std::optional<Judgement>& opportunity);

Judgement judgement_of(const nlohmann::json& row);
void put_judgement(nlohmann::json& row, const Judgement& j);

// Reads the submitted rows against the table's accounts: every account exactly once, each with
// the four judgements when `complete` (a submission; a draft may leave them empty). Field errors
// name the row (rows[3].deal_probability); on none, the judgements by account id.
std::map<int64_t, Judgement> read_weekly_rows(const nlohmann::json& rows, const std::set<int64_t>& accounts,
                                              bool complete, std::vector<FieldError>& errors);

}  // namespace fleetkam::reports
