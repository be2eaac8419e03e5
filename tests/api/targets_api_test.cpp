// Targets (目标分解) against the real server, on SQLite and PostgreSQL: the seed's own plan (2023
// units over 2023-07 … 2023-12) decomposed to months, businesses, regions and provinces in whole
// units with every total checked; history shares with the even fallback flagged; a province's
// split to dealers and people, its checks and submission; revisions and their differences;
// attainment growing with a delivery, by the business the delivery counts for; the forecast;
// every 4xx with nothing half-written; scope; and the home to-dos equal to their lists.
#include <cmath>
#include <map>
#include <set>

#include "harness.h"

using namespace fleetkam;
using namespace fleetkam::test;
using nlohmann::json;

namespace {

std::string month_from_today(int months) {
  auto day = day_from_today(0);
  int y = std::stoi(day.substr(0, 4)), m = std::stoi(day.substr(5, 2)) - 1 + months;
  y += m >= 0 ? m / 12 : (m - 11) / 12;
  m = ((m % 12) + 12) % 12 + 1;
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d", y, m);
  return buffer;
}

// `j` with `extra`'s members added or replaced.
json with(json j, const json& extra) {
  j.update(extra);
  return j;
}

}  // namespace

class TargetsApi : public ServerFixture {
 protected:
  // Two regions over four provinces; the first province has two dealers with people.
  static void SetUpTestSuite() { ServerFixture::SetUpTestSuite(); }
  void SetUp() override {
    if (built_) return;
    built_ = true;
    director_ = make_user(unique("t_dir"), "ka_director", 1);
    executive_ = make_user(unique("t_exec"), "ka_executive", 1);
    region_a_ = make_unit("region", unique("目标甲大区"), 1);
    region_b_ = make_unit("region", unique("目标乙大区"), 1);
    for (int i = 0; i < 4; ++i) {
      codes_.push_back(next_province_code());
      provinces_.push_back(
          make_unit("province", unique("目标省" + std::to_string(i)), i < 2 ? region_a_ : region_b_, codes_.back()));
    }
    dealer_a_ = make_unit("dealer", unique("目标甲经销商"), provinces_[0]);
    dealer_b_ = make_unit("dealer", unique("目标乙经销商"), provinces_[0]);
    manager_ = make_user(unique("t_am"), "area_manager", provinces_[0]);
    other_manager_ = make_user(unique("t_am2"), "area_manager", provinces_[1]);
    dealer_manager_ = make_user(unique("t_dm"), "dealer_manager", dealer_a_);
    rep_a_ = make_user(unique("t_rep_a"), "sales_rep", dealer_a_);
    rep_b_ = make_user(unique("t_rep_b"), "sales_rep", dealer_b_);
  }

  json create_plan(const json& body, const Session& as) {
    auto r = api().post("/api/v1/target-plans", body, as);
    EXPECT_EQ(r.status, 201) << r.raw;
    return r.body;
  }
  std::string plan_path(int64_t id) { return "/api/v1/target-plans/" + std::to_string(id); }
  json cells(int64_t id, const std::string& level, const Session& as) {
    auto r = api().get(plan_path(id) + "/cells?level=" + level, as);
    EXPECT_EQ(r.status, 200) << r.raw;
    return r.body["items"];
  }
  json method(int basis_even = 0) {
    return {{"month_basis", basis_even ? "even" : "history"},
            {"businesses", {{"direct", 40}, {"tender", 40}, {"one_time", 20}}},
            {"weights", {{"last_month_sales", 40}, {"market_capacity", 30}, {"registrations", 30}}}};
  }
  json issued_plan(const std::string& name, const std::string& from, const std::string& to, int64_t total,
                   const std::optional<std::string>& due = std::nullopt) {
    json body = {{"name", name}, {"from", from}, {"to", to}, {"total_units", total}};
    if (due) body["split_due"] = *due;
    auto plan = create_plan(body, director_);
    auto issued = api().post(plan_path(plan["id"]) + "/issue", {{"version", plan["version"]}}, director_);
    EXPECT_EQ(issued.status, 200) << issued.raw;
    return issued.body;
  }
  // The suggested split of the first province, as the body of a save.
  json suggested_items(int64_t plan_id) {
    auto sheet = api().get(plan_path(plan_id) + "/provinces/" + std::to_string(provinces_[0]) + "/split", manager_);
    EXPECT_EQ(sheet.status, 200) << sheet.raw;
    json items = json::array();
    for (auto item : sheet.body["suggested"]) {
      if (item["unit_id"].is_null()) item.erase("unit_id");
      if (item["user_id"].is_null()) item.erase("user_id");
      items.push_back(item);
    }
    return items;
  }
  std::string split_path(int64_t plan_id, int64_t province) {
    return plan_path(plan_id) + "/provinces/" + std::to_string(province) + "/split";
  }
  // A won opportunity of dealer A's rep on an account of `business_class`, `quantity` delivered on `day`.
  void deliver(const std::string& business_class, int quantity, const std::string& day) {
    auto account = make_account(rep_a_, codes_[0], "目标测试公安局", {{"business_class", business_class}});
    auto o = make_opportunity(rep_a_, account, {{"probability", 50}});
    int64_t id = o["id"];
    auto current = api().get("/api/v1/opportunities/" + std::to_string(id), rep_a_);
    auto won = api().post("/api/v1/opportunities/" + std::to_string(id) + "/transitions",
                          {{"stage", "won"}, {"reason", "中标"}, {"version", current.body["version"]}}, rep_a_);
    ASSERT_EQ(won.status, 200) << won.raw;
    auto d = api().post("/api/v1/opportunities/" + std::to_string(id) + "/deliveries",
                        {{"date", day},
                         {"quantity", quantity},
                         {"model", "江铃特顺 指挥车"},
                         {"vehicle_type", "command"},
                         {"over_reason", "追加采购"}},
                        rep_a_);
    ASSERT_EQ(d.status, 201) << d.raw;
  }
  int64_t attained(int64_t plan_id, const std::string& level, int64_t unit_or_user, const Session& as,
                   const std::string& business = "") {
    auto r = api().get("/api/v1/attainment?plan_id=" + std::to_string(plan_id) + "&level=" + level +
                           (business.empty() ? "" : "&business=" + business),
                       as);
    EXPECT_EQ(r.status, 200) << r.raw;
    for (const auto& u : r.body["units"]) {
      if ((level == "user" ? u["user_id"] : u["unit_id"]) == unit_or_user) return u["actual"];
    }
    return -1;
  }

  static inline bool built_ = false;
  static inline Session director_, executive_, manager_, other_manager_, dealer_manager_, rep_a_, rep_b_;
  static inline int64_t region_a_ = 0, region_b_ = 0, dealer_a_ = 0, dealer_b_ = 0;
  static inline std::vector<int64_t> provinces_;
  static inline std::vector<std::string> codes_;
};

TEST_F(TargetsApi, TheSeedPlanDecomposesToWholeUnitsThatAddUpEverywhere) {
  auto plan = create_plan({{"name", "2023年下半年大客户目标"},
                           {"from", "2023-07"},
                           {"to", "2023-12"},
                           {"total_units", 2023},
                           {"per_person_month_units", 13},
                           {"split_due", "2023-07-31"}},
                          director_);
  ASSERT_EQ(plan["status"], "draft");
  int64_t id = plan["id"];
  // HQ's capacity makes the provinces uneven; business 45/35/20
  json m = method();
  m["businesses"] = {{"direct", 45}, {"tender", 35}, {"one_time", 20}};
  m["market_capacity"] = {{std::to_string(provinces_[0]), 900},
                          {std::to_string(provinces_[1]), 50},
                          {std::to_string(provinces_[2]), 333},
                          {std::to_string(provinces_[3]), 7}};
  auto saved = api().put(plan_path(id) + "/method", with(m, {{"version", plan["version"]}}), director_);
  ASSERT_EQ(saved.status, 200) << saved.raw;
  // months: whole, adding up to 2023, each within 1 of its exact share (no history in 2020–2022: even, flagged)
  int64_t total = 0;
  for (const auto& row : saved.body["month_rows"]) {
    total += row["units"].get<int64_t>();
    EXPECT_LT(std::fabs(row["units"].get<double>() - row["exact"].get<double>()), 1.0) << row.dump();
    EXPECT_FALSE(row["from_history"].get<bool>()) << row.dump();
  }
  EXPECT_EQ(total, 2023);
  ASSERT_EQ(saved.body["month_rows"].size(), 6u);

  auto hq = cells(id, "hq", director_);
  auto regions = cells(id, "region", director_);
  auto provinces = cells(id, "province", director_);
  std::map<std::pair<std::string, std::string>, int64_t> hq_cell, province_sum, region_sum;
  std::map<std::string, int64_t> business_total, month_total;
  std::map<std::tuple<int64_t, std::string, std::string>, int64_t> region_cell, province_region_sum;
  for (const auto& c : hq) {
    std::string month = c["month"], business = c["business"];
    hq_cell[{month, business}] = c["units"];
    business_total[business] += c["units"].get<int64_t>();
    month_total[month] += c["units"].get<int64_t>();
  }
  std::map<int64_t, int64_t> region_of = {
      {provinces_[0], region_a_}, {provinces_[1], region_a_}, {provinces_[2], region_b_}, {provinces_[3], region_b_}};
  std::map<int64_t, int64_t> province_total;
  for (const auto& c : provinces) {
    EXPECT_LT(std::fabs(c["units"].get<double>() - c["exact"].get<double>()), 1.0) << c.dump();
    EXPECT_GE(c["units"].get<int64_t>(), 0);
    std::string month = c["month"], business = c["business"];
    int64_t unit = c["unit_id"];
    province_sum[{month, business}] += c["units"].get<int64_t>();
    province_total[unit] += c["units"].get<int64_t>();
    int64_t region = region_of.count(unit) ? region_of[unit] : 0;
    province_region_sum[{region, month, business}] += c["units"].get<int64_t>();
  }
  for (const auto& c : regions)
    region_cell[{c["unit_id"].get<int64_t>(), c["month"].get<std::string>(), c["business"].get<std::string>()}] =
        c["units"];
  // every month's column of every business adds up exactly to HQ's cell
  ASSERT_EQ(hq_cell.size(), 18u);
  for (const auto& [key, units] : hq_cell) EXPECT_EQ(province_sum[key], units) << key.first << " " << key.second;
  // regions are the sums of their provinces
  for (auto region : {region_a_, region_b_}) {
    for (const auto& [key, units] : hq_cell) {
      EXPECT_EQ((region_cell[{region, key.first, key.second}]), (province_region_sum[{region, key.first, key.second}]));
    }
  }
  // businesses within 1 of 2023 × their percentage; months add up to their rows
  EXPECT_LT(std::abs(business_total["direct"] - 910), 2);    // 2023 × 45 % = 910.35
  EXPECT_LT(std::abs(business_total["tender"] - 708), 2);    // 708.05
  EXPECT_LT(std::abs(business_total["one_time"] - 405), 2);  // 404.6
  EXPECT_EQ(business_total["direct"] + business_total["tender"] + business_total["one_time"], 2023);
  for (const auto& row : saved.body["month_rows"])
    EXPECT_EQ(month_total[row["month"].get<std::string>()], row["units"]);
  // the capacity's order shows in the provinces' totals
  EXPECT_GT(province_total[provinces_[0]], province_total[provinces_[2]]);
  EXPECT_GT(province_total[provinces_[2]], province_total[provinces_[1]]);
  EXPECT_GT(province_total[provinces_[1]], province_total[provinces_[3]]);

  // a month override: December fixed at 500, the other five rebalance to 1523
  m["month_overrides"] = {{"2023-12", 500}};
  auto overridden = api().put(plan_path(id) + "/method", with(m, {{"version", saved.body["version"]}}), director_);
  ASSERT_EQ(overridden.status, 200) << overridden.raw;
  int64_t others = 0;
  for (const auto& row : overridden.body["month_rows"]) {
    if (row["month"] == "2023-12") {
      EXPECT_EQ(row["units"], 500);
      EXPECT_EQ(row["override"], 500);
    } else {
      others += row["units"].get<int64_t>();
      EXPECT_TRUE(row["override"].is_null());
    }
  }
  EXPECT_EQ(others, 1523);

  // what-if: a preview under other weights changes the table, and nothing is saved
  json what_if = m;
  what_if["weights"] = {{"last_month_sales", 0}, {"market_capacity", 100}, {"registrations", 0}};
  what_if["market_capacity"][std::to_string(provinces_[3])] = 5000;
  auto preview = api().post(plan_path(id) + "/preview", what_if, director_);
  ASSERT_EQ(preview.status, 200) << preview.raw;
  int64_t previewed = 0;
  for (const auto& c : preview.body["cells"])
    if (c["level"] == "province" && c["unit_id"] == provinces_[3]) previewed += c["units"].get<int64_t>();
  EXPECT_GT(previewed, province_total[provinces_[3]] * 5);
  auto after = api().get(plan_path(id), director_);
  EXPECT_EQ(after.body["version"], overridden.body["version"]);
  EXPECT_EQ(after.body["method"]["weights"]["market_capacity"], 30);
}

TEST_F(TargetsApi, MonthsTakeTheirShareFromTheSameMonthsOfEarlierYearsAndAMonthWithoutHistoryIsEvenAndFlagged) {
  // deliveries 12 months before the plan's first month and 24 before its second: history for those two
  std::string first = month_from_today(1), second = month_from_today(2);
  deliver("direct", 30, month_from_today(-11) + "-10");
  deliver("direct", 10, month_from_today(-22) + "-10");
  auto plan = create_plan({{"name", "历史占比"}, {"from", first}, {"to", month_from_today(4)}, {"total_units", 400}},
                          director_);
  ASSERT_EQ(plan["month_rows"].size(), 4u);
  const auto& rows = plan["month_rows"];
  EXPECT_TRUE(rows[0]["from_history"].get<bool>());
  EXPECT_TRUE(rows[1]["from_history"].get<bool>());
  EXPECT_FALSE(rows[2]["from_history"].get<bool>());
  EXPECT_FALSE(rows[3]["from_history"].get<bool>());
  EXPECT_EQ(rows[0]["history_units"], 30);
  EXPECT_EQ(rows[1]["history_units"], 10);
  // the two months without history take an even quarter each; the other half goes 3:1
  EXPECT_EQ(rows[2]["units"], 100);
  EXPECT_EQ(rows[3]["units"], 100);
  EXPECT_EQ(rows[0]["units"], 150);
  EXPECT_EQ(rows[1]["units"], 50);
  // even on request
  auto even = api().put(plan_path(plan["id"]) + "/method", with(method(1), {{"version", plan["version"]}}), director_);
  ASSERT_EQ(even.status, 200) << even.raw;
  for (const auto& row : even.body["month_rows"]) {
    EXPECT_EQ(row["units"], 100);
    EXPECT_FALSE(row["from_history"].get<bool>());
  }
}

TEST_F(TargetsApi, BadInputIsAClear4xxNamingTheFieldAndChangesNothing) {
  auto field_of = [](const Response& r) {
    std::set<std::string> fields;
    for (const auto& e : r.body["errors"]) fields.insert(e["field"].get<std::string>());
    return fields;
  };
  json good = {{"name", "坏输入"}, {"from", "2027-01"}, {"to", "2027-06"}, {"total_units", 600}};
  int64_t before = count("target_plans");
  auto r = api().post("/api/v1/target-plans", with(good, {{"to", "2026-12"}}), director_);
  EXPECT_EQ(r.status, 422);
  EXPECT_TRUE(field_of(r).count("to")) << r.raw;
  r = api().post("/api/v1/target-plans", with(good, {{"total_units", -1}}), director_);
  EXPECT_EQ(r.status, 422);
  EXPECT_TRUE(field_of(r).count("total_units")) << r.raw;
  r = api().post("/api/v1/target-plans", with(good, {{"total_units", 12.5}}), director_);
  EXPECT_EQ(r.status, 422);
  EXPECT_TRUE(field_of(r).count("total_units")) << r.raw;
  r = api().post("/api/v1/target-plans", with(good, {{"from", "2027-13"}}), director_);
  EXPECT_EQ(r.status, 422);
  EXPECT_TRUE(field_of(r).count("from")) << r.raw;
  r = api().post("/api/v1/target-plans", with(good, {{"split_due", "2023-02-30"}}), director_);
  EXPECT_EQ(r.status, 422);
  EXPECT_TRUE(field_of(r).count("split_due")) << r.raw;
  // only HQ's KA director plans
  EXPECT_EQ(api().post("/api/v1/target-plans", good, executive_).status, 403);
  EXPECT_EQ(api().post("/api/v1/target-plans", good, manager_).status, 403);
  EXPECT_EQ(count("target_plans"), before);

  auto plan = create_plan(good, director_);
  int64_t id = plan["id"];
  auto cells_before = cells(id, "province", director_);
  auto put_method = [&](const json& m) {
    return api().put(plan_path(id) + "/method", with(m, {{"version", plan["version"]}}), director_);
  };
  json m = method();
  m["businesses"]["direct"] = 50;  // 110 %
  r = put_method(m);
  EXPECT_EQ(r.status, 422);
  EXPECT_TRUE(field_of(r).count("businesses")) << r.raw;
  m = method();
  m["weights"]["registrations"] = -10;
  m["weights"]["market_capacity"] = 70;
  r = put_method(m);
  EXPECT_EQ(r.status, 422);
  EXPECT_TRUE(field_of(r).count("weights.registrations")) << r.raw;
  m = method();
  m["weights"]["registrations"] = 30.5;
  r = put_method(m);
  EXPECT_EQ(r.status, 422);
  EXPECT_TRUE(field_of(r).count("weights.registrations")) << r.raw;
  m = method();
  m["market_capacity"] = {{std::to_string(dealer_a_), 10}};
  r = put_method(m);
  EXPECT_EQ(r.status, 422);
  EXPECT_TRUE(field_of(r).count("market_capacity." + std::to_string(dealer_a_))) << r.raw;
  m = method();
  m["month_overrides"] = {{"2027-09", 10}};
  r = put_method(m);
  EXPECT_EQ(r.status, 422);
  EXPECT_TRUE(field_of(r).count("month_overrides.2027-09")) << r.raw;
  m["month_overrides"] = {{"2027-02", 700}};
  r = put_method(m);
  EXPECT_EQ(r.status, 422);
  EXPECT_TRUE(field_of(r).count("month_overrides")) << r.raw;
  m["month_overrides"] = {{"2027-02", 1.5}};
  r = put_method(m);
  EXPECT_EQ(r.status, 422);
  // nothing half-written
  auto unchanged = api().get(plan_path(id), director_);
  EXPECT_EQ(unchanged.body["version"], plan["version"]);
  EXPECT_EQ(unchanged.body["method"], plan["method"]);
  EXPECT_EQ(cells(id, "province", director_), cells_before);
  // a stale version
  r = api().put(plan_path(id) + "/method", with(method(), {{"version", 99}}), director_);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.body["code"], "version_conflict");

  // a draft is HQ's: 404 outside HQ
  EXPECT_EQ(api().get(plan_path(id), manager_).status, 404);
  EXPECT_EQ(api().get(plan_path(id) + "/cells?level=province", rep_a_).status, 404);
  // an issued plan is read-only
  auto issued = api().post(plan_path(id) + "/issue", {{"version", plan["version"]}}, director_);
  ASSERT_EQ(issued.status, 200) << issued.raw;
  r = api().put(plan_path(id) + "/method", with(method(), {{"version", issued.body["version"]}}), director_);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.body["code"], "target.not_draft");
  r = api().put(plan_path(id), with(good, {{"version", issued.body["version"]}}), director_);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(api().post(plan_path(id) + "/issue", {{"version", issued.body["version"]}}, director_).status, 409);
  EXPECT_EQ(api().get(plan_path(id), manager_).status, 200);
  // attainment's query
  EXPECT_EQ(api().get("/api/v1/attainment?level=province", director_).status, 422);
  EXPECT_EQ(api().get("/api/v1/attainment?plan_id=" + std::to_string(id) + "&level=galaxy", director_).status, 422);
  EXPECT_EQ(api().get("/api/v1/attainment?plan_id=" + std::to_string(id) + "&by=week", director_).status, 422);
  EXPECT_EQ(api().get("/api/v1/attainment?plan_id=999999", director_).status, 404);
}

TEST_F(TargetsApi, AnAreaManagerSplitsTheProvinceToDealersAndPeopleThatAddUpAndSubmitsByTheDueDate) {
  auto plan = issued_plan("省区分解", month_from_today(0), month_from_today(5), 1200, day_from_today(-1));
  int64_t id = plan["id"];
  auto sheet = api().get(split_path(id, provinces_[0]), manager_);
  ASSERT_EQ(sheet.status, 200) << sheet.raw;
  EXPECT_EQ(sheet.body["status"], "open");
  EXPECT_EQ(sheet.body["dealers"].size(), 2u);
  EXPECT_EQ(sheet.body["headcount"], 3);  // dealer A's manager and rep, dealer B's rep
  EXPECT_EQ(sheet.body["standard"][0]["units"], 39);
  // the suggestion adds up: dealers to the province, each dealer's people to the dealer
  std::map<std::pair<std::string, std::string>, int64_t> province, dealers;
  for (const auto& c : sheet.body["province_cells"])
    province[{c["month"].get<std::string>(), c["business"].get<std::string>()}] = c["units"];
  for (const auto& s : sheet.body["suggested"])
    if (!s["unit_id"].is_null())
      dealers[{s["month"].get<std::string>(), s["business"].get<std::string>()}] += s["units"].get<int64_t>();
  EXPECT_EQ(dealers, province);

  auto items = suggested_items(id);
  // not the area manager of this province: 403 for a role that splits nothing (HQ, a dealer: before
  // anything is looked up), 404 for another province's area manager
  EXPECT_EQ(api().put(split_path(id, provinces_[0]), {{"items", items}}, director_).status, 403);
  EXPECT_EQ(api().put(split_path(id, provinces_[0]), {{"items", items}}, other_manager_).status, 404);
  EXPECT_EQ(api().put(split_path(id, provinces_[0]), {{"items", items}}, dealer_manager_).status, 403);
  // submitting before saving
  auto early =
      api().post(plan_path(id) + "/provinces/" + std::to_string(provinces_[0]) + "/submit", json::object(), manager_);
  EXPECT_EQ(early.status, 409);
  EXPECT_EQ(early.body["code"], "target.split_not_saved");
  // one dealer cell one unit high: 422 naming the month and business, nothing saved
  json bad = items;
  for (auto& item : bad) {
    if (item.contains("unit_id")) {
      item["units"] = item["units"].get<int64_t>() + 1;
      break;
    }
  }
  auto r = api().put(split_path(id, provinces_[0]), {{"items", bad}}, manager_);
  EXPECT_EQ(r.status, 422) << r.raw;
  EXPECT_EQ(r.body["code"], "target.split_mismatch");
  ASSERT_FALSE(r.body["errors"].empty());
  EXPECT_NE(r.body["errors"][0]["field"].get<std::string>().find(month_from_today(0)), std::string::npos) << r.raw;
  // a person's figure off: their dealer's people no longer add up
  bad = items;
  for (auto& item : bad) {
    if (item.contains("user_id")) {
      item["units"] = item["units"].get<int64_t>() + 2;
      break;
    }
  }
  r = api().put(split_path(id, provinces_[0]), {{"items", bad}}, manager_);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.body["errors"][0]["field"].get<std::string>().rfind("people.", 0), 0u) << r.raw;
  // negative, fractional, unknown dealer, month outside the plan
  bad = items;
  bad[0]["units"] = -1;
  EXPECT_EQ(api().put(split_path(id, provinces_[0]), {{"items", bad}}, manager_).status, 422);
  bad = items;
  bad[0]["units"] = 0.5;
  EXPECT_EQ(api().put(split_path(id, provinces_[0]), {{"items", bad}}, manager_).status, 422);
  bad = items;
  bad[0]["unit_id"] = provinces_[1];
  EXPECT_EQ(api().put(split_path(id, provinces_[0]), {{"items", bad}}, manager_).status, 422);
  bad = items;
  bad[0]["month"] = month_from_today(9);
  EXPECT_EQ(api().put(split_path(id, provinces_[0]), {{"items", bad}}, manager_).status, 422);
  EXPECT_EQ(cells(id, "dealer", director_).size(), 0u);

  auto saved = api().put(split_path(id, provinces_[0]), {{"items", items}}, manager_);
  ASSERT_EQ(saved.status, 200) << saved.raw;
  EXPECT_EQ(saved.body["status"], "saved");
  EXPECT_EQ(saved.body["saved"].size(), items.size());
  auto submitted =
      api().post(plan_path(id) + "/provinces/" + std::to_string(provinces_[0]) + "/submit", json::object(), manager_);
  ASSERT_EQ(submitted.status, 200) << submitted.raw;
  EXPECT_EQ(submitted.body["status"], "submitted");
  EXPECT_FALSE(submitted.body["submitted_at"].is_null());
  EXPECT_TRUE(submitted.body["late"].get<bool>());  // due yesterday
  r = api().put(split_path(id, provinces_[0]), {{"items", items}}, manager_);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.body["code"], "target.split_submitted");
  // HQ sees the submission among the provinces' splits
  auto seen = api().get(plan_path(id), director_);
  bool found = false;
  for (const auto& s : seen.body["splits"]) {
    if (s["province_id"] == provinces_[0]) {
      found = true;
      EXPECT_FALSE(s["submitted_at"].is_null());
      EXPECT_TRUE(s["late"].get<bool>());
    }
  }
  EXPECT_TRUE(found);

  // scope: a dealer sees its own cells and people only; another province's manager none of these
  auto dealer_cells = cells(id, "dealer", dealer_manager_);
  ASSERT_FALSE(dealer_cells.empty());
  for (const auto& c : dealer_cells) EXPECT_EQ(c["unit_id"], dealer_a_);
  for (const auto& c : cells(id, "user", rep_b_)) EXPECT_EQ(c["unit_id"], dealer_b_);
  EXPECT_TRUE(cells(id, "dealer", other_manager_).empty());
  EXPECT_TRUE(cells(id, "province", rep_a_).empty());
  EXPECT_EQ(api().get(split_path(id, provinces_[0]), other_manager_).status, 404);
  EXPECT_EQ(api().get(plan_path(id) + "/cells?level=dealer&unit_id=" + std::to_string(dealer_b_), rep_a_).status, 404);
  auto att = api().get("/api/v1/attainment?plan_id=" + std::to_string(id) + "&level=dealer", dealer_manager_);
  ASSERT_EQ(att.status, 200);
  ASSERT_EQ(att.body["units"].size(), 1u);
  EXPECT_EQ(att.body["units"][0]["unit_id"], dealer_a_);
}

TEST_F(TargetsApi, AttainmentGrowsWithADeliveryAndCountsItForItsBusiness) {
  auto plan = issued_plan("达成", month_from_today(0), month_from_today(2), 900);
  int64_t id = plan["id"];
  auto items = suggested_items(id);
  ASSERT_EQ(api().put(split_path(id, provinces_[0]), {{"items", items}}, manager_).status, 200);
  int64_t province = attained(id, "province", provinces_[0], director_);
  int64_t dealer = attained(id, "dealer", dealer_a_, manager_);
  int64_t person = attained(id, "user", rep_a_.user_id, manager_);
  int64_t tender = attained(id, "province", provinces_[0], director_, "tender");
  int64_t direct = attained(id, "province", provinces_[0], director_, "direct");
  ASSERT_GE(province, 0);
  deliver("tender", 4, day_from_today(0));
  EXPECT_EQ(attained(id, "province", provinces_[0], director_), province + 4);
  EXPECT_EQ(attained(id, "dealer", dealer_a_, manager_), dealer + 4);
  EXPECT_EQ(attained(id, "user", rep_a_.user_id, manager_), person + 4);
  EXPECT_EQ(attained(id, "region", region_a_, director_) >= 4, true);
  EXPECT_EQ(attained(id, "province", provinces_[0], director_, "tender"), tender + 4);
  EXPECT_EQ(attained(id, "province", provinces_[0], director_, "direct"), direct);
  // the other province's manager does not see this province
  EXPECT_EQ(attained(id, "province", provinces_[0], other_manager_), -1);
  // rate and gap to date; months and quarters
  auto r = api().get("/api/v1/attainment?plan_id=" + std::to_string(id) + "&level=province&by=quarter", director_);
  ASSERT_EQ(r.status, 200);
  for (const auto& u : r.body["units"]) {
    EXPECT_EQ(u["gap"].get<int64_t>(), u["plan_to_date"].get<int64_t>() - u["actual"].get<int64_t>());
    if (u["plan_to_date"].get<int64_t>() > 0)
      EXPECT_NEAR(u["rate"].get<double>(), u["actual"].get<double>() / u["plan_to_date"].get<double>(), 1e-4);
  }
  EXPECT_EQ(r.body["periods"][0].get<std::string>().find("-Q"), 4u);
  // the forecast lands at least at what was delivered
  auto f = api().get("/api/v1/forecast?plan_id=" + std::to_string(id) + "&level=dealer", manager_);
  ASSERT_EQ(f.status, 200) << f.raw;
  bool found = false;
  for (const auto& row : f.body["items"]) {
    if (row["unit_id"] != dealer_a_) continue;
    found = true;
    EXPECT_GE(row["delivered"].get<int64_t>(), 4);
    EXPECT_NEAR(
        row["landing"].get<double>(),
        row["delivered"].get<double>() + row["won_undelivered"].get<double>() + row["weighted_pipeline"].get<double>(),
        0.11);
  }
  EXPECT_TRUE(found);
  // the export
  auto x = api().get("/api/v1/attainment/export?plan_id=" + std::to_string(id) + "&level=province", director_);
  EXPECT_EQ(x.status, 200);
  EXPECT_EQ(x.raw.substr(0, 2), "PK");
}

TEST_F(TargetsApi, ARevisionIsANewVersionWithItsDifferencesCellByCell) {
  auto plan = issued_plan("修订", "2028-01", "2028-03", 300);
  int64_t id = plan["id"];
  auto rev = api().post(plan_path(id) + "/revisions", json::object(), director_);
  ASSERT_EQ(rev.status, 201) << rev.raw;
  EXPECT_EQ(rev.body["revision"], 2);
  EXPECT_EQ(rev.body["revision_of"], id);
  EXPECT_EQ(api().post(plan_path(id) + "/revisions", json::object(), director_).status, 409);
  int64_t next = rev.body["id"];
  auto diff = api().get(plan_path(next) + "/diff", director_);
  ASSERT_EQ(diff.status, 200);
  EXPECT_TRUE(diff.body["items"].empty());
  auto changed = api().put(plan_path(next),
                           {{"version", rev.body["version"]},
                            {"name", "修订二"},
                            {"from", "2028-01"},
                            {"to", "2028-03"},
                            {"total_units", 330}},
                           director_);
  ASSERT_EQ(changed.status, 200) << changed.raw;
  diff = api().get(plan_path(next) + "/diff", director_);
  ASSERT_FALSE(diff.body["items"].empty());
  int64_t hq_before = 0, hq_after = 0;
  for (const auto& d : diff.body["items"]) {
    EXPECT_NE(d["before"], d["after"]);
    if (d["level"] == "hq") {
      hq_before += d["before"].get<int64_t>();
      hq_after += d["after"].get<int64_t>();
    }
  }
  EXPECT_EQ(hq_after - hq_before, 30);
  auto issued = api().post(plan_path(next) + "/issue", {{"version", changed.body["version"]}}, director_);
  ASSERT_EQ(issued.status, 200);
  EXPECT_EQ(api().get(plan_path(id), director_).body["superseded_by"], next);
  EXPECT_EQ(api().get(plan_path(id) + "/diff", director_).status, 404);
}

TEST_F(TargetsApi, MarketCapacityIsReadFromASheetByProvinceNameOrCodeAndNothingIsSaved) {
  auto plan =
      create_plan({{"name", "容量导入"}, {"from", "2030-01"}, {"to", "2030-03"}, {"total_units", 90}}, director_);
  std::string path = plan_path(plan["id"]) + "/capacity-import";
  auto name = api().get("/api/v1/org/units/" + std::to_string(provinces_[1]), director_).body.value("name", "");
  std::string csv = "省份,市场容量\n" + name + ",120\n" + codes_[0] + ",300\n火星省,5\n" + codes_[2] + ",12.5\n";
  auto r =
      api().request("POST", path, csv, {{"Authorization", "Bearer " + director_.token}, {"Content-Type", "text/csv"}});
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["market_capacity"][std::to_string(provinces_[1])], 120);
  EXPECT_EQ(r.body["market_capacity"][std::to_string(provinces_[0])], 300);
  EXPECT_EQ(r.body["market_capacity"].size(), 2u);
  ASSERT_EQ(r.body["errors"].size(), 2u);
  EXPECT_EQ(r.body["errors"][0]["row"], 4);
  EXPECT_EQ(r.body["errors"][1]["row"], 5);
  EXPECT_EQ(api().get(plan_path(plan["id"]), director_).body["method"]["market_capacity"].size(), 0u);
  // HQ's director only; a file that is neither .xlsx nor .csv text is a 422 naming it
  EXPECT_EQ(
      api()
          .request("POST", path, csv, {{"Authorization", "Bearer " + executive_.token}, {"Content-Type", "text/csv"}})
          .status,
      403);
  auto junk =
      api().request("POST", path, std::string("PK\x03\x04garbage", 12),
                    {{"Authorization", "Bearer " + director_.token}, {"Content-Type", "application/octet-stream"}});
  EXPECT_EQ(junk.status, 422) << junk.raw;
}

TEST_F(TargetsApi, HomeToDosEqualTheListsTheyLinkTo) {
  auto draft =
      create_plan({{"name", "首页待办"}, {"from", "2029-01"}, {"to", "2029-02"}, {"total_units", 10}}, director_);
  issued_plan("首页待办已下达", "2029-03", "2029-04", 10);
  for (const auto* as : {&director_, &manager_, &rep_a_}) {
    auto home = api().get("/api/v1/home", *as);
    ASSERT_EQ(home.status, 200);
    for (const auto& t : home.body["todos"]) {
      if (t["code"].get<std::string>().rfind("target_", 0) != 0) continue;
      std::string url = t["list"]["path"].get<std::string>() + "?x=1";
      for (const auto& [k, v] : t["list"]["query"].items()) url += "&" + k + "=" + v.get<std::string>();
      auto list = api().get(url, *as);
      ASSERT_EQ(list.status, 200);
      EXPECT_EQ(t["count"].get<int64_t>(), static_cast<int64_t>(list.body["items"].size())) << t.dump();
      EXPECT_GT(t["count"].get<int64_t>(), 0) << t.dump();
    }
  }
  auto codes = [&](const Session& as) {
    std::set<std::string> out;
    auto home = api().get("/api/v1/home", as);
    for (const auto& t : home.body["todos"]) out.insert(t["code"].get<std::string>());
    return out;
  };
  EXPECT_TRUE(codes(director_).count("target_plan_draft"));
  EXPECT_TRUE(codes(director_).count("target_split_missing"));
  EXPECT_TRUE(codes(manager_).count("target_split_due"));
  EXPECT_FALSE(codes(rep_a_).count("target_split_due"));
  (void)draft;
}
