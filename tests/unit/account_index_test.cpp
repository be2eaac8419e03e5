// The duplicate index as a cache of the accounts table (accounts::AccountIndex) on a real SQLite
// file with the real migrations: a catch-up made inside a write transaction after its own writes
// reads rows that may be rolled back, and whose change numbers are then given again.
#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>
#include <memory>
#include <string>

#include "modules/accounts/index.h"
#include "platform/db/database.h"
#include "platform/db/migrations.h"

using namespace fleetkam;

namespace {

class AccountIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() / ("fleetkam-account-index-" + std::to_string(getpid()) + ".db"))
                .string();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix);
    database_ = db::Database::open("sqlite:" + path_, 2);
    db::migrate(*database_);
    database_->write([](db::Connection& c) {
      c.execute(
          "INSERT INTO org_units (id, kind, name, path, created_at, updated_at) VALUES (1, 'hq', '总部', '/1/', 0, 0)");
    });
  }
  void TearDown() override {
    database_.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix);
  }

  static int64_t insert(db::Connection& c, const std::string& name) {
    return c
        .query_one(
            "INSERT INTO accounts (name, name_key, sort_key, industry, admin_level, division_code, province_code, "
            "grade, "
            "business_class, procurement_method, source_channel, owner_unit_id, created_at, updated_at) VALUES "
            "(?, ?, ?, 'public_security', 'municipal', '510100', '510000', 'key', 'direct', 'tender', 'dealer', 1, 0, "
            "0) RETURNING id",
            {name, name, name})
        ->integer(0);
  }
  // The ids the index offers for `name` after a catch-up outside any transaction.
  std::vector<int64_t> found(const std::string& name) {
    auto lease = database_->acquire();
    index_.sync(*lease, accounts::Reading::outside_transaction);
    std::vector<int64_t> ids;
    for (const auto& c : index_.candidates({name, "510100", std::nullopt}, 20)) {
      if (c.name == name) ids.push_back(c.id);
    }
    return ids;
  }

  std::string path_;
  std::unique_ptr<db::Database> database_;
  accounts::AccountIndex index_;
};

struct RolledBack : std::runtime_error {
  RolledBack() : std::runtime_error("rolled back") {}
};

TEST_F(AccountIndexTest, ARolledBackWriteReadAfterOwnWritesLeavesNoTraceAndHidesNoLaterCommit) {
  int64_t police = 0;
  database_->write([&](db::Connection& c) { police = insert(c, "成都市公安局"); });
  EXPECT_EQ(found("成都市公安局"), std::vector<int64_t>{police});

  // a write transaction renames the bureau and adds an account, catches the index up after those
  // writes (as a registration does after its lapses), then rolls back
  int64_t ghost = 0;
  EXPECT_THROW(database_->write([&](db::Connection& c) {
    c.execute("UPDATE accounts SET name = '成都市公安局交通管理局' WHERE id = ?", {police});
    ghost = insert(c, "成都市应急管理局");
    index_.sync(c, accounts::Reading::write_after_own_writes);
    throw RolledBack();
  }),
               RolledBack);
  ASSERT_GT(ghost, 0);

  // the next committed account takes the change numbers the rolled-back writes had
  int64_t later = 0;
  database_->write([&](db::Connection& c) { later = insert(c, "成都市生态环境局"); });

  EXPECT_EQ(found("成都市生态环境局"), std::vector<int64_t>{later}) << "a commit after the rollback is missed";
  EXPECT_EQ(found("成都市公安局"), std::vector<int64_t>{police}) << "the rolled-back rename is kept";
  EXPECT_TRUE(found("成都市公安局交通管理局").empty());
  EXPECT_TRUE(found("成都市应急管理局").empty()) << "the rolled-back insert is kept";
}

TEST_F(AccountIndexTest, WritesReadAfterOwnWritesAndCommittedAreKept) {
  int64_t first = 0, second = 0;
  database_->write([&](db::Connection& c) { first = insert(c, "绵阳市公安局"); });
  EXPECT_EQ(found("绵阳市公安局"), std::vector<int64_t>{first});
  database_->write([&](db::Connection& c) {
    c.execute("UPDATE accounts SET name = '绵阳市公安局交通警察支队' WHERE id = ?", {first});
    second = insert(c, "绵阳市消防救援支队");
    index_.sync(c, accounts::Reading::write_after_own_writes);
  });
  EXPECT_EQ(found("绵阳市公安局交通警察支队"), std::vector<int64_t>{first});
  EXPECT_EQ(found("绵阳市消防救援支队"), std::vector<int64_t>{second});
  EXPECT_TRUE(found("绵阳市公安局").empty());
  // and what comes after is read as usual
  int64_t third = 0;
  database_->write([&](db::Connection& c) { third = insert(c, "绵阳市交通运输局"); });
  EXPECT_EQ(found("绵阳市交通运输局"), std::vector<int64_t>{third});
}

}  // namespace
