// The organisation tree: shape rules, moves, deactivation, versions, scope and paging.
#include "harness.h"

using namespace fleetkam;
using namespace fleetkam::test;
using nlohmann::json;

class OrgApi : public ServerFixture {
 protected:
  struct Tree {
    int64_t region, province, dealer, other_province, other_dealer;
    std::string province_code;
  };
  Tree build() {
    Tree t;
    t.region = make_unit("region", unique("大区"), 1);
    t.province_code = next_province_code();
    t.province = make_unit("province", unique("省区"), t.region, t.province_code);
    t.dealer = make_unit("dealer", unique("经销商"), t.province);
    t.other_province = make_unit("province", unique("省区"), t.region, next_province_code());
    t.other_dealer = make_unit("dealer", unique("经销商"), t.other_province);
    return t;
  }
};

TEST_F(OrgApi, BuildTheTree) {
  auto t = build();
  auto r = api().get("/api/v1/org/units/" + std::to_string(t.province), admin());
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body["kind"], "province");
  EXPECT_EQ(r.body["parent_id"], t.region);
  EXPECT_EQ(r.body["division_code"], t.province_code);
  EXPECT_EQ(r.body["version"], 1);
  EXPECT_TRUE(r.body["active"].get<bool>());
  EXPECT_NE(r.body["created_at"].get<std::string>().find("+08:00"), std::string::npos);
}

TEST_F(OrgApi, ShapeRulesAre422AndWriteNothing) {
  auto t = build();
  int64_t before = count("org_units");
  auto under_hq = api().post("/api/v1/org/units", {{"kind", "dealer"}, {"name", "x"}, {"parent_id", 1}}, admin());
  EXPECT_EQ(under_hq.status, 422);
  EXPECT_EQ(under_hq.body["code"], "org.invalid_parent");
  EXPECT_EQ(under_hq.body["errors"][0]["field"], "parent_id");
  auto no_division =
      api().post("/api/v1/org/units", {{"kind", "province"}, {"name", "x"}, {"parent_id", t.region}}, admin());
  EXPECT_EQ(no_division.status, 422);
  EXPECT_EQ(no_division.body["errors"][0]["field"], "division_code");
  auto city_code =
      api().post("/api/v1/org/units",
                 {{"kind", "province"}, {"name", "x"}, {"parent_id", t.region}, {"division_code", "510100"}}, admin());
  EXPECT_EQ(city_code.status, 422);
  auto taken = api().post(
      "/api/v1/org/units",
      {{"kind", "province"}, {"name", "x"}, {"parent_id", t.region}, {"division_code", t.province_code}}, admin());
  EXPECT_EQ(taken.status, 409);
  EXPECT_EQ(taken.body["code"], "org.division_taken");
  auto hq_kind = api().post("/api/v1/org/units", {{"kind", "hq"}, {"name", "x"}, {"parent_id", 1}}, admin());
  EXPECT_EQ(hq_kind.status, 422);
  auto missing_parent =
      api().post("/api/v1/org/units", {{"kind", "region"}, {"name", "x"}, {"parent_id", 999999}}, admin());
  EXPECT_EQ(missing_parent.status, 422);
  auto blank = api().post("/api/v1/org/units", {{"kind", "region"}, {"name", "   "}, {"parent_id", 1}}, admin());
  EXPECT_EQ(blank.status, 422);
  auto long_name =
      api().post("/api/v1/org/units", {{"kind", "region"}, {"name", std::string(101, 'x')}, {"parent_id", 1}}, admin());
  EXPECT_EQ(long_name.status, 422);
  EXPECT_EQ(long_name.body["errors"][0]["code"], "too_long");
  auto same_name_region = api().get("/api/v1/org/units/" + std::to_string(t.region), admin());
  auto dup = api().post("/api/v1/org/units",
                        {{"kind", "region"}, {"name", same_name_region.body["name"]}, {"parent_id", 1}}, admin());
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(dup.body["code"], "org.name_taken");
  EXPECT_EQ(count("org_units"), before);
}

TEST_F(OrgApi, RenameWithVersionAndStaleVersionIs409) {
  auto t = build();
  auto path = "/api/v1/org/units/" + std::to_string(t.dealer);
  auto renamed = api().patch(path, {{"version", 1}, {"name", "成都新名称" + unique("")}}, admin());
  ASSERT_EQ(renamed.status, 200) << renamed.raw;
  EXPECT_EQ(renamed.body["version"], 2);
  auto stale = api().patch(path, {{"version", 1}, {"name", "另一个"}}, admin());
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(stale.body["code"], "version_conflict");
  auto no_version = api().patch(path, {{"name", "另一个"}}, admin());
  EXPECT_EQ(no_version.status, 422);
  auto missing = api().patch("/api/v1/org/units/99999999", {{"version", 1}, {"name", "x"}}, admin());
  EXPECT_EQ(missing.status, 404);
}

TEST_F(OrgApi, MoveADealerMovesItsScope) {
  auto t = build();
  auto manager_a = make_user(unique("am"), "area_manager", t.province);
  auto manager_b = make_user(unique("am"), "area_manager", t.other_province);
  auto rep = make_user(unique("rep"), "sales_rep", t.dealer);
  auto dealer_path = "/api/v1/org/units/" + std::to_string(t.dealer);
  auto rep_path = "/api/v1/users/" + std::to_string(rep.user_id);
  EXPECT_EQ(api().get(dealer_path, manager_a).status, 200);
  EXPECT_EQ(api().get(dealer_path, manager_b).status, 404);
  EXPECT_EQ(api().get(rep_path, manager_a).status, 200);
  auto wrong_kind = api().patch(dealer_path, {{"version", 1}, {"parent_id", t.region}}, admin());
  EXPECT_EQ(wrong_kind.status, 422);
  auto moved = api().patch(dealer_path, {{"version", 1}, {"parent_id", t.other_province}}, admin());
  ASSERT_EQ(moved.status, 200) << moved.raw;
  EXPECT_EQ(moved.body["parent_id"], t.other_province);
  EXPECT_EQ(api().get(dealer_path, manager_a).status, 404);
  EXPECT_EQ(api().get(dealer_path, manager_b).status, 200);
  EXPECT_EQ(api().get(rep_path, manager_a).status, 404);
  EXPECT_EQ(api().get(rep_path, manager_b).status, 200);
  // the rep's own scope follows the dealer
  EXPECT_EQ(api().get("/api/v1/me", rep).body["org_unit"]["parent_id"], t.other_province);
  auto audit = api().get("/api/v1/audit?entity=org_unit&id=" + std::to_string(t.dealer), admin());
  ASSERT_EQ(audit.status, 200);
  EXPECT_EQ(audit.body["items"][0]["action"], "move");
  EXPECT_EQ(audit.body["items"][0]["before"]["parent_id"], t.province);
  EXPECT_EQ(audit.body["items"][0]["after"]["parent_id"], t.other_province);
}

TEST_F(OrgApi, MovingAProvinceMovesItsWholeSubtree) {
  auto t = build();
  auto other_region = make_unit("region", unique("大区"), 1);
  auto director = make_user(unique("rd"), "regional_director", other_region);
  EXPECT_EQ(api().get("/api/v1/org/units/" + std::to_string(t.dealer), director).status, 404);
  ASSERT_EQ(api()
                .patch("/api/v1/org/units/" + std::to_string(t.province), {{"version", 1}, {"parent_id", other_region}},
                       admin())
                .status,
            200);
  EXPECT_EQ(api().get("/api/v1/org/units/" + std::to_string(t.dealer), director).status, 200);
  auto list = api().get("/api/v1/org/units?kind=dealer", director);
  ASSERT_EQ(list.body["items"].size(), 1u);
  EXPECT_EQ(list.body["items"][0]["id"], t.dealer);
}

TEST_F(OrgApi, DeactivateOnlyWithoutActiveChildrenOrUsers) {
  auto t = build();
  auto rep = make_user(unique("rep"), "sales_rep", t.dealer);
  auto province = "/api/v1/org/units/" + std::to_string(t.province);
  auto blocked = api().patch(province, {{"version", 1}, {"active", false}}, admin());
  EXPECT_EQ(blocked.status, 409);
  EXPECT_EQ(blocked.body["code"], "org.has_active_children");
  auto dealer = "/api/v1/org/units/" + std::to_string(t.dealer);
  auto staffed = api().patch(dealer, {{"version", 1}, {"active", false}}, admin());  // the rep is active
  EXPECT_EQ(staffed.status, 409);
  EXPECT_EQ(staffed.body["code"], "org.has_active_children");
  auto user = api().get("/api/v1/users/" + std::to_string(rep.user_id), admin());
  ASSERT_EQ(api()
                .patch("/api/v1/users/" + std::to_string(rep.user_id),
                       {{"version", user.body["version"]}, {"active", false}}, admin())
                .status,
            200);
  EXPECT_EQ(api().patch(dealer, {{"version", 1}, {"active", false}}, admin()).status, 200);
  EXPECT_EQ(api().patch(province, {{"version", 1}, {"active", false}}, admin()).status, 200);
  // no new unit under a deactivated one
  EXPECT_EQ(
      api().post("/api/v1/org/units", {{"kind", "dealer"}, {"name", "x"}, {"parent_id", t.province}}, admin()).status,
      422);
  auto active_only = api().get("/api/v1/org/units?active=false&kind=province", admin());
  bool found = false;
  for (const auto& u : active_only.body["items"]) found |= u["id"] == t.province;
  EXPECT_TRUE(found);
  // HQ itself cannot be deactivated or moved
  auto hq = api().get("/api/v1/org/units/1", admin());
  EXPECT_EQ(api().patch("/api/v1/org/units/1", {{"version", hq.body["version"]}, {"active", false}}, admin()).status,
            422);
}

TEST_F(OrgApi, ScopeDealerSeesOnlyItsOwnUnit) {
  auto t = build();
  auto rep = make_user(unique("rep"), "sales_rep", t.dealer);
  auto list = api().get("/api/v1/org/units", rep);
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.body["items"].size(), 1u);
  EXPECT_EQ(list.body["items"][0]["id"], t.dealer);
  EXPECT_EQ(api().get("/api/v1/org/units/" + std::to_string(t.other_dealer), rep).status, 404);
  EXPECT_EQ(api().get("/api/v1/org/units/" + std::to_string(t.province), rep).status, 404);
  EXPECT_EQ(api().get("/api/v1/org/units/1", rep).status, 404);
  // writes: a rep may manage no unit: 403, inside the scope or outside (the role is checked first)
  EXPECT_EQ(
      api().patch("/api/v1/org/units/" + std::to_string(t.other_dealer), {{"version", 1}, {"name", "x"}}, rep).status,
      403);
  EXPECT_EQ(api().patch("/api/v1/org/units/" + std::to_string(t.dealer), {{"version", 1}, {"name", "x"}}, rep).status,
            403);
  EXPECT_EQ(api().post("/api/v1/org/units", {{"kind", "dealer"}, {"name", "x"}, {"parent_id", t.province}}, rep).status,
            403);
  auto overview = api().get("/api/v1/overview", rep);
  EXPECT_EQ(overview.body["counts"]["dealers"], 1);
  EXPECT_EQ(overview.body["counts"]["provinces"], 0);
  EXPECT_EQ(overview.body["counts"]["users"], 1);
}

TEST_F(OrgApi, AreaManagerSeesTheProvince) {
  auto t = build();
  auto manager = make_user(unique("am"), "area_manager", t.province);
  auto list = api().get("/api/v1/org/units", manager);
  ASSERT_EQ(list.body["items"].size(), 2u);  // the province and its dealer
  EXPECT_EQ(api().get("/api/v1/org/units/" + std::to_string(t.other_dealer), manager).status, 404);
  EXPECT_EQ(api().get("/api/v1/org/units/" + std::to_string(t.region), manager).status, 404);
}

TEST_F(OrgApi, ListsPageWithCursorAndCheckTheirParameters) {
  auto region = make_unit("region", unique("翻页大区"), 1);
  auto province = make_unit("province", unique("翻页省区"), region, next_province_code());
  for (int i = 0; i < 5; ++i) make_unit("dealer", unique("翻页经销商"), province);
  std::vector<int64_t> seen;
  std::string url = "/api/v1/org/units?parent_id=" + std::to_string(province) + "&limit=2";
  std::string cursor;
  for (int page = 0; page < 5; ++page) {
    auto r = api().get(url + (cursor.empty() ? "" : "&cursor=" + cursor), admin());
    ASSERT_EQ(r.status, 200);
    for (const auto& item : r.body["items"]) seen.push_back(item["id"]);
    if (r.body["next_cursor"].is_null()) break;
    cursor = r.body["next_cursor"];
  }
  EXPECT_EQ(seen.size(), 5u);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  // a page that holds exactly the rest of the list says there is no next page
  auto exact = api().get("/api/v1/org/units?parent_id=" + std::to_string(province) + "&limit=5", admin());
  EXPECT_EQ(exact.body["items"].size(), 5u);
  EXPECT_TRUE(exact.body["next_cursor"].is_null());
  EXPECT_EQ(api().get("/api/v1/org/units?limit=0", admin()).status, 422);
  EXPECT_EQ(api().get("/api/v1/org/units?limit=501", admin()).status, 422);
  EXPECT_EQ(api().get("/api/v1/org/units?limit=abc", admin()).status, 422);
  EXPECT_EQ(api().get("/api/v1/org/units?cursor=bogus!", admin()).status, 422);
  EXPECT_EQ(api().get("/api/v1/org/units?kind=city", admin()).status, 422);
  EXPECT_EQ(api().get("/api/v1/org/units?active=maybe", admin()).status, 422);
}
