// The account list chooses among plans (fetch by the most selective filter and sort, walk in
// pinyin order on a filter's index, walk each unit of a small scope and merge). Whatever the plan,
// a page must be exactly the rows a plain query returns. With the limits lowered, a few thousand
// generated accounts take every plan; each result is compared with the plain query's, page by page.
#include <gtest/gtest.h>

#include "app/gen.h"
#include "harness.h"
#include "modules/accounts/store.h"
#include "platform/db/migrations.h"
#include "platform/text/pinyin.h"

namespace fleetkam::test {
namespace {

class AccountListPlans : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    database_ = db::Database::open(fresh_database_url("plans"), 2).release();
    db::migrate(*database_);
    org::OrgService org(*database_);
    org.bootstrap("Chief-secret-2026");
    directories::DirectoryService directories(*database_);
    accounts::AccountService accounts(*database_, directories);
    app::GenOptions options;
    options.accounts = 2500;
    options.contacts_per_account = 0.5;
    options.batch = 1000;
    auto result = app::generate(*database_, org, accounts, options);
    ASSERT_EQ(result.accounts, 2500);
  }
  static void TearDownTestSuite() {
    delete database_;
    database_ = nullptr;
  }
  void TearDown() override { accounts::store::list_plan_limits() = saved_; }

  static auth::Principal principal_of(const std::string& unit_sql) {
    auth::Principal p;
    p.user_id = 1;
    p.role = auth::Role::ka_director;
    database_->read([&](db::Connection& c) {
      auto row = c.query_one(unit_sql);
      p.org_unit_id = row->integer(0);
      p.scope.path = row->text(1);
    });
    return p;
  }

  // Every id the plain query lists, in order.
  static std::vector<int64_t> expected(const auth::Principal& p, const accounts::AccountFilter& f) {
    std::string sql =
        "SELECT a.id FROM accounts a JOIN org_units o ON o.id = a.owner_unit_id WHERE o.path >= ? AND o.path < ?";
    db::Params params = {p.scope.lower(), p.scope.upper()};
    if (f.q) {
      sql += " AND a.id IN (SELECT account_id FROM account_search_keys WHERE key >= ? AND key < ?)";
      params.emplace_back(*f.q);
      params.emplace_back(*f.q + "\xF4\x8F\xBF\xBF");
    }
    if (f.grade) {
      sql += " AND a.grade = ?";
      params.emplace_back(*f.grade);
    }
    if (f.industry) {
      sql += " AND a.industry = ?";
      params.emplace_back(*f.industry);
    }
    if (f.division_code) {
      sql += " AND a.division_code LIKE ?";
      params.emplace_back(*f.division_code + "%");
    }
    if (f.owner_unit_id) {
      sql += " AND o.path LIKE (SELECT path FROM org_units WHERE id = ?) || '%'";
      params.emplace_back(*f.owner_unit_id);
    }
    sql += " ORDER BY a.sort_key, a.id";
    std::vector<int64_t> ids;
    database_->read([&](db::Connection& c) {
      for (const auto& row : c.query(sql, params)) ids.push_back(row.integer(0));
    });
    return ids;
  }

  // Pages of `page` rows through the store, with the keyset cursor, up to `max` rows.
  static std::vector<int64_t> listed(const auth::Principal& p, accounts::AccountFilter f, size_t max) {
    f.limit = 23;
    std::vector<int64_t> ids;
    while (ids.size() < max) {
      std::vector<accounts::Account> page;
      database_->read([&](db::Connection& c) { page = accounts::store::list_accounts(c, p.scope, f); });
      for (const auto& a : page) ids.push_back(a.id);
      if (page.size() < 23) break;
      f.after = std::make_pair(page.back().sort_key, page.back().id);
    }
    return ids;
  }

  static db::Database* database_;
  accounts::store::ListPlanLimits saved_ = accounts::store::list_plan_limits();
};

db::Database* AccountListPlans::database_ = nullptr;

TEST_F(AccountListPlans, EveryPlanListsWhatAPlainQueryLists) {
  std::vector<std::pair<std::string, auth::Principal>> callers = {
      {"hq", principal_of("SELECT id, path FROM org_units WHERE kind = 'hq'")},
      {"region", principal_of("SELECT id, path FROM org_units WHERE name = '西南大区'")},
      {"province", principal_of("SELECT id, path FROM org_units WHERE kind = 'province' AND division_code = '510000'")},
      {"dealer", principal_of("SELECT id, path FROM org_units WHERE name = '成都鑫达汽车销售服务有限公司'")},
  };
  int64_t sichuan = principal_of("SELECT id, path FROM org_units WHERE division_code = '510000'").org_unit_id;
  auto filter = [](auto&& setup) {
    accounts::AccountFilter f;
    setup(f);
    return f;
  };
  std::vector<std::pair<std::string, accounts::AccountFilter>> filters = {
      {"none", {}},
      {"grade", filter([](auto& f) { f.grade = "key"; })},
      {"industry", filter([](auto& f) { f.industry = "police"; })},
      {"province", filter([](auto& f) { f.division_code = "51"; })},
      {"city", filter([](auto& f) { f.division_code = "5101"; })},
      {"q initials", filter([](auto& f) { f.q = text::pinyin_query("gaj"); })},
      {"q one letter", filter([](auto& f) { f.q = text::pinyin_query("c"); })},
      {"q characters", filter([](auto& f) { f.q = text::pinyin_query("成都"); })},
      {"q and grade", filter([](auto& f) {
         f.q = text::pinyin_query("j");
         f.grade = "secondary";
       })},
      {"province and industry", filter([](auto& f) {
         f.division_code = "51";
         f.industry = "health";
       })},
      {"owner unit", filter([&](auto& f) { f.owner_unit_id = sichuan; })},
      {"owner unit and q", filter([&](auto& f) {
         f.owner_unit_id = sichuan;
         f.q = text::pinyin_query("s");
       })},
  };
  // default limits; every filter too large for fetch-and-sort; and small scopes walked as a whole
  std::vector<accounts::store::ListPlanLimits> limits = {saved_, {15, 15, 8}, {15, 15, 0}, {100000, 100000, 8}};
  int compared = 0;
  for (const auto& l : limits) {
    accounts::store::list_plan_limits() = l;
    for (const auto& [who, p] : callers) {
      for (const auto& [what, f] : filters) {
        auto want = expected(p, f);
        if (want.size() > 100) want.resize(100);
        auto got = listed(p, f, 100);
        if (got.size() > 100) got.resize(100);
        EXPECT_EQ(got, want) << who << " / " << what << " / limits " << l.probe_cap << "," << l.merge_units;
        compared += static_cast<int>(want.size());
      }
    }
  }
  EXPECT_GT(compared, 5000);  // the data set is not empty for these filters
}

}  // namespace
}  // namespace fleetkam::test
