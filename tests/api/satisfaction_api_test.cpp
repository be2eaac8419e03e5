// Satisfaction after delivery (客户满意度回访, issue 15): a delivery schedules a follow-up HQ's delay
// after it; the rep records the scores with a complaint owned by the dealer manager; the low score
// is the area manager's to-do and reminder until reviewed; the complaint is resolved; the summary's
// figures equal the lists; a voided delivery cancels its follow-up; scope (404), roles (403), state
// and versions (409) and bad input (422) change nothing.
#include <map>
#include <set>

#include "harness.h"
#include "modules/satisfaction/service.h"
#include "platform/clock.h"
#include "platform/sheets/sheets.h"

using namespace fleetkam;
using namespace fleetkam::test;
using nlohmann::json;

class SatisfactionApi : public ServerFixture {
 protected:
  void TearDown() override { clock::pin(std::nullopt); }

  // Signs `s` in again (as the user it was made for) after the pinned clock moved past its session.
  Session person(const std::string& prefix, const std::string& role, int64_t unit) {
    auto name = unique(prefix);
    auto s = make_user(name, role, unit);
    names_[s.user_id] = name;
    return s;
  }
  void again(const std::vector<Session*>& people) {
    for (auto* p : people) *p = api().login(names_.at(p->user_id), kPassword);
  }
  std::map<int64_t, std::string> names_;
  // A won opportunity of `as` on a new account in `division`, delivered `quantity` units today.
  json deliver(const Session& as, const std::string& division, int quantity, const std::string& model = "江铃 执法车") {
    auto account = make_account(as, division);
    auto o = make_opportunity(as, account);
    auto id = o["id"].get<int64_t>();
    auto won = api().post("/api/v1/opportunities/" + std::to_string(id) + "/transitions",
                          {{"stage", "won"}, {"reason", "中标"}, {"version", o["version"]}}, as);
    EXPECT_EQ(won.status, 200) << won.raw;
    auto d = api().post(
        "/api/v1/opportunities/" + std::to_string(id) + "/deliveries",
        {{"date", day_from_today(0)}, {"quantity", quantity}, {"model", model}, {"vehicle_type", "law_enforcement"}},
        as);
    EXPECT_EQ(d.status, 201) << d.raw;
    return d.body;
  }
  // The follow-up of a delivery, as `as` sees it in the list.
  json followup_of(int64_t delivery_id, const Session& as) {
    for (const auto& f : items_of(api().get("/api/v1/satisfaction/followups?limit=500", as)))
      if (f["delivery_id"] == delivery_id) return f;
    return json();
  }
  std::string path(int64_t id, const std::string& action = "") {
    return "/api/v1/satisfaction/followups/" + std::to_string(id) + (action.empty() ? "" : "/" + action);
  }
  std::set<int64_t> ids(const std::string& list_path, const Session& as) {
    std::set<int64_t> out;
    for (const auto& item : items_of(api().get(list_path, as))) out.insert(item["id"].get<int64_t>());
    return out;
  }
  int64_t todo(const Session& as, const std::string& code) {
    auto home = api().get("/api/v1/home", as);
    EXPECT_EQ(home.status, 200) << home.raw;
    for (const auto& t : home.body["todos"])
      if (t["code"] == code) return t["count"].get<int64_t>();
    return -1;  // not on this role's home
  }
  std::vector<notifications::Reminder> reminders_of(int64_t user_id, int64_t now) {
    std::vector<notifications::Reminder> all;
    app_->database().read([&](db::Connection& c) { all = satisfaction::reminders(c, now); });
    std::vector<notifications::Reminder> out;
    for (auto& r : all)
      if (r.user_id == user_id) out.push_back(r);
    return out;
  }
  static std::set<std::string> kinds(const std::vector<notifications::Reminder>& list) {
    std::set<std::string> out;
    for (const auto& r : list) out.insert(r.kind);
    return out;
  }
};

TEST_F(SatisfactionApi, ADeliveryIsFollowedUpALowScoreIsReviewedAndTheComplaintResolved) {
  const int64_t start = at("2026-03-02T10:00:00+08:00");
  clock::pin(start);
  auto tree = make_tree("回访");
  auto director = person("sf_dir", "ka_director", 1);
  auto am = person("sf_am", "area_manager", tree.province);
  auto dm = person("sf_dm", "dealer_manager", tree.dealer_a);
  auto rep = person("sf_rep", "sales_rep", tree.dealer_a);
  auto other_rep = person("sf_rep_b", "sales_rep", tree.dealer_b);

  // HQ's rules: 7 days by default; set to 10, which the next delivery takes
  auto rules = api().get("/api/v1/satisfaction/rules", rep);
  ASSERT_EQ(rules.status, 200) << rules.raw;
  EXPECT_EQ(rules.body["delay_days"], 7);
  auto set = api().put("/api/v1/satisfaction/rules", {{"delay_days", 10}, {"low_score", 2}}, director);
  ASSERT_EQ(set.status, 200) << set.raw;

  auto delivery = deliver(rep, tree.province_code, 4);
  auto f = followup_of(delivery["id"].get<int64_t>(), rep);
  ASSERT_TRUE(f.is_object()) << "the delivery scheduled a follow-up";
  int64_t id = f["id"].get<int64_t>();
  EXPECT_EQ(f["status"], "scheduled");
  EXPECT_EQ(f["delivered_on"], "2026-03-02");
  EXPECT_EQ(f["due_date"], "2026-03-12");
  EXPECT_EQ(f["quantity"], 4);
  EXPECT_TRUE(f["can_record"]);
  // the other dealer does not see it, nor does it count for them
  EXPECT_EQ(api().get(path(id), other_rep).status, 404);
  EXPECT_TRUE(ids("/api/v1/satisfaction/followups", other_rep).empty());

  // not due yet: no to-do; on the due day the rep's to-do and reminder
  EXPECT_EQ(todo(rep, "followups_due"), 0);
  clock::pin(at("2026-03-12T09:00:00+08:00"));
  again({&director, &am, &dm, &rep, &other_rep});
  EXPECT_EQ(todo(rep, "followups_due"), 1);
  EXPECT_EQ(ids("/api/v1/satisfaction/followups?due=true", rep), std::set<int64_t>{id});
  EXPECT_EQ(kinds(reminders_of(rep.user_id, clock::now_ms())), std::set<std::string>{"satisfaction_due"});
  EXPECT_EQ(todo(am, "followups_due"), 1) << "the area manager records too";
  EXPECT_EQ(todo(director, "followups_due"), -1) << "HQ does not make the calls";

  // who may own a complaint: the dealer's manager and reps, the area manager above; not the other dealer
  std::set<int64_t> owners;
  for (const auto& o : items_of(api().get(path(id, "owners"), rep))) owners.insert(o["user_id"].get<int64_t>());
  EXPECT_TRUE(owners.count(dm.user_id) && owners.count(rep.user_id)) << "the dealer's people";
  EXPECT_FALSE(owners.count(am.user_id)) << "above the rep's scope";
  EXPECT_FALSE(owners.count(other_rep.user_id));
  owners.clear();
  for (const auto& o : items_of(api().get(path(id, "owners"), am))) owners.insert(o["user_id"].get<int64_t>());
  EXPECT_TRUE(owners.count(am.user_id) && owners.count(dm.user_id));
  EXPECT_EQ(api().get(path(id, "owners"), other_rep).status, 404);

  // the rep records it: service 2 is low; a complaint owned by the dealer manager
  auto recorded = api().post(path(id, "record"),
                             {{"version", f["version"]},
                              {"vehicle_score", 5},
                              {"delivery_score", 4},
                              {"service_score", 2},
                              {"contact_name", "王科长"},
                              {"comment", "车辆满意，售后响应慢，报修两次才上门"},
                              {"complaint_category", "service"},
                              {"complaint_description", "报修后三天未上门"},
                              {"complaint_owner_user_id", dm.user_id},
                              {"complaint_due_date", "2026-03-19"}},
                             rep);
  ASSERT_EQ(recorded.status, 200) << recorded.raw;
  EXPECT_EQ(recorded.body["status"], "done");
  EXPECT_TRUE(recorded.body["low"]);
  EXPECT_EQ(recorded.body["contact_name"], "王科长");
  ASSERT_EQ(recorded.body["complaints"].size(), 1u);
  auto complaint = recorded.body["complaints"][0];
  int64_t complaint_id = complaint["id"].get<int64_t>();
  EXPECT_EQ(complaint["status"], "open");
  EXPECT_EQ(complaint["owner_name"], recorded.body["complaints"][0]["owner_name"]);
  EXPECT_EQ(recorded.body["open_complaints"], 1);
  EXPECT_EQ(todo(rep, "followups_due"), 0);

  // recording twice is refused and changes nothing
  auto twice = api().post(
      path(id, "record"),
      {{"version", recorded.body["version"]}, {"vehicle_score", 1}, {"delivery_score", 1}, {"service_score", 1}}, rep);
  EXPECT_EQ(twice.status, 409) << twice.raw;
  EXPECT_EQ(twice.body["code"], "followup.state");
  EXPECT_EQ(api().get(path(id), rep).body["vehicle_score"], 5);

  // the low score: the area manager's to-do and reminder, not the dealer's review
  EXPECT_EQ(todo(am, "low_scores_to_review"), 1);
  EXPECT_EQ(ids("/api/v1/satisfaction/followups?low=unreviewed", am), std::set<int64_t>{id});
  EXPECT_EQ(kinds(reminders_of(am.user_id, clock::now_ms())), std::set<std::string>{"satisfaction_low"});
  EXPECT_EQ(todo(rep, "low_scores_to_review"), -1);
  auto by_rep = api().post(path(id, "review"), {{"version", recorded.body["version"]}, {"note", "已处理"}}, rep);
  EXPECT_EQ(by_rep.status, 403) << by_rep.raw;
  auto reviewed =
      api().post(path(id, "review"),
                 {{"version", recorded.body["version"]}, {"note", "已电话回访客户，督促经销商两日内上门"}}, am);
  ASSERT_EQ(reviewed.status, 200) << reviewed.raw;
  EXPECT_FALSE(reviewed.body["can_review"]);
  EXPECT_EQ(todo(am, "low_scores_to_review"), 0);
  EXPECT_TRUE(kinds(reminders_of(am.user_id, clock::now_ms())).empty());
  EXPECT_EQ(api().post(path(id, "review"), {{"version", reviewed.body["version"]}, {"note", "再次"}}, am).status, 409);

  // the complaint: the dealer manager's to-do and reminder; overdue after its day
  EXPECT_EQ(todo(dm, "complaints_mine"), 1);
  EXPECT_EQ(ids("/api/v1/complaints?mine=true&status=open", dm), std::set<int64_t>{complaint_id});
  EXPECT_EQ(kinds(reminders_of(dm.user_id, clock::now_ms())), std::set<std::string>{"complaint_open"});
  clock::pin(at("2026-03-20T09:00:00+08:00"));
  again({&director, &am, &dm, &rep, &other_rep});
  EXPECT_EQ(todo(am, "complaints_overdue"), 1);
  EXPECT_EQ(ids("/api/v1/complaints?overdue=true", am), std::set<int64_t>{complaint_id});
  // the same list as .xlsx: one row, overdue, with its owner
  auto late_sheet = api().get("/api/v1/complaints/export?overdue=true", am);
  ASSERT_EQ(late_sheet.status, 200) << late_sheet.raw;
  auto late_table = sheets::read_xlsx(late_sheet.raw);
  ASSERT_EQ(late_table.rows.size(), 2u);
  EXPECT_EQ(late_table.rows[0][4], "责任人");
  EXPECT_EQ(late_table.rows[1][7], "逾期");
  EXPECT_EQ(api().get("/api/v1/complaints/export?status=closed", am).status, 422);
  EXPECT_EQ(kinds(reminders_of(dm.user_id, clock::now_ms())),
            (std::set<std::string>{"complaint_open", "complaint_overdue"}));
  // the other dealer's rep cannot see or resolve it
  EXPECT_EQ(api().get("/api/v1/complaints/" + std::to_string(complaint_id), other_rep).status, 404);
  EXPECT_EQ(api()
                .post("/api/v1/complaints/" + std::to_string(complaint_id) + "/resolve",
                      {{"version", complaint["version"]}, {"resolution", "x"}}, other_rep)
                .status,
            404);
  auto resolved = api().post("/api/v1/complaints/" + std::to_string(complaint_id) + "/resolve",
                             {{"version", complaint["version"]}, {"resolution", "已上门更换空调压缩机，客户确认"}}, dm);
  ASSERT_EQ(resolved.status, 200) << resolved.raw;
  EXPECT_EQ(resolved.body["status"], "resolved");
  EXPECT_FALSE(resolved.body["can_resolve"]);
  EXPECT_EQ(todo(dm, "complaints_mine"), 0);
  EXPECT_EQ(todo(am, "complaints_overdue"), 0);
  EXPECT_TRUE(reminders_of(dm.user_id, clock::now_ms()).empty());
  auto again = api().post("/api/v1/complaints/" + std::to_string(complaint_id) + "/resolve",
                          {{"version", resolved.body["version"]}, {"resolution", "再次"}}, dm);
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.body["code"], "complaint.state");

  // the summary: March has one response, low; equal to the lists; by unit the dealer, by model the model
  auto summary = api().get("/api/v1/satisfaction/summary?from=2026-01&to=2026-03", am);
  ASSERT_EQ(summary.status, 200) << summary.raw;
  EXPECT_EQ(summary.body["total"]["responses"], 1);
  EXPECT_EQ(summary.body["total"]["low"], 1);
  EXPECT_DOUBLE_EQ(summary.body["total"]["service"].get<double>(), 2.0);
  EXPECT_DOUBLE_EQ(summary.body["total"]["overall"].get<double>(), 3.67);
  ASSERT_EQ(summary.body["months"].size(), 3u);
  EXPECT_EQ(summary.body["months"][2]["month"], "2026-03");
  EXPECT_EQ(summary.body["months"][2]["figures"]["responses"], 1);
  EXPECT_EQ(summary.body["months"][0]["figures"]["responses"], 0);
  EXPECT_EQ(ids("/api/v1/satisfaction/followups?status=done&from=2026-01&to=2026-03", am).size(), 1u);
  EXPECT_EQ(ids("/api/v1/satisfaction/followups?low=all&from=2026-01&to=2026-03", am).size(), 1u);
  ASSERT_EQ(summary.body["groups"].size(), 2u) << "both dealers, one with no responses";
  EXPECT_EQ(summary.body["groups"][0]["unit_id"], tree.dealer_a);
  EXPECT_EQ(summary.body["groups"][0]["figures"]["responses"], 1);
  auto models = api().get("/api/v1/satisfaction/summary?from=2026-03&to=2026-03&by=model", am);
  ASSERT_EQ(models.status, 200) << models.raw;
  ASSERT_EQ(models.body["groups"].size(), 1u);
  EXPECT_EQ(models.body["groups"][0]["name"], "江铃 执法车");
  // the other dealer's summary is empty; a unit outside the caller's scope is 404
  EXPECT_EQ(api().get("/api/v1/satisfaction/summary?from=2026-03&to=2026-03", other_rep).body["total"]["responses"], 0);
  EXPECT_EQ(api()
                .get("/api/v1/satisfaction/summary?from=2026-03&to=2026-03&unit_id=" + std::to_string(tree.dealer_a),
                     other_rep)
                .status,
            404);

  // above the province the figures come from the rollup: HQ's director on the region sees the
  // province; when the dealer moves to another province its figures move with it
  auto region = api().get("/api/v1/satisfaction/summary?from=2026-01&to=2026-03&unit_id=" + std::to_string(tree.region),
                          director);
  ASSERT_EQ(region.status, 200) << region.raw;
  EXPECT_EQ(region.body["total"]["responses"], 1);
  bool province_seen = false;
  for (const auto& g : region.body["groups"])
    if (g["unit_id"] == tree.province) province_seen = g["figures"]["responses"] == 1;
  EXPECT_TRUE(province_seen) << region.raw;
  auto elsewhere = make_tree("回访迁");
  std::string dealer_path = "/api/v1/org/units/" + std::to_string(tree.dealer_a);
  auto dealer = api().get(dealer_path, admin());
  auto moved =
      api().patch(dealer_path, {{"version", dealer.body["version"]}, {"parent_id", elsewhere.province}}, admin());
  ASSERT_EQ(moved.status, 200) << moved.raw;
  auto total_of = [&](int64_t unit) {
    return api()
        .get("/api/v1/satisfaction/summary?from=2026-01&to=2026-03&unit_id=" + std::to_string(unit), director)
        .body["total"]["responses"];
  };
  EXPECT_EQ(total_of(tree.province), 0);
  EXPECT_EQ(total_of(tree.region), 0);
  EXPECT_EQ(total_of(elsewhere.province), 1);
  EXPECT_EQ(total_of(elsewhere.region), 1);

  // the export: a workbook
  auto sheet = api().get("/api/v1/satisfaction/followups/export?status=done", am);
  ASSERT_EQ(sheet.status, 200);
  EXPECT_EQ(sheet.raw.substr(0, 2), "PK");
}

TEST_F(SatisfactionApi, BadInputRolesAndVersionsChangeNothing) {
  clock::pin(at("2026-04-01T10:00:00+08:00"));
  auto tree = make_tree("回访错");
  auto other = make_tree("回访外");
  auto rd = person("sf2_rd", "regional_director", tree.region);
  auto rep = person("sf2_rep", "sales_rep", tree.dealer_a);
  auto dm = person("sf2_dm", "dealer_manager", tree.dealer_a);
  auto outsider = person("sf2_out", "dealer_manager", other.dealer_a);
  auto delivery = deliver(rep, tree.province_code, 2);
  auto f = followup_of(delivery["id"].get<int64_t>(), rep);
  ASSERT_TRUE(f.is_object());
  int64_t id = f["id"].get<int64_t>();
  json good = {{"version", f["version"]}, {"vehicle_score", 4}, {"delivery_score", 4}, {"service_score", 4}};
  auto with = [&](json changes) {
    json body = good;
    for (auto& [k, v] : changes.items()) body[k] = v;
    return body;
  };
  struct Case {
    json body;
    std::string field;
  };
  std::vector<Case> cases = {
      {with({{"vehicle_score", 0}}), "vehicle_score"},
      {with({{"service_score", 6}}), "service_score"},
      {with({{"delivery_score", "5"}}), "delivery_score"},
      {with({{"surprise", 1}}), "surprise"},
      {with({{"contact_id", 999999999}}), "contact_id"},
      {with({{"complaint_description", "车辆异响"}}), "complaint_category"},
      {with({{"complaint_category", "service"},
             {"complaint_description", "x"},
             {"complaint_owner_user_id", outsider.user_id},
             {"complaint_due_date", day_from_today(3)}}),
       "complaint_owner_user_id"},
      {with({{"complaint_category", "service"},
             {"complaint_description", "x"},
             {"complaint_owner_user_id", dm.user_id},
             {"complaint_due_date", day_from_today(-1)}}),
       "complaint_due_date"},
  };
  for (const auto& c : cases) {
    auto r = api().post(path(id, "record"), c.body, rep);
    EXPECT_EQ(r.status, 422) << c.body.dump() << ' ' << r.raw;
    bool named = false;
    for (const auto& e : r.body["errors"]) named = named || e["field"] == c.field;
    EXPECT_TRUE(named) << c.field << ' ' << r.raw;
  }
  // a stale version, another scope, a role that only reads
  EXPECT_EQ(api().post(path(id, "record"), with({{"version", 99}}), rep).status, 409);
  EXPECT_EQ(api().post(path(id, "record"), good, outsider).status, 404);
  EXPECT_EQ(api().post(path(id, "record"), good, rd).status, 403);
  auto still = api().get(path(id), rep);
  EXPECT_EQ(still.body["status"], "scheduled");
  EXPECT_EQ(still.body["version"], f["version"]);
  EXPECT_EQ(items_of(api().get("/api/v1/complaints", rd)).size(), 0u);
  // a complaint on a follow-up not made yet is refused
  auto early = api().post(path(id, "complaints"),
                          {{"category", "vehicle"},
                           {"description", "异响"},
                           {"owner_user_id", dm.user_id},
                           {"due_date", day_from_today(3)}},
                          rep);
  EXPECT_EQ(early.status, 409) << early.raw;
  // rules: HQ only, in range
  auto rules_before = api().get("/api/v1/satisfaction/rules", rd).body;
  EXPECT_EQ(api().put("/api/v1/satisfaction/rules", {{"delay_days", 5}, {"low_score", 2}}, rd).status, 403);
  auto director = person("sf2_dir", "ka_director", 1);
  auto bad_rules = api().put("/api/v1/satisfaction/rules", {{"delay_days", 0}, {"low_score", 5}}, director);
  EXPECT_EQ(bad_rules.status, 422) << bad_rules.raw;
  EXPECT_EQ(api().get("/api/v1/satisfaction/rules", rd).body, rules_before);
  // list and summary filters
  for (const std::string q :
       {"/api/v1/satisfaction/followups?status=lost", "/api/v1/satisfaction/followups?low=some",
        "/api/v1/satisfaction/followups?from=2026-13", "/api/v1/satisfaction/summary?from=2026-01",
        "/api/v1/satisfaction/summary?from=2026-03&to=2026-01", "/api/v1/satisfaction/summary?from=2024-01&to=2026-03",
        "/api/v1/satisfaction/summary?from=2026-01&to=2026-03&by=colour", "/api/v1/complaints?status=closed"}) {
    auto r = api().get(q, rep);
    EXPECT_EQ(r.status, 422) << q << ' ' << r.raw;
    EXPECT_EQ(r.header("Content-Type"), "application/problem+json") << q;
  }

  // recorded with a later complaint raised on it by the dealer manager, then voiding another delivery
  auto done = api().post(path(id, "record"), good, rep);
  ASSERT_EQ(done.status, 200) << done.raw;
  EXPECT_FALSE(done.body["low"]);
  auto later = api().post(path(id, "complaints"),
                          {{"category", "vehicle"},
                           {"description", "交车后第二周出现异响"},
                           {"owner_user_id", rep.user_id},
                           {"due_date", day_from_today(5)}},
                          dm);
  ASSERT_EQ(later.status, 201) << later.raw;
  EXPECT_EQ(later.body["owner_user_id"], rep.user_id);
  EXPECT_EQ(api().get(path(id), rep).body["open_complaints"], 1);
  auto second = deliver(rep, tree.province_code, 1);
  auto second_f = followup_of(second["id"].get<int64_t>(), rep);
  auto voided = api().post("/api/v1/deliveries/" + std::to_string(second["id"].get<int64_t>()) + "/void",
                           {{"reason", "录入错误"}}, dm);
  ASSERT_EQ(voided.status, 200) << voided.raw;
  EXPECT_EQ(api().get(path(second_f["id"].get<int64_t>()), rep).body["status"], "cancelled");
}
