// The duplicate check (GET /api/v1/accounts/duplicates) tells names and owners from the process's
// duplicate index, not from a query per check: a check costs the session's lookup and the index's
// catch-up, however many candidates it finds (the guard of issue 22); and what a caller is shown
// still follows the database — a rename, an owner change, a unit moved to another province, on
// this server and on another one sharing the database. Runs on SQLite and, with
// FLEETKAM_TEST_POSTGRES_URL, on PostgreSQL.
#include "harness.h"

#include "platform/auth/password.h"
#include "platform/text/credit_code.h"

using namespace fleetkam::test;
using nlohmann::json;

namespace {

// The session's lookup and the index's catch-up: nothing per candidate, no names read again.
constexpr int64_t kMaxStatements = 2;
// With a credit code: and the accounts with that code (inactive ones are not in the index).
constexpr int64_t kMaxStatementsWithCode = 3;

std::string encode(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    char buffer[4];
    std::snprintf(buffer, sizeof buffer, "%%%02X", c);
    out += buffer;
  }
  return out;
}

std::string check_path(const std::string& name, const std::string& division) {
  return "/api/v1/accounts/duplicates?division_code=" + division + "&name=" + encode(name);
}

// The candidate with this id, or null when the answer names none (outside the caller's scope, or
// not a candidate).
json candidate_with_id(const Response& r, int64_t id) {
  EXPECT_EQ(r.status, 200) << r.raw;
  for (const auto& c : r.body["candidates"]) {
    if (c.contains("id") && c["id"] == id) return c;
  }
  return nullptr;
}

}  // namespace

class DuplicateQueries : public ServerFixture {
 protected:
  void SetUp() override {
    auto region = make_unit("region", unique("查名大区"), 1);
    province_ = make_unit("province", unique("查名甲省区"), region, next_province_code());
    other_province_ = make_unit("province", unique("查名乙省区"), region, next_province_code());
    dealer_ = make_unit("dealer", unique("查名经销商"), province_);
    rep_name_ = unique("dq_rep");
    rep_ = make_user(rep_name_, "sales_rep", dealer_);
    manager_ = make_user(unique("dq_am"), "area_manager", province_);
    other_manager_ = make_user(unique("dq_am2"), "area_manager", other_province_);
  }

  struct Cost {
    int64_t statements = 0;
    Response answer;
  };
  // One check through HTTP and the statements it cost the server's database.
  Cost check(const std::string& path, const Session& as) {
    auto& database = app_->database();
    int64_t before = database.statements();
    auto r = api().get(path, as);
    EXPECT_EQ(r.status, 200) << r.raw;
    return {database.statements() - before, r};
  }

  int64_t province_ = 0, other_province_ = 0, dealer_ = 0;
  std::string rep_name_;
  Session rep_, manager_, other_manager_;
};

TEST_F(DuplicateQueries, ACheckIsTheSessionAndTheCatchUpWhateverItFinds) {
  // a bureau and twenty of its sub-units: twenty candidates (at most) for the bureau's name
  std::string bureau = "绵阳市公安局";
  auto first = api().post("/api/v1/accounts", account_body(bureau, "510703"), rep_);
  ASSERT_EQ(first.status, 201) << first.raw;
  for (int i = 1; i <= 20; ++i) {
    auto r = api().post("/api/v1/accounts", account_body(bureau + "第" + std::to_string(i) + "派出所", "510703"), rep_);
    ASSERT_EQ(r.status, 201) << r.raw;
  }
  // a fresh sign-in: its last-seen is not written again (at most once a minute) during the checks
  auto rep = api().login(rep_name_, kPassword);
  check(check_path(bureau, "510703"), rep);  // the first check after the writes reads them into the index

  auto many = check(check_path(bureau, "510703"), rep);
  ASSERT_EQ(many.answer.body["candidates"].size(), 20u) << many.answer.raw;
  for (const auto& c : many.answer.body["candidates"]) {
    EXPECT_TRUE(c.contains("id") && c.contains("name")) << c.dump();  // all inside the rep's scope
  }
  EXPECT_EQ(candidate_with_id(many.answer, first.body["id"].get<int64_t>())["name"], bureau);
  EXPECT_LE(many.statements, kMaxStatements);

  auto none = check(check_path("拉萨市气象局", "540102"), rep);
  EXPECT_TRUE(none.answer.body["candidates"].empty()) << none.answer.raw;
  EXPECT_LE(none.statements, kMaxStatements);

  // by credit code: the same-code account comes with its name, and only the code is looked up
  std::string code = fleetkam::text::complete_credit_code(
      "11510700"
      "00005678");
  auto coded = api().post("/api/v1/accounts", account_body("绵阳市气象局", "510703", {{"credit_code", code}}), rep_);
  ASSERT_EQ(coded.status, 201) << coded.raw;
  check("/api/v1/accounts/duplicates?credit_code=" + code, rep);
  auto by_code = check("/api/v1/accounts/duplicates?credit_code=" + code, rep);
  EXPECT_EQ(candidate_with_id(by_code.answer, coded.body["id"].get<int64_t>())["name"], "绵阳市气象局")
      << by_code.answer.raw;
  EXPECT_LE(by_code.statements, kMaxStatementsWithCode);
}

TEST_F(DuplicateQueries, NamesAndScopeFollowARenameAnOwnerChangeAndAMovedUnit) {
  std::string name = "德阳市城市管理局";
  auto created = api().post("/api/v1/accounts", account_body(name, "510603"), rep_);
  ASSERT_EQ(created.status, 201) << created.raw;
  int64_t id = created.body["id"].get<int64_t>();
  std::string account_path = "/api/v1/accounts/" + std::to_string(id);

  // the dealer's province sees it, the other province only that it exists
  EXPECT_EQ(candidate_with_id(check(check_path(name, "510603"), manager_).answer, id)["name"], name);
  auto hidden = check(check_path(name, "510603"), other_manager_).answer;
  ASSERT_EQ(hidden.body["candidates"].size(), 1u) << hidden.raw;
  EXPECT_FALSE(hidden.body["candidates"][0].contains("id"));
  EXPECT_FALSE(hidden.body["candidates"][0].contains("name"));

  // renamed: the new name at once
  std::string renamed = "德阳市交通运输局";
  auto r = api().patch(account_path, {{"version", 1}, {"name", renamed}}, rep_);
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(candidate_with_id(check(check_path(renamed, "510603"), manager_).answer, id)["name"], renamed);

  // the dealer moves to the other province: its accounts with it
  auto dealer = api().get("/api/v1/org/units/" + std::to_string(dealer_), admin());
  ASSERT_EQ(dealer.status, 200) << dealer.raw;
  auto moved = api().patch("/api/v1/org/units/" + std::to_string(dealer_),
                           {{"version", dealer.body["version"]}, {"parent_id", other_province_}}, admin());
  ASSERT_EQ(moved.status, 200) << moved.raw;
  EXPECT_EQ(candidate_with_id(check(check_path(renamed, "510603"), other_manager_).answer, id)["name"], renamed);
  auto now_hidden = check(check_path(renamed, "510603"), manager_).answer;
  ASSERT_EQ(now_hidden.body["candidates"].size(), 1u) << now_hidden.raw;
  EXPECT_FALSE(now_hidden.body["candidates"][0].contains("name"));

  // owned by the first province again: seen there, not in the other one
  r = api().patch(account_path, {{"version", 2}, {"owner_unit_id", province_}}, admin());
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(candidate_with_id(check(check_path(renamed, "510603"), manager_).answer, id)["name"], renamed);
  auto other = check(check_path(renamed, "510603"), other_manager_).answer;
  ASSERT_EQ(other.body["candidates"].size(), 1u) << other.raw;
  EXPECT_FALSE(other.body["candidates"][0].contains("name"));
}

namespace {

// A second server on the shared database, with what this suite asks of it.
struct Twin : SecondServer {
  using SecondServer::SecondServer;
  int64_t unit(const Session& admin, const std::string& kind, const std::string& name, int64_t parent,
               const char* division = nullptr) {
    json body = {{"kind", kind}, {"name", name}, {"parent_id", parent}};
    if (division) body["division_code"] = division;
    auto r = api->post("/api/v1/org/units", body, admin);
    EXPECT_EQ(r.status, 201) << r.raw;
    return r.status == 201 ? r.body["id"].get<int64_t>() : 0;
  }
  Session user(const Session& admin, const std::string& username, const std::string& role, int64_t unit_id) {
    auto r = api->post("/api/v1/users",
                       {{"username", username},
                        {"password", "Fleet-test-2026"},
                        {"display_name", username},
                        {"role", role},
                        {"org_unit_id", unit_id}},
                       admin);
    EXPECT_EQ(r.status, 201) << r.raw;
    return api->login(username, "Fleet-test-2026");
  }
  // Whether `as` is shown the name of a candidate for `name` (there must be one).
  bool names(const std::string& name, const Session& as) {
    auto r = api->get(check_path(name, "510104"), as);
    EXPECT_EQ(r.status, 200) << r.raw;
    EXPECT_EQ(r.body["candidates"].size(), 1u) << r.raw;
    return !r.body["candidates"].empty() && r.body["candidates"][0].contains("name");
  }
};

}  // namespace

TEST(DuplicateQueriesAcrossServers, AUnitMovedOnOneServerChangesWhatTheOtherShows) {
  use_test_password_cost();
  auto url = fresh_database_url("dupq");
  Twin one(url);
  Twin two(url);
  auto admin = one.api->login("admin", kSecondServerAdminPassword);
  int64_t region = one.unit(admin, "region", "查名双机大区", 1);
  int64_t west = one.unit(admin, "province", "查名双机西省区", region, "510000");
  int64_t east = one.unit(admin, "province", "查名双机东省区", region, "320000");
  int64_t dealer = one.unit(admin, "dealer", "查名双机经销商", west);
  auto rep = one.user(admin, "twin_dq_rep", "sales_rep", dealer);
  auto west_manager = one.user(admin, "twin_dq_west", "area_manager", west);
  auto east_manager = one.user(admin, "twin_dq_east", "area_manager", east);

  std::string name = "成都市水务局";
  auto created = one.api->post("/api/v1/accounts", account_body(name, "510104"), rep);
  ASSERT_EQ(created.status, 201) << created.raw;
  // server two has read the units' paths and the account (its hints may be up to 100 ms behind)
  SecondServer::wait_for_hints();
  EXPECT_TRUE(two.names(name, west_manager));
  EXPECT_FALSE(two.names(name, east_manager));

  // server one moves the dealer to the east: server two shows the name there, no longer in the west
  auto current = one.api->get("/api/v1/org/units/" + std::to_string(dealer), admin);
  ASSERT_EQ(current.status, 200) << current.raw;
  auto moved = one.api->patch("/api/v1/org/units/" + std::to_string(dealer),
                              {{"version", current.body["version"]}, {"parent_id", east}}, admin);
  ASSERT_EQ(moved.status, 200) << moved.raw;
  SecondServer::wait_for_hints();
  EXPECT_TRUE(two.names(name, east_manager));
  EXPECT_FALSE(two.names(name, west_manager));

  // server one gives the account to the west province: server two follows
  auto given = one.api->patch("/api/v1/accounts/" + std::to_string(created.body["id"].get<int64_t>()),
                              {{"version", 1}, {"owner_unit_id", west}}, admin);
  ASSERT_EQ(given.status, 200) << given.raw;
  SecondServer::wait_for_hints();
  EXPECT_TRUE(two.names(name, west_manager));
  EXPECT_FALSE(two.names(name, east_manager));
}

// As the user types, a check whose process wrote nothing since a catch-up of the last 100 ms reads
// nothing at all (its session is in memory too); a write through the process makes the next one
// catch up, and it finds what was written.
TEST_F(DuplicateQueries, HintsAsTheUserTypesReadNothingUntilThisProcessWrites) {
  auto rep = api().login(rep_name_, kPassword);
  const std::string path = check_path("遂宁市公安局交通警察支队", "510903");
  check(path, rep);
  int64_t least = -1;
  for (int attempt = 0; attempt < 3 && least != 0; ++attempt) {  // a slow moment is no failure
    check(path, rep);
    int64_t cost = check(path, rep).statements;
    least = least < 0 ? cost : std::min(least, cost);
  }
  EXPECT_EQ(least, 0);
  auto created = api().post("/api/v1/accounts", account_body("遂宁市公安局交通警察支队", "510903"), rep_);
  ASSERT_EQ(created.status, 201) << created.raw;
  auto after = check(path, rep);
  EXPECT_GE(after.statements, 1);
  EXPECT_EQ(candidate_with_id(after.answer, created.body["id"].get<int64_t>())["name"], "遂宁市公安局交通警察支队")
      << after.answer.raw;
}
