// Rectification orders (整改, issue 14): raised by HQ's KA department or a regional director to a
// province or a dealer, answered by the recipient, sent back, answered again and closed by the
// raiser; overdue on the home page, the summary and in reminders; scope (404), roles (403), state
// (409), stale versions (409) and bad input (422) change nothing.
#include <set>

#include "harness.h"
#include "modules/rectification/service.h"
#include "platform/clock.h"

using namespace fleetkam;
using namespace fleetkam::test;
using nlohmann::json;

class RectificationApi : public ServerFixture {
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
  void again(const std::vector<Person*>& people) {
    for (auto* p : people) p->s = api().login(p->name, kPassword);
  }
  json order_body(int64_t unit, const std::string& due, json extra = json::object()) {
    json body = {{"recipient_unit_id", unit},
                 {"title", "重点客户跟踪表连续迟交"},
                 {"finding", "11月第3、4周的重点大客户关系维系跟踪表均迟交两天以上"},
                 {"requirement", "说明原因，指定专人每周六24:00前提交，并补齐缺失的客户拜访记录"},
                 {"due_date", due}};
    for (auto& [k, v] : extra.items()) body[k] = v;
    return body;
  }
  static int64_t id_of(const Response& r) { return r.body["id"].get<int64_t>(); }
  std::string path(int64_t id, const std::string& action = "") {
    return "/api/v1/rectifications/" + std::to_string(id) + (action.empty() ? "" : "/" + action);
  }
  std::set<int64_t> ids(const std::string& query, const Session& as) {
    auto r = api().get("/api/v1/rectifications" + query, as);
    EXPECT_EQ(r.status, 200) << query << ' ' << r.raw;
    std::set<int64_t> out;
    for (const auto& item : r.body["items"]) out.insert(item["id"].get<int64_t>());
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
    app_->database().read([&](db::Connection& c) { all = rectification::reminders(c, now); });
    std::vector<notifications::Reminder> out;
    for (auto& r : all)
      if (r.user_id == user_id) out.push_back(r);
    return out;
  }
};

TEST_F(RectificationApi, ADealerAnswersIsSentBackAnswersAgainAndTheRaiserCloses) {
  clock::pin(at("2026-03-02T10:00:00+08:00"));
  auto tree = make_tree("整改");
  auto other = make_tree("整改外");
  auto staff = person("rc_staff", "ka_staff", 1);
  auto director = person("rc_dir", "ka_director", 1);
  auto rd = person("rc_rd", "regional_director", tree.region);
  auto other_rd = person("rc_rd2", "regional_director", other.region);
  auto am = person("rc_am", "area_manager", tree.province);
  auto dm = person("rc_dm", "dealer_manager", tree.dealer_a);
  auto rep = person("rc_rep", "sales_rep", tree.dealer_a);
  auto sibling = person("rc_dm_b", "dealer_manager", tree.dealer_b);
  auto outsider = person("rc_rep_x", "sales_rep", other.dealer_a);
  int64_t account = make_account(rep.s, tree.province_code);

  // bad input changes nothing
  int64_t before = count("rectifications");
  auto r = api().post("/api/v1/rectifications", order_body(tree.dealer_a, "2026-03-01"), staff.s);
  ASSERT_EQ(r.status, 422) << r.raw;
  EXPECT_EQ(r.body["errors"][0]["field"], "due_date") << "yesterday";
  r = api().post("/api/v1/rectifications", order_body(tree.dealer_a, "2026-00-01"), staff.s);
  EXPECT_EQ(r.status, 422) << r.raw;
  r = api().post("/api/v1/rectifications", order_body(tree.region, "2026-03-09"), staff.s);
  ASSERT_EQ(r.status, 422) << r.raw;
  EXPECT_EQ(r.body["errors"][0]["field"], "recipient_unit_id") << "a region is no recipient";
  r = api().post("/api/v1/rectifications", order_body(other.dealer_a, "2026-03-09"), rd.s);
  ASSERT_EQ(r.status, 422) << r.raw;
  EXPECT_EQ(r.body["errors"][0]["field"], "recipient_unit_id") << "another region's dealer";
  r = api().post("/api/v1/rectifications",
                 order_body(tree.dealer_a, "2026-03-09", {{"recipient_user_id", sibling.s.user_id}}), staff.s);
  ASSERT_EQ(r.status, 422) << r.raw;
  EXPECT_EQ(r.body["errors"][0]["field"], "recipient_user_id") << "not a person of the dealer";
  r = api().post("/api/v1/rectifications",
                 order_body(tree.dealer_a, "2026-03-09", {{"evidence_kind", "account"}, {"evidence_ref", "999999999"}}),
                 staff.s);
  ASSERT_EQ(r.status, 422) << r.raw;
  EXPECT_EQ(r.body["errors"][0]["field"], "evidence_ref");
  r = api().post("/api/v1/rectifications", order_body(tree.dealer_a, "2026-03-09", {{"colour", "red"}}), staff.s);
  EXPECT_EQ(r.status, 422) << r.raw;
  auto blank = order_body(tree.dealer_a, "2026-03-09");
  blank["title"] = "";
  EXPECT_EQ(api().post("/api/v1/rectifications", blank, staff.s).status, 422);
  EXPECT_EQ(api()
                .request("POST", "/api/v1/rectifications", "{\"recipient_unit_id\":",
                         {{"Authorization", "Bearer " + staff.s.token}, {"Content-Type", "application/json"}})
                .status,
            400);
  for (const auto* who : {&dm, &rep, &am}) {
    r = api().post("/api/v1/rectifications", order_body(tree.dealer_a, "2026-03-09"), who->s);
    EXPECT_EQ(r.status, 403) << r.raw;
  }
  EXPECT_EQ(count("rectifications"), before) << "refused requests write nothing";

  // KA staff raise one to dealer A on its stalled key account
  r = api().post("/api/v1/rectifications",
                 order_body(tree.dealer_a, "2026-03-06",
                            {{"evidence_kind", "account"}, {"evidence_ref", std::to_string(account)}}),
                 staff.s);
  ASSERT_EQ(r.status, 201) << r.raw;
  int64_t id = id_of(r);
  EXPECT_EQ(r.body["status"], "open");
  EXPECT_EQ(r.body["recipient_unit_kind"], "dealer");
  EXPECT_EQ(r.body["evidence_link"], "/accounts/" + std::to_string(account));
  EXPECT_FALSE(r.body["evidence_label"].get<std::string>().empty());
  EXPECT_EQ(r.body["events"].size(), 1u);
  EXPECT_EQ(r.body["can_verify"], true);
  EXPECT_EQ(r.body["can_respond"], false);

  // who sees it: HQ, the region, the province above the dealer, the dealer; not the sibling
  // dealer, another region or its director
  for (const auto* who : {&director, &rd, &am, &dm, &rep})
    EXPECT_EQ(api().get(path(id), who->s).status, 200) << who->name;
  for (const auto* who : {&sibling, &outsider, &other_rd})
    EXPECT_EQ(api().get(path(id), who->s).status, 404) << who->name;
  EXPECT_EQ(ids("", sibling.s).count(id), 0u);
  // every step on it from outside the scope is a 404, as is a list or summary of a unit outside it
  for (const auto& [step, body] :
       std::vector<std::pair<std::string, json>>{{"close", {{"version", 1}}},
                                                 {"send-back", {{"version", 1}, {"note", "再补"}}},
                                                 {"cancel", {{"version", 1}, {"reason", "撤销"}}}}) {
    auto outside = api().post(path(id, step), body, other_rd.s);
    EXPECT_EQ(outside.status, 404) << step << ' ' << outside.raw;
  }
  EXPECT_EQ(api().get("/api/v1/rectifications?unit_id=" + std::to_string(tree.dealer_a), other_rd.s).status, 422);
  EXPECT_EQ(api().get("/api/v1/rectification-summary?unit_id=" + std::to_string(tree.dealer_a), other_rd.s).status,
            404);
  EXPECT_EQ(api().get(path(id), dm.s).body["version"], 1) << "nothing changed";

  // the dealer manager's to-do; the rep (not named) sees it but does not answer it
  EXPECT_EQ(ids("?box=to_answer&status=open", dm.s), std::set<int64_t>{id});
  EXPECT_EQ(todo(dm.s, "rectifications_to_answer"), 1);
  EXPECT_EQ(todo(rep.s, "rectifications_to_answer"), 0);
  EXPECT_EQ(api().get(path(id), dm.s).body["can_respond"], true);
  r = api().post(path(id, "respond"), {{"version", 1}, {"response", "已整改"}}, rep.s);
  EXPECT_EQ(r.status, 403) << r.raw;
  EXPECT_EQ(r.body["code"], "rectification.not_recipient");
  EXPECT_EQ(api().post(path(id, "respond"), {{"version", 1}, {"response", "已整改"}}, am.s).status, 403);
  EXPECT_EQ(api().post(path(id, "respond"), {{"version", 1}, {"response", "已整改"}}, sibling.s).status, 404);
  EXPECT_EQ(api().post(path(id, "respond"), {{"version", 1}, {"response", ""}}, dm.s).status, 422);
  // closing an open order is out of order
  r = api().post(path(id, "close"), {{"version", 1}}, staff.s);
  EXPECT_EQ(r.status, 409) << r.raw;
  EXPECT_EQ(r.body["code"], "rectification.state");
  EXPECT_EQ(api().get(path(id), dm.s).body["version"], 1) << "nothing changed";

  // the reminders: the new order to the dealer manager
  auto mine = reminders_of(dm.s.user_id, clock::now_ms());
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].kind, "rectification_open");
  EXPECT_EQ(mine[0].link, "/rectifications/" + std::to_string(id));

  // the dealer answers
  r = api().post(path(id, "respond"), {{"version", 1}, {"response", "已指定王敏负责，补录拜访记录3条"}}, dm.s);
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["status"], "responded");
  EXPECT_EQ(r.body["responded_by_name"], dm.name);
  EXPECT_EQ(ids("?box=to_verify", staff.s).count(id), 1u);
  EXPECT_EQ(todo(staff.s, "rectifications_to_verify"), static_cast<int64_t>(ids("?box=to_verify", staff.s).size()));
  EXPECT_EQ(ids("?box=to_verify", rd.s).count(id), 0u) << "HQ raised it: the region does not verify it";
  r = api().post(path(id, "close"), {{"version", 2}}, rd.s);
  EXPECT_EQ(r.status, 403) << r.raw;
  EXPECT_EQ(r.body["code"], "rectification.not_verifier");
  auto answered = reminders_of(staff.s.user_id, clock::now_ms());
  ASSERT_EQ(answered.size(), 1u);
  EXPECT_EQ(answered[0].kind, "rectification_responded");

  // sent back: a note is required, then it is open again for the dealer
  EXPECT_EQ(api().post(path(id, "send-back"), {{"version", 2}}, staff.s).status, 422);
  r = api().post(path(id, "send-back"), {{"version", 2}, {"note", "请附上补录的拜访记录日期"}}, staff.s);
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["status"], "open");
  EXPECT_EQ(r.body["rounds"], 1);
  mine = reminders_of(dm.s.user_id, clock::now_ms());
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].key, "rectification:" + std::to_string(id) + ":open:1") << "a sent-back order reminds again";

  // two days past its due day it is overdue: on the home pages, in the summary and reminded
  clock::pin(at("2026-03-08T09:00:00+08:00"));
  again({&staff, &director, &rd, &am, &dm, &rep, &outsider});
  auto order = api().get(path(id), dm.s).body;
  EXPECT_EQ(order["overdue"], true);
  EXPECT_EQ(ids("?overdue=true", am.s), std::set<int64_t>{id});
  EXPECT_EQ(todo(am.s, "rectifications_overdue"), 1);
  EXPECT_EQ(todo(rd.s, "rectifications_overdue"), 1);
  auto summary = api().get("/api/v1/rectification-summary?unit_id=" + std::to_string(tree.province), rd.s);
  ASSERT_EQ(summary.status, 200) << summary.raw;
  EXPECT_EQ(summary.body["open"], 1);
  EXPECT_EQ(summary.body["overdue"], 1);
  for (const auto& u : summary.body["units"]) {
    auto n = ids("?status=open&unit_id=" + std::to_string(u["unit_id"].get<int64_t>()), rd.s).size();
    EXPECT_EQ(u["open"].get<int64_t>(), static_cast<int64_t>(n)) << u.dump();
    EXPECT_EQ(u["overdue"], u["unit_id"] == tree.dealer_a ? 1 : 0);
  }
  EXPECT_EQ(api().get("/api/v1/rectification-summary?unit_id=" + std::to_string(tree.province), outsider.s).status,
            404);
  std::set<std::string> kinds;
  for (const auto& m : reminders_of(dm.s.user_id, clock::now_ms())) kinds.insert(m.kind);
  EXPECT_EQ(kinds, (std::set<std::string>{"rectification_open", "rectification_overdue"}));
  kinds.clear();
  for (const auto& m : reminders_of(staff.s.user_id, clock::now_ms())) kinds.insert(m.kind);
  EXPECT_EQ(kinds, (std::set<std::string>{"rectification_overdue"}));

  // answered again, closed by another of HQ's KA department; then nothing moves it
  r = api().post(path(id, "respond"), {{"version", order["version"]}, {"response", "补录记录：3月3日、4日、5日"}},
                 dm.s);
  ASSERT_EQ(r.status, 200) << r.raw;
  int64_t version = r.body["version"];
  // two verifiers at once: one wins, the other's stale version is a 409
  r = api().post(path(id, "close"), {{"version", version}, {"note", "核实无误"}}, director.s);
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["status"], "closed");
  r = api().post(path(id, "send-back"), {{"version", version}, {"note", "再补"}}, staff.s);
  EXPECT_EQ(r.status, 409) << r.raw;
  r = api().post(path(id, "cancel"), {{"version", version + 1}, {"reason", "撤销"}}, staff.s);
  EXPECT_EQ(r.status, 409) << r.raw;
  EXPECT_EQ(r.body["code"], "rectification.state");
  auto closed = api().get(path(id), rep.s).body;
  std::vector<std::string> actions;
  for (const auto& e : closed["events"]) actions.push_back(e["action"]);
  EXPECT_EQ(actions, (std::vector<std::string>{"raised", "responded", "sent_back", "responded", "closed"}));
  EXPECT_EQ(closed["events"][2]["note"], "请附上补录的拜访记录日期");
  EXPECT_EQ(todo(dm.s, "rectifications_to_answer"), 0);
  EXPECT_TRUE(reminders_of(dm.s.user_id, clock::now_ms()).empty());

  auto audit = api().get("/api/v1/audit?entity=rectification&id=" + std::to_string(id), director.s);
  ASSERT_EQ(audit.status, 200) << audit.raw;
  EXPECT_EQ(audit.body["items"].size(), 5u) << audit.raw;
}

TEST_F(RectificationApi, ARegionalDirectorRaisesToTheAreaManagerWhoAloneAnswersAndCancelsNeedAReason) {
  auto tree = make_tree("整改省");
  auto rd = person("rp_rd", "regional_director", tree.region);
  auto am = person("rp_am", "area_manager", tree.province);
  auto dm = person("rp_dm", "dealer_manager", tree.dealer_a);
  auto rep = person("rp_rep", "sales_rep", tree.dealer_a);
  auto staff = person("rp_staff", "ka_staff", 1);
  auto r = api().post("/api/v1/rectifications",
                      order_body(tree.province, day_from_today(7),
                                 {{"title", "经销商进度督导不到位"},
                                  {"evidence_kind", "assessment"},
                                  {"evidence_ref", "2026-10/" + std::to_string(rep.s.user_id)}}),
                      rd.s);
  ASSERT_EQ(r.status, 201) << r.raw;
  int64_t id = id_of(r);
  EXPECT_EQ(r.body["evidence_link"], "/assessments/2026-10/people/" + std::to_string(rep.s.user_id));
  EXPECT_EQ(ids("?evidence_kind=assessment&evidence_ref=2026-10/" + std::to_string(rep.s.user_id), rd.s),
            std::set<int64_t>{id});
  EXPECT_EQ(api().get("/api/v1/rectifications?evidence_kind=assessment", rd.s).status, 422);
  // the province's order is the area manager's; the dealer below does not see it
  EXPECT_EQ(api().get(path(id), dm.s).status, 404);
  EXPECT_EQ(ids("?box=to_answer", am.s), std::set<int64_t>{id});
  // HQ above the region verifies it too; a cancel needs its reason
  EXPECT_EQ(ids("?box=raised", rd.s), std::set<int64_t>{id});
  EXPECT_EQ(api().post(path(id, "cancel"), {{"version", 1}}, staff.s).status, 422);
  EXPECT_EQ(api().post(path(id, "cancel"), {{"version", 1}, {"reason", "x"}}, am.s).status, 403);
  r = api().post(path(id, "cancel"), {{"version", 1}, {"reason", "已在季度会上当面落实"}}, staff.s);
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["status"], "cancelled");
  EXPECT_EQ(api().post(path(id, "respond"), {{"version", 2}, {"response", "已落实"}}, am.s).status, 409);
  // a named rep answers a dealer's order; the dealer manager then does not
  r = api().post("/api/v1/rectifications",
                 order_body(tree.dealer_a, day_from_today(3), {{"recipient_user_id", rep.s.user_id}}), rd.s);
  ASSERT_EQ(r.status, 201) << r.raw;
  int64_t named = id_of(r);
  EXPECT_EQ(api().post(path(named, "respond"), {{"version", 1}, {"response", "已补交"}}, dm.s).status, 403);
  EXPECT_EQ(api().post(path(named, "respond"), {{"version", 1}, {"response", "已补交"}}, rep.s).status, 200);
  // bad list parameters
  EXPECT_EQ(api().get("/api/v1/rectifications?status=done", rd.s).status, 422);
  EXPECT_EQ(api().get("/api/v1/rectifications?box=mine", rd.s).status, 422);
  EXPECT_EQ(api().get("/api/v1/rectifications?cursor=zzz", rd.s).status, 422);
  EXPECT_EQ(api().get("/api/v1/rectifications/999999999", rd.s).status, 404);
}
