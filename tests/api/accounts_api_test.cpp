// Accounts, contacts, the analysis sheet and directories against the real server.
#include <unicode/ucnv.h>
#include <set>
#include "harness.h"

#include "platform/sheets/sheets.h"
#include "platform/text/credit_code.h"

using namespace fleetkam;
using namespace fleetkam::test;
using nlohmann::json;

class AccountsApi : public ServerFixture {
 protected:
  void SetUp() override {
    region_ = make_unit("region", unique("客户大区"), 1);
    province_ = make_unit("province", unique("客户省区"), region_, next_province_code());
    dealer_ = make_unit("dealer", unique("客户经销商"), province_);
    other_dealer_ = make_unit("dealer", unique("客户经销商"), province_);
    rep_ = make_user(unique("acc_rep"), "sales_rep", dealer_);
    other_rep_ = make_user(unique("acc_rep"), "sales_rep", other_dealer_);
    manager_ = make_user(unique("acc_am"), "area_manager", province_);
  }
  static std::string credit_code() {
    static int n = 0;
    char body[9];
    std::snprintf(body, sizeof body, "%08d", 10000 + ++n);
    return text::complete_credit_code(std::string("11510100") + body);
  }
  json account(const std::string& name, const std::string& division = "510104") {
    return {{"name", name},
            {"industry", "police"},
            {"admin_level", "municipal"},
            {"division_code", division},
            {"grade", "key"},
            {"business_class", "tender"},
            {"procurement_method", "tender"},
            {"source_channel", "gov_procurement_site"}};
  }
  int64_t create(const json& body, const Session& as) {
    auto r = api().post("/api/v1/accounts", body, as);
    EXPECT_EQ(r.status, 201) << r.raw;
    return r.status == 201 ? r.body["id"].get<int64_t>() : 0;
  }
  int64_t region_ = 0, province_ = 0, dealer_ = 0, other_dealer_ = 0;
  Session rep_, other_rep_, manager_;
};

TEST_F(AccountsApi, CreateReadAndDefaults) {
  auto body = account(unique("成都市公安局锦江区分局"));
  body["credit_code"] = credit_code();
  body["address"] = "成都市锦江区";
  auto r = api().post("/api/v1/accounts", body, rep_);
  ASSERT_EQ(r.status, 201) << r.raw;
  EXPECT_EQ(r.body["owner_unit_id"], dealer_);  // the rep's dealer by default
  EXPECT_EQ(r.body["province_code"], "510000");
  EXPECT_EQ(r.body["credit_code"], body["credit_code"]);
  EXPECT_EQ(r.body["version"], 1);
  auto id = r.body["id"].get<int64_t>();
  EXPECT_EQ(api().get("/api/v1/accounts/" + std::to_string(id), rep_).body["name"], body["name"]);
  auto audit = api().get("/api/v1/audit?entity=account&id=" + std::to_string(id), admin());
  EXPECT_EQ(audit.body["items"][0]["action"], "create");
}

TEST_F(AccountsApi, CreditCodeIsCheckedInFull) {
  std::string good = credit_code();
  std::string wrong_check = good;
  wrong_check[17] = wrong_check[17] == '0' ? '1' : '0';
  for (const std::string& bad : {wrong_check, good.substr(0, 17), std::string("91110000I00000000X")}) {
    auto body = account(unique("检察院"));
    body["credit_code"] = bad;
    auto r = api().post("/api/v1/accounts", body, rep_);
    EXPECT_EQ(r.status, 422) << bad;
    EXPECT_EQ(r.body["errors"][0]["field"], "credit_code") << bad;
  }
  // what a person types: lower case, full width, spaces around
  auto body = account(unique("法院"));
  std::string lower = good;
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  body["credit_code"] = "  " + lower + " ";
  auto r = api().post("/api/v1/accounts", body, rep_);
  ASSERT_EQ(r.status, 201) << r.raw;
  EXPECT_EQ(r.body["credit_code"], good);
}

TEST_F(AccountsApi, EveryBadFieldIsNamedAndNothingIsWritten) {
  int64_t before = count("accounts");
  auto body = account("x");
  body["industry"] = "space_agency";
  body["source_channel"] = "rumour";
  body["division_code"] = "999999";
  body["grade"] = "vip";
  body["owner_unit_id"] = other_dealer_;
  body["colour"] = "red";
  auto r = api().post("/api/v1/accounts", body, rep_);
  EXPECT_EQ(r.status, 422);
  std::set<std::string> fields;
  for (const auto& e : r.body["errors"]) fields.insert(e["field"]);
  EXPECT_TRUE(fields.count("colour"));
  EXPECT_TRUE(fields.count("grade"));
  // the others are checked once the request itself is well formed
  body.erase("colour");
  body["grade"] = "key";
  r = api().post("/api/v1/accounts", body, rep_);
  EXPECT_EQ(r.status, 422);
  fields.clear();
  for (const auto& e : r.body["errors"]) fields.insert(e["field"]);
  EXPECT_EQ(fields, (std::set<std::string>{"name", "industry", "source_channel", "division_code", "owner_unit_id"}));
  auto missing = api().post("/api/v1/accounts", json{{"name", "某某单位"}}, rep_);
  EXPECT_EQ(missing.status, 422);
  EXPECT_GE(missing.body["errors"].size(), 7u);
  EXPECT_EQ(count("accounts"), before);
}

TEST_F(AccountsApi, DuplicatesAre409AndRevealNothingOutsideScope) {
  auto code = credit_code();
  auto suffix = unique("");
  auto body = account("成都市市场监督管理局" + suffix);
  body["credit_code"] = code;
  auto first = create(body, rep_);
  // the same credit code from another dealer: 409, told that it exists, not what or whose
  auto second = account(unique("另一个名字"));
  second["credit_code"] = code;
  auto r = api().post("/api/v1/accounts", second, other_rep_);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.body["code"], "account.duplicate");
  ASSERT_EQ(r.body["duplicates"].size(), 1u);
  EXPECT_EQ(r.body["duplicates"][0]["kind"], "duplicate");
  EXPECT_FALSE(r.body["duplicates"][0].contains("id"));
  EXPECT_FALSE(r.body["duplicates"][0].contains("name"));
  // the area manager sees which one it is
  auto seen = api().get("/api/v1/accounts/duplicates?credit_code=" + code, manager_);
  ASSERT_EQ(seen.status, 200);
  EXPECT_EQ(seen.body["candidates"][0]["id"], first);
  // the same name in the same division, in traditional characters with a full-width space, is the same
  auto same_name = account("成都市\u3000市場監督管理局" + suffix);
  r = api().post("/api/v1/accounts", same_name, rep_);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.body["code"], "account.duplicate");
  EXPECT_EQ(r.body["duplicates"][0]["id"], first);
  // but in another division it is another organisation
  EXPECT_EQ(api().post("/api/v1/accounts", account(body["name"].get<std::string>(), "220104"), rep_).status, 201);
  EXPECT_EQ(api().get("/api/v1/accounts/duplicates", rep_).status, 422);
}

TEST_F(AccountsApi, ScopeDealersSeeOnlyTheirOwn) {
  auto mine = create(account(unique("成都市卫生健康委员会")), rep_);
  auto theirs = create(account(unique("成都市交通运输局")), other_rep_);
  auto path = "/api/v1/accounts/" + std::to_string(theirs);
  EXPECT_EQ(api().get(path, rep_).status, 404);
  EXPECT_EQ(api().patch(path, {{"version", 1}, {"grade", "potential"}}, rep_).status, 404);
  EXPECT_EQ(api().get(path + "/contacts", rep_).status, 404);
  EXPECT_EQ(api().post(path + "/contacts", {{"name", "张三"}, {"buying_role", "user"}}, rep_).status, 404);
  EXPECT_EQ(api().get(path + "/analysis", rep_).status, 404);
  auto list = api().get("/api/v1/accounts", rep_);
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.body["items"].size(), 1u);
  EXPECT_EQ(list.body["items"][0]["id"], mine);
  // the area manager sees both; HQ sees both
  EXPECT_EQ(api().get("/api/v1/accounts", manager_).body["items"].size(), 2u);
  EXPECT_EQ(api().get(path, admin()).status, 200);
  // a rep cannot hand an account to another dealer
  EXPECT_EQ(
      api()
          .patch("/api/v1/accounts/" + std::to_string(mine), {{"version", 1}, {"owner_unit_id", other_dealer_}}, rep_)
          .status,
      403);
}

TEST_F(AccountsApi, GradeAndOwnerChangesAreAudited) {
  auto id = create(account(unique("成都市生态环境局")), rep_);
  auto path = "/api/v1/accounts/" + std::to_string(id);
  auto graded = api().patch(path, {{"version", 1}, {"grade", "secondary"}}, rep_);
  ASSERT_EQ(graded.status, 200) << graded.raw;
  auto stale = api().patch(path, {{"version", 1}, {"grade", "key"}}, rep_);
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(stale.body["code"], "version_conflict");
  auto moved = api().patch(path, {{"version", 2}, {"owner_unit_id", other_dealer_}}, manager_);
  ASSERT_EQ(moved.status, 200) << moved.raw;
  EXPECT_EQ(api().get(path, rep_).status, 404);
  EXPECT_EQ(api().get(path, other_rep_).status, 200);
  auto audit = api().get("/api/v1/audit?entity=account&id=" + std::to_string(id), admin());
  EXPECT_EQ(audit.body["items"][0]["action"], "owner_change");
  EXPECT_EQ(audit.body["items"][0]["before"]["owner_unit_id"], dealer_);
  EXPECT_EQ(audit.body["items"][0]["after"]["owner_unit_id"], other_dealer_);
  EXPECT_EQ(audit.body["items"][1]["action"], "grade_change");
  EXPECT_EQ(audit.body["items"][1]["before"]["grade"], "key");
  EXPECT_EQ(audit.body["items"][1]["after"]["grade"], "secondary");
  // an owner user must work at the owning unit
  EXPECT_EQ(api().patch(path, {{"version", 3}, {"owner_user_id", rep_.user_id}}, manager_).status, 422);
  auto assigned = api().patch(path, {{"version", 3}, {"owner_user_id", other_rep_.user_id}}, manager_);
  EXPECT_EQ(assigned.status, 200) << assigned.raw;
  auto cleared = api().patch(path, {{"version", 4}, {"owner_user_id", nullptr}}, manager_);
  EXPECT_TRUE(cleared.body["owner_user_id"].is_null());
}

TEST_F(AccountsApi, SearchByNamePinyinInitialsTraditionalAndCreditCode) {
  auto code = credit_code();
  auto police = account("北京市公安局" + unique(""), "110105");
  police["credit_code"] = code;
  auto police_id = create(police, manager_);
  auto bank_id = create(account("中国银行" + unique("成都分行"), "510104"), manager_);
  auto find = [&](const std::string& q) {
    std::set<int64_t> ids;
    auto r = api().get("/api/v1/accounts?q=" + q, manager_);
    EXPECT_EQ(r.status, 200) << q;
    for (const auto& a : r.body["items"]) ids.insert(a["id"].get<int64_t>());
    return ids;
  };
  EXPECT_TRUE(find("beijingshi").count(police_id));
  EXPECT_TRUE(find("bjsgaj").count(police_id));
  EXPECT_TRUE(find("BJSGAJ").count(police_id));
  EXPECT_TRUE(find("gongan").count(police_id));
  EXPECT_TRUE(find("%E5%8C%97%E4%BA%AC").count(police_id));                             // 北京
  EXPECT_TRUE(find("%E5%85%AC%E5%AE%89%E5%B1%80").count(police_id));                    // 公安局
  EXPECT_TRUE(find("%E5%8C%97%E4%BA%AC%E5%B8%82%E5%85%AC%E5%AE%89").count(police_id));  // 北京市公安
  EXPECT_TRUE(find(code.substr(0, 10)).count(police_id));
  EXPECT_TRUE(find("zgyh").count(bank_id));  // 行 read as hang
  EXPECT_FALSE(find("zgyh").count(police_id));
  EXPECT_TRUE(find("shanghai").empty());
}

TEST_F(AccountsApi, FiltersPinyinOrderAndPaging) {
  for (const char* name : {"重庆市公安局", "安徽省公安厅", "北京市法院", "广东省检察院", "成都市交通局"}) {
    auto body = account(name + unique(""), "510107");
    if (std::string(name).find("北京") != std::string::npos) body["grade"] = "potential";
    create(body, rep_);
  }
  std::vector<std::string> names;
  std::string cursor;
  for (int page = 0; page < 5; ++page) {
    auto r = api().get("/api/v1/accounts?limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor), rep_);
    ASSERT_EQ(r.status, 200);
    for (const auto& a : r.body["items"]) names.push_back(a["name"]);
    if (r.body["next_cursor"].is_null()) break;
    cursor = r.body["next_cursor"];
  }
  ASSERT_EQ(names.size(), 5u);
  auto exact = api().get("/api/v1/accounts?limit=5", rep_);
  EXPECT_EQ(exact.body["items"].size(), 5u);
  EXPECT_TRUE(exact.body["next_cursor"].is_null());
  // pinyin order: anhui, beijing, chengdu, chongqing, guangdong
  EXPECT_EQ(names[0].rfind("安徽", 0), 0u);
  EXPECT_EQ(names[1].rfind("北京", 0), 0u);
  EXPECT_EQ(names[2].rfind("成都", 0), 0u);
  EXPECT_EQ(names[3].rfind("重庆", 0), 0u);
  EXPECT_EQ(names[4].rfind("广东", 0), 0u);
  EXPECT_EQ(api().get("/api/v1/accounts?grade=potential", rep_).body["items"].size(), 1u);
  // a province includes its cities and counties
  EXPECT_EQ(api().get("/api/v1/accounts?division_code=510000", rep_).body["items"].size(), 5u);
  EXPECT_EQ(api().get("/api/v1/accounts?division_code=510100", rep_).body["items"].size(), 5u);
  EXPECT_TRUE(items_of(api().get("/api/v1/accounts?division_code=510104", rep_)).empty());
  EXPECT_TRUE(items_of(api().get("/api/v1/accounts?division_code=220000", rep_)).empty());
  EXPECT_EQ(api().get("/api/v1/accounts?owner_unit_id=" + std::to_string(dealer_), manager_).body["items"].size(), 5u);
  EXPECT_EQ(api().get("/api/v1/accounts?grade=vip", rep_).status, 422);
  EXPECT_EQ(api().get("/api/v1/accounts?division_code=123", rep_).status, 422);
  EXPECT_EQ(api().get("/api/v1/accounts?cursor=xyz", rep_).status, 422);
}

TEST_F(AccountsApi, ContactsFormTheBuyingCentre) {
  auto id = create(account(unique("成都市应急管理局")), rep_);
  auto base = "/api/v1/accounts/" + std::to_string(id) + "/contacts";
  auto chief = api().post(
      base, {{"name", "王局长"}, {"buying_role", "decision_maker"}, {"title", "局长"}, {"phone", "+86 28 8888 0000"}},
      rep_);
  ASSERT_EQ(chief.status, 201) << chief.raw;
  auto chief_id = chief.body["id"].get<int64_t>();
  auto clerk = api().post(base, {{"name", "李科员"}, {"buying_role", "operator"}, {"reports_to_id", chief_id}}, rep_);
  ASSERT_EQ(clerk.status, 201) << clerk.raw;
  EXPECT_EQ(api().post(base, {{"name", "x"}, {"buying_role", "boss"}}, rep_).status, 422);
  EXPECT_EQ(api().post(base, {{"name", "x"}, {"buying_role", "user"}, {"phone", "call me"}}, rep_).status, 422);
  EXPECT_EQ(api().post(base, {{"name", "x"}, {"buying_role", "user"}, {"reports_to_id", 99999999}}, rep_).status, 422);
  // no loops in who reports to whom
  auto loop =
      api().patch(base + "/" + std::to_string(chief_id), {{"version", 1}, {"reports_to_id", clerk.body["id"]}}, rep_);
  EXPECT_EQ(loop.status, 422);
  EXPECT_EQ(loop.body["errors"][0]["field"], "reports_to_id");
  auto list = api().get(base, rep_);
  ASSERT_EQ(list.body["items"].size(), 2u);
  EXPECT_EQ(list.body["items"][1]["reports_to_id"], chief_id);
  auto renamed = api().patch(base + "/" + std::to_string(chief_id), {{"version", 1}, {"title", "副局长"}}, rep_);
  EXPECT_EQ(renamed.status, 200);
  EXPECT_EQ(renamed.body["title"], "副局长");
  auto stale = api().patch(base + "/" + std::to_string(chief_id), {{"version", 1}, {"title", "x"}}, rep_);
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(stale.body["code"], "version_conflict");
  // null (or "") clears a nullable field
  auto cleared =
      api().patch(base + "/" + std::to_string(chief_id), {{"version", 2}, {"phone", nullptr}, {"title", ""}}, rep_);
  ASSERT_EQ(cleared.status, 200) << cleared.raw;
  EXPECT_TRUE(cleared.body["phone"].is_null());
  EXPECT_TRUE(cleared.body["title"].is_null());
}

TEST_F(AccountsApi, AnalysisSheetKeepsItsHistory) {
  auto id = create(account(unique("成都市计量检测研究院")), rep_);
  auto base = "/api/v1/accounts/" + std::to_string(id) + "/analysis";
  auto empty = api().get(base, rep_);
  ASSERT_EQ(empty.status, 200);
  EXPECT_TRUE(empty.body["current"].is_null());
  json sheet = {{"layers",
                 {{"environment",
                   {{"factors", {{"product_need", "需要监测车 6 台"}, {"competitors", "两家竞争对手"}}},
                    {"barrier", "medium"},
                    {"strategy", {{"institutional", "入围协议供货"}}}}},
                  {"personal", {{"factors", {{"risk_appetite", "保守"}}}, {"barrier", "low"}}}}}};
  EXPECT_EQ(api().post(base, sheet, rep_).status, 201);
  sheet["layers"]["environment"]["barrier"] = "high";
  EXPECT_EQ(api().post(base, sheet, rep_).status, 201);
  auto r = api().get(base, rep_);
  EXPECT_EQ(r.body["current"]["sheet"]["layers"]["environment"]["barrier"], "high");
  ASSERT_EQ(r.body["history"].size(), 2u);
  EXPECT_EQ(r.body["history"][1]["sheet"]["layers"]["environment"]["barrier"], "medium");
  json bad = {{"layers", {{"environment", {{"factors", {{"weather", "晴"}}}, {"barrier", "extreme"}}}, {"mood", {}}}}};
  auto rejected = api().post(base, bad, rep_);
  EXPECT_EQ(rejected.status, 422);
  std::set<std::string> fields;
  for (const auto& e : rejected.body["errors"]) fields.insert(e["field"]);
  EXPECT_EQ(fields,
            (std::set<std::string>{"layers.environment.factors.weather", "layers.environment.barrier", "layers.mood"}));
  EXPECT_EQ(api().get(base, rep_).body["history"].size(), 2u);
}

TEST_F(AccountsApi, DirectoriesInBothLanguagesMaintainedByHq) {
  auto industries = api().get("/api/v1/directories/industries", rep_);
  ASSERT_EQ(industries.status, 200);
  bool police = false;
  for (const auto& e : industries.body["items"]) police |= e["code"] == "police" && e["name_zh"] == "公安";
  EXPECT_TRUE(police);
  EXPECT_GE(api().get("/api/v1/directories/vehicle_types", rep_).body["items"].size(), 22u);
  EXPECT_EQ(api().get("/api/v1/directories/weather", rep_).status, 404);
  auto code = unique("drones");
  json entry = {{"code", code}, {"name_zh", "无人机"}, {"name_en", "Drones"}};
  EXPECT_EQ(api().post("/api/v1/directories/vehicle_types", entry, rep_).status, 403);
  EXPECT_EQ(api().post("/api/v1/directories/vehicle_types", entry, admin()).status, 201);
  auto taken = api().post("/api/v1/directories/vehicle_types", entry, admin());
  EXPECT_EQ(taken.status, 409);
  EXPECT_EQ(taken.body["code"], "directory.code_taken");
  entry["code"] = "Bad Code";
  EXPECT_EQ(api().post("/api/v1/directories/vehicle_types", entry, admin()).status, 422);
  auto off = api().patch("/api/v1/directories/industries/police", {{"version", 1}, {"active", false}}, admin());
  ASSERT_EQ(off.status, 200) << off.raw;
  // an inactive industry can no longer be chosen
  auto r = api().post("/api/v1/accounts", account(unique("某公安局")), rep_);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(api().patch("/api/v1/directories/industries/police", {{"version", 2}, {"active", true}}, admin()).status,
            200);
}

namespace {
std::string to_gb18030(const std::string& utf8);
}

TEST_F(AccountsApi, ImportPreviewsEveryRowThenWritesTheValidOnes) {
  std::string good_code = credit_code();
  std::string csv =
      "名称,统一社会信用代码,行业,行政级别,行政区划代码,分级,业务分类,采购方式,信息渠道,地址\n"
      "成都市公安局交通管理局" +
      unique("") + "," + good_code +
      ",公安,市级,510100,重点客户,需招投标作业的业务,招标采购,政府采购网站,成都\n"
      "成都市疾病预防控制中心" +
      unique("") +
      ",,disease_control,municipal,510100,潜力,直销,协议供货,exhibitions,\n"
      "坏行" +
      unique("") +
      ",91510100MA6CXXXXXX,公安,市级,999999,王牌,直销,招标采购,政府采购网站,\n"
      "\"带,逗号的\"\"单位\"\"" +
      unique("") + "\",,公安,县级,510104,次重点,一次性,直接采购,媒体、行业报刊、电视,\n";
  int64_t before = count("accounts");
  int64_t audit_before = count("audit_log"), keys_before = count("account_search_keys");
  auto preview = api().request("POST", "/api/v1/accounts/import?dry_run=true", csv,
                               {{"Authorization", "Bearer " + rep_.token}, {"Content-Type", "text/csv"}});
  ASSERT_EQ(preview.status, 200) << preview.raw;
  EXPECT_EQ(preview.body["summary"]["total"], 4);
  EXPECT_EQ(preview.body["summary"]["valid"], 3);
  EXPECT_EQ(preview.body["summary"]["invalid"], 1);
  EXPECT_EQ(preview.body["summary"]["written"], 0);
  ASSERT_EQ(preview.body["rows"].size(), 1u);
  EXPECT_EQ(preview.body["rows"][0]["row"], 4);
  std::set<std::string> fields;
  for (const auto& e : preview.body["rows"][0]["errors"]) fields.insert(e["field"]);
  EXPECT_TRUE(fields.count("credit_code"));
  EXPECT_TRUE(fields.count("division_code"));
  EXPECT_TRUE(fields.count("grade"));
  // a preview writes nothing: no account, no audit row, no search key
  EXPECT_EQ(count("accounts"), before);
  EXPECT_EQ(count("audit_log"), audit_before);
  EXPECT_EQ(count("account_search_keys"), keys_before);

  auto written = api().request("POST", "/api/v1/accounts/import?dry_run=false", csv,
                               {{"Authorization", "Bearer " + rep_.token}, {"Content-Type", "text/csv"}});
  ASSERT_EQ(written.status, 200) << written.raw;
  EXPECT_EQ(written.body["summary"]["written"], 3);
  EXPECT_EQ(count("accounts"), before + 3);
  // the same file again: every valid row is now a duplicate, nothing more is written
  auto again = api().request("POST", "/api/v1/accounts/import?dry_run=false", csv,
                             {{"Authorization", "Bearer " + rep_.token}, {"Content-Type", "text/csv"}});
  EXPECT_EQ(again.body["summary"]["duplicate"], 3);
  EXPECT_EQ(again.body["summary"]["written"], 0);
  EXPECT_EQ(count("accounts"), before + 3);
  // imported accounts are found like any other, owned by the importer's dealer
  auto found = api().get("/api/v1/accounts?q=cdsgajjtglj", rep_);
  ASSERT_EQ(found.body["items"].size(), 1u);
  EXPECT_EQ(found.body["items"][0]["owner_unit_id"], dealer_);
  EXPECT_EQ(found.body["items"][0]["credit_code"], good_code);
}

TEST_F(AccountsApi, ImportRejectsUnreadableFilesAndUnknownColumns) {
  auto post = [&](const std::string& body) {
    return api().request("POST", "/api/v1/accounts/import?dry_run=true", body,
                         {{"Authorization", "Bearer " + rep_.token}, {"Content-Type", "application/octet-stream"}});
  };
  auto unknown = post("名称,颜色\n某单位,红\n");
  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(unknown.body["errors"][0]["field"], "file");
  EXPECT_EQ(post(std::string("PK\x03\x04garbage", 11)).status, 422);
  EXPECT_EQ(post(std::string("\x00\x01\x02", 3)).status, 422);
  EXPECT_EQ(post("").status, 422);
  EXPECT_EQ(post("名称\n\"unterminated\n").status, 422);
  EXPECT_EQ(api()
                .request("POST", "/api/v1/accounts/import", "名称\n", {{"Authorization", "Bearer " + manager_.token}})
                .status,
            422);  // the required columns are missing
}

TEST_F(AccountsApi, ImportReadsGb18030CsvAsExcelSavesIt) {
  std::string csv =
      "名称,行业,行政级别,行政区划代码,分级,业务分类,采购方式,信息渠道\n"
      "绵阳市应急管理局" +
      unique("") + ",应急管理,市级,510700,重点,招投标,招标,新注册企业\n";
  auto r = api().request("POST", "/api/v1/accounts/import?dry_run=true", to_gb18030(csv),
                         {{"Authorization", "Bearer " + rep_.token}, {"Content-Type", "text/csv"}});
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["summary"]["valid"], 1) << r.raw;
}

TEST_F(AccountsApi, ExportIsAValidWorkbookOfTheCallersScope) {
  create(account("乐山市公安局" + unique("")), rep_);
  create(account("宜宾市公安局" + unique("")), other_rep_);
  auto r = api().request("GET", "/api/v1/accounts/export?format=xlsx", "", {{"Authorization", "Bearer " + rep_.token}});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  // a Chinese file name for browsers (RFC 5987); cpp-httplib's client percent-decodes header values
  auto disposition = r.header("Content-Disposition");
  EXPECT_NE(disposition.find("filename=\"accounts-"), std::string::npos) << disposition;
  EXPECT_NE(disposition.find("filename*=UTF-8''客户列表-"), std::string::npos) << disposition;
  auto table = sheets::read_xlsx(r.raw);
  ASSERT_EQ(table.rows.size(), 2u);  // the header and the rep's one account
  EXPECT_EQ(table.rows[0][0], "名称");
  EXPECT_EQ(table.rows[0][1], "统一社会信用代码");
  EXPECT_EQ(table.rows[1][0].rfind("乐山市公安局", 0), 0u);
  EXPECT_EQ(table.rows[1][2], "公安");
  EXPECT_EQ(table.rows[1][7], "重点客户");
  // the workbook imports back: as the same organisations, every row is a duplicate
  auto back = api().request("POST", "/api/v1/accounts/import?dry_run=true", r.raw,
                            {{"Authorization", "Bearer " + manager_.token}});
  ASSERT_EQ(back.status, 200) << back.raw;
  EXPECT_EQ(back.body["summary"]["duplicate"], 1) << back.raw;
  // another dealer's rep cannot import into this dealer (its unit id is in the workbook)
  auto foreign = api().request("POST", "/api/v1/accounts/import?dry_run=true", r.raw,
                               {{"Authorization", "Bearer " + other_rep_.token}});
  EXPECT_EQ(foreign.body["summary"]["invalid"], 1) << foreign.raw;
  EXPECT_EQ(foreign.body["rows"][0]["errors"][0]["field"], "owner_unit_id");
  EXPECT_EQ(api()
                .request("GET", "/api/v1/accounts/export?format=pdf", "", {{"Authorization", "Bearer " + rep_.token}})
                .status,
            422);
}

namespace {
std::string to_gb18030(const std::string& utf8) {
  UErrorCode status = U_ZERO_ERROR;
  std::string out(utf8.size() * 2 + 4, '\0');
  int32_t n = ucnv_convert("GB18030", "UTF-8", out.data(), static_cast<int32_t>(out.size()), utf8.data(),
                           static_cast<int32_t>(utf8.size()), &status);
  out.resize(U_SUCCESS(status) ? static_cast<size_t>(n) : 0);
  return out;
}
}  // namespace

TEST_F(AccountsApi, ImportCarriesContactsOnePerRow) {
  std::string name = "成都市人民检察院" + unique("");
  std::string csv =
      "名称,行业,行政级别,行政区划代码,客户分级,业务分类,采购方式,信息渠道,联系人,联系人职务,采购角色,联系电话\n" +
      name +
      ",检察院,市级,510100,重点客户,需招投标作业的业务,招标采购,政府采购网站,王建国,检察长,决策者,028-1234567\n" +
      // the same account again: one more of its people
      name + ",检察院,市级,510100,重点客户,需招投标作业的业务,招标采购,政府采购网站,李明,科长,评估者,\n" +
      // a contact that is wrong makes its row wrong: neither the account nor the contact is written
      "成都市司法局" + unique("") + ",司法行政,市级,510100,潜力客户,直销,招标采购,政府采购网站,张三,处长,老板,12ab\n" +
      // a contact without a name
      "成都市审计局" + unique("") + ",公安,市级,510100,潜力客户,直销,招标采购,政府采购网站,,处长,决策者,\n";
  auto post = [&](bool dry_run) {
    return api().request("POST", std::string("/api/v1/accounts/import?dry_run=") + (dry_run ? "true" : "false"), csv,
                         {{"Authorization", "Bearer " + rep_.token}, {"Content-Type", "text/csv"}});
  };
  int64_t contacts_before = count("contacts");
  auto preview = post(true);
  ASSERT_EQ(preview.status, 200) << preview.raw;
  EXPECT_EQ(preview.body["summary"]["total"], 4);
  EXPECT_EQ(preview.body["summary"]["valid"], 1);
  EXPECT_EQ(preview.body["summary"]["contacts"], 2);
  EXPECT_EQ(preview.body["summary"]["invalid"], 2);
  ASSERT_EQ(preview.body["rows"].size(), 2u);
  std::set<std::string> fields;
  for (const auto& e : preview.body["rows"][0]["errors"]) fields.insert(e["field"]);
  EXPECT_EQ(fields, (std::set<std::string>{"contact_buying_role", "contact_phone"})) << preview.raw;
  EXPECT_EQ(preview.body["rows"][1]["errors"][0]["field"], "contact_name");
  EXPECT_EQ(count("contacts"), contacts_before);

  auto written = post(false);
  ASSERT_EQ(written.status, 200) << written.raw;
  EXPECT_EQ(written.body["summary"]["written"], 1);
  EXPECT_EQ(count("contacts"), contacts_before + 2);
  auto found = api().get("/api/v1/accounts?q=" + name, rep_);
  ASSERT_EQ(found.body["items"].size(), 1u);
  auto id = found.body["items"][0]["id"].get<int64_t>();
  auto people = api().get("/api/v1/accounts/" + std::to_string(id) + "/contacts", rep_);
  ASSERT_EQ(people.body["items"].size(), 2u);
  std::set<std::string> roles;
  for (const auto& p : people.body["items"]) roles.insert(p["buying_role"]);
  EXPECT_EQ(roles, (std::set<std::string>{"decision_maker", "evaluator"}));
  // every account and contact written is in the audit trail, under the importer
  auto audit = api().get("/api/v1/audit?entity=account&id=" + std::to_string(id), admin());
  ASSERT_EQ(audit.body["items"].size(), 1u);
  EXPECT_EQ(audit.body["items"][0]["action"], "create");
  EXPECT_EQ(audit.body["items"][0]["user_id"], rep_.user_id);
}

// A contact's title longer than the 300 bytes an import keeps was cut inside a character: the
// stored text was not UTF-8, and every answer carrying the contact failed. It is cut before the
// character now.
TEST_F(AccountsApi, ALongContactFieldIsCutBetweenCharacters) {
  std::string name = "成都市应急管理局" + unique("");
  std::string title;
  while (title.size() < 299) title += "a";
  title += "副局长";  // bytes 299..307: byte 300 falls inside 副
  std::string csv = "名称,行业,行政级别,行政区划代码,客户分级,业务分类,采购方式,信息渠道,联系人,联系人职务,采购角色\n" +
                    name + ",应急管理,市级,510100,重点客户,需招投标作业的业务,招标采购,政府采购网站,赵刚," + title +
                    ",决策者\n";
  auto written = api().request("POST", "/api/v1/accounts/import?dry_run=false", csv,
                               {{"Authorization", "Bearer " + rep_.token}, {"Content-Type", "text/csv"}});
  ASSERT_EQ(written.status, 200) << written.raw;
  ASSERT_EQ(written.body["summary"]["written"], 1) << written.raw;
  auto found = api().get("/api/v1/accounts?q=" + name, rep_);
  ASSERT_EQ(found.body["items"].size(), 1u);
  auto people =
      api().get("/api/v1/accounts/" + std::to_string(found.body["items"][0]["id"].get<int64_t>()) + "/contacts", rep_);
  ASSERT_EQ(people.status, 200) << people.raw;
  ASSERT_EQ(people.body["items"].size(), 1u);
  EXPECT_EQ(people.body["items"][0]["title"], title.substr(0, 299));
}

TEST_F(AccountsApi, AnUnchangedPatchWritesNothing) {
  auto id = create(account(unique("成都市统计局")), rep_);
  auto path = "/api/v1/accounts/" + std::to_string(id);
  int64_t audit_rows = count("audit_log");
  auto same = api().patch(path, {{"version", 1}, {"grade", "key"}, {"industry", "police"}}, rep_);
  ASSERT_EQ(same.status, 200) << same.raw;
  EXPECT_EQ(same.body["version"], 1);
  EXPECT_EQ(count("audit_log"), audit_rows);
  auto changed = api().patch(path, {{"version", 1}, {"grade", "potential"}}, rep_);
  EXPECT_EQ(changed.body["version"], 2);
  EXPECT_EQ(count("audit_log"), audit_rows + 1);
  // contacts too
  auto contact = api().post(path + "/contacts", {{"name", "赵六"}, {"buying_role", "finance"}}, rep_);
  ASSERT_EQ(contact.status, 201) << contact.raw;
  auto contact_path = path + "/contacts/" + std::to_string(contact.body["id"].get<int64_t>());
  audit_rows = count("audit_log");
  auto unchanged = api().patch(contact_path, {{"version", 1}, {"name", "赵六"}}, rep_);
  ASSERT_EQ(unchanged.status, 200) << unchanged.raw;
  EXPECT_EQ(unchanged.body["version"], 1);
  EXPECT_EQ(count("audit_log"), audit_rows);
}

TEST_F(AccountsApi, TheDuplicateEngineReadsChineseNames) {
  ASSERT_GT(create(account("都江堰市人民检察院", "510181"), rep_), 0);
  // the same organisation written otherwise: 409 on create
  for (const char* same :
       {"都江堰人民检察院", "都江堰市人民檢察院", "都江堰市 人民检察院", "四川省都江堰市人民检察院"}) {
    auto r = api().post("/api/v1/accounts", account(same, "510181"), rep_);
    EXPECT_EQ(r.status, 409) << same << ": " << r.raw;
    EXPECT_EQ(r.body["code"], "account.duplicate") << same;
  }
  // other agencies, and the same name in another division, are other buyers
  EXPECT_GT(create(account("都江堰市人民法院", "510181"), rep_), 0);
  EXPECT_GT(create(account("都江堰市人民检察院", "510182"), rep_), 0);
  // a sub-unit is its own buyer, shown as related
  auto r = api().get(
      "/api/v1/accounts/duplicates?name=" + std::string("都江堰市人民检察院司法警察大队") + "&division_code=510181",
      rep_);
  ASSERT_EQ(r.status, 200) << r.raw;
  ASSERT_FALSE(r.body["candidates"].empty()) << r.raw;
  EXPECT_EQ(r.body["candidates"][0]["kind"], "related");
  EXPECT_EQ(r.body["candidates"][0]["name"], "都江堰市人民检察院");
  EXPECT_EQ(api().post("/api/v1/accounts", account("都江堰市人民检察院司法警察大队", "510181"), rep_).status, 201);
  // another dealer learns that the organisation exists, not whose it is
  auto foreign = api().get(
      "/api/v1/accounts/duplicates?name=" + std::string("都江堰人民检察院") + "&division_code=510181", other_rep_);
  ASSERT_FALSE(foreign.body["candidates"].empty()) << foreign.raw;
  EXPECT_EQ(foreign.body["candidates"][0]["kind"], "duplicate");
  for (const auto& c : foreign.body["candidates"]) {
    EXPECT_FALSE(c.contains("id")) << foreign.raw;
    EXPECT_FALSE(c.contains("name")) << foreign.raw;
  }
}
