// The figures the record pages read from the server, against the real server: an account's
// summary (GET /accounts/{id}/summary: open opportunities and their amount, units won this
// year, the last delivery not voided, the buying roles held by active contacts; 404 outside the
// scope) and the approval inbox's times (GET /quotes: since when a quote waits for its step and
// its opportunity's next bid deadline), with exact values.
#include "harness.h"
#include "platform/clock.h"

using namespace fleetkam;
using namespace fleetkam::test;
using nlohmann::json;

class RecordFiguresApi : public ServerFixture {
 protected:
  void SetUp() override {
    tree_ = make_tree("图表");
    auto other = make_tree("图表别");
    rep_a_ = make_user(unique("fig_a"), "sales_rep", tree_.dealer_a);
    rep_b_ = make_user(unique("fig_b"), "sales_rep", tree_.dealer_b);
    manager_ = make_user(unique("fig_am"), "area_manager", tree_.province);
    regional_ = make_user(unique("fig_rd"), "regional_director", tree_.region);
    other_regional_ = make_user(unique("fig_rd2"), "regional_director", other.region);
    other_manager_ = make_user(unique("fig_am2"), "area_manager", other.province);
    director_ = make_user(unique("fig_dir"), "ka_director", 1);
    auto model = api().post("/api/v1/vehicle-models",
                            {{"code", unique("FG")},
                             {"name", "江铃 勘察车"},
                             {"vehicle_type", "command"},
                             {"kind", "base"},
                             {"guide_price_fen", 20000000}},
                            director_);
    ASSERT_EQ(model.status, 201) << model.raw;
    model_ = model.body["id"];
  }
  void TearDown() override { clock::pin(std::nullopt); }

  int64_t account(const Session& as) { return make_account(as, tree_.province_code, "某市自然资源局"); }
  // An opportunity of `quantity` units at 195,000 元 each.
  int64_t opportunity(int64_t account_id, int64_t quantity, const Session& as) {
    auto body = make_opportunity(as, account_id,
                                 {{"title", "勘察车采购"},
                                  {"lines",
                                   {{{"vehicle_type", "command"},
                                     {"model_id", model_},
                                     {"quantity", quantity},
                                     {"unit_price_fen", 19500000}}}}});
    return body.value("id", int64_t{0});
  }
  static std::string path(int64_t id, const std::string& tail = "") {
    return "/api/v1/opportunities/" + std::to_string(id) + tail;
  }
  Response move(int64_t id, const std::string& stage, const std::string& reason) {
    auto current = api().get(path(id), rep_a_);
    json body = {{"stage", stage}, {"version", current.body.value("version", 0)}, {"reason", reason}};
    if (stage == "lost") body["lost_to"] = "别家";
    return api().post(path(id, "/transitions"), body, rep_a_);
  }
  Response deliver(int64_t id, const std::string& day, int64_t quantity) {
    return api().post(path(id, "/deliveries"),
                      {{"date", day}, {"quantity", quantity}, {"model", "江铃 勘察车"}, {"vehicle_type", "command"}},
                      rep_a_);
  }
  json quote_in(const Session& as, int64_t quote_id) {
    for (const auto& q : items_of(api().get("/api/v1/quotes?awaiting_me=true", as)))
      if (q["id"] == quote_id) return q;
    return nullptr;
  }

  Tree tree_;
  int64_t model_ = 0;
  Session rep_a_, rep_b_, manager_, regional_, other_regional_, other_manager_, director_;
};

TEST_F(RecordFiguresApi, AnAccountsSummaryCountsWhatTheCallerMaySee) {
  int64_t id = account(rep_a_);
  std::string summary = "/api/v1/accounts/" + std::to_string(id) + "/summary";
  // a new account: nothing yet
  auto empty = api().get(summary, rep_a_);
  ASSERT_EQ(empty.status, 200) << empty.raw;
  EXPECT_EQ(empty.body["account_id"], id);
  EXPECT_EQ(empty.body["open_opportunities"], 0);
  EXPECT_EQ(empty.body["open_amount_fen"], 0);
  EXPECT_EQ(empty.body["won_units_this_year"], 0);
  EXPECT_TRUE(empty.body["last_delivery"].is_null());
  EXPECT_EQ(empty.body["buying_roles_covered"], json::array());
  EXPECT_EQ(empty.body["buying_roles_total"], 6);
  EXPECT_EQ(empty.body["year"], std::stoi(day_from_today(0).substr(0, 4)));

  // contacts: two roles held by active ones; a deactivated 财务 and a second 使用者 change nothing
  std::string contacts = "/api/v1/accounts/" + std::to_string(id) + "/contacts";
  for (const auto& [name, role] : std::vector<std::pair<std::string, std::string>>{
           {"王局长", "decision_maker"}, {"李科长", "user"}, {"赵科员", "user"}}) {
    ASSERT_EQ(api().post(contacts, {{"name", name}, {"buying_role", role}}, rep_a_).status, 201);
  }
  auto finance = api().post(contacts, {{"name", "钱会计"}, {"buying_role", "finance"}}, rep_a_);
  ASSERT_EQ(finance.status, 201) << finance.raw;
  ASSERT_EQ(api()
                .patch(contacts + "/" + std::to_string(finance.body["id"].get<int64_t>()),
                       {{"version", finance.body["version"]}, {"active", false}}, rep_a_)
                .status,
            200);

  // opportunities: two open (10 and 2 units), one won this year (4 units), one lost, one won
  // last year (7 units, closed an hour before this year began in China)
  int64_t open_big = opportunity(id, 10, rep_a_);
  opportunity(id, 2, rep_a_);
  int64_t won = opportunity(id, 4, rep_a_);
  int64_t lost = opportunity(id, 3, rep_a_);
  int64_t old_win = opportunity(id, 7, rep_a_);
  ASSERT_EQ(move(open_big, "contact", "拜访").status, 200);
  ASSERT_EQ(move(won, "won", "中标").status, 200);
  ASSERT_EQ(move(lost, "lost", "价格").status, 200);
  int64_t year_start = *clock::parse_rfc3339(day_from_today(0).substr(0, 4) + "-01-01T00:00:00+08:00");
  clock::pin(year_start - 3600000);
  ASSERT_EQ(move(old_win, "won", "框架协议").status, 200);
  clock::pin(std::nullopt);

  // deliveries of the win: two days ago and today; today's is voided, so two days ago is the last
  ASSERT_EQ(deliver(won, day_from_today(-2), 1).status, 201);
  auto today = deliver(won, day_from_today(0), 2);
  ASSERT_EQ(today.status, 201) << today.raw;
  ASSERT_EQ(api()
                .post("/api/v1/deliveries/" + std::to_string(today.body["id"].get<int64_t>()) + "/void",
                      {{"reason", "录重"}}, rep_a_)
                .status,
            200);

  for (const Session* as : {&rep_a_, &manager_, &regional_, &director_}) {
    auto r = api().get(summary, *as);
    ASSERT_EQ(r.status, 200) << r.raw;
    EXPECT_EQ(r.body["open_opportunities"], 2);
    EXPECT_EQ(r.body["open_amount_fen"], int64_t{12} * 19500000);
    EXPECT_EQ(r.body["won_units_this_year"], 4);
    EXPECT_EQ(r.body["last_delivery"], day_from_today(-2));
    EXPECT_EQ(r.body["buying_roles_covered"], json({"user", "decision_maker"}));
    EXPECT_EQ(r.body["buying_roles_total"], 6);
  }

  // outside the scope, unknown or not an id: 404, never the figures; signed out: 401
  for (const Session* as : {&rep_b_, &other_manager_, &other_regional_}) {
    auto r = api().get(summary, *as);
    EXPECT_EQ(r.status, 404) << r.raw;
    EXPECT_FALSE(r.body.contains("open_opportunities"));
  }
  EXPECT_EQ(api().get("/api/v1/accounts/99999999/summary", rep_a_).status, 404);
  EXPECT_EQ(api().get("/api/v1/accounts/abc/summary", rep_a_).status, 404);
  EXPECT_EQ(api().request("GET", summary).status, 401);
}

TEST_F(RecordFiguresApi, TheInboxSaysHowLongEachQuoteWaitedAndItsNextBidDeadline) {
  const int64_t t0 = clock::now_ms() / 1000 * 1000;
  int64_t with_tenders = opportunity(account(rep_a_), 10, rep_a_);
  int64_t without = opportunity(account(rep_a_), 2, rep_a_);
  auto tender = [&](const std::string& notice, int64_t deadline) {
    auto r = api().post(path(with_tenders, "/tenders"),
                        {{"notice_no", notice},
                         {"published_where", "省政府采购网"},
                         {"published_on", day_from_today(-5)},
                         {"bid_deadline", clock::format_rfc3339(deadline)}},
                        rep_a_);
    EXPECT_EQ(r.status, 201) << r.raw;
    return r;
  };
  const int64_t hour = 3600000, day = 86400000;
  tender("ZC-LATE", t0 + 10 * day);
  auto soon = tender("ZC-SOON", t0 + 3 * hour);
  auto decided = tender("ZC-DONE", t0 + 1 * hour);  // soonest, but no longer pending
  ASSERT_EQ(api()
                .patch("/api/v1/tenders/" + std::to_string(decided.body["id"].get<int64_t>()),
                       {{"version", decided.body["version"]}, {"result", "cancelled"}}, rep_a_)
                .status,
            200);

  // 15 % under the guide price: the regional director, then HQ
  clock::pin(t0);
  auto quote = api().post(path(with_tenders, "/quotes"),
                          {{"model_id", model_}, {"quantity", 10}, {"unit_price_fen", 17000000}}, rep_a_);
  ASSERT_EQ(quote.status, 201) << quote.raw;
  int64_t q = quote.body["id"];
  auto plain = api().post(path(without, "/quotes"),
                          {{"model_id", model_}, {"quantity", 2}, {"unit_price_fen", 18500000}}, rep_a_);
  ASSERT_EQ(plain.status, 201) << plain.raw;
  EXPECT_EQ(quote.body["waiting_since"], clock::format_rfc3339(t0));
  EXPECT_EQ(quote.body["bid_deadline"], soon.body["bid_deadline"]);

  auto waiting = quote_in(regional_, q);
  ASSERT_TRUE(waiting.is_object());
  EXPECT_EQ(waiting["status"], "pending_regional");
  EXPECT_EQ(waiting["waiting_since"], clock::format_rfc3339(t0));
  EXPECT_EQ(waiting["bid_deadline"], clock::format_rfc3339(t0 + 3 * hour));
  auto no_tender = quote_in(regional_, plain.body["id"]);
  ASSERT_TRUE(no_tender.is_object());
  EXPECT_EQ(no_tender["waiting_since"], clock::format_rfc3339(t0));
  EXPECT_TRUE(no_tender["bid_deadline"].is_null());
  // another region's director sees neither
  EXPECT_TRUE(quote_in(other_regional_, q).is_null());
  EXPECT_TRUE(quote_in(other_regional_, plain.body["id"]).is_null());

  // approved by the region two hours later: HQ's step waits from then
  clock::pin(t0 + 2 * hour);
  auto first = api().post("/api/v1/quotes/" + std::to_string(q) + "/decision",
                          {{"decision", "approve"}, {"version", waiting["version"]}}, regional_);
  ASSERT_EQ(first.status, 200) << first.raw;
  EXPECT_EQ(first.body["status"], "pending_hq");
  auto at_hq = quote_in(director_, q);
  ASSERT_TRUE(at_hq.is_object());
  EXPECT_EQ(at_hq["waiting_since"], clock::format_rfc3339(t0 + 2 * hour));
  EXPECT_EQ(at_hq["bid_deadline"], clock::format_rfc3339(t0 + 3 * hour));
  EXPECT_TRUE(quote_in(regional_, q).is_null());

  // an hour later ZC-SOON's deadline has passed: the next is ZC-LATE's (sessions stay within
  // their eight idle hours)
  clock::pin(t0 + 4 * hour);
  auto later = quote_in(director_, q);
  ASSERT_TRUE(later.is_object());
  EXPECT_EQ(later["bid_deadline"], clock::format_rfc3339(t0 + 10 * day));
  // decided: it waits no more
  auto second = api().post("/api/v1/quotes/" + std::to_string(q) + "/decision",
                           {{"decision", "approve"}, {"version", at_hq["version"]}}, director_);
  ASSERT_EQ(second.status, 200) << second.raw;
  EXPECT_TRUE(second.body["waiting_since"].is_null());
  EXPECT_TRUE(quote_in(director_, q).is_null());
}
