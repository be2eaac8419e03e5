// Chinese text rules without a database: credit codes, width folding, traditional→simplified, the
// search normal form, pinyin search keys and the pinyin sort key.
#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "platform/text/chinese.h"
#include "platform/text/credit_code.h"
#include "platform/text/pinyin.h"
#include "platform/text/strings.h"

using namespace fleetkam::text;

namespace {

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

// Published codes of real organisations, as they appear in public code and documents.
const std::vector<std::string> kRealCodes = {
    "9144030071526726XG",  // 腾讯科技（深圳）有限公司
    "91440300708461136T",  // 深圳市腾讯计算机系统有限公司
    "91110000802100433B",  // 北京百度网讯科技有限公司
    "91350100M000100Y43",  // the example code of many validators (a 福州 enterprise)
    "112302070019030687",  // an organ of government (authority 1, type 1), from a public validator's list
};

std::vector<std::string> generated_codes() {
  return {
      complete_credit_code("11110000"
                           "00001234"),  // an organ of government in 北京
      complete_credit_code("12440300"
                           "MB2C3D4E"),  // a public institution in 深圳
      complete_credit_code("51310000"
                           "0A0B0C0D"),  // a social organisation in 上海
      complete_credit_code("91500000"
                           "X9Y8W7U6"),  // an enterprise in 重庆
      complete_credit_code("Y1650100"
                           "00000000"),
      complete_credit_code("N2320000"
                           "QRTUWXY1"),
  };
}

bool has_key_starting_with(const std::vector<std::string>& keys, std::string_view prefix) {
  return std::any_of(keys.begin(), keys.end(), [&](const std::string& key) { return key.starts_with(prefix); });
}

}  // namespace

TEST(CreditCode, RealPublishedCodesPass) {
  for (const auto& code : kRealCodes) EXPECT_EQ(credit_code_problem(code), std::nullopt) << code;
}

TEST(CreditCode, CompletesBothCheckCharacters) {
  EXPECT_EQ(complete_credit_code("11110000"
                                 "00001234"),
            "11110000000012343B");
  // The two check characters of real codes are reproduced from their first 16.
  for (const auto& code : kRealCodes) EXPECT_EQ(complete_credit_code(code.substr(0, 16)), code);
  for (const auto& code : generated_codes()) {
    EXPECT_EQ(code.size(), 18u);
    EXPECT_EQ(credit_code_problem(code), std::nullopt) << code;
  }
}

TEST(CreditCode, CompleteRejectsWhatCannotBecomeAValidCode) {
  EXPECT_THROW(complete_credit_code("111100000000123"), std::invalid_argument);    // 15 characters
  EXPECT_THROW(complete_credit_code("1111000000001I34"), std::invalid_argument);   // I
  EXPECT_THROW(complete_credit_code("0111000000001234"), std::invalid_argument);   // no authority 0
  EXPECT_THROW(complete_credit_code("111A000000001234"), std::invalid_argument);   // division not digits
  EXPECT_THROW(complete_credit_code("1111000000001234X"), std::invalid_argument);  // 17
}

TEST(CreditCode, EveryWrongFinalCheckCharacterIsRejected) {
  auto codes = generated_codes();
  codes.insert(codes.end(), kRealCodes.begin(), kRealCodes.end());
  for (const auto& code : codes) {
    int rejected = 0;
    for (char c : kAlphabet) {
      if (c == code[17]) continue;
      std::string wrong = code;
      wrong[17] = c;
      EXPECT_EQ(credit_code_problem(wrong), std::string("wrong check character, expected ") + code[17]) << wrong;
      ++rejected;
    }
    EXPECT_EQ(rejected, 30);
  }
}

TEST(CreditCode, WrongOrganisationCodeCheckIsRejected) {
  for (const auto& code : kRealCodes) {
    for (char c : std::string_view("0123456789X")) {
      if (c == code[16]) continue;
      std::string wrong = code.substr(0, 16) + c;
      // Even with a final check character that fits the altered first 17, the GB 11714 check fails.
      std::string with_final = complete_credit_code(code.substr(0, 16));
      wrong.push_back(with_final[17]);
      auto problem = credit_code_problem(wrong);
      ASSERT_TRUE(problem.has_value()) << wrong;
      EXPECT_NE(problem->find("GB 11714"), std::string::npos) << *problem;
    }
  }
  // 9144030071526726XG with the organisation code's check X changed to 0.
  EXPECT_EQ(credit_code_problem("91440300715267260G"),
            "wrong GB 11714 organisation-code check character at position 17");
}

TEST(CreditCode, ForbiddenLettersAreRejected) {
  const std::string code = complete_credit_code(
      "91500000"
      "X9Y8W7U6");
  for (char letter : std::string_view("IOZSV")) {
    for (size_t index : {1, 9, 12, 15, 17}) {
      std::string wrong = code;
      wrong[index] = letter;
      EXPECT_EQ(credit_code_problem(wrong),
                "character '" + std::string(1, letter) + "' not allowed at position " + std::to_string(index + 1))
          << wrong;
    }
  }
}

TEST(CreditCode, FieldRulesNameThePosition) {
  auto problem = credit_code_problem("0144030071526726XG");
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->rfind("character '0' not allowed at position 1", 0), 0u) << *problem;
  problem = credit_code_problem("914A030071526726XG");
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->rfind("character 'A' not allowed at position 4", 0), 0u) << *problem;
  problem = credit_code_problem("9144030071526726YG");  // position 17 is a digit or X
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->rfind("character 'Y' not allowed at position 17", 0), 0u) << *problem;
  problem = credit_code_problem("91440300715267中6XG");
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->rfind("character '中' not allowed at position 15", 0), 0u) << *problem;
  problem = credit_code_problem(
      "91440300715267\xff"
      "6XG");
  ASSERT_TRUE(problem);
  EXPECT_NE(problem->find("position 15"), std::string::npos) << *problem;
}

TEST(CreditCode, LowerCaseIsAcceptedOnlyAfterNormalising) {
  EXPECT_TRUE(credit_code_problem("9144030071526726xg").has_value());
  EXPECT_EQ(normalize_credit_code("9144030071526726xg"), "9144030071526726XG");
  EXPECT_EQ(credit_code_problem(normalize_credit_code("9144030071526726xg")), std::nullopt);
  EXPECT_EQ(credit_code_problem(normalize_credit_code("91350100m000100y43")), std::nullopt);
}

TEST(CreditCode, NormaliseTrimsAndFoldsFullWidth) {
  EXPECT_EQ(normalize_credit_code("  ９１４４０３００７１５２６７２６ｘｇ　\t"), "9144030071526726XG");
  EXPECT_EQ(normalize_credit_code("\u3000９１４４０３００７１５２６７２６ＸＧ"), "9144030071526726XG");
  EXPECT_EQ(normalize_credit_code("   "), "");
  EXPECT_EQ(normalize_credit_code("9144 0300"), "9144 0300");  // inner space stays: still wrong
}

TEST(CreditCode, WrongLengthsAreRejected) {
  const std::string code = "9144030071526726XG";
  EXPECT_EQ(credit_code_problem(code.substr(0, 17)), "must be 18 characters, not 17");
  EXPECT_EQ(credit_code_problem(code + "1"), "must be 18 characters, not 19");
  EXPECT_EQ(credit_code_problem(""), "must be 18 characters, not 0");
  // Characters, not bytes: 18 full-width digits are 54 bytes, still the right count, still wrong.
  EXPECT_EQ(
      credit_code_problem("９１４４０３００７１５２６７２６ＸＧ")->rfind("character '９' not allowed at position 1", 0),
      0u);
}

TEST(ChineseText, FoldWidthTurnsFullWidthHalfWidth) {
  EXPECT_EQ(fold_width("ＡＢＣ１２３（）［］，．！？"), "ABC123()[],.!?");
  EXPECT_EQ(fold_width("北京\u3000公安"), "北京 公安");
  EXPECT_EQ(fold_width("plain ASCII"), "plain ASCII");
  EXPECT_EQ(fold_width("中文不变"), "中文不变");
  EXPECT_EQ(fold_width(""), "");
  EXPECT_EQ(fold_width("a\xff"
                       "b"),
            "a\uFFFD"
            "b");  // invalid UTF-8 repaired, not thrown
}

TEST(ChineseText, ToSimplifiedConvertsTraditional) {
  EXPECT_EQ(to_simplified("廣州市公安局"), "广州市公安局");
  EXPECT_EQ(to_simplified("中華人民共和國財政部"), "中华人民共和国财政部");
  EXPECT_EQ(to_simplified("臺灣銀行"), "台湾银行");
  EXPECT_EQ(to_simplified("北京市公安局"), "北京市公安局");
  EXPECT_EQ(to_simplified("ABC 123"), "ABC 123");
  EXPECT_EQ(to_simplified("廣\xff州"), "广\uFFFD州");
  // Phrase-aware: 乾 stays in 乾隆 but becomes 干 in 乾淨; 髮 and 發 both become 发.
  EXPECT_EQ(to_simplified("乾隆皇帝"), "乾隆皇帝");
  EXPECT_EQ(to_simplified("乾淨"), "干净");
  EXPECT_EQ(to_simplified("理髮店發展"), "理发店发展");
  EXPECT_EQ(to_simplified("重慶有限公司"), "重庆有限公司");
}

TEST(ChineseText, ToSimplifiedIsSafeAcrossThreads) {
  auto work = [] {
    for (int i = 0; i < 200; ++i) {
      if (to_simplified("中華人民共和國廣東省廣州市公安局") != "中华人民共和国广东省广州市公安局") return false;
    }
    return true;
  };
  bool a = false;
  bool b = false;
  std::thread first([&] { a = work(); });
  std::thread second([&] { b = work(); });
  first.join();
  second.join();
  EXPECT_TRUE(a);
  EXPECT_TRUE(b);
}

TEST(ChineseText, SearchNormalForm) {
  EXPECT_EQ(search_normal("ＡＢＣ公司"), "abc公司");
  EXPECT_EQ(search_normal("北京市 公安局（交通管理局）【一】、，。·"), "北京市公安局交通管理局一");
  EXPECT_EQ(search_normal("廣州市\u3000公安局"), "广州市公安局");
  EXPECT_EQ(search_normal(" Beijing-Shi, \"GA\"!\t"), "beijingshiga");
  EXPECT_EQ(search_normal("中国（北京）自由贸易试验区《管理》办公室"), "中国北京自由贸易试验区管理办公室");
  EXPECT_EQ(search_normal("第3中学+"), "第3中学+");  // digits and symbols stay
  EXPECT_EQ(search_normal(""), "");
}

// Found by fuzz/fuzz_pinyin: search_normal changed its own output, so a form compared with the form
// of a form, or a query typed from a key, could differ from what it was made of.
TEST(ChineseText, SearchNormalFormIsAFixedPoint) {
  // OpenCC converts by phrase: 重覆 (→ 重复) is only a phrase once the & between is left out.
  EXPECT_EQ(search_normal("重&覆"), "重复");
  // Converting 覆 to 复 changes how the rest splits into phrases: the last 覆 only on a second pass.
  EXPECT_EQ(search_normal("覆露覆"), "复露复");
  // NFKC writes U+00B8 (cedilla) as a space and U+0327; without the space it composes with the E.
  EXPECT_EQ(search_normal("E\u00b8"), "\u0229");
  EXPECT_EQ(search_normal("a.\u0301"), "\u00e1");
  for (std::string_view text : {"重&覆", "\xe4覆露覆", "lE\u00b8\u0084", "a.\u0301", "北京·市 公安局", "Müller GmbH"}) {
    std::string normal = search_normal(text);
    EXPECT_EQ(search_normal(normal), normal) << text;
  }
}

TEST(Pinyin, ReadingsOfPolyphonicCharacters) {
  EXPECT_EQ(pinyin_readings(U'行'), (std::vector<std::string_view>{"xing", "hang", "heng"}));
  EXPECT_EQ(pinyin_readings(U'重'), (std::vector<std::string_view>{"zhong", "chong"}));
  EXPECT_EQ(pinyin_readings(U'绿').front(), "lv");  // ü written v
  EXPECT_EQ(pinyin_readings(U'廣'), (std::vector<std::string_view>{"guang"}));
  EXPECT_TRUE(pinyin_readings(U'a').empty());
}

TEST(Pinyin, FullPinyinInitialsAndCharacters) {
  auto keys = pinyin_search_keys("北京市公安局");
  EXPECT_TRUE(has_key_starting_with(keys, "beijingshi"));
  EXPECT_TRUE(has_key_starting_with(keys, "bjsgaj"));
  EXPECT_TRUE(has_key_starting_with(keys, "北京市公安局"));
  // From the start after 市.
  EXPECT_TRUE(has_key_starting_with(keys, "gongan"));
  EXPECT_TRUE(has_key_starting_with(keys, "gaj"));
  EXPECT_TRUE(has_key_starting_with(keys, "公安"));
  EXPECT_FALSE(has_key_starting_with(keys, "jingshi"));
  EXPECT_FALSE(has_key_starting_with(keys, "anju"));
}

TEST(Pinyin, MatchesByPrefix) {
  EXPECT_TRUE(pinyin_matches("北京市公安局", "beijingshi"));
  EXPECT_TRUE(pinyin_matches("北京市公安局", "bjsgaj"));
  EXPECT_TRUE(pinyin_matches("北京市公安局", "BJS GAJ"));
  EXPECT_TRUE(pinyin_matches("北京市公安局", "Bei Jing"));
  EXPECT_TRUE(pinyin_matches("北京市公安局", "公安"));
  EXPECT_TRUE(pinyin_matches("北京市公安局", "北京"));
  EXPECT_TRUE(pinyin_matches("北京市公安局", ""));
  EXPECT_FALSE(pinyin_matches("北京市公安局", "shanghai"));
  EXPECT_FALSE(pinyin_matches("北京市公安局", "bjsgajx"));
}

TEST(Pinyin, PolyphonicCharactersMatchByEveryReading) {
  EXPECT_TRUE(pinyin_matches("中国银行", "zgyh"));
  EXPECT_TRUE(pinyin_matches("中国银行", "zhongguoyinhang"));
  EXPECT_TRUE(pinyin_matches("中国银行", "zgyx"));
  EXPECT_TRUE(pinyin_matches("中国银行", "zhongguoyinxing"));
  EXPECT_TRUE(pinyin_matches("重庆市公安局", "chongqing"));
  EXPECT_TRUE(pinyin_matches("重庆市公安局", "zhongqing"));
  EXPECT_TRUE(pinyin_matches("重庆市公安局", "cqsgaj"));
  // The reading in context comes first: it survives the cap on variants.
  auto keys = pinyin_search_keys("中国银行", 1);
  EXPECT_TRUE(has_key_starting_with(keys, "zhongguoyinhang"));
  EXPECT_TRUE(has_key_starting_with(keys, "zgyh"));
  EXPECT_FALSE(has_key_starting_with(keys, "zhongguoyinxing"));
}

TEST(Pinyin, StartsOnlyAfterDivisionMarkers) {
  const std::string name = "北京市公安局交通警察支队";
  EXPECT_TRUE(pinyin_matches(name, "gonganjujiaotong"));
  EXPECT_TRUE(pinyin_matches(name, "公安局交通"));
  EXPECT_TRUE(pinyin_matches(name, "gajjtjczd"));
  EXPECT_FALSE(pinyin_matches(name, "jiaotong"));
  EXPECT_FALSE(pinyin_matches(name, "交通"));
  // Every division level: province, city, district.
  const std::string deep = "广东省深圳市南山区人民法院";
  EXPECT_TRUE(pinyin_matches(deep, "shenzhen"));
  EXPECT_TRUE(pinyin_matches(deep, "nanshanqu"));
  EXPECT_TRUE(pinyin_matches(deep, "renmin"));
  EXPECT_TRUE(pinyin_matches(deep, "rmfy"));
  // No start that leaves a single character.
  EXPECT_FALSE(pinyin_matches("某某县委", "wei"));
  EXPECT_FALSE(pinyin_matches("某某市局", "ju"));
  EXPECT_TRUE(pinyin_matches("某某市公安", "gongan"));
}

TEST(Pinyin, AtMostFourStarts) {
  // 省 市 区 县 … : only the first three markers (plus the beginning) start keys.
  const std::string name = "甲省乙市丙区丁县戊局";
  EXPECT_TRUE(pinyin_matches(name, "乙市"));
  EXPECT_TRUE(pinyin_matches(name, "丙区"));
  EXPECT_TRUE(pinyin_matches(name, "丁县"));
  EXPECT_FALSE(pinyin_matches(name, "戊局"));
}

TEST(Pinyin, QueriesAreNormalisedLikeKeys) {
  EXPECT_EQ(pinyin_query(" Lü Se "), "lvse");
  EXPECT_EQ(pinyin_query("ＢＪ　ＳＧＡＪ"), "bjsgaj");
  EXPECT_EQ(pinyin_query("廣州"), "广州");
  EXPECT_TRUE(pinyin_matches("绿色环保局", "lüse"));
  EXPECT_TRUE(pinyin_matches("绿色环保局", "lvse"));
  EXPECT_TRUE(pinyin_matches("绿色环保局", "luse"));  // 绿 also reads lu
}

// Found by fuzz/fuzz_pinyin: the query's ü is read as v, and a name's Latin ü stayed ü in its keys,
// so Müller GmbH was not found by typing its name.
TEST(Pinyin, LatinUUmlautIsWrittenVInKeysAsInQueries) {
  EXPECT_TRUE(pinyin_matches("Müller GmbH 绿化", "Müller GmbH 绿化"));
  EXPECT_TRUE(pinyin_matches("Müller GmbH", "müller"));
  EXPECT_TRUE(pinyin_matches("Müller GmbH", "mvller"));
  auto keys = pinyin_search_keys("Müller");
  EXPECT_NE(std::find(keys.begin(), keys.end(), "mvller"), keys.end());
  EXPECT_EQ(pinyin_sort_key("Müller"), "mvller");
}

TEST(Pinyin, TraditionalNamesMatchToo) {
  EXPECT_TRUE(pinyin_matches("廣州市公安局", "guangzhou"));
  EXPECT_TRUE(pinyin_matches("廣州市公安局", "gzsgaj"));
  EXPECT_TRUE(pinyin_matches("廣州市公安局", "广州"));
  EXPECT_TRUE(pinyin_matches("广州市公安局", "廣州"));  // a traditional query, too
}

TEST(Pinyin, FullWidthNamesAreNormalised) {
  auto keys = pinyin_search_keys("ＡＢＣ公司");
  EXPECT_EQ(keys.front(), "abc公司");
  EXPECT_TRUE(has_key_starting_with(keys, "abcgongsi"));
  EXPECT_TRUE(has_key_starting_with(keys, "abcgs"));
  EXPECT_TRUE(pinyin_matches("ＡＢＣ公司", "abc"));
}

TEST(Pinyin, KeysAreDistinctAndCapped) {
  // Many polyphonic characters: 长 乐 行 重 单 都 each have two or more readings.
  auto keys = pinyin_search_keys("长乐行重单都", 8);
  std::vector<std::string> sorted = keys;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(std::unique(sorted.begin(), sorted.end()), sorted.end());
  EXPECT_LE(keys.size(), 1u + 8 + 8);
  EXPECT_TRUE(pinyin_search_keys("").empty());
  EXPECT_EQ(pinyin_search_keys("公"), (std::vector<std::string>{"公", "gong", "g"}));
}

TEST(Pinyin, SortKeyFollowsPinyinOrder) {
  EXPECT_EQ(pinyin_sort_key("安徽"), "anhui");
  EXPECT_EQ(pinyin_sort_key("北京"), "beijing");
  EXPECT_EQ(pinyin_sort_key("重庆"), "chongqing");  // 重 in context, not its usual zhong
  EXPECT_EQ(pinyin_sort_key("广东"), "guangdong");
  std::vector<std::string> names = {"广东", "重庆", "北京", "安徽"};
  std::sort(names.begin(), names.end(),
            [](const std::string& a, const std::string& b) { return pinyin_sort_key(a) < pinyin_sort_key(b); });
  EXPECT_EQ(names, (std::vector<std::string>{"安徽", "北京", "重庆", "广东"}));
}

TEST(Pinyin, SortKeyReadsWordsInContext) {
  EXPECT_EQ(pinyin_sort_key("中国银行北京市分行"), "zhongguoyinhangbeijingshifenhang");
  EXPECT_EQ(pinyin_sort_key("吉林省长春市"), "jilinshengchangchunshi");  // not 省长 (governor)
  EXPECT_EQ(pinyin_sort_key("西安市长安区"), "xianshichanganqu");
  EXPECT_EQ(pinyin_sort_key("ＡＢＣ公司"), "abcgongsi");
  EXPECT_EQ(pinyin_sort_key("廣州市"), "guangzhoushi");
  EXPECT_EQ(pinyin_sort_key("第3中学"), "di3zhongxue");
}

TEST(ChineseText, ArbitraryBytesNeverThrow) {
  // Pieces of valid and broken UTF-8, stitched pseudo-randomly (fixed seed).
  const std::vector<std::string> pieces = {"北",
                                           "廣",
                                           "行",
                                           "市",
                                           "Ａ",
                                           "\u3000",
                                           "a",
                                           " ",
                                           "（",
                                           "\xff",
                                           "\xe5\xb7",
                                           "\xed\xa0\x80",
                                           std::string(1, '\0'),
                                           "9",
                                           "ü",
                                           "𠀀",
                                           "\xc0\xaf"};
  unsigned state = 12345;
  for (int round = 0; round < 300; ++round) {
    std::string text;
    for (int k = 0; k < round % 23; ++k) {
      state = state * 1103515245u + 12345u;
      text += pieces[(state >> 16) % pieces.size()];
    }
    EXPECT_NO_THROW({
      (void)search_normal(text);
      (void)pinyin_search_keys(text);
      (void)pinyin_sort_key(text);
      (void)pinyin_matches(text, text);
      (void)credit_code_problem(normalize_credit_code(text));
    }) << round;
  }
}

TEST(Utf8Prefix, CutsBeforeACharacterNeverInsideOne) {
  const std::string name = "ab张三";  // 2 + 3 + 3 bytes
  EXPECT_EQ(utf8_prefix(name, 8), name);
  EXPECT_EQ(utf8_prefix(name, 7), "ab张");  // inside 三: back to its start
  EXPECT_EQ(utf8_prefix(name, 5), "ab张");
  EXPECT_EQ(utf8_prefix(name, 4), "ab");
  EXPECT_EQ(utf8_prefix(name, 2), "ab");
  EXPECT_EQ(utf8_prefix(name, 0), "");
}
