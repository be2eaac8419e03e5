// The rules of visits (modules/visits/rules.h) on China calendar days: the window a visit may be
// logged in, a next step's due date, a next step's state on a day, and when an account is past its
// grade's days without a visit — each at the edges (midnight in Shanghai, which is 16:00 UTC).
#include <gtest/gtest.h>

#include "modules/visits/rules.h"
#include "platform/clock.h"

using namespace fleetkam;
using namespace fleetkam::visits;

namespace {

constexpr int64_t kDay = 86400000;
constexpr int64_t kMinute = 60000;

int64_t at(const std::string& rfc3339) { return *clock::parse_rfc3339(rfc3339); }

}  // namespace

TEST(VisitRules, TheDayOfAMomentIsChinas) {
  EXPECT_EQ(china_day(at("2024-03-09T15:59:59Z")), "2024-03-09");
  EXPECT_EQ(china_day(at("2024-03-09T16:00:00Z")), "2024-03-10");  // 00:00 in Shanghai
  EXPECT_EQ(china_day(at("2024-02-29T23:00:00+08:00")), "2024-02-29");
}

TEST(VisitRules, AVisitIsLoggedAfterItHappenedAndWithinNinetyDays) {
  int64_t now = at("2024-05-20T10:00:00+08:00");
  EXPECT_FALSE(occurred_at_problem(now, now));
  EXPECT_FALSE(occurred_at_problem(now + 5 * kMinute, now));  // clocks differ a little
  EXPECT_TRUE(occurred_at_problem(now + 5 * kMinute + 1, now));
  EXPECT_FALSE(occurred_at_problem(now - 90 * kDay, now));
  EXPECT_TRUE(occurred_at_problem(now - 90 * kDay - 1, now));
}

TEST(VisitRules, ANextStepIsDueOnOrAfterTheVisitsDayAndWithinAYear) {
  // 23:30 on the 9th in Shanghai is still the 9th, though UTC says the 9th at 15:30
  int64_t visit = at("2024-03-09T23:30:00+08:00");
  EXPECT_FALSE(due_problem("2024-03-09", visit));
  EXPECT_TRUE(due_problem("2024-03-08", visit));
  EXPECT_FALSE(due_problem("2025-03-09", visit));  // 365 days: within 366
  EXPECT_FALSE(due_problem("2025-03-10", visit));  // 366
  EXPECT_TRUE(due_problem("2025-03-11", visit));
  // 00:30 on the 10th in Shanghai is the 10th, though UTC says the 9th
  EXPECT_TRUE(due_problem("2024-03-09", at("2024-03-10T00:30:00+08:00")));
  for (const char* bad : {"2024-02-30", "2024-3-9", "20240309", "", "2023-02-29"})
    EXPECT_TRUE(due_problem(bad, visit)) << bad;
  EXPECT_FALSE(due_problem("2024-02-29", at("2024-02-28T10:00:00+08:00")));
}

TEST(VisitRules, ANextStepsStateOnADay) {
  std::optional<std::string> step = "送报价单";
  EXPECT_EQ(next_step_state(std::nullopt, std::nullopt, std::nullopt, "2024-05-20"), "none");
  EXPECT_EQ(next_step_state(step, std::string("2024-05-21"), std::nullopt, "2024-05-20"), "open");
  EXPECT_EQ(next_step_state(step, std::string("2024-05-20"), std::nullopt, "2024-05-20"), "due");
  EXPECT_EQ(next_step_state(step, std::string("2024-05-19"), std::nullopt, "2024-05-20"), "overdue");
  EXPECT_EQ(next_step_state(step, std::string("2024-05-19"), int64_t{1}, "2024-05-20"), "done");
  // across a month and a year end, text order is date order
  EXPECT_EQ(next_step_state(step, std::string("2023-12-31"), std::nullopt, "2024-01-01"), "overdue");
}

TEST(VisitRules, AnAccountIsPastItsDaysFromTheDayAfterTheLastDayInTime) {
  // visited on the 1st: with 14 days it is in time through the 15th, past it from the 16th
  int64_t visited = at("2024-07-01T17:00:00+08:00");
  EXPECT_FALSE(visit_overdue(visited, 14, at("2024-07-15T23:59:59+08:00")));
  EXPECT_TRUE(visit_overdue(visited, 14, at("2024-07-16T00:00:00+08:00")));
  EXPECT_EQ(unvisited_before(at("2024-07-16T09:00:00+08:00"), 14), at("2024-07-02T00:00:00+08:00"));
  EXPECT_TRUE(visit_overdue(std::nullopt, 365, at("2024-07-16T00:00:00+08:00")));  // never visited
  // February of a leap year: 30 days after 2024-02-10 is 2024-03-11
  EXPECT_FALSE(visit_overdue(at("2024-02-10T08:00:00+08:00"), 30, at("2024-03-11T20:00:00+08:00")));
  EXPECT_TRUE(visit_overdue(at("2024-02-10T08:00:00+08:00"), 30, at("2024-03-12T00:00:00+08:00")));
  EXPECT_EQ(days_since(at("2024-02-10T23:00:00+08:00"), at("2024-03-12T00:30:00+08:00")), 31);
  EXPECT_EQ(days_since(std::nullopt, at("2024-03-12T00:30:00+08:00")), std::nullopt);
}
