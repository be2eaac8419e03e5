// Duplicate and related organisations among Chinese account names, in memory and without a database.
//
// A name is brought into a normal form (canonicalize) and two accounts are then compared (compare):
//
// Normal form, in this order:
//  1. Width: full-width letters, digits and punctuation become half-width (NFKC).
//  2. Latin company suffixes: the words company/co, limited/ltd, corporation/corp, incorporated/inc are
//     each written one way, and a trailing "Ltd" or "Limited Company" is written "Co Ltd", so
//     "Sinotruk Jinan Co., Ltd." and "SINOTRUK JINAN CO LTD" and "Sinotruk Jinan Company Limited" agree.
//  3. text::search_normal: traditional to simplified (OpenCC t2s), lower case, no spaces, punctuation or
//     control characters — except that Latin words keep one space between them ("sinotruk jinan co
//     ltd"), so that a short Latin word can be told from a long one.
//  4. Leading place names: the place names a name starts with are read (福建省, 福建, 广西壮族自治区,
//     广西, 合肥市, 合肥, 天河区, 天河, 延边州 …) and removed. Short forms (without 省/市/区/县, the
//     short names of autonomous regions and prefectures) count only for the account's own division and
//     the divisions above it; a place below the account's division must be written in full (天河区, not
//     天河) and must be unambiguous. At least two characters are left (广州市 stays 广州市). Of the
//     possible readings the longest wins (吉林吉林市 is 吉林省 + 吉林市). The organisation's division
//     is the deepest place the name starts with, or the account's division when the name starts with
//     none: 天河区人民法院 @440100 (广州市) and 人民法院 @440106 (天河区) are both "人民法院 in
//     440106", while 广东省公安厅 @440100 is "公安厅 in 440000" — the name says it is the province's.
//     国家税务总局 before a place is dropped (国家税务总局成都市税务局 is 成都市税务局).
//  5. Agency abbreviations become the full name (refdata/dedup/agency-abbreviations.tsv, true synonyms
//     only): 市场监管局 → 市场监督管理局, 卫健委 → 卫生健康委员会, 发改委 → 发展和改革委员会, 人社局 →
//     人力资源和社会保障局, 法院 → 人民法院, 交警 → 交通警察, 有限责任公司 → 有限公司 …
//  6. Reform renames and mergers (refdata/dedup/agency-renames.tsv, each with its year and source): an
//     old agency name becomes what it is called now, chains followed to their end: 环境保护局 →
//     生态环境局 (2018), 工商行政管理局 / 质量技术监督局 / 食品药品监督管理局 → 市场监督管理局 (2018),
//     卫生局 → 卫生和计划生育委员会 → 卫生健康委员会 (2014, 2018), 国家税务局 / 地方税务局 → 税务局 (2018),
//     公安消防支队 → 消防救援支队 (2018) …; at a province's division the province's name (安全生产监督管理局
//     → 应急管理厅). An agency split out of another (退役军人事务局 from 民政局) is listed as a split and never
//     applied: two buyers.
//  7. District branches of a city bureau with branches (公安, 生态环境, 自然资源 …) are written as the
//     city's: 成都市公安局武侯分局 @510100, 成都市公安局武侯区分局, 武侯区公安分局 @510107 and 武侯区公安局
//     @510107 (a district's police is the city's branch) are all "公安局武侯区分局 in 510100", when the
//     district is the city's.
//
// Comparison of a and b, first rule that applies:
//  - The same credit code: duplicate, score 1.
//  - Different credit codes: never a duplicate (at most related).
//  - Divisions: the same, one containing the other, or one of them unknown (empty, or a code that is
//    not GB/T 2260); otherwise none.
//    Neighbours (鼓楼区 of 福州 and of 南京; 朝阳区 of 北京 and of 长春) are therefore never merged.
//  - Normal forms equal and in the same division (step 4): duplicate. A province-level and a city-level
//    account are duplicates only when the names say the same organisation: 广东省公安厅 @440000 and
//    广东省公安厅 @440100 are; 人民医院 @440000 (the province's) and 人民医院 @440100 (the city's) are not.
//  - One normal form a proper prefix of the other, in the same division (or, for a unit whose name
//    names no place, below the parent's: 中国电信股份有限公司长沙分公司芙蓉营业部 @430102 under
//    中国电信股份有限公司长沙分公司 @430100), the shorter ending as an
//    organisation's name does (…局, …院, …中心, …公司, …海关 …) and what follows it naming a unit
//    (…支队, …大队, …分局, …派出所, …分公司, …中心, …所, …站, …科, …处 …): related, "sub-unit of",
//    or "branch of" when the unit is a branch (分局, 分公司, 分院, 分行, 支行 …). 长沙市公安局 and
//    长沙市公安局交通警察支队 are separate buyers, shown together but not merged.
//  - One character replaced by one of the same sound (toneless pinyin: 公按局, 派处所) or of a similar
//    form (refdata/dedup/near-form-characters.tsv: 菅/管, 居/局) inside an agency word (agency-words.txt
//    and the tables' full names) of either name, in the same division, the form at least 3 characters,
//    not a direction, number or short Latin word, nor inside a place name: "homophone typo" or
//    "near-form typo", duplicate. Places that sound alike (山西/陕西, 益阳/弋阳) are read as places first
//    and never match on their sound.
//  - One character different (substituted, inserted or deleted), in the same division, the shorter
//    form at least 5 characters besides a company's legal form (股份有限公司, co ltd), and the character
//    carries no meaning: a typo, duplicate. A substituted character in a unit's own name after its
//    organisation's (玉林/玉琳 of 公安局武侯区分局玉林派出所) is not one: a city's crowd of stations,
//    schools and clinics has siblings that differ so. A character carries meaning when it is
//      - a direction (东西南北中上下前后左右内外), a number or ordinal (一二三…十百千零第甲乙, 0-9) or a
//        letter of a Latin word shorter than 5 letters (ABC/ABD), on either side;
//      - on both sides one of a kind: agency kinds (法检院医局厅委办所站队处科室部会司行社校馆…), place
//        suffixes (省市区县州旗盟乡镇), size and rank (大小高初总分支正副), people (男女妇儿军警国地) —
//        so 局/厅 carries meaning but 局/居 is a typo;
//      - inside a known place name on both sides (广东/广西, 江西/山西; inserted: inside one on the
//        longer side);
//      - an inserted one of the kinds above, unless it doubles its neighbour (管理理局, 运输局局).
//    In a company's name only an inserted or deleted character counts: a different one is too often
//    another company (济南卡车/济南客车, 三一重工/三一重能). So 济南市城市管理局 and 济南市城市管里局
//    are duplicates; 第一/第二 人民医院, 东城/西城, 法院/检察院, 妇幼保健院/所 are not.
//
// NameIndex finds the candidates for a name without scanning: by credit code, by (division, normal
// form), by the normal form with one character deleted (symmetric delete, for typos), and by prefixes
// (for sub-units and branches). Every pair compare() calls a duplicate or related is found this way.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fleetkam::dedup {

struct Name {
  std::string name;
  std::string division_code;  // six digits, or empty when unknown
  std::optional<std::string> credit_code;
};

// A name in normal form: the division the name designates (step 4; empty when neither the name nor
// the account says) and what is left of the name after its leading place names (steps 1-5).
struct Canonical {
  std::string division_code;
  std::string form;
  bool abbreviated = false;  // step 5 expanded an abbreviation
  size_t place_bytes = 0;    // bytes of leading place names removed
  bool traditional = false;  // step 3 changed traditional characters
};

Canonical canonicalize(std::string_view name, std::string_view division_code);

// The normal form alone: canonicalize(name, division_code).form. 广州市天河区人民法院 @440106 and
// 天河区人民法院 @440106 give the same form; 朝阳区人民法院 @110105 and @220104 also give the same
// form, and differ by division (compare() checks divisions too).
std::string canonical_name(std::string_view name, std::string_view division_code);

enum class MatchKind { none, duplicate, related };

struct Match {
  MatchKind kind = MatchKind::none;
  double score = 0;              // 0..1
  std::string reason;            // short English: "same credit code", "traditional/simplified", "sub-unit of" …
  bool first_is_parent = false;  // related: a is the organisation b belongs to (else b is a's parent)
};

Match compare(const Name& a, const Name& b);

struct Candidate {
  int64_t id = 0;
  Match match;
  std::string name;  // the account's name as added (NameIndex fills it)
  int64_t tag = 0;   // what the caller added with it (NameIndex::add), unread by the index
};

// Accounts by id, for candidate retrieval. Reads (candidates) may run concurrently with each other;
// writes (add, remove) are exclusive. About 250 bytes an account (dedup_bench: index_mb).
class NameIndex {
 public:
  NameIndex();
  ~NameIndex();
  NameIndex(const NameIndex&) = delete;
  NameIndex& operator=(const NameIndex&) = delete;

  // Adds or replaces the account `id`; `tag` comes back with it as a candidate (the accounts
  // module keeps its owner there, so that a check needs no query to say what a caller may see).
  void add(int64_t id, const Name& name, int64_t tag = 0);
  void remove(int64_t id);
  size_t size() const;
  // Approximate bytes held: the accounts' strings and the hash tables.
  size_t memory_bytes() const;

  // The accounts that are duplicates of or related to `probe` (compare() != none), duplicates first,
  // then related, best score first; at most `max`.
  std::vector<Candidate> candidates(const Name& probe, size_t max) const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace fleetkam::dedup
