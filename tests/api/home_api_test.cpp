// GET /api/v1/home against the real server: each role's to-dos within its scope, every count
// equal to the number of records the list it links to returns through the API, the pipeline by
// stage on both tracks weighted by the probability that counts, deliveries this month, the units one
// level below ranked, and the list filters the to-dos link to (with their 4xx paths).
#include "harness.h"
#include "platform/clock.h"

using namespace fleetkam;
using namespace fleetkam::test;
using nlohmann::json;

class HomeApi : public ServerFixture {
 protected:
  void SetUp() override {
    region_ = make_unit("region", unique("首页大区"), 1);
    province_code_ = next_province_code();
    province_ = make_unit("province", unique("首页省区"), region_, province_code_);
    dealer_a_ = make_unit("dealer", unique("首页甲"), province_);
    dealer_b_ = make_unit("dealer", unique("首页乙"), province_);
    rep_a_ = make_user(unique("home_a"), "sales_rep", dealer_a_);
    rep_a2_ = make_user(unique("home_a2"), "sales_rep", dealer_a_);
    dealer_manager_a_ = make_user(unique("home_dm"), "dealer_manager", dealer_a_);
    rep_b_ = make_user(unique("home_b"), "sales_rep", dealer_b_);
    manager_ = make_user(unique("home_am"), "area_manager", province_);
    regional_ = make_user(unique("home_rd"), "regional_director", region_);
    director_ = make_user(unique("home_dir"), "ka_director", 1);
    auto model = api().post("/api/v1/vehicle-models",
                            {{"code", unique("HM")},
                             {"name", "江铃 执法车"},
                             {"vehicle_type", "law_enforcement"},
                             {"kind", "upfit"},
                             {"upfitter", "中通专用车"},
                             {"guide_price_fen", 20000000}},
                            director_);
    ASSERT_EQ(model.status, 201) << model.raw;
    model_ = model.body["id"];
  }
  void TearDown() override { clock::pin(std::nullopt); }

  int64_t account(const Session& as) {
    auto r = api().post("/api/v1/accounts",
                        {{"name", unique("某县市场监督管理局")},
                         {"industry", "market_regulation"},
                         {"admin_level", "county"},
                         {"division_code", province_code_},
                         {"grade", "key"},
                         {"business_class", "tender"},
                         {"procurement_method", "tender"},
                         {"source_channel", "gov_procurement_site"}},
                        as);
    EXPECT_EQ(r.status, 201) << r.raw;
    return r.body.value("id", int64_t{0});
  }
  json registration(int64_t account_id) {
    return {{"account_id", account_id},
            {"vehicle_type", "law_enforcement"},
            {"quantity", 4},
            {"expected_date", day_from_today(60)},
            {"procurement_method", "tender"},
            {"source_channel", "gov_procurement_site"},
            {"info_class", "tender"}};
  }
  // An opportunity of `quantity` units at 195,000 元 each.
  int64_t opportunity(const Session& as, int64_t quantity, int probability, int expected_in_days) {
    auto r = api().post("/api/v1/opportunities",
                        {{"account_id", account(as)},
                         {"title", "执法车采购"},
                         {"lines",
                          {{{"vehicle_type", "law_enforcement"},
                            {"model_id", model_},
                            {"quantity", quantity},
                            {"unit_price_fen", 19500000}}}},
                         {"expected_date", day_from_today(expected_in_days)},
                         {"procurement_method", "tender"},
                         {"usage_area", "in_province"},
                         {"probability", probability}},
                        as);
    EXPECT_EQ(r.status, 201) << r.raw;
    return r.body.value("id", int64_t{0});
  }
  Response move(int64_t id, const std::string& stage, const Session& as, json extra = json::object()) {
    auto current = api().get("/api/v1/opportunities/" + std::to_string(id), as);
    extra["stage"] = stage;
    extra["version"] = current.body.value("version", 0);
    return api().post("/api/v1/opportunities/" + std::to_string(id) + "/transitions", extra, as);
  }
  json home(const Session& as) {
    auto r = api().get("/api/v1/home", as);
    EXPECT_EQ(r.status, 200) << r.raw;
    return r.body;
  }
  static int64_t todo(const json& h, const std::string& code) {
    for (const auto& t : h["todos"])
      if (t["code"] == code) return t["count"];
    return -1;  // not offered to this role
  }
  // The number of records the to-do's API list returns.
  size_t listed(const json& t, const Session& as) {
    std::string url = t["list"]["path"].get<std::string>() + "?limit=500";
    for (const auto& [k, v] : t["list"]["query"].items()) url += "&" + k + "=" + v.get<std::string>();
    auto r = api().get(url, as);
    EXPECT_EQ(r.status, 200) << url << " " << r.raw;
    return items_of(r).size();
  }
  // Every to-do's count equals what its list returns; returns the to-dos by code.
  std::map<std::string, int64_t> todos_matching_lists(const Session& as) {
    auto h = home(as);
    std::map<std::string, int64_t> out;
    for (const auto& t : h["todos"]) {
      EXPECT_EQ(static_cast<size_t>(t["count"].get<int64_t>()), listed(t, as)) << t.dump();
      out[t["code"]] = t["count"];
    }
    return out;
  }

  // Data for dealer A (and a little for B): two approved registrations whose protection ends in
  // ten days, one pending; a quote waiting for the regional director; a tender closing in five
  // days; an opportunity overdue and unmoved for 40 days; a won one with part delivered.
  void build_pipeline() {
    const int64_t now = clock::now_ms();
    const int64_t day = 86400000;
    // approved 80 days ago: 90 days' protection ends in 10
    clock::pin(now - 80 * day);
    for (int i = 0; i < 2; ++i) {
      auto reg = api().post("/api/v1/registrations", registration(account(i ? rep_a2_ : rep_a_)), i ? rep_a2_ : rep_a_);
      ASSERT_EQ(reg.status, 201) << reg.raw;
      auto review =
          api().post("/api/v1/registrations/" + std::to_string(reg.body["id"].get<int64_t>()) + "/review",
                     {{"decision", "approve"}, {"authentic", true}, {"version", reg.body["version"]}}, manager_);
      ASSERT_EQ(review.status, 200) << review.raw;
    }
    // created 40 days ago, expected 5 days ago: overdue and stale
    clock::pin(now - 40 * day);
    stale_ = opportunity(rep_a_, 2, 30, 35);
    clock::pin(std::nullopt);
    auto pending = api().post("/api/v1/registrations", registration(account(rep_b_)), rep_b_);
    ASSERT_EQ(pending.status, 201) << pending.raw;
    open_ = opportunity(rep_a_, 10, 40, 60);
    ASSERT_EQ(move(open_, "contact", rep_a_).status, 200);
    auto tender = api().post("/api/v1/opportunities/" + std::to_string(open_) + "/tenders",
                             {{"notice_no", unique("ZB")},
                              {"published_where", "省政府采购网"},
                              {"published_on", day_from_today(-3)},
                              {"bid_deadline", clock::format_rfc3339(now + 5 * day)}},
                             rep_a_);
    ASSERT_EQ(tender.status, 201) << tender.raw;
    auto quote = api().post("/api/v1/opportunities/" + std::to_string(open_) + "/quotes",
                            {{"model_id", model_}, {"quantity", 10}, {"unit_price_fen", 18000000}}, rep_a_);
    ASSERT_EQ(quote.status, 201) << quote.raw;
    ASSERT_EQ(quote.body["status"], "pending_regional");
    won_ = opportunity(rep_a_, 5, 90, 30);
    ASSERT_EQ(move(won_, "won", rep_a_, {{"reason", "中标"}}).status, 200);
    auto delivery = api().post(
        "/api/v1/opportunities/" + std::to_string(won_) + "/deliveries",
        {{"date", day_from_today(0)}, {"quantity", 3}, {"model", "江铃 执法车"}, {"vehicle_type", "law_enforcement"}},
        rep_a_);
    ASSERT_EQ(delivery.status, 201) << delivery.raw;
    opportunity(rep_b_, 1, 50, 90);
  }

  int64_t region_ = 0, province_ = 0, dealer_a_ = 0, dealer_b_ = 0, model_ = 0;
  int64_t stale_ = 0, open_ = 0, won_ = 0;
  std::string province_code_;
  Session rep_a_, rep_a2_, dealer_manager_a_, rep_b_, manager_, regional_, director_;
};

TEST_F(HomeApi, EachToDoCountEqualsItsList) {
  build_pipeline();
  // the sales rep: only what they registered, their dealer's opportunities
  auto rep = todos_matching_lists(rep_a_);
  EXPECT_EQ(rep.count("registrations_to_review"), 0u);  // dealers do not review
  EXPECT_EQ(rep.count("quotes_to_approve"), 0u);
  EXPECT_EQ(rep["registrations_protection_ending"], 1);
  EXPECT_EQ(rep["tenders_due"], 1);
  EXPECT_EQ(rep["opportunities_overdue"], 1);
  EXPECT_EQ(rep["opportunities_stale"], 1);
  EXPECT_EQ(rep["opportunities_undelivered"], 1);
  // the dealer's manager: the whole dealer's registrations
  EXPECT_EQ(todos_matching_lists(dealer_manager_a_)["registrations_protection_ending"], 2);
  // the other dealer sees none of dealer A's figures
  auto other = todos_matching_lists(rep_b_);
  EXPECT_EQ(other["registrations_protection_ending"], 0);
  EXPECT_EQ(other["tenders_due"], 0);
  EXPECT_EQ(other["opportunities_overdue"], 0);
  EXPECT_EQ(other["opportunities_stale"], 0);
  EXPECT_EQ(other["opportunities_undelivered"], 0);
  // the area manager reviews the province's pending registration; approves no quotes
  auto area = todos_matching_lists(manager_);
  EXPECT_EQ(area["registrations_to_review"], 1);
  EXPECT_EQ(area.count("quotes_to_approve"), 0u);
  EXPECT_EQ(area["registrations_protection_ending"], 2);
  EXPECT_EQ(area["tenders_due"], 1);
  // the regional director approves the quote; HQ's director has the HQ step only when it gets there
  auto regional = todos_matching_lists(regional_);
  EXPECT_EQ(regional["quotes_to_approve"], 1);
  EXPECT_EQ(regional["registrations_to_review"], 1);
  auto hq = todos_matching_lists(director_);
  EXPECT_GE(hq["opportunities_undelivered"], 1);
  EXPECT_GE(hq["registrations_to_review"], 1);
  // a new unit's people have nothing to do and see none of it
  auto region2 = make_unit("region", unique("空大区"), 1);
  auto empty = make_user(unique("home_rd2"), "regional_director", region2);
  for (const auto& [code, count] : todos_matching_lists(empty)) EXPECT_EQ(count, 0) << code;
}

TEST_F(HomeApi, PipelineDeliveriesAndUnitsBelow) {
  build_pipeline();
  auto rep = home(rep_a_);
  // open: 2 units at 30 % and 10 units at 40 %, at 195,000 元 each
  EXPECT_EQ(rep["pipeline"]["total"]["count"], 2);
  EXPECT_EQ(rep["pipeline"]["total"]["units"], 12);
  EXPECT_EQ(rep["pipeline"]["total"]["amount_fen"], 12 * 19500000LL);
  EXPECT_EQ(rep["pipeline"]["total"]["weighted_amount_fen"], (2 * 30 + 10 * 40) * 19500000LL / 100);
  EXPECT_DOUBLE_EQ(rep["pipeline"]["total"]["weighted_units"].get<double>(), 4.6);
  // by sales stage (every open stage listed, in order) and by procurement stage
  ASSERT_EQ(rep["pipeline"]["sales"].size(), 5u);
  EXPECT_EQ(rep["pipeline"]["sales"][0]["stage"], "discover");
  EXPECT_EQ(rep["pipeline"]["sales"][0]["units"], 2);
  EXPECT_EQ(rep["pipeline"]["sales"][1]["stage"], "contact");
  EXPECT_EQ(rep["pipeline"]["sales"][1]["units"], 10);
  ASSERT_EQ(rep["pipeline"]["procurement"].size(), 6u);
  EXPECT_EQ(rep["pipeline"]["procurement"][0]["stage"], "deliberation");
  EXPECT_EQ(rep["pipeline"]["procurement"][0]["units"], 2);
  EXPECT_EQ(rep["pipeline"]["procurement"][1]["units"], 10);
  // without the owner's value the discover one weighs at HQ's default for its stage (10 %)
  auto discover = items_of(api().get("/api/v1/opportunities?stage=discover", rep_a_));
  ASSERT_EQ(discover.size(), 1u);
  auto cleared = api().patch("/api/v1/opportunities/" + std::to_string(discover[0]["id"].get<int64_t>()),
                             {{"version", discover[0]["version"]}, {"probability", nullptr}}, rep_a_);
  ASSERT_EQ(cleared.status, 200) << cleared.raw;
  EXPECT_EQ(home(rep_a_)["pipeline"]["total"]["weighted_amount_fen"], (2 * 10 + 10 * 40) * 19500000LL / 100);
  // deliveries this month against last month and a year ago
  EXPECT_EQ(rep["deliveries"]["this_month"]["units"], 3);
  EXPECT_EQ(rep["deliveries"]["this_month"]["month"], day_from_today(0).substr(0, 7));
  EXPECT_EQ(rep["deliveries"]["last_month"]["units"], 0);
  EXPECT_EQ(rep["deliveries"]["same_month_last_year"]["units"], 0);
  // a dealer has no units below
  EXPECT_TRUE(rep["units_kind"].is_null());
  EXPECT_TRUE(rep["units"].empty());
  EXPECT_EQ(rep["unit"]["id"], dealer_a_);
  // dealer B sees only its own
  auto other = home(rep_b_);
  EXPECT_EQ(other["pipeline"]["total"]["count"], 1);
  EXPECT_EQ(other["deliveries"]["this_month"]["units"], 0);
  // the area manager: the province's figures, its dealers ranked (A delivered this month)
  auto area = home(manager_);
  EXPECT_EQ(area["pipeline"]["total"]["count"], 3);
  EXPECT_EQ(area["deliveries"]["this_month"]["units"], 3);
  EXPECT_EQ(area["units_kind"], "dealer");
  ASSERT_EQ(area["units"].size(), 2u);
  EXPECT_EQ(area["units"][0]["unit_id"], dealer_a_);
  EXPECT_EQ(area["units"][0]["rank"], 1);
  EXPECT_EQ(area["units"][0]["deliveries"]["this_month"]["units"], 3);
  EXPECT_EQ(area["units"][1]["unit_id"], dealer_b_);
  EXPECT_EQ(area["units"][1]["pipeline"]["count"], 1);
  // the regional director: provinces; HQ: regions, this one among them with the same figures
  auto regional = home(regional_);
  EXPECT_EQ(regional["units_kind"], "province");
  ASSERT_EQ(regional["units"].size(), 1u);
  EXPECT_EQ(regional["units"][0]["unit_id"], province_);
  EXPECT_EQ(regional["units"][0]["pipeline"], area["pipeline"]["total"]);
  auto hq = home(director_);
  EXPECT_EQ(hq["units_kind"], "region");
  bool found = false;
  int64_t previous = INT64_MAX;
  for (const auto& u : hq["units"]) {
    EXPECT_EQ(u["kind"], "region");
    int64_t delivered = u["deliveries"]["this_month"]["units"];
    EXPECT_LE(delivered, previous);  // ranked by units delivered this month
    previous = delivered;
    if (u["unit_id"] == region_) {
      found = true;
      EXPECT_EQ(u["pipeline"], area["pipeline"]["total"]);
    }
  }
  EXPECT_TRUE(found);
  // a voided delivery no longer counts
  auto deliveries = api().get("/api/v1/opportunities/" + std::to_string(won_) + "/deliveries", rep_a_);
  ASSERT_EQ(items_of(deliveries).size(), 1u);
  auto voided =
      api().post("/api/v1/deliveries/" + std::to_string(items_of(deliveries)[0]["id"].get<int64_t>()) + "/void",
                 {{"reason", "录错"}}, rep_a_);
  ASSERT_EQ(voided.status, 200) << voided.raw;
  EXPECT_EQ(home(rep_a_)["deliveries"]["this_month"]["units"], 0);
}

TEST_F(HomeApi, SignInNeededAndListFiltersRefuseBadValues) {
  EXPECT_EQ(api().request("GET", "/api/v1/home").status, 401);
  for (const auto& url :
       {"/api/v1/registrations?protected_until_to=soon", "/api/v1/registrations?protected_until_to=next-week",
        "/api/v1/opportunities?attention=late", "/api/v1/opportunities?undelivered=maybe"}) {
    auto r = api().get(url, rep_a_);
    EXPECT_EQ(r.status, 422) << url << " " << r.raw;
  }
}
