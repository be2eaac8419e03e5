// Users: creation rules, scope, disabling and password resets that end sessions.
#include "harness.h"

using namespace fleetkam;
using namespace fleetkam::test;
using nlohmann::json;

class UsersApi : public ServerFixture {
 protected:
  void SetUp() override {
    region_ = make_unit("region", unique("用户大区"), 1);
    province_ = make_unit("province", unique("用户省区"), region_, next_province_code());
    dealer_ = make_unit("dealer", unique("用户经销商"), province_);
    other_dealer_ = make_unit("dealer", unique("用户经销商"), province_);
  }
  json new_user(const std::string& username, const std::string& role, int64_t unit) {
    return {{"username", username},
            {"password", kPassword},
            {"display_name", "测试用户"},
            {"role", role},
            {"org_unit_id", unit}};
  }
  int64_t region_ = 0, province_ = 0, dealer_ = 0, other_dealer_ = 0;
};

TEST_F(UsersApi, CreateAndReadNeverShowsThePassword) {
  auto name = unique("rep");
  auto r = api().post("/api/v1/users", new_user(name, "sales_rep", dealer_), admin());
  ASSERT_EQ(r.status, 201) << r.raw;
  EXPECT_EQ(r.body["username"], name);
  EXPECT_EQ(r.body["org_unit_id"], dealer_);
  for (const auto& [key, value] : r.body.items()) EXPECT_EQ(key.find("password"), std::string::npos) << key;
  auto one = api().get("/api/v1/users/" + std::to_string(r.body["id"].get<int64_t>()), admin());
  EXPECT_EQ(one.status, 200);
  EXPECT_EQ(one.raw.find("argon2"), std::string::npos);
  auto audit = api().get("/api/v1/audit?entity=user&id=" + std::to_string(r.body["id"].get<int64_t>()), admin());
  ASSERT_EQ(audit.status, 200);
  EXPECT_EQ(audit.body["items"][0]["action"], "create");
  EXPECT_EQ(audit.body["items"][0]["after"]["username"], name);
  EXPECT_EQ(audit.raw.find("argon2"), std::string::npos);
}

TEST_F(UsersApi, CreationRules) {
  int64_t before = count("users");
  auto wrong_unit = api().post("/api/v1/users", new_user(unique("u"), "area_manager", dealer_), admin());
  EXPECT_EQ(wrong_unit.status, 422);
  EXPECT_EQ(wrong_unit.body["errors"][0]["field"], "org_unit_id");
  auto weak = new_user(unique("u"), "sales_rep", dealer_);
  weak["password"] = "password";
  auto w = api().post("/api/v1/users", weak, admin());
  EXPECT_EQ(w.status, 422);
  EXPECT_EQ(w.body["errors"][0]["field"], "password");
  auto bad_name = api().post("/api/v1/users", new_user("has space", "sales_rep", dealer_), admin());
  EXPECT_EQ(bad_name.status, 422);
  EXPECT_EQ(bad_name.body["errors"][0]["field"], "username");
  auto bad_role = api().post("/api/v1/users", new_user(unique("u"), "root", dealer_), admin());
  EXPECT_EQ(bad_role.status, 422);
  EXPECT_EQ(bad_role.body["errors"][0]["field"], "role");
  auto no_unit = api().post("/api/v1/users", new_user(unique("u"), "sales_rep", 99999999), admin());
  EXPECT_EQ(no_unit.status, 422);
  EXPECT_EQ(count("users"), before);
  auto name = unique("Taken");
  ASSERT_EQ(api().post("/api/v1/users", new_user(name, "sales_rep", dealer_), admin()).status, 201);
  std::string lower = name;
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto taken = api().post("/api/v1/users", new_user(lower, "sales_rep", dealer_), admin());
  EXPECT_EQ(taken.status, 409);
  EXPECT_EQ(taken.body["code"], "user.username_taken");
}

// The KA department's staff (ka_staff, added by migration 0026, which edits SQLite's CHECK in place):
// HQ only, and once created they sign in and read HQ's whole scope.
TEST_F(UsersApi, KaStaffAreHqPeople) {
  auto at_dealer = api().post("/api/v1/users", new_user(unique("kas"), "ka_staff", dealer_), admin());
  EXPECT_EQ(at_dealer.status, 422) << at_dealer.raw;
  EXPECT_EQ(at_dealer.body["errors"][0]["field"], "org_unit_id");
  auto name = unique("kas");
  auto made = api().post("/api/v1/users", new_user(name, "ka_staff", 1), admin());
  ASSERT_EQ(made.status, 201) << made.raw;
  EXPECT_EQ(made.body["role"], "ka_staff");
  auto me = api().login(name, kPassword);
  auto units = api().get("/api/v1/org/units/" + std::to_string(dealer_), me);
  EXPECT_EQ(units.status, 200) << "HQ's scope holds every dealer";
  EXPECT_EQ(api().post("/api/v1/users", new_user(unique("u"), "sales_rep", dealer_), me).status, 403);
  // the database's own constraint takes the new role and still refuses an unknown one
  app_->database().write([&](db::Connection& c) {
    EXPECT_THROW(c.execute("UPDATE users SET role = 'root' WHERE username = ?", {name}), std::exception);
  });
}

TEST_F(UsersApi, OnlyAdminsManageUsers) {
  auto manager = make_user(unique("dm"), "dealer_manager", dealer_);
  auto rep = make_user(unique("rep"), "sales_rep", dealer_);
  EXPECT_EQ(api().post("/api/v1/users", new_user(unique("u"), "sales_rep", dealer_), manager).status, 403);
  EXPECT_EQ(api().get("/api/v1/users", rep).status, 403);
  // a rep reads their own record
  EXPECT_EQ(api().get("/api/v1/users/" + std::to_string(rep.user_id), rep).status, 200);
  EXPECT_EQ(api().get("/api/v1/users/" + std::to_string(manager.user_id), rep).status, 403);
}

TEST_F(UsersApi, DealerManagerSeesOnlyItsDealersUsers) {
  auto manager = make_user(unique("dm"), "dealer_manager", dealer_);
  auto colleague = make_user(unique("rep"), "sales_rep", dealer_);
  auto stranger = make_user(unique("rep"), "sales_rep", other_dealer_);
  auto list = api().get("/api/v1/users", manager);
  ASSERT_EQ(list.status, 200);
  std::set<int64_t> ids;
  for (const auto& u : list.body["items"]) ids.insert(u["id"].get<int64_t>());
  EXPECT_EQ(ids, (std::set<int64_t>{manager.user_id, colleague.user_id}));
  EXPECT_EQ(api().get("/api/v1/users/" + std::to_string(stranger.user_id), manager).status, 404);
  EXPECT_EQ(api().get("/api/v1/users/1", manager).status, 404);  // the admin at HQ
  auto filtered = api().get("/api/v1/users?org_unit_id=" + std::to_string(other_dealer_), manager);
  EXPECT_TRUE(items_of(filtered).empty());
  auto by_role = api().get("/api/v1/users?role=dealer_manager&org_unit_id=" + std::to_string(dealer_), admin());
  ASSERT_EQ(by_role.body["items"].size(), 1u);
  EXPECT_EQ(by_role.body["items"][0]["id"], manager.user_id);
  EXPECT_EQ(api().get("/api/v1/users?role=king", admin()).status, 422);
}

TEST_F(UsersApi, DisablingEndsSessionsAtOnce) {
  auto name = unique("rep");
  auto rep = make_user(name, "sales_rep", dealer_);
  EXPECT_EQ(api().get("/api/v1/me", rep).status, 200);
  auto path = "/api/v1/users/" + std::to_string(rep.user_id);
  auto current = api().get(path, admin());
  auto disabled = api().patch(path, {{"version", current.body["version"]}, {"active", false}}, admin());
  ASSERT_EQ(disabled.status, 200);
  EXPECT_FALSE(disabled.body["active"].get<bool>());
  EXPECT_EQ(api().get("/api/v1/me", rep).status, 401);
  EXPECT_EQ(
      api().request("POST", "/api/v1/auth/login", json{{"username", name}, {"password", kPassword}}.dump()).status,
      401);
  auto enabled = api().patch(path, {{"version", disabled.body["version"]}, {"active", true}}, admin());
  ASSERT_EQ(enabled.status, 200);
  EXPECT_EQ(api().login(name, kPassword).user_id, rep.user_id);
  auto audit = api().get("/api/v1/audit?entity=user&id=" + std::to_string(rep.user_id), admin());
  std::vector<json> changes;  // newest first, sign-ins left out
  for (const auto& item : audit.body["items"]) {
    if (item["action"] != "sign_in") changes.push_back(item);
  }
  ASSERT_GE(changes.size(), 3u);
  EXPECT_EQ(changes[0]["action"], "enable");
  EXPECT_EQ(changes[1]["action"], "disable");
  EXPECT_EQ(changes[1]["before"]["active"], true);
  EXPECT_EQ(changes[1]["after"]["active"], false);
  EXPECT_EQ(changes[2]["action"], "create");
}

TEST_F(UsersApi, ChangingRoleOrUnitChecksTheFitAndEndsSessions) {
  auto rep = make_user(unique("rep"), "sales_rep", dealer_);
  auto path = "/api/v1/users/" + std::to_string(rep.user_id);
  auto v = api().get(path, admin()).body["version"];
  EXPECT_EQ(api().patch(path, {{"version", v}, {"role", "area_manager"}}, admin()).status, 422);
  auto promoted = api().patch(path, {{"version", v}, {"role", "dealer_manager"}}, admin());
  ASSERT_EQ(promoted.status, 200) << promoted.raw;
  EXPECT_EQ(api().get("/api/v1/me", rep).status, 401);
  auto moved = api().patch(
      path, {{"version", promoted.body["version"]}, {"role", "area_manager"}, {"org_unit_id", province_}}, admin());
  ASSERT_EQ(moved.status, 200) << moved.raw;
  EXPECT_EQ(moved.body["org_unit_id"], province_);
  auto stale = api().patch(path, {{"version", 1}, {"display_name", "x"}}, admin());
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(stale.body["code"], "version_conflict");
  EXPECT_EQ(api().patch(path, {{"version", moved.body["version"]}, {"display_name", ""}}, admin()).status, 422);
  EXPECT_EQ(api().patch(path, {{"version", moved.body["version"]}, {"password", "x"}}, admin()).status, 422);
  // an admin cannot lock themselves out
  auto me = api().get("/api/v1/users/1", admin());
  EXPECT_EQ(api().patch("/api/v1/users/1", {{"version", me.body["version"]}, {"active", false}}, admin()).status, 422);
}

TEST_F(UsersApi, PasswordResetEndsSessions) {
  auto name = unique("rep");
  auto rep = make_user(name, "sales_rep", dealer_);
  auto path = "/api/v1/users/" + std::to_string(rep.user_id) + "/password";
  EXPECT_EQ(api().post(path, {{"password", "weak"}}, admin()).status, 422);
  EXPECT_EQ(api().post(path, {{"password", "Reset-pass-2026"}}, rep).status, 403);
  EXPECT_EQ(api().post("/api/v1/users/99999999/password", {{"password", "Reset-pass-2026"}}, admin()).status, 404);
  EXPECT_EQ(api().get("/api/v1/me", rep).status, 200);
  EXPECT_EQ(api().post(path, {{"password", "Reset-pass-2026"}}, admin()).status, 204);
  EXPECT_EQ(api().get("/api/v1/me", rep).status, 401);
  EXPECT_EQ(api().login(name, "Reset-pass-2026").user_id, rep.user_id);
  auto audit = api().get("/api/v1/audit?entity=user&id=" + std::to_string(rep.user_id), admin());
  bool reset_logged = false;
  for (const auto& item : audit.body["items"]) reset_logged |= item["action"] == "password_reset";
  EXPECT_TRUE(reset_logged);
}

TEST_F(UsersApi, ConcurrentCreationOfOneUsernameCreatesOne) {
  auto name = unique("race");
  std::vector<std::thread> threads;
  std::atomic<int> created{0}, conflicts{0};
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      auto r = api().post("/api/v1/users", new_user(name, "sales_rep", dealer_), admin());
      if (r.status == 201) ++created;
      if (r.status == 409) ++conflicts;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(conflicts.load(), 3);
}
