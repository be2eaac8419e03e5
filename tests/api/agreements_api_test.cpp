// Framework agreements and supplier lists (协议供货、入围, issue 17): the area manager records the
// province's agreement, prepares, submits and wins the application with two models at their
// agreement prices and authorises one dealer; that dealer's rep names the agreement on an
// opportunity and quotes a listed model at the cap (above it, or another model, is a 422), wins
// and delivers; the agreement's sales count the delivery. The other dealer is refused, another
// province's manager sees nothing (404), the home page's to-dos equal their lists, and bad input,
// wrong roles and changes after the outcome change nothing.
#include "harness.h"
#include "modules/agreements/service.h"
#include "platform/clock.h"

using namespace fleetkam;
using namespace fleetkam::test;
using nlohmann::json;

class AgreementsApi : public ServerFixture {
 protected:
  void TearDown() override { clock::pin(std::nullopt); }

  int64_t model(const Session& director, const std::string& name) {
    auto m = api().post("/api/v1/vehicle-models",
                        {{"code", unique("XY")},
                         {"name", name},
                         {"vehicle_type", "command"},
                         {"kind", "upfit"},
                         {"upfitter", "中通专用车"},
                         {"guide_price_fen", 20000000}},
                        director);
    EXPECT_EQ(m.status, 201) << m.raw;
    int64_t id = m.body["id"];
    auto bands = api().request(
        "PUT", "/api/v1/vehicle-models/" + std::to_string(id) + "/bands",
        json{{"bands", {{{"procurement_method", "agreement"}, {"max_discount_bp", 800}, {"hq_discount_bp", 1500}}}}}
            .dump(),
        {{"Authorization", "Bearer " + director.token}});
    EXPECT_EQ(bands.status, 200) << bands.raw;
    return id;
  }
  std::string path(int64_t id, const std::string& rest = "") {
    return "/api/v1/agreements/" + std::to_string(id) + rest;
  }
  int64_t todo(const Session& as, const std::string& code) {
    auto home = api().get("/api/v1/home", as);
    EXPECT_EQ(home.status, 200) << home.raw;
    for (const auto& t : home.body["todos"])
      if (t["code"] == code) return t["count"].get<int64_t>();
    return -1;
  }
  size_t listed(const std::string& query, const Session& as) {
    auto r = api().get("/api/v1/agreements?" + query, as);
    EXPECT_EQ(r.status, 200) << r.raw;
    return r.body["items"].size();
  }
  int64_t count_rows(const std::string& table) {
    int64_t n = 0;
    app_->database().read([&](db::Connection& c) { n = c.query_one("SELECT COUNT(*) FROM " + table)->integer(0); });
    return n;
  }
};

TEST_F(AgreementsApi, FromApplicationToListedToAnOrderUnderTheCap) {
  clock::pin(at("2026-06-01T10:00:00+08:00"));
  auto tree = make_tree("协议");
  auto am = make_user(unique("ag_am"), "area_manager", tree.province);
  auto rep_a = make_user(unique("ag_rep_a"), "sales_rep", tree.dealer_a);
  auto rep_b = make_user(unique("ag_rep_b"), "sales_rep", tree.dealer_b);
  auto director = make_user(unique("ag_dir"), "ka_director", 1);
  auto other_region = make_unit("region", unique("别的大区"), 1);
  auto other_province = make_unit("province", unique("别的省"), other_region, next_province_code());
  auto other_am = make_user(unique("ag_am2"), "area_manager", other_province);
  int64_t m1 = model(director, "江铃 指挥车");
  int64_t m2 = model(director, "江铃 执法车");
  int64_t m3 = model(director, "江铃 勘察车");
  int64_t centre = make_account(am, tree.province_code, "省政府采购中心", {{"admin_level", "provincial"}});

  json body = {{"level", "provincial"},           {"centre_account_id", centre},
               {"unit_id", tree.province},        {"name", "2026—2027年度省级公务用车协议供货"},
               {"notice_no", unique("SC-2026-")}, {"notice_url", "https://www.ccgp-sichuan.gov.cn/notice/1"},
               {"starts_on", "2026-05-01"},       {"ends_on", "2026-08-15"},
               {"categories", {"command"}},       {"lots", {"第一包：指挥车"}},
               {"owner_user_id", am.user_id}};

  // bad input and wrong roles change nothing
  int64_t before = count_rows("agreements");
  auto backwards = body;
  backwards["ends_on"] = "2026-04-30";
  auto r = api().post("/api/v1/agreements", backwards, am);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.body["errors"][0]["field"], "ends_on");
  auto bad_type = body;
  bad_type["categories"] = {"no_such_vehicle_type"};
  EXPECT_EQ(api().post("/api/v1/agreements", bad_type, am).body["errors"][0]["field"], "categories");
  auto bad_owner = body;
  bad_owner["owner_user_id"] = rep_a.user_id;
  EXPECT_EQ(api().post("/api/v1/agreements", bad_owner, am).body["errors"][0]["field"], "owner_user_id");
  EXPECT_EQ(api().post("/api/v1/agreements", body, rep_a).status, 403);
  EXPECT_EQ(api().post("/api/v1/agreements", body, other_am).status, 422);  // not their province
  EXPECT_EQ(count_rows("agreements"), before);

  auto created = api().post("/api/v1/agreements", body, am);
  ASSERT_EQ(created.status, 201) << created.raw;
  int64_t id = created.body["id"];
  auto reminded = [&](const std::string& moment) {
    std::vector<std::string> keys;
    app_->database().read([&](db::Connection& c) {
      for (const auto& r : agreements::reminders(c, at(moment)))
        if (r.user_id == am.user_id && r.key.rfind("agreement:" + std::to_string(id) + ":", 0) == 0)
          keys.push_back(r.key);
    });
    return keys;
  };
  EXPECT_EQ(created.body["application"], "preparing");
  EXPECT_EQ(created.body["state"], "expiring");  // 75 days left
  EXPECT_EQ(created.body["can_manage"], true);
  EXPECT_EQ(api().post("/api/v1/agreements", body, am).status, 409);  // the same notice twice

  // who sees it: the province's people, not another province's
  EXPECT_EQ(api().get(path(id), rep_a).status, 200);
  EXPECT_EQ(api().get(path(id), rep_a).body["can_manage"], false);
  EXPECT_EQ(api().get(path(id), other_am).status, 404);
  EXPECT_EQ(api().get(path(id, "/sales"), other_am).status, 404);
  EXPECT_EQ(api().put(path(id, "/dealers"), {{"version", 1}, {"dealer_ids", {tree.dealer_a}}}, other_am).status, 404);

  // every write from another province's manager is a 404, and writes nothing
  int64_t audit_before = count_rows("audit_log");
  auto edit = body;
  edit["version"] = 1;
  for (const auto& [method, rest, body_of] : std::vector<std::tuple<std::string, std::string, json>>{
           {"PUT", "", edit},
           {"PUT", "/application", {{"version", 1}, {"documents", json::array()}, {"model_ids", {m1}}}},
           {"POST", "/application/submit", {{"version", 1}}},
           {"POST", "/application/outcome", {{"version", 1}, {"outcome", "not_listed"}}},
           {"PUT", "/listings", {{"version", 1}, {"listings", {{{"model_id", m1}, {"price_cap_fen", 100}}}}}},
           {"POST", "/competitors", {{"brand", "福特"}, {"model", "全顺"}, {"price_fen", 100}}}}) {
    auto answer = api().request(method, path(id, rest), body_of.dump(),
                                {{"Authorization", "Bearer " + other_am.token}, {"Content-Type", "application/json"}});
    EXPECT_EQ(answer.status, 404) << method << " " << rest << " " << answer.raw;
  }
  EXPECT_EQ(count_rows("audit_log"), audit_before);
  EXPECT_EQ(api().get(path(id), am).body["version"], 1);

  // the application: a document not ready stops the submission
  auto app = api().put(path(id, "/application"),
                       {{"version", 1},
                        {"deadline_on", "2026-06-06"},
                        {"documents",
                         {{{"name", "营业执照"}, {"provider", "dealer"}, {"ready", false}},
                          {{"name", "产品公告及3C证书"}, {"provider", "hq"}, {"ready", true}}}},
                        {"model_ids", {m1, m2}}},
                       am);
  ASSERT_EQ(app.status, 200) << app.raw;
  EXPECT_EQ(app.body["applied_models"].size(), 2u);
  EXPECT_EQ(todo(am, "agreement_applications_due"), 1);
  EXPECT_EQ(listed("mine=true&due=true", am), 1u);
  auto early = api().post(path(id, "/application/submit"), {{"version", app.body["version"]}}, am);
  EXPECT_EQ(early.status, 422);
  EXPECT_EQ(early.body["errors"][0]["field"], "documents");
  EXPECT_EQ(api()
                .post(path(id, "/application/outcome"), {{"version", app.body["version"]}, {"outcome", "listed"}}, am)
                .status,
            409);  // not submitted yet
  app = api().put(path(id, "/application"),
                  {{"version", app.body["version"]},
                   {"deadline_on", "2026-06-06"},
                   {"documents", {{{"name", "营业执照"}, {"provider", "dealer"}, {"ready", true}}}},
                   {"model_ids", {m1, m2}}},
                  am);
  ASSERT_EQ(app.status, 200) << app.raw;
  auto submitted = api().post(path(id, "/application/submit"), {{"version", app.body["version"]}}, am);
  ASSERT_EQ(submitted.status, 200) << submitted.raw;
  EXPECT_EQ(submitted.body["application"], "submitted");
  EXPECT_FALSE(submitted.body["submitted_at"].is_null());
  int64_t v = submitted.body["version"];
  // the reminders across a moved clock: the deadline (2026-06-06) a week ahead and the day before; the
  // end (2026-08-15) 90 and 30 days ahead, once listed
  EXPECT_TRUE(reminded("2026-05-29T23:59:00+08:00").empty());  // 8 days before its deadline
  EXPECT_EQ(reminded("2026-05-30T00:01:00+08:00"),
            (std::vector<std::string>{"agreement:" + std::to_string(id) + ":deadline:2026-06-06:7"}));
  EXPECT_EQ(reminded("2026-06-05T09:00:00+08:00"),
            (std::vector<std::string>{"agreement:" + std::to_string(id) + ":deadline:2026-06-06:1"}));

  // the outcome: listed with two models at their agreement prices; a cap of 0 changes nothing
  auto zero =
      api().post(path(id, "/application/outcome"),
                 {{"version", v}, {"outcome", "listed"}, {"listings", {{{"model_id", m1}, {"price_cap_fen", 0}}}}}, am);
  EXPECT_EQ(zero.status, 422);
  EXPECT_EQ(api().get(path(id), am).body["application"], "submitted");
  auto outcome =
      api().post(path(id, "/application/outcome"),
                 {{"version", v},
                  {"outcome", "listed"},
                  {"listings",
                   {{{"model_id", m1}, {"price_cap_fen", 19500000}, {"discount_terms", "批量10台以上再让1%"}},
                    {{"model_id", m2}, {"price_cap_fen", 18800000}}}},
                  {"note", "第一包入围"}},
                 am);
  ASSERT_EQ(outcome.status, 200) << outcome.raw;
  EXPECT_EQ(outcome.body["application"], "listed");
  EXPECT_EQ(outcome.body["listings"].size(), 2u);
  v = outcome.body["version"];
  // after the outcome the application does not change
  auto late =
      api().put(path(id, "/application"), {{"version", v}, {"documents", json::array()}, {"model_ids", {m3}}}, am);
  EXPECT_EQ(late.status, 409);
  EXPECT_EQ(late.body["code"], "agreement.decided");
  EXPECT_EQ(api().post(path(id, "/application/outcome"), {{"version", v}, {"outcome", "not_listed"}}, am).status, 409);
  EXPECT_EQ(todo(am, "agreement_applications_due"), 0);
  EXPECT_EQ(todo(am, "agreements_expiring"), 1);
  EXPECT_EQ(listed("mine=true&state=expiring&application=listed", am), 1u);
  // listed now: the deadline no longer reminds; the end does at 90 and at 30 days (China days)
  EXPECT_EQ(reminded("2026-07-16T10:00:00+08:00"),
            (std::vector<std::string>{"agreement:" + std::to_string(id) + ":ends:2026-08-15:30"}));
  EXPECT_EQ(reminded("2026-06-05T09:00:00+08:00"),
            (std::vector<std::string>{"agreement:" + std::to_string(id) + ":ends:2026-08-15:90"}));

  // competitors listed
  auto rival =
      api().post(path(id, "/competitors"), {{"brand", "福特"}, {"model", "全顺 指挥车"}, {"price_fen", 21000000}}, am);
  ASSERT_EQ(rival.status, 201) << rival.raw;
  std::string rival_path = path(id, "/competitors/" + std::to_string(rival.body["id"].get<int64_t>()));
  EXPECT_EQ(api().request("DELETE", rival_path, "", {{"Authorization", "Bearer " + other_am.token}}).status, 404);
  EXPECT_EQ(api().request("DELETE", rival_path, "", {{"Authorization", "Bearer " + rep_a.token}}).status, 403);
  EXPECT_EQ(api().get(path(id), am).body["competitors"].size(), 1u);
  EXPECT_EQ(api().post(path(id, "/competitors"), {{"brand", "福特"}, {"model", "x"}, {"price_fen", 0}}, am).status,
            422);
  EXPECT_EQ(api().post(path(id, "/competitors"), {{"brand", "福特"}, {"model", "x"}, {"price_fen", 1}}, rep_a).status,
            403);

  // authorised dealers: dealer A only; a dealer of another province is refused
  auto foreign = api().put(path(id, "/dealers"), {{"version", v}, {"dealer_ids", {other_province}}}, am);
  EXPECT_EQ(foreign.status, 422);
  auto dealers = api().put(path(id, "/dealers"), {{"version", v}, {"dealer_ids", {tree.dealer_a}}}, am);
  ASSERT_EQ(dealers.status, 200) << dealers.raw;
  EXPECT_EQ(dealers.body["dealers_count"], 1);

  // coverage: the province's command vehicles are listed (and expiring)
  auto cov = api().get("/api/v1/agreements/coverage?category=command", am);
  ASSERT_EQ(cov.status, 200) << cov.raw;
  bool found = false;
  for (const auto& row : cov.body["rows"])
    if (row["unit_id"] == tree.province) {
      EXPECT_EQ(row["cells"][0]["status"], "listed");
      EXPECT_EQ(row["cells"][0]["expiring"], 1);
      found = true;
    }
  EXPECT_TRUE(found);

  // orders under it: only the authorised dealer, only by agreement
  int64_t account_a = make_account(rep_a, tree.province_code, "某市公安局", {{"grade", "key"}});
  int64_t account_b = make_account(rep_b, tree.province_code, "某县公安局", {{"grade", "key"}});
  json opp = {
      {"title", "指挥车协议采购"},
      {"lines", {{{"vehicle_type", "command"}, {"model_id", m1}, {"quantity", 4}, {"unit_price_fen", 19500000}}}},
      {"expected_date", "2026-07-15"},
      {"procurement_method", "agreement"},
      {"usage_area", "in_province"},
      {"agreement_id", id}};
  opp["account_id"] = account_b;
  auto refused = api().post("/api/v1/opportunities", opp, rep_b);
  EXPECT_EQ(refused.status, 422);
  EXPECT_EQ(refused.body["errors"][0]["code"], "agreement_dealer_not_authorised");
  opp["account_id"] = account_a;
  auto tender = opp;
  tender["procurement_method"] = "tender";
  EXPECT_EQ(api().post("/api/v1/opportunities", tender, rep_a).body["errors"][0]["code"], "agreement_method");
  auto o = api().post("/api/v1/opportunities", opp, rep_a);
  ASSERT_EQ(o.status, 201) << o.raw;
  EXPECT_EQ(o.body["agreement_id"], id);
  EXPECT_EQ(o.body["agreement_name"], "2026—2027年度省级公务用车协议供货");
  int64_t oid = o.body["id"];
  auto under = api().get("/api/v1/opportunities?agreement_id=" + std::to_string(id), am);
  ASSERT_EQ(under.status, 200);
  EXPECT_EQ(under.body["items"].size(), 1u);

  std::string opath = "/api/v1/opportunities/" + std::to_string(oid);
  int64_t quotes_before = count_rows("quotes");
  auto above = api().post(opath + "/quotes", {{"model_id", m1}, {"quantity", 4}, {"unit_price_fen", 19500001}}, rep_a);
  EXPECT_EQ(above.status, 422);
  EXPECT_EQ(above.body["errors"][0]["code"], "agreement_above_cap");
  auto unlisted =
      api().post(opath + "/quotes", {{"model_id", m3}, {"quantity", 4}, {"unit_price_fen", 18000000}}, rep_a);
  EXPECT_EQ(unlisted.body["errors"][0]["code"], "agreement_model_not_listed");
  EXPECT_EQ(count_rows("quotes"), quotes_before);
  auto at_cap = api().post(opath + "/quotes", {{"model_id", m1}, {"quantity", 4}, {"unit_price_fen", 19500000}}, rep_a);
  ASSERT_EQ(at_cap.status, 201) << at_cap.raw;
  EXPECT_EQ(at_cap.body["status"], "approved");

  auto current = api().get(opath, rep_a);
  auto won = api().post(opath + "/transitions",
                        {{"stage", "won"}, {"version", current.body["version"]}, {"reason", "协议价内成交"}}, rep_a);
  ASSERT_EQ(won.status, 200) << won.raw;
  json delivery = {
      {"date", "2026-06-01"}, {"quantity", 3}, {"model", "江铃 勘察车"}, {"vehicle_type", "command"}, {"model_id", m3}};
  EXPECT_EQ(api().post(opath + "/deliveries", delivery, rep_a).body["errors"][0]["code"], "agreement_model_not_listed");
  delivery["model_id"] = m1;
  delivery["model"] = "江铃 指挥车";
  auto delivered = api().post(opath + "/deliveries", delivery, rep_a);
  ASSERT_EQ(delivered.status, 201) << delivered.raw;

  // the agreement's sales: 3 units at the quote's price, by province and dealer
  auto sales = api().get(path(id, "/sales"), am);
  ASSERT_EQ(sales.status, 200) << sales.raw;
  EXPECT_EQ(sales.body["units"], 3);
  EXPECT_EQ(sales.body["amount_fen"], 3 * 19500000);
  ASSERT_EQ(sales.body["by_dealer"].size(), 1u);
  EXPECT_EQ(sales.body["by_dealer"][0]["unit_id"], tree.dealer_a);
  ASSERT_EQ(sales.body["by_province"].size(), 1u);
  EXPECT_EQ(sales.body["by_province"][0]["unit_id"], tree.province);
  // the other dealer's rep sees the agreement but none of dealer A's sales
  EXPECT_EQ(api().get(path(id, "/sales"), rep_b).body["units"], 0);
  // a delivery voided leaves the agreement's sales
  auto voided = api().post("/api/v1/deliveries/" + std::to_string(delivered.body["id"].get<int64_t>()) + "/void",
                           {{"reason", "录入错误"}}, rep_a);
  ASSERT_EQ(voided.status, 200) << voided.raw;
  EXPECT_EQ(api().get(path(id, "/sales"), am).body["units"], 0);
  EXPECT_EQ(api().get(path(id, "/sales"), am).body["by_dealer"].size(), 0u);

  // the list by province and vehicle type (a coverage cell's), and a category that is no code
  auto by_cell = api().get("/api/v1/agreements?unit_id=" + std::to_string(tree.province) + "&category=command", rep_a);
  ASSERT_EQ(by_cell.status, 200) << by_cell.raw;
  EXPECT_EQ(by_cell.body["items"].size(), 1u);
  EXPECT_EQ(api().get("/api/v1/agreements?category=police_patrol", rep_a).status, 200);
  EXPECT_EQ(api().get("/api/v1/agreements?category=%25", rep_a).status, 422);

  // the export is a workbook
  auto xlsx = api().get("/api/v1/agreements/export?mine=true", am);
  EXPECT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.raw.substr(0, 2), "PK");
}
