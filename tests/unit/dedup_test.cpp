// Duplicate and related organisations: each normalisation rule, each comparison rule, the labelled
// pairs of tests/data/duplicate-pairs.tsv (precision and recall of "duplicate"), and candidate
// retrieval through NameIndex.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "modules/dedup/matcher.h"
#include "modules/dedup/normaliser.h"
#include "platform/refdata/divisions.h"

using namespace fleetkam::dedup;

namespace {

std::string form(std::string_view name, std::string_view division) { return canonical_name(name, division); }

Match cmp(const std::string& a, const std::string& da, const std::string& b, const std::string& db) {
  return compare({a, da, std::nullopt}, {b, db, std::nullopt});
}

struct Pair {
  std::string label, a, da, b, db, why;
};

std::vector<Pair> labelled_pairs() {
  auto path = std::filesystem::path(__FILE__).parent_path() / ".." / "data" / "duplicate-pairs.tsv";
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << path;
  std::vector<Pair> pairs;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<std::string> f;
    std::stringstream fields(line);
    std::string field;
    while (std::getline(fields, field, '\t')) f.push_back(field);
    f.resize(6);
    pairs.push_back({f[0], f[1], f[2], f[3], f[4], f[5]});
  }
  return pairs;
}

std::string kind_label(MatchKind kind) {
  if (kind == MatchKind::duplicate) return "dup";
  return kind == MatchKind::related ? "related" : "distinct";
}

// About 2,000 agencies and units across the country, none of them in the labelled pairs' forms.
std::vector<Name> background_names() {
  const std::vector<std::string> agencies = {"公安局", "人民法院", "人民检察院", "财政局", "教育局",
                                             "民政局", "水利局",   "统计局",     "审计局", "林业局",
                                             "气象局", "商务局",   "体育局",     "司法局", "自然资源局"};
  const std::vector<std::string> units = {"", "办公室", "执法大队", "服务中心"};
  std::vector<Name> out;
  size_t i = 0;
  for (const auto& d : fleetkam::refdata::divisions()) {
    if (i++ % 5 != 0 || d.name == "市辖区") continue;
    for (size_t k = 0; k < 3; ++k) {
      const auto& agency = agencies[(i + k * 5) % agencies.size()];
      const auto& unit = units[(i + k) % units.size()];
      out.push_back({d.name + agency + unit, d.code, std::nullopt});
    }
  }
  return out;
}

}  // namespace

// ---- Normal form, one rule at a time ------------------------------------------------------------------

TEST(DedupNormalForm, FullWidthBecomesHalfWidth) {
  EXPECT_EQ(form("ＸＹＺ物流有限公司", "350100"), "xyz物流有限公司");
  EXPECT_EQ(form("南京市玄武区第１人民医院", "320102"), form("南京市玄武区第1人民医院", "320102"));
  EXPECT_EQ(form("ＡＢＣ（北京）科技有限公司", ""), form("ABC(北京)科技有限公司", ""));
}

TEST(DedupNormalForm, TraditionalBecomesSimplified) {
  EXPECT_EQ(form("福州市財政局", "350100"), "财政局");
  EXPECT_EQ(form("長沙市交通運輸局", "430100"), "交通运输局");
  EXPECT_TRUE(canonicalize("福州市財政局", "350100").traditional);
  EXPECT_FALSE(canonicalize("福州市财政局", "350100").traditional);
}

TEST(DedupNormalForm, SpacesAndPunctuationDropped) {
  EXPECT_EQ(form("昆明市 生态环境局", "530100"), "生态环境局");
  EXPECT_EQ(form("【昆明市】五华区·卫生健康局。", "530102"), form("五华区卫生健康局", "530102"));
  EXPECT_EQ(form("中国电信股份有限公司（长沙分公司）", "430100"), "中国电信股份有限公司长沙分公司");
}

TEST(DedupNormalForm, LatinCaseAndCompanySuffixes) {
  const std::string expected = "sinotruk jinan co ltd";
  for (const char* name : {"Sinotruk Jinan Co., Ltd.", "SINOTRUK JINAN CO LTD", "Sinotruk Jinan Company Limited",
                           "Sinotruk Jinan Ltd", "Sinotruk Jinan Limited Company", "sinotruk jinan co.,ltd",
                           "Sinotruk Jinan CO.LTD", "Ｓｉｎｏｔｒｕｋ Ｊｉｎａｎ Ｃｏ．，Ｌｔｄ．"}) {
    EXPECT_EQ(form(name, "370100"), expected) << name;
  }
  EXPECT_EQ(form("Yutong Bus Corporation", ""), form("YUTONG BUS CORP.", ""));
  EXPECT_EQ(form("Geely Holding Group Inc.", ""), form("Geely Holding Group Incorporated", ""));
}

TEST(DedupNormalForm, LatinWordsStayApart) {
  EXPECT_EQ(form("ABC Trading Co., Ltd.", ""), "abc trading co ltd");
  EXPECT_EQ(form("XYZ物流有限公司", ""), "xyz物流有限公司");  // no break next to Chinese
}

TEST(DedupNormalForm, ProvincePrefixWithOrWithoutSuffix) {
  EXPECT_EQ(form("福建省公安厅", "350000"), "公安厅");
  EXPECT_EQ(form("福建公安厅", "350000"), "公安厅");
  EXPECT_EQ(form("广东省广州市公安局", "440100"), "公安局");
  EXPECT_EQ(form("北京公安局", "110000"), "公安局");
}

TEST(DedupNormalForm, AutonomousRegionShortNames) {
  for (const auto& [full, short_name, code] :
       std::vector<std::tuple<std::string, std::string, std::string>>{{"广西壮族自治区", "广西", "450000"},
                                                                      {"内蒙古自治区", "内蒙古", "150000"},
                                                                      {"新疆维吾尔自治区", "新疆", "650000"},
                                                                      {"宁夏回族自治区", "宁夏", "640000"},
                                                                      {"西藏自治区", "西藏", "540000"}}) {
    EXPECT_EQ(form(full + "公安厅", code), "公安厅") << full;
    EXPECT_EQ(form(short_name + "公安厅", code), "公安厅") << short_name;
  }
}

TEST(DedupNormalForm, CityPrefixWithOrWithoutSuffix) {
  EXPECT_EQ(form("合肥市应急管理局", "340100"), "应急管理局");
  EXPECT_EQ(form("合肥应急管理局", "340100"), "应急管理局");
  EXPECT_EQ(form("大理白族自治州公安局", "532900"), "公安局");
  EXPECT_EQ(form("大理州公安局", "532900"), "公安局");
}

TEST(DedupNormalForm, CountyPrefixWhenItIsTheDivision) {
  EXPECT_EQ(form("广州市天河区人民法院", "440106"), "人民法院");
  EXPECT_EQ(form("天河区人民法院", "440106"), "人民法院");
  EXPECT_EQ(canonicalize("天河区人民法院", "440106").division_code, "440106");
  // The same form for both 朝阳区: only the division tells them apart.
  EXPECT_EQ(form("朝阳区人民法院", "110105"), form("朝阳区人民法院", "220104"));
  EXPECT_EQ(canonicalize("朝阳区人民法院", "110105").division_code, "110105");
  EXPECT_EQ(canonicalize("朝阳区人民法院", "220104").division_code, "220104");
}

TEST(DedupNormalForm, PlaceBelowTheDivisionDesignatesIt) {
  auto c = canonicalize("天河区人民法院", "440100");
  EXPECT_EQ(c.division_code, "440106");
  EXPECT_EQ(c.form, "人民法院");
  // A short form counts only on the account's own chain: 中山 is not 中山市 for an account in 广州.
  auto university = canonicalize("中山大学", "440100");
  EXPECT_EQ(university.division_code, "440100");
  EXPECT_EQ(university.form, "中山大学");
}

TEST(DedupNormalForm, NameSaysAHigherLevel) {
  auto c = canonicalize("广东省公安厅", "440100");
  EXPECT_EQ(c.division_code, "440000");
  EXPECT_EQ(c.form, "公安厅");
}

TEST(DedupNormalForm, AmbiguousPlaceWithoutDivisionStays) {
  auto c = canonicalize("朝阳区人民法院", "");
  EXPECT_EQ(c.division_code, "");
  EXPECT_EQ(c.form, "朝阳区人民法院");
  auto unique = canonicalize("延吉市公安局", "");
  EXPECT_EQ(unique.division_code, "222401");
  EXPECT_EQ(unique.form, "公安局");
}

TEST(DedupNormalForm, ProvinceAndCityOfTheSameName) {
  EXPECT_EQ(canonicalize("吉林吉林市公安局", "220200").division_code, "220200");
  EXPECT_EQ(form("吉林吉林市公安局", "220200"), "公安局");
  EXPECT_EQ(form("吉林市公安局", "220200"), "公安局");
  EXPECT_EQ(canonicalize("吉林省公安厅", "220000").division_code, "220000");
}

TEST(DedupNormalForm, SomethingIsLeftOfAPlaceName) { EXPECT_EQ(form("广州市", "440100"), "广州市"); }

TEST(DedupNormalForm, AgencyAbbreviationsWrittenInFull) {
  EXPECT_EQ(form("郑州市市场监管局", "410100"), "市场监督管理局");
  EXPECT_EQ(form("成都市卫健委", "510100"), "卫生健康委员会");
  EXPECT_EQ(form("浙江省发改委", "330000"), "发展和改革委员会");
  EXPECT_EQ(form("西安市人社局", "610100"), "人力资源和社会保障局");
  EXPECT_EQ(form("长沙市住建局", "430100"), "住房和城乡建设局");
  EXPECT_EQ(form("合肥市交通局", "340100"), "交通运输局");
  EXPECT_EQ(form("哈尔滨市城管局", "230100"), "城市管理局");
  EXPECT_EQ(form("深圳市公安局交警支队", "440300"), "公安局交通警察支队");
  EXPECT_EQ(form("芙蓉区法院", "430102"), "人民法院");
  EXPECT_EQ(form("历下区政府", "370102"), "人民政府");
  EXPECT_TRUE(canonicalize("郑州市市场监管局", "410100").abbreviated);
}

TEST(DedupNormalForm, FullFormsAreNotExpandedAgain) {
  EXPECT_EQ(form("芙蓉区人民法院", "430102"), "人民法院");
  EXPECT_EQ(form("太原市中级人民法院", "140100"), "中级人民法院");
  EXPECT_EQ(form("成都市卫生健康委员会", "510100"), "卫生健康委员会");
  EXPECT_EQ(form("南昌市东湖区人民政府办公室", "360102"), "人民政府办公室");
  EXPECT_EQ(form("乌鲁木齐市财政局政府采购中心", "650100"), "财政局政府采购中心");
  EXPECT_FALSE(canonicalize("郑州市市场监督管理局", "410100").abbreviated);
}

TEST(DedupNormalForm, RenamedAgenciesTakeTheirNewName) {
  EXPECT_EQ(form("拉萨市环保局", "540100"), form("拉萨市生态环境局", "540100"));
  EXPECT_TRUE(make_form("拉萨市环保局", "540100").renamed);
  EXPECT_FALSE(make_form("拉萨市生态环境局", "540100").renamed);
}

// ---- Comparison rules -----------------------------------------------------------------------------------

TEST(DedupCompare, SameCreditCodeIsAlwaysADuplicate) {
  Match m = compare({"腾讯科技（深圳）有限公司", "440300", "9144030071526726XG"},
                    {"腾讯公司", "", "９１４４０３００７１５２６７２６ｘｇ "});
  EXPECT_EQ(m.kind, MatchKind::duplicate);
  EXPECT_EQ(m.score, 1.0);
  EXPECT_EQ(m.reason, "same credit code");
}

TEST(DedupCompare, DifferentCreditCodesAreNeverDuplicates) {
  Match m = compare({"福州市财政局", "350100", "11350100000012343B"}, {"福州市财政局", "350100", "91350100M000100Y43"});
  EXPECT_EQ(m.kind, MatchKind::none);
  EXPECT_EQ(m.reason, "different credit codes");
  Match one_code = compare({"福州市财政局", "350100", "11350100000012343B"}, {"福州市财政局", "350100", std::nullopt});
  EXPECT_EQ(one_code.kind, MatchKind::duplicate);
}

TEST(DedupCompare, SameNameIsADuplicate) {
  Match m = cmp("福州市财政局", "350100", " 福州市财政局", "350100");
  EXPECT_EQ(m.kind, MatchKind::duplicate);
  EXPECT_EQ(m.reason, "same name");
}

TEST(DedupCompare, ReasonsNameTheRule) {
  EXPECT_EQ(cmp("福州市财政局", "350100", "福州市財政局", "350100").reason, "traditional/simplified");
  EXPECT_EQ(cmp("昆明市 生态环境局", "530100", "昆明市生态环境局", "530100").reason, "same name after normalisation");
  EXPECT_EQ(cmp("合肥市应急管理局", "340100", "合肥应急管理局", "340100").reason, "place name omitted or shortened");
  EXPECT_EQ(cmp("郑州市市场监督管理局", "410100", "郑州市市场监管局", "410100").reason, "abbreviation");
  EXPECT_EQ(cmp("济南市城市管理局", "370100", "济南市城市管里局", "370100").reason, "homophone typo");
  EXPECT_EQ(cmp("济南市城市管理理局", "370100", "济南市城市管理局", "370100").reason, "one-character typo");
}

TEST(DedupCompare, DivisionsMustNest) {
  EXPECT_EQ(cmp("鼓楼区人民法院", "350102", "鼓楼区人民法院", "320106").kind, MatchKind::none);
  EXPECT_EQ(cmp("朝阳区人民法院", "110105", "朝阳区人民法院", "220104").kind, MatchKind::none);
  EXPECT_EQ(cmp("东城区人民法院", "110101", "西城区人民法院", "110102").kind, MatchKind::none);
  EXPECT_EQ(cmp("福州市公安局", "350100", "厦门市公安局", "350200").kind, MatchKind::none);
}

TEST(DedupCompare, NestedDivisionsOnlyWhenTheNamesSaySo) {
  EXPECT_EQ(cmp("广东省公安厅", "440000", "广东省公安厅", "440100").kind, MatchKind::duplicate);
  EXPECT_EQ(cmp("天河区人民法院", "440100", "广州市天河区人民法院", "440106").kind, MatchKind::duplicate);
  EXPECT_EQ(cmp("广东省人民医院", "440000", "广州市人民医院", "440100").kind, MatchKind::none);
  EXPECT_EQ(cmp("人民医院", "440106", "人民医院", "440100").kind, MatchKind::none);
  // a district's police is the city's branch
  EXPECT_EQ(cmp("公安局", "440106", "公安局", "440100").kind, MatchKind::related);
  EXPECT_EQ(cmp("天河区人民法院", "", "天河区人民法院", "440106").kind, MatchKind::duplicate);
}

TEST(DedupCompare, SubUnitsAreRelated) {
  Match m = cmp("长沙市公安局", "430100", "长沙市公安局交通警察支队", "430100");
  EXPECT_EQ(m.kind, MatchKind::related);
  EXPECT_EQ(m.reason, "sub-unit of");
  EXPECT_TRUE(m.first_is_parent);
  Match reversed = cmp("长沙市公安局交通警察支队", "430100", "长沙市公安局", "430100");
  EXPECT_EQ(reversed.kind, MatchKind::related);
  EXPECT_FALSE(reversed.first_is_parent);
}

TEST(DedupCompare, BranchesAreRelated) {
  Match m = cmp("昆明市生态环境局", "530100", "昆明市生态环境局五华分局", "530102");
  EXPECT_EQ(m.kind, MatchKind::related);
  EXPECT_EQ(m.reason, "branch of");
  // A company's unit whose name names no place may lie below the parent's division.
  EXPECT_EQ(cmp("中国电信股份有限公司长沙分公司", "430100", "中国电信股份有限公司长沙分公司芙蓉营业部", "430102").kind,
            MatchKind::related);
}

TEST(DedupCompare, LegalFormAloneIsNotAUnit) {
  EXPECT_EQ(cmp("华为技术", "440300", "华为技术有限公司", "440300").kind, MatchKind::none);
}

TEST(DedupCompare, TypoOfAnOrdinaryCharacter) {
  EXPECT_EQ(cmp("武汉市城市管理局", "420100", "武汉市城市管里局", "420100").kind, MatchKind::duplicate);
  EXPECT_EQ(cmp("贵阳市文化广电和旅游局", "520100", "贵阳市文化广电和旅游居", "520100").kind,
            MatchKind::duplicate);  // 局/居: only one side is an agency character
}

TEST(DedupCompare, TypoNeedsFiveCharactersUnlessItSoundsOrLooksTheSameInAnAgencyWord) {
  EXPECT_EQ(cmp("乌鲁木齐市气象局", "650100", "乌鲁木齐市气候局", "650100").kind, MatchKind::none);
  EXPECT_EQ(cmp("乌鲁木齐市气象局", "650100", "乌鲁木齐市汽象局", "650100").kind, MatchKind::duplicate);
}

TEST(DedupCompare, DirectionsOrdinalsAndAgencyKindsAreMeaningful) {
  EXPECT_EQ(cmp("郑州市公安局城东派出所", "410100", "郑州市公安局城西派出所", "410100").kind, MatchKind::none);
  EXPECT_EQ(cmp("广州市第一人民医院", "440100", "广州市第二人民医院", "440100").kind, MatchKind::none);
  EXPECT_EQ(cmp("杭州市第1人民医院", "330100", "杭州市第2人民医院", "330100").kind, MatchKind::none);
  EXPECT_EQ(cmp("长沙市妇幼保健院", "430100", "长沙市妇幼保健所", "430100").kind, MatchKind::none);
  EXPECT_EQ(cmp("武汉市公安局交通警察支队", "420100", "武汉市公安局交通警察大队", "420100").kind, MatchKind::none);
  EXPECT_EQ(cmp("天河区人民法院", "440106", "天河区人民检察院", "440106").kind, MatchKind::none);
  EXPECT_EQ(cmp("合肥市公安局", "340100", "合肥市国家安全局", "340100").kind, MatchKind::none);
}

TEST(DedupCompare, PlaceNamesAreMeaningful) {
  EXPECT_EQ(cmp("中国联通江西分公司", "", "中国联通山西分公司", "").kind, MatchKind::none);
  EXPECT_EQ(cmp("中国移动通信集团广东有限公司", "", "中国移动通信集团广西有限公司", "").kind, MatchKind::none);
}

TEST(DedupCompare, ShortLatinWordsAreMeaningful) {
  EXPECT_EQ(cmp("ABC Trading Co., Ltd.", "310000", "ABD Trading Co., Ltd.", "310000").kind, MatchKind::none);
  EXPECT_EQ(cmp("Sinotruk Jinan Truck Co., Ltd.", "370100", "Sinotruk Jinan Truk Co., Ltd.", "370100").kind,
            MatchKind::duplicate);
}

TEST(DedupCompare, InsertedOrDeletedCharacter) {
  EXPECT_EQ(cmp("哈尔滨市公路管理局", "230100", "哈尔滨市公路管理理局", "230100").kind, MatchKind::duplicate);
  EXPECT_EQ(cmp("合肥市交通运输局", "340100", "合肥市交通运输局局", "340100").kind, MatchKind::duplicate);
  EXPECT_EQ(cmp("成都市高新区人民法院", "510100", "成都市新区人民法院", "510100").kind, MatchKind::none);
  EXPECT_EQ(cmp("杭州市第1中学", "330100", "杭州市第11中学", "330100").kind, MatchKind::none);
}

TEST(DedupCompare, CompanySubstitutionsAreNotTypos) {
  EXPECT_EQ(cmp("中国重汽集团济南卡车股份有限公司", "370100", "中国重汽集团济南客车股份有限公司", "370100").kind,
            MatchKind::none);
  EXPECT_EQ(cmp("三一重工股份有限公司", "430100", "三一重能股份有限公司", "430100").kind, MatchKind::none);
}

TEST(DedupCompare, OddInputIsSafe) {
  EXPECT_EQ(cmp("", "", "", "").kind, MatchKind::none);
  EXPECT_EQ(cmp("\xff\xfe公安局", "350100", "\xff\xfe公安局", "350100").kind, MatchKind::duplicate);
  EXPECT_EQ(cmp("福州市公安局", "999999", "福州市公安局", "350100").kind, MatchKind::duplicate);  // unknown code
  std::string long_name;
  for (int i = 0; i < 2000; ++i) long_name += "管理";
  EXPECT_EQ(cmp(long_name + "局", "350100", long_name + "居", "350100").kind, MatchKind::none);  // too long for typos
  NameIndex index;
  index.add(1, {long_name, "350100", std::nullopt});
  index.add(2, {"", "", std::nullopt});
  EXPECT_EQ(index.candidates({long_name, "350100", std::nullopt}, 5).size(), 1U);
  EXPECT_TRUE(index.candidates({"", "", std::nullopt}, 5).empty());
}

// ---- The labelled pairs ---------------------------------------------------------------------------------

TEST(DedupLabelled, PrecisionAndRecallOfDuplicates) {
  auto pairs = labelled_pairs();
  ASSERT_GE(pairs.size(), 300U);
  int true_dup = 0, false_dup = 0, missed_dup = 0, related = 0, related_right = 0;
  for (const auto& p : pairs) {
    Match m = cmp(p.a, p.da, p.b, p.db);
    bool said_dup = m.kind == MatchKind::duplicate;
    bool is_dup = p.label == "dup";
    true_dup += said_dup && is_dup;
    false_dup += said_dup && !is_dup;
    missed_dup += !said_dup && is_dup;
    related += p.label == "related";
    related_right += p.label == "related" && m.kind == MatchKind::related;
    if (kind_label(m.kind) != p.label) {
      std::printf("  mismatch: %s, said %s (%s): %s @%s | %s @%s (%s)\n", p.label.c_str(), kind_label(m.kind).c_str(),
                  m.reason.c_str(), p.a.c_str(), p.da.c_str(), p.b.c_str(), p.db.c_str(), p.why.c_str());
    }
  }
  double precision = true_dup / static_cast<double>(true_dup + false_dup);
  double recall = true_dup / static_cast<double>(true_dup + missed_dup);
  double related_accuracy = related_right / static_cast<double>(related);
  std::printf("  %zu pairs: duplicate precision %.3f, recall %.3f; related %d/%d (%.3f)\n", pairs.size(), precision,
              recall, related_right, related, related_accuracy);
  RecordProperty("pairs", static_cast<int>(pairs.size()));
  RecordProperty("duplicate_precision", std::to_string(precision));
  RecordProperty("duplicate_recall", std::to_string(recall));
  RecordProperty("related_accuracy", std::to_string(related_accuracy));
  EXPECT_GE(precision, 0.98);
  EXPECT_GE(recall, 0.95);
  EXPECT_GE(related_accuracy, 0.9);
}

// ---- Candidate retrieval ----------------------------------------------------------------------------------

TEST(DedupIndex, FindsEveryPartnerCompareWouldFind) {
  auto pairs = labelled_pairs();
  auto background = background_names();
  ASSERT_GE(background.size(), 1500U);
  NameIndex index;
  int64_t id = 1;
  for (const auto& name : background) index.add(id++, name);
  const int64_t first_pair_id = id;
  for (const auto& p : pairs) index.add(id++, {p.a, p.da, std::nullopt});
  EXPECT_EQ(index.size(), static_cast<size_t>(id - 1));

  int dup_pairs = 0, dup_found = 0;
  for (size_t i = 0; i < pairs.size(); ++i) {
    const auto& p = pairs[i];
    Match expected = cmp(p.a, p.da, p.b, p.db);
    if (expected.kind == MatchKind::none) continue;
    auto found = index.candidates({p.b, p.db, std::nullopt}, 1000);
    int64_t partner = first_pair_id + static_cast<int64_t>(i);
    auto hit = std::find_if(found.begin(), found.end(), [&](const Candidate& c) { return c.id == partner; });
    ASSERT_NE(hit, found.end()) << p.a << " | " << p.b;
    EXPECT_EQ(hit->match.kind, expected.kind) << p.a << " | " << p.b;
    if (p.label == "dup") {
      ++dup_pairs;
      dup_found += hit->match.kind == MatchKind::duplicate;
    }
  }
  std::printf("  index: %d of %d labelled duplicate pairs found as duplicates among %zu names\n", dup_found, dup_pairs,
              index.size());
  EXPECT_GE(dup_found, 170);
}

TEST(DedupIndex, FindsByCreditCode) {
  NameIndex index;
  index.add(1, {"腾讯科技（深圳）有限公司", "440300", "9144030071526726XG"});
  auto found = index.candidates({"腾讯", "", "9144030071526726xg"}, 10);
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].id, 1);
  EXPECT_EQ(found[0].match.reason, "same credit code");
}

TEST(DedupIndex, DuplicatesComeFirstThenRelated) {
  NameIndex index;
  index.add(1, {"长沙市公安局交通警察支队", "430100", std::nullopt});
  index.add(2, {"长沙市公安局", "430100", std::nullopt});
  index.add(3, {"長沙市公安局", "430100", std::nullopt});
  index.add(4, {"长沙市公安局刑事侦查支队", "430100", std::nullopt});
  index.add(5, {"株洲市公安局", "430200", std::nullopt});
  auto found = index.candidates({"长沙市公安局", "430100", std::nullopt}, 10);
  ASSERT_EQ(found.size(), 4U);
  EXPECT_EQ(found[0].id, 2);
  EXPECT_EQ(found[0].match.kind, MatchKind::duplicate);
  EXPECT_EQ(found[1].id, 3);
  EXPECT_EQ(found[2].match.kind, MatchKind::related);
  EXPECT_EQ(found[3].match.kind, MatchKind::related);
  EXPECT_EQ(index.candidates({"长沙市公安局", "430100", std::nullopt}, 1).size(), 1U);
}

TEST(DedupIndex, RemoveAndReplace) {
  NameIndex index;
  index.add(1, {"济南市城市管理局", "370100", std::nullopt});
  EXPECT_EQ(index.candidates({"济南市城市管里局", "370100", std::nullopt}, 10).size(), 1U);
  index.remove(1);
  EXPECT_TRUE(index.candidates({"济南市城市管里局", "370100", std::nullopt}, 10).empty());
  EXPECT_EQ(index.size(), 0U);
  index.add(2, {"济南市城市管理局", "370100", std::nullopt});
  index.add(2, {"济南市财政局", "370100", std::nullopt});  // replaces
  EXPECT_TRUE(index.candidates({"济南市城市管理局", "370100", std::nullopt}, 10).empty());
  EXPECT_EQ(index.candidates({"济南財政局", "370100", std::nullopt}, 10).size(), 1U);
  index.remove(42);  // unknown: nothing happens
  EXPECT_EQ(index.size(), 1U);
}

TEST(DedupIndex, ConcurrentReadsWithAWriter) {
  NameIndex index;
  auto background = background_names();
  for (size_t i = 0; i < background.size(); ++i) index.add(static_cast<int64_t>(i + 1), background[i]);
  std::vector<std::thread> readers;
  readers.reserve(3);
  std::atomic<int> found{0};
  for (int t = 0; t < 3; ++t) {
    readers.emplace_back([&] {
      for (size_t i = 0; i < 300; ++i) found += !index.candidates(background[i], 5).empty();
    });
  }
  for (int64_t i = 0; i < 300; ++i)
    index.add(100000 + i, {"合肥市第" + std::to_string(i) + "中学", "340100", std::nullopt});
  for (auto& r : readers) r.join();
  EXPECT_EQ(found.load(), 900);
}
