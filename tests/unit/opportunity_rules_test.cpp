// The pipeline's rules without a database: stage moves and what they need, the price band of a
// quote at each of its edges, the delivery limit, month arithmetic.
#include <gtest/gtest.h>

#include "modules/opportunities/rules.h"

using namespace fleetkam::opportunities;

TEST(StageRules, EachSalesStageMatchesItsProcurementStage) {
  EXPECT_EQ(matching_procurement_stage("discover"), "deliberation");
  EXPECT_EQ(matching_procurement_stage("contact"), "planning");
  EXPECT_EQ(matching_procurement_stage("analyze"), "requirements");
  EXPECT_EQ(matching_procurement_stage("position"), "evaluation");
  EXPECT_EQ(matching_procurement_stage("bid"), "tender");
  EXPECT_EQ(matching_procurement_stage("won"), "commitment");
  EXPECT_FALSE(matching_procurement_stage("lost"));
  EXPECT_FALSE(matching_procurement_stage("closed"));
}

TEST(StageRules, ForwardMovesNeedNothingAndCountAsProgress) {
  auto m = check_move("discover", "contact", true);
  EXPECT_TRUE(m.refusal.empty());
  EXPECT_FALSE(m.needs_reason);
  EXPECT_TRUE(m.forward);
  m = check_move("discover", "bid", true);  // steps may be skipped
  EXPECT_TRUE(m.refusal.empty());
  EXPECT_TRUE(m.forward);
}

TEST(StageRules, BackwardMovesNeedAReason) {
  auto m = check_move("bid", "analyze", true);
  EXPECT_TRUE(m.refusal.empty());
  EXPECT_TRUE(m.needs_reason);
  EXPECT_FALSE(m.forward);
}

TEST(StageRules, WonNeedsAReasonLostAlsoTheWinner) {
  auto won = check_move("position", "won", true);
  EXPECT_TRUE(won.refusal.empty());
  EXPECT_TRUE(won.needs_reason);
  EXPECT_FALSE(won.needs_lost_to);
  EXPECT_TRUE(won.forward);
  auto lost = check_move("contact", "lost", false);
  EXPECT_TRUE(lost.refusal.empty());
  EXPECT_TRUE(lost.needs_reason);
  EXPECT_TRUE(lost.needs_lost_to);
  EXPECT_FALSE(lost.forward);
}

TEST(StageRules, WonIsFinalLostOnlyReopens) {
  for (const auto& to : stages()) EXPECT_EQ(check_move("won", to, true).refusal, "opportunity.closed") << to;
  auto reopen = check_move("lost", "analyze", true);
  EXPECT_TRUE(reopen.refusal.empty());
  EXPECT_TRUE(reopen.needs_reason);
  EXPECT_EQ(check_move("lost", "won", true).refusal, "opportunity.invalid_transition");
  EXPECT_EQ(check_move("lost", "lost", true).refusal, "opportunity.invalid_transition");
}

TEST(StageRules, StayingNeedsAProcurementChange) {
  EXPECT_EQ(check_move("analyze", "analyze", false).refusal, "opportunity.invalid_transition");
  EXPECT_TRUE(check_move("analyze", "analyze", true).refusal.empty());
  EXPECT_EQ(check_move("analyze", "nowhere", true).refusal, "opportunity.invalid_transition");
}

TEST(PriceBand, EveryEdge) {
  Band band{500, 1000};            // 5 % without approval, beyond 10 % HQ
  const int64_t guide = 20000000;  // 200,000 元
  EXPECT_EQ(classify_price(guide, guide, band).approval_level, "none");
  EXPECT_EQ(classify_price(guide, guide, band).discount_bp, 0);
  EXPECT_EQ(classify_price(guide, guide + 1, band).approval_level, "regional");  // above the guide price
  EXPECT_LT(classify_price(guide, guide + 10000, band).discount_bp, 0);
  EXPECT_EQ(classify_price(guide, 19000000, band).approval_level, "none");  // exactly 5 %
  EXPECT_EQ(classify_price(guide, 19000000, band).discount_bp, 500);
  EXPECT_EQ(classify_price(guide, 18999999, band).approval_level, "regional");  // one fen more discount
  EXPECT_EQ(classify_price(guide, 18000000, band).approval_level, "regional");  // exactly 10 %
  EXPECT_EQ(classify_price(guide, 17999999, band).approval_level, "hq");
  EXPECT_EQ(classify_price(guide, 1, band).approval_level, "hq");
}

TEST(PriceBand, DefaultsAndAnOddGuidePrice) {
  Band defaults;
  EXPECT_EQ(defaults.max_discount_bp, 300);
  EXPECT_EQ(defaults.hq_discount_bp, 800);
  // 3 % of 333,333 fen is 9,999.99: 323,334 is within, 323,333 is not (no rounding at the edge)
  EXPECT_EQ(classify_price(333333, 323334, defaults).approval_level, "none");
  EXPECT_EQ(classify_price(333333, 323333, defaults).approval_level, "regional");
  // a zero band: only the guide price itself needs no approval
  EXPECT_EQ(classify_price(100000, 100000, Band{0, 0}).approval_level, "none");
  EXPECT_EQ(classify_price(100000, 99999, Band{0, 0}).approval_level, "hq");
}

TEST(DeliveryLimit, UpToWhatWasWon) {
  EXPECT_TRUE(within_won(10, 0, 10));
  EXPECT_TRUE(within_won(10, 6, 4));
  EXPECT_FALSE(within_won(10, 6, 5));
  EXPECT_FALSE(within_won(0, 0, 1));
}

TEST(Months, ParseFormatAndCount) {
  EXPECT_EQ(parse_month("2026-11"), 202611);
  EXPECT_FALSE(parse_month("2026-13"));
  EXPECT_FALSE(parse_month("2026-1"));
  EXPECT_FALSE(parse_month("2026/11"));
  EXPECT_EQ(format_month(202601), "2026-01");
  EXPECT_EQ(month_of("2026-03-31"), 202603);
  EXPECT_EQ(add_months(202611, 2), 202701);
  EXPECT_EQ(add_months(202601, -1), 202512);
  EXPECT_EQ(add_months(202611, -11), 202512);
  EXPECT_EQ(months_between(202512, 202611), 12);
  EXPECT_EQ(months_between(202611, 202611), 1);
}
