// Calendar reports (issue 13) against the real server, on SQLite and PostgreSQL, with the clock
// moved across a Saturday midnight and a month end in China time: the weekly tracking table
// prefilled with the person's key accounts and carried over week to week; drafts, submission,
// a late submission accepted and marked, missing ones, a second submission of the same revision
// refused, corrections as new revisions; the monthly statistics table checked against the
// system's figures and the summary's sections; HQ moving a deadline; the overdue board; comments;
// the .xlsx export; scope (404) and roles (403); the home to-dos equal to their lists; and the
// reminders the sweep reads.
#include <set>

#include "harness.h"
#include "modules/reports/service.h"
#include "platform/clock.h"

using namespace fleetkam;
using namespace fleetkam::test;
using nlohmann::json;

namespace {

std::string path(int64_t id) { return "/api/v1/reports/" + std::to_string(id); }

// The judgements for every row of a weekly table's content.
json judged(const json& content, int64_t probability = 60) {
  json rows = json::array();
  for (const auto& row : content["rows"]) {
    rows.push_back({{"account_id", row["account_id"]},
                    {"deal_probability", probability},
                    {"value_analysis", "high"},
                    {"difficulty", "medium"},
                    {"authenticity", "confirmed"},
                    {"note", "本周已拜访装备处"}});
  }
  return rows;
}

}  // namespace

class ReportsApi : public ServerFixture {
 protected:
  void TearDown() override { clock::pin(std::nullopt); }

  struct People {
    Tree tree;
    std::string rep_a_name, rep_b_name, rep_c_name, dm_name, am_name, other_am_name, director_name;
    Session rep_a, rep_b, rep_c, dm, am, other_am, director;
  };

  // A province with two dealers: reps A and B and a dealer manager at dealer A, rep C at dealer B;
  // the province's area manager, another province's, and HQ's KA director.
  People people(const std::string& tag) {
    People p;
    p.tree = make_tree(tag);
    auto other = make_tree(tag + "外");
    auto user = [&](std::string& name, Session& session, const std::string& prefix, const std::string& role,
                    int64_t unit) {
      name = unique(prefix);
      session = make_user(name, role, unit);
    };
    user(p.rep_a_name, p.rep_a, "rp_a", "sales_rep", p.tree.dealer_a);
    user(p.rep_b_name, p.rep_b, "rp_b", "sales_rep", p.tree.dealer_a);
    user(p.rep_c_name, p.rep_c, "rp_c", "sales_rep", p.tree.dealer_b);
    user(p.dm_name, p.dm, "rp_dm", "dealer_manager", p.tree.dealer_a);
    user(p.am_name, p.am, "rp_am", "area_manager", p.tree.province);
    user(p.other_am_name, p.other_am, "rp_am2", "area_manager", other.province);
    user(p.director_name, p.director, "rp_dir", "ka_director", 1);
    return p;
  }

  // Signs everyone in again (after the clock moved past the 8-hour idle expiry).
  void sign_in_again(People& p) {
    p.rep_a = api().login(p.rep_a_name, kPassword);
    p.rep_b = api().login(p.rep_b_name, kPassword);
    p.rep_c = api().login(p.rep_c_name, kPassword);
    p.dm = api().login(p.dm_name, kPassword);
    p.am = api().login(p.am_name, kPassword);
    p.other_am = api().login(p.other_am_name, kPassword);
    p.director = api().login(p.director_name, kPassword);
  }

  // The caller's own report of `kind` for `period`.
  json mine(const Session& as, const std::string& kind, const std::string& period) {
    auto r =
        api().get("/api/v1/reports?kind=" + kind + "&period=" + period + "&user_id=" + std::to_string(as.user_id), as);
    EXPECT_EQ(r.status, 200) << r.raw;
    if (r.status != 200 || r.body["items"].size() != 1) {
      ADD_FAILURE() << "expected one report: " << r.raw;
      return json::object();
    }
    return r.body["items"][0];
  }

  json get(int64_t id, const Session& as) {
    auto r = api().get(path(id), as);
    EXPECT_EQ(r.status, 200) << r.raw;
    return r.body;
  }
};

TEST_F(ReportsApi, WeeklyTableLifecycleAcrossSaturdayMidnight) {
  clock::pin(at("2025-03-15T20:00:00+08:00"));  // a Saturday evening in China
  auto p = people("周报");
  int64_t key_1 = make_account(p.rep_a, "510104", "成都市公安局");
  // rep A's key accounts: one assigned to them, one where they run an open opportunity
  int64_t key_2 = make_account(p.rep_a, "510107", "成都市公安局武侯区分局", {{"owner_user_id", p.rep_a.user_id}});
  make_account(p.rep_a, "510104", "成都市卫生健康委员会", {{"grade", "secondary"}});
  make_account(p.rep_c, "510104", "成都市交通运输局");  // dealer B's
  make_opportunity(p.rep_a, key_1,
                   {{"probability", 35}, {"value", "high"}, {"difficulty", "low"}, {"expected_date", "2025-05-20"}});

  auto report = mine(p.rep_a, "weekly_tracking", "2025-W11");
  ASSERT_TRUE(report.contains("id"));
  EXPECT_EQ(report["status"], "open");
  EXPECT_EQ(report["due_at"], "2025-03-16T00:00:00+08:00");
  EXPECT_EQ(report["revision"], 0);
  EXPECT_EQ(report["unit_id"], p.tree.dealer_a);
  int64_t id = report["id"];

  // prefilled: the two key accounts of rep A (not the secondary one, not dealer B's)
  auto detail = get(id, p.rep_a);
  EXPECT_EQ(detail["content_source"], "prefill");
  EXPECT_TRUE(detail["editable"].get<bool>());
  std::set<int64_t> accounts;
  for (const auto& row : detail["content"]["rows"]) accounts.insert(row["account_id"].get<int64_t>());
  EXPECT_EQ(accounts, (std::set<int64_t>{key_1, key_2}));
  for (const auto& row : detail["content"]["rows"]) {
    EXPECT_FALSE(row["carried"].get<bool>());
    if (row["account_id"] == key_1) {
      EXPECT_EQ(row["deal_probability"], 35) << "from the account's open opportunity";
      EXPECT_EQ(row["value_analysis"], "high");
      EXPECT_EQ(row["open_opportunities"], 1);
      EXPECT_TRUE(row["authenticity"].is_null()) << "authenticity is the person's call";
      ASSERT_EQ(row["moves"].size(), 1U) << "the opportunity created this week is a move";
    }
  }
  int64_t version = detail["version"];
  auto rows = judged(detail["content"]);

  // bad input: 422 naming the cell, nothing changes
  auto bad = rows;
  bad[0]["deal_probability"] = 120;
  bad[1]["difficulty"] = "extreme";
  auto r = api().post(path(id) + "/submit", {{"version", version}, {"rows", bad}}, p.rep_a);
  ASSERT_EQ(r.status, 422) << r.raw;
  std::set<std::string> fields;
  for (const auto& e : r.body["errors"]) fields.insert(e["field"].get<std::string>());
  EXPECT_EQ(fields, (std::set<std::string>{"rows[0].deal_probability", "rows[1].difficulty"}));
  r = api().post(path(id) + "/submit", {{"version", version}, {"rows", json::array({rows[0]})}}, p.rep_a);
  EXPECT_EQ(r.status, 422) << "a key account left out";
  r = api().post(path(id) + "/submit", {{"version", version}, {"rows", rows}, {"colour", "red"}}, p.rep_a);
  EXPECT_EQ(r.status, 422);
  r = api().post(path(id) + "/submit", {{"version", version + 7}, {"rows", rows}}, p.rep_a);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(get(id, p.rep_a)["revision"], 0);

  // roles and scope: the dealer manager reads but does not submit; dealer B and another province see nothing
  EXPECT_EQ(api().post(path(id) + "/submit", {{"version", version}, {"rows", rows}}, p.dm).status, 403);
  EXPECT_EQ(api().get(path(id), p.dm).status, 200);
  EXPECT_EQ(api().get(path(id), p.am).status, 200);
  EXPECT_EQ(api().get(path(id), p.rep_b).status, 404) << "a colleague's table is not a rep's to read";
  EXPECT_EQ(api().get(path(id), p.rep_c).status, 404);
  EXPECT_EQ(api().get(path(id), p.other_am).status, 404);
  EXPECT_EQ(api().post(path(id) + "/submit", {{"version", version}, {"rows", rows}}, p.rep_c).status, 404);
  EXPECT_EQ(api().get(path(id) + "/export", p.other_am).status, 404);

  // a draft keeps the judgements without submitting
  auto draft_rows = rows;
  draft_rows[0]["deal_probability"] = 45;
  r = api().post(path(id) + "/draft", {{"version", version}, {"rows", draft_rows}}, p.rep_a);
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["content_source"], "draft");
  EXPECT_EQ(r.body["status"], "open");
  EXPECT_EQ(r.body["content"]["rows"][0]["deal_probability"], 45);
  EXPECT_EQ(get(id, p.am)["content_source"], "prefill") << "a draft is the person's own until submitted";
  version = r.body["version"];

  // a reviewer cannot comment before submission
  EXPECT_EQ(api().post(path(id) + "/comments", {{"body", "请补充拜访记录"}}, p.am).status, 409);

  // submitted in time at 23:30 Saturday
  clock::pin(at("2025-03-15T23:30:00+08:00"));
  r = api().post(path(id) + "/submit", {{"version", version}, {"rows", draft_rows}}, p.rep_a);
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["status"], "submitted");
  EXPECT_EQ(r.body["revision"], 1);
  EXPECT_EQ(r.body["submitted_at"], "2025-03-15T23:30:00+08:00");
  EXPECT_EQ(r.body["content_source"], "revision");
  // the same revision again (a double click): refused
  EXPECT_EQ(api().post(path(id) + "/submit", {{"version", version}, {"rows", draft_rows}}, p.rep_a).status, 409);
  version = r.body["version"];

  // Sunday 00:01 in China: rep B's table is missing; rep B submits late, accepted and marked
  clock::pin(at("2025-03-16T00:01:00+08:00"));
  auto b = mine(p.rep_b, "weekly_tracking", "2025-W11");
  EXPECT_EQ(b["status"], "missing");
  auto missing = api().get(
      "/api/v1/reports?kind=weekly_tracking&period=2025-W11&status=missing&unit_id=" + std::to_string(p.tree.province),
      p.am);
  ASSERT_EQ(missing.status, 200);
  std::set<int64_t> late_people;
  for (const auto& item : missing.body["items"]) late_people.insert(item["user_id"].get<int64_t>());
  EXPECT_TRUE(late_people.contains(p.rep_b.user_id));
  EXPECT_FALSE(late_people.contains(p.rep_a.user_id));

  auto board = api().get("/api/v1/report-board?kind=weekly_tracking&period=2025-W11", p.am);
  ASSERT_EQ(board.status, 200) << board.raw;
  EXPECT_EQ(board.body["unit"]["id"], p.tree.province);
  EXPECT_EQ(board.body["totals"]["expected"], 4);  // reps A, B, C and the dealer manager
  EXPECT_EQ(board.body["totals"]["submitted"], 1);
  EXPECT_EQ(board.body["totals"]["missing"], 3);
  ASSERT_EQ(board.body["units"].size(), 2U);
  for (const auto& unit : board.body["units"]) {
    if (unit["id"] == p.tree.dealer_a) EXPECT_EQ(unit["missing"], 2);
    if (unit["id"] == p.tree.dealer_b) EXPECT_EQ(unit["missing"], 1);
  }
  EXPECT_EQ(api().get("/api/v1/report-board?kind=weekly_tracking&period=2025-W11", p.rep_a).status, 403);
  EXPECT_EQ(
      api()
          .get("/api/v1/report-board?kind=weekly_tracking&period=2025-W11&unit_id=" + std::to_string(p.tree.province),
               p.other_am)
          .status,
      404);
  EXPECT_EQ(api().get("/api/v1/report-board?kind=weekly_tracking&period=2025-13", p.am).status, 422);

  auto b_detail = get(b["id"], p.rep_b);
  r = api().post(path(b["id"]) + "/submit", {{"version", b_detail["version"]}, {"rows", judged(b_detail["content"])}},
                 p.rep_b);
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["status"], "late");

  // a reviewer comments; the person cannot comment on their own; the dealer manager can
  r = api().post(path(id) + "/comments", {{"body", "成都市公安局的预算来源请核实"}}, p.am);
  ASSERT_EQ(r.status, 201) << r.raw;
  EXPECT_EQ(api().post(path(id) + "/comments", {{"body", "收到"}}, p.rep_a).status, 403);
  EXPECT_EQ(api().post(path(id) + "/comments", {{"body", " "}}, p.dm).status, 422);
  EXPECT_EQ(get(id, p.rep_a)["comments"].size(), 1U);

  // a correction is a new revision with a reason; the first stays, and the status stays on time
  r = api().post(path(id) + "/submit", {{"version", version}, {"rows", rows}}, p.rep_a);
  EXPECT_EQ(r.status, 422) << "a correction needs its reason";
  r = api().post(path(id) + "/submit",
                 {{"version", version}, {"rows", rows}, {"correction_reason", "成交概率按局长意见更正"}}, p.rep_a);
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["revision"], 2);
  EXPECT_EQ(r.body["status"], "submitted");
  ASSERT_EQ(r.body["revisions"].size(), 2U);
  EXPECT_EQ(r.body["revisions"][0]["content"]["rows"][0]["deal_probability"], 45);
  EXPECT_EQ(r.body["revisions"][1]["status"], "late") << "the correction itself came after the deadline";
  EXPECT_EQ(r.body["revisions"][1]["correction_reason"], "成交概率按局长意见更正");

  // the next week: a new table whose judgements are carried over from the last submitted one
  clock::pin(at("2025-03-18T09:00:00+08:00"));
  sign_in_again(p);
  auto next = mine(p.rep_a, "weekly_tracking", "2025-W12");
  EXPECT_EQ(next["status"], "open");
  EXPECT_EQ(next["due_at"], "2025-03-23T00:00:00+08:00");
  auto next_detail = get(next["id"], p.rep_a);
  for (const auto& row : next_detail["content"]["rows"]) {
    EXPECT_TRUE(row["carried"].get<bool>());
    EXPECT_EQ(row["deal_probability"], 60) << "the corrected revision is what carries";
    EXPECT_EQ(row["authenticity"], "confirmed");
    EXPECT_TRUE(row["moves"].empty()) << "last week's moves are last week's";
  }

  // the export of the submitted table in the familiar layout
  auto xlsx = api().get(path(id) + "/export", p.am);
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.raw.substr(0, 2), "PK");
  EXPECT_NE(xlsx.header("Content-Disposition").find(".xlsx"), std::string::npos);
}

TEST_F(ReportsApi, MonthlyTablesAcrossFebruaryEndWithAccuracyAndSections) {
  clock::pin(at("2024-02-29T22:00:00+08:00"));  // the last day of a leap February
  auto p = people("月报");
  auto stats = mine(p.rep_a, "monthly_stats", "2024-02");
  EXPECT_EQ(stats["due_at"], "2024-03-01T00:00:00+08:00");
  EXPECT_EQ(stats["status"], "open");
  auto detail = get(stats["id"], p.rep_a);
  EXPECT_EQ(detail["content"]["won_count"], 0);
  EXPECT_EQ(detail["system"]["delivered_units"], 0);

  auto r = api().post(path(stats["id"]) + "/submit",
                      {{"version", detail["version"]}, {"won_count", 2}, {"won_units", -1}, {"amount_fen", "many"}},
                      p.rep_a);
  ASSERT_EQ(r.status, 422) << r.raw;
  std::set<std::string> fields;
  for (const auto& e : r.body["errors"]) fields.insert(e["field"].get<std::string>());
  EXPECT_EQ(fields, (std::set<std::string>{"won_units", "amount_fen", "delivered_units"}));

  // the person reports two deals the system does not know: the reviewer sees the differences
  r = api().post(path(stats["id"]) + "/submit",
                 {{"version", detail["version"]},
                  {"won_count", 2},
                  {"won_units", 12},
                  {"amount_fen", 360000000},
                  {"delivered_units", 0},
                  {"note", "两笔框架协议订单"}},
                 p.rep_a);
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["status"], "submitted");
  auto reviewed = get(stats["id"], p.am);
  std::set<std::string> differing;
  for (const auto& d : reviewed["differences"]) differing.insert(d["field"].get<std::string>());
  EXPECT_EQ(differing, (std::set<std::string>{"won_count", "won_units", "amount_fen"}));

  // the summary: required sections, lengths
  auto summary = mine(p.rep_a, "monthly_summary", "2024-02");
  auto s = get(summary["id"], p.rep_a);
  EXPECT_TRUE(s["content"]["figures"].contains("target_units"));
  r = api().post(path(summary["id"]) + "/submit",
                 {{"version", s["version"]}, {"results", "完成"}, {"problems", std::string(4001, 'x')}}, p.rep_a);
  ASSERT_EQ(r.status, 422) << r.raw;
  fields.clear();
  for (const auto& e : r.body["errors"]) fields.insert(e["field"].get<std::string>());
  EXPECT_EQ(fields, (std::set<std::string>{"problems", "key_accounts", "next_month_plan"}));

  // March 1st 00:00:01 in China: February's summary is missing, then submitted late
  clock::pin(at("2024-03-01T00:00:01+08:00"));
  EXPECT_EQ(get(summary["id"], p.rep_a)["status"], "missing");
  r = api().post(path(summary["id"]) + "/submit",
                 {{"version", s["version"]},
                  {"results", "2月实销0台，目标未达成"},
                  {"key_accounts", "成都市公安局：预算已批"},
                  {"problems", ""},
                  {"support_needed", "需要样车一台"},
                  {"next_month_plan", "3月完成两家公安局的方案汇报"}},
                 p.rep_a);
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["status"], "late");
  EXPECT_EQ(mine(p.rep_a, "monthly_summary", "2024-03")["due_at"], "2024-04-01T00:00:00+08:00");
}

TEST_F(ReportsApi, HqMovesADeadlineAndLatenessFollowsIt) {
  clock::pin(at("2025-01-31T10:00:00+08:00"));  // the last day of a 31-day month, before a holiday
  auto p = people("节假日");
  auto stats = mine(p.rep_a, "monthly_stats", "2025-01");
  EXPECT_EQ(stats["due_at"], "2025-02-01T00:00:00+08:00");
  json move = {{"due_at", "2025-02-05T00:00:00+08:00"}, {"reason", "春节假期顺延"}};
  EXPECT_EQ(api().put("/api/v1/report-periods/monthly_stats/2025-01", move, p.am).status, 403);
  EXPECT_EQ(api().put("/api/v1/report-periods/monthly_stats/2025-W05", move, p.director).status, 404);
  EXPECT_EQ(
      api()
          .put("/api/v1/report-periods/monthly_stats/2025-01", {{"due_at", "2025-02-05"}, {"reason", "x"}}, p.director)
          .status,
      422);
  EXPECT_EQ(api()
                .put("/api/v1/report-periods/monthly_stats/2025-01",
                     {{"due_at", "2025-06-05T00:00:00+08:00"}, {"reason", "太久"}}, p.director)
                .status,
            422);
  auto r = api().put("/api/v1/report-periods/monthly_stats/2025-01", move, p.director);
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["due_at"], "2025-02-05T00:00:00+08:00");
  EXPECT_EQ(r.body["default_due_at"], "2025-02-01T00:00:00+08:00");
  EXPECT_EQ(r.body["due_reason"], "春节假期顺延");

  // February 3rd: not yet missing, and a submission now is on time
  clock::pin(at("2025-02-03T10:00:00+08:00"));
  sign_in_again(p);
  auto again = mine(p.rep_a, "monthly_stats", "2025-01");
  EXPECT_EQ(again["due_at"], "2025-02-05T00:00:00+08:00");
  EXPECT_EQ(again["status"], "open");
  auto detail = get(again["id"], p.rep_a);
  EXPECT_EQ(detail["due_reason"], "春节假期顺延");
  r = api().post(
      path(again["id"]) + "/submit",
      {{"version", detail["version"]}, {"won_count", 0}, {"won_units", 0}, {"amount_fen", 0}, {"delivered_units", 0}},
      p.rep_a);
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["status"], "submitted");
  auto periods = api().get("/api/v1/report-periods?kind=monthly_stats&from=2024-12&to=2025-02", p.am);
  ASSERT_EQ(periods.status, 200) << periods.raw;
  bool found = false;
  for (const auto& item : periods.body["items"]) {
    if (item["period"] == "2025-01") {
      found = true;
      EXPECT_EQ(item["due_reason"], "春节假期顺延");
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(ReportsApi, HomeToDosEqualTheirListsAndTheSweepReadsReminders) {
  clock::pin(at("2025-03-15T10:00:00+08:00"));  // Saturday morning: due within 24 hours
  auto p = people("首页报表");
  auto home = api().get("/api/v1/home", p.rep_a);
  ASSERT_EQ(home.status, 200) << home.raw;
  auto count_of = [](const json& h, const std::string& code) -> json {
    for (const auto& t : h["todos"]) {
      if (t["code"] == code) return t;
    }
    return json();
  };
  auto todo = count_of(home.body, "reports_to_submit");
  ASSERT_FALSE(todo.is_null()) << home.raw;
  std::string query;
  for (const auto& [k, v] : todo["list"]["query"].items())
    query += (query.empty() ? "?" : "&") + k + "=" + v.get<std::string>();
  auto list = api().get(todo["list"]["path"].get<std::string>() + query + "&limit=200", p.rep_a);
  ASSERT_EQ(list.status, 200) << list.raw;
  EXPECT_EQ(todo["count"].get<int64_t>(), static_cast<int64_t>(list.body["items"].size()));
  EXPECT_EQ(todo["count"], 3) << "this week's table and this month's two";

  // reminders: each of rep A's three reports? only the weekly one is due within 24 hours
  std::vector<notifications::Reminder> reminders;
  app_->database().read([&](db::Connection& c) { reminders = reports::reminders(c, clock::now_ms()); });
  int mine_due = 0;
  for (const auto& m : reminders) {
    if (m.user_id != p.rep_a.user_id) continue;
    EXPECT_EQ(m.kind, "report_due");
    EXPECT_NE(m.title.find("重点大客户关系维系跟踪表"), std::string::npos) << m.title;
    EXPECT_EQ(m.link.rfind("/reports/", 0), 0U);
    ++mine_due;
  }
  EXPECT_EQ(mine_due, 1);

  // Sunday: the area manager's overdue to-do equals the missing list; reminders turn overdue
  clock::pin(at("2025-03-16T09:00:00+08:00"));
  sign_in_again(p);
  home = api().get("/api/v1/home", p.am);
  ASSERT_EQ(home.status, 200);
  todo = count_of(home.body, "reports_overdue");
  ASSERT_FALSE(todo.is_null()) << home.raw;
  EXPECT_EQ(todo["list"]["query"]["period"], "2025-W11");
  EXPECT_EQ(todo["link"]["path"], "/reports/board");
  query.clear();
  for (const auto& [k, v] : todo["list"]["query"].items())
    query += (query.empty() ? "?" : "&") + k + "=" + v.get<std::string>();
  list = api().get(todo["list"]["path"].get<std::string>() + query + "&limit=200", p.am);
  ASSERT_EQ(list.status, 200) << list.raw;
  EXPECT_EQ(todo["count"].get<int64_t>(), static_cast<int64_t>(list.body["items"].size()));
  EXPECT_EQ(todo["count"], 4);
  app_->database().read([&](db::Connection& c) { reminders = reports::reminders(c, clock::now_ms()); });
  bool overdue = false;
  for (const auto& m : reminders) {
    if (m.user_id == p.rep_a.user_id && m.kind == "report_overdue") overdue = true;
  }
  EXPECT_TRUE(overdue);
}
