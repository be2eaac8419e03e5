// The monthly assessment (issue 14): HQ's templates — the seed's table by default, a template
// effective from a month on, validation, versions, and no change to a month already compiled.
#include <set>

#include "harness.h"
#include "modules/assessment/rules.h"
#include "platform/clock.h"
#include "platform/sheets/sheets.h"

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

// ---- the scores and the monthly close ----

class AssessmentCloseApi : public ServerFixture {
 protected:
  void TearDown() override { clock::pin(std::nullopt); }

  struct Person {
    std::string name;
    Session s;
  };
  Person person(const std::string& prefix, const std::string& role, int64_t unit) {
    Person p{unique(prefix), {}};
    p.s = make_user(p.name, role, unit);
    return p;
  }
  // Signs everyone in again after the clock moved past the idle expiry.
  void again(std::vector<Person*> people) {
    for (auto* p : people) p->s = api().login(p->name, kPassword);
  }
  json report(const Person& as, const std::string& kind, const std::string& period) {
    auto r = api().get(
        "/api/v1/reports?kind=" + kind + "&period=" + period + "&user_id=" + std::to_string(as.s.user_id), as.s);
    EXPECT_EQ(r.status, 200) << r.raw;
    if (r.status != 200 || r.body["items"].size() != 1) return json::object();
    auto d = api().get("/api/v1/reports/" + std::to_string(r.body["items"][0]["id"].get<int64_t>()), as.s);
    EXPECT_EQ(d.status, 200) << d.raw;
    return d.body;
  }
  void submit(const Person& as, const json& detail, json content) {
    content["version"] = detail["version"];
    auto r = api().post("/api/v1/reports/" + std::to_string(detail["id"].get<int64_t>()) + "/submit", content, as.s);
    EXPECT_EQ(r.status, 200) << r.raw;
  }
  static json weekly(const json& detail) {
    json rows = json::array();
    for (const auto& row : detail["content"]["rows"]) {
      rows.push_back({{"account_id", row["account_id"]},
                      {"deal_probability", 50},
                      {"value_analysis", "high"},
                      {"difficulty", "medium"},
                      {"authenticity", "confirmed"},
                      {"note", "已拜访"}});
    }
    return {{"rows", rows}};
  }
  static json summary() {
    return {{"results", "8月实销2台"},
            {"key_accounts", "某市公安局：预算已批"},
            {"problems", ""},
            {"support_needed", ""},
            {"next_month_plan", "9月完成方案汇报"}};
  }
  // An item's score and a criterion's of a person's scores.
  static json item(const json& scores, const std::string& code) {
    for (const auto& i : scores["items"]) {
      if (i["code"] == code) return i["score"];
    }
    return "absent";
  }
  static json criterion(const json& person, const std::string& item, const std::string& code) {
    for (const auto& i : person["detail"]) {
      if (i["code"] != item) continue;
      for (const auto& c : i["criteria"]) {
        if (c["code"] == code) return c;
      }
    }
    return json::object();
  }
  // The caller's home to-do of `code` (null when the home page has none for them).
  json todo(const Person& as, const std::string& code) {
    auto home = api().get("/api/v1/home", as.s);
    EXPECT_EQ(home.status, 200) << home.raw;
    for (const auto& t : home.body["todos"]) {
      if (t["code"] == code) return t;
    }
    return nullptr;
  }
  Response step(const std::string& month, const std::string& action, const json& body, const Person& as) {
    return api().post("/api/v1/assessment-months/" + month + "/" + action, body, as.s);
  }
};

// August 2022 in China from the records to approval: rep A's four weekly tables (on time, one
// minute late, two missing), the statistics table on time with one figure the system does not
// know, the summary a second late, two registrations the area manager judged; then the close by
// its three roles in order, reviewer scores, an adjustment with its reason, a lost update refused,
// the lock and the reopening.
TEST_F(AssessmentCloseApi, AMonthFromTheRecordsToApprovalAndReopening) {
  const std::string month = "2022-08";
  clock::pin(at("2022-08-03T10:00:00+08:00"));
  auto tree = make_tree("考核月");
  auto other = make_tree("考核月外");
  auto rep_a = person("ac_rep_a", "sales_rep", tree.dealer_a);
  auto dm = person("ac_dm", "dealer_manager", tree.dealer_a);
  auto rep_c = person("ac_rep_c", "sales_rep", tree.dealer_b);
  auto am = person("ac_am", "area_manager", tree.province);
  auto other_am = person("ac_am2", "area_manager", other.province);
  auto staff = person("ac_staff", "ka_staff", 1);
  auto director = person("ac_dir", "ka_director", 1);
  auto executive = person("ac_exec", "ka_executive", 1);
  std::vector<Person*> everyone = {&rep_a, &dm, &rep_c, &am, &other_am, &staff, &director, &executive};

  // two registrations of rep A in the month, judged by the area manager: one authentic and
  // accurate, one not authentic
  int64_t account_1 = make_account(rep_a.s, "510104", "考核月公安局");
  int64_t account_2 = make_account(rep_a.s, "510104", "考核月交通局");
  auto reg_1 = make_registration(rep_a.s, account_1);
  auto reg_2 = make_registration(rep_a.s, account_2);
  auto review = [&](const json& reg, const json& body) {
    json b = body;
    b["version"] = reg["version"];
    auto r = api().post("/api/v1/registrations/" + std::to_string(reg["id"].get<int64_t>()) + "/review", b, am.s);
    EXPECT_EQ(r.status, 200) << r.raw;
  };
  review(reg_1, {{"decision", "approve"}, {"authentic", true}, {"accurate", true}});
  review(reg_2, {{"decision", "reject"}, {"authentic", false}, {"accurate", false}, {"note", "信息不实"}});

  // week 31 (due Sunday 7th 00:00) on time
  auto w31 = report(rep_a, "weekly_tracking", "2022-W31");
  ASSERT_EQ(w31["due_at"], "2022-08-07T00:00:00+08:00");
  submit(rep_a, w31, weekly(w31));
  // week 32 one minute late: a started day late
  clock::pin(at("2022-08-14T00:01:00+08:00"));
  again(everyone);
  auto w32 = report(rep_a, "weekly_tracking", "2022-W32");
  submit(rep_a, w32, weekly(w32));
  // weeks 33 and 34 opened, never submitted
  for (const auto& [when, week] : {std::pair<std::string, std::string>{"2022-08-16T09:00:00+08:00", "2022-W33"},
                                   {"2022-08-23T09:00:00+08:00", "2022-W34"}}) {
    clock::pin(at(when));
    again(everyone);
    EXPECT_EQ(report(rep_a, "weekly_tracking", week)["status"], "open");
  }
  // the statistics table on time, won units the system does not know; the summary a second late
  clock::pin(at("2022-08-31T20:00:00+08:00"));
  again(everyone);
  auto stats = report(rep_a, "monthly_stats", month);
  submit(rep_a, stats, {{"won_count", 0}, {"won_units", 3}, {"amount_fen", 0}, {"delivered_units", 0}});
  auto summary_report = report(rep_a, "monthly_summary", month);
  clock::pin(at("2022-09-01T00:00:01+08:00"));
  again(everyone);
  submit(rep_a, summary_report, summary());

  // a month not ended has no close; a malformed one is not a month
  EXPECT_EQ(api().get("/api/v1/assessment-months/2022-09", staff.s).status, 404);
  EXPECT_EQ(api().get("/api/v1/assessment-months/2022-8", staff.s).status, 404);
  EXPECT_EQ(api().get("/api/v1/assessments?month=2022-10", staff.s).status, 404);
  EXPECT_EQ(api().get("/api/v1/assessments", staff.s).status, 422);

  EXPECT_EQ(api().get("/api/v1/assessments?month=" + month, admin()).status, 403) << "the system's admin scores nobody";
  // the draft, live from the records: rep A sees their own row only
  auto draft = api().get("/api/v1/assessments?month=" + month, rep_a.s);
  ASSERT_EQ(draft.status, 200) << draft.raw;
  ASSERT_EQ(draft.body["items"].size(), 1U) << draft.raw;
  const auto& mine = draft.body["items"][0];
  EXPECT_EQ(mine["user_id"], rep_a.s.user_id);
  EXPECT_EQ(mine["status"], "draft");
  EXPECT_TRUE(item(mine, "split").is_null()) << "a sales rep is not scored on the split";
  // registrations: half authentic, half accurate → 50
  EXPECT_DOUBLE_EQ(item(mine, "registrations").get<double>(), 50.0);

  auto close = api().get("/api/v1/assessment-months/" + month, staff.s);
  ASSERT_EQ(close.status, 200) << close.raw;
  EXPECT_EQ(close.body["status"], "open");
  EXPECT_EQ(close.body["version"], 0);
  EXPECT_EQ(close.body["next_step"], "compile");
  EXPECT_EQ(close.body["due_at"], "2022-09-03T00:00:00+08:00") << "the 2nd of the next month, 24:00";

  // the home page: last month waits for KA staff to compile it
  EXPECT_EQ(todo(staff, "assessment_awaiting_me")["count"], 1);
  EXPECT_EQ(todo(director, "assessment_awaiting_me")["count"], 0);
  EXPECT_TRUE(todo(rep_a, "assessment_awaiting_me").is_null()) << "a sales rep compiles nothing";

  // each step by its own role (403), in its order (409)
  int64_t months_before = count("assessment_months"), results_before = count("assessment_results");
  for (const auto* who : {&director, &executive, &am, &rep_a})
    EXPECT_EQ(step(month, "compile", {{"version", 0}}, *who).status, 403);
  EXPECT_EQ(step(month, "review", {{"version", 0}}, staff).status, 403);
  EXPECT_EQ(step(month, "review", {{"version", 0}}, director).status, 409);
  EXPECT_EQ(step(month, "approve", {{"version", 0}}, executive).status, 409);
  EXPECT_EQ(step(month, "compile", {{"version", 3}}, staff).status, 409) << "a stale version";
  EXPECT_EQ(step(month, "compile", {{"version", "0"}}, staff).status, 422);
  EXPECT_EQ(step(month, "compile", {{"version", 0}, {"force", true}}, staff).status, 422);
  EXPECT_EQ(count("assessment_months"), months_before) << "a refused step changes nothing";
  EXPECT_EQ(count("assessment_results"), results_before);
  auto compiled = step(month, "compile", {{"version", 0}}, staff);
  ASSERT_EQ(compiled.status, 200) << compiled.raw;
  EXPECT_EQ(compiled.body["status"], "compiled");
  EXPECT_EQ(compiled.body["version"], 1);
  EXPECT_GE(compiled.body["people"].get<int64_t>(), 4);

  // the reminder sweep tells the KA director the month waits for the review, once
  app_->sweep().run(clock::now_ms());
  app_->sweep().run(clock::now_ms());
  auto inbox = api().get("/api/v1/notifications?limit=100", director.s);
  ASSERT_EQ(inbox.status, 200) << inbox.raw;
  int reminders = 0;
  for (const auto& n : inbox.body["items"]) {
    if (n["kind"] != "assessment_step") continue;
    reminders += 1;
    EXPECT_EQ(n["title"], "2022-08 月度考核待审核（截止 2022-09-02 24:00）");
    EXPECT_EQ(n["link"], "/assessments?month=2022-08");
  }
  EXPECT_EQ(reminders, 1) << inbox.raw;

  // rep A's scores, each with its evidence, equal to the records recomputed by hand
  auto a = api().get("/api/v1/assessments/" + month + "/people/" + std::to_string(rep_a.s.user_id), rep_a.s);
  ASSERT_EQ(a.status, 200) << a.raw;
  auto weekly_timeliness = criterion(a.body, "weekly_tracking", "timeliness");
  EXPECT_DOUBLE_EQ(weekly_timeliness["computed"].get<double>(), (100.0 + 80.0 + 0.0 + 0.0) / 4);
  ASSERT_EQ(weekly_timeliness["evidence"]["deadlines"].size(), 4U);
  std::vector<std::string> statuses;
  for (const auto& d : weekly_timeliness["evidence"]["deadlines"]) statuses.push_back(d["status"]);
  EXPECT_EQ(statuses, (std::vector<std::string>{"on_time", "late", "missing", "missing"}));
  EXPECT_EQ(weekly_timeliness["evidence"]["deadlines"][1]["days_late"], 1);
  EXPECT_EQ(weekly_timeliness["evidence"]["deadlines"][0]["report_id"], w31["id"]);
  auto accuracy = criterion(a.body, "monthly_stats", "accuracy");
  EXPECT_DOUBLE_EQ(accuracy["computed"].get<double>(), 75.0) << "3 of the 4 figures agree";
  EXPECT_DOUBLE_EQ(criterion(a.body, "monthly_stats", "timeliness")["computed"].get<double>(), 100.0);
  EXPECT_DOUBLE_EQ(criterion(a.body, "monthly_summary", "timeliness")["computed"].get<double>(), 80.0);
  auto quality = criterion(a.body, "registrations", "quality");
  EXPECT_EQ(quality["evidence"]["reviewed"], 2);
  EXPECT_EQ(quality["evidence"]["authentic"], 1);
  EXPECT_TRUE(criterion(a.body, "weekly_tracking", "authenticity")["pending"].get<bool>());
  EXPECT_EQ(a.body["pending_reviews"], 2);
  // rep C submitted nothing: zero for the missing reports, nothing for a reviewer to judge
  auto c_scores = api().get("/api/v1/assessments/" + month + "/people/" + std::to_string(rep_c.s.user_id), staff.s);
  ASSERT_EQ(c_scores.status, 200) << c_scores.raw;
  EXPECT_DOUBLE_EQ(item(c_scores.body, "weekly_tracking").get<double>(), 0.0);
  EXPECT_EQ(c_scores.body["pending_reviews"], 0);

  // scope: another person's scores are 404 to a rep and to another province's area manager
  EXPECT_EQ(api().get("/api/v1/assessments/" + month + "/people/" + std::to_string(rep_c.s.user_id), rep_a.s).status,
            404);
  EXPECT_EQ(api().get("/api/v1/assessments/" + month + "/people/" + std::to_string(rep_a.s.user_id), other_am.s).status,
            404);
  auto other_list =
      api().get("/api/v1/assessments?month=" + month + "&unit_id=" + std::to_string(tree.province), other_am.s);
  EXPECT_EQ(other_list.status, 404);

  // the home page's count of people to score equals the list it links to
  auto to_score = todo(staff, "assessment_to_score");
  EXPECT_EQ(
      to_score["count"].get<int64_t>(),
      api().get("/api/v1/assessments?month=" + month + "&pending=true", staff.s).body["total_count"].get<int64_t>());
  EXPECT_GE(to_score["count"].get<int64_t>(), 1);
  EXPECT_EQ(to_score["list"]["query"]["pending"], "true");
  EXPECT_EQ(todo(staff, "assessment_awaiting_me")["count"], 0);
  EXPECT_EQ(todo(director, "assessment_awaiting_me")["count"], 1);

  // the review waits for the reviewer scores
  auto missing = step(month, "review", {{"version", 1}}, director);
  ASSERT_EQ(missing.status, 409) << missing.raw;
  EXPECT_EQ(missing.body["code"], "assessment.reviews_missing");

  // KA staff fill reviewer scores, each with a comment; bad input changes nothing
  const std::string person_path = "/api/v1/assessments/" + month + "/people/" + std::to_string(rep_a.s.user_id);
  int64_t version = a.body["version"];
  auto bad =
      api().patch(person_path,
                  {{"version", version},
                   {"scores",
                    {{{"item", "weekly_tracking"}, {"criterion", "authenticity"}, {"score", 120}, {"comment", "x"}},
                     {{"item", "monthly_summary"}, {"criterion", "quality"}, {"score", 80}},
                     {{"item", "split"}, {"criterion", "rationality"}, {"score", 80}, {"comment", "x"}}}}},
                  staff.s);
  ASSERT_EQ(bad.status, 422) << bad.raw;
  std::set<std::string> fields;
  for (const auto& e : bad.body["errors"]) fields.insert(e["field"].get<std::string>());
  EXPECT_EQ(fields, (std::set<std::string>{"scores[0].score", "scores[1].comment", "scores[2].criterion"}));
  EXPECT_EQ(api().get(person_path, staff.s).body["version"], version) << "nothing changed";
  EXPECT_EQ(api()
                .patch(person_path,
                       {{"version", version},
                        {"scores", {{{"item", "monthly_stats"}, {"criterion", "accuracy"}, {"score", 90}}}},
                        {"reason", "x"}},
                       staff.s)
                .status,
            403)
      << "KA staff do not adjust computed scores";
  EXPECT_EQ(
      api()
          .patch(person_path,
                 {{"version", version},
                  {"scores",
                   {{{"item", "weekly_tracking"}, {"criterion", "authenticity"}, {"score", 80}, {"comment", "x"}}}}},
                 rep_a.s)
          .status,
      403);
  auto filled = api().patch(
      person_path,
      {{"version", version},
       {"scores",
        {{{"item", "weekly_tracking"}, {"criterion", "authenticity"}, {"score", 80}, {"comment", "判断与拜访记录相符"}},
         {{"item", "monthly_summary"}, {"criterion", "quality"}, {"score", 90}, {"comment", "问题与计划具体"}}}}},
      staff.s);
  ASSERT_EQ(filled.status, 200) << filled.raw;
  EXPECT_EQ(filled.body["pending_reviews"], 0);
  // weekly: timeliness 45 × 50 % + authenticity 80 × 50 % = 62.5; summary: 80 × 30 % + 90 × 70 % = 87
  EXPECT_DOUBLE_EQ(item(filled.body, "weekly_tracking").get<double>(), 62.5);
  EXPECT_DOUBLE_EQ(item(filled.body, "monthly_summary").get<double>(), 87.0);
  // stats: (100 + 75) / 2 = 87.5; total over the four items (95 %): (5×87.5 + 30×50 + 30×62.5 + 30×87) / 95
  EXPECT_DOUBLE_EQ(item(filled.body, "monthly_stats").get<double>(), 87.5);
  EXPECT_DOUBLE_EQ(filled.body["total"].get<double>(),
                   assessment::round1((5 * 87.5 + 30 * 50.0 + 30 * 62.5 + 30 * 87.0) / 95));
  int64_t v2 = filled.body["version"];

  // the director adjusts with a reason; a second reviewer at the same version gets 409
  auto no_reason = api().patch(
      person_path,
      {{"version", v2}, {"scores", {{{"item", "monthly_stats"}, {"criterion", "accuracy"}, {"score", 100}}}}},
      director.s);
  EXPECT_EQ(no_reason.status, 422) << no_reason.raw;
  auto adjusted = api().patch(person_path,
                              {{"version", v2},
                               {"scores", {{{"item", "monthly_stats"}, {"criterion", "accuracy"}, {"score", 100}}}},
                               {"reason", "3台为跨月交车，口径已与区域确认"}},
                              director.s);
  ASSERT_EQ(adjusted.status, 200) << adjusted.raw;
  auto adj = criterion(adjusted.body, "monthly_stats", "accuracy");
  ASSERT_EQ(adj["adjustments"].size(), 1U);
  EXPECT_EQ(adj["adjustments"][0]["from"], 75.0);
  EXPECT_EQ(adj["adjustments"][0]["reason"], "3台为跨月交车，口径已与区域确认");
  EXPECT_EQ(adj["computed"], 75.0) << "the computed value is kept beside the adjustment";
  auto lost = api().patch(
      person_path,
      {{"version", v2},
       {"scores", {{{"item", "monthly_summary"}, {"criterion", "quality"}, {"score", 60}, {"comment", "x"}}}},
       {"reason", "另一位审核人"}},
      director.s);
  EXPECT_EQ(lost.status, 409) << lost.raw;
  EXPECT_DOUBLE_EQ(item(api().get(person_path, staff.s).body, "monthly_summary").get<double>(), 87.0);

  // the area manager's dealer items are the means of the province's people
  auto am_scores = api().get("/api/v1/assessments/" + month + "/people/" + std::to_string(am.s.user_id), am.s);
  ASSERT_EQ(am_scores.status, 200) << am_scores.raw;
  EXPECT_EQ(am_scores.body["assessed"], "manager");

  // every reviewer score of the month filled (other tests' people may be in it too), then review
  auto all = api().get("/api/v1/assessments?month=" + month + "&limit=500", staff.s);
  ASSERT_EQ(all.status, 200) << all.raw;
  for (const auto& row : all.body["items"]) {
    if (row["pending_reviews"].get<int64_t>() == 0) continue;
    auto path = "/api/v1/assessments/" + month + "/people/" + std::to_string(row["user_id"].get<int64_t>());
    auto p = api().get(path, staff.s).body;
    json scores = json::array();
    for (const auto& i : p["detail"]) {
      for (const auto& c : i["criteria"]) {
        if (c["pending"].get<bool>() && c["score"].is_null())
          scores.push_back({{"item", i["code"]}, {"criterion", c["code"]}, {"score", 70}, {"comment", "合格"}});
      }
    }
    EXPECT_EQ(api().patch(path, {{"version", p["version"]}, {"scores", scores}}, staff.s).status, 200);
  }
  auto reviewed = step(month, "review", {{"version", 1}}, director);
  ASSERT_EQ(reviewed.status, 200) << reviewed.raw;
  EXPECT_EQ(reviewed.body["status"], "reviewed");
  EXPECT_EQ(api()
                .patch(person_path,
                       {{"version", adjusted.body["version"]},
                        {"scores", {{{"item", "monthly_stats"}, {"criterion", "accuracy"}, {"score", 90}}}},
                        {"reason", "x"}},
                       director.s)
                .status,
            409)
      << "a reviewed month takes no more scores";
  EXPECT_EQ(step(month, "approve", {{"version", 2}}, director).status, 403);
  EXPECT_EQ(todo(executive, "assessment_awaiting_me")["count"], 1);
  auto early = api().get("/api/v1/assessment-months/" + month + "/export", director.s);
  EXPECT_EQ(early.status, 409) << "payroll takes an approved month";
  EXPECT_EQ(early.body["code"], "assessment.not_approved");
  auto approved = step(month, "approve", {{"version", 2}}, executive);
  ASSERT_EQ(approved.status, 200) << approved.raw;
  EXPECT_EQ(approved.body["status"], "approved");
  EXPECT_EQ(approved.body["approved_by_name"].is_string(), true);

  // the payroll sheet: HQ's KA department only; rep A's row carries the approved scores
  EXPECT_EQ(api().get("/api/v1/assessment-months/" + month + "/export", rep_a.s).status, 403);
  EXPECT_EQ(api().get("/api/v1/assessment-months/" + month + "/export", am.s).status, 403);
  auto sheet = api().get("/api/v1/assessment-months/" + month + "/export", staff.s);
  ASSERT_EQ(sheet.status, 200) << sheet.raw;
  EXPECT_NE(sheet.header("Content-Disposition").find(".xlsx"), std::string::npos);
  auto table = sheets::read_xlsx(sheet.raw);
  ASSERT_GE(table.rows.size(), 2U);
  EXPECT_EQ(table.rows[0][12], "总分");
  EXPECT_EQ(table.rows[0][16], "目标达成率(%)");
  EXPECT_EQ(table.rows[0][17], "绩效工资占比(%)");
  EXPECT_EQ(table.rows[0][18], "信息反馈奖积分");
  EXPECT_EQ(table.rows[0][19], "信息反馈奖金额(元)");
  auto approved_a = api().get(person_path, rep_a.s).body;
  bool found = false;
  for (const auto& row : table.rows) {
    if (row.size() < 18 || row[2] != rep_a.name) continue;
    found = true;
    EXPECT_EQ(row[0], month);
    EXPECT_DOUBLE_EQ(std::stod(row[12]), approved_a["total"].get<double>());
    EXPECT_DOUBLE_EQ(std::stod(row[9]), 50.0) << "registrations";
    EXPECT_EQ(row[15], "0") << "nothing delivered in the month";
    EXPECT_EQ(row[17], "30") << "the seed's performance-pay share";
    EXPECT_EQ(row[18], "0") << "no information-feedback reward in the month";
    EXPECT_DOUBLE_EQ(std::stod(row[19]), 0.0);
  }
  EXPECT_TRUE(found) << "rep A is on the payroll sheet";

  // locked: every change is refused
  auto locked = step(month, "compile", {{"version", 3}}, staff);
  EXPECT_EQ(locked.status, 409);
  EXPECT_EQ(locked.body["code"], "assessment.locked");
  auto locked_score = api().patch(person_path,
                                  {{"version", adjusted.body["version"]},
                                   {"scores", {{{"item", "monthly_stats"}, {"criterion", "accuracy"}, {"score", 90}}}},
                                   {"reason", "x"}},
                                  director.s);
  EXPECT_EQ(locked_score.status, 409);
  EXPECT_EQ(locked_score.body["code"], "assessment.locked");
  auto tmpl = api().put("/api/v1/assessment-templates/" + month, json::object(), director.s);
  EXPECT_NE(tmpl.status, 200);
  auto list = api().get("/api/v1/assessments?month=" + month, rep_a.s);
  EXPECT_EQ(list.body["items"][0]["status"], "approved");

  // the executive reopens with a reason, kept and audited; the scores stay
  EXPECT_EQ(step(month, "reopen", {{"version", 3}}, executive).status, 422);
  EXPECT_EQ(step(month, "reopen", {{"version", 3}, {"reason", "x"}}, director).status, 403);
  auto reopened = step(month, "reopen", {{"version", 3}, {"reason", "区域反映8月交车数据有误"}}, executive);
  ASSERT_EQ(reopened.status, 200) << reopened.raw;
  EXPECT_EQ(reopened.body["status"], "compiled");
  EXPECT_EQ(reopened.body["reopen_reason"], "区域反映8月交车数据有误");
  auto trail = api().get("/api/v1/audit?entity=assessment_month&limit=50", director.s);
  ASSERT_EQ(trail.status, 200) << trail.raw;
  bool audited = false;
  for (const auto& e : trail.body["items"]) audited |= e.dump().find("区域反映8月交车数据有误") != std::string::npos;
  EXPECT_TRUE(audited) << trail.raw;
  // compiled again: the reviewer scores and the adjustment carry over
  auto again_compiled = step(month, "compile", {{"version", 4}}, staff);
  ASSERT_EQ(again_compiled.status, 200) << again_compiled.raw;
  auto kept = api().get(person_path, staff.s).body;
  EXPECT_EQ(criterion(kept, "monthly_stats", "accuracy")["score"], 100.0);
  EXPECT_EQ(criterion(kept, "weekly_tracking", "authenticity")["comment"], "判断与拜访记录相符");
  EXPECT_EQ(kept["total"], adjusted.body["total"]);
}
