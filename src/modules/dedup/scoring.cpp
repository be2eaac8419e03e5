// How two accounts compare: the rules of matcher.h (credit codes, divisions, equal forms, sub-units
// and branches, one-character typos), on their normal forms (normaliser.cpp).
#include "modules/dedup/scoring.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>
#include <utility>

#include "modules/dedup/agency_names.h"
#include "platform/refdata/divisions.h"
#include "platform/text/chinese.h"
#include "platform/text/credit_code.h"
#include "platform/text/strings.h"

namespace fleetkam::dedup {
namespace {

bool divisions_compatible(int a, int b) { return a < 0 || b < 0 || place_within(a, b) || place_within(b, a); }

// What make_form did to a side's name (the index keeps only the form): renames and district branches.
FormTrace trace_of(const Side& side) {
  FormTrace trace;
  make_form(side.name, side.division >= 0 ? place_code(side.division) : std::string(), &trace);
  return trace;
}

Match same_form_match(const Side& a, const Side& b) {
  if (text::trim(a.name) == text::trim(b.name)) return {MatchKind::duplicate, 1.0, "same name", false};
  std::vector<std::string> reasons;
  FormTrace ta = trace_of(a);
  FormTrace tb = trace_of(b);
  // the renames one side went through and the other did not: 环境保护局 → 生态环境局
  auto only = [](const FormTrace& x, const FormTrace& y) {
    std::vector<const Rename*> out;
    for (const Rename* r : x.renames) {
      if (std::find(y.renames.begin(), y.renames.end(), r) == y.renames.end()) out.push_back(r);
    }
    return out;
  };
  for (const auto& [x, y] : {std::pair{&ta, &tb}, std::pair{&tb, &ta}}) {
    if (auto reason = rename_reason(only(*x, *y), x->province); !reason.empty()) reasons.push_back(reason);
  }
  bool normal_equal = text::search_normal(a.name) == text::search_normal(b.name);
  if (!normal_equal && (ta.district_branch || tb.district_branch))
    reasons.emplace_back("district branch written two ways");
  if (a.form.traditional != b.form.traditional) reasons.emplace_back("traditional/simplified");
  if (!normal_equal && a.form.place_bytes != b.form.place_bytes)
    reasons.emplace_back("place name omitted or shortened");
  if (!normal_equal && (a.form.abbreviated || b.form.abbreviated)) reasons.emplace_back("abbreviation");
  if (reasons.empty()) reasons.emplace_back("same name after normalisation");
  std::string reason;
  for (const auto& r : reasons) reason += (reason.empty() ? "" : ", ") + r;
  return {MatchKind::duplicate, normal_equal ? 0.98 : 0.95, reason, false};
}

bool ends_with_any(std::string_view text, std::initializer_list<std::string_view> endings) {
  return std::any_of(endings.begin(), endings.end(), [&](std::string_view e) { return text.ends_with(e); });
}

bool names_branch(std::string_view remainder) {
  return ends_with_any(remainder, {"分局", "分公司", "分院", "分行", "支行", "分中心", "分所", "分站", "分校", "分部",
                                   "分会", "分理处", "营业部", " branch"});
}

bool unit_division_fits(const FormView& parent, const FormView& unit) {
  auto divisions = unit_divisions(unit);
  return std::find(divisions.begin(), divisions.end(), parent.division) != divisions.end();
}

// The longer form is the shorter one followed by a unit's name, in the same division or (for a unit
// whose name names no place) below it.
std::optional<Match> related_match(const Side& a, const Side& b) {
  bool a_shorter = a.form.text.size() < b.form.text.size();
  std::string_view shorter = a_shorter ? a.form.text : b.form.text;
  std::string_view longer = a_shorter ? b.form.text : a.form.text;
  if (!longer.starts_with(shorter) || char_count(shorter) < 2 || char_count(longer) > kLongestUnitChars ||
      !names_organisation(shorter)) {
    return std::nullopt;
  }
  if (!unit_division_fits(a_shorter ? a.form : b.form, a_shorter ? b.form : a.form)) return std::nullopt;
  std::string_view remainder = longer.substr(shorter.size());
  if (!names_unit(remainder)) return std::nullopt;
  bool branch = names_branch(remainder);
  return Match{MatchKind::related, branch ? 0.75 : 0.7, branch ? "branch of" : "sub-unit of", a_shorter};
}

// Characters that tell organisations apart. A direction, a number or a letter of a short Latin word
// never differs by a typo; a character of the other classes does not when the other name has an
// ordinary character in its place (局/居 is a typo, 局/厅 is another agency).
enum class CharClass { plain, direction, number, short_latin, agency, place_suffix, rank, people };

constexpr std::u32string_view kDirections = U"东西南北中上下前后左右内外";
constexpr std::u32string_view kNumbers = U"一二三四五六七八九十百千万零〇两第壹贰叁肆伍陆柒捌玖拾甲乙丙丁";
constexpr std::u32string_view kAgencyKinds = U"法检院医局厅委办所站队处科室部会司行社校馆团台府署关";
constexpr std::u32string_view kPlaceSuffixes = U"省市区县州旗盟乡镇";
constexpr std::u32string_view kRanks = U"大小高初总分支正副";
constexpr std::u32string_view kPeople = U"男女妇儿军警国地";

bool is_latin_letter(char32_t c) { return c < 0x80 && is_ascii_letter(static_cast<char>(c)); }

// The Latin word around `i` has fewer than 5 letters.
bool in_short_latin_word(const std::u32string& text, size_t i) {
  size_t begin = i;
  size_t end = i;
  while (begin > 0 && is_latin_letter(text[begin - 1])) --begin;
  while (end < text.size() && is_latin_letter(text[end])) ++end;
  return end - begin < 5;
}

CharClass class_of(const std::u32string& text, size_t i) {
  char32_t c = text[i];
  if (c >= U'0' && c <= U'9') return CharClass::number;
  if (is_latin_letter(c)) return in_short_latin_word(text, i) ? CharClass::short_latin : CharClass::plain;
  const std::pair<std::u32string_view, CharClass> classes[] = {
      {kDirections, CharClass::direction},       {kNumbers, CharClass::number}, {kAgencyKinds, CharClass::agency},
      {kPlaceSuffixes, CharClass::place_suffix}, {kRanks, CharClass::rank},     {kPeople, CharClass::people}};
  for (const auto& [chars, cls] : classes) {
    if (chars.find(c) != std::u32string_view::npos) return cls;
  }
  return CharClass::plain;
}

bool strict(CharClass c) { return c == CharClass::direction || c == CharClass::number || c == CharClass::short_latin; }

// Substituting one character for the other makes another organisation.
bool meaningful_substitution(CharClass a, CharClass b) {
  return strict(a) || strict(b) || (a != CharClass::plain && b != CharClass::plain);
}

// Inserting character `i` of `longer` makes another organisation; a doubled character (管理理) does not,
// unless it is a number or a direction.
bool meaningful_insertion(const std::u32string& longer, size_t i) {
  CharClass c = class_of(longer, i);
  bool doubled = (i > 0 && longer[i - 1] == longer[i]) || (i + 1 < longer.size() && longer[i + 1] == longer[i]);
  return strict(c) || (c != CharClass::plain && !doubled);
}

// Character `i` of `text` lies inside a known place name.
bool in_place_name(std::string_view text, const Chars& chars, size_t i) {
  size_t longest = longest_place_name_chars();
  size_t n = chars.code_points.size();
  for (size_t begin = i >= longest ? i - longest + 1 : 0; begin <= i; ++begin) {
    for (size_t end = i + 1; end <= std::min(n, begin + longest); ++end) {
      if (end - begin < 2) continue;
      auto offset = chars.offsets[begin];
      if (is_place_name(text.substr(offset, chars.offsets[end] - offset))) return true;
    }
  }
  return false;
}

// The only position where two equally long strings differ; nullopt when none or several.
std::optional<size_t> single_difference(const std::u32string& x, const std::u32string& y) {
  std::optional<size_t> at;
  for (size_t i = 0; i < x.size(); ++i) {
    if (x[i] == y[i]) continue;
    if (at) return std::nullopt;
    at = i;
  }
  return at;
}

// The position of the one character `longer` has in addition to `shorter`; nullopt when not so.
std::optional<size_t> single_insertion(const std::u32string& longer, const std::u32string& shorter) {
  size_t i = 0;
  while (i < shorter.size() && longer[i] == shorter[i]) ++i;
  if (std::u32string_view(longer).substr(i + 1) != std::u32string_view(shorter).substr(i)) return std::nullopt;
  return i;
}

constexpr auto kLegalForms =
    std::to_array<std::string_view>({"集团股份有限公司", "股份有限公司", "集团有限公司", "有限公司", "集团公司", "公司",
                                     " co ltd", " ltd", " inc", " corp"});

// The legal form a company's name ends with (股份有限公司, co ltd); empty for other organisations.
std::string_view legal_form(std::string_view form) {
  for (auto legal : kLegalForms) {
    if (form.ends_with(legal) && form.size() > legal.size()) return legal;
  }
  return {};
}

enum class Typo { none, plain, homophone, near_form };

// Character `at` of `text` lies in the name of a unit after its organisation's (玉林 of 公安局武侯区分局玉林派出所):
// siblings in a city's crowd of stations, schools and clinics differ there by a character as often as not.
bool in_unit_name(std::string_view text, const Chars& chars, size_t at) {
  auto prefixes = parent_prefixes(text);
  return !prefixes.empty() && prefixes.front() <= chars.offsets[at];
}

// A character replaced by one of the same sound or a similar form inside an agency word (公按局, 派处所,
// 市场监督管里局) of either name, not a direction, number or short Latin word, nor inside a place name.
Typo agency_word_typo(const Chars& cx, const Chars& cy, size_t at) {
  char32_t a = cx.code_points[at];
  char32_t b = cy.code_points[at];
  if (strict(class_of(cx.code_points, at)) || strict(class_of(cy.code_points, at))) return Typo::none;
  if (!in_agency_word(cx.code_points, at) && !in_agency_word(cy.code_points, at)) return Typo::none;
  if (homophones(a, b)) return Typo::homophone;
  return near_form(a, b) ? Typo::near_form : Typo::none;
}

// x and y differ by one character that carries no meaning (see the header). The part before a
// company's legal form must be at least 5 characters (三一重工股份有限公司 is 4), or 3 for a character of
// the same sound or a similar form inside an agency word (公按局). In a company's name only a character
// left out or added counts: a different one is too often another company (济南卡车 and 济南客车, 三一重工
// and 三一重能).
Typo one_char_typo(std::string_view x, std::string_view y) {
  if (x.size() < y.size()) std::swap(x, y);
  Chars cx = decode(x);
  Chars cy = decode(y);
  const auto& px = cx.code_points;
  const auto& py = cy.code_points;
  std::string_view legal = legal_form(y);
  size_t chars = py.size() - char_count(legal);
  if (px.size() > std::min(py.size() + 1, kTypoMaxChars) || chars < kTypoIndexMinChars) return Typo::none;
  if (px.size() == py.size()) {
    // Of equal length, either name may come first: every test below reads both, so the answer does
    // not depend on the order (fuzz_dedup found 交通警察支队 / 交通警察支陟 judged one way only).
    auto at = single_difference(px, py);
    if (!legal.empty() || !legal_form(x).empty() || !at) return Typo::none;
    if (in_place_name(x, cx, *at) && in_place_name(y, cy, *at)) return Typo::none;
    Typo word = agency_word_typo(cx, cy, *at);
    if (word != Typo::none) return word;
    bool plain = chars >= kTypoMinChars && !meaningful_substitution(class_of(px, *at), class_of(py, *at)) &&
                 !in_unit_name(x, cx, *at) && !in_unit_name(y, cy, *at);
    return plain ? Typo::plain : Typo::none;
  }
  if (chars < kTypoMinChars) return Typo::none;
  auto at = single_insertion(px, py);
  return at && !meaningful_insertion(px, *at) && !in_place_name(x, cx, *at) ? Typo::plain : Typo::none;
}

}  // namespace

// What follows a parent's name in a unit's: it names a unit, not only a legal form (有限公司).
bool names_unit(std::string_view remainder) {
  if (char_count(remainder) < 2) return false;
  if (remainder == "有限公司" || remainder == "股份有限公司" || remainder == "集团有限公司" || remainder == "公司" ||
      remainder == "集团公司" || remainder == "集团") {
    return false;
  }
  return ends_with_any(remainder,
                       {"队", "局", "所", "站", "科", "处",   "室", "中心", "院", "馆", "部",   "库",   "台",
                        "校", "组", "办", "厅", "会", "公司", "行", "社",   "场", "厂", "工区", "监狱", " branch"});
}

// A form that can be a parent organisation's: it ends as the name of an office, institution or company
// does (…局, …院, …中心, …公司, …海关, … co ltd), not inside a word (中国联 of 中国联通).
bool names_organisation(std::string_view form) {
  return ends_with_any(form, {"局", "厅", "院", "委", "会", "心", "司",  "行",   "关",    "府",  "台",
                              "馆", "团", "社", "场", "厂", "队", "站",  "所",   "部",    "处",  "科",
                              "室", "办", "校", "署", "狱", "库", "ltd", " inc", " corp", " co", " group"});
}

std::vector<size_t> parent_prefixes(std::string_view text) {
  std::vector<size_t> out;
  Chars chars = decode(text);
  if (chars.code_points.size() > kLongestUnitChars) return out;
  for (size_t k = 2; k + 2 <= chars.code_points.size(); ++k) {
    size_t at = chars.offsets[k];
    if (names_organisation(text.substr(0, at)) && names_unit(text.substr(at))) out.push_back(at);
  }
  return out;
}

// The divisions whose units a form's organisation may have: its own, and when its name names no place
// (中国电信股份有限公司长沙分公司芙蓉营业部 @430102), also those above it.
std::vector<int> unit_divisions(const FormView& unit) {
  if (unit.place_bytes > 0 || unit.division < 0) return {unit.division};
  return place_chain(unit.division);
}

Match compare_sides(const Side& a, const Side& b) {
  if (!a.credit.empty() && a.credit == b.credit) return {MatchKind::duplicate, 1.0, "same credit code", false};
  if (a.form.text.empty() || b.form.text.empty()) return {};
  if (!divisions_compatible(a.division, b.division)) return {MatchKind::none, 0, "different divisions", false};
  if (a.form.division != b.form.division) {
    return related_match(a, b).value_or(Match{MatchKind::none, 0, "different divisions", false});
  }
  bool codes_differ = !a.credit.empty() && !b.credit.empty();
  if (a.form.text == b.form.text) {
    return codes_differ ? Match{MatchKind::none, 0, "different credit codes", false} : same_form_match(a, b);
  }
  if (auto related = related_match(a, b)) return *related;
  if (!codes_differ) {
    switch (one_char_typo(a.form.text, b.form.text)) {
      case Typo::plain:
        return {MatchKind::duplicate, 0.85, "one-character typo", false};
      case Typo::homophone:
        return {MatchKind::duplicate, 0.85, "homophone typo", false};
      case Typo::near_form:
        return {MatchKind::duplicate, 0.85, "near-form typo", false};
      case Typo::none:
        break;
    }
  }
  return {};
}

std::string normal_credit(const std::optional<std::string>& code) {
  return code ? text::normalize_credit_code(*code) : std::string();
}

Match compare(const Name& a, const Name& b) {
  Form fa = make_form(a.name, a.division_code);
  Form fb = make_form(b.name, b.division_code);
  std::string ca = normal_credit(a.credit_code);
  std::string cb = normal_credit(b.credit_code);
  return compare_sides({a.name, place_of(a.division_code), ca, fa.view()},
                       {b.name, place_of(b.division_code), cb, fb.view()});
}

}  // namespace fleetkam::dedup
