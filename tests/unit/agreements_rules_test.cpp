// The rules of framework agreements (issue 17): an agreement's state by the day (90 days before its
// end it is expiring), the cap, and the application's steps (nothing after the outcome). Naming an
// agreement (listed, in force, the dealer authorised) reads the database: tests/api.
#include <gtest/gtest.h>

#include "modules/agreements/rules.h"

namespace {
namespace agreements = fleetkam::agreements;
}  // namespace

TEST(AgreementRules, StatesCapsAndTheApplicationSteps) {
  EXPECT_EQ(agreements::state_on("2025-01-01", "2025-12-31", "2024-12-31"), "upcoming");
  EXPECT_EQ(agreements::state_on("2025-01-01", "2025-12-31", "2025-06-01"), "in_force");
  EXPECT_EQ(agreements::state_on("2025-01-01", "2025-08-30", "2025-06-01"), "expiring");  // 90 days left
  EXPECT_EQ(agreements::state_on("2025-01-01", "2025-08-31", "2025-06-01"), "in_force");  // 91
  EXPECT_EQ(agreements::state_on("2025-01-01", "2025-06-01", "2025-06-01"), "expiring");  // its last day
  EXPECT_EQ(agreements::state_on("2025-01-01", "2025-06-01", "2025-06-02"), "expired");
  EXPECT_EQ(agreements::days_until("2024-02-28", "2024-03-01"), 2);  // a leap year
  EXPECT_FALSE(agreements::days_until("2024-02-30", "2024-03-01"));
  EXPECT_TRUE(agreements::within_cap(19500000, 19500000));
  EXPECT_FALSE(agreements::within_cap(19500001, 19500000));
  EXPECT_EQ(agreements::next_application("preparing", "submit"), "submitted");
  EXPECT_EQ(agreements::next_application("submitted", "listed"), "listed");
  EXPECT_EQ(agreements::next_application("submitted", "not_listed"), "not_listed");
  EXPECT_FALSE(agreements::next_application("preparing", "listed"));
  EXPECT_FALSE(agreements::next_application("listed", "submit"));
  EXPECT_FALSE(agreements::next_application("not_listed", "listed"));
}
