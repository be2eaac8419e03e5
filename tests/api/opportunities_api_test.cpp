// Opportunities against the real server: a registration converted and carried to won through a
// quote that needs the regional director and HQ, deliveries within and beyond what was won, the
// figures (actual sales, pyramid, board, tenders due), every 4xx path with nothing changed,
// cross-scope reads and writes (404) and approvals by someone without the right (403).
#include <map>

#include "harness.h"
#include "platform/clock.h"

using namespace fleetkam;
using namespace fleetkam::test;
using nlohmann::json;

class OpportunitiesApi : public ServerFixture {
 protected:
  void SetUp() override {
    auto tree = make_tree("商机");
    region_ = tree.region;
    province_code_ = tree.province_code;
    province_ = tree.province;
    dealer_a_ = tree.dealer_a;
    dealer_b_ = tree.dealer_b;
    other_region_ = make_unit("region", unique("别的大区"), 1);
    auto other_province = make_unit("province", unique("别的省区"), other_region_, next_province_code());
    rep_a_ = make_user(unique("opp_a"), "sales_rep", dealer_a_);
    rep_b_ = make_user(unique("opp_b"), "sales_rep", dealer_b_);
    manager_ = make_user(unique("opp_am"), "area_manager", province_);
    regional_ = make_user(unique("opp_rd"), "regional_director", region_);
    other_regional_ = make_user(unique("opp_rd2"), "regional_director", other_region_);
    other_manager_ = make_user(unique("opp_am2"), "area_manager", other_province);
    director_ = make_user(unique("opp_dir"), "ka_director", 1);
    executive_ = make_user(unique("opp_exec"), "ka_executive", 1);
    auto model = api().post("/api/v1/vehicle-models",
                            {{"code", unique("JX")},
                             {"name", "江铃 指挥车"},
                             {"vehicle_type", "command"},
                             {"kind", "upfit"},
                             {"upfitter", "中通专用车"},
                             {"guide_price_fen", 20000000}},
                            director_);
    ASSERT_EQ(model.status, 201) << model.raw;
    model_ = model.body["id"];
    auto bands = api().request(
        "PUT", "/api/v1/vehicle-models/" + std::to_string(model_) + "/bands",
        json{{"bands", {{{"procurement_method", "tender"}, {"max_discount_bp", 500}, {"hq_discount_bp", 1000}}}}}
            .dump(),
        {{"Authorization", "Bearer " + director_.token}});
    ASSERT_EQ(bands.status, 200) << bands.raw;
  }
  void TearDown() override { clock::pin(std::nullopt); }

  int64_t account(const Session& as, const std::string& grade = "key") {
    return make_account(as, province_code_, "某市公安局", {{"grade", grade}});
  }
  json opportunity(int64_t account_id, int64_t quantity = 10) {
    return {
        {"account_id", account_id},
        {"title", "指挥车采购"},
        {"lines",
         {{{"vehicle_type", "command"}, {"model_id", model_}, {"quantity", quantity}, {"unit_price_fen", 19500000}}}},
        {"budget_fen", 200000000},
        {"expected_date", day_from_today(60)},
        {"procurement_method", "tender"},
        {"usage_area", "in_province"},
        {"requirements", {{"body", "高顶"}, {"configuration", "国六柴油"}}},
        {"probability", 40},
        {"value", "high"},
        {"difficulty", "medium"}};
  }
  static std::string path(int64_t id, const std::string& tail = "") {
    return "/api/v1/opportunities/" + std::to_string(id) + tail;
  }
  Response move(int64_t id, const std::string& stage, const Session& as, json extra = json::object()) {
    auto current = api().get(path(id), as);
    extra["stage"] = stage;
    extra["version"] = current.body.value("version", 0);
    return api().post(path(id, "/transitions"), extra, as);
  }
  Response decide(int64_t quote, const std::string& decision, const Session& as, const std::string& note = "") {
    auto current = api().get("/api/v1/quotes?status=pending_regional,pending_hq", director_);
    int64_t version = 1;
    for (const auto& q : current.body["items"])
      if (q["id"] == quote) version = q["version"];
    json body = {{"decision", decision}, {"version", version}};
    if (!note.empty()) body["note"] = note;
    return api().post("/api/v1/quotes/" + std::to_string(quote) + "/decision", body, as);
  }

  int64_t region_ = 0, province_ = 0, dealer_a_ = 0, dealer_b_ = 0, other_region_ = 0, model_ = 0;
  std::string province_code_;
  Session rep_a_, rep_b_, manager_, regional_, other_regional_, other_manager_, director_, executive_;
};

TEST_F(OpportunitiesApi, FromRegistrationToDeliveredUnits) {
  // a lead registered and approved
  auto reg = api().post("/api/v1/registrations", registration_body(account(rep_a_)), rep_a_);
  ASSERT_EQ(reg.status, 201) << reg.raw;
  int64_t reg_id = reg.body["id"];
  auto approved =
      api().post("/api/v1/registrations/" + std::to_string(reg_id) + "/review",
                 {{"decision", "approve"}, {"authentic", true}, {"version", reg.body["version"]}}, manager_);
  ASSERT_EQ(approved.status, 200) << approved.raw;
  // converted
  auto body = opportunity(reg.body["account_id"]);
  body["registration_id"] = reg_id;
  auto created = api().post("/api/v1/opportunities", body, rep_a_);
  ASSERT_EQ(created.status, 201) << created.raw;
  int64_t id = created.body["id"];
  EXPECT_EQ(created.body["stage"], "discover");
  EXPECT_EQ(created.body["procurement_stage"], "deliberation");
  EXPECT_EQ(created.body["owner_unit_id"], dealer_a_);
  EXPECT_EQ(created.body["quantity"], 10);
  EXPECT_EQ(created.body["amount_fen"], 195000000);
  EXPECT_EQ(created.body["lines"][0]["model"], "江铃 指挥车");
  EXPECT_EQ(created.body["requirements"]["body"], "高顶");
  auto converted = api().get("/api/v1/registrations/" + std::to_string(reg_id), rep_a_);
  EXPECT_EQ(converted.body["status"], "converted");
  EXPECT_EQ(converted.body["opportunity_id"], id);
  // a registration converts once
  EXPECT_EQ(api().post("/api/v1/opportunities", body, rep_a_).body["code"], "registration.not_convertible");

  // each forward move renews the protection to 90 days from the move (audited as an extension)
  const int64_t start = clock::now_ms() / 1000 * 1000;
  auto protected_until = [&]() {
    auto r = api().get("/api/v1/registrations/" + std::to_string(reg_id), rep_a_);
    EXPECT_EQ(r.status, 200) << r.raw;
    return clock::parse_rfc3339(r.body.value("protected_until", "")).value_or(0);
  };
  clock::pin(start + 60000);
  ASSERT_EQ(move(id, "contact", rep_a_).status, 200);
  EXPECT_EQ(protected_until(), start + 60000 + 90 * 86400000LL);
  clock::pin(start + 120000);
  ASSERT_EQ(move(id, "analyze", rep_a_).status, 200);
  EXPECT_EQ(protected_until(), start + 120000 + 90 * 86400000LL);
  clock::pin(std::nullopt);
  auto audit = api().get("/api/v1/audit?entity=registration&id=" + std::to_string(reg_id), admin());
  int extensions = 0;
  for (const auto& e : items_of(audit)) extensions += e["action"] == "extend" ? 1 : 0;
  EXPECT_EQ(extensions, 2) << audit.raw;
  auto positioned = move(id, "position", rep_a_, {{"procurement_stage", "evaluation"}});
  ASSERT_EQ(positioned.status, 200) << positioned.raw;
  EXPECT_EQ(positioned.body["procurement_stage"], "evaluation");

  // a tender closing in three days is on the list of deadlines, in scope only
  auto deadline = clock::format_rfc3339(clock::now_ms() + int64_t{3} * 86400000);
  auto tender = api().post(path(id, "/tenders"),
                           {{"notice_no", "ZC-2026-001"},
                            {"published_where", "省政府采购网"},
                            {"published_on", day_from_today(-10)},
                            {"bid_deadline", deadline},
                            {"lots", {{{"no", "1"}, {"name", "指挥车"}, {"quantity", 10}}}}},
                           rep_a_);
  ASSERT_EQ(tender.status, 201) << tender.raw;
  EXPECT_EQ(tender.body["lots"][0]["name"], "指挥车");
  auto due = [&](const Session& as) {
    auto list = api().get("/api/v1/tenders?due_within_days=7", as);
    for (const auto& t : items_of(list))
      if (t["id"] == tender.body["id"]) return true;
    return false;
  };
  EXPECT_TRUE(due(rep_a_));
  EXPECT_TRUE(due(manager_));
  EXPECT_FALSE(due(rep_b_));
  EXPECT_FALSE(due(other_manager_));
  EXPECT_TRUE(items_of(api().get("/api/v1/tenders?due_within_days=1", rep_a_)).empty());
  auto result = api().patch("/api/v1/tenders/" + std::to_string(tender.body["id"].get<int64_t>()),
                            {{"version", tender.body["version"]}, {"result", "won"}, {"winner", "本公司"}}, rep_a_);
  ASSERT_EQ(result.status, 200) << result.raw;
  EXPECT_EQ(result.body["result"], "won");

  // a competitor's quote, then ours 15 % under the guide price: the regional director, then HQ
  ASSERT_EQ(api()
                .post(path(id, "/competitor-quotes"),
                      {{"brand", "上汽大通"}, {"model", "V90"}, {"unit_price_fen", 17200000}}, rep_a_)
                .status,
            201);
  auto quote =
      api().post(path(id, "/quotes"), {{"model_id", model_}, {"quantity", 10}, {"unit_price_fen", 17000000}}, rep_a_);
  ASSERT_EQ(quote.status, 201) << quote.raw;
  EXPECT_EQ(quote.body["status"], "pending_regional");
  EXPECT_EQ(quote.body["approval_level"], "hq");
  EXPECT_EQ(quote.body["discount_bp"], 1500);
  EXPECT_EQ(quote.body["guide_price_fen"], 20000000);
  int64_t q = quote.body["id"];
  std::string qpath = "/api/v1/quotes/" + std::to_string(q);
  // not sent before approval; not won while a quote waits
  EXPECT_EQ(api().post(qpath + "/send", {{"version", 1}}, rep_a_).body["code"], "quote.not_approved");
  auto early = move(id, "won", rep_a_, {{"reason", "中标"}});
  EXPECT_EQ(early.status, 409);
  EXPECT_EQ(early.body["code"], "quote.pending");
  // who may not decide: the dealer and the area manager (403), another region's director (404)
  EXPECT_EQ(decide(q, "approve", rep_a_).status, 403);
  EXPECT_EQ(decide(q, "approve", manager_).status, 403);
  EXPECT_EQ(decide(q, "approve", other_regional_).status, 404);
  // the inbox: the regional director sees it, the other region's does not
  auto inbox = [&](const Session& as) {
    auto list = api().get("/api/v1/quotes?awaiting_me=true", as);
    for (const auto& item : items_of(list))
      if (item["id"] == q) return true;
    return false;
  };
  EXPECT_TRUE(inbox(regional_));
  EXPECT_FALSE(inbox(other_regional_));
  EXPECT_FALSE(inbox(manager_));
  auto first = decide(q, "approve", regional_, "同意");
  ASSERT_EQ(first.status, 200) << first.raw;
  EXPECT_EQ(first.body["status"], "pending_hq");
  // the HQ step is not the regional director's
  EXPECT_EQ(decide(q, "approve", regional_).status, 403);
  EXPECT_FALSE(inbox(regional_));
  EXPECT_TRUE(inbox(director_));
  auto second = decide(q, "approve", executive_, "总部同意");
  ASSERT_EQ(second.status, 200) << second.raw;
  EXPECT_EQ(second.body["status"], "approved");
  ASSERT_EQ(second.body["approvals"].size(), 2u);
  EXPECT_EQ(second.body["approvals"][0]["level"], "regional");
  EXPECT_EQ(second.body["approvals"][1]["level"], "hq");
  EXPECT_EQ(decide(q, "approve", director_).body["code"], "quote.not_pending");
  auto sent = api().post(qpath + "/send", {{"version", second.body["version"]}}, rep_a_);
  ASSERT_EQ(sent.status, 200) << sent.raw;
  EXPECT_EQ(sent.body["status"], "sent");

  // won needs a reason; then it is final
  auto no_reason = move(id, "won", rep_a_);
  EXPECT_EQ(no_reason.status, 422);
  EXPECT_EQ(no_reason.body["errors"][0]["field"], "reason");
  auto won = move(id, "won", rep_a_, {{"reason", "价格与售后优于竞品"}});
  ASSERT_EQ(won.status, 200) << won.raw;
  EXPECT_EQ(won.body["won_units"], 10);
  EXPECT_EQ(won.body["procurement_stage"], "commitment");
  EXPECT_FALSE(won.body["closed_at"].is_null());
  EXPECT_EQ(won.body["probability"], 100);  // the owner's 40 held while open; won counts 100
  EXPECT_EQ(won.body["probability_overridden"], false);
  EXPECT_EQ(move(id, "bid", rep_a_, {{"reason", "再议"}}).body["code"], "opportunity.closed");
  EXPECT_EQ(api().patch(path(id), {{"version", won.body["version"]}, {"title", "改"}}, rep_a_).body["code"],
            "opportunity.closed");

  // deliveries: up to what was won, beyond it only with a reason
  std::string today = clock::format_rfc3339(clock::now_ms()).substr(0, 10);
  json delivery = {{"date", today}, {"quantity", 6}, {"model", "江铃 指挥车"}, {"vehicle_type", "command"}};
  auto d1 = api().post(path(id, "/deliveries"), delivery, rep_a_);
  ASSERT_EQ(d1.status, 201) << d1.raw;
  EXPECT_EQ(d1.body["unit_id"], dealer_a_);
  EXPECT_EQ(d1.body["month"], today.substr(0, 7));
  delivery["quantity"] = 5;
  auto over = api().post(path(id, "/deliveries"), delivery, rep_a_);
  EXPECT_EQ(over.status, 409);
  EXPECT_EQ(over.body["code"], "delivery.exceeds_won");
  delivery["over_reason"] = "客户追加一台";
  ASSERT_EQ(api().post(path(id, "/deliveries"), delivery, rep_a_).status, 201);
  auto detail = api().get(path(id), manager_);
  EXPECT_EQ(detail.body["delivered_units"], 11);
  EXPECT_EQ(detail.body["deliveries"].size(), 2u);
  EXPECT_EQ(detail.body["tenders"].size(), 1u);
  EXPECT_EQ(detail.body["competitor_quotes"].size(), 1u);
  EXPECT_EQ(detail.body["quotes"][0]["status"], "sent");

  // the actual sales: per unit, rolled up to the province and the region, per user; in scope only
  std::string month = today.substr(0, 7);
  auto units_of = [&](const Session& as, const std::string& by, const std::string& key, int64_t id_value) {
    auto r = api().get("/api/v1/deliveries/summary?from=" + month + "&to=" + month + "&by=" + by, as);
    EXPECT_EQ(r.status, 200) << r.raw;
    int64_t units = 0;
    for (const auto& item : r.body["items"])
      if (item["month"] == month && (key.empty() || item[key] == id_value)) units += item["units"].get<int64_t>();
    return units;
  };
  EXPECT_EQ(units_of(manager_, "month,unit", "unit_id", dealer_a_), 11);
  EXPECT_EQ(units_of(manager_, "month,province", "unit_id", province_), 11);
  EXPECT_EQ(units_of(regional_, "month,region", "unit_id", region_), 11);
  EXPECT_EQ(units_of(rep_a_, "month,user", "user_id", rep_a_.user_id), 11);
  EXPECT_EQ(units_of(rep_a_, "month", "", 0), 11);
  EXPECT_EQ(units_of(rep_b_, "month", "", 0), 0);
  EXPECT_EQ(units_of(other_manager_, "month", "", 0), 0);
  // the value pyramid of the dealer: its key account brought the units
  auto pyramid = api().get("/api/v1/accounts/pyramid", rep_a_);
  ASSERT_EQ(pyramid.status, 200) << pyramid.raw;
  EXPECT_EQ(pyramid.body["grades"][0]["grade"], "key");
  EXPECT_EQ(pyramid.body["grades"][0]["units"], 11);
  EXPECT_EQ(pyramid.body["total_units"], 11);
  EXPECT_EQ(pyramid.body["grades"][0]["unit_share"], 1.0);

  // the history: created, four moves, won, with who and why
  auto history = api().get(path(id, "/transitions"), rep_a_);
  ASSERT_EQ(history.body["items"].size(), 5u) << history.raw;
  EXPECT_TRUE(history.body["items"][0]["from_stage"].is_null());
  EXPECT_EQ(history.body["items"][4]["to_stage"], "won");
  EXPECT_EQ(history.body["items"][4]["reason"], "价格与售后优于竞品");
}

TEST_F(OpportunitiesApi, LostNeedsTheWinnerAndReopensWithAReason) {
  auto created = api().post("/api/v1/opportunities", opportunity(account(rep_a_)), rep_a_);
  ASSERT_EQ(created.status, 201) << created.raw;
  int64_t id = created.body["id"];
  auto lost = move(id, "lost", rep_a_, {{"reason", "预算削减"}});
  EXPECT_EQ(lost.status, 422);
  EXPECT_EQ(lost.body["errors"][0]["field"], "lost_to");
  lost = move(id, "lost", rep_a_, {{"reason", "预算削减"}, {"lost_to", "上汽大通"}});
  ASSERT_EQ(lost.status, 200) << lost.raw;
  EXPECT_EQ(lost.body["lost_to"], "上汽大通");
  EXPECT_EQ(lost.body["procurement_stage"], "deliberation");  // the customer's process where it was
  EXPECT_EQ(move(id, "won", rep_a_, {{"reason", "x"}}).body["code"], "opportunity.invalid_transition");
  EXPECT_EQ(move(id, "contact", rep_a_).status, 422);  // reopening says why
  auto reopened = move(id, "contact", rep_a_, {{"reason", "重新招标"}});
  ASSERT_EQ(reopened.status, 200) << reopened.raw;
  EXPECT_TRUE(reopened.body["closed_at"].is_null());
  EXPECT_TRUE(reopened.body["lost_to"].is_null());
  // back a stage needs a reason too; a delivery needs a won order
  EXPECT_EQ(move(id, "discover", rep_a_).status, 422);
  auto delivery =
      api().post(path(id, "/deliveries"),
                 {{"date", "2026-01-05"}, {"quantity", 1}, {"model", "x"}, {"vehicle_type", "command"}}, rep_a_);
  EXPECT_EQ(delivery.status, 409);
  EXPECT_EQ(delivery.body["code"], "opportunity.not_won");
}

TEST_F(OpportunitiesApi, BadInputIsRefusedAndChangesNothing) {
  int64_t acc = account(rep_a_);
  auto before = count("opportunities");
  auto bad = [&](json body, const std::string& field) {
    auto r = api().post("/api/v1/opportunities", body, rep_a_);
    EXPECT_EQ(r.status, 422) << field << ": " << r.raw;
    EXPECT_EQ(r.body["code"], "validation_failed");
    bool named = false;
    for (const auto& e : r.body["errors"]) named |= e["field"] == field;
    EXPECT_TRUE(named) << field << ": " << r.raw;
  };
  auto base = opportunity(acc);
  auto without = [&](const std::string& f) {
    auto b = base;
    b.erase(f);
    return b;
  };
  for (const char* f : {"title", "lines", "expected_date", "procurement_method", "usage_area", "account_id"})
    bad(without(f), f);
  auto b = base;
  b["lines"] = json::array();
  bad(b, "lines");
  b = base;
  b["lines"][0]["quantity"] = 0;
  bad(b, "lines[0].quantity");
  b = base;
  b["lines"][0]["vehicle_type"] = "spaceship";
  bad(b, "lines[0].vehicle_type");
  b = base;
  b["lines"][0]["vehicle_type"] = "police_patrol";  // not the model's type
  bad(b, "lines[0].vehicle_type");
  b = base;
  b["lines"][0]["model_id"] = 999999;
  bad(b, "lines[0].model_id");
  b = base;
  b["expected_date"] = "2025-02-30";
  bad(b, "expected_date");
  b = base;
  b["stage"] = "won";
  bad(b, "stage");
  b = base;
  b["probability"] = 101;
  bad(b, "probability");
  b = base;
  b["usage_area"] = "abroad";
  bad(b, "usage_area");
  b = base;
  b["colour"] = "red";
  bad(b, "colour");
  b = base;
  b["requirements"] = {{"wheels", "4"}};
  bad(b, "requirements.wheels");
  b = base;
  b["owner_user_id"] = rep_b_.user_id;  // not of the owning dealer
  bad(b, "owner_user_id");
  EXPECT_EQ(
      api().request("POST", "/api/v1/opportunities", "{not json", {{"Authorization", "Bearer " + rep_a_.token}}).status,
      400);
  // a registration still pending does not convert
  auto reg = api().post("/api/v1/registrations", registration_body(acc, {{"quantity", 1}}), rep_a_);
  b = base;
  b["registration_id"] = reg.body["id"];
  EXPECT_EQ(api().post("/api/v1/opportunities", b, rep_a_).body["code"], "registration.not_convertible");
  EXPECT_EQ(count("opportunities"), before);

  auto created = api().post("/api/v1/opportunities", base, rep_a_);
  ASSERT_EQ(created.status, 201);
  int64_t id = created.body["id"];
  auto transitions = count("opportunity_transitions");
  // transitions: unknown stage, stale version, same stage
  EXPECT_EQ(move(id, "nowhere", rep_a_).status, 422);
  EXPECT_EQ(api().post(path(id, "/transitions"), {{"stage", "contact"}, {"version", 99}}, rep_a_).body["code"],
            "version_conflict");
  EXPECT_EQ(move(id, "discover", rep_a_).body["code"], "opportunity.invalid_transition");
  // tenders: opening before the deadline, a bad day, missing fields
  auto t = api().post(path(id, "/tenders"),
                      {{"notice_no", "N1"},
                       {"published_where", "网"},
                       {"published_on", "2025-13-01"},
                       {"bid_deadline", day_from_today(10) + "T09:00:00+08:00"},
                       {"opening_at", day_from_today(9) + "T09:00:00+08:00"}},
                      rep_a_);
  EXPECT_EQ(t.status, 422);
  EXPECT_EQ(t.body["errors"].size(), 2u) << t.raw;
  EXPECT_EQ(api().post(path(id, "/tenders"), {{"notice_no", "N1"}}, rep_a_).status, 422);
  EXPECT_EQ(api().get("/api/v1/tenders?from=2026-12-01", rep_a_).status, 422);
  // quotes: unknown model, zero price
  EXPECT_EQ(
      api().post(path(id, "/quotes"), {{"model_id", 999999}, {"quantity", 1}, {"unit_price_fen", 1}}, rep_a_).status,
      422);
  EXPECT_EQ(
      api().post(path(id, "/quotes"), {{"model_id", model_}, {"quantity", 1}, {"unit_price_fen", 0}}, rep_a_).status,
      422);
  // catalogue: only HQ; upfits name their upfitter; codes are unique; bands hq ≥ max
  json model = {
      {"code", unique("M")}, {"name", "x"}, {"vehicle_type", "command"}, {"kind", "base"}, {"guide_price_fen", 100}};
  EXPECT_EQ(api().post("/api/v1/vehicle-models", model, rep_a_).status, 403);
  EXPECT_EQ(api().post("/api/v1/vehicle-models", model, manager_).status, 403);
  model["kind"] = "upfit";
  EXPECT_EQ(api().post("/api/v1/vehicle-models", model, director_).body["errors"][0]["field"], "upfitter");
  auto models = count("vehicle_models");
  auto taken = api().get("/api/v1/vehicle-models", rep_a_).body["items"][0]["code"];
  model["upfitter"] = "u";
  model["code"] = taken;
  EXPECT_EQ(api().post("/api/v1/vehicle-models", model, director_).body["errors"][0]["code"], "taken");
  EXPECT_EQ(count("vehicle_models"), models);
  auto bands = api().request(
      "PUT", "/api/v1/vehicle-models/" + std::to_string(model_) + "/bands",
      json{{"bands", {{{"procurement_method", "tender"}, {"max_discount_bp", 900}, {"hq_discount_bp", 100}}}}}.dump(),
      {{"Authorization", "Bearer " + director_.token}});
  EXPECT_EQ(bands.status, 422);
  EXPECT_EQ(bands.body["errors"][0]["field"], "bands[0].hq_discount_bp");
  // deliveries: a day in the future, a bad quantity (the won check comes after the input's)
  json delivery = {{"date", day_from_today(2)}, {"quantity", 1}, {"model", "x"}, {"vehicle_type", "command"}};
  EXPECT_EQ(api().post(path(id, "/deliveries"), delivery, rep_a_).status, 422);
  delivery["date"] = "2026-01-01";
  delivery["quantity"] = 0;
  EXPECT_EQ(api().post(path(id, "/deliveries"), delivery, rep_a_).status, 422);
  // figures: bad months and groupings
  EXPECT_EQ(api().get("/api/v1/deliveries/summary?from=2026-13", rep_a_).status, 422);
  EXPECT_EQ(api().get("/api/v1/deliveries/summary?from=2020-01&to=2026-01", rep_a_).status, 422);
  EXPECT_EQ(api().get("/api/v1/deliveries/summary?by=week", rep_a_).status, 422);
  EXPECT_EQ(api().get("/api/v1/deliveries/summary?from=2026-05&to=2026-04", rep_a_).status, 422);
  EXPECT_EQ(api().get("/api/v1/accounts/pyramid?to=26-01", rep_a_).status, 422);
  EXPECT_EQ(api().get("/api/v1/opportunities?stage=closed", rep_a_).status, 422);
  EXPECT_EQ(api().get("/api/v1/opportunities/board?per_stage=0", rep_a_).status, 422);
  EXPECT_EQ(count("opportunity_transitions"), transitions);
}

TEST_F(OpportunitiesApi, AnotherScopeSeesAndChangesNothing) {
  auto created = api().post("/api/v1/opportunities", opportunity(account(rep_a_)), rep_a_);
  ASSERT_EQ(created.status, 201);
  int64_t id = created.body["id"];
  // another dealer's account is not found either
  EXPECT_EQ(api().post("/api/v1/opportunities", opportunity(account(rep_b_)), rep_a_).status, 404);
  for (const Session* other : {&rep_b_, &other_manager_, &other_regional_}) {
    EXPECT_EQ(api().get(path(id), *other).status, 404);
    EXPECT_EQ(api().get(path(id, "/transitions"), *other).status, 404);
    EXPECT_EQ(api().get(path(id, "/deliveries"), *other).status, 404);
    EXPECT_EQ(api().patch(path(id), {{"version", 1}, {"title", "改"}}, *other).status, 404);
    EXPECT_EQ(api().post(path(id, "/transitions"), {{"stage", "contact"}, {"version", 1}}, *other).status, 404);
    EXPECT_EQ(api()
                  .post(path(id, "/competitor-quotes"), {{"brand", "b"}, {"model", "m"}, {"unit_price_fen", 1}}, *other)
                  .status,
              404);
    EXPECT_EQ(
        api().post(path(id, "/quotes"), {{"model_id", model_}, {"quantity", 1}, {"unit_price_fen", 1}}, *other).status,
        404);
    for (const auto& o : items_of(api().get("/api/v1/opportunities", *other))) EXPECT_NE(o["id"], id);
    auto board = api().get("/api/v1/opportunities/board", *other);
    ASSERT_EQ(board.status, 200);
    for (const auto& column : board.body["stages"])
      for (const auto& o : column["items"]) EXPECT_NE(o["id"], id);
  }
  // the dealer's own board and the province's count it; a unit outside scope is not found
  auto board = api().get("/api/v1/opportunities/board?owner_unit_id=" + std::to_string(dealer_a_), manager_);
  ASSERT_EQ(board.status, 200) << board.raw;
  EXPECT_EQ(board.body["stages"][0]["stage"], "discover");
  EXPECT_EQ(board.body["stages"][0]["count"], 1);
  EXPECT_EQ(board.body["stages"][0]["items"][0]["id"], id);
  EXPECT_EQ(board.body["stages"].size(), 7u);
  EXPECT_EQ(api().get("/api/v1/opportunities/board?owner_unit_id=" + std::to_string(dealer_a_), rep_b_).status, 404);
  // the province's board merges its dealers' cards in expected-date order
  auto earlier = opportunity(account(rep_b_));
  earlier["expected_date"] = day_from_today(30);
  auto b_id = api().post("/api/v1/opportunities", earlier, rep_b_).body["id"];
  auto province = api().get("/api/v1/opportunities/board?per_stage=2", manager_);
  ASSERT_EQ(province.body["stages"][0]["count"], 2);
  ASSERT_EQ(province.body["stages"][0]["items"].size(), 2u);
  EXPECT_EQ(province.body["stages"][0]["items"][0]["id"], b_id);
  EXPECT_EQ(province.body["stages"][0]["items"][1]["id"], id);
  auto one = api().get("/api/v1/opportunities/board?per_stage=1", manager_);
  ASSERT_EQ(one.body["stages"][0]["items"].size(), 1u);
  EXPECT_EQ(one.body["stages"][0]["items"][0]["id"], b_id);
  EXPECT_EQ(one.body["stages"][0]["count"], 2);
  // a competitor quote is deleted by its dealer only
  auto cq =
      api().post(path(id, "/competitor-quotes"), {{"brand", "b"}, {"model", "m"}, {"unit_price_fen", 100}}, rep_a_);
  ASSERT_EQ(cq.status, 201);
  std::string cq_path = "/api/v1/competitor-quotes/" + std::to_string(cq.body["id"].get<int64_t>());
  EXPECT_EQ(api().request("DELETE", cq_path, "", {{"Authorization", "Bearer " + rep_b_.token}}).status, 404);
  EXPECT_EQ(api().request("DELETE", cq_path, "", {{"Authorization", "Bearer " + rep_a_.token}}).status, 204);
  EXPECT_EQ(api().request("DELETE", cq_path, "", {{"Authorization", "Bearer " + rep_a_.token}}).status, 404);
  // the KA executive reads and approves but does not sell
  EXPECT_EQ(api().get(path(id), executive_).status, 200);
  EXPECT_EQ(api().post("/api/v1/opportunities", opportunity(account(rep_a_)), executive_).status, 403);
}

TEST_F(OpportunitiesApi, AVoidedDeliveryStaysOnRecordAndStopsCounting) {
  auto created = api().post("/api/v1/opportunities", opportunity(account(rep_a_), 4), rep_a_);
  ASSERT_EQ(created.status, 201) << created.raw;
  int64_t id = created.body["id"];
  ASSERT_EQ(move(id, "won", rep_a_, {{"reason", "框架协议"}}).status, 200);
  std::string today = clock::format_rfc3339(clock::now_ms()).substr(0, 10);
  auto d =
      api().post(path(id, "/deliveries"),
                 {{"date", today}, {"quantity", 3}, {"model", "江铃 指挥车"}, {"vehicle_type", "command"}}, rep_a_);
  ASSERT_EQ(d.status, 201) << d.raw;
  std::string void_path = "/api/v1/deliveries/" + std::to_string(d.body["id"].get<int64_t>()) + "/void";
  std::string month = today.substr(0, 7);
  auto units = [&]() {
    auto items = items_of(api().get("/api/v1/deliveries/summary?from=" + month + "&to=" + month + "&by=month", rep_a_));
    return items.empty() ? int64_t{0} : items[0]["units"].get<int64_t>();
  };
  EXPECT_EQ(units(), 3);
  // another dealer cannot; a reason is required; the area manager and the dealer's own staff can
  EXPECT_EQ(api().post(void_path, {{"reason", "录错"}}, rep_b_).status, 404);
  EXPECT_EQ(api().post(void_path, json::object(), rep_a_).status, 422);
  EXPECT_EQ(api().post(void_path, {{"reason", "录错"}}, executive_).status, 403);
  auto voided = api().post(void_path, {{"reason", "重复登记"}}, manager_);
  ASSERT_EQ(voided.status, 200) << voided.raw;
  EXPECT_FALSE(voided.body["voided_at"].is_null());
  EXPECT_EQ(voided.body["void_reason"], "重复登记");
  EXPECT_EQ(api().post(void_path, {{"reason", "再来"}}, rep_a_).body["code"], "delivery.voided");
  // kept on the opportunity, no longer counted anywhere
  auto detail = api().get(path(id), rep_a_);
  EXPECT_EQ(detail.body["delivered_units"], 0);
  ASSERT_EQ(detail.body["deliveries"].size(), 1u);
  EXPECT_EQ(detail.body["deliveries"][0]["void_reason"], "重复登记");
  EXPECT_EQ(units(), 0);
  EXPECT_EQ(api().get("/api/v1/accounts/pyramid", rep_a_).body["total_units"], 0);
  // and the units can be delivered again within what was won
  auto again =
      api().post(path(id, "/deliveries"),
                 {{"date", today}, {"quantity", 4}, {"model", "江铃 指挥车"}, {"vehicle_type", "command"}}, rep_a_);
  EXPECT_EQ(again.status, 201) << again.raw;
  EXPECT_EQ(units(), 4);
  // the pyramid counts the account's units under its grade of now: a regrade moves them
  auto grades = [&]() {
    std::map<std::string, int64_t> out;
    auto r = api().get("/api/v1/accounts/pyramid", rep_a_);
    EXPECT_EQ(r.status, 200) << r.raw;
    for (const auto& g : r.body["grades"]) out[g["grade"]] = g["units"];
    return out;
  };
  EXPECT_EQ(grades()["key"], 4);
  int64_t account_id = created.body["account_id"];
  auto account = api().get("/api/v1/accounts/" + std::to_string(account_id), rep_a_);
  auto regraded = api().patch("/api/v1/accounts/" + std::to_string(account_id),
                              {{"version", account.body["version"]}, {"grade", "potential"}}, rep_a_);
  ASSERT_EQ(regraded.status, 200) << regraded.raw;
  auto after = grades();
  EXPECT_EQ(after["key"], 0);
  EXPECT_EQ(after["potential"], 4);
  // a void after the regrade leaves the right grade
  auto last = api().post("/api/v1/deliveries/" + std::to_string(again.body["id"].get<int64_t>()) + "/void",
                         {{"reason", "录错"}}, rep_a_);
  ASSERT_EQ(last.status, 200) << last.raw;
  after = grades();
  EXPECT_EQ(after["potential"], 0);
  EXPECT_EQ(after["key"], 0);
}

TEST_F(OpportunitiesApi, EditListFilterAndTheCatalogue) {
  int64_t acc = account(rep_a_);
  auto created = api().post("/api/v1/opportunities", opportunity(acc), rep_a_);
  ASSERT_EQ(created.status, 201) << created.raw;
  int64_t id = created.body["id"];
  // an edit replaces the lines and sets or clears what it names, nothing else
  auto edited =
      api().patch(path(id),
                  {{"version", created.body["version"]},
                   {"title", "指挥车采购（调整）"},
                   {"lines",
                    {{{"vehicle_type", "command"}, {"model_id", model_}, {"quantity", 3}, {"unit_price_fen", 100}},
                     {{"vehicle_type", "police_patrol"}, {"model", "巡逻车"}, {"quantity", 2}}}},
                   {"probability", nullptr},
                   {"worth_investing", false},
                   {"requirements", {{"interior", "警用内饰"}}},
                   {"usage_area", "cross_province"}},
                  rep_a_);
  ASSERT_EQ(edited.status, 200) << edited.raw;
  EXPECT_EQ(edited.body["title"], "指挥车采购（调整）");
  EXPECT_EQ(edited.body["quantity"], 5);
  EXPECT_EQ(edited.body["amount_fen"], 300);  // the line without a price counts no amount
  ASSERT_EQ(edited.body["lines"].size(), 2u);
  EXPECT_EQ(edited.body["lines"][1]["model"], "巡逻车");
  EXPECT_EQ(edited.body["probability"], 10);  // cleared: the stage's (discover)
  EXPECT_EQ(edited.body["probability_overridden"], false);
  EXPECT_EQ(edited.body["worth_investing"], false);
  EXPECT_EQ(edited.body["requirements"]["interior"], "警用内饰");
  EXPECT_EQ(edited.body["requirements"]["body"], "高顶");  // not named: kept
  EXPECT_EQ(edited.body["usage_area"], "cross_province");
  EXPECT_EQ(edited.body["value"], "high");
  EXPECT_EQ(edited.body["budget_fen"], 200000000);
  EXPECT_EQ(edited.body["version"], created.body["version"].get<int64_t>() + 1);
  // a stale version changes nothing
  auto stale = api().patch(path(id), {{"version", created.body["version"]}, {"title", "旧"}}, rep_a_);
  EXPECT_EQ(stale.body["code"], "version_conflict");
  EXPECT_EQ(api().get(path(id), rep_a_).body["title"], "指挥车采购（调整）");

  // the list filters by stage, account, method, dates and characters, newest first, in pages
  auto second = api().post("/api/v1/opportunities", opportunity(acc), rep_a_);
  ASSERT_EQ(second.status, 201);
  ASSERT_EQ(move(second.body["id"], "contact", rep_a_).status, 200);
  auto ids = [&](const std::string& query) {
    std::vector<int64_t> out;
    auto r = api().get("/api/v1/opportunities" + query, rep_a_);
    EXPECT_EQ(r.status, 200) << r.raw;
    for (const auto& o : r.body["items"]) out.push_back(o["id"]);
    return out;
  };
  int64_t second_id = second.body["id"];
  EXPECT_EQ(ids(""), (std::vector<int64_t>{second_id, id}));
  EXPECT_EQ(ids("?stage=contact"), (std::vector<int64_t>{second_id}));
  EXPECT_EQ(ids("?stage=discover,contact"), (std::vector<int64_t>{second_id, id}));
  EXPECT_EQ(ids("?account_id=" + std::to_string(acc) + "&procurement_method=agreement"), std::vector<int64_t>{});
  EXPECT_EQ(ids("?q=%E8%B0%83%E6%95%B4"), (std::vector<int64_t>{id}));  // 调整
  EXPECT_EQ(ids("?expected_from=" + day_from_today(60) + "&expected_to=" + day_from_today(60)).size(), 2u);
  EXPECT_EQ(ids("?expected_from=" + day_from_today(61)), std::vector<int64_t>{});
  auto page = api().get("/api/v1/opportunities?limit=1", rep_a_);
  ASSERT_EQ(page.body["items"].size(), 1u);
  ASSERT_TRUE(page.body["next_cursor"].is_string());
  auto rest = api().get("/api/v1/opportunities?limit=1&cursor=" + page.body["next_cursor"].get<std::string>(), rep_a_);
  ASSERT_EQ(rest.body["items"].size(), 1u);
  EXPECT_EQ(rest.body["items"][0]["id"], id);
  EXPECT_EQ(api().get("/api/v1/opportunities?expected_from=30-06-2027", rep_a_).status, 422);
  // by owner (负责人): rep_a_ owns both; another user's filter finds none; a bad id is refused
  std::string mine = "?owner_user_id=" + std::to_string(rep_a_.user_id);
  EXPECT_EQ(ids(mine), (std::vector<int64_t>{second_id, id}));
  EXPECT_EQ(ids(mine + "&stage=contact"), (std::vector<int64_t>{second_id}));
  EXPECT_EQ(ids("?owner_user_id=" + std::to_string(rep_b_.user_id)), std::vector<int64_t>{});
  for (const char* bad : {"0", "-3", "abc"})
    EXPECT_EQ(api().get(std::string("/api/v1/opportunities?owner_user_id=") + bad, rep_a_).status, 422) << bad;
  // another scope filtering by rep_a_ sees nothing of theirs
  auto outside = api().get("/api/v1/opportunities" + mine, rep_b_);
  ASSERT_EQ(outside.status, 200);
  EXPECT_TRUE(outside.body["items"].empty());

  // the catalogue: HQ edits a model (stale version refused), everyone reads it with filters
  std::string model_path = "/api/v1/vehicle-models/" + std::to_string(model_);
  auto models = api().get("/api/v1/vehicle-models?vehicle_type=command&active=true", rep_a_);
  ASSERT_EQ(models.status, 200);
  json current;
  for (const auto& m : models.body["items"])
    if (m["id"] == model_) current = m;
  ASSERT_FALSE(current.is_null());
  EXPECT_EQ(current["bands"][0]["max_discount_bp"], 500);
  auto repriced = api().patch(model_path, {{"version", current["version"]}, {"guide_price_fen", 21000000}}, director_);
  ASSERT_EQ(repriced.status, 200) << repriced.raw;
  EXPECT_EQ(repriced.body["guide_price_fen"], 21000000);
  EXPECT_EQ(repriced.body["upfitter"], "中通专用车");
  EXPECT_EQ(api().patch(model_path, {{"version", current["version"]}, {"active", false}}, director_).body["code"],
            "version_conflict");
  EXPECT_EQ(api().patch(model_path, {{"version", repriced.body["version"]}, {"active", false}}, rep_a_).status, 403);
  EXPECT_EQ(api().patch("/api/v1/vehicle-models/999999", {{"version", 1}, {"active", false}}, director_).status, 404);
  auto retired = api().patch(model_path, {{"version", repriced.body["version"]}, {"active", false}}, director_);
  ASSERT_EQ(retired.status, 200);
  auto active = api().get("/api/v1/vehicle-models?active=true", rep_a_);
  ASSERT_EQ(active.status, 200);
  for (const auto& m : active.body["items"]) EXPECT_NE(m["id"], model_);
  // an inactive model takes no new quotes
  EXPECT_EQ(
      api()
          .post(path(id, "/quotes"), {{"model_id", model_}, {"quantity", 1}, {"unit_price_fen", 21000000}}, rep_a_)
          .status,
      422);
  // the deliveries of an opportunity, read by its own dealer
  auto deliveries = api().get(path(id, "/deliveries"), rep_a_);
  ASSERT_EQ(deliveries.status, 200);
  EXPECT_TRUE(deliveries.body["items"].empty());
}

TEST_F(OpportunitiesApi, TendersQuotesBandsAndFiguresStayInScope) {
  auto created = api().post("/api/v1/opportunities", opportunity(account(rep_a_)), rep_a_);
  ASSERT_EQ(created.status, 201);
  int64_t id = created.body["id"];
  auto tender = api().post(path(id, "/tenders"),
                           {{"notice_no", "ZC-9"},
                            {"published_where", "网"},
                            {"published_on", day_from_today(-10)},
                            {"bid_deadline", day_from_today(7) + "T09:00:00+08:00"}},
                           rep_a_);
  ASSERT_EQ(tender.status, 201) << tender.raw;
  std::string tender_path = "/api/v1/tenders/" + std::to_string(tender.body["id"].get<int64_t>());
  json result = {{"version", tender.body["version"]}, {"result", "won"}};
  EXPECT_EQ(api().patch(tender_path, result, rep_b_).status, 404);
  EXPECT_EQ(api().patch(tender_path, result, other_manager_).status, 404);
  EXPECT_EQ(api().patch(tender_path, {{"version", tender.body["version"]}, {"result", "maybe"}}, rep_a_).status, 422);
  EXPECT_EQ(api().patch(tender_path, {{"version", 99}, {"result", "won"}}, rep_a_).body["code"], "version_conflict");
  std::string days = "/api/v1/tenders?from=" + day_from_today(0) + "&to=" + day_from_today(14);
  auto calendar = items_of(api().get(days, manager_));
  ASSERT_EQ(calendar.size(), 1u);
  EXPECT_EQ(calendar[0]["notice_no"], "ZC-9");
  EXPECT_TRUE(items_of(api().get(days, rep_b_)).empty());

  // a quote within the band is approved at once and sent by its dealer only
  auto quote =
      api().post(path(id, "/quotes"), {{"model_id", model_}, {"quantity", 1}, {"unit_price_fen", 19500000}}, rep_a_);
  ASSERT_EQ(quote.status, 201) << quote.raw;
  EXPECT_EQ(quote.body["status"], "approved");
  EXPECT_EQ(quote.body["approval_level"], "none");
  std::string send = "/api/v1/quotes/" + std::to_string(quote.body["id"].get<int64_t>()) + "/send";
  EXPECT_EQ(api().post(send, {{"version", quote.body["version"]}}, rep_b_).status, 404);
  EXPECT_EQ(api().post(send, {{"version", quote.body["version"]}}, other_regional_).status, 404);
  EXPECT_EQ(api().post(send, json::object(), rep_a_).status, 422);
  EXPECT_EQ(api().post(send, {{"version", quote.body["version"]}}, rep_a_).status, 200);
  for (const Session* other : {&rep_b_, &other_manager_}) {
    auto list = api().get("/api/v1/quotes", *other);
    ASSERT_EQ(list.status, 200);
    for (const auto& q : list.body["items"]) EXPECT_NE(q["id"], quote.body["id"]);
  }

  // bands: HQ only, an existing model only
  auto auth = [](const Session& s) {
    return std::map<std::string, std::string>{{"Authorization", "Bearer " + s.token}};
  };
  std::string bands = json{{"bands", json::array()}}.dump();
  EXPECT_EQ(
      api().request("PUT", "/api/v1/vehicle-models/" + std::to_string(model_) + "/bands", bands, auth(rep_a_)).status,
      403);
  EXPECT_EQ(api().request("PUT", "/api/v1/vehicle-models/999999/bands", bands, auth(director_)).status, 404);
  EXPECT_EQ(
      api().request("PUT", "/api/v1/vehicle-models/" + std::to_string(model_) + "/bands", "{}", auth(director_)).status,
      422);

  // the pyramid counts the caller's accounts only
  auto own = api().get("/api/v1/accounts/pyramid", rep_a_);
  auto other = api().get("/api/v1/accounts/pyramid", rep_b_);
  ASSERT_EQ(own.status, 200);
  EXPECT_EQ(own.body["total_accounts"], 1);
  EXPECT_EQ(other.body["total_accounts"], 0);
  EXPECT_EQ(api().get("/api/v1/accounts/pyramid", other_manager_).body["total_accounts"], 0);
}

TEST_F(OpportunitiesApi, QuotesTheRegionalStepAloneARejectionWithItsNoteAndTheDefaultBand) {
  auto created = api().post("/api/v1/opportunities", opportunity(account(rep_a_)), rep_a_);
  ASSERT_EQ(created.status, 201) << created.raw;
  int64_t id = created.body["id"];
  auto quote = [&](int64_t model, int64_t price) {
    auto r = api().post(path(id, "/quotes"), {{"model_id", model}, {"quantity", 1}, {"unit_price_fen", price}}, rep_a_);
    EXPECT_EQ(r.status, 201) << r.raw;
    return r;
  };
  // the fixture's tender band: 7.5 % under the guide price is the regional director's alone
  auto regional = quote(model_, 18500000);
  EXPECT_EQ(regional.body["status"], "pending_regional");
  EXPECT_EQ(regional.body["approval_level"], "regional");
  EXPECT_EQ(regional.body["discount_bp"], 750);
  auto approved = decide(regional.body["id"].get<int64_t>(), "approve", regional_, "同意");
  ASSERT_EQ(approved.status, 200) << approved.raw;
  EXPECT_EQ(approved.body["status"], "approved");
  ASSERT_EQ(approved.body["approvals"].size(), 1u);
  EXPECT_EQ(approved.body["approvals"][0]["level"], "regional");
  EXPECT_EQ(approved.body["approvals"][0]["decision"], "approve");

  // a rejection says why; a rejected quote is not sent
  auto low = quote(model_, 17000000);
  int64_t low_id = low.body["id"];
  auto no_note = decide(low_id, "reject", regional_);
  EXPECT_EQ(no_note.status, 422);
  EXPECT_EQ(no_note.body["errors"][0]["field"], "note");
  auto rejected = decide(low_id, "reject", regional_, "低于区域底价");
  ASSERT_EQ(rejected.status, 200) << rejected.raw;
  EXPECT_EQ(rejected.body["status"], "rejected");
  ASSERT_EQ(rejected.body["approvals"].size(), 1u);
  EXPECT_EQ(rejected.body["approvals"][0]["decision"], "reject");
  EXPECT_EQ(rejected.body["approvals"][0]["note"], "低于区域底价");
  auto send =
      api().post("/api/v1/quotes/" + std::to_string(low_id) + "/send", {{"version", rejected.body["version"]}}, rep_a_);
  EXPECT_EQ(send.status, 409);
  EXPECT_EQ(send.body["code"], "quote.not_approved");
  EXPECT_EQ(decide(low_id, "approve", director_).body["code"], "quote.not_pending");

  // a model without a band for the method: the default band, 3 % free, up to 8 % regional, then HQ
  auto plain = api().post("/api/v1/vehicle-models",
                          {{"code", unique("JXB")},
                           {"name", "江铃 皮卡"},
                           {"vehicle_type", "command"},
                           {"kind", "base"},
                           {"guide_price_fen", 10000000}},
                          director_);
  ASSERT_EQ(plain.status, 201) << plain.raw;
  int64_t model = plain.body["id"];
  std::map<int64_t, std::string> levels = {
      {9700000, "none"}, {9699999, "regional"}, {9200000, "regional"}, {9199999, "hq"}};
  for (const auto& [price, level] : levels) {
    auto q = quote(model, price);
    EXPECT_EQ(q.body["approval_level"], level) << price;
    EXPECT_EQ(q.body["max_discount_bp"], 300);
    EXPECT_EQ(q.body["hq_discount_bp"], 800);
  }
}

TEST_F(OpportunitiesApi, WinProbabilityByStageFromHqsTableAndTheOwnersOverride) {
  auto put = [&](const json& body, const Session& as) {
    return api().request("PUT", "/api/v1/opportunity-stage-probabilities", body.dump(),
                         {{"Authorization", "Bearer " + as.token}});
  };
  auto table_of = [&](const Session& as) {
    std::map<std::string, int64_t> out;
    auto r = api().get("/api/v1/opportunity-stage-probabilities", as);
    EXPECT_EQ(r.status, 200) << r.raw;
    for (const auto& item : r.body["items"]) out[item["stage"]] = item["probability"];
    return out;
  };
  // everyone reads the table; won and lost are fixed
  auto table = api().get("/api/v1/opportunity-stage-probabilities", rep_a_);
  ASSERT_EQ(table.status, 200) << table.raw;
  ASSERT_EQ(table.body["items"].size(), 7u);
  EXPECT_EQ(table.body["items"][5]["stage"], "won");
  EXPECT_EQ(table.body["items"][5]["probability"], 100);
  EXPECT_EQ(table.body["items"][5]["fixed"], true);
  EXPECT_EQ(table.body["items"][6]["probability"], 0);
  EXPECT_EQ(table.body["items"][0]["fixed"], false);
  auto defaults = table_of(rep_a_);
  EXPECT_EQ(defaults["discover"], 10);
  EXPECT_EQ(defaults["contact"], 20);
  EXPECT_EQ(defaults["analyze"], 40);
  EXPECT_EQ(defaults["position"], 60);
  EXPECT_EQ(defaults["bid"], 80);

  // without a probability an opportunity takes its stage's; with one, the owner's
  auto plain_body = opportunity(account(rep_a_));
  plain_body.erase("probability");
  plain_body["stage"] = "contact";
  auto plain = api().post("/api/v1/opportunities", plain_body, rep_a_);
  ASSERT_EQ(plain.status, 201) << plain.raw;
  EXPECT_EQ(plain.body["probability"], 20);
  EXPECT_EQ(plain.body["probability_overridden"], false);
  auto own_body = opportunity(account(rep_a_));
  own_body["stage"] = "contact";
  own_body["probability"] = 55;
  auto own = api().post("/api/v1/opportunities", own_body, rep_a_);
  ASSERT_EQ(own.status, 201) << own.raw;
  EXPECT_EQ(own.body["probability"], 55);
  EXPECT_EQ(own.body["probability_overridden"], true);
  int64_t plain_id = plain.body["id"], own_id = own.body["id"];

  // only HQ's director and the admin set the table (403 for the others, the KA executive too)
  json change = {{"items", {{{"stage", "contact"}, {"probability", 25}}}}};
  EXPECT_EQ(put(change, rep_a_).status, 403);
  EXPECT_EQ(put(change, regional_).status, 403);
  EXPECT_EQ(put(change, executive_).status, 403);
  EXPECT_EQ(table_of(rep_a_)["contact"], 20);
  // bad tables are refused whole and change nothing
  auto refused = [&](const json& body, const std::string& field) {
    auto r = put(body, director_);
    EXPECT_EQ(r.status, 422) << r.raw;
    ASSERT_TRUE(r.body.contains("errors")) << r.raw;
    EXPECT_EQ(r.body["errors"][0]["field"], field) << r.raw;
  };
  refused({{"items", {{{"stage", "contact"}, {"probability", 101}}}}}, "items[0].probability");
  refused({{"items", {{{"stage", "contact"}, {"probability", 30}}, {{"stage", "bid"}, {"probability", -1}}}}},
          "items[1].probability");
  refused({{"items", {{{"stage", "won"}, {"probability", 90}}}}}, "items[0].stage");
  refused({{"items", {{{"stage", "sideways"}, {"probability", 90}}}}}, "items[0].stage");
  refused({{"items", {{{"stage", "bid"}, {"probability", 70}}, {{"stage", "bid"}, {"probability", 75}}}}},
          "items[1].stage");
  refused({{"items", {{{"stage", "bid"}}}}}, "items[0].probability");
  refused(json::object(), "items");
  EXPECT_EQ(table_of(rep_a_), defaults);

  auto set = put(change, director_);
  ASSERT_EQ(set.status, 200) << set.raw;
  EXPECT_EQ(set.body["items"][1]["probability"], 25);
  // the stage's default follows the table; the owner's stays
  EXPECT_EQ(api().get(path(plain_id), rep_a_).body["probability"], 25);
  EXPECT_EQ(api().get(path(own_id), rep_a_).body["probability"], 55);
  auto listed = api().get("/api/v1/opportunities?stage=contact", manager_);
  for (const auto& item : listed.body["items"]) {
    if (item["id"] == plain_id) EXPECT_EQ(item["probability"], 25);
    if (item["id"] == own_id) EXPECT_EQ(item["probability"], 55);
  }

  // the owner overrides an open one, and clears it back to the stage's
  auto current = api().get(path(plain_id), rep_a_);
  auto patched = api().patch(path(plain_id), {{"version", current.body["version"]}, {"probability", 70}}, rep_a_);
  ASSERT_EQ(patched.status, 200) << patched.raw;
  EXPECT_EQ(patched.body["probability"], 70);
  EXPECT_EQ(patched.body["probability_overridden"], true);
  auto out_of_range = api().patch(path(plain_id), {{"version", patched.body["version"]}, {"probability", 101}}, rep_a_);
  EXPECT_EQ(out_of_range.status, 422);
  auto cleared = api().patch(path(plain_id), {{"version", patched.body["version"]}, {"probability", nullptr}}, rep_a_);
  ASSERT_EQ(cleared.status, 200) << cleared.raw;
  EXPECT_EQ(cleared.body["probability"], 25);
  EXPECT_EQ(cleared.body["probability_overridden"], false);
  // another dealer's opportunity is not found (404), and its probability not changed
  auto foreign = api().patch(path(own_id), {{"version", own.body["version"]}, {"probability", 5}}, rep_b_);
  EXPECT_EQ(foreign.status, 404);
  EXPECT_EQ(api().get(path(own_id), rep_b_).status, 404);

  // lost counts 0, the owner's is gone, and a closed one takes no probability (409)
  auto lost = move(own_id, "lost", rep_a_, {{"reason", "预算削减"}, {"lost_to", "上汽大通"}});
  ASSERT_EQ(lost.status, 200) << lost.raw;
  EXPECT_EQ(lost.body["probability"], 0);
  EXPECT_EQ(lost.body["probability_overridden"], false);
  auto closed = api().patch(path(own_id), {{"version", lost.body["version"]}, {"probability", 50}}, rep_a_);
  EXPECT_EQ(closed.status, 409);
  EXPECT_EQ(closed.body["code"], "opportunity.closed");
  // reopened, it takes its stage's again
  auto reopened = move(own_id, "contact", rep_a_, {{"reason", "重新招标"}});
  ASSERT_EQ(reopened.status, 200) << reopened.raw;
  EXPECT_EQ(reopened.body["probability"], 25);

  // the admin puts the table back
  auto restored = put({{"items", {{{"stage", "contact"}, {"probability", 20}}}}}, admin());
  ASSERT_EQ(restored.status, 200) << restored.raw;
  EXPECT_EQ(table_of(director_), defaults);
}

// The stage filter's counts: one per stage for the list's scope and its other filters, each equal
// to the rows the list shows with that stage; a dealer counts only its own.
TEST_F(OpportunitiesApi, StageCountsAreTheListsRowsPerStage) {
  auto acc_a = account(rep_a_);
  auto acc_b = account(rep_b_);
  auto create = [&](int64_t acc, const Session& as, const std::string& title) {
    auto body = opportunity(acc);
    body["title"] = title;
    auto r = api().post("/api/v1/opportunities", body, as);
    EXPECT_EQ(r.status, 201) << r.raw;
    return r.body["id"].get<int64_t>();
  };
  create(acc_a, rep_a_, "指挥车采购");
  auto second = create(acc_a, rep_a_, "巡逻车采购");
  auto third = create(acc_a, rep_a_, "囚车采购");
  create(acc_b, rep_b_, "指挥车采购");
  ASSERT_EQ(move(second, "contact", rep_a_).status, 200);
  ASSERT_EQ(move(third, "contact", rep_a_).status, 200);

  const std::string route = "/api/v1/opportunities/stage-counts";
  auto counts = [&](const std::string& query, const Session& as) {
    auto r = api().get(route + query, as);
    EXPECT_EQ(r.status, 200) << r.raw;
    return r.body;
  };
  auto manager = counts("", manager_);
  EXPECT_EQ(manager["counts"]["discover"], 2);
  EXPECT_EQ(manager["counts"]["contact"], 2);
  EXPECT_EQ(manager["counts"]["won"], 0);
  EXPECT_EQ(manager["total"], 4);
  int64_t sum = 0;
  for (const auto& [stage, n] : manager["counts"].items()) {
    auto rows = api().get("/api/v1/opportunities?limit=500&stage=" + stage, manager_);
    EXPECT_EQ(rows.body["items"].size(), n.get<size_t>()) << stage;
    sum += n.get<int64_t>();
  }
  EXPECT_EQ(sum, 4);
  // the stage filter itself is not applied; the others are
  EXPECT_EQ(counts("?stage=won", manager_)["total"], 4);
  auto dealer_b = counts("?owner_unit_id=" + std::to_string(dealer_b_), manager_);
  EXPECT_EQ(dealer_b["counts"]["discover"], 1);
  EXPECT_EQ(dealer_b["total"], 1);
  auto searched = counts("?q=%E5%9B%9A%E8%BD%A6", manager_);  // 囚车
  EXPECT_EQ(searched["counts"]["contact"], 1);
  EXPECT_EQ(searched["total"], 1);
  // scope: a dealer counts its own, another province nothing, another dealer's unit nothing
  auto a = counts("", rep_a_);
  EXPECT_EQ(a["counts"]["discover"], 1);
  EXPECT_EQ(a["counts"]["contact"], 2);
  EXPECT_EQ(a["total"], 3);
  EXPECT_EQ(counts("", rep_b_)["total"], 1);
  EXPECT_EQ(counts("", other_manager_)["total"], 0);
  EXPECT_EQ(counts("?owner_unit_id=" + std::to_string(dealer_b_), rep_a_)["total"], 0);
  // bad filters: problem+json, like the list
  for (const std::string bad : {"?stage=nope", "?owner_unit_id=x", "?expected_from=30-06-2027", "?attention=soon"}) {
    auto r = api().get(route + bad, manager_);
    EXPECT_EQ(r.status, 422) << bad;
    EXPECT_EQ(r.header("Content-Type"), "application/problem+json") << bad;
  }
  EXPECT_EQ(api().request("GET", route, "", {}).status, 401);
}
