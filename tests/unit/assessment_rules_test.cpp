#include "modules/assessment/rules.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace fleetkam::assessment {
namespace {

constexpr int64_t kMinute = 60000;
// Saturday 2025-03-15 24:00 Asia/Shanghai, a weekly table's deadline
constexpr int64_t kDue = 1742054400000;

bool has_error(const std::vector<FieldError>& errors, const std::string& field) {
  return std::any_of(errors.begin(), errors.end(), [&](const FieldError& e) { return e.field == field; });
}

TEST(AssessmentTimeliness, TheDueMinuteIsOnTimeAndEveryStartedDayLateCosts) {
  EXPECT_EQ(days_late(kDue, kDue - kMinute), 0);
  EXPECT_EQ(days_late(kDue, kDue), 0);  // at the deadline itself
  EXPECT_EQ(days_late(kDue, kDue + 1), 1);
  EXPECT_EQ(days_late(kDue, kDue + kMinute), 1);
  EXPECT_EQ(days_late(kDue, kDue + kDayMs), 1);
  EXPECT_EQ(days_late(kDue, kDue + kDayMs + kMinute), 2);

  EXPECT_DOUBLE_EQ(timeliness_score({kDue, kDue}, 20), 100);
  EXPECT_DOUBLE_EQ(timeliness_score({kDue, kDue + kMinute}, 20), 80);
  EXPECT_DOUBLE_EQ(timeliness_score({kDue, kDue + kDayMs + kMinute}, 20), 60);
  EXPECT_DOUBLE_EQ(timeliness_score({kDue, kDue + 9 * kDayMs}, 20), 0) << "never below zero";
  EXPECT_DOUBLE_EQ(timeliness_score({kDue, std::nullopt}, 20), 0) << "missing";
  EXPECT_DOUBLE_EQ(timeliness_score({kDue, kDue + kMinute}, 0), 100) << "HQ may deduct nothing";
}

TEST(AssessmentTimeliness, AMonthsWeeklyTablesAverage) {
  // on time, a minute late, missing, on time: (100 + 80 + 0 + 100) / 4
  std::vector<Deadline> weeks = {{kDue, kDue - kMinute},
                                 {kDue + 7 * kDayMs, kDue + 7 * kDayMs + kMinute},
                                 {kDue + 14 * kDayMs, std::nullopt},
                                 {kDue + 21 * kDayMs, kDue + 20 * kDayMs}};
  EXPECT_DOUBLE_EQ(*mean_timeliness(weeks, 20), 70);
  EXPECT_FALSE(mean_timeliness({}, 20).has_value());
}

TEST(AssessmentAccuracy, TheShareOfFiguresThatAgreeWithTheSystem) {
  EXPECT_DOUBLE_EQ(*accuracy_score({{3, 3}, {12, 12}, {1500000, 1500000}, {8, 8}}), 100);
  EXPECT_DOUBLE_EQ(*accuracy_score({{3, 3}, {12, 10}, {1500000, 1500000}, {8, 8}}), 75);
  EXPECT_DOUBLE_EQ(*accuracy_score({{1, 0}, {0, 2}}), 0);
  EXPECT_FALSE(accuracy_score({}).has_value());
}

TEST(AssessmentRegistrations, HalfAuthenticityHalfAccuracyAndHqsRuleForAnEmptyMonth) {
  EXPECT_DOUBLE_EQ(*registration_score({{true, true}, {true, true}}, EmptyMonth::excluded), 100);
  // 2 of 4 authentic, 3 of 4 accurate: 25 + 37.5
  EXPECT_DOUBLE_EQ(*registration_score({{true, true}, {true, false}, {false, true}, {false, true}}, EmptyMonth::zero),
                   62.5);
  EXPECT_DOUBLE_EQ(*registration_score({}, EmptyMonth::full), 100);
  EXPECT_DOUBLE_EQ(*registration_score({}, EmptyMonth::zero), 0);
  EXPECT_FALSE(registration_score({}, EmptyMonth::excluded).has_value());
  EXPECT_EQ(empty_month_of("zero"), EmptyMonth::zero);
  EXPECT_FALSE(empty_month_of("none").has_value());
  EXPECT_EQ(to_string(EmptyMonth::excluded), "excluded");
  for (auto rule : {EmptyMonth::full, EmptyMonth::zero, EmptyMonth::excluded})
    EXPECT_EQ(empty_month_of(to_string(rule)), rule);
  for (auto source : {Source::timeliness, Source::accuracy, Source::registrations, Source::reviewer})
    EXPECT_EQ(source_of(to_string(source)), source);
  EXPECT_EQ(to_string(Source::registrations), "registrations");
  EXPECT_FALSE(source_of("typed").has_value());
}

TEST(AssessmentTemplate, TheSeedsTableIsValidAndWeighsAsThePlanningDocument) {
  auto t = default_template();
  EXPECT_TRUE(validate(t).empty());
  ASSERT_EQ(t.items.size(), 5U);
  std::vector<int> weights;
  for (const auto& item : t.items) weights.push_back(item.weight);
  EXPECT_EQ(weights, (std::vector<int>{5, 5, 30, 30, 30}));
  EXPECT_EQ(t.items[0].assessed, Assessed::managers);
  EXPECT_EQ(t.items[3].assessed, Assessed::dealer_people);
}

TEST(AssessmentTemplate, BadWeightsSharesAndItemsAreNamed) {
  auto t = default_template();
  t.items[2].weight = 25;  // sums to 95
  auto errors = validate(t);
  EXPECT_TRUE(has_error(errors, "items")) << "weights that do not sum to 100";

  t = default_template();
  t.items[3].criteria[0].share = 60;  // 110
  EXPECT_TRUE(has_error(validate(t), "items[3].criteria"));

  t = default_template();
  t.items[1].code = "weekly_tracking";  // twice (the second is named), monthly_stats missing
  EXPECT_TRUE(has_error(validate(t), "items[3].code"));

  t = default_template();
  t.items[4].weight = -5;
  t.items[0].weight = 40;
  EXPECT_TRUE(has_error(validate(t), "items[4].weight"));

  t = default_template();
  t.items[4].criteria[0].source = Source::accuracy;  // the summary has no figures to check
  EXPECT_TRUE(has_error(validate(t), "items[4].criteria[0].source"));
  EXPECT_EQ(assessed_by("split"), Assessed::managers);
  EXPECT_EQ(assessed_by("weekly_tracking"), Assessed::dealer_people);

  t = default_template();
  t.deduction_per_day = 120;
  t.performance_pay_share = 101;
  errors = validate(t);
  EXPECT_TRUE(has_error(errors, "deduction_per_day"));
  EXPECT_TRUE(has_error(errors, "performance_pay_share"));

  t = default_template();
  t.items.pop_back();
  t.items[0].weight = 35;  // still 100, but an item is missing
  EXPECT_TRUE(has_error(validate(t), "items"));
}

TEST(AssessmentTotals, CriteriaMakeTheItemAndWeightsTheTotalOverWhatCounts) {
  auto t = default_template();
  const Item& weekly = t.items[3];  // timeliness 50, authenticity 50
  EXPECT_DOUBLE_EQ(*item_score(weekly, {{"timeliness", 70}, {"authenticity", 90}}), 80);
  // the reviewer has not scored yet: the item is its computed part alone
  EXPECT_DOUBLE_EQ(*item_score(weekly, {{"timeliness", 70}, {"authenticity", std::nullopt}}), 70);
  EXPECT_FALSE(item_score(weekly, {}).has_value());

  // a dealer person: everything but the split, which assesses managers
  std::vector<ItemScore> items = {{"split", 5, std::nullopt},
                                  {"monthly_stats", 5, 100},
                                  {"registrations", 30, 62.5},
                                  {"weekly_tracking", 30, 80},
                                  {"monthly_summary", 30, 90}};
  // (5×100 + 30×62.5 + 30×80 + 30×90) / 95
  EXPECT_NEAR(*total_score(items), 7475.0 / 95.0, 1e-9);
  EXPECT_DOUBLE_EQ(round1(*total_score(items)), 78.7);
  // every item counting and full marks is 100
  for (auto& item : items) item.score = 100;
  EXPECT_DOUBLE_EQ(*total_score(items), 100);
  for (auto& item : items) item.score.reset();
  EXPECT_FALSE(total_score(items).has_value());
  EXPECT_DOUBLE_EQ(round1(87.25), 87.3);
  EXPECT_DOUBLE_EQ(round1(87.24), 87.2);
}

}  // namespace
}  // namespace fleetkam::assessment
