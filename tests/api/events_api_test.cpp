// Exhibitions and promotion events (展销会、推广会, issue 15): the area manager plans a province
// exhibition; a dealer's rep invites the decision maker and the evaluator of a key account (the
// candidates list puts them first), records the answer and checks them in on the day (twice is
// once); a lead registered at the event becomes an opportunity won; the results count attendees by
// role, the lead, its opportunity and units won, and the cost per unit won once the event is closed
// with its cost. Another dealer's contact is a 404; roles (403), states (409) and bad input (422)
// change nothing.
#include <map>
#include <set>

#include "harness.h"
#include "modules/events/service.h"
#include "platform/clock.h"
#include "platform/sheets/sheets.h"

using namespace fleetkam;
using namespace fleetkam::test;
using nlohmann::json;

class EventsApi : public ServerFixture {
 protected:
  void TearDown() override { clock::pin(std::nullopt); }

  Session person(const std::string& prefix, const std::string& role, int64_t unit) {
    auto name = unique(prefix);
    auto s = make_user(name, role, unit);
    names_[s.user_id] = name;
    return s;
  }
  void again(const std::vector<Session*>& people) {
    for (auto* p : people) *p = api().login(names_.at(p->user_id), kPassword);
  }
  int64_t contact(int64_t account, const Session& as, const std::string& name, const std::string& role) {
    auto r = api().post("/api/v1/accounts/" + std::to_string(account) + "/contacts",
                        {{"name", name}, {"buying_role", role}, {"title", "科长"}}, as);
    EXPECT_EQ(r.status, 201) << r.raw;
    return r.body["id"].get<int64_t>();
  }
  json event_body(int64_t unit, const std::string& starts, const std::string& ends) {
    return {{"kind", "exhibition"},
            {"title", "2026年四川省公务用车展销会"},
            {"unit_id", unit},
            {"starts_on", starts},
            {"ends_on", ends},
            {"place", "成都世纪城新国际会展中心"},
            {"budget_fen", 6000000},
            {"vehicles", {"江铃 执法车", "江铃 指挥车"}},
            {"description", "面向全省公安、交通、应急等单位的公务用车集中展示"}};
  }
  std::string path(int64_t id, const std::string& rest = "") { return "/api/v1/events/" + std::to_string(id) + rest; }
  int64_t todo(const Session& as, const std::string& code) {
    auto home = api().get("/api/v1/home", as);
    EXPECT_EQ(home.status, 200) << home.raw;
    for (const auto& t : home.body["todos"])
      if (t["code"] == code) return t["count"].get<int64_t>();
    return -1;
  }
  std::set<std::string> reminder_kinds(int64_t user_id, int64_t now) {
    std::vector<notifications::Reminder> all;
    app_->database().read([&](db::Connection& c) { all = events::reminders(c, now); });
    std::set<std::string> out;
    for (auto& r : all)
      if (r.user_id == user_id) out.insert(r.kind + ":" + r.key);
    return out;
  }
  std::map<int64_t, std::string> names_;
};

TEST_F(EventsApi, FromInvitationToAWonOpportunityAndTheCostPerUnit) {
  clock::pin(at("2026-05-11T09:00:00+08:00"));
  auto tree = make_tree("展会");
  auto am = person("ev_am", "area_manager", tree.province);
  auto rep = person("ev_rep", "sales_rep", tree.dealer_a);
  auto other_rep = person("ev_rep_b", "sales_rep", tree.dealer_b);
  int64_t account = make_account(rep, tree.province_code, "某市公安局", {{"grade", "key"}});
  int64_t boss = contact(account, rep, "周局长", "decision_maker");
  int64_t judge = contact(account, rep, "吴科长", "evaluator");
  int64_t driver = contact(account, rep, "郑师傅", "user");
  int64_t other_account = make_account(other_rep, tree.province_code, "某县交通运输局", {{"grade", "key"}});
  int64_t other_contact = contact(other_account, other_rep, "钱主任", "decision_maker");

  // the area manager plans it for the 13th–14th; the rep cannot plan
  auto body = event_body(tree.province, "2026-05-13", "2026-05-14");
  EXPECT_EQ(api().post("/api/v1/events", body, rep).status, 403);
  auto created = api().post("/api/v1/events", body, am);
  ASSERT_EQ(created.status, 201) << created.raw;
  int64_t id = created.body["id"].get<int64_t>();
  EXPECT_EQ(created.body["status"], "planned");
  EXPECT_EQ(created.body["vehicles"].size(), 2u);
  EXPECT_TRUE(created.body["can_manage"]);
  // the list as .xlsx (the province's events: this one)
  auto sheet = api().get("/api/v1/events/export?unit_id=" + std::to_string(tree.province), am);
  ASSERT_EQ(sheet.status, 200) << sheet.raw;
  auto table = sheets::read_xlsx(sheet.raw);
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_EQ(table.rows[1][0], "2026年四川省公务用车展销会");
  EXPECT_EQ(table.rows[1][1], "展销会");
  EXPECT_EQ(api().get("/api/v1/events/export?kind=fair", am).status, 422);

  // both dealers see the province's event; the rep may invite, not manage
  auto seen = api().get(path(id), rep);
  ASSERT_EQ(seen.status, 200) << seen.raw;
  EXPECT_TRUE(seen.body["can_invite"]);
  EXPECT_FALSE(seen.body["can_manage"]);
  EXPECT_EQ(items_of(api().get("/api/v1/events?upcoming=true", other_rep)).size(), 1u);

  // candidates: the rep's own contacts, decision maker then evaluator then user; filtered by role
  auto candidates = items_of(api().get(path(id, "/candidates"), rep));
  ASSERT_EQ(candidates.size(), 3u);
  EXPECT_EQ(candidates[0]["contact_id"], boss);
  EXPECT_EQ(candidates[1]["contact_id"], judge);
  EXPECT_EQ(candidates[2]["contact_id"], driver);
  EXPECT_EQ(items_of(api().get(path(id, "/candidates?buying_role=decision_maker,evaluator"), rep)).size(), 2u);

  // another dealer's contact is a 404 and nothing is written
  auto outside = api().post(path(id, "/invitations"), {{"contact_ids", {boss, other_contact}}}, rep);
  EXPECT_EQ(outside.status, 404) << outside.raw;
  EXPECT_EQ(items_of(api().get(path(id, "/invitations"), am)).size(), 0u);
  auto invited = api().post(path(id, "/invitations"), {{"contact_ids", {boss, judge}}}, rep);
  ASSERT_EQ(invited.status, 201) << invited.raw;
  ASSERT_EQ(invited.body["items"].size(), 2u);
  // inviting again skips them
  auto twice = api().post(path(id, "/invitations"), {{"contact_ids", {boss}}}, rep);
  ASSERT_EQ(twice.status, 201);
  EXPECT_EQ(twice.body["items"].size(), 0u);
  EXPECT_EQ(items_of(api().get(path(id, "/candidates"), rep)).size(), 1u) << "the invited are no candidates";
  // the other dealer does not see the rep's invitations; the organiser sees all
  EXPECT_EQ(items_of(api().get(path(id, "/invitations"), other_rep)).size(), 0u);
  auto all = items_of(api().get(path(id, "/invitations"), am));
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0]["buying_role"], "decision_maker");
  json boss_invitation = all[0];
  std::string boss_path = path(id, "/invitations/" + std::to_string(boss_invitation["id"].get<int64_t>()));
  auto accepted =
      api().post(boss_path + "/respond", {{"version", boss_invitation["version"]}, {"response", "accepted"}}, rep);
  ASSERT_EQ(accepted.status, 200) << accepted.raw;
  EXPECT_EQ(api().post(boss_path + "/respond", {{"version", 1}, {"response", "maybe"}}, rep).status, 422);
  EXPECT_EQ(api().post(boss_path + "/check-in", json::object(), other_rep).status, 404);

  // before the day: no check-in; the day before, the reminder to the organiser and the inviter
  auto early = api().post(boss_path + "/check-in", json::object(), rep);
  EXPECT_EQ(early.status, 409);
  EXPECT_EQ(early.body["code"], "event.not_open");
  clock::pin(at("2026-05-12T09:00:00+08:00"));
  EXPECT_TRUE(
      reminder_kinds(rep.user_id, clock::now_ms()).count("event_soon:event:" + std::to_string(id) + ":tomorrow"));
  EXPECT_TRUE(
      reminder_kinds(am.user_id, clock::now_ms()).count("event_soon:event:" + std::to_string(id) + ":tomorrow"));
  EXPECT_TRUE(reminder_kinds(other_rep.user_id, clock::now_ms()).empty());

  // on the day: checked in once, twice is one attendance
  clock::pin(at("2026-05-13T10:00:00+08:00"));
  again({&am, &rep, &other_rep});
  auto in = api().post(boss_path + "/check-in", json::object(), am);
  ASSERT_EQ(in.status, 200) << in.raw;
  EXPECT_FALSE(in.body["attended_at"].is_null());
  clock::pin(at("2026-05-13T10:05:00+08:00"));
  auto in_again = api().post(boss_path + "/check-in", json::object(), rep);
  ASSERT_EQ(in_again.status, 200);
  EXPECT_EQ(in_again.body["attended_at"], in.body["attended_at"]);
  EXPECT_EQ(api().get(path(id), am).body["attended"], 1);

  // a lead at the event: registered with it as source (the channel must be exhibitions), approved,
  // converted and won
  json lead = registration_body(account, {{"event_id", id}, {"source_channel", "exhibitions"}, {"quantity", 6}});
  auto wrong_channel = api().post("/api/v1/registrations", registration_body(account, {{"event_id", id}}), rep);
  EXPECT_EQ(wrong_channel.status, 422) << wrong_channel.raw;
  auto reg = api().post("/api/v1/registrations", lead, rep);
  ASSERT_EQ(reg.status, 201) << reg.raw;
  EXPECT_EQ(reg.body["event_id"], id);
  auto approved = api().post("/api/v1/registrations/" + std::to_string(reg.body["id"].get<int64_t>()) + "/review",
                             {{"decision", "approve"}, {"authentic", true}, {"version", reg.body["version"]}}, am);
  ASSERT_EQ(approved.status, 200) << approved.raw;
  auto o = make_opportunity(
      rep, account, {{"registration_id", reg.body["id"]}, {"lines", {{{"vehicle_type", "command"}, {"quantity", 6}}}}});
  auto won = api().post("/api/v1/opportunities/" + std::to_string(o["id"].get<int64_t>()) + "/transitions",
                        {{"stage", "won"}, {"reason", "展会后单一来源采购"}, {"version", o["version"]}}, rep);
  ASSERT_EQ(won.status, 200) << won.raw;

  // ended on the 14th: on the 15th it waits for its cost on the organiser's home page
  clock::pin(at("2026-05-15T09:00:00+08:00"));
  again({&am, &rep, &other_rep});
  EXPECT_EQ(todo(am, "events_to_close"), 1);
  EXPECT_EQ(items_of(api().get("/api/v1/events?ended=true", am)).size(), 1u);
  EXPECT_EQ(todo(rep, "events_to_close"), -1);
  auto before_hold = api().get(path(id, "/results"), am);
  ASSERT_EQ(before_hold.status, 200) << before_hold.raw;
  EXPECT_TRUE(before_hold.body["cost_is_budget"]);
  auto held =
      api().post(path(id, "/hold"), {{"version", api().get(path(id), am).body["version"]}, {"cost_fen", 4800000}}, am);
  ASSERT_EQ(held.status, 200) << held.raw;
  EXPECT_EQ(held.body["status"], "held");
  EXPECT_EQ(todo(am, "events_to_close"), 0);

  auto results = api().get(path(id, "/results"), am);
  ASSERT_EQ(results.status, 200) << results.raw;
  EXPECT_EQ(results.body["invited"], 2);
  EXPECT_EQ(results.body["accepted"], 1);
  EXPECT_EQ(results.body["attended"], 1);
  EXPECT_EQ(results.body["attended_by_role"]["decision_maker"], 1);
  EXPECT_EQ(results.body["attended_by_role"]["evaluator"], 0);
  EXPECT_EQ(results.body["registrations"], 1);
  EXPECT_EQ(results.body["opportunities"], 1);
  EXPECT_EQ(results.body["won_opportunities"], 1);
  EXPECT_EQ(results.body["units_won"], 6);
  EXPECT_EQ(results.body["cost_fen"], 4800000);
  EXPECT_FALSE(results.body["cost_is_budget"]);
  EXPECT_EQ(results.body["cost_per_unit_won_fen"], 800000);
  // the other dealer's results hold nothing of the rep's
  auto theirs = api().get(path(id, "/results"), other_rep);
  EXPECT_EQ(theirs.body["invited"], 0);
  EXPECT_EQ(theirs.body["registrations"], 0);
  // a held event takes no more changes
  auto cancel = api().post(path(id, "/cancel"), {{"version", held.body["version"]}, {"reason", "x"}}, am);
  EXPECT_EQ(cancel.status, 409);
  EXPECT_EQ(cancel.body["code"], "event.state");
}

TEST_F(EventsApi, BadInputRolesAndScopeChangeNothing) {
  clock::pin(at("2026-06-01T09:00:00+08:00"));
  auto tree = make_tree("展会错");
  auto other = make_tree("展会外");
  auto am = person("ev2_am", "area_manager", tree.province);
  auto dm = person("ev2_dm", "dealer_manager", tree.dealer_a);
  auto outsider = person("ev2_out", "area_manager", other.province);
  auto body = event_body(tree.province, "2026-06-10", "2026-06-10");
  auto with = [&](json changes) {
    json b = body;
    for (auto& [k, v] : changes.items()) b[k] = v;
    return b;
  };
  struct Case {
    json body;
    std::string field;
  };
  std::vector<Case> cases = {
      {with({{"starts_on", "2026-05-30"}, {"ends_on", "2026-05-30"}}), "starts_on"},
      {with({{"ends_on", "2026-06-09"}}), "ends_on"},
      {with({{"ends_on", "2026-07-10"}}), "ends_on"},
      {with({{"vehicles", json::array()}}), "vehicles"},
      {with({{"vehicles", {"江铃 执法车", "江铃 执法车"}}}), "vehicles"},
      {with({{"budget_fen", -1}}), "budget_fen"},
      {with({{"kind", "party"}}), "kind"},
      {with({{"unit_id", other.province}}), "unit_id"},
      {with({{"title", ""}}), "title"},
      {with({{"colour", "red"}}), "colour"},
  };
  const int64_t events_before = count("events");
  for (const auto& c : cases) {
    auto r = api().post("/api/v1/events", c.body, am);
    EXPECT_EQ(r.status, 422) << c.body.dump() << ' ' << r.raw;
    bool named = false;
    for (const auto& e : r.body["errors"]) named = named || e["field"] == c.field;
    EXPECT_TRUE(named) << c.field << ' ' << r.raw;
  }
  EXPECT_EQ(count("events"), events_before);
  // a dealer manager plans a dealer's promotion event; the province's area manager sees it
  auto promo = api().post("/api/v1/events",
                          with({{"kind", "promotion"}, {"unit_id", tree.dealer_a}, {"title", "新车推介会"}}), dm);
  ASSERT_EQ(promo.status, 201) << promo.raw;
  int64_t id = promo.body["id"].get<int64_t>();
  EXPECT_EQ(api().get(path(id), am).status, 200);
  EXPECT_EQ(api().get(path(id), outsider).status, 404);
  EXPECT_EQ(api().get(path(id, "/results"), outsider).status, 404);
  EXPECT_EQ(api().post(path(id, "/invitations"), {{"contact_ids", {1}}}, outsider).status, 404);
  // edits: a stale version, another scope, a hold before it started
  auto edit = with({{"kind", "promotion"}, {"unit_id", tree.dealer_a}, {"title", "新车推介会（改期）"}});
  edit["version"] = 99;
  EXPECT_EQ(api().put(path(id), edit, dm).status, 409);
  edit["version"] = promo.body["version"];
  EXPECT_EQ(api().put(path(id), edit, outsider).status, 404);
  auto early = api().post(path(id, "/hold"), {{"version", promo.body["version"]}, {"cost_fen", 100}}, dm);
  EXPECT_EQ(early.status, 409);
  EXPECT_EQ(early.body["code"], "event.not_started");
  EXPECT_EQ(api().get(path(id), dm).body["title"], "新车推介会");
  // invitations: none, too many, not a list
  EXPECT_EQ(api().post(path(id, "/invitations"), {{"contact_ids", json::array()}}, dm).status, 422);
  EXPECT_EQ(api().post(path(id, "/invitations"), {{"contact_ids", "1,2"}}, dm).status, 422);
  json many = json::array();
  for (int i = 1; i <= 201; ++i) many.push_back(i);
  EXPECT_EQ(api().post(path(id, "/invitations"), {{"contact_ids", many}}, dm).status, 422);
  // list filters
  for (const std::string& q : std::vector<std::string>{
           "/api/v1/events?status=done", "/api/v1/events?kind=party", "/api/v1/events?from=2026-02-30",
           "/api/v1/events/" + std::to_string(id) + "/candidates?grade=gold",
           "/api/v1/events/" + std::to_string(id) + "/invitations?response=maybe"}) {
    auto r = api().get(q, dm);
    EXPECT_EQ(r.status, 422) << q << ' ' << r.raw;
  }
  // a registration naming an event it cannot see
  int64_t account = make_account(dm, tree.province_code);
  auto outsiders_event = api().post("/api/v1/events", event_body(other.province, "2026-06-10", "2026-06-10"), outsider);
  ASSERT_EQ(outsiders_event.status, 201);
  auto reg = api().post(
      "/api/v1/registrations",
      registration_body(account, {{"event_id", outsiders_event.body["id"]}, {"source_channel", "exhibitions"}}), dm);
  EXPECT_EQ(reg.status, 422) << reg.raw;
  // cancelled with a reason; then nothing more
  auto cancelled = api().post(path(id, "/cancel"), {{"version", promo.body["version"]}, {"reason", "场地冲突"}}, dm);
  ASSERT_EQ(cancelled.status, 200) << cancelled.raw;
  EXPECT_EQ(cancelled.body["status"], "cancelled");
  EXPECT_FALSE(cancelled.body["can_invite"]);
}
