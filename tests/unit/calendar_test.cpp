// Weeks, months and deadlines in Asia/Shanghai (platform/calendar), and the reports' rules on them
// (modules/reports/rules.h): Saturday 24:00 deadlines across year ends and 53-week years, month
// ends of 28, 29, 30 and 31 days, status and lateness from recorded times, the weekly table's
// carried judgements and its validation.
#include <gtest/gtest.h>

#include "modules/reports/rules.h"
#include "platform/calendar/calendar.h"
#include "platform/clock.h"

using namespace fleetkam;
using namespace fleetkam::calendar;
using nlohmann::json;

namespace {

int64_t at(const std::string& rfc3339) { return *clock::parse_rfc3339(rfc3339); }

}  // namespace

TEST(Calendar, CivilDaysRoundTrip) {
  for (int64_t d = -800000; d <= 800000; d += 997) EXPECT_EQ(days_from_civil(civil_from_days(d)), d);
  EXPECT_EQ(days_from_civil({1970, 1, 1}), 0);
  EXPECT_EQ(days_from_civil({2000, 3, 1}), 11017);
  EXPECT_EQ(weekday({1970, 1, 1}), 4);   // a Thursday
  EXPECT_EQ(weekday({2025, 3, 15}), 6);  // a Saturday
  EXPECT_EQ(weekday({2024, 12, 29}), 7);
}

TEST(Calendar, ChinaDateTurnsAtSixteenUtc) {
  EXPECT_EQ(china_date(at("2025-03-15T15:59:59Z")), (Date{2025, 3, 15}));
  EXPECT_EQ(china_date(at("2025-03-15T16:00:00Z")), (Date{2025, 3, 16}));
  EXPECT_EQ(china_midnight({2025, 3, 16}), at("2025-03-16T00:00:00+08:00"));
}

TEST(Calendar, IsoWeeksAcrossYearEnds) {
  EXPECT_EQ(iso_week({2024, 12, 30}), (Week{2025, 1}));   // Monday of 2025's first week
  EXPECT_EQ(iso_week({2021, 1, 3}), (Week{2020, 53}));    // 2020 has 53 weeks
  EXPECT_EQ(iso_week({2026, 12, 31}), (Week{2026, 53}));  // a Thursday: 2026 has 53 weeks
  EXPECT_EQ(iso_weeks_in_year(2020), 53);
  EXPECT_EQ(iso_weeks_in_year(2021), 52);
  EXPECT_EQ(iso_weeks_in_year(2015), 53);
  EXPECT_EQ(next_week({2020, 53}), (Week{2021, 1}));
  EXPECT_EQ(previous_week({2021, 1}), (Week{2020, 53}));
  EXPECT_EQ(previous_week({2022, 1}), (Week{2021, 52}));
  EXPECT_EQ(week_monday({2025, 1}), (Date{2024, 12, 30}));
  EXPECT_EQ(week_text({2027 - 2, 5}), "2025-W05");
  EXPECT_EQ(parse_week("2020-W53"), (Week{2020, 53}));
  EXPECT_FALSE(parse_week("2021-W53"));
  EXPECT_FALSE(parse_week("2021-W00"));
  EXPECT_FALSE(parse_week("2021W05"));
  EXPECT_FALSE(parse_week("2021-w05"));
}

TEST(Calendar, WeeklyDeadlineIsSaturdayMidnightInChina) {
  Week w = week_of(at("2025-03-12T10:00:00+08:00"));  // a Wednesday
  EXPECT_EQ(w, (Week{2025, 11}));
  EXPECT_EQ(week_start(w), at("2025-03-10T00:00:00+08:00"));
  EXPECT_EQ(week_due_at(w), at("2025-03-16T00:00:00+08:00"));  // Saturday 24:00
  EXPECT_EQ(week_due_at(w), at("2025-03-15T16:00:00Z"));
  EXPECT_EQ(week_end(w), at("2025-03-17T00:00:00+08:00"));
  // Sunday 07:59 UTC is already Sunday afternoon in China: still the same week.
  EXPECT_EQ(week_of(at("2025-03-16T07:59:00Z")), w);
  // Sunday 16:00 UTC is Monday 00:00 in China: the next week.
  EXPECT_EQ(week_of(at("2025-03-16T16:00:00Z")), (Week{2025, 12}));
}

TEST(Calendar, MonthEndsOfEveryLength) {
  EXPECT_EQ(month_due_at({2024, 2}), at("2024-03-01T00:00:00+08:00"));  // 29 days
  EXPECT_EQ(month_due_at({2025, 2}), at("2025-03-01T00:00:00+08:00"));  // 28 days
  EXPECT_EQ(month_due_at({2025, 1}), at("2025-02-01T00:00:00+08:00"));  // 31 days
  EXPECT_EQ(month_due_at({2025, 4}), at("2025-05-01T00:00:00+08:00"));  // 30 days
  EXPECT_EQ(month_due_at({2025, 12}), at("2026-01-01T00:00:00+08:00"));
  EXPECT_EQ(days_in_month(2024, 2), 29);
  EXPECT_EQ(days_in_month(1900, 2), 28);
  EXPECT_EQ(days_in_month(2000, 2), 29);
  EXPECT_EQ(month_of(at("2025-01-31T16:00:00Z")), (Month{2025, 2}));  // Feb 1st 00:00 in China
  EXPECT_EQ(month_of(at("2025-01-31T15:59:59Z")), (Month{2025, 1}));
  EXPECT_EQ(previous_month({2025, 1}), (Month{2024, 12}));
  EXPECT_EQ(parse_month("2025-02"), (Month{2025, 2}));
  EXPECT_FALSE(parse_month("2025-13"));
  EXPECT_FALSE(parse_month("2025-2"));
  EXPECT_EQ(parse_date("2024-02-29"), (Date{2024, 2, 29}));
  EXPECT_FALSE(parse_date("2025-02-29"));
}

TEST(ReportRules, PeriodsAndStatus) {
  auto weekly = reports::current_period("weekly_tracking", at("2025-03-15T23:59:00+08:00"));
  EXPECT_EQ(weekly.period, "2025-W11");
  EXPECT_EQ(weekly.default_due_at, at("2025-03-16T00:00:00+08:00"));
  EXPECT_EQ(reports::previous_period("weekly_tracking", weekly).period, "2025-W10");
  auto monthly = reports::current_period("monthly_summary", at("2024-02-29T23:59:59+08:00"));
  EXPECT_EQ(monthly.period, "2024-02");
  EXPECT_EQ(monthly.default_due_at, at("2024-03-01T00:00:00+08:00"));
  EXPECT_FALSE(reports::period_info("weekly_tracking", "2025-03"));
  EXPECT_FALSE(reports::period_info("monthly_stats", "2025-W03"));

  int64_t due = weekly.default_due_at;
  EXPECT_EQ(reports::status_of(due, std::nullopt, due - 1), "open");
  EXPECT_EQ(reports::status_of(due, std::nullopt, due), "open");  // 24:00 itself is still in time
  EXPECT_EQ(reports::status_of(due, std::nullopt, due + 1), "missing");
  EXPECT_EQ(reports::status_of(due, due, due + 1000), "submitted");
  EXPECT_EQ(reports::status_of(due, due + 1, due + 1000), "late");
  // a late submission stays late; a deadline moved past it makes it on time (computed, not stored)
  EXPECT_EQ(reports::status_of(due + 86400000, due + 1, due + 1000), "submitted");
}

TEST(ReportRules, JudgementsCarryOverFromLastWeekElseFromTheOpportunity) {
  reports::Judgement last;
  last.deal_probability = 70;
  last.value_analysis = "high";
  last.difficulty = "low";
  last.authenticity = "confirmed";
  last.note = "上周已见局长";
  reports::Judgement opportunity;
  opportunity.deal_probability = 40;
  opportunity.value_analysis = "medium";
  opportunity.authenticity = "confirmed";
  auto carried = reports::starting_judgement(last, opportunity);
  EXPECT_TRUE(carried.carried);
  EXPECT_EQ(carried.judgement.deal_probability, 70);
  EXPECT_EQ(carried.judgement.note, "上周已见局长");
  auto fresh = reports::starting_judgement(std::nullopt, opportunity);
  EXPECT_FALSE(fresh.carried);
  EXPECT_EQ(fresh.judgement.deal_probability, 40);
  EXPECT_FALSE(fresh.judgement.authenticity) << "authenticity is never inferred";
  EXPECT_FALSE(reports::starting_judgement(std::nullopt, std::nullopt).judgement.complete());
}

TEST(ReportRules, WeeklyRowsAreValidatedPerRow) {
  std::set<int64_t> accounts = {11, 12};
  json good = json::array({{{"account_id", 11},
                            {"deal_probability", 60},
                            {"value_analysis", "high"},
                            {"difficulty", "medium"},
                            {"authenticity", "confirmed"}},
                           {{"account_id", 12},
                            {"deal_probability", 0},
                            {"value_analysis", "low"},
                            {"difficulty", "high"},
                            {"authenticity", "doubtful"},
                            {"note", "需核实预算来源"}}});
  std::vector<FieldError> errors;
  auto read = reports::read_weekly_rows(good, accounts, true, errors);
  EXPECT_TRUE(errors.empty());
  ASSERT_EQ(read.size(), 2U);
  EXPECT_EQ(read[12].note, "需核实预算来源");

  json bad = good;
  bad[0]["deal_probability"] = 101;
  bad[1]["authenticity"] = "maybe";
  bad[1]["colour"] = "red";
  errors.clear();
  reports::read_weekly_rows(bad, accounts, true, errors);
  std::set<std::string> fields;
  for (const auto& e : errors) fields.insert(e.field);
  EXPECT_EQ(fields, (std::set<std::string>{"rows[0].deal_probability", "rows[1].authenticity", "rows[1].colour"}));

  errors.clear();
  reports::read_weekly_rows(json::array({good[0], good[0]}), accounts, true, errors);
  fields.clear();
  for (const auto& e : errors) fields.insert(e.field);
  EXPECT_EQ(fields, (std::set<std::string>{"rows[1].account_id", "rows"}));  // twice, and 12 missing

  json partial = json::array({{{"account_id", 11}, {"deal_probability", 50}}});
  errors.clear();
  reports::read_weekly_rows(partial, accounts, false, errors);
  EXPECT_TRUE(errors.empty()) << "a draft may be incomplete";
  reports::read_weekly_rows(partial, accounts, true, errors);
  EXPECT_EQ(errors.size(), 4U);  // three judgements of row 0, and account 12
}
