// How Chinese agencies are named over time (issue 19): the reform renames and mergers of
// refdata/dedup/agency-renames.tsv, the abbreviations of agency-abbreviations.tsv both ways, the two ways a
// district's branch of a city bureau is written, and typos of a character written by its sound or form
// inside an agency word — and what stays apart: splits, sub-units, places that sound alike, ordinals.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "modules/dedup/agency_names.h"
#include "modules/dedup/matcher.h"
#include "modules/dedup/normaliser.h"

using namespace fleetkam::dedup;

namespace dedup_names {

Match both_ways(const std::string& a, const std::string& da, const std::string& b, const std::string& db) {
  Match ab = compare({a, da, std::nullopt}, {b, db, std::nullopt});
  Match ba = compare({b, db, std::nullopt}, {a, da, std::nullopt});
  EXPECT_EQ(ab.kind, ba.kind) << a << " / " << b << ": the same either way";
  return ab;
}

// ---- Renames and mergers ------------------------------------------------------------------------------

TEST(DedupRenames, EveryRenameAndMergerOfTheTableMatchesBothWays) {
  int applied = 0;
  for (const Rename& r : renames()) {
    if (r.kind == RenameKind::split) continue;
    ++applied;
    Match m = both_ways("成都市" + r.old_stem, "510100", "成都市" + r.new_stem, "510100");
    EXPECT_EQ(m.kind, MatchKind::duplicate) << r.old_stem << " → " << r.new_stem;
    EXPECT_NE(m.reason.find(r.kind == RenameKind::variant ? "local name" : " in "), std::string::npos) << m.reason;
  }
  EXPECT_GE(applied, 50) << "the 2018 reform as a whole, not a handful";
}

TEST(DedupRenames, TheReasonSaysWhatWasRenamedAndWhen) {
  EXPECT_EQ(both_ways("某市环境保护局", "510100", "成都市生态环境局", "510100").reason.substr(0, 0), "");
  Match env = compare({"成都市环境保护局", "510100", std::nullopt}, {"成都市生态环境局", "510100", std::nullopt});
  EXPECT_EQ(env.reason, "renamed in 2018: 环境保护局 → 生态环境局");
  Match abbreviated = compare({"成都市环保局", "510100", std::nullopt}, {"成都市生态环境局", "510100", std::nullopt});
  EXPECT_EQ(abbreviated.reason, "renamed in 2018: 环境保护局 → 生态环境局, abbreviation");
  Match merged = compare({"武汉市工商局", "420100", std::nullopt}, {"武汉市市场监督管理局", "420100", std::nullopt});
  EXPECT_EQ(merged.kind, MatchKind::duplicate);
  EXPECT_EQ(merged.reason, "merged in 2018: 工商行政管理局 → 市场监督管理局, abbreviation");
  Match chain = compare({"北京市卫生局", "110000", std::nullopt}, {"北京市卫生健康委员会", "110000", std::nullopt});
  EXPECT_EQ(chain.reason, "renamed in 2014/2018: 卫生局 → 卫生健康委员会");
  Match variant =
      compare({"杭州市规划和自然资源局", "330100", std::nullopt}, {"杭州市自然资源局", "330100", std::nullopt});
  EXPECT_EQ(variant.reason, "local name: 规划和自然资源局 = 自然资源局");
}

TEST(DedupRenames, AProvincesOldBureauBecameADepartment) {
  Match m = both_ways("四川省安全生产监督管理局", "510000", "四川省应急管理厅", "510000");
  EXPECT_EQ(m.kind, MatchKind::duplicate);
  EXPECT_EQ(compare({"四川省安监局", "510000", std::nullopt}, {"四川省应急管理厅", "510000", std::nullopt}).reason,
            "merged in 2018: 安全生产监督管理局 → 应急管理厅, abbreviation");
  // a city's became a bureau, and a municipality's too
  EXPECT_EQ(both_ways("绵阳市安监局", "510700", "绵阳市应急管理局", "510700").kind, MatchKind::duplicate);
  EXPECT_EQ(both_ways("重庆市安全生产监督管理局", "500000", "重庆市应急管理局", "500000").kind, MatchKind::duplicate);
}

TEST(DedupRenames, TaxBureausMergedUnderTheStateTaxationAdministration) {
  EXPECT_EQ(both_ways("成都市国家税务局", "510100", "国家税务总局成都市税务局", "510100").kind, MatchKind::duplicate);
  EXPECT_EQ(both_ways("成都市地税局", "510100", "国家税务总局成都市税务局", "510100").kind, MatchKind::duplicate);
  EXPECT_EQ(both_ways("国家税务总局成都市税务局", "510100", "国家税务总局绵阳市税务局", "510700").kind,
            MatchKind::none);
}

TEST(DedupRenames, FireBrigadesLeftThePolice) {
  EXPECT_EQ(both_ways("成都市公安消防支队", "510100", "成都市消防救援支队", "510100").kind, MatchKind::duplicate);
  EXPECT_EQ(both_ways("成都市公安消防支队", "510100", "成都市消防支队", "510100").kind, MatchKind::duplicate);
}

TEST(DedupRenames, AnAgencySplitOutIsNotARename) {
  int splits = 0;
  for (const Rename& r : renames()) {
    if (r.kind != RenameKind::split) continue;
    ++splits;
    EXPECT_NE(both_ways("成都市" + r.old_stem, "510100", "成都市" + r.new_stem, "510100").kind, MatchKind::duplicate)
        << r.old_stem << " / " << r.new_stem;
  }
  EXPECT_GE(splits, 2);
  EXPECT_EQ(both_ways("成都市民政局", "510100", "成都市退役军人事务局", "510100").kind, MatchKind::none);
  EXPECT_EQ(both_ways("成都市人社局", "510100", "成都市医保局", "510100").kind, MatchKind::none);
}

TEST(DedupRenames, RenamesStayInTheirDivision) {
  EXPECT_EQ(both_ways("成都市环境保护局", "510100", "绵阳市生态环境局", "510700").kind, MatchKind::none);
  EXPECT_EQ(both_ways("成都市环境保护局", "510100", "成都市生态环境局锦江分局", "510104").kind, MatchKind::related);
}

// ---- Abbreviations ------------------------------------------------------------------------------------

TEST(DedupAbbreviations, CommonOnesBothWays) {
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"成都市卫健委", "成都市卫生健康委员会"},
      {"成都市市场监管局", "成都市市场监督管理局"},
      {"成都市应急局", "成都市应急管理局"},
      {"成都市文旅局", "成都市文化和旅游局"},
      {"成都市医保局", "成都市医疗保障局"},
      {"成都市发改委", "成都市发展和改革委员会"},
      {"成都市人社局", "成都市人力资源和社会保障局"},
      {"成都市住建局", "成都市住房和城乡建设局"},
      {"成都市退役军人局", "成都市退役军人事务局"},
      {"成都市经信局", "成都市经济和信息化局"},
      {"成都市国资委", "成都市国有资产监督管理委员会"},
      {"成都市林草局", "成都市林业和草原局"},
      {"成都市公积金中心", "成都市住房公积金管理中心"},
      {"成都市疾控中心", "成都市疾病预防控制中心"},
      {"成都市中院", "成都市中级人民法院"},
      {"成都市人大常委会", "成都市人民代表大会常务委员会"},
      {"成都市残联", "成都市残疾人联合会"},
      {"成都市公安局交警支队", "成都市公安局交通警察支队"},
  };
  for (const auto& [short_name, full] : pairs) {
    Match m = both_ways(short_name, "510100", full, "510100");
    EXPECT_EQ(m.kind, MatchKind::duplicate) << short_name << " / " << full;
    EXPECT_NE(m.reason.find("abbreviation"), std::string::npos) << short_name << ": " << m.reason;
  }
}

TEST(DedupAbbreviations, EveryBureauOfTheTableBothWays) {
  int checked = 0;
  for (const auto& [short_name, full] :
       std::vector<std::pair<std::string, std::string>>{{"市监局", "市场监督管理局"},
                                                        {"住建委", "住房和城乡建设委员会"},
                                                        {"民宗局", "民族宗教事务局"},
                                                        {"教体局", "教育和体育局"},
                                                        {"科技局", "科学技术局"},
                                                        {"工信局", "工业和信息化局"},
                                                        {"城管局", "城市管理局"},
                                                        {"交通局", "交通运输局"},
                                                        {"药监局", "药品监督管理局"}}) {
    ++checked;
    EXPECT_EQ(both_ways("绵阳市" + short_name, "510700", "绵阳市" + full, "510700").kind, MatchKind::duplicate)
        << short_name;
  }
  EXPECT_EQ(checked, 9);
}

TEST(DedupAbbreviations, AnAbbreviationIsNotAnotherAgency) {
  EXPECT_EQ(both_ways("成都市卫健委", "510100", "成都市医保局", "510100").kind, MatchKind::none);
  EXPECT_EQ(both_ways("成都市市场监管局", "510100", "四川省药品监督管理局", "510000").kind, MatchKind::none);
  EXPECT_EQ(both_ways("成都市发改委", "510100", "成都市经信委", "510100").kind, MatchKind::none);
}

// ---- District branches --------------------------------------------------------------------------------

TEST(DedupDistrictBranches, TheTwoWaysAreOneOrganisation) {
  const std::vector<std::pair<std::string, std::string>> forms = {
      {"成都市公安局武侯分局", "510100"}, {"成都市公安局武侯区分局", "510100"}, {"武侯区公安分局", "510107"},
      {"成都市武侯区公安分局", "510107"}, {"武侯公安分局", "510107"},           {"武侯区公安局", "510107"},
      {"成都市公安局武侯分局", "510107"}};
  for (size_t i = 0; i < forms.size(); ++i) {
    for (size_t k = i + 1; k < forms.size(); ++k) {
      Match m = both_ways(forms[i].first, forms[i].second, forms[k].first, forms[k].second);
      EXPECT_EQ(m.kind, MatchKind::duplicate) << forms[i].first << " / " << forms[k].first;
    }
  }
  EXPECT_EQ(
      compare({"成都市公安局武侯分局", "510100", std::nullopt}, {"武侯区公安分局", "510107", std::nullopt}).reason,
      "district branch written two ways");
  // a municipality's district, and other bureaus with district branches
  EXPECT_EQ(both_ways("北京市公安局朝阳分局", "110000", "朝阳区公安分局", "110105").kind, MatchKind::duplicate);
  EXPECT_EQ(both_ways("成都市规划和自然资源局青羊分局", "510100", "青羊区自然资源分局", "510105").kind,
            MatchKind::duplicate);
  EXPECT_EQ(both_ways("成都市生态环境局金堂分局", "510100", "金堂县生态环境局", "510121").kind, MatchKind::duplicate);
}

TEST(DedupDistrictBranches, OnlyWhenTheDivisionMatches) {
  EXPECT_EQ(both_ways("成都市公安局武侯分局", "510100", "锦江区公安分局", "510104").kind, MatchKind::none);
  EXPECT_EQ(both_ways("福州市公安局鼓楼分局", "350100", "鼓楼区公安分局", "320106").kind, MatchKind::none);
  EXPECT_EQ(both_ways("北京市公安局朝阳分局", "110000", "朝阳区公安分局", "220104").kind, MatchKind::none);
  // a county's police is its own bureau, not a branch
  EXPECT_EQ(both_ways("金堂县公安局", "510121", "成都市公安局", "510100").kind, MatchKind::none);
}

TEST(DedupDistrictBranches, ABranchIsTheCitysUnitAndHasItsOwnUnits) {
  Match branch = both_ways("武侯区公安分局", "510107", "成都市公安局", "510100");
  EXPECT_EQ(branch.kind, MatchKind::related);
  EXPECT_EQ(branch.reason, "branch of");
  Match station = both_ways("武侯区公安分局玉林派出所", "510107", "成都市公安局武侯分局", "510100");
  EXPECT_EQ(station.kind, MatchKind::related);
  EXPECT_EQ(both_ways("武侯区公安分局玉林派出所", "510107", "成都市公安局武侯区分局玉林派出所", "510100").kind,
            MatchKind::duplicate);
}

// ---- Typos of sound and form --------------------------------------------------------------------------

TEST(DedupTypos, ACharacterOfTheSameSoundInsideAnAgencyWord) {
  Match m = both_ways("成都市公按局", "510100", "成都市公安局", "510100");
  EXPECT_EQ(m.kind, MatchKind::duplicate);
  EXPECT_EQ(m.reason, "homophone typo");
  EXPECT_EQ(both_ways("成都市公安局武侯分局玉林派处所", "510100", "成都市公安局武侯分局玉林派出所", "510100").kind,
            MatchKind::duplicate);
  EXPECT_EQ(both_ways("绵阳市人民检查院", "510700", "绵阳市人民检察院", "510700").kind, MatchKind::duplicate);
  EXPECT_EQ(both_ways("成都市财正局", "510100", "成都市财政局", "510100").kind, MatchKind::duplicate);
}

TEST(DedupTypos, ACharacterOfASimilarFormInsideAnAgencyWord) {
  Match m = both_ways("成都市市场监督菅理局", "510100", "成都市市场监督管理局", "510100");
  EXPECT_EQ(m.kind, MatchKind::duplicate);
  EXPECT_EQ(m.reason, "near-form typo");
  EXPECT_EQ(both_ways("成都市公安居", "510100", "成都市公安局", "510100").reason, "homophone typo");
  EXPECT_EQ(both_ways("成都市司法居", "510100", "成都市司法局", "510100").kind, MatchKind::duplicate);
}

TEST(DedupTypos, OnlyWhereTheRestAndTheDivisionAgree) {
  EXPECT_EQ(both_ways("成都市公按局", "510100", "绵阳市公安局", "510700").kind, MatchKind::none);
  EXPECT_EQ(both_ways("成都市公按局武侯分局", "510100", "成都市公安局锦江分局", "510100").kind, MatchKind::none);
  // a character of another sound and form is another word, not a typo, in a short name
  EXPECT_EQ(both_ways("成都市公共局", "510100", "成都市公安局", "510100").kind, MatchKind::none);
  // siblings of a crowd: stations whose own names differ by a character stay apart
  EXPECT_EQ(both_ways("成都市公安局武侯分局玉林派出所", "510100", "成都市公安局武侯分局玉琳派出所", "510100").kind,
            MatchKind::none);
  EXPECT_EQ(both_ways("成都市公安局武侯分局双楠派出所", "510100", "成都市公安局武侯分局双桥派出所", "510100").kind,
            MatchKind::none);
}

// ---- What stays apart ---------------------------------------------------------------------------------

TEST(DedupPrecision, PlacesThatSoundAlikeStayDistinct) {
  // the same pinyin, or nearly: shanxi, yiyang, haicheng/haicheng, tongzhou
  EXPECT_EQ(both_ways("山西省公安厅", "140000", "陕西省公安厅", "610000").kind, MatchKind::none);
  EXPECT_EQ(both_ways("山西公安厅", "", "陕西公安厅", "").kind, MatchKind::none);
  EXPECT_EQ(both_ways("益阳市公安局", "430900", "弋阳县公安局", "361126").kind, MatchKind::none);
  EXPECT_EQ(both_ways("益阳市卫健委", "", "弋阳县卫健委", "").kind, MatchKind::none);
  EXPECT_EQ(both_ways("通州区人民法院", "110112", "通州区人民法院", "320612").kind, MatchKind::none);
  EXPECT_EQ(both_ways("海城市公安局", "210381", "海城区公安分局", "450502").kind, MatchKind::none);
  EXPECT_EQ(both_ways("宜宾市公安局", "511500", "宜兵市公安局", "511500").kind, MatchKind::none);
}

TEST(DedupPrecision, UnitsOfAnAgencyAreRelatedNeverDuplicates) {
  for (const auto& [parent, unit] :
       std::vector<std::pair<std::string, std::string>>{{"成都市城市管理局", "成都市城市管理局综合行政执法支队"},
                                                        {"成都市卫健委", "成都市卫生健康委员会医疗服务指导中心"},
                                                        {"成都市环保局", "成都市生态环境局生态环境监测站"},
                                                        {"成都市工商局", "成都市市场监督管理局经济技术开发区分局"},
                                                        {"成都市公安局", "成都市公安局交通管理局第五分局"},
                                                        {"成都市交通局", "成都市交通运输局综合行政执法支队"}}) {
    EXPECT_EQ(both_ways(parent, "510100", unit, "510100").kind, MatchKind::related) << parent << " / " << unit;
  }
}

TEST(DedupPrecision, OrdinalsAndDirectionsStayDistinct) {
  EXPECT_EQ(both_ways("成都市公安局武侯分局城南派出所", "510100", "成都市公安局武侯分局城北派出所", "510100").kind,
            MatchKind::none);
  EXPECT_EQ(both_ways("成都市第七中学", "510100", "成都市第十中学", "510100").kind, MatchKind::none);
  EXPECT_EQ(both_ways("成都市公安局交通警察支队第一大队", "510100", "成都市公安局交警支队第二大队", "510100").kind,
            MatchKind::none);
}

}  // namespace dedup_names

namespace dedup_names_fuzz {

// Found by fuzz_dedup (corpus/fuzz_dedup/finding-typo-asymmetric-unit-name): a near-form typo in the
// last character of a unit whose parent is named in one of the two names only. Either way round the
// answer is the same.
TEST(DedupTypos, ANearFormTypoInAUnitsLastCharacterIsJudgedTheSameEitherWay) {
  const Name unit{"长沙市公安局交通警察支队", "", std::string("91350100M000100Y43")};
  const Name typo{"长沙市公安局交警支陟", "", std::nullopt};
  Match ab = compare(unit, typo);
  Match ba = compare(typo, unit);
  EXPECT_EQ(ab.kind, ba.kind) << ab.reason << " / " << ba.reason;
  EXPECT_EQ(ab.score, ba.score) << ab.reason << " / " << ba.reason;
  const Name parent{"长沙市公安局", "", std::nullopt};
  for (const Name* other : {&unit, &typo}) {
    Match pa = compare(parent, *other);
    Match ap = compare(*other, parent);
    EXPECT_EQ(pa.kind, ap.kind) << other->name << ": " << pa.reason << " / " << ap.reason;
    EXPECT_EQ(pa.score, ap.score) << other->name << ": " << pa.reason << " / " << ap.reason;
  }
}

}  // namespace dedup_names_fuzz
