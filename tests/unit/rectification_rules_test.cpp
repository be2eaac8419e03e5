// The rules of rectification orders (modules/rectification/rules.h): the due days an order may
// take, when it is overdue (the day after its due day, and only while it waits for its answer),
// and which step may follow which.
#include <gtest/gtest.h>

#include "modules/rectification/rules.h"

using namespace fleetkam::rectification;

TEST(RectificationRules, ADueDayLiesFromTodayToHalfAYearAhead) {
  EXPECT_EQ(due_problem("2026-03-02", "2026-03-02"), std::nullopt) << "today itself";
  EXPECT_TRUE(due_problem("2026-03-01", "2026-03-02").has_value()) << "yesterday";
  EXPECT_EQ(due_problem("2026-08-29", "2026-03-02"), std::nullopt) << "day 180";
  EXPECT_TRUE(due_problem("2026-08-30", "2026-03-02").has_value()) << "day 181";
  EXPECT_TRUE(due_problem("2026-02-30", "2026-02-01").has_value()) << "no such day";
  EXPECT_TRUE(due_problem("2026-3-9", "2026-03-02").has_value()) << "not YYYY-MM-DD";
  EXPECT_TRUE(due_problem("", "2026-03-02").has_value());
}

TEST(RectificationRules, AnOpenOrderIsOverdueFromTheDayAfterItsDueDay) {
  EXPECT_FALSE(overdue("open", "2026-03-06", "2026-03-06")) << "the due day is still in time";
  EXPECT_TRUE(overdue("open", "2026-03-06", "2026-03-07"));
  EXPECT_FALSE(overdue("responded", "2026-03-06", "2026-03-20")) << "answered: waiting for the raiser";
  EXPECT_FALSE(overdue("closed", "2026-03-06", "2026-03-20"));
  EXPECT_FALSE(overdue("cancelled", "2026-03-06", "2026-03-20"));
  EXPECT_TRUE(overdue("open", "2025-12-31", "2026-01-01")) << "across a year";
}

TEST(RectificationRules, EachStepFollowsOnlyItsStatus) {
  EXPECT_EQ(next_status("open", "respond"), "responded");
  EXPECT_EQ(next_status("responded", "close"), "closed");
  EXPECT_EQ(next_status("responded", "send_back"), "open");
  EXPECT_EQ(next_status("open", "cancel"), "cancelled");
  EXPECT_EQ(next_status("responded", "cancel"), "cancelled");
  EXPECT_EQ(next_status("open", "close"), std::nullopt) << "nothing to verify yet";
  EXPECT_EQ(next_status("open", "send_back"), std::nullopt);
  EXPECT_EQ(next_status("responded", "respond"), std::nullopt) << "answered already";
  for (const char* action : {"respond", "close", "send_back", "cancel"}) {
    EXPECT_EQ(next_status("closed", action), std::nullopt) << action;
    EXPECT_EQ(next_status("cancelled", action), std::nullopt) << action;
  }
}
