// The support ledger (支持台账, issue 15): requests climb the approval chain by amount (area manager
// → regional director → HQ), HQ issues from its stock (never below zero) and the unit confirms
// receipt; gifts stay within HQ's limit per contact and year (refused naming the limit); a
// registration won and a policy note marked useful earn the reward; upfitter policies are read
// with the catalogue; HQ's dedicated visits are planned and linked to the visit logged. The ledger's
// figures equal the lists; other scopes get 404, other roles 403, wrong states 409, bad input 422,
// and none of them changes anything.
#include <map>

#include "harness.h"
#include "modules/support/service.h"
#include "platform/clock.h"
#include "platform/sheets/sheets.h"

using namespace fleetkam;
using namespace fleetkam::test;
using nlohmann::json;

class SupportApi : public ServerFixture {
 protected:
  void TearDown() override { clock::pin(std::nullopt); }

  Session person(const std::string& prefix, const std::string& role, int64_t unit) {
    auto name = unique(prefix);
    auto s = make_user(name, role, unit);
    logins_[s.user_id] = name;
    return s;
  }
  void relogin(const std::vector<Session*>& people) {
    for (auto* p : people) *p = api().login(logins_.at(p->user_id), kPassword);
  }
  json rules(const json& changes = json::object()) {
    json r = {{"province_limit_fen", 500000}, {"region_limit_fen", 2000000},       {"gift_limit_fen", 100000},
              {"gift_count_limit", 4},        {"points_per_won_registration", 10}, {"points_per_useful_note", 5},
              {"fen_per_point", 2000}};
    r.update(changes);
    return r;
  }
  void set_rules(const Session& director, const json& changes = json::object()) {
    auto put = api().put("/api/v1/support/rules", rules(changes), director);
    ASSERT_EQ(put.status, 200) << put.raw;
  }
  int64_t item(const Session& staff, const std::string& kind, int64_t cost, int64_t stock) {
    auto r = api().post("/api/v1/support/items",
                        {{"kind", kind},
                         {"name", unique(kind == "material" ? "行业展架" : "行业销售手册")},
                         {"unit_label", "套"},
                         {"unit_cost_fen", cost},
                         {"stock", stock}},
                        staff);
    EXPECT_EQ(r.status, 201) << r.raw;
    return r.body["id"].get<int64_t>();
  }
  int64_t contact(int64_t account, const Session& as, const std::string& name) {
    auto r = api().post("/api/v1/accounts/" + std::to_string(account) + "/contacts",
                        {{"name", name}, {"buying_role", "decision_maker"}, {"title", "处长"}}, as);
    EXPECT_EQ(r.status, 201) << r.raw;
    return r.body["id"].get<int64_t>();
  }
  std::string path(int64_t id, const std::string& rest = "") {
    return "/api/v1/support/requests/" + std::to_string(id) + rest;
  }
  int64_t stock_of(const Session& as, int64_t id) {
    auto r = api().get("/api/v1/support/items", as);
    EXPECT_EQ(r.status, 200) << r.raw;
    for (const auto& i : r.body["items"])
      if (i["id"] == id) return i["stock"].get<int64_t>();
    return -1;
  }
  int64_t todo(const Session& as, const std::string& code) {
    auto home = api().get("/api/v1/home", as);
    EXPECT_EQ(home.status, 200) << home.raw;
    for (const auto& t : home.body["todos"])
      if (t["code"] == code) return t["count"].get<int64_t>();
    return -1;
  }
  json step(const std::string& what, int64_t id, const Session& as, const json& extra = json::object()) {
    auto current = api().get(path(id), as);
    json body = {{"version", current.body.value("version", int64_t{1})}};
    body.update(extra);
    return api().post(path(id, "/" + what), body, as).body;
  }
  std::map<int64_t, std::string> logins_;
};

TEST_F(SupportApi, RequestsClimbTheChainByAmountAndHqIssuesFromItsStock) {
  auto tree = make_tree("台账");
  auto director = person("sp_dir", "ka_director", 1);
  auto staff = person("sp_staff", "ka_staff", 1);
  auto rd = person("sp_rd", "regional_director", tree.region);
  auto am = person("sp_am", "area_manager", tree.province);
  auto rep = person("sp_rep", "sales_rep", tree.dealer_a);
  auto dm = person("sp_dm", "dealer_manager", tree.dealer_a);
  auto other_rep = person("sp_rep_b", "sales_rep", tree.dealer_b);
  set_rules(director);
  EXPECT_EQ(api().put("/api/v1/support/rules", rules(), am).status, 403);
  auto backwards = api().put("/api/v1/support/rules", rules({{"region_limit_fen", 100}}), director);
  EXPECT_EQ(backwards.status, 422) << backwards.raw;

  // HQ's items: KA staff keep them; a rep reads them
  EXPECT_EQ(
      api()
          .post("/api/v1/support/items",
                {{"kind", "material"}, {"name", "展架"}, {"unit_label", "套"}, {"unit_cost_fen", 1}, {"stock", 1}}, rep)
          .status,
      403);
  int64_t stand = item(staff, "material", 10000, 30);  // ¥100 a set, 30 in stock
  int64_t manual = item(staff, "tool", 100000, 100);   // ¥1,000
  EXPECT_EQ(stock_of(rep, stand), 30);

  // ¥1,000: the area manager decides alone
  auto small =
      api().post("/api/v1/support/requests",
                 {{"kind", "material"}, {"item_id", stand}, {"quantity", 10}, {"purpose", "警用装备展示会布展"}}, rep);
  ASSERT_EQ(small.status, 201) << small.raw;
  int64_t small_id = small.body["id"].get<int64_t>();
  EXPECT_EQ(small.body["amount_fen"], 100000);
  EXPECT_EQ(small.body["required_level"], "province");
  EXPECT_EQ(small.body["next_unit_id"], tree.province);
  EXPECT_EQ(small.body["status"], "pending");
  EXPECT_EQ(todo(am, "support_to_approve"), 1);
  EXPECT_EQ(items_of(api().get("/api/v1/support/requests?box=to_approve", am)).size(), 1u);
  EXPECT_EQ(todo(rd, "support_to_approve"), 0);
  // not the regional director's turn, not the dealer manager's; another dealer does not see it
  auto early = api().post(path(small_id, "/approve"), {{"version", 1}}, rd);
  EXPECT_EQ(early.status, 403);
  EXPECT_EQ(early.body["code"], "support.not_approver");
  EXPECT_EQ(api().post(path(small_id, "/approve"), {{"version", 1}}, dm).status, 403);
  EXPECT_EQ(api().get(path(small_id), other_rep).status, 404);
  // a rep may approve nothing: 403 before the request is looked up, inside the scope or not
  EXPECT_EQ(api().post(path(small_id, "/approve"), {{"version", 1}}, other_rep).status, 403);
  auto stale = api().post(path(small_id, "/approve"), {{"version", 7}}, am);
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(stale.body["code"], "version_conflict");
  auto approved = api().post(path(small_id, "/approve"), {{"version", 1}, {"note", "同意"}}, am);
  ASSERT_EQ(approved.status, 200) << approved.raw;
  EXPECT_EQ(approved.body["status"], "approved");
  EXPECT_TRUE(approved.body["next_level"].is_null());
  ASSERT_EQ(approved.body["approvals"].size(), 1u);
  EXPECT_EQ(approved.body["approvals"][0]["level"], "province");
  EXPECT_EQ(todo(am, "support_to_approve"), 0);

  // HQ issues it: the stock goes down; the rep cannot issue a material
  EXPECT_EQ(api().post(path(small_id, "/issue"), {{"version", 2}}, rep).status, 403);
  EXPECT_EQ(todo(staff, "support_to_issue"), 1);
  auto issued = api().post(path(small_id, "/issue"), {{"version", 2}}, staff);
  ASSERT_EQ(issued.status, 200) << issued.raw;
  EXPECT_EQ(issued.body["status"], "issued");
  EXPECT_EQ(stock_of(rep, stand), 20);
  EXPECT_EQ(todo(rep, "support_to_receive"), 1);
  EXPECT_EQ(api().post(path(small_id, "/receive"), {{"version", 3}}, other_rep).status, 404);
  auto received = api().post(path(small_id, "/receive"), {{"version", 3}, {"note", "已收到 10 套"}}, rep);
  ASSERT_EQ(received.status, 200) << received.raw;
  EXPECT_EQ(received.body["status"], "received");
  EXPECT_EQ(received.body["received_by_name"].is_string(), true);
  auto again = api().post(path(small_id, "/receive"), {{"version", 4}}, rep);
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.body["code"], "support.state");

  // more than the stock: approved, but issuing is refused and nothing changes
  auto big = api().post("/api/v1/support/requests", {{"kind", "material"}, {"item_id", stand}, {"quantity", 25}}, dm);
  ASSERT_EQ(big.status, 201) << big.raw;
  int64_t big_id = big.body["id"].get<int64_t>();
  ASSERT_EQ(api().post(path(big_id, "/approve"), {{"version", 1}}, am).status, 200);
  auto short_stock = api().post(path(big_id, "/issue"), {{"version", 2}}, staff);
  EXPECT_EQ(short_stock.status, 409) << short_stock.raw;
  EXPECT_EQ(short_stock.body["code"], "support.out_of_stock");
  EXPECT_EQ(stock_of(rep, stand), 20);
  EXPECT_EQ(api().get(path(big_id), dm).body["status"], "approved");
  // restocked, it goes out
  auto stand_now = api().get("/api/v1/support/items?kind=material", staff).body["items"];
  int64_t stand_version = 0;
  for (const auto& i : stand_now)
    if (i["id"] == stand) stand_version = i["version"].get<int64_t>();
  auto restocked = api().post("/api/v1/support/items/" + std::to_string(stand) + "/restock",
                              {{"version", stand_version}, {"quantity", 50}, {"note", "二批印制"}}, staff);
  ASSERT_EQ(restocked.status, 200) << restocked.raw;
  EXPECT_EQ(restocked.body["stock"], 70);
  ASSERT_EQ(api().post(path(big_id, "/issue"), {{"version", 2}}, staff).status, 200);
  EXPECT_EQ(stock_of(rep, stand), 45);

  // ¥30,000: the province, the region, then HQ
  auto large = api().post("/api/v1/support/requests", {{"kind", "tool"}, {"item_id", manual}, {"quantity", 30}}, rep);
  ASSERT_EQ(large.status, 201) << large.raw;
  int64_t large_id = large.body["id"].get<int64_t>();
  EXPECT_EQ(large.body["required_level"], "hq");
  auto first = api().post(path(large_id, "/approve"), {{"version", 1}}, am);
  ASSERT_EQ(first.status, 200) << first.raw;
  EXPECT_EQ(first.body["status"], "pending");
  EXPECT_EQ(first.body["next_level"], "region");
  EXPECT_EQ(first.body["next_unit_id"], tree.region);
  EXPECT_EQ(api().post(path(large_id, "/approve"), {{"version", 2}}, am).status, 403);
  ASSERT_EQ(api().post(path(large_id, "/approve"), {{"version", 2}}, rd).status, 200);
  EXPECT_EQ(todo(director, "support_to_approve"), 1);
  auto last = api().post(path(large_id, "/approve"), {{"version", 3}}, director);
  ASSERT_EQ(last.status, 200) << last.raw;
  EXPECT_EQ(last.body["status"], "approved");
  EXPECT_EQ(last.body["approvals"].size(), 3u);

  // rejected with a reason (required), cancelled by the unit
  auto turned = api().post("/api/v1/support/requests", {{"kind", "tool"}, {"item_id", manual}, {"quantity", 1}}, rep);
  int64_t turned_id = turned.body["id"].get<int64_t>();
  EXPECT_EQ(api().post(path(turned_id, "/reject"), {{"version", 1}}, am).status, 422);
  auto rejected = api().post(path(turned_id, "/reject"), {{"version", 1}, {"note", "本季度已配发"}}, am);
  ASSERT_EQ(rejected.status, 200) << rejected.raw;
  EXPECT_EQ(rejected.body["status"], "rejected");
  EXPECT_EQ(rejected.body["closing_note"], "本季度已配发");
  auto late = api().post(path(turned_id, "/approve"), {{"version", 2}}, am);
  EXPECT_EQ(late.status, 409);
  EXPECT_EQ(late.body["code"], "support.state");
  auto dropped = api().post("/api/v1/support/requests", {{"kind", "tool"}, {"item_id", manual}, {"quantity", 2}}, rep);
  int64_t dropped_id = dropped.body["id"].get<int64_t>();
  EXPECT_EQ(api().post(path(dropped_id, "/cancel"), {{"version", 1}, {"note", "活动取消"}}, other_rep).status, 404);
  auto cancelled = api().post(path(dropped_id, "/cancel"), {{"version", 1}, {"note", "活动取消"}}, dm);
  ASSERT_EQ(cancelled.status, 200) << cancelled.raw;
  EXPECT_EQ(cancelled.body["closing_note"], "活动取消");

  // bad input changes nothing
  auto before = items_of(api().get("/api/v1/support/requests?limit=500", am)).size();
  for (const json& bad : {json{{"kind", "material"}, {"item_id", stand}, {"quantity", 0}},
                          json{{"kind", "material"}, {"item_id", stand}, {"quantity", 10001}},
                          json{{"kind", "car"}, {"item_id", stand}, {"quantity", 1}},
                          json{{"kind", "tool"}, {"item_id", stand}, {"quantity", 1}},
                          json{{"kind", "material"}, {"item_id", stand}, {"quantity", 1}, {"amount_fen", 5}},
                          json{{"kind", "material"}, {"item_id", stand}, {"quantity", 1}, {"unit_id", tree.dealer_b}},
                          json{{"kind", "material"}, {"item_id", stand}, {"quantity", "3"}},
                          json{{"kind", "material"}, {"quantity", 1}}}) {
    auto r = api().post("/api/v1/support/requests", bad, rep);
    EXPECT_EQ(r.status, 422) << bad.dump() << " → " << r.raw;
  }
  EXPECT_EQ(
      api().post("/api/v1/support/requests", {{"kind", "material"}, {"item_id", stand}, {"quantity", 1}}, staff).status,
      403);
  EXPECT_EQ(items_of(api().get("/api/v1/support/requests?limit=500", am)).size(), before);
  EXPECT_EQ(api().get("/api/v1/support/requests?box=later", am).status, 422);
  EXPECT_EQ(api().get("/api/v1/support/requests?status=done", am).status, 422);
  EXPECT_EQ(api().get("/api/v1/support/requests?from=2026-02-30", am).status, 422);

  // the ledger of the province this year: approved and further, by kind; equal to the lists
  auto year = api().get("/api/v1/support/ledger?unit_id=" + std::to_string(tree.province), am);
  ASSERT_EQ(year.status, 200) << year.raw;
  EXPECT_EQ(year.body["months"].size(), 12u);
  EXPECT_EQ(year.body["total"]["material"]["count"], 2);
  EXPECT_EQ(year.body["total"]["material"]["quantity"], 35);
  EXPECT_EQ(year.body["total"]["material"]["amount_fen"], 350000);
  EXPECT_EQ(year.body["total"]["tool"]["count"], 1);
  EXPECT_EQ(year.body["total"]["tool"]["amount_fen"], 3000000);
  EXPECT_EQ(year.body["total"]["pending"], 0);
  auto listed = items_of(api().get(
      "/api/v1/support/requests?limit=500&status=approved,issued,received&unit_id=" + std::to_string(tree.province),
      am));
  EXPECT_EQ(listed.size(), 3u);
  int64_t month_sum = 0;
  for (const auto& m : year.body["months"]) month_sum += m["material"]["amount_fen"].get<int64_t>();
  EXPECT_EQ(month_sum, 350000);
  EXPECT_EQ(api().get("/api/v1/support/ledger?unit_id=" + std::to_string(tree.province), rep).status, 404);
  EXPECT_EQ(api().get("/api/v1/support/ledger?unit_id=" + std::to_string(tree.dealer_b), rep).status, 404);

  // the export carries the same rows
  auto sheet = api().get(
      "/api/v1/support/requests/export?status=approved,issued,received&unit_id=" + std::to_string(tree.province), am);
  ASSERT_EQ(sheet.status, 200);
  auto table = sheets::read_xlsx(sheet.raw);
  EXPECT_EQ(table.rows.size(), 4u);
  EXPECT_EQ(table.rows[0][2], "类别");
}

TEST_F(SupportApi, GiftsStayWithinTheLimitPerContactAndYear) {
  auto tree = make_tree("礼品");
  auto director = person("gf_dir", "ka_director", 1);
  auto am = person("gf_am", "area_manager", tree.province);
  auto rep = person("gf_rep", "sales_rep", tree.dealer_a);
  auto other_rep = person("gf_rep_b", "sales_rep", tree.dealer_b);
  set_rules(director, {{"gift_limit_fen", 100000}, {"gift_count_limit", 3}});
  int64_t account = make_account(rep, tree.province_code, "某市应急管理局", {{"grade", "key"}});
  int64_t chief = contact(account, rep, "林处长");
  int64_t other_account = make_account(other_rep, tree.province_code, "某县公安局", {{"grade", "key"}});
  int64_t other_contact = contact(other_account, other_rep, "马局长");
  auto gift = [&](int64_t who, int64_t fen, const Session& as) {
    return api().post("/api/v1/support/requests",
                      {{"kind", "gift"},
                       {"gift_kind", "small"},
                       {"description", "品牌定制保温杯"},
                       {"quantity", 2},
                       {"amount_fen", fen},
                       {"contact_id", who}},
                      as);
  };
  auto first = gift(chief, 60000, rep);
  ASSERT_EQ(first.status, 201) << first.raw;
  EXPECT_EQ(first.body["account_id"], account);
  EXPECT_EQ(first.body["contact_name"], "林处长");
  // over ¥1,000 in the year: refused naming the limit and what was given; nothing written
  auto over = gift(chief, 50000, rep);
  ASSERT_EQ(over.status, 422) << over.raw;
  EXPECT_EQ(over.body["code"], "gift.over_limit");
  EXPECT_NE(over.raw.find("¥1,000"), std::string::npos) << over.raw;
  EXPECT_NE(over.raw.find("¥600"), std::string::npos) << over.raw;
  EXPECT_EQ(over.body["limit_fen"], 100000);
  EXPECT_EQ(over.body["given_fen"], 60000);
  EXPECT_EQ(over.body["errors"][0]["field"], "amount_fen");
  auto allowance = api().get("/api/v1/support/gift-allowance?contact_id=" + std::to_string(chief), rep);
  ASSERT_EQ(allowance.status, 200) << allowance.raw;
  EXPECT_EQ(allowance.body["given_fen"], 60000);
  EXPECT_EQ(allowance.body["given_count"], 1);
  EXPECT_EQ(allowance.body["remaining_fen"], 40000);
  EXPECT_EQ(allowance.body["remaining_count"], 2);
  // up to the limit exactly is allowed
  auto second = gift(chief, 40000, rep);
  ASSERT_EQ(second.status, 201) << second.raw;
  // a rejected gift frees its share
  ASSERT_EQ(api()
                .post(path(second.body["id"].get<int64_t>(), "/reject"), {{"version", 1}, {"note", "超出公关预算"}}, am)
                .status,
            200);
  ASSERT_EQ(gift(chief, 30000, rep).status, 201);
  // the count: three gifts a year
  auto fourth = gift(chief, 100, rep);
  EXPECT_EQ(fourth.status, 201) << fourth.raw;  // the rejected one does not count: 3 now
  auto fifth = gift(chief, 100, rep);
  ASSERT_EQ(fifth.status, 422) << fifth.raw;
  EXPECT_EQ(fifth.body["errors"][0]["field"], "contact_id");
  EXPECT_NE(fifth.raw.find("3 gifts"), std::string::npos);
  // another dealer's contact is a 404; bad gifts are 422
  EXPECT_EQ(gift(other_contact, 1000, rep).status, 404);
  EXPECT_EQ(api().get("/api/v1/support/gift-allowance?contact_id=" + std::to_string(other_contact), rep).status, 404);
  EXPECT_EQ(gift(chief, 0, rep).status, 422);
  EXPECT_EQ(gift(chief, 10000001, rep).status, 422);
  EXPECT_EQ(api()
                .post("/api/v1/support/requests",
                      {{"kind", "gift"},
                       {"gift_kind", "bribe"},
                       {"description", "x"},
                       {"quantity", 1},
                       {"amount_fen", 100},
                       {"contact_id", chief}},
                      rep)
                .status,
            422);
  EXPECT_EQ(api().get("/api/v1/support/gift-allowance", rep).status, 422);
  // the contact's gifts
  auto given = items_of(api().get("/api/v1/support/requests?kind=gift&contact_id=" + std::to_string(chief), rep));
  EXPECT_EQ(given.size(), 4u);
  // the gift is bought by the dealer (not by HQ) and handed over
  int64_t first_id = first.body["id"].get<int64_t>();
  ASSERT_EQ(api().post(path(first_id, "/approve"), {{"version", 1}}, am).status, 200);
  EXPECT_EQ(api().post(path(first_id, "/issue"), {{"version", 2}}, director).status, 403);
  ASSERT_EQ(api().post(path(first_id, "/issue"), {{"version", 2}}, rep).status, 200);
  auto handed = api().post(path(first_id, "/receive"), {{"version", 3}, {"note", "已于座谈会后送达"}}, rep);
  ASSERT_EQ(handed.status, 200) << handed.raw;
  EXPECT_EQ(handed.body["status"], "received");
}

TEST_F(SupportApi, AWonRegistrationAndAUsefulNoteEarnTheReward) {
  clock::pin(at("2026-06-10T10:00:00+08:00"));
  auto tree = make_tree("反馈奖");
  auto director = person("rw_dir", "ka_director", 1);
  auto am = person("rw_am", "area_manager", tree.province);
  auto rep = person("rw_rep", "sales_rep", tree.dealer_a);
  auto colleague = person("rw_rep2", "sales_rep", tree.dealer_a);
  set_rules(director, {{"points_per_won_registration", 10}, {"points_per_useful_note", 5}, {"fen_per_point", 2000}});
  int64_t account = make_account(rep, tree.province_code, "某市交通运输局");

  // the rep's lead becomes an opportunity won by a colleague: the reward goes to who registered it
  auto reg = make_registration(rep, account);
  ASSERT_EQ(api()
                .post("/api/v1/registrations/" + std::to_string(reg["id"].get<int64_t>()) + "/review",
                      {{"decision", "approve"}, {"authentic", true}, {"version", reg["version"]}}, am)
                .status,
            200);
  auto o = make_opportunity(rep, account, {{"registration_id", reg["id"]}});
  auto won = api().post("/api/v1/opportunities/" + std::to_string(o["id"].get<int64_t>()) + "/transitions",
                        {{"stage", "won"}, {"reason", "公开招标中标"}, {"version", o["version"]}}, rep);
  ASSERT_EQ(won.status, 200) << won.raw;
  auto mine = api().get("/api/v1/support/rewards?month=2026-06", rep);
  ASSERT_EQ(mine.status, 200) << mine.raw;
  ASSERT_EQ(mine.body["items"].size(), 1u);
  EXPECT_EQ(mine.body["items"][0]["source"], "registration");
  EXPECT_EQ(mine.body["items"][0]["points"], 10);
  EXPECT_EQ(mine.body["items"][0]["amount_fen"], 20000);
  EXPECT_EQ(mine.body["items"][0]["opportunity_id"], o["id"]);

  // a policy note: the colleague cannot mark it, the area manager marks it useful once
  auto note = api().post("/api/v1/support/policy-notes",
                         {{"title", "市财政局明年公车更新预算提前下达"},
                          {"body", "据财政局采购科反馈，2027年执法执勤用车更新预算将于一季度下达，建议提前对接。"},
                          {"account_id", account}},
                         rep);
  ASSERT_EQ(note.status, 201) << note.raw;
  int64_t note_id = note.body["id"].get<int64_t>();
  std::string mark = "/api/v1/support/policy-notes/" + std::to_string(note_id) + "/mark";
  EXPECT_EQ(api().post(mark, {{"version", 1}, {"useful", true}}, colleague).status, 403);
  EXPECT_EQ(todo(am, "policy_notes_to_mark"), 1);
  EXPECT_EQ(items_of(api().get("/api/v1/support/policy-notes?to_mark=true", am)).size(), 1u);
  EXPECT_EQ(items_of(api().get("/api/v1/support/policy-notes?to_mark=true", rep)).size(), 0u) << "a rep marks none";
  EXPECT_EQ(api().post(mark, {{"version", 1}, {"useful", "yes"}}, am).status, 422);
  auto marked = api().post(mark, {{"version", 1}, {"useful", true}, {"note", "信息及时"}}, am);
  ASSERT_EQ(marked.status, 200) << marked.raw;
  EXPECT_EQ(marked.body["status"], "useful");
  EXPECT_EQ(marked.body["points"], 5);
  auto twice = api().post(mark, {{"version", 2}, {"useful", false}}, am);
  EXPECT_EQ(twice.status, 409);
  EXPECT_EQ(twice.body["code"], "support.state");
  EXPECT_EQ(todo(am, "policy_notes_to_mark"), 0);

  // the rep sees their own 15 points; the colleague none; the area manager both rewards
  auto own = api().get("/api/v1/support/rewards?month=2026-06", rep);
  EXPECT_EQ(own.body["points"], 15);
  EXPECT_EQ(own.body["amount_fen"], 30000);
  EXPECT_EQ(api().get("/api/v1/support/rewards?month=2026-06", colleague).body["items"].size(), 0u);
  EXPECT_EQ(api()
                .get("/api/v1/support/rewards?month=2026-06&unit_id=" + std::to_string(tree.province), am)
                .body["items"]
                .size(),
            2u);
  EXPECT_EQ(api().get("/api/v1/support/rewards?month=2026-13", am).status, 422);
  // the ledger shows it in June against the rep
  auto ledger = api().get("/api/v1/support/ledger?year=2026&unit_id=" + std::to_string(tree.dealer_a), am);
  ASSERT_EQ(ledger.status, 200) << ledger.raw;
  EXPECT_EQ(ledger.body["months"][5]["rewards"]["points"], 15);
  EXPECT_EQ(ledger.body["total"]["rewards"]["amount_fen"], 30000);
  ASSERT_EQ(ledger.body["people"].size(), 1u);
  EXPECT_EQ(ledger.body["people"][0]["user_id"], rep.user_id);
  EXPECT_EQ(ledger.body["people"][0]["months"][5]["points"], 15);
}

TEST_F(SupportApi, UpfitterPoliciesAndHqDedicatedVisits) {
  clock::pin(at("2026-07-06T09:00:00+08:00"));
  auto tree = make_tree("上门");
  auto director = person("hv_dir", "ka_director", 1);
  auto staff = person("hv_staff", "ka_staff", 1);
  auto am = person("hv_am", "area_manager", tree.province);
  auto rep = person("hv_rep", "sales_rep", tree.dealer_a);
  auto model = api().post("/api/v1/vehicle-models",
                          {{"code", unique("UP")},
                           {"name", "江铃 勘查车"},
                           {"vehicle_type", "law_enforcement"},
                           {"kind", "upfit"},
                           {"upfitter", "江西江铃专用车"},
                           {"guide_price_fen", 26000000}},
                          director);
  ASSERT_EQ(model.status, 201) << model.raw;
  int64_t model_id = model.body["id"].get<int64_t>();
  json policy = {{"upfitter", "江西江铃专用车"},      {"model_id", model_id},    {"supply", "二类底盘 + 勘查上装整车"},
                 {"terms", "款到发车；上装质保两年"}, {"lead_days", 45},         {"price_fen", 24500000},
                 {"valid_from", "2026-01-01"},        {"valid_to", "2026-09-30"}};
  EXPECT_EQ(api().post("/api/v1/support/upfitter-policies", policy, am).status, 403);
  json backwards = policy;
  backwards["valid_to"] = "2025-12-31";
  EXPECT_EQ(api().post("/api/v1/support/upfitter-policies", backwards, director).status, 422);
  auto created = api().post("/api/v1/support/upfitter-policies", policy, director);
  ASSERT_EQ(created.status, 201) << created.raw;
  EXPECT_TRUE(created.body["in_force"]);
  auto shown =
      api().get("/api/v1/support/upfitter-policies?model_id=" + std::to_string(model_id) + "&on=2026-07-06", rep);
  ASSERT_EQ(shown.status, 200);
  ASSERT_EQ(shown.body["items"].size(), 1u);
  EXPECT_EQ(shown.body["items"][0]["lead_days"], 45);
  EXPECT_EQ(api()
                .get("/api/v1/support/upfitter-policies?model_id=" + std::to_string(model_id) + "&on=2026-10-05", rep)
                .body["items"]
                .size(),
            0u);

  // an HQ visit: planned by the director for KA staff, linked to the visit staff logged
  int64_t account = make_account(rep, tree.province_code, "省公安厅装备财务处", {{"grade", "key"}});
  json plan = {{"account_id", account},
               {"visitor_id", staff.user_id},
               {"planned_on", "2026-07-06"},
               {"purpose", "推介新款勘查车"}};
  EXPECT_EQ(api().post("/api/v1/support/hq-visits", plan, am).status, 403);
  json bad_visitor = plan;
  bad_visitor["visitor_id"] = rep.user_id;
  EXPECT_EQ(api().post("/api/v1/support/hq-visits", bad_visitor, director).status, 422);
  json past = plan;
  past["planned_on"] = "2026-07-01";
  EXPECT_EQ(api().post("/api/v1/support/hq-visits", past, director).status, 422);
  auto planned = api().post("/api/v1/support/hq-visits", plan, director);
  ASSERT_EQ(planned.status, 201) << planned.raw;
  int64_t hq_id = planned.body["id"].get<int64_t>();
  EXPECT_EQ(planned.body["unit_id"], tree.dealer_a);
  EXPECT_EQ(todo(staff, "hq_visits_due"), 1);
  EXPECT_EQ(items_of(api().get("/api/v1/support/hq-visits?mine=true", staff)).size(), 1u);
  EXPECT_EQ(items_of(api().get("/api/v1/support/hq-visits", am)).size(), 1u);

  auto logged = api().post("/api/v1/visits",
                           {{"account_id", account},
                            {"kind", "visit"},
                            {"occurred_at", clock::format_rfc3339(clock::now_ms())},
                            {"contact_ids", json::array()},
                            {"summary", "总部专员上门，演示勘查车并了解明年更新计划"}},
                           staff);
  ASSERT_EQ(logged.status, 201) << logged.raw;
  auto reps_visit = api().post("/api/v1/visits",
                               {{"account_id", account},
                                {"kind", "call"},
                                {"occurred_at", clock::format_rfc3339(clock::now_ms())},
                                {"contact_ids", json::array()},
                                {"summary", "电话预约总部专员上门时间"}},
                               rep);
  ASSERT_EQ(reps_visit.status, 201) << reps_visit.raw;
  std::string log_path = "/api/v1/support/hq-visits/" + std::to_string(hq_id) + "/log";
  EXPECT_EQ(api().post(log_path, {{"version", 1}, {"visit_id", reps_visit.body["id"]}}, staff).status, 422)
      << "someone else's visit";
  EXPECT_EQ(api().post(log_path, {{"version", 1}, {"visit_id", logged.body["id"]}}, rep).status, 403);
  auto done = api().post(log_path, {{"version", 1}, {"visit_id", logged.body["id"]}}, staff);
  ASSERT_EQ(done.status, 200) << done.raw;
  EXPECT_EQ(done.body["status"], "done");
  EXPECT_EQ(done.body["done_on"], "2026-07-06");
  EXPECT_EQ(todo(staff, "hq_visits_due"), 0);
  auto ledger = api().get("/api/v1/support/ledger?year=2026&unit_id=" + std::to_string(tree.province), am);
  EXPECT_EQ(ledger.body["months"][6]["hq_visits"]["done"], 1);
  auto cancel_done = api().post("/api/v1/support/hq-visits/" + std::to_string(hq_id) + "/cancel",
                                {{"version", 2}, {"reason", "x"}}, director);
  EXPECT_EQ(cancel_done.status, 409);
}
