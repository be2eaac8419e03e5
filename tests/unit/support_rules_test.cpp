// The support ledger's approval rule (modules/support): the level a request needs by its amount
// and its unit, and whose approvers decide at each level.
#include <gtest/gtest.h>

#include "modules/support/service.h"

namespace {
namespace support = fleetkam::support;
}  // namespace

TEST(SupportRules, TheAmountDecidesTheLevelUpToHq) {
  support::Rules r;  // ¥5,000 for the province, ¥20,000 for the region
  EXPECT_EQ(support::required_level_for(r, 500000, "dealer"), "province");
  EXPECT_EQ(support::required_level_for(r, 500001, "dealer"), "region");
  EXPECT_EQ(support::required_level_for(r, 2000000, "dealer"), "region");
  EXPECT_EQ(support::required_level_for(r, 2000001, "dealer"), "hq");
  r.province_limit_fen = 0;
  EXPECT_EQ(support::required_level_for(r, 1, "dealer"), "region");
}

TEST(SupportRules, NeverBelowTheLevelAboveTheUnit) {
  support::Rules r;
  EXPECT_EQ(support::required_level_for(r, 100, "province"), "region");
  EXPECT_EQ(support::required_level_for(r, 100, "region"), "hq");
  EXPECT_EQ(support::required_level_for(r, 100000000, "province"), "hq");
}

TEST(SupportRules, TheApproversUnitIsTheAncestorAtTheLevel) {
  EXPECT_EQ(support::ancestor_at("dealer", "/1/4/17/23/", "province"), 17);
  EXPECT_EQ(support::ancestor_at("dealer", "/1/4/17/23/", "region"), 4);
  EXPECT_EQ(support::ancestor_at("dealer", "/1/4/17/23/", "hq"), 1);
  EXPECT_EQ(support::ancestor_at("province", "/1/4/17/", "region"), 4);
  EXPECT_THROW(support::ancestor_at("dealer", "/23/", "region"), std::runtime_error);
}
