// Visits and contacts with the customer (拜访/跟进) against the real server, on SQLite and
// PostgreSQL: a visit with its contacts and opportunity read back; every field's 422 with nothing
// written; scope (another dealer's account and visit are 404) and roles (403); its author's
// edits with versions and the account's last visit; the next steps' lifecycle and their
// open/due/overdue filters across a pinned clock; the buying centre's last meeting per role; the
// accounts not visited within their grade's days under HQ's rule; the home to-dos equal to the
// lists they link to; and the reminder source the notifications sweep reads.
#include <set>

#include "harness.h"
#include "modules/visits/reminders.h"
#include "modules/visits/store.h"
#include "platform/clock.h"
#include "platform/http/server.h"

using namespace fleetkam;
using namespace fleetkam::test;
using nlohmann::json;

namespace {

constexpr int64_t kDay = 86400000;
constexpr int64_t kHour = 3600000;

std::string at(int64_t ms) { return clock::format_rfc3339(ms); }
std::string id_path(const std::string& base, int64_t id) { return base + "/" + std::to_string(id); }

json visit_with(json j, const json& extra) {
  j.update(extra);
  return j;
}

}  // namespace

class VisitsApi : public ServerFixture {
 protected:
  void SetUp() override {
    if (built_) return;
    built_ = true;
    region_ = make_unit("region", unique("拜访大区"), 1);
    code_ = next_province_code();
    province_ = make_unit("province", unique("拜访省区"), region_, code_);
    dealer_a_ = make_unit("dealer", unique("拜访甲经销商"), province_);
    dealer_b_ = make_unit("dealer", unique("拜访乙经销商"), province_);
    rep_a_ = make_user(unique("v_rep_a"), "sales_rep", dealer_a_);
    rep_a2_ = make_user(unique("v_rep_a2"), "sales_rep", dealer_a_);
    manager_a_ = make_user(unique("v_dm_a"), "dealer_manager", dealer_a_);
    rep_b_ = make_user(unique("v_rep_b"), "sales_rep", dealer_b_);
    area_ = make_user(unique("v_am"), "area_manager", province_);
    director_ = make_user(unique("v_dir"), "ka_director", 1);
    executive_ = make_user(unique("v_exec"), "ka_executive", 1);
    account_a_ = make_account(rep_a_, code_, "拜访测试公安局");
    account_b_ = make_account(rep_b_, code_, "拜访测试法院");
    maker_ = contact(rep_a_, account_a_, "王局长", "decision_maker");
    evaluator_ = contact(rep_a_, account_a_, "李科长", "evaluator");
    finance_ = contact(rep_a_, account_a_, "张会计", "finance");
    other_contact_ = contact(rep_b_, account_b_, "赵庭长", "decision_maker");
    opportunity_a_ = make_opportunity(rep_a_, account_a_)["id"];
    opportunity_b_ = make_opportunity(rep_b_, account_b_)["id"];
  }
  void TearDown() override { clock::pin(std::nullopt); }

  int64_t contact(const Session& as, int64_t account, const std::string& name, const std::string& role) {
    auto r = api().post(id_path("/api/v1/accounts", account) + "/contacts",
                        {{"name", name}, {"title", "科长"}, {"buying_role", role}}, as);
    EXPECT_EQ(r.status, 201) << r.raw;
    return r.body.value("id", int64_t{0});
  }
  json body(int64_t account, const json& extra = json::object()) {
    return visit_with({{"account_id", account},
                       {"kind", "visit"},
                       {"occurred_at", at(clock::now_ms() - 2 * kHour)},
                       {"contact_ids", json::array()},
                       {"summary", "拜访装备财务处，了解明年执法车更新计划"}},
                      extra);
  }
  json log(const Session& as, const json& b) {
    auto r = api().post("/api/v1/visits", b, as);
    EXPECT_EQ(r.status, 201) << r.raw;
    return r.body;
  }
  // Every item of a list, page after page.
  json all(const std::string& path, const Session& as) {
    json out = json::array();
    std::string cursor;
    for (int page = 0; page < 100; ++page) {
      auto sep = path.find('?') == std::string::npos ? "?" : "&";
      auto r = api().get(path + sep + "limit=500" + (cursor.empty() ? "" : "&cursor=" + cursor), as);
      for (const auto& item : items_of(r)) out.push_back(item);
      if (r.status != 200 || r.body["next_cursor"].is_null()) break;
      cursor = r.body["next_cursor"];
    }
    return out;
  }
  json buying_centre(int64_t account, const Session& as) {
    auto r = api().get(id_path("/api/v1/accounts", account) + "/buying-centre", as);
    EXPECT_EQ(r.status, 200) << r.raw;
    return r.body;
  }
  json role_of(const json& centre, const std::string& role) {
    for (const auto& r : centre["roles"])
      if (r["role"] == role) return r;
    ADD_FAILURE() << "no role " << role;
    return json::object();
  }
  json todo(const Session& as, const std::string& code) {
    auto home = api().get("/api/v1/home", as);
    EXPECT_EQ(home.status, 200) << home.raw;
    for (const auto& t : home.body["todos"])
      if (t["code"] == code) return t;
    return json();
  }
  // The API list a to-do links to, as a path with its query.
  static std::string list_of(const json& todo) {
    std::string path = todo["list"]["path"];
    std::string sep = "?";
    for (const auto& [k, v] : todo["list"]["query"].items()) {
      path += sep + k + "=" + v.get<std::string>();
      sep = "&";
    }
    return path;
  }
  // A new dealer of the province with a sales rep, and its username (to sign in again).
  std::pair<int64_t, std::pair<std::string, Session>> fresh_dealer(const std::string& tag) {
    auto dealer = make_unit("dealer", unique(tag + "经销商"), province_);
    auto name = unique("v_" + std::to_string(dealer));
    return {dealer, {name, make_user(name, "sales_rep", dealer)}};
  }

  static inline bool built_ = false;
  static inline int64_t region_ = 0, province_ = 0, dealer_a_ = 0, dealer_b_ = 0;
  static inline std::string code_;
  static inline Session rep_a_, rep_a2_, manager_a_, rep_b_, area_, director_, executive_;
  static inline int64_t account_a_ = 0, account_b_ = 0, maker_ = 0, evaluator_ = 0, finance_ = 0, other_contact_ = 0;
  static inline int64_t opportunity_a_ = 0, opportunity_b_ = 0;
};

TEST_F(VisitsApi, LogsAVisitWithContactsAndAnOpportunityAndReadsItBack) {
  int64_t when = (clock::now_ms() - 3 * kHour) / 1000 * 1000;
  auto v = log(rep_a_, body(account_a_, {{"kind", "demo"},
                                         {"occurred_at", at(when)},
                                         {"opportunity_id", opportunity_a_},
                                         {"contact_ids", {evaluator_, maker_}},
                                         {"next_step", "送报价单给王局长"},
                                         {"next_step_due", day_from_today(3)}}));
  EXPECT_EQ(v["account_id"], account_a_);
  EXPECT_EQ(v["opportunity_id"], opportunity_a_);
  EXPECT_FALSE(v["opportunity_title"].is_null());
  EXPECT_EQ(v["user_id"], rep_a_.user_id);
  EXPECT_EQ(v["unit_id"], dealer_a_);
  EXPECT_EQ(v["kind"], "demo");
  EXPECT_EQ(v["occurred_at"], at(when));
  EXPECT_EQ(v["next_step_state"], "open");
  EXPECT_EQ(v["version"], 1);
  ASSERT_EQ(v["contacts"].size(), 2u);
  std::set<std::string> roles;
  for (const auto& k : v["contacts"]) roles.insert(k["buying_role"].get<std::string>());
  EXPECT_EQ(roles, (std::set<std::string>{"decision_maker", "evaluator"}));
  EXPECT_FALSE(v["user_name"].get<std::string>().empty());
  EXPECT_FALSE(v["account_name"].get<std::string>().empty());

  auto one = api().get(id_path("/api/v1/visits", v["id"]), rep_a_);
  ASSERT_EQ(one.status, 200) << one.raw;
  EXPECT_EQ(one.body, v);
  auto listed = items_of(api().get("/api/v1/visits?account_id=" + std::to_string(account_a_), rep_a_));
  ASSERT_FALSE(listed.empty());
  bool found = false;
  for (const auto& item : listed) found = found || item == v;
  EXPECT_TRUE(found);
  auto by_opportunity = items_of(api().get("/api/v1/visits?opportunity_id=" + std::to_string(opportunity_a_), rep_a_));
  ASSERT_FALSE(by_opportunity.empty());
  for (const auto& item : by_opportunity) EXPECT_EQ(item["opportunity_id"], opportunity_a_);
  // the account's last visit is at least this one
  auto centre = buying_centre(account_a_, rep_a_);
  EXPECT_GE(*clock::parse_rfc3339(centre["last_visit_at"]), when);
}

TEST_F(VisitsApi, EveryBadFieldIsA422NamingItAndNothingIsWritten) {
  auto visits = count("visits");
  auto links = count("visit_contacts");
  int64_t now = clock::now_ms();
  struct Case {
    json body;
    std::string field;
  };
  json no_kind = body(account_a_);
  no_kind.erase("kind");
  json no_summary = body(account_a_);
  no_summary.erase("summary");
  json no_time = body(account_a_);
  no_time.erase("occurred_at");
  json no_account = body(account_a_);
  no_account.erase("account_id");
  std::vector<Case> cases = {
      {no_account, "account_id"},
      {no_kind, "kind"},
      {body(account_a_, {{"kind", "lunch"}}), "kind"},
      {no_time, "occurred_at"},
      {body(account_a_, {{"occurred_at", "yesterday"}}), "occurred_at"},
      {body(account_a_, {{"occurred_at", at(now + kHour)}}), "occurred_at"},
      {body(account_a_, {{"occurred_at", at(now - 91 * kDay)}}), "occurred_at"},
      {no_summary, "summary"},
      {body(account_a_, {{"summary", "   "}}), "summary"},
      {body(account_a_, {{"summary", std::string(2001, 'x')}}), "summary"},
      {body(account_a_, {{"contact_ids", "1"}}), "contact_ids"},
      {body(account_a_, {{"contact_ids", {maker_, other_contact_}}}), "contact_ids[1]"},
      {body(account_a_, {{"contact_ids", {maker_, maker_}}}), "contact_ids[1]"},
      {body(account_a_, {{"contact_ids", {"x"}}}), "contact_ids[0]"},
      {body(account_a_, {{"opportunity_id", opportunity_b_}}), "opportunity_id"},
      {body(account_a_, {{"opportunity_id", 999999999}}), "opportunity_id"},
      {body(account_a_, {{"next_step", "回访"}}), "next_step_due"},
      {body(account_a_, {{"next_step_due", day_from_today(2)}}), "next_step"},
      {body(account_a_, {{"next_step", "回访"}, {"next_step_due", day_from_today(-2)}}), "next_step_due"},
      {body(account_a_, {{"next_step", "回访"}, {"next_step_due", "2023-02-30"}}), "next_step_due"},
      {body(account_a_, {{"next_step", "回访"}, {"next_step_due", day_from_today(400)}}), "next_step_due"},
      {body(account_a_, {{"next_step", std::string(501, 'x')}, {"next_step_due", day_from_today(2)}}), "next_step"},
      {body(account_a_, {{"mood", "good"}}), "mood"},
  };
  for (const auto& c : cases) {
    auto r = api().post("/api/v1/visits", c.body, rep_a_);
    EXPECT_EQ(r.status, 422) << c.field << ": " << r.raw;
    bool named = false;
    for (const auto& e : r.body.value("errors", json::array())) named = named || e["field"] == c.field;
    EXPECT_TRUE(named) << c.field << ": " << r.raw;
  }
  EXPECT_EQ(count("visits"), visits);
  EXPECT_EQ(count("visit_contacts"), links);
}

TEST_F(VisitsApi, ScopeIs404AndTheWrongRoleIs403) {
  auto v = log(rep_a_, body(account_a_, {{"contact_ids", {maker_}}}));
  auto visits = count("visits");
  // another dealer's account and visit do not exist for rep_b
  EXPECT_EQ(api().post("/api/v1/visits", body(account_a_), rep_b_).status, 404);
  EXPECT_EQ(api().get(id_path("/api/v1/visits", v["id"]), rep_b_).status, 404);
  EXPECT_EQ(api().patch(id_path("/api/v1/visits", v["id"]), {{"version", 1}, {"summary", "改"}}, rep_b_).status, 404);
  EXPECT_EQ(
      api().post(id_path("/api/v1/visits", v["id"]) + "/next-step", {{"version", 1}, {"done", true}}, rep_b_).status,
      404);
  EXPECT_EQ(api().get(id_path("/api/v1/accounts", account_a_) + "/buying-centre", rep_b_).status, 404);
  EXPECT_TRUE(items_of(api().get("/api/v1/visits?account_id=" + std::to_string(account_a_), rep_b_)).empty());
  for (const auto& item : items_of(api().get("/api/v1/visits", rep_b_))) EXPECT_NE(item["unit_id"], dealer_a_);
  // the province and HQ see it; a colleague too, but only its author changes it
  EXPECT_EQ(api().get(id_path("/api/v1/visits", v["id"]), area_).status, 200);
  EXPECT_EQ(api().get(id_path("/api/v1/visits", v["id"]), executive_).status, 200);
  EXPECT_EQ(api().get(id_path("/api/v1/visits", v["id"]), rep_a2_).status, 200);
  auto other = api().patch(id_path("/api/v1/visits", v["id"]), {{"version", 1}, {"summary", "改"}}, rep_a2_);
  EXPECT_EQ(other.status, 403) << other.raw;
  EXPECT_EQ(api()
                .post(id_path("/api/v1/visits", v["id"]) + "/next-step", {{"version", 1}, {"done", true}}, manager_a_)
                .status,
            403);
  // roles that do not log visits: the KA executive and the admin
  EXPECT_EQ(api().post("/api/v1/visits", body(account_a_), executive_).status, 403);
  EXPECT_EQ(api().post("/api/v1/visits", body(account_a_), admin()).status, 403);
  // managers above the dealer log visits on its accounts
  EXPECT_EQ(api().post("/api/v1/visits", body(account_a_), area_).status, 201);
  EXPECT_EQ(api().post("/api/v1/visits", body(account_a_), manager_a_).status, 201);
  EXPECT_EQ(count("visits"), visits + 2);
  // HQ's rules: only the KA director (and admins) change them
  EXPECT_EQ(api().put("/api/v1/visit-rules", {{"rules", {{"key", 10}}}}, rep_a_).status, 403);
  EXPECT_EQ(api().put("/api/v1/visit-rules", {{"rules", {{"key", 10}}}}, area_).status, 403);
  EXPECT_EQ(api().get("/api/v1/visit-rules", rep_a_).status, 200);
}

TEST_F(VisitsApi, ItsAuthorEditsItWithVersionsAndTheAccountsLastVisitFollows) {
  auto account = make_account(rep_a_, code_, "拜访编辑测试局");
  auto contact_id = contact(rep_a_, account, "钱处长", "user");
  int64_t now = clock::now_ms();
  auto v = log(rep_a_, body(account, {{"occurred_at", at(now - kHour)}}));
  EXPECT_EQ(buying_centre(account, rep_a_)["last_visit_at"], at(now - kHour));
  std::string path = id_path("/api/v1/visits", v["id"]);
  auto changed = api().patch(path,
                             {{"version", 1},
                              {"summary", "电话确认参数"},
                              {"kind", "call"},
                              {"occurred_at", at(now - 3 * kDay)},
                              {"contact_ids", {contact_id}}},
                             rep_a_);
  ASSERT_EQ(changed.status, 200) << changed.raw;
  EXPECT_EQ(changed.body["version"], 2);
  EXPECT_EQ(changed.body["summary"], "电话确认参数");
  EXPECT_EQ(changed.body["kind"], "call");
  ASSERT_EQ(changed.body["contacts"].size(), 1u);
  EXPECT_EQ(changed.body["contacts"][0]["buying_role"], "user");
  // moved back three days: the account's last visit is recomputed, not kept at the later time
  EXPECT_EQ(buying_centre(account, rep_a_)["last_visit_at"], at(now - 3 * kDay));
  EXPECT_EQ(api().patch(path, {{"version", 1}, {"summary", "旧版本"}}, rep_a_).status, 409);
  // unchanged: the same version
  auto same = api().patch(path, {{"version", 2}, {"summary", "电话确认参数"}}, rep_a_);
  ASSERT_EQ(same.status, 200) << same.raw;
  EXPECT_EQ(same.body["version"], 2);
  // bad values on PATCH: 422 and nothing changes
  EXPECT_EQ(api().patch(path, {{"version", 2}, {"account_id", account_a_}}, rep_a_).status, 422);
  EXPECT_EQ(api().patch(path, {{"version", 2}, {"summary", ""}}, rep_a_).status, 422);
  EXPECT_EQ(api().patch(path, {{"version", 2}, {"next_step", "回访"}}, rep_a_).status, 422);
  EXPECT_EQ(api().patch(path, {{"version", 2}, {"contact_ids", {maker_}}}, rep_a_).status, 422);
  EXPECT_EQ(api().get(path, rep_a_).body["version"], 2);
  // a next step added, then cleared with null
  auto step = api().patch(path, {{"version", 2}, {"next_step", "回访"}, {"next_step_due", day_from_today(1)}}, rep_a_);
  ASSERT_EQ(step.status, 200) << step.raw;
  EXPECT_EQ(step.body["next_step_state"], "open");
  auto cleared = api().patch(path, {{"version", 3}, {"next_step", nullptr}}, rep_a_);
  ASSERT_EQ(cleared.status, 200) << cleared.raw;
  EXPECT_TRUE(cleared.body["next_step"].is_null());
  EXPECT_TRUE(cleared.body["next_step_due"].is_null());
  EXPECT_EQ(cleared.body["next_step_state"], "none");
}

TEST_F(VisitsApi, NextStepsAreTheAuthorsToDoListFilteredByDueDayAcrossAPinnedClock) {
  auto fresh = fresh_dealer("待办");
  const std::string username = fresh.second.first;
  const Session rep = fresh.second.second;
  auto account = make_account(rep, code_, "待办测试局");
  int64_t now = clock::now_ms();
  auto later = log(rep, body(account, {{"next_step", "送样车试驾"}, {"next_step_due", day_from_today(1)}}));
  auto today = log(rep, body(account, {{"next_step", "提交方案"}, {"next_step_due", day_from_today(0)}}));
  auto overdue = log(rep, body(account, {{"occurred_at", at(now - 5 * kDay)},
                                         {"next_step", "约财务处长"},
                                         {"next_step_due", day_from_today(-2)}}));
  log(rep, body(account));  // no next step: never on the list
  auto ids = [&](const std::string& status, const Session& as) {
    std::vector<int64_t> out;
    for (const auto& item : all("/api/v1/next-steps?status=" + status, as)) out.push_back(item["id"]);
    return out;
  };
  EXPECT_EQ(ids("open", rep), (std::vector<int64_t>{overdue["id"], today["id"], later["id"]}));
  EXPECT_EQ(ids("due", rep), (std::vector<int64_t>{overdue["id"], today["id"]}));
  EXPECT_EQ(ids("overdue", rep), (std::vector<int64_t>{overdue["id"]}));
  EXPECT_TRUE(ids("open", rep_a_).size() < 100);  // another person's list holds none of these
  for (auto id : ids("open", rep_a_)) EXPECT_NE(id, today["id"]);
  EXPECT_EQ(api().get("/api/v1/next-steps?status=late", rep).status, 422);
  // paging by due date
  auto first = api().get("/api/v1/next-steps?limit=2", rep);
  ASSERT_EQ(first.status, 200);
  ASSERT_EQ(first.body["items"].size(), 2u);
  auto second = api().get("/api/v1/next-steps?limit=2&cursor=" + first.body["next_cursor"].get<std::string>(), rep);
  ASSERT_EQ(items_of(second).size(), 1u);
  EXPECT_EQ(second.body["items"][0]["id"], later["id"]);
  EXPECT_TRUE(second.body["next_cursor"].is_null());
  // the home to-do equals the list it links to
  auto t = todo(rep, "next_steps_due");
  ASSERT_TRUE(t.is_object());
  EXPECT_EQ(t["count"], 2);
  EXPECT_EQ(t["link"]["path"], "/next-steps");
  EXPECT_EQ(all(list_of(t), rep).size(), 2u);
  // the state of each on the visit itself
  EXPECT_EQ(api().get(id_path("/api/v1/visits", overdue["id"]), rep).body["next_step_state"], "overdue");
  EXPECT_EQ(api().get(id_path("/api/v1/visits", today["id"]), rep).body["next_step_state"], "due");

  // done, and open again; stale versions and a visit without a next step are 409
  std::string step = id_path("/api/v1/visits", today["id"]) + "/next-step";
  auto done = api().post(step, {{"version", 1}, {"done", true}}, rep);
  ASSERT_EQ(done.status, 200) << done.raw;
  EXPECT_EQ(done.body["next_step_state"], "done");
  EXPECT_FALSE(done.body["next_step_done_at"].is_null());
  EXPECT_EQ(ids("due", rep), (std::vector<int64_t>{overdue["id"]}));
  EXPECT_EQ(todo(rep, "next_steps_due")["count"], 1);
  EXPECT_EQ(api().post(step, {{"version", 1}, {"done", false}}, rep).status, 409);
  auto reopened = api().post(step, {{"version", 2}, {"done", false}}, rep);
  ASSERT_EQ(reopened.status, 200) << reopened.raw;
  EXPECT_EQ(reopened.body["next_step_state"], "due");
  auto none = log(rep, body(account));
  auto no_step =
      api().post(id_path("/api/v1/visits", none["id"]) + "/next-step", {{"version", 1}, {"done", true}}, rep);
  EXPECT_EQ(no_step.status, 409);
  EXPECT_EQ(no_step.body["code"], "visit.no_next_step");
  EXPECT_EQ(api().post(step, {{"version", 3}}, rep).status, 422);

  // the reminder source: one per open next step due today or before, for its author
  auto reminders_of = [&](int64_t moment) {
    std::map<std::string, notifications::Reminder> mine;
    app_->database().read([&](db::Connection& c) {
      for (auto& r : visits::next_step_reminders(c, moment))
        if (r.user_id == rep.user_id) mine[r.key] = r;
    });
    return mine;
  };
  auto key = [](const json& v) {
    return "next_step:" + std::to_string(v["id"].get<int64_t>()) + ":" + v["next_step_due"].get<std::string>();
  };
  auto reminders = reminders_of(clock::now_ms());
  ASSERT_EQ(reminders.size(), 2u);
  ASSERT_TRUE(reminders.count(key(today)));
  ASSERT_TRUE(reminders.count(key(overdue)));
  EXPECT_EQ(reminders[key(today)].kind, "next_step_due");
  EXPECT_NE(reminders[key(today)].title.find("今天到期"), std::string::npos);
  EXPECT_NE(reminders[key(overdue)].title.find("逾期"), std::string::npos);
  EXPECT_EQ(reminders[key(overdue)].link, "/accounts/" + std::to_string(account) + "?tab=visits");

  // two days on: tomorrow's is overdue too (sign in again: the sessions idled past 8 hours)
  clock::pin(now + 2 * kDay);
  auto again = api().login(username, kPassword);
  EXPECT_EQ(ids("overdue", again), (std::vector<int64_t>{overdue["id"], today["id"], later["id"]}));
  EXPECT_EQ(todo(again, "next_steps_due")["count"], 3);
  EXPECT_EQ(reminders_of(clock::now_ms()).size(), 3u);
  auto done_later =
      api().post(id_path("/api/v1/visits", later["id"]) + "/next-step", {{"version", 1}, {"done", true}}, again);
  ASSERT_EQ(done_later.status, 200) << done_later.raw;
  EXPECT_EQ(ids("due", again), (std::vector<int64_t>{overdue["id"], today["id"]}));
  EXPECT_EQ(reminders_of(clock::now_ms()).count(key(later)), 0u);
  clock::pin(std::nullopt);
  admin_ = api().login("admin", kAdminPassword);
}

TEST_F(VisitsApi, TheBuyingCentreShowsWhenEachRoleWasLastMet) {
  auto account = make_account(rep_a_, code_, "购买中心测试局", {{"grade", "key"}});
  auto maker = contact(rep_a_, account, "孙局长", "decision_maker");
  auto deputy = contact(rep_a_, account, "周副局长", "decision_maker");
  auto user = contact(rep_a_, account, "吴队长", "user");
  contact(rep_a_, account, "郑会计", "finance");
  auto empty = buying_centre(account, rep_a_);
  EXPECT_TRUE(empty["last_visit_at"].is_null());
  EXPECT_TRUE(empty["overdue"]);  // a key account never visited
  EXPECT_EQ(empty["max_days"], 14);
  EXPECT_EQ(empty["grade"], "key");
  ASSERT_EQ(empty["roles"].size(), 6u);
  EXPECT_EQ(empty["roles"][0]["role"], "user");
  EXPECT_EQ(empty["roles"][5]["role"], "finance");
  int64_t now = clock::now_ms();
  log(rep_a_, body(account, {{"occurred_at", at(now - 10 * kDay)}, {"contact_ids", {maker, user}}}));
  log(area_, body(account, {{"occurred_at", at(now - 4 * kDay)}, {"contact_ids", {deputy}}}));
  log(rep_a_, body(account, {{"occurred_at", at(now - 2 * kDay)}, {"contact_ids", json::array()}}));
  auto centre = buying_centre(account, rep_a_);
  EXPECT_EQ(centre["last_visit_at"], at(now - 2 * kDay));
  EXPECT_EQ(centre["days_since_visit"], 2);
  EXPECT_FALSE(centre["overdue"]);
  auto makers = role_of(centre, "decision_maker");
  EXPECT_EQ(makers["last_met_at"], at(now - 4 * kDay));  // the latest of its two contacts
  ASSERT_EQ(makers["contacts"].size(), 2u);
  for (const auto& k : makers["contacts"]) EXPECT_EQ(k["last_met_at"], at(now - (k["id"] == maker ? 10 : 4) * kDay));
  EXPECT_EQ(role_of(centre, "user")["last_met_at"], at(now - 10 * kDay));
  EXPECT_TRUE(role_of(centre, "finance")["last_met_at"].is_null());
  EXPECT_TRUE(role_of(centre, "finance")["contacts"][0]["last_met_at"].is_null());
  EXPECT_TRUE(role_of(centre, "operator")["contacts"].empty());
  EXPECT_EQ(api().get("/api/v1/accounts/999999999/buying-centre", rep_a_).status, 404);
}

TEST_F(VisitsApi, AccountsNotVisitedWithinTheirGradesDaysAreListedOldestFirst) {
  const Session rep = fresh_dealer("超期").second.second;
  auto rep_other = fresh_dealer("超期乙").second.second;
  int64_t now = clock::now_ms();
  auto key_never = make_account(rep, code_, "超期重点从未", {{"grade", "key"}});
  auto key_20 = make_account(rep, code_, "超期重点二十天", {{"grade", "key"}});
  auto key_today = make_account(rep, code_, "超期重点今天", {{"grade", "key"}});
  auto secondary_20 = make_account(rep, code_, "超期次重点二十天", {{"grade", "secondary"}});
  auto secondary_40 = make_account(rep, code_, "超期次重点四十天", {{"grade", "secondary"}});
  auto potential_never = make_account(rep, code_, "超期潜力从未", {{"grade", "potential"}});
  log(rep, body(key_20, {{"occurred_at", at(now - 20 * kDay)}}));
  log(rep, body(key_today, {{"occurred_at", at(now - kHour)}}));
  log(rep, body(secondary_20, {{"occurred_at", at(now - 20 * kDay)}}));
  log(rep, body(secondary_40, {{"occurred_at", at(now - 40 * kDay)}}));
  auto ids = [&](const std::string& query, const Session& as) {
    std::vector<int64_t> out;
    for (const auto& item : all("/api/v1/unvisited-accounts" + query, as)) out.push_back(item["id"]);
    return out;
  };
  // never visited first (by id), then the longest since: 40 days, then 20 days
  EXPECT_EQ(ids("", rep), (std::vector<int64_t>{key_never, potential_never, secondary_40, key_20}));
  EXPECT_EQ(ids("?grade=key", rep), (std::vector<int64_t>{key_never, key_20}));
  EXPECT_EQ(ids("?grade=secondary,potential", rep), (std::vector<int64_t>{potential_never, secondary_40}));
  EXPECT_EQ(api().get("/api/v1/unvisited-accounts?grade=vip", rep).status, 422);
  auto page = all("/api/v1/unvisited-accounts?grade=key", rep);
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[1]["days_since_visit"], 20);
  EXPECT_EQ(page[1]["max_days"], 14);
  EXPECT_TRUE(page[0]["last_visit_at"].is_null());
  // paging one by one walks the same order
  std::vector<int64_t> walked;
  std::string cursor;
  for (int i = 0; i < 10; ++i) {
    auto r = api().get("/api/v1/unvisited-accounts?limit=1" + (cursor.empty() ? "" : "&cursor=" + cursor), rep);
    for (const auto& item : items_of(r)) walked.push_back(item["id"]);
    if (r.body["next_cursor"].is_null()) break;
    cursor = r.body["next_cursor"];
  }
  EXPECT_EQ(walked, ids("", rep));
  // another dealer sees none of them; the province sees them all
  EXPECT_TRUE(ids("", rep_other).empty());
  auto province_list = ids("", area_);
  for (auto id : {key_never, potential_never, secondary_40, key_20})
    EXPECT_NE(std::find(province_list.begin(), province_list.end(), id), province_list.end());
  // the province's other plan, walking each grade's index in order, lists the same, page by page
  auto cap = visits::store::unvisited_probe_cap();
  visits::store::unvisited_probe_cap() = 1;
  std::vector<int64_t> walked_province;
  cursor.clear();
  for (int i = 0; i < 100; ++i) {
    auto r = api().get("/api/v1/unvisited-accounts?limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor), area_);
    for (const auto& item : items_of(r)) walked_province.push_back(item["id"]);
    if (r.body["next_cursor"].is_null()) break;
    cursor = r.body["next_cursor"];
  }
  visits::store::unvisited_probe_cap() = cap;
  EXPECT_EQ(walked_province, province_list);
  // the home to-do equals its list, for the rep and the province
  for (const Session* as : std::initializer_list<const Session*>{&rep, &area_}) {
    auto t = todo(*as, "accounts_unvisited");
    ASSERT_TRUE(t.is_object());
    EXPECT_EQ(t["link"]["path"], "/unvisited-accounts");
    EXPECT_EQ(t["count"].get<size_t>(), all(list_of(t), *as).size());
  }
  EXPECT_EQ(todo(rep, "accounts_unvisited")["count"], 4);
  // HQ's rule: key accounts every 30 days, secondary every 45: the 20- and 40-day ones are in time
  auto bad = api().put("/api/v1/visit-rules", {{"rules", {{"key", 0}, {"vip", 3}, {"potential", 366}}}}, director_);
  EXPECT_EQ(bad.status, 422) << bad.raw;
  EXPECT_EQ(bad.body["errors"].size(), 3u);
  EXPECT_EQ(api().put("/api/v1/visit-rules", {{"rules", {{"key", "30"}}}}, director_).status, 422);
  EXPECT_EQ(api().put("/api/v1/visit-rules", {{"rules", json::object()}}, director_).status, 422);
  EXPECT_EQ(api().get("/api/v1/visit-rules", rep).body["items"][0]["max_days"], 14);
  auto set = api().put("/api/v1/visit-rules", {{"rules", {{"key", 30}, {"secondary", 45}}}}, director_);
  ASSERT_EQ(set.status, 200) << set.raw;
  EXPECT_EQ(set.body["items"][0]["grade"], "key");
  EXPECT_EQ(set.body["items"][0]["max_days"], 30);
  EXPECT_FALSE(set.body["items"][0]["updated_by_name"].is_null());
  EXPECT_EQ(set.body["items"][2]["max_days"], 60);
  EXPECT_EQ(ids("", rep), (std::vector<int64_t>{key_never, potential_never}));
  EXPECT_EQ(todo(rep, "accounts_unvisited")["count"], 2);
  EXPECT_FALSE(buying_centre(key_20, rep)["overdue"]);
  auto restored = api().put("/api/v1/visit-rules", {{"rules", {{"key", 14}, {"secondary", 30}}}}, director_);
  ASSERT_EQ(restored.status, 200) << restored.raw;
  EXPECT_TRUE(buying_centre(key_20, rep)["overdue"]);
  // a visit takes an account off the list
  log(rep, body(key_never));
  EXPECT_EQ(ids("?grade=key", rep), (std::vector<int64_t>{key_20}));
}

TEST_F(VisitsApi, TheListIsNewestFirstWithFiltersAndPages) {
  auto account = make_account(rep_a_, code_, "列表测试局");
  int64_t now = clock::now_ms();
  auto oldest = log(rep_a_, body(account, {{"occurred_at", at(now - 3 * kDay)}}));
  auto middle = log(area_, body(account, {{"occurred_at", at(now - 2 * kDay)}}));
  auto newest = log(rep_a_, body(account, {{"occurred_at", at(now - kDay)}}));
  std::string base = "/api/v1/visits?account_id=" + std::to_string(account);
  auto first = api().get(base + "&limit=2", rep_a_);
  ASSERT_EQ(items_of(first).size(), 2u);
  EXPECT_EQ(first.body["items"][0]["id"], newest["id"]);
  EXPECT_EQ(first.body["items"][1]["id"], middle["id"]);
  auto second = api().get(base + "&limit=2&cursor=" + first.body["next_cursor"].get<std::string>(), rep_a_);
  ASSERT_EQ(items_of(second).size(), 1u);
  EXPECT_EQ(second.body["items"][0]["id"], oldest["id"]);
  EXPECT_TRUE(second.body["next_cursor"].is_null());
  auto mine = items_of(api().get(base + "&user_id=" + std::to_string(area_.user_id), rep_a_));
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0]["id"], middle["id"]);
  auto day = [&](int64_t ms) { return at(ms).substr(0, 10); };
  auto ranged = items_of(api().get(base + "&from=" + day(now - 3 * kDay) + "&to=" + day(now - 3 * kDay), rep_a_));
  ASSERT_EQ(ranged.size(), 1u);
  EXPECT_EQ(ranged[0]["id"], oldest["id"]);
  EXPECT_EQ(api().get(base + "&from=2023-13-01", rep_a_).status, 422);
  EXPECT_EQ(api().get(base + "&from=2023-05-02&to=2023-05-01", rep_a_).status, 422);
  EXPECT_EQ(api().get(base + "&cursor=abc", rep_a_).status, 422);
  EXPECT_EQ(api().get("/api/v1/visits/999999999", rep_a_).status, 404);
}

// A cursor's sort value one past the largest 64-bit integer was read into a signed overflow (found
// reading the code behind the random-request test): it is a 422 like any other cursor the list
// never gave out, on the visits list and the next steps alike.
TEST_F(VisitsApi, ACursorPastTheLargestNumberIsRefused) {
  auto unit = make_unit("region", unique("游标大区"), 1);
  auto director = make_user(unique("cursor_rd"), "regional_director", unit);
  for (const char* value : {"9223372036854775808", "99999999999999999999", "9223372036854775807"}) {
    std::string cursor = http::encode_cursor(value, 1);
    auto visits = api().get("/api/v1/visits?cursor=" + cursor, director);
    auto next = api().get("/api/v1/next-steps?cursor=" + cursor, director);
    if (std::string(value) == "9223372036854775807") {  // the largest is a number: an empty page
      EXPECT_EQ(visits.status, 200) << visits.raw;
      continue;
    }
    EXPECT_EQ(visits.status, 422) << value << ": " << visits.raw;
    EXPECT_EQ(visits.body["errors"][0]["field"], "cursor");
    EXPECT_EQ(next.status, 422) << value << ": " << next.raw;
  }
}
