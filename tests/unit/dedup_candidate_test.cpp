// What NameIndex hands back with a candidate besides its match: the name as added, and the tag the
// caller added with it (the accounts module keeps an account's owner there), both replaced when the
// account is added again and gone when it is removed.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "modules/dedup/matcher.h"

using namespace fleetkam::dedup;

namespace {

const Candidate* find(const std::vector<Candidate>& found, int64_t id) {
  for (const auto& c : found) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

}  // namespace

TEST(DedupCandidate, CarriesTheNameAndTagAsAdded) {
  NameIndex index;
  index.add(1, {"成都市公安局", "510100", std::nullopt}, 41);
  index.add(2, {"成都市公安局交通警察支队", "510100", std::nullopt}, 7);
  index.add(3, {"成都市公安局", "510100", std::nullopt});  // no tag: 0

  auto found = index.candidates({"成都市公安局", "510100", std::nullopt}, 10);
  ASSERT_NE(find(found, 1), nullptr);
  EXPECT_EQ(find(found, 1)->name, "成都市公安局");
  EXPECT_EQ(find(found, 1)->tag, 41);
  ASSERT_NE(find(found, 2), nullptr);
  EXPECT_EQ(find(found, 2)->name, "成都市公安局交通警察支队");
  EXPECT_EQ(find(found, 2)->tag, 7);
  ASSERT_NE(find(found, 3), nullptr);
  EXPECT_EQ(find(found, 3)->tag, 0);
}

TEST(DedupCandidate, AddingAgainReplacesNameAndTagAndRemovingDropsThem) {
  NameIndex index;
  index.add(1, {"成都市城市管理局", "510100", std::nullopt}, 5);
  index.add(1, {"成都市城市管理局", "510100", std::nullopt}, 9);
  auto found = index.candidates({"成都市城市管理局", "510100", std::nullopt}, 10);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].tag, 9);

  index.add(1, {"成都市交通运输局", "510100", std::nullopt}, 9);
  EXPECT_TRUE(index.candidates({"成都市城市管理局", "510100", std::nullopt}, 10).empty());
  found = index.candidates({"成都市交通运输局", "510100", std::nullopt}, 10);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].name, "成都市交通运输局");

  index.remove(1);
  EXPECT_TRUE(index.candidates({"成都市交通运输局", "510100", std::nullopt}, 10).empty());
}
