// Scope across provinces (issue 20): a review cannot move an account the reviewer cannot see,
// registering does not reveal another dealer's account, reviewers see other provinces' dealers
// only when their scope covers them, and `q` searches take `%` and `_` literally.
#include <set>

#include "harness.h"
#include "platform/text/credit_code.h"

using namespace fleetkam;
using namespace fleetkam::test;
using nlohmann::json;

class ScopeSecurityApi : public ServerFixture {
 protected:
  void SetUp() override {
    // one region over two provinces: Sichuan (Zigong, Zigong 2) and Yunnan (Kunming)
    region_ = make_unit("region", unique("西南大区"), 1);
    sichuan_code_ = next_province_code();
    yunnan_code_ = next_province_code();
    sichuan_ = make_unit("province", unique("四川省区"), region_, sichuan_code_);
    yunnan_ = make_unit("province", unique("云南省区"), region_, yunnan_code_);
    zigong_ = make_unit("dealer", unique("自贡经销商"), sichuan_);
    zigong2_ = make_unit("dealer", unique("内江经销商"), sichuan_);
    kunming_name_ = unique("昆明经销商");
    kunming_ = make_unit("dealer", kunming_name_, yunnan_);
    rep_zigong_ = make_user(unique("sc_zg"), "sales_rep", zigong_);
    rep_zigong2_ = make_user(unique("sc_nj"), "sales_rep", zigong2_);
    rep_kunming_ = make_user(unique("sc_km"), "sales_rep", kunming_);
    am_sichuan_ = make_user(unique("sc_am"), "area_manager", sichuan_);
    am_yunnan_ = make_user(unique("sc_am"), "area_manager", yunnan_);
    regional_ = make_user(unique("sc_rd"), "regional_director", region_);
  }

  static std::string credit_code() {
    static int n = 0;
    char body[9];
    std::snprintf(body, sizeof body, "%08d", 20000000 + ++n);
    return text::complete_credit_code(std::string("11530100") + body);
  }
  json account(const std::string& name, const std::string& division, const std::optional<std::string>& code) {
    return account_body(name, division, code ? json{{"credit_code", *code}} : json::object());
  }
  static json lead(const json& account) {
    return registration_body(
        account, {{"vehicle_type", "police_patrol"}, {"quantity", 6}, {"expected_date", day_from_today(90)}});
  }
  static std::string path(int64_t id) { return "/api/v1/registrations/" + std::to_string(id); }
  Response review(const json& registration, const std::string& decision, const Session& as) {
    json body = {{"decision", decision}, {"authentic", true}, {"version", registration["version"]}};
    if (decision == "reject") body["note"] = "跨省";
    return api().post(path(registration["id"]) + "/review", body, as);
  }
  // Kunming's account with a contact and the contact's phone number.
  json kunming_account(const std::string& code) {
    auto a = api().post("/api/v1/accounts", account(unique("昆明市公安局"), yunnan_code_, code), rep_kunming_);
    EXPECT_EQ(a.status, 201) << a.raw;
    auto contact =
        api().post("/api/v1/accounts/" + std::to_string(a.body.value("id", 0)) + "/contacts",
                   {{"name", "李科长"}, {"buying_role", "decision_maker"}, {"phone", "13800138000"}}, rep_kunming_);
    EXPECT_EQ(contact.status, 201) << contact.raw;
    return a.body;
  }
  std::string account_path(const json& a) { return "/api/v1/accounts/" + std::to_string(a.value("id", 0)); }

  int64_t region_ = 0, sichuan_ = 0, yunnan_ = 0, zigong_ = 0, zigong2_ = 0, kunming_ = 0;
  std::string sichuan_code_, yunnan_code_, kunming_name_;
  Session rep_zigong_, rep_zigong2_, rep_kunming_, am_sichuan_, am_yunnan_, regional_;
};

// Item 3: the Sichuan manager cannot see Kunming's account, so cannot hand it to Zigong; the
// regional director, whose scope holds both, can.
TEST_F(ScopeSecurityApi, AReviewDoesNotMoveAnAccountOutsideTheReviewersScope) {
  auto code = credit_code();
  auto kunming = kunming_account(code);
  EXPECT_EQ(api().get(account_path(kunming), am_sichuan_).status, 404);
  auto r = api().post("/api/v1/registrations", lead(account(unique("某单位"), sichuan_code_, code)), rep_zigong_);
  ASSERT_EQ(r.status, 201) << r.raw;
  EXPECT_EQ(r.body["status"], "conflict");
  auto refused = review(r.body, "approve", am_sichuan_);
  EXPECT_EQ(refused.status, 403) << refused.raw;
  EXPECT_EQ(refused.body["code"], "registration.account_outside_scope");
  // nothing moved, nothing changed
  auto still = api().get(account_path(kunming), rep_kunming_);
  ASSERT_EQ(still.status, 200);
  EXPECT_EQ(still.body["owner_unit_id"], kunming_);
  EXPECT_EQ(still.body["version"], kunming["version"]);
  EXPECT_EQ(api().get(account_path(kunming), rep_zigong_).status, 404);
  EXPECT_EQ(api().get(account_path(kunming) + "/contacts", rep_zigong_).status, 404);
  auto unchanged = api().get(path(r.body["id"]), am_sichuan_);
  EXPECT_EQ(unchanged.body["status"], "conflict");
  EXPECT_EQ(unchanged.body["version"], r.body["version"]);
  // the regional director holds both sides and decides
  auto approved = review(r.body, "approve", regional_);
  ASSERT_EQ(approved.status, 200) << approved.raw;
  EXPECT_EQ(api().get(account_path(kunming), rep_zigong_).body["owner_unit_id"], zigong_);
}

// Item 3, an account no dealer owns: another province's own account is a conflict too.
TEST_F(ScopeSecurityApi, AnotherProvincesOwnAccountIsAConflict) {
  auto code = credit_code();
  auto yunnan = api().post("/api/v1/accounts", account(unique("云南省交通运输厅"), yunnan_code_, code), am_yunnan_);
  ASSERT_EQ(yunnan.status, 201) << yunnan.raw;
  auto r = api().post("/api/v1/registrations", lead(account(unique("某厅"), sichuan_code_, code)), rep_zigong_);
  ASSERT_EQ(r.status, 201) << r.raw;
  EXPECT_EQ(r.body["status"], "conflict");
  auto seen = api().get(path(r.body["id"]), am_sichuan_);
  ASSERT_EQ(seen.body["conflicts"].size(), 1u) << seen.raw;
  EXPECT_EQ(seen.body["conflicts"][0]["reason"], "account_owned_outside_province");
  auto refused = review(r.body, "approve", am_sichuan_);
  EXPECT_EQ(refused.status, 403) << refused.raw;
  EXPECT_EQ(refused.body["code"], "registration.account_outside_scope");
  EXPECT_EQ(api().get(account_path(yunnan.body), am_yunnan_).body["owner_unit_id"], yunnan_);
  // rejecting moves nothing and stays the Sichuan manager's call
  EXPECT_EQ(review(r.body, "reject", am_sichuan_).status, 200);
  EXPECT_EQ(api().get(account_path(yunnan.body), am_yunnan_).body["owner_unit_id"], yunnan_);
}

// Item 4: registering by another dealer's credit code answers as the duplicates endpoint does.
TEST_F(ScopeSecurityApi, RegisteringDoesNotRevealAnotherDealersAccount) {
  auto code = credit_code();
  auto kunming = kunming_account(code);
  std::string id_text = "\"account_id\":" + std::to_string(kunming.value("id", 0));
  auto duplicates = api().get("/api/v1/accounts/duplicates?name=x&credit_code=" + code, rep_zigong_);
  ASSERT_EQ(duplicates.status, 200) << duplicates.raw;
  ASSERT_FALSE(duplicates.body["candidates"].empty()) << duplicates.raw;
  EXPECT_FALSE(duplicates.body["candidates"][0].contains("id"));
  auto r = api().post("/api/v1/registrations", lead(account(unique("某单位"), sichuan_code_, code)), rep_zigong_);
  ASSERT_EQ(r.status, 201) << r.raw;
  EXPECT_EQ(r.body["status"], "conflict");
  EXPECT_TRUE(r.body["account_id"].is_null()) << r.raw;
  EXPECT_TRUE(r.body["account_name"].is_null()) << r.raw;
  EXPECT_EQ(r.raw.find(kunming["name"].get<std::string>()), std::string::npos);
  auto again = api().get(path(r.body["id"]), rep_zigong_);
  EXPECT_TRUE(again.body["account_id"].is_null()) << again.raw;
  EXPECT_EQ(again.raw.find(kunming["name"].get<std::string>()), std::string::npos);
  auto mine = api().get("/api/v1/registrations?mine=true", rep_zigong_);
  ASSERT_EQ(mine.status, 200);
  EXPECT_EQ(mine.raw.find(kunming["name"].get<std::string>()), std::string::npos);
  EXPECT_EQ(mine.raw.find(id_text), std::string::npos);
  // the Sichuan manager cannot see the account either; the regional director can
  EXPECT_TRUE(api().get(path(r.body["id"]), am_sichuan_).body["account_id"].is_null());
  EXPECT_EQ(api().get(path(r.body["id"]), regional_).body["account_id"], kunming["id"]);
  // once approved the account is Zigong's, and Zigong sees it
  ASSERT_EQ(review(r.body, "approve", regional_).status, 200);
  auto own = api().get(path(r.body["id"]), rep_zigong_);
  EXPECT_EQ(own.body["account_id"], kunming["id"]);
  EXPECT_EQ(own.body["account_name"], kunming["name"]);
}

// Low: the conflict's other side, for a reviewer who cannot see it, has no dealer, no id.
TEST_F(ScopeSecurityApi, ConflictsNameOtherProvincesDealersOnlyToReviewersOverThem) {
  std::string name = unique("某市应急管理局");
  auto first = api().post("/api/v1/registrations", lead(account(name, yunnan_code_, std::nullopt)), rep_kunming_);
  ASSERT_EQ(first.status, 201) << first.raw;
  auto second = api().post("/api/v1/registrations", lead(account(name, yunnan_code_, std::nullopt)), rep_zigong_);
  ASSERT_EQ(second.status, 201) << second.raw;
  ASSERT_EQ(second.body["status"], "conflict");
  // a Sichuan dealer in the same conflict stays named to the Sichuan manager
  auto third = api().post("/api/v1/registrations", lead(account(name, yunnan_code_, std::nullopt)), rep_zigong2_);
  ASSERT_EQ(third.status, 201) << third.raw;

  auto sichuan = api().get(path(second.body["id"]), am_sichuan_);
  ASSERT_EQ(sichuan.status, 200) << sichuan.raw;
  EXPECT_EQ(sichuan.raw.find(kunming_name_), std::string::npos) << sichuan.raw;
  std::set<std::string> reasons;
  for (const auto& k : sichuan.body["conflicts"]) {
    reasons.insert(k["reason"]);
    if (k["dealer_unit_id"] == zigong2_) {
      EXPECT_EQ(k["registration_id"], third.body["id"]);
      continue;
    }
    EXPECT_TRUE(k["dealer_unit_id"].is_null()) << k.dump();
    EXPECT_TRUE(k["dealer_name"].is_null()) << k.dump();
    EXPECT_TRUE(k["registration_id"].is_null()) << k.dump();
    if (k["reason"] == "active_registration") {
      // what the reviewer needs to judge who came first stays
      EXPECT_EQ(k["status"], "pending");
      EXPECT_EQ(k["vehicle_type"], "police_patrol");
      EXPECT_FALSE(k["registered_at"].is_null());
    }
  }
  EXPECT_EQ(reasons, (std::set<std::string>{"account_owned_by_other_dealer", "active_registration"}));
  // the regional director covers both provinces and sees who the other dealer is
  auto region = api().get(path(second.body["id"]), regional_);
  bool named = false;
  for (const auto& k : region.body["conflicts"]) {
    if (k["dealer_unit_id"] == kunming_) {
      named = true;
      EXPECT_EQ(k["dealer_name"], kunming_name_);
    }
  }
  EXPECT_TRUE(named) << region.raw;
  bool linked = false;
  for (const auto& k : region.body["conflicts"]) linked |= k["registration_id"] == first.body["id"];
  EXPECT_TRUE(linked) << region.raw;
}

// Low: `q` is text, not a LIKE pattern.
TEST_F(ScopeSecurityApi, SearchTakesPercentAndUnderscoreLiterally) {
  auto director = make_user(unique("sc_dir"), "ka_director", 1);
  auto a = api().post("/api/v1/accounts", account(unique("某市公安局"), sichuan_code_, std::nullopt), rep_zigong_);
  ASSERT_EQ(a.status, 201) << a.raw;
  auto model = api().post("/api/v1/vehicle-models",
                          {{"code", unique("SC_")},
                           {"name", "江铃 指挥车"},
                           {"vehicle_type", "command"},
                           {"kind", "base"},
                           {"guide_price_fen", 20000000}},
                          director);
  ASSERT_EQ(model.status, 201) << model.raw;
  auto plain = api().post("/api/v1/vehicle-models",
                          {{"code", unique("SCX")},
                           {"name", "江铃 执法车"},
                           {"vehicle_type", "command"},
                           {"kind", "base"},
                           {"guide_price_fen", 20000000}},
                          director);
  ASSERT_EQ(plain.status, 201) << plain.raw;
  for (const std::string& title : {"完成率100%项目", "普通项目"}) {
    auto o = api().post("/api/v1/opportunities",
                        {{"account_id", a.body["id"]},
                         {"title", title},
                         {"lines", {{{"vehicle_type", "command"}, {"quantity", 1}}}},
                         {"expected_date", day_from_today(200)},
                         {"procurement_method", "tender"},
                         {"usage_area", "in_province"}},
                        rep_zigong_);
    ASSERT_EQ(o.status, 201) << o.raw;
  }
  auto percent = api().get("/api/v1/opportunities?q=%25", rep_zigong_);
  ASSERT_EQ(percent.status, 200) << percent.raw;
  ASSERT_EQ(percent.body["items"].size(), 1u) << percent.raw;
  EXPECT_EQ(percent.body["items"][0]["title"], "完成率100%项目");
  auto underscore = api().get("/api/v1/opportunities?q=_", rep_zigong_);
  ASSERT_EQ(underscore.status, 200);
  EXPECT_TRUE(underscore.body["items"].empty()) << underscore.raw;
  auto bang = api().get("/api/v1/opportunities?q=!", rep_zigong_);
  ASSERT_EQ(bang.status, 200);
  EXPECT_TRUE(bang.body["items"].empty()) << bang.raw;

  auto models = api().get("/api/v1/vehicle-models?q=_", rep_zigong_);
  ASSERT_EQ(models.status, 200) << models.raw;
  ASSERT_FALSE(models.body["items"].empty());
  for (const auto& m : models.body["items"]) {
    std::string haystack = m["code"].get<std::string>() + m["name"].get<std::string>() +
                           (m["upfitter"].is_string() ? m["upfitter"].get<std::string>() : "");
    EXPECT_NE(haystack.find('_'), std::string::npos) << m.dump();
  }
  EXPECT_TRUE(api().get("/api/v1/vehicle-models?q=%25", rep_zigong_).body["items"].empty());
}
