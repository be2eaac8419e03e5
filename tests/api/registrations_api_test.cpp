// Lead registrations (报备) against the real server: submit, conflict, review, protection and its
// lapse (with a clock the test moves), no leak of the other dealer to the registering dealer,
// two dealers at the same moment, every 4xx path, the figures.
#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "harness.h"
#include "platform/clock.h"

using namespace fleetkam;
using namespace fleetkam::test;
using nlohmann::json;

class RegistrationsApi : public ServerFixture {
 protected:
  void SetUp() override {
    auto tree = make_tree("报备");
    region_ = tree.region;
    province_code_ = tree.province_code;
    province_ = tree.province;
    dealer_a_name_ = tree.dealer_a_name;
    dealer_a_ = tree.dealer_a;
    dealer_b_ = tree.dealer_b;
    auto other_region = make_unit("region", unique("别的大区"), 1);
    auto other_province = make_unit("province", unique("别的省区"), other_region, next_province_code());
    rep_a_name_ = unique("reg_a");
    rep_b_name_ = unique("reg_b");
    manager_name_ = unique("reg_am");
    rep_a_ = make_user(rep_a_name_, "sales_rep", dealer_a_);
    rep_b_ = make_user(rep_b_name_, "sales_rep", dealer_b_);
    manager_ = make_user(manager_name_, "area_manager", province_);
    other_manager_ = make_user(unique("reg_am"), "area_manager", other_province);
  }
  void TearDown() override { clock::pin(std::nullopt); }

  // The division of this test's accounts (the province itself: every code handed out exists).
  std::string city() const { return province_code_; }
  json new_account(const std::string& name) { return account_body(name, city()); }
  json lead(const json& account) {
    return registration_body(account, {{"vehicle_type", "police_patrol"},
                                       {"model", "JX5040"},
                                       {"quantity", 12},
                                       {"budget_fen", 3600000000},
                                       {"expected_date", day_from_today(30)},
                                       {"info_obtained_at", clock::format_rfc3339(clock::now_ms() - 3600000)}});
  }
  Response review(int64_t id, const std::string& decision, const Session& as, int64_t version = 1) {
    json body = {{"decision", decision}, {"authentic", true}, {"version", version}};
    if (decision == "reject") body["note"] = "信息不实";
    return api().post("/api/v1/registrations/" + std::to_string(id) + "/review", body, as);
  }
  std::string path(int64_t id) { return "/api/v1/registrations/" + std::to_string(id); }

  int64_t region_ = 0, province_ = 0, dealer_a_ = 0, dealer_b_ = 0;
  std::string province_code_, dealer_a_name_, rep_a_name_, rep_b_name_, manager_name_;
  // Moving the clock days ahead ends every session (8 hours idle): sign in again.
  void pin_and_sign_in(int64_t at) {
    clock::pin(at);
    rep_a_ = api().login(rep_a_name_, kPassword);
    rep_b_ = api().login(rep_b_name_, kPassword);
    manager_ = api().login(manager_name_, kPassword);
  }
  Session rep_a_, rep_b_, manager_, other_manager_;
};

TEST_F(RegistrationsApi, SubmitAndReadInScope) {
  auto r = api().post("/api/v1/registrations", lead(new_account(unique("某市公安局"))), rep_a_);
  ASSERT_EQ(r.status, 201) << r.raw;
  EXPECT_EQ(r.body["status"], "pending");
  EXPECT_EQ(r.body["dealer_unit_id"], dealer_a_);
  EXPECT_EQ(r.body["quantity"], 12);
  EXPECT_EQ(r.body["budget_fen"], 3600000000);
  EXPECT_TRUE(r.body["protected_until"].is_null());
  auto id = r.body["id"].get<int64_t>();
  // the new account belongs to the registering dealer
  auto account = api().get("/api/v1/accounts/" + std::to_string(r.body["account_id"].get<int64_t>()), rep_a_);
  EXPECT_EQ(account.body["owner_unit_id"], dealer_a_);
  EXPECT_EQ(api().get(path(id), rep_a_).status, 200);
  EXPECT_EQ(api().get(path(id), manager_).status, 200);
  EXPECT_EQ(api().get(path(id), rep_b_).status, 404);
  EXPECT_EQ(api().get(path(id), other_manager_).status, 404);
  auto mine = api().get("/api/v1/registrations?mine=true", rep_a_);
  ASSERT_EQ(mine.status, 200);
  ASSERT_FALSE(mine.body["items"].empty());
  EXPECT_EQ(mine.body["items"][0]["id"], id);
  EXPECT_TRUE(items_of(api().get("/api/v1/registrations", rep_b_)).empty());
  // registered in the audit trail with the time it was made
  auto audit = api().get("/api/v1/audit?entity=registration&id=" + std::to_string(id), admin());
  ASSERT_EQ(items_of(audit).size(), 1u);
  EXPECT_EQ(audit.body["items"][0]["action"], "create");
}

TEST_F(RegistrationsApi, AConflictTellsTheDealerNothingMore) {
  std::string name = unique("某市检察院");
  auto first = api().post("/api/v1/registrations", lead(new_account(name)), rep_a_);
  ASSERT_EQ(first.status, 201) << first.raw;
  // the other dealer registers the same organisation, written a little differently
  auto second = api().post("/api/v1/registrations", lead(new_account(" " + name + " ")), rep_b_);
  ASSERT_EQ(second.status, 201) << second.raw;
  EXPECT_EQ(second.body["status"], "conflict");
  // the account is dealer A's: dealer B learns neither its id nor its name (issue 20)
  EXPECT_TRUE(first.body["account_id"].is_number());
  EXPECT_TRUE(second.body["account_id"].is_null());
  EXPECT_TRUE(second.body["account_name"].is_null());
  auto seen_by_manager = api().get(path(second.body["id"].get<int64_t>()), manager_);
  ASSERT_EQ(seen_by_manager.status, 200) << seen_by_manager.raw;
  EXPECT_EQ(seen_by_manager.body["account_id"], first.body["account_id"]);
  EXPECT_TRUE(second.body["conflicts"].empty());
  EXPECT_EQ(second.raw.find(dealer_a_name_), std::string::npos);
  auto again = api().get(path(second.body["id"].get<int64_t>()), rep_b_);
  ASSERT_EQ(again.status, 200) << again.raw;
  EXPECT_TRUE(again.body["conflicts"].empty());
  EXPECT_EQ(again.raw.find(dealer_a_name_), std::string::npos);
  // the area manager sees both sides
  auto seen = api().get(path(second.body["id"].get<int64_t>()), manager_);
  ASSERT_EQ(seen.body["conflicts"].size(), 2u) << seen.raw;  // the owner and the open registration
  std::set<std::string> reasons;
  for (const auto& k : seen.body["conflicts"]) {
    reasons.insert(k["reason"]);
    EXPECT_EQ(k["dealer_name"], dealer_a_name_);
  }
  EXPECT_EQ(reasons, (std::set<std::string>{"account_owned_by_other_dealer", "active_registration"}));
  auto first_seen = api().get(path(first.body["id"].get<int64_t>()), manager_);
  ASSERT_EQ(first_seen.body["conflicts"].size(), 1u);
  EXPECT_EQ(first_seen.body["conflicts"][0]["registration_id"], second.body["id"]);
  auto conflicts = api().get("/api/v1/registrations?status=conflict", manager_);
  bool listed = false;
  for (const auto& item : items_of(conflicts)) listed |= item["id"] == second.body["id"];
  EXPECT_TRUE(listed);
}

// Issue 19: an agency renamed in the 2018 reform is one buyer under its old and its new name.
TEST_F(RegistrationsApi, ARenamedAgencysOldNameConflictsWithItsNewNameAndTheReviewerSeesWhy) {
  std::string city = unique("某市");
  auto first = api().post("/api/v1/registrations", lead(new_account(city + "生态环境局")), rep_a_);
  ASSERT_EQ(first.status, 201) << first.raw;
  EXPECT_EQ(first.body["status"], "pending");
  EXPECT_TRUE(first.body["account_match"].is_null()) << "a new account: no match";
  // dealer B writes the bureau's name from before the reform, abbreviated as its old spreadsheet has it
  auto second = api().post("/api/v1/registrations", lead(new_account(city + "环保局")), rep_b_);
  ASSERT_EQ(second.status, 201) << second.raw;
  EXPECT_EQ(second.body["status"], "conflict");
  EXPECT_TRUE(second.body["account_id"].is_null());
  EXPECT_TRUE(second.body["account_match"].is_null()) << "dealer B learns nothing more";
  // the area manager sees one buyer, and why
  auto seen = api().get(path(second.body["id"].get<int64_t>()), manager_);
  ASSERT_EQ(seen.status, 200) << seen.raw;
  EXPECT_EQ(seen.body["account_id"], first.body["account_id"]);
  EXPECT_EQ(seen.body["account_name"], city + "生态环境局");
  ASSERT_TRUE(seen.body["account_match"].is_object()) << seen.raw;
  EXPECT_EQ(seen.body["account_match"]["name"], city + "环保局");
  EXPECT_EQ(seen.body["account_match"]["reason"], "renamed in 2018: 环境保护局 → 生态环境局, abbreviation");
  std::set<std::string> reasons;
  for (const auto& k : seen.body["conflicts"]) reasons.insert(k["reason"]);
  EXPECT_EQ(reasons, (std::set<std::string>{"account_owned_by_other_dealer", "active_registration"}));

  // the other way round, and a merger: the old 工商局 registered first, the new 市场监督管理局 after
  std::string town = unique("某县");
  auto old_name = api().post("/api/v1/registrations", lead(new_account(town + "工商行政管理局")), rep_a_);
  ASSERT_EQ(old_name.status, 201) << old_name.raw;
  auto new_name = api().post("/api/v1/registrations", lead(new_account(town + "市场监管局")), rep_b_);
  ASSERT_EQ(new_name.status, 201) << new_name.raw;
  EXPECT_EQ(new_name.body["status"], "conflict");
  auto reviewed = api().get(path(new_name.body["id"].get<int64_t>()), manager_);
  EXPECT_EQ(reviewed.body["account_id"], old_name.body["account_id"]);
  EXPECT_EQ(reviewed.body["account_match"]["reason"], "merged in 2018: 工商行政管理局 → 市场监督管理局, abbreviation");

  // an agency split out of another is not the same buyer: 民政局 and 退役军人事务局 are two
  std::string county = unique("某区");
  auto civil = api().post("/api/v1/registrations", lead(new_account(county + "民政局")), rep_a_);
  auto veterans = api().post("/api/v1/registrations", lead(new_account(county + "退役军人事务局")), rep_b_);
  ASSERT_EQ(veterans.status, 201) << veterans.raw;
  EXPECT_EQ(veterans.body["status"], "pending");
  EXPECT_NE(veterans.body["account_id"], civil.body["account_id"]);
}

TEST_F(RegistrationsApi, ReviewApprovesOneAndResolvesTheConflict) {
  std::string name = unique("某市法院");
  auto first = api().post("/api/v1/registrations", lead(new_account(name)), rep_a_);
  auto second = api().post("/api/v1/registrations", lead(new_account(name)), rep_b_);
  ASSERT_EQ(second.body["status"], "conflict");
  auto a = first.body["id"].get<int64_t>(), b = second.body["id"].get<int64_t>();
  // neither a rep nor another province's manager reviews
  EXPECT_EQ(review(a, "approve", rep_a_).status, 403);
  EXPECT_EQ(review(a, "approve", other_manager_).status, 404);
  auto stale = review(a, "approve", manager_, 7);
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(stale.body["code"], "version_conflict");
  auto no_note =
      api().post(path(a) + "/review", {{"decision", "reject"}, {"authentic", false}, {"version", 1}}, manager_);
  EXPECT_EQ(no_note.status, 422);
  EXPECT_EQ(no_note.body["errors"][0]["field"], "note");
  auto approved = review(a, "approve", manager_);
  ASSERT_EQ(approved.status, 200) << approved.raw;
  EXPECT_EQ(approved.body["status"], "approved");
  EXPECT_EQ(approved.body["authentic"], true);
  auto until = clock::parse_rfc3339(approved.body["protected_until"].get<std::string>());
  ASSERT_TRUE(until.has_value());
  EXPECT_NEAR(static_cast<double>(*until - clock::now_ms()), 90.0 * 86400000, 120000.0);
  auto loser = api().get(path(b), rep_b_);
  ASSERT_EQ(loser.status, 200) << loser.raw;
  EXPECT_EQ(loser.body["status"], "rejected");
  EXPECT_EQ(loser.raw.find(dealer_a_name_), std::string::npos);
  auto twice = review(a, "approve", manager_, 2);  // reviewed once
  EXPECT_EQ(twice.status, 409);
  EXPECT_EQ(twice.body["code"], "registration.not_reviewable");
  // while it is protected, another dealer's registration is a conflict and cannot be approved
  auto third = api().post("/api/v1/registrations", lead(new_account(name)), rep_b_);
  EXPECT_EQ(third.body["status"], "conflict");
  auto refused = review(third.body["id"].get<int64_t>(), "approve", manager_);
  EXPECT_EQ(refused.status, 409);
  EXPECT_EQ(refused.body["code"], "registration.protected");
}

TEST_F(RegistrationsApi, ProtectionLapsesAndTheAccountIsFreeAgain) {
  EXPECT_EQ(api()
                .request("PUT", "/api/v1/settings/registrations", R"({"protection_days": 3})",
                         {{"Authorization", "Bearer " + rep_a_.token}})
                .status,
            403);
  EXPECT_EQ(api()
                .request("PUT", "/api/v1/settings/registrations", R"({"protection_days": 0})",
                         {{"Authorization", "Bearer " + admin().token}})
                .status,
            422);
  ASSERT_EQ(api()
                .request("PUT", "/api/v1/settings/registrations", R"({"protection_days": 3})",
                         {{"Authorization", "Bearer " + admin().token}})
                .status,
            200);
  std::string name = unique("某市交通运输局");
  auto first = api().post("/api/v1/registrations", lead(new_account(name)), rep_a_);
  ASSERT_EQ(first.status, 201) << first.raw;
  auto a = first.body["id"].get<int64_t>();
  auto approved = review(a, "approve", manager_);
  ASSERT_EQ(approved.status, 200) << approved.raw;
  // extending: only an approved registration, only by a reviewer in scope, with a reason
  auto pending = api().post("/api/v1/registrations", lead(new_account(unique("某市水利局"))), rep_a_);
  auto not_protected =
      api().post(path(pending.body["id"].get<int64_t>()) + "/extend", {{"version", 1}, {"reason", "x"}}, manager_);
  EXPECT_EQ(not_protected.status, 409);
  EXPECT_EQ(not_protected.body["code"], "registration.not_protected");
  EXPECT_EQ(api().post(path(a) + "/extend", {{"version", 2}, {"reason", "x"}}, other_manager_).status, 404);
  EXPECT_EQ(api().post(path(a) + "/extend", {{"version", 2}, {"reason", "x"}}, rep_a_).status, 403);
  EXPECT_EQ(api().post(path(a) + "/extend", {{"version", 2}}, manager_).status, 422);
  auto stale = api().post(path(a) + "/extend", {{"version", 9}, {"reason", "x"}}, manager_);
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(stale.body["code"], "version_conflict");
  // extended by a reviewer: three more days from the end of the first period
  auto extended = api().post(path(a) + "/extend", {{"version", 2}, {"reason", "招标公告已发布"}}, manager_);
  ASSERT_EQ(extended.status, 200) << extended.raw;
  auto until = [](const Response& r) { return clock::parse_rfc3339(r.body["protected_until"]).value_or(0); };
  EXPECT_EQ(until(extended) - until(approved), 3 * 86400000LL);
  int64_t now = clock::now_ms();
  pin_and_sign_in(now + 5 * 86400000LL);
  EXPECT_EQ(api().get(path(a), rep_a_).body["status"], "approved");
  pin_and_sign_in(now + 7 * 86400000LL);
  EXPECT_EQ(api().get(path(a), rep_a_).body["status"], "lapsed");
  // the account is free: the other dealer's registration is no conflict
  auto second = api().post("/api/v1/registrations", lead(new_account(name)), rep_b_);
  ASSERT_EQ(second.status, 201) << second.raw;
  EXPECT_EQ(second.body["status"], "pending");
  EXPECT_EQ(api().get(path(a), manager_).body["status"], "lapsed");
  clock::pin(std::nullopt);
  admin_ = api().login("admin", kAdminPassword);
  ASSERT_EQ(api()
                .request("PUT", "/api/v1/settings/registrations", R"({"protection_days": 90})",
                         {{"Authorization", "Bearer " + admin().token}})
                .status,
            200);
}

TEST_F(RegistrationsApi, TwoDealersAtTheSameMomentExactlyOneHoldsIt) {
  for (int round = 0; round < 4; ++round) {
    // a buyer neither dealer owns yet: the province's own account
    auto account = api().post("/api/v1/accounts", new_account(unique("某市应急管理局")), manager_);
    ASSERT_EQ(account.status, 201) << account.raw;
    json body = lead(account.body["name"].is_string() ? new_account(account.body["name"]) : json());
    std::atomic<int> ready{0};
    Response results[2];
    std::thread threads[2];
    const Session* reps[2] = {&rep_a_, &rep_b_};
    for (int i = 0; i < 2; ++i) {
      threads[i] = std::thread([&, i] {
        ++ready;
        while (ready < 2) std::this_thread::yield();
        results[i] = api().post("/api/v1/registrations", body, *reps[i]);
      });
    }
    for (auto& t : threads) t.join();
    ASSERT_EQ(results[0].status, 201) << results[0].raw;
    ASSERT_EQ(results[1].status, 201) << results[1].raw;
    for (const auto& result : results) {
      // the province's account is outside a dealer's scope: hidden from the dealer, the
      // reviewer sees both registrations name it
      EXPECT_TRUE(result.body["account_id"].is_null());
      auto seen = api().get(path(result.body["id"].get<int64_t>()), manager_);
      ASSERT_EQ(seen.status, 200) << seen.raw;
      EXPECT_EQ(seen.body["account_id"], account.body["id"]);
    }
    std::multiset<std::string> statuses = {results[0].body["status"], results[1].body["status"]};
    EXPECT_EQ(statuses, (std::multiset<std::string>{"conflict", "pending"})) << "round " << round;
  }
}

TEST_F(RegistrationsApi, BadInputIsNamedAndChangesNothing) {
  int64_t before = count("registrations");
  int64_t accounts_before = count("accounts");
  auto post = [&](const json& body, const Session& as) { return api().post("/api/v1/registrations", body, as); };
  auto fields_of = [](const Response& r) {
    std::set<std::string> fields;
    for (const auto& e : r.body["errors"]) fields.insert(e["field"]);
    return fields;
  };
  auto body = lead(new_account(unique("某市气象局")));
  auto missing = post(json::object(), rep_a_);
  EXPECT_EQ(missing.status, 422);
  EXPECT_TRUE(fields_of(missing).count("vehicle_type"));
  EXPECT_TRUE(fields_of(missing).count("quantity"));
  auto bad = body;
  bad["quantity"] = 0;
  bad["expected_date"] = "2025-02-30";
  bad["info_class"] = "maybe";
  EXPECT_EQ(fields_of(post(bad, rep_a_)), (std::set<std::string>{"quantity", "expected_date", "info_class"}));
  bad = body;
  bad["expected_date"] = day_from_today(-32);  // more than a month ago
  EXPECT_EQ(fields_of(post(bad, rep_a_)), (std::set<std::string>{"expected_date"}));
  bad = body;
  bad["info_obtained_at"] = clock::format_rfc3339(clock::now_ms() + 86400000);
  bad["vehicle_type"] = "spaceship";
  EXPECT_EQ(fields_of(post(bad, rep_a_)), (std::set<std::string>{"info_obtained_at", "vehicle_type"}));
  bad = body;
  bad["account"]["name"] = "";
  bad["account"]["division_code"] = "999999";
  bad["account"]["colour"] = "red";
  auto account_errors = fields_of(post(bad, rep_a_));
  EXPECT_TRUE(account_errors.count("account.name"));
  EXPECT_TRUE(account_errors.count("account.colour"));
  bad = body;
  bad["account_id"] = 1;
  EXPECT_TRUE(fields_of(post(bad, rep_a_)).count("account"));  // both
  bad = body;
  bad.erase("account");
  EXPECT_TRUE(fields_of(post(bad, rep_a_)).count("account_id"));  // neither
  bad = body;
  bad["unknown"] = true;
  EXPECT_EQ(post(bad, rep_a_).status, 422);
  EXPECT_EQ(
      api()
          .request("POST", "/api/v1/registrations", "{\"quantity\": ", {{"Authorization", "Bearer " + rep_a_.token}})
          .status,
      400);
  // an account outside the caller's scope, by id: 404
  auto foreign = api().post("/api/v1/accounts", new_account(unique("某市财政局")), rep_b_);
  ASSERT_EQ(foreign.status, 201);
  EXPECT_EQ(post(lead(foreign.body["id"]), rep_a_).status, 404);
  // only a dealer's staff register
  EXPECT_EQ(post(body, manager_).status, 403);
  EXPECT_EQ(count("registrations"), before);
  EXPECT_EQ(count("accounts"), accounts_before + 1);  // the foreign account made above
  // list and stats parameters
  EXPECT_EQ(api().get("/api/v1/registrations?status=maybe", rep_a_).status, 422);
  EXPECT_EQ(api().get("/api/v1/registrations/stats?by=planet", manager_).status, 422);
  EXPECT_EQ(api().get("/api/v1/registrations/stats?from=2025-13-01", manager_).status, 422);
  EXPECT_EQ(api().get("/api/v1/registrations/stats", rep_a_).status, 403);
  EXPECT_EQ(api().get(path(999999999), manager_).status, 404);
}

TEST_F(RegistrationsApi, AConflictIsTheSameVehicleTypeWithinHalfAYear) {
  // a buyer neither dealer owns (the province's own account): only registrations can conflict
  auto account = api().post("/api/v1/accounts", new_account(unique("某市生态环境局")), manager_);
  ASSERT_EQ(account.status, 201) << account.raw;
  auto submit = [&](const Session& as, int expected_in_days, const std::string& vehicle_type = "police_patrol") {
    auto body = lead(new_account(account.body["name"]));
    body["expected_date"] = day_from_today(expected_in_days);
    body["vehicle_type"] = vehicle_type;
    auto r = api().post("/api/v1/registrations", body, as);
    EXPECT_EQ(r.status, 201) << r.raw;
    auto seen = api().get(path(r.body["id"].get<int64_t>()), manager_);
    EXPECT_EQ(seen.status, 200) << seen.raw;
    EXPECT_EQ(seen.body["account_id"], account.body["id"]);
    return r;
  };
  auto first = submit(rep_a_, 200);
  EXPECT_EQ(first.body["status"], "pending");
  // 180 days before or after the first one's expected date: a conflict; 181: none
  EXPECT_EQ(submit(rep_b_, 200 - 181).body["status"], "pending");
  EXPECT_EQ(submit(rep_b_, 200 + 181).body["status"], "pending");
  auto before = submit(rep_b_, 200 - 180);
  EXPECT_EQ(before.body["status"], "conflict");
  EXPECT_EQ(submit(rep_b_, 200 + 180).body["status"], "conflict");
  // another vehicle type on the same day: no conflict
  EXPECT_EQ(submit(rep_b_, 200, "command").body["status"], "pending");
  auto seen = api().get(path(before.body["id"].get<int64_t>()), manager_);
  ASSERT_EQ(seen.status, 200) << seen.raw;
  ASSERT_EQ(seen.body["conflicts"].size(), 1u) << seen.raw;
  EXPECT_EQ(seen.body["conflicts"][0]["registration_id"], first.body["id"]);
  EXPECT_EQ(seen.body["conflicts"][0]["reason"], "active_registration");
}

TEST_F(RegistrationsApi, FiguresPerDealerAndProvince) {
  std::string today = day_from_today(0);
  std::string name = unique("某市卫生健康委员会");
  auto first = api().post("/api/v1/registrations", lead(new_account(name)), rep_a_);
  auto second = api().post("/api/v1/registrations", lead(new_account(name)), rep_b_);
  ASSERT_EQ(second.body["status"], "conflict") << second.raw;
  ASSERT_EQ(review(first.body["id"].get<int64_t>(), "approve", manager_).status, 200);
  // two more of the dealer's, approved; one becomes an opportunity
  auto converted = api().post("/api/v1/registrations", lead(new_account(unique("某市住建局"))), rep_a_);
  auto kept = api().post("/api/v1/registrations", lead(new_account(unique("某市民政局"))), rep_a_);
  ASSERT_EQ(review(converted.body["id"].get<int64_t>(), "approve", manager_).status, 200);
  ASSERT_EQ(review(kept.body["id"].get<int64_t>(), "approve", manager_).status, 200);
  auto opportunity =
      api().post("/api/v1/opportunities",
                 {{"account_id", converted.body["account_id"]},
                  {"registration_id", converted.body["id"]},
                  {"title", "巡逻车采购"},
                  {"lines", {{{"vehicle_type", "police_patrol"}, {"model", "巡逻车"}, {"quantity", 12}}}},
                  {"expected_date", day_from_today(30)},
                  {"procurement_method", "tender"},
                  {"usage_area", "in_province"}},
                 rep_a_);
  ASSERT_EQ(opportunity.status, 201) << opportunity.raw;
  auto figures = [&](const std::string& by) {
    std::map<int64_t, json> out;
    auto r = api().get("/api/v1/registrations/stats?from=" + today + "&to=" + today + "&by=" + by, manager_);
    for (const auto& item : items_of(r)) out[item["unit_id"].get<int64_t>()] = item;
    return out;
  };
  auto dealers = figures("dealer");
  ASSERT_EQ(dealers.size(), 2u);
  json a = dealers[dealer_a_], b = dealers[dealer_b_];
  EXPECT_EQ(a["registrations"], 3);
  EXPECT_EQ(a["approved"], 3);
  EXPECT_EQ(a["rejected"], 0);
  EXPECT_EQ(a["conflicts"], 0);
  EXPECT_EQ(a["lapsed"], 0);
  EXPECT_EQ(a["converted"], 1);
  EXPECT_DOUBLE_EQ(a["authentic_rate"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(a["conversion_rate"].get<double>(), 1.0 / 3);
  EXPECT_NEAR(a["median_delay_hours"].get<double>(), 1.0, 0.1);
  EXPECT_EQ(b["registrations"], 1);
  EXPECT_EQ(b["approved"], 0);
  EXPECT_EQ(b["rejected"], 1);  // resolved in favour of the first
  EXPECT_EQ(b["conflicts"], 1);
  EXPECT_EQ(b["lapsed"], 0);
  EXPECT_EQ(b["converted"], 0);
  EXPECT_DOUBLE_EQ(b["authentic_rate"].get<double>(), 0.0);
  EXPECT_TRUE(b["conversion_rate"].is_null());
  auto provinces = figures("province");
  ASSERT_EQ(provinces.size(), 1u);
  EXPECT_EQ(provinces[province_]["registrations"], 4);
  EXPECT_EQ(provinces[province_]["converted"], 1);
  // past the protection (90 days) the two approved and not converted lapse at the next write
  pin_and_sign_in(clock::now_ms() + 91 * 86400000LL);
  ASSERT_EQ(api().post("/api/v1/registrations", lead(new_account(unique("某市林业局"))), rep_b_).status, 201);
  a = figures("dealer")[dealer_a_];
  EXPECT_EQ(a["approved"], 3);
  EXPECT_EQ(a["lapsed"], 2);
  EXPECT_EQ(a["converted"], 1);
  clock::pin(std::nullopt);
  // another province's manager sees none of it
  EXPECT_TRUE(items_of(api().get("/api/v1/registrations/stats", other_manager_)).empty());
}

// The status filter's counts: one per status for the list's scope and its other filters, each
// equal to the rows the list shows with that status; a dealer counts only its own.
TEST_F(RegistrationsApi, StatusCountsAreTheListsRowsPerStatus) {
  std::string marker = unique("计数");
  auto submit = [&](const Session& as, const std::string& name) {
    auto r = api().post("/api/v1/registrations", lead(new_account(name)), as);
    EXPECT_EQ(r.status, 201) << r.raw;
    return r.body["id"].get<int64_t>();
  };
  auto approved = submit(rep_a_, unique("某市公安局"));
  auto rejected = submit(rep_a_, unique("某市交通局"));
  submit(rep_a_, marker + "市应急管理局");
  submit(rep_b_, unique("某市林业局"));
  submit(rep_b_, unique("某市水务局"));
  ASSERT_EQ(review(approved, "approve", manager_).status, 200);
  ASSERT_EQ(review(rejected, "reject", manager_).status, 200);

  const std::string route = "/api/v1/registrations/status-counts";
  auto counts = [&](const std::string& query, const Session& as) {
    auto r = api().get(route + query, as);
    EXPECT_EQ(r.status, 200) << r.raw;
    return r.body;
  };
  auto manager = counts("", manager_);
  EXPECT_EQ(manager["counts"],
            json({{"pending", 3}, {"conflict", 0}, {"approved", 1}, {"rejected", 1}, {"lapsed", 0}, {"converted", 0}}));
  EXPECT_EQ(manager["total"], 5);
  // each count is what the list shows with that status
  for (const auto& [status, n] : manager["counts"].items()) {
    auto rows = api().get("/api/v1/registrations?limit=500&status=" + status, manager_);
    EXPECT_EQ(rows.body["items"].size(), n.get<size_t>()) << status;
  }
  // the status filter itself is not applied; the others are
  EXPECT_EQ(counts("?status=approved", manager_)["counts"]["pending"], 3);
  auto dealer_b = counts("?dealer_unit_id=" + std::to_string(dealer_b_), manager_);
  EXPECT_EQ(dealer_b["counts"]["pending"], 2);
  EXPECT_EQ(dealer_b["total"], 2);
  auto searched = counts("?q=" + marker, manager_);
  EXPECT_EQ(searched["counts"]["pending"], 1);
  EXPECT_EQ(searched["total"], 1);
  // scope: a dealer counts its own, another province nothing
  auto a = counts("", rep_a_);
  EXPECT_EQ(a["counts"]["pending"], 1);
  EXPECT_EQ(a["counts"]["approved"], 1);
  EXPECT_EQ(a["counts"]["rejected"], 1);
  EXPECT_EQ(a["total"], 3);
  auto b = counts("", rep_b_);
  EXPECT_EQ(b["counts"]["pending"], 2);
  EXPECT_EQ(b["total"], 2);
  EXPECT_EQ(counts("", other_manager_)["total"], 0);
  // another dealer's unit as a filter counts nothing for a dealer
  EXPECT_EQ(counts("?dealer_unit_id=" + std::to_string(dealer_b_), rep_a_)["total"], 0);
  // bad filters: problem+json, like the list
  for (const std::string bad : {"?status=maybe", "?dealer_unit_id=x", "?protected_until_to=2025-13-40"}) {
    auto r = api().get(route + bad, manager_);
    EXPECT_EQ(r.status, 422) << bad;
    EXPECT_EQ(r.header("Content-Type"), "application/problem+json") << bad;
  }
  EXPECT_EQ(api().get(route + "?q=" + std::string(101, 'a'), manager_).status, 422);
  EXPECT_EQ(api().request("GET", route, "", {}).status, 401);
}
