// What one duplicate check (GET /api/v1/accounts/duplicates, called as the user types) costs the
// database, counted by the server's own Database (statements sent, rows read): a few statements
// however many candidates there are, and no re-reading of accounts the process's duplicate index
// already holds; and two servers on one database see each other's writes. Runs on SQLite and, with
// FLEETKAM_TEST_POSTGRES_URL, on PostgreSQL.
#include "harness.h"

#include "platform/auth/password.h"

using namespace fleetkam::test;
using nlohmann::json;

namespace {

// Session lookup, the index's catch-up, the candidates' names and owners; and, now and then, the
// session's last-seen write (BEGIN, UPDATE, COMMIT).
constexpr int64_t kMaxCheckStatements = 6;
// Rows besides the candidates' own: the session, PostgreSQL's catch-up row when nothing changed.
constexpr int64_t kMaxOtherRows = 3;

std::string percent_encoded(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    char buffer[4];
    std::snprintf(buffer, sizeof buffer, "%%%02X", c);
    out += buffer;
  }
  return out;
}

}  // namespace

class DuplicateQueryCount : public ServerFixture {
 protected:
  void SetUp() override {
    auto region = make_unit("region", unique("查重大区"), 1);
    auto province = make_unit("province", unique("查重省区"), region, next_province_code());
    auto dealer = make_unit("dealer", unique("查重经销商"), province);
    rep_ = make_user(unique("dup_rep"), "sales_rep", dealer);
  }
  struct Cost {
    int64_t statements = 0;
    int64_t rows = 0;
    size_t candidates = 0;
  };
  // One check through HTTP and what it cost the server's database.
  Cost check(const std::string& name) {
    auto& database = app_->database();
    int64_t statements = database.statements();
    int64_t rows = database.rows_read();
    auto r = api().get("/api/v1/accounts/duplicates?division_code=510104&name=" + percent_encoded(name), rep_);
    EXPECT_EQ(r.status, 200) << r.raw;
    return {database.statements() - statements, database.rows_read() - rows, r.body["candidates"].size()};
  }
  Session rep_;
};

TEST_F(DuplicateQueryCount, ACheckCostsAFewStatementsWhateverTheCandidatesAndRereadsNothing) {
  // a bureau and twenty of its sub-units: twenty-one candidates for the bureau's name
  std::string bureau = "成都市公安局";  // each suite has a fresh database
  ASSERT_EQ(api().post("/api/v1/accounts", account_body(bureau, "510104"), rep_).status, 201);
  for (int i = 1; i <= 20; ++i) {
    auto r = api().post("/api/v1/accounts", account_body(bureau + "第" + std::to_string(i) + "派出所", "510104"), rep_);
    ASSERT_EQ(r.status, 201) << r.raw;
  }
  check(bureau);  // the first check after the writes reads them into the index

  auto many = check(bureau);
  EXPECT_GE(many.candidates, 20u);
  EXPECT_LE(many.statements, kMaxCheckStatements);
  // the index is up to date: only the candidates' names and owners are read, no account again
  EXPECT_LE(many.rows, static_cast<int64_t>(many.candidates) + kMaxOtherRows);

  auto none = check("拉萨市气象局");
  EXPECT_EQ(none.candidates, 0u);
  EXPECT_LE(none.statements, kMaxCheckStatements);
  EXPECT_LE(none.rows, kMaxOtherRows);
}

TEST_F(DuplicateQueryCount, ACheckSeesWhatWasWrittenSinceTheLastOne) {
  std::string name = "成都市城市管理局";
  auto created = api().post("/api/v1/accounts", account_body(name, "510104"), rep_);
  ASSERT_EQ(created.status, 201) << created.raw;
  EXPECT_EQ(check(name).candidates, 1u);

  // renamed: found by the new name only, with the one row of its change read again
  std::string renamed = "成都市交通运输局";
  auto r = api().patch("/api/v1/accounts/" + std::to_string(created.body["id"].get<int64_t>()),
                       {{"version", 1}, {"name", renamed}}, rep_);
  ASSERT_EQ(r.status, 200) << r.raw;
  auto after = check(renamed);
  EXPECT_EQ(after.candidates, 1u);
  EXPECT_LE(after.rows, 1 + 1 + kMaxOtherRows);
  EXPECT_EQ(check(name).candidates, 0u);

  // disabled: no longer a candidate
  r = api().patch("/api/v1/accounts/" + std::to_string(created.body["id"].get<int64_t>()),
                  {{"version", 2}, {"active", false}}, rep_);
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(check(renamed).candidates, 0u);
}

namespace {

// A second server on the shared database, with what this suite asks of it.
struct Server : SecondServer {
  using SecondServer::SecondServer;
  size_t candidates(const std::string& name, const Session& as) {
    auto r = api->get("/api/v1/accounts/duplicates?division_code=510104&name=" + percent_encoded(name), as);
    EXPECT_EQ(r.status, 200) << r.raw;
    return r.body["candidates"].size();
  }
};

}  // namespace

TEST(DuplicateIndexAcrossServers, WhatOneServerWritesTheOthersChecksSee) {
  use_test_password_cost();
  auto url = fresh_database_url("dupx");
  Server one(url);
  Server two(url);
  auto admin = one.api->login("admin", kSecondServerAdminPassword);
  int64_t parent = 1;
  for (const auto& [kind, name] : std::vector<std::pair<std::string, std::string>>{
           {"region", "双机大区"}, {"province", "双机省区"}, {"dealer", "双机经销商"}}) {
    json body = {{"kind", kind}, {"name", name}, {"parent_id", parent}};
    if (kind == "province") body["division_code"] = "510000";
    auto r = one.api->post("/api/v1/org/units", body, admin);
    ASSERT_EQ(r.status, 201) << r.raw;
    parent = r.body["id"].get<int64_t>();
  }
  auto user = one.api->post("/api/v1/users",
                            {{"username", "twin_rep"},
                             {"password", "Fleet-test-2026"},
                             {"display_name", "twin_rep"},
                             {"role", "sales_rep"},
                             {"org_unit_id", parent}},
                            admin);
  ASSERT_EQ(user.status, 201) << user.raw;
  auto rep = two.api->login("twin_rep", "Fleet-test-2026");

  EXPECT_EQ(two.candidates("成都市生态环境局", rep), 0u);
  auto created = one.api->post("/api/v1/accounts", fleetkam::test::account_body("成都市生态环境局", "510104"), rep);
  ASSERT_EQ(created.status, 201) << created.raw;
  // the other server's hints within 100 ms; its checks inside a create at once
  EXPECT_EQ(two.api->post("/api/v1/accounts", fleetkam::test::account_body("成都市生态环境局", "510104"), rep).status,
            409);
  SecondServer::wait_for_hints();
  EXPECT_EQ(two.candidates("成都市生态环境局", rep), 1u);

  auto renamed = two.api->patch("/api/v1/accounts/" + std::to_string(created.body["id"].get<int64_t>()),
                                {{"version", 1}, {"name", "成都市气象局"}}, rep);
  ASSERT_EQ(renamed.status, 200) << renamed.raw;
  SecondServer::wait_for_hints();
  EXPECT_EQ(one.candidates("成都市气象局", rep), 1u);
  EXPECT_EQ(one.candidates("成都市生态环境局", rep), 0u);
}
