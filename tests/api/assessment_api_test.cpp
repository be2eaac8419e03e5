// The monthly assessment (issue 14): HQ's templates — the seed's table by default, a template
// effective from a month on, validation, versions, and no change to a month already compiled.
#include "harness.h"

using namespace fleetkam;
using namespace fleetkam::test;
using nlohmann::json;

class AssessmentApi : public ServerFixture {
 protected:
  void SetUp() override {
    director_ = make_user(unique("as_dir"), "ka_director", 1);
    staff_ = make_user(unique("as_staff"), "ka_staff", 1);
    int64_t region = make_unit("region", unique("考核大区"), 1);
    int64_t province = make_unit("province", unique("考核省区"), region, next_province_code());
    dealer_ = make_unit("dealer", unique("考核经销商"), province);
    am_ = make_user(unique("as_am"), "area_manager", province);
    rep_ = make_user(unique("as_rep"), "sales_rep", dealer_);
  }
  // The seed's table as a PUT body, with `weights` in the items' order.
  json body_with(const std::vector<int>& weights) {
    auto t = api().get("/api/v1/assessment-templates", rep_).body["default"];
    json body = {{"items", t["items"]},
                 {"deduction_per_day", 10},
                 {"empty_registrations", "full"},
                 {"performance_pay_share", 40}};
    for (size_t i = 0; i < weights.size(); ++i) body["items"][i]["weight"] = weights[i];
    return body;
  }
  Session director_, staff_, am_, rep_;
  int64_t dealer_ = 0;
};

TEST_F(AssessmentApi, TheSeedsTableIsTheDefaultForEveryMonth) {
  auto list = api().get("/api/v1/assessment-templates", rep_);
  ASSERT_EQ(list.status, 200) << list.raw;
  const auto& d = list.body["default"];
  std::vector<std::pair<std::string, int>> items;
  for (const auto& item : d["items"]) items.emplace_back(item["code"], item["weight"]);
  EXPECT_EQ(items, (std::vector<std::pair<std::string, int>>{{"split", 5},
                                                             {"monthly_stats", 5},
                                                             {"registrations", 30},
                                                             {"weekly_tracking", 30},
                                                             {"monthly_summary", 30}}));
  EXPECT_EQ(d["items"][0]["assessed"], "managers");
  EXPECT_EQ(d["items"][3]["name"], "重点大客户关系维系跟踪表");
  EXPECT_TRUE(d["effective_month"].is_null());
  auto month = api().get("/api/v1/assessment-templates/2019-01", rep_);
  ASSERT_EQ(month.status, 200) << month.raw;
  EXPECT_TRUE(month.body["id"].is_null()) << "no template that early: the seed's";
  EXPECT_EQ(api().get("/api/v1/assessment-templates/2019-13", rep_).status, 404);
  EXPECT_EQ(api().get("/api/v1/assessment-templates/2019-W05", rep_).status, 404);
}

TEST_F(AssessmentApi, HqsDirectorSetsATemplateFromAMonthOnWithValidWeights) {
  int64_t before = count("assessment_templates");
  // only the KA director
  for (const auto* who : {&am_, &rep_, &staff_}) {
    auto r = api().put("/api/v1/assessment-templates/2024-04", body_with({5, 5, 30, 30, 30}), *who);
    EXPECT_EQ(r.status, 403) << r.raw;
  }
  // weights that do not sum to 100
  auto bad = api().put("/api/v1/assessment-templates/2024-04", body_with({5, 5, 30, 30, 25}), director_);
  ASSERT_EQ(bad.status, 422) << bad.raw;
  EXPECT_EQ(bad.body["errors"][0]["field"], "items");
  // a criterion's share out of range, a source the item cannot use, an unknown field
  auto shares = body_with({5, 5, 30, 30, 30});
  shares["items"][3]["criteria"][0]["share"] = 70;
  auto r = api().put("/api/v1/assessment-templates/2024-04", shares, director_);
  ASSERT_EQ(r.status, 422) << r.raw;
  EXPECT_EQ(r.body["errors"][0]["field"], "items[3].criteria");
  auto source = body_with({5, 5, 30, 30, 30});
  source["items"][4]["criteria"][0]["source"] = "accuracy";
  r = api().put("/api/v1/assessment-templates/2024-04", source, director_);
  ASSERT_EQ(r.status, 422) << r.raw;
  EXPECT_EQ(r.body["errors"][0]["field"], "items[4].criteria[0].source");
  auto unknown = body_with({5, 5, 30, 30, 30});
  unknown["items"][1]["bonus"] = 5;
  r = api().put("/api/v1/assessment-templates/2024-04", unknown, director_);
  ASSERT_EQ(r.status, 422) << r.raw;
  EXPECT_EQ(r.body["errors"][0]["field"], "items[1].bonus");
  auto wrong = body_with({5, 5, 30, 30, 30});
  wrong["deduction_per_day"] = "ten";
  EXPECT_EQ(api().put("/api/v1/assessment-templates/2024-04", wrong, director_).status, 422);
  EXPECT_EQ(api()
                .request("PUT", "/api/v1/assessment-templates/2024-04", "{",
                         {{"Authorization", "Bearer " + director_.token}, {"Content-Type", "application/json"}})
                .status,
            400);
  EXPECT_EQ(count("assessment_templates"), before) << "bad input changes nothing";

  // registrations weigh more from April 2024 on
  auto made = api().put("/api/v1/assessment-templates/2024-04", body_with({5, 5, 40, 25, 25}), director_);
  ASSERT_EQ(made.status, 200) << made.raw;
  EXPECT_EQ(made.body["effective_month"], "2024-04");
  EXPECT_EQ(made.body["items"][2]["weight"], 40);
  EXPECT_EQ(made.body["deduction_per_day"], 10);
  EXPECT_EQ(made.body["version"], 1);
  EXPECT_EQ(api().get("/api/v1/assessment-templates/2024-03", rep_).body["items"][2]["weight"], 30);
  EXPECT_EQ(api().get("/api/v1/assessment-templates/2024-04", rep_).body["items"][2]["weight"], 40);
  EXPECT_EQ(api().get("/api/v1/assessment-templates/2024-09", rep_).body["effective_month"], "2024-04");

  // replacing it needs its version
  auto again = api().put("/api/v1/assessment-templates/2024-04", body_with({5, 5, 35, 25, 30}), director_);
  EXPECT_EQ(again.status, 409) << again.raw;
  auto stale = body_with({5, 5, 35, 25, 30});
  stale["version"] = 7;
  EXPECT_EQ(api().put("/api/v1/assessment-templates/2024-04", stale, director_).status, 409);
  auto fresh = body_with({5, 5, 35, 25, 30});
  fresh["version"] = 1;
  fresh["note"] = "报备质量权重上调";
  auto replaced = api().put("/api/v1/assessment-templates/2024-04", fresh, director_);
  ASSERT_EQ(replaced.status, 200) << replaced.raw;
  EXPECT_EQ(replaced.body["version"], 2);
  EXPECT_EQ(replaced.body["note"], "报备质量权重上调");
  auto audit = api().get("/api/v1/audit?entity=assessment_template&id=" + made.body["id"].dump(), director_);
  ASSERT_EQ(audit.status, 200) << audit.raw;
  EXPECT_EQ(audit.body["items"].size(), 2U);
}

TEST_F(AssessmentApi, AMonthAlreadyCompiledKeepsItsTemplate) {
  // the close of a month (compiled by the KA staff) is recorded as the close will record it
  app_->database().write([&](db::Connection& c) {
    c.execute("INSERT INTO assessment_months (month, status, updated_at) VALUES ('2023-06', 'compiled', 0)");
  });
  auto earlier = api().put("/api/v1/assessment-templates/2023-05", body_with({5, 5, 30, 30, 30}), director_);
  EXPECT_EQ(earlier.status, 409) << earlier.raw;
  EXPECT_EQ(earlier.body["code"], "assessment.month_closed");
  auto same = api().put("/api/v1/assessment-templates/2023-06", body_with({5, 5, 30, 30, 30}), director_);
  EXPECT_EQ(same.status, 409);
  auto later = api().put("/api/v1/assessment-templates/2023-07", body_with({10, 10, 30, 25, 25}), director_);
  EXPECT_EQ(later.status, 200) << later.raw;
  EXPECT_EQ(api().get("/api/v1/assessment-templates/2023-06", rep_).body["items"][0]["weight"], 5);
}
