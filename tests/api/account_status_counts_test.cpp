// GET /api/v1/accounts/status-counts: the counts beside the account list's 启用 / 已停用 / 全部
// buttons. Whatever plan the list takes, each count is what the list pages through with that
// status and the same other filters, for every role's scope; a dealer counts its own accounts
// only; a bad filter is a 422.
#include <string>
#include <vector>

#include "harness.h"
#include "modules/accounts/store.h"

using namespace fleetkam;
using namespace fleetkam::test;
using nlohmann::json;

class AccountStatusCounts : public ServerFixture {
 protected:
  void TearDown() override { accounts::store::list_plan_limits() = saved_; }

  // Every row the list shows for `query`, paged three at a time with its cursor.
  size_t listed(const std::string& query, const Session& as) {
    size_t rows = 0;
    std::string cursor;
    for (int pages = 0; pages < 100; ++pages) {
      auto r = api().get("/api/v1/accounts?limit=3&" + query + (cursor.empty() ? "" : "&cursor=" + cursor), as);
      EXPECT_EQ(r.status, 200) << query << ": " << r.raw;
      if (r.status != 200) return rows;
      rows += r.body["items"].size();
      if (r.body["next_cursor"].is_null()) return rows;
      cursor = r.body["next_cursor"].get<std::string>();
    }
    ADD_FAILURE() << "the list of " << query << " does not end";
    return rows;
  }

  json counts(const std::string& query, const Session& as) {
    auto r = api().get("/api/v1/accounts/status-counts?" + query, as);
    EXPECT_EQ(r.status, 200) << query << ": " << r.raw;
    return r.body;
  }

  // Deactivates an account (as HQ).
  void deactivate(int64_t id) {
    auto r = api().patch("/api/v1/accounts/" + std::to_string(id), {{"version", 1}, {"active", false}}, admin());
    ASSERT_EQ(r.status, 200) << r.raw;
  }

  accounts::store::ListPlanLimits saved_ = accounts::store::list_plan_limits();
};

TEST_F(AccountStatusCounts, EachCountIsWhatTheListShowsWithThatStatus) {
  auto tree = make_tree("计数");
  auto other = make_tree("计数外");
  auto rep_a = make_user(unique("cnt_rep"), "sales_rep", tree.dealer_a);
  auto rep_b = make_user(unique("cnt_rep"), "sales_rep", tree.dealer_b);
  auto manager = make_user(unique("cnt_am"), "area_manager", tree.province);
  auto director = make_user(unique("cnt_rd"), "regional_director", tree.region);
  auto outsider = make_user(unique("cnt_rep"), "sales_rep", other.dealer_a);

  // dealer A: six accounts in Chengdu and Guangzhou, three grades, two industries; two deactivated
  std::vector<int64_t> a = {
      make_account(rep_a, "510104", "成都市公安局"),
      make_account(rep_a, "510107", "成都市公安局武侯区分局", {{"grade", "secondary"}}),
      make_account(rep_a, "510104", "成都市卫生健康委员会", {{"industry", "health"}}),
      make_account(rep_a, "440106", "广州市公安局", {{"grade", "potential"}}),
      make_account(rep_a, "440106", "广州市卫生健康委员会", {{"industry", "health"}, {"grade", "secondary"}}),
      make_account(rep_a, "510104", "成都市公安局锦江区分局"),
  };
  deactivate(a[1]);
  deactivate(a[4]);
  // dealer B: four, one deactivated; the other province: two, one deactivated
  std::vector<int64_t> b = {
      make_account(rep_b, "510104", "成都市公安局交通警察支队"),
      make_account(rep_b, "510107", "成都市卫生健康委员会", {{"industry", "health"}, {"grade", "potential"}}),
      make_account(rep_b, "440106", "广州市公安局", {{"grade", "secondary"}}),
      make_account(rep_b, "510104", "成都市公安局"),
  };
  deactivate(b[2]);
  deactivate(make_account(outsider, "510104", "成都市公安局"));
  make_account(outsider, "440106", "广州市公安局");

  // what each scope holds, known without the list: a dealer counts its own accounts only
  auto mine = counts("", rep_a);
  EXPECT_EQ(mine["counts"]["active"], 4);
  EXPECT_EQ(mine["counts"]["inactive"], 2);
  EXPECT_EQ(mine["total"], 6);
  auto province = counts("", manager);
  EXPECT_EQ(province["counts"]["active"], 7);
  EXPECT_EQ(province["counts"]["inactive"], 3);
  EXPECT_EQ(province["total"], 10);
  EXPECT_EQ(counts("", outsider)["total"], 2);
  EXPECT_EQ(counts("industry=health", rep_b)["counts"], json({{"active", 1}, {"inactive", 0}}));

  std::vector<std::pair<std::string, const Session*>> callers = {
      {"hq", &admin()}, {"region", &director}, {"province", &manager}, {"dealer a", &rep_a}, {"dealer b", &rep_b}};
  std::vector<std::string> filters = {
      "",
      "grade=key",
      "grade=secondary",
      "industry=health",
      "division_code=510000",
      "division_code=510100",
      "division_code=440106",
      "q=gaj",
      "q=%E6%88%90%E9%83%BD",  // 成都
      "q=cdswsjkwyh&grade=key",
      "owner_unit_id=" + std::to_string(tree.dealer_a),
      "owner_unit_id=" + std::to_string(tree.province) + "&industry=police",
      "owner_unit_id=" + std::to_string(other.dealer_a),  // outside the scope of all but HQ
      "owner_user_id=" + std::to_string(rep_b.user_id),
      "division_code=510000&grade=key&industry=police",
  };
  // the default plans; every filter too large to fetch and sort; small scopes walked as a whole
  std::vector<accounts::store::ListPlanLimits> limits = {saved_, {1, 1, 8}, {1, 1, 0}, {100000, 100000, 8}};
  int64_t seen = 0;
  for (const auto& l : limits) {
    accounts::store::list_plan_limits() = l;
    for (const auto& [who, as] : callers) {
      for (const auto& filter : filters) {
        auto got = counts(filter, *as);
        std::string where = who + " / " + filter + " / limits " + std::to_string(l.probe_cap);
        auto active = listed(filter + "&active=true", *as);
        auto inactive = listed(filter + "&active=false", *as);
        auto all = listed(filter, *as);
        EXPECT_EQ(got["counts"]["active"], active) << where;
        EXPECT_EQ(got["counts"]["inactive"], inactive) << where;
        EXPECT_EQ(got["total"], all) << where;
        EXPECT_EQ(all, active + inactive) << where;
        seen += static_cast<int64_t>(all);
      }
    }
  }
  EXPECT_GT(seen, 400);  // the filters find accounts: the comparisons are not of empty lists
}

TEST_F(AccountStatusCounts, BadFiltersAre422AndSigningInIsRequired) {
  auto tree = make_tree("计数错");
  auto rep = make_user(unique("cnt_rep"), "sales_rep", tree.dealer_a);
  make_account(rep, "510104", "成都市公安局");
  for (const std::string& bad : {"grade=top", "division_code=999999", "division_code=51x", "owner_unit_id=abc",
                                 "owner_unit_id=0", "owner_user_id=-3"}) {
    auto r = api().get("/api/v1/accounts/status-counts?" + bad, rep);
    EXPECT_EQ(r.status, 422) << bad << ": " << r.raw;
    EXPECT_EQ(r.header("Content-Type"), "application/problem+json") << bad;
    // the list refuses the same filter
    EXPECT_EQ(api().get("/api/v1/accounts?" + bad, rep).status, r.status) << bad;
  }
  EXPECT_EQ(api().request("GET", "/api/v1/accounts/status-counts").status, 401);
  // an unknown unit, like one outside the scope, lists and counts nothing
  auto none = api().get("/api/v1/accounts/status-counts?owner_unit_id=999999", rep);
  ASSERT_EQ(none.status, 200) << none.raw;
  EXPECT_EQ(none.body, json({{"counts", {{"active", 0}, {"inactive", 0}}}, {"total", 0}}));
  // the status the list is filtered by is not a filter of its counts
  auto with_status = api().get("/api/v1/accounts/status-counts?active=false", rep);
  ASSERT_EQ(with_status.status, 200) << with_status.raw;
  EXPECT_EQ(with_status.body, json({{"counts", {{"active", 1}, {"inactive", 0}}}, {"total", 1}}));
}
