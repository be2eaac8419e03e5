// auth::scope_units, the one list of a scope's units (accounts' list planner and the
// opportunities' figures use it), on a small SQLite tree: HQ, two regions, provinces, dealers.
#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>
#include <memory>
#include <string>

#include "platform/auth/scope.h"
#include "platform/db/database.h"

using namespace fleetkam;

namespace {

class ScopeUnitsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() / ("fleetkam-scope-units-" + std::to_string(getpid()) + ".db"))
                .string();
    std::filesystem::remove(path_);
    database_ = db::Database::open("sqlite:" + path_, 1);
    // HQ 1; regions 2 and 3; provinces 4 (in 2) and 7 (in 3); dealers 5, 6 (in 4) and 8 (in 7)
    database_->write([](db::Connection& c) {
      c.execute_script(
          "CREATE TABLE org_units (id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE);"
          "INSERT INTO org_units VALUES (1, '/1/'), (2, '/1/2/'), (3, '/1/3/'), (4, '/1/2/4/'), (5, '/1/2/4/5/'),"
          "(6, '/1/2/4/6/'), (7, '/1/3/7/'), (8, '/1/3/7/8/');");
    });
  }
  void TearDown() override {
    database_.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix);
  }
  auth::ScopeUnits units(const std::string& path, std::optional<size_t> cap = std::nullopt) {
    auth::ScopeUnits out;
    database_->read([&](db::Connection& c) { out = auth::scope_units(c, auth::Scope{path}, cap); });
    return out;
  }

  std::string path_;
  std::unique_ptr<db::Database> database_;
};

TEST_F(ScopeUnitsTest, HeadquartersHoldsTheWholeTree) {
  auto hq = units("/1/");
  EXPECT_TRUE(hq.whole_tree);
  EXPECT_TRUE(hq.ids.empty());  // no list needed: no condition on units
}

TEST_F(ScopeUnitsTest, RegionHoldsItsProvincesAndDealersOnly) {
  auto region = units("/1/2/");
  EXPECT_FALSE(region.whole_tree);
  EXPECT_EQ(region.ids, (std::vector<int64_t>{2, 4, 5, 6}));
  EXPECT_EQ(units("/1/3/").ids, (std::vector<int64_t>{3, 7, 8}));
}

TEST_F(ScopeUnitsTest, ProvinceAndDealer) {
  EXPECT_EQ(units("/1/2/4/").ids, (std::vector<int64_t>{4, 5, 6}));
  auto dealer = units("/1/2/4/5/");
  EXPECT_FALSE(dealer.whole_tree);
  EXPECT_EQ(dealer.ids, (std::vector<int64_t>{5}));  // not its sibling 6
}

TEST_F(ScopeUnitsTest, CapListsOneMoreThanTheCap) {
  auto capped = units("/1/2/", 2);
  EXPECT_EQ(capped.ids, (std::vector<int64_t>{2, 4, 5}));
  EXPECT_TRUE(capped.capped(2));
  auto within = units("/1/2/", 4);
  EXPECT_EQ(within.ids.size(), 4u);
  EXPECT_FALSE(within.capped(4));
  EXPECT_TRUE(units("/1/", 2).whole_tree);  // the whole tree is never capped
}

}  // namespace
