#include "modules/dedup/matcher.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>
#include <utility>

#include "platform/refdata/divisions.h"
#include "platform/text/chinese.h"
#include "platform/text/credit_code.h"
#include "platform/text/strings.h"

namespace fleetkam::dedup {

namespace {

// ---- UTF-8 ------------------------------------------------------------------------------------------

size_t utf8_length(char lead) {
  auto c = static_cast<unsigned char>(lead);
  if (c < 0x80) return 1;
  if (c < 0xE0) return 2;
  return c < 0xF0 ? 3 : 4;
}

size_t char_count(std::string_view text) {
  size_t n = 0;
  for (size_t i = 0; i < text.size(); i += utf8_length(text[i])) ++n;
  return n;
}

// The characters of valid UTF-8 text with their byte offsets (one more offset: the end).
struct Chars {
  std::u32string code_points;
  std::vector<size_t> offsets;
};

Chars decode(std::string_view text) {
  Chars out;
  for (size_t i = 0; i < text.size();) {
    size_t n = std::min(utf8_length(text[i]), text.size() - i);
    auto c = static_cast<char32_t>(static_cast<unsigned char>(text[i]));
    if (n > 1) c &= (0x7FU >> n);
    for (size_t k = 1; k < n; ++k) c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3FU);
    out.code_points.push_back(c);
    out.offsets.push_back(i);
    i += n;
  }
  out.offsets.push_back(text.size());
  return out;
}

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};

template <class Value>
using StringMap = std::unordered_map<std::string, Value, StringHash, std::equal_to<>>;

// ---- Places -----------------------------------------------------------------------------------------

constexpr int kNoPlace = -1;
constexpr int kAmbiguous = -2;  // a name several places have

struct Place {
  const refdata::Division* division = nullptr;
  std::vector<int> chain;  // from the province down to the place itself
};

struct PlaceName {
  int place = kNoPlace;
  bool full = false;  // the official name, not a short form
};

// Short names of the autonomous regions and special administrative regions.
constexpr auto kProvinceShortNames = std::to_array<std::pair<std::string_view, std::string_view>>({
    {"内蒙古自治区", "内蒙古"},
    {"广西壮族自治区", "广西"},
    {"西藏自治区", "西藏"},
    {"宁夏回族自治区", "宁夏"},
    {"新疆维吾尔自治区", "新疆"},
    {"香港特别行政区", "香港"},
    {"澳门特别行政区", "澳门"},
});

// Where an autonomous prefecture's or county's ethnic part starts: 恩施|土家族苗族自治州.
constexpr auto kEthnicGroups = std::to_array<std::string_view>(
    {"壮族",   "回族",   "维吾尔", "蒙古",   "藏族",   "朝鲜族", "土家族", "苗族",     "羌族",   "彝族",   "布依族",
     "侗族",   "哈尼族", "傣族",   "白族",   "景颇族", "傈僳族", "哈萨克", "柯尔克孜", "满族",   "瑶族",   "黎族",
     "畲族",   "水族",   "仡佬族", "土族",   "撒拉族", "东乡族", "保安族", "裕固族",   "纳西族", "拉祜族", "佤族",
     "普米族", "怒族",   "独龙族", "鄂温克", "鄂伦春", "达斡尔", "锡伯族", "塔吉克",   "毛南族", "仫佬族", "各族"});

bool placeholder(const refdata::Division& d) {
  return d.name == "市辖区" || d.name.find('-') != std::string::npos || d.name.find("直辖") != std::string::npos;
}

std::optional<std::string> without_suffix(std::string_view name, std::string_view suffix) {
  if (!name.ends_with(suffix) || name.size() == suffix.size()) return std::nullopt;
  std::string base(name.substr(0, name.size() - suffix.size()));
  if (char_count(base) < 2) return std::nullopt;
  return base;
}

// 恩施土家族苗族自治州 → 恩施; nullopt when fewer than two characters come before the ethnic part.
std::optional<std::string> before_ethnic_group(std::string_view name) {
  size_t cut = std::string_view::npos;
  for (auto group : kEthnicGroups) cut = std::min(cut, name.find(group));
  if (cut == std::string_view::npos || char_count(name.substr(0, cut)) < 2) return std::nullopt;
  return std::string(name.substr(0, cut));
}

std::vector<std::string> province_short_forms(std::string_view name) {
  for (const auto& [full, short_name] : kProvinceShortNames) {
    if (name == full) return {std::string(short_name)};
  }
  for (auto suffix : {"省", "市"}) {
    if (auto base = without_suffix(name, suffix)) return {*base};
  }
  return {};
}

// Short forms of a prefecture (city) or county: 合肥市 → 合肥; 延边朝鲜族自治州 → 延边, 延边州;
// 长阳土家族自治县 → 长阳, 长阳县; 滨海新区 → 滨海.
std::vector<std::string> local_short_forms(std::string_view name) {
  std::vector<std::string> out;
  for (auto [autonomous, marker] : {std::pair{"自治州", "州"}, {"自治县", "县"}, {"自治旗", "旗"}}) {
    if (!name.ends_with(autonomous)) continue;
    if (auto base = before_ethnic_group(name)) {
      out.push_back(*base);
      out.push_back(*base + marker);
    }
    return out;
  }
  for (auto suffix : {"新区", "矿区", "林区", "特区", "地区", "市", "区", "县", "旗", "盟"}) {
    if (auto base = without_suffix(name, suffix)) {
      out.push_back(*base);
      return out;
    }
  }
  return out;
}

// GB/T 2260 divisions with every name a place goes by, for reading the place names a name starts with.
class Places {
 public:
  static const Places& get() {
    static const Places places;
    return places;
  }

  int find(std::string_view code) const {
    auto found = by_code_.find(code);
    return found == by_code_.end() ? kNoPlace : found->second;
  }
  const std::string& code(int place) const { return places_[static_cast<size_t>(place)].division->code; }
  const std::vector<int>& chain(int place) const { return places_[static_cast<size_t>(place)].chain; }

  // `inner` is `outer` or lies inside it.
  bool within(int outer, int inner) const {
    const auto& c = chain(inner);
    return std::find(c.begin(), c.end(), outer) != c.end();
  }

  bool is_place_name(std::string_view text) const { return names_.find(text) != names_.end(); }
  size_t longest_name_chars() const { return longest_chars_; }

  // How many bytes of `text` are leading place names, and the deepest place they designate (kNoPlace
  // when none). `own` is the account's division (kNoPlace when unknown). Of the ways to read them, the
  // one covering most of the name wins (吉林吉林市 is 吉林(省) 吉林市, not 吉林(市) and then a name),
  // then the one reaching the deeper place.
  std::pair<int, size_t> leading_places(std::string_view text, int own) const {
    return best_reading(text, 0, kNoPlace, own);
  }

 private:
  Places() {
    const auto& all = refdata::divisions();
    places_.resize(all.size());
    for (size_t i = 0; i < all.size(); ++i) {
      places_[i].division = &all[i];
      by_code_.emplace(all[i].code, static_cast<int>(i));
    }
    for (size_t i = 0; i < all.size(); ++i) {
      places_[i].chain = chain_of(static_cast<int>(i));
      add_names(static_cast<int>(i));
    }
  }

  std::pair<int, size_t> best_reading(std::string_view text, size_t pos, int scope, int own) const {
    std::pair<int, size_t> best{scope, pos};
    for (auto [place, bytes] : places_at(text.substr(pos), scope, own)) {
      auto reading = best_reading(text, pos + bytes, place, own);
      if (reading.second > best.second || (reading.second == best.second && depth(reading.first) > depth(best.first))) {
        best = reading;
      }
    }
    return best;
  }

  size_t depth(int place) const { return place < 0 ? 0 : chain(place).size(); }

  std::vector<int> chain_of(int place) const {
    std::vector<int> chain;
    for (int p = place; p >= 0;) {
      chain.insert(chain.begin(), p);
      const auto& parent = places_[static_cast<size_t>(p)].division->parent_code;
      p = parent ? find(*parent) : kNoPlace;
    }
    return chain;
  }

  void add_names(int place) {
    const refdata::Division& d = *places_[static_cast<size_t>(place)].division;
    if (placeholder(d)) return;
    add_name(d.name, place, true);
    auto shorts = d.level == "province" ? province_short_forms(d.name) : local_short_forms(d.name);
    for (const auto& s : shorts) add_name(s, place, false);
  }

  void add_name(const std::string& name, int place, bool full) {
    names_[name].push_back({place, full});
    longest_chars_ = std::max(longest_chars_, char_count(name));
  }

  // The place names at the start of `text` that fit, with their lengths in bytes. At least two
  // characters of `text` are left (广州市 is not 广州 and a name 市).
  std::vector<std::pair<int, size_t>> places_at(std::string_view text, int scope, int own) const {
    std::vector<std::pair<int, size_t>> out;
    Chars chars = decode(text.substr(0, std::min(text.size(), longest_chars_ * 4)));
    for (size_t n = 2; n <= std::min(longest_chars_, chars.code_points.size()); ++n) {
      size_t bytes = chars.offsets[n];
      if (bytes >= text.size() || bytes + utf8_length(text[bytes]) >= text.size()) break;
      auto found = names_.find(text.substr(0, bytes));
      if (found == names_.end()) continue;
      for (int place : fitting(found->second, scope, own)) out.emplace_back(place, bytes);
    }
    return out;
  }

  // The places a name may mean: inside `scope`, and either on the chain of the account's division `own`
  // (short forms too) or below it (official names only, and only when one place has that name).
  std::vector<int> fitting(const std::vector<PlaceName>& candidates, int scope, int own) const {
    std::vector<int> out;
    int below = kNoPlace;
    for (const auto& c : candidates) {
      if (scope >= 0 && (c.place == scope || !within(scope, c.place))) continue;
      if (own >= 0 && within(c.place, own)) {
        out.push_back(c.place);
      } else if (c.full && (own < 0 || within(own, c.place))) {
        below = (below == kNoPlace || below == c.place) ? c.place : kAmbiguous;
      }
    }
    if (out.empty() && below >= 0) out.push_back(below);
    return out;
  }

  std::vector<Place> places_;
  StringMap<int> by_code_;
  StringMap<std::vector<PlaceName>> names_;
  size_t longest_chars_ = 0;
};

// ---- Latin company suffixes -------------------------------------------------------------------------

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::string lower_ascii(std::string_view word) {
  std::string out(word);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string unified_word(std::string word) {
  if (word == "company") return "co";
  if (word == "limited") return "ltd";
  if (word == "corporation") return "corp";
  if (word == "incorporated") return "inc";
  if (word == "coltd") return "co ltd";
  return word;
}

struct Token {
  std::string text;
  bool word = false;
};

std::vector<Token> latin_tokens(std::string_view text) {
  std::vector<Token> tokens;
  for (size_t i = 0; i < text.size();) {
    size_t end = i;
    bool word = is_ascii_letter(text[i]);
    while (end < text.size() && is_ascii_letter(text[end]) == word) ++end;
    std::string_view piece = text.substr(i, end - i);
    tokens.push_back(word ? Token{unified_word(lower_ascii(piece)), true} : Token{std::string(piece), false});
    i = end;
  }
  return tokens;
}

bool only_punctuation(const Token& t) {
  return !t.word && std::all_of(t.text.begin(), t.text.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u < 0x80 && !(u >= '0' && u <= '9');
  });
}

// Index of the last word when only punctuation follows it, and of the word before it; -1 when none.
std::pair<int, int> last_two_words(const std::vector<Token>& tokens) {
  int last = -1;
  int before = -1;
  for (int i = static_cast<int>(tokens.size()) - 1; i >= 0; --i) {
    const Token& t = tokens[static_cast<size_t>(i)];
    if (t.word && last < 0) {
      last = i;
    } else if (t.word) {
      before = i;
      break;
    } else if (!only_punctuation(t)) {
      if (last < 0) return {-1, -1};
      break;
    }
  }
  return {last, before};
}

// "X Ltd", "X Limited Company" and "X Co., Ltd." all end in "co ltd".
std::string unify_latin_suffixes(std::string_view text) {
  std::vector<Token> tokens = latin_tokens(text);
  auto [last, before] = last_two_words(tokens);
  if (last >= 0 && tokens[static_cast<size_t>(last)].text == "ltd" &&
      (before < 0 || tokens[static_cast<size_t>(before)].text != "co")) {
    tokens[static_cast<size_t>(last)].text = "co ltd";
  } else if (last >= 0 && before >= 0 && tokens[static_cast<size_t>(last)].text == "co" &&
             tokens[static_cast<size_t>(before)].text == "ltd") {
    tokens[static_cast<size_t>(before)].text = "co";
    tokens[static_cast<size_t>(last)].text = "ltd";
  }
  std::string out;
  out.reserve(text.size() + 3);
  for (const auto& t : tokens) out += t.text;
  return out;
}

// ---- Agency abbreviations ---------------------------------------------------------------------------

struct Synonym {
  std::string_view from, to;
};

// True synonyms only: the same office written short. Longest match wins, and a full form already
// present is kept as it is (人民法院 is not expanded again to 人民人民法院).
constexpr auto kSynonyms = std::to_array<Synonym>({
    {"市场监管局", "市场监督管理局"},
    {"市监局", "市场监督管理局"},
    {"卫健委", "卫生健康委员会"},
    {"卫生健康委", "卫生健康委员会"},
    {"卫健局", "卫生健康局"},
    {"卫计委", "卫生和计划生育委员会"},
    {"发改委", "发展和改革委员会"},
    {"发展改革委", "发展和改革委员会"},
    {"发展改革委员会", "发展和改革委员会"},
    {"发改局", "发展和改革局"},
    {"发展改革局", "发展和改革局"},
    {"人社局", "人力资源和社会保障局"},
    {"人社厅", "人力资源和社会保障厅"},
    {"人力社保局", "人力资源和社会保障局"},
    {"人力资源社会保障局", "人力资源和社会保障局"},
    {"人力资源社会保障厅", "人力资源和社会保障厅"},
    {"住建局", "住房和城乡建设局"},
    {"住建厅", "住房和城乡建设厅"},
    {"住建委", "住房和城乡建设委员会"},
    {"住房城乡建设局", "住房和城乡建设局"},
    {"住房城乡建设厅", "住房和城乡建设厅"},
    {"交通局", "交通运输局"},
    {"交通厅", "交通运输厅"},
    {"城管局", "城市管理局"},
    {"城管委", "城市管理委员会"},
    {"应急局", "应急管理局"},
    {"应急厅", "应急管理厅"},
    {"医保局", "医疗保障局"},
    {"退役军人局", "退役军人事务局"},
    {"退役军人厅", "退役军人事务厅"},
    {"文旅局", "文化和旅游局"},
    {"文化旅游局", "文化和旅游局"},
    {"文旅厅", "文化和旅游厅"},
    {"文广旅局", "文化广电和旅游局"},
    {"文化广电旅游局", "文化广电和旅游局"},
    {"文化广播电视和旅游局", "文化广电和旅游局"},
    {"广电局", "广播电视局"},
    {"环保局", "环境保护局"},
    {"环保厅", "环境保护厅"},
    {"国土局", "国土资源局"},
    {"药监局", "药品监督管理局"},
    {"机关事务局", "机关事务管理局"},
    {"疾控中心", "疾病预防控制中心"},
    {"国安局", "国家安全局"},
    {"国安厅", "国家安全厅"},
    {"交警", "交通警察"},
    {"刑侦", "刑事侦查"},
    {"经侦", "经济犯罪侦查"},
    {"消防支队", "消防救援支队"},
    {"消防大队", "消防救援大队"},
    {"消防总队", "消防救援总队"},
    {"林草局", "林业和草原局"},
    {"教体局", "教育和体育局"},
    {"科技局", "科学技术局"},
    {"工信局", "工业和信息化局"},
    {"工信厅", "工业和信息化厅"},
    {"烟草局", "烟草专卖局"},
    {"管委会", "管理委员会"},
    {"中医院", "中医医院"},
    {"法院", "人民法院"},
    {"检察院", "人民检察院"},
    {"有限责任公司", "有限公司"},
});

// 政府 as the organ (区政府 → 区人民政府), not in 政府采购 (procurement).
constexpr auto kGovernment = std::to_array<Synonym>({
    {"政府办公室", "人民政府办公室"},
    {"政府办", "人民政府办公室"},
    {"政府", "人民政府"},
    {"政府采购", ""},
});

class Expander {
 public:
  static const Expander& get() {
    static const Expander expander;
    return expander;
  }

  // `text` with abbreviations written in full; `changed` set when one was.
  std::string expand(std::string_view text, bool& changed) const {
    std::string out;
    out.reserve(text.size() + 16);
    for (size_t i = 0; i < text.size();) {
      const Synonym* hit = longest_at(text.substr(i));
      if (hit == nullptr) {
        size_t n = utf8_length(text[i]);
        out.append(text.substr(i, n));
        i += n;
        continue;
      }
      changed = changed || !hit->to.empty();
      out.append(hit->to.empty() ? hit->from : hit->to);
      i += hit->from.size();
    }
    return out;
  }

 private:
  Expander() {
    auto add = [this](Synonym s) {
      if (s.from.empty()) return;
      by_first_[std::string(s.from.substr(0, utf8_length(s.from[0])))].push_back(s);
    };
    for (auto s : kSynonyms) add(s);
    for (auto s : kGovernment) add(s);
    for (auto s : kSynonyms) add({s.to, ""});  // a full form stays as it is
    for (auto s : kGovernment) add({s.to, ""});
    for (auto& [first, list] : by_first_) {
      std::stable_sort(list.begin(), list.end(), [](Synonym a, Synonym b) { return a.from.size() > b.from.size(); });
    }
  }

  const Synonym* longest_at(std::string_view text) const {
    auto found = by_first_.find(text.substr(0, utf8_length(text[0])));
    if (found == by_first_.end()) return nullptr;
    for (const auto& s : found->second) {
      if (!s.from.empty() && text.starts_with(s.from)) return &s;
    }
    return nullptr;
  }

  StringMap<std::vector<Synonym>> by_first_;
};

// ---- Normal form ------------------------------------------------------------------------------------

// A normal form (see Form) whose text lives elsewhere.
struct FormView {
  int division = kNoPlace;
  std::string_view text;
  size_t place_bytes = 0;
  bool abbreviated = false;
  bool traditional = false;
};

// canonicalize() with the designated division as an index into Places (kNoPlace when none).
struct Form {
  int division = kNoPlace;
  std::string text;
  bool abbreviated = false;
  bool traditional = false;
  size_t place_bytes = 0;

  FormView view() const { return {division, text, place_bytes, abbreviated, traditional}; }
};

bool is_ascii_alnum(char c) { return is_ascii_letter(c) || (c >= '0' && c <= '9'); }
bool is_ascii_separator(char c) { return static_cast<unsigned char>(c) < 0x80 && !is_ascii_alnum(c); }

// Where the separators between two Latin words or numbers end ("co., ltd" → at "ltd"); npos when `i`
// does not start such separators.
size_t word_break_end(std::string_view text, size_t i) {
  if (i == 0 || i >= text.size() || !is_ascii_alnum(text[i - 1]) || !is_ascii_separator(text[i])) {
    return std::string_view::npos;
  }
  size_t end = i;
  while (end < text.size() && is_ascii_separator(text[end])) ++end;
  return end < text.size() && is_ascii_alnum(text[end]) ? end : std::string_view::npos;
}

// text::search_normal, but Latin words stay apart: "Sinotruk Jinan Co., Ltd." → "sinotruk jinan co ltd",
// so the typo rule can tell a short Latin word (ABC) from a long one.
std::string normal_text(std::string_view text) {
  std::string out;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    size_t end = word_break_end(text, i);
    if (end == std::string_view::npos) continue;
    out += text::search_normal(text.substr(start, i - start));
    out += ' ';
    start = end;
    i = end - 1;
  }
  out += text::search_normal(text.substr(start));
  return out;
}

Form make_form(std::string_view name, std::string_view division_code) {
  const Places& places = Places::get();
  std::string folded = text::fold_width(name);
  std::string normal = normal_text(unify_latin_suffixes(folded));
  int own = places.find(division_code);
  auto [designated, bytes] = places.leading_places(normal, own);
  Form form;
  form.division = designated >= 0 ? designated : own;
  form.place_bytes = bytes;
  form.traditional = text::to_simplified(folded) != folded;
  form.text = Expander::get().expand(std::string_view(normal).substr(bytes), form.abbreviated);
  return form;
}

// ---- Comparison -------------------------------------------------------------------------------------

// One side of a comparison: an account with its normal form.
struct Side {
  std::string_view name;
  int division = kNoPlace;  // the account's own division
  std::string_view credit;  // normalised; empty when none
  FormView form;
};

bool divisions_compatible(int a, int b) {
  const Places& places = Places::get();
  return a < 0 || b < 0 || places.within(a, b) || places.within(b, a);
}

Match same_form_match(const Side& a, const Side& b) {
  if (text::trim(a.name) == text::trim(b.name)) return {MatchKind::duplicate, 1.0, "same name", false};
  std::vector<std::string_view> reasons;
  if (a.form.traditional != b.form.traditional) reasons.emplace_back("traditional/simplified");
  bool normal_equal = text::search_normal(a.name) == text::search_normal(b.name);
  if (!normal_equal && a.form.place_bytes != b.form.place_bytes)
    reasons.emplace_back("place name omitted or shortened");
  if (!normal_equal && (a.form.abbreviated || b.form.abbreviated)) reasons.emplace_back("abbreviation");
  if (reasons.empty()) reasons.emplace_back("same name after normalisation");
  std::string reason;
  for (auto r : reasons) reason += (reason.empty() ? "" : ", ") + std::string(r);
  return {MatchKind::duplicate, normal_equal ? 0.98 : 0.95, reason, false};
}

bool ends_with_any(std::string_view text, std::initializer_list<std::string_view> endings) {
  return std::any_of(endings.begin(), endings.end(), [&](std::string_view e) { return text.ends_with(e); });
}

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

bool names_branch(std::string_view remainder) {
  return ends_with_any(remainder, {"分局", "分公司", "分院", "分行", "支行", "分中心", "分所", "分站", "分校", "分部",
                                   "分会", "分理处", "营业部", " branch"});
}

// The divisions whose units a form's organisation may have: its own, and when its name names no place
// (中国电信股份有限公司长沙分公司芙蓉营业部 @430102), also those above it.
std::vector<int> unit_divisions(const FormView& unit) {
  if (unit.place_bytes > 0 || unit.division < 0) return {unit.division};
  return Places::get().chain(unit.division);
}

bool unit_division_fits(const FormView& parent, const FormView& unit) {
  auto divisions = unit_divisions(unit);
  return std::find(divisions.begin(), divisions.end(), parent.division) != divisions.end();
}

constexpr size_t kLongestUnitChars = 128;  // longer forms are not names: they are only compared whole

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
  const Places& places = Places::get();
  size_t longest = places.longest_name_chars();
  size_t n = chars.code_points.size();
  for (size_t begin = i >= longest ? i - longest + 1 : 0; begin <= i; ++begin) {
    for (size_t end = i + 1; end <= std::min(n, begin + longest); ++end) {
      if (end - begin < 2) continue;
      auto offset = chars.offsets[begin];
      if (places.is_place_name(text.substr(offset, chars.offsets[end] - offset))) return true;
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

constexpr size_t kTypoMinChars = 5;
constexpr size_t kTypoMaxChars = 64;  // longer forms are not names; the work grows with the square

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

// x and y differ by one character that carries no meaning (see the header). The part before a
// company's legal form must be at least 5 characters (三一重工股份有限公司 is 4). In a company's name
// only a character left out or added counts: a different one is too often another company (济南卡车 and
// 济南客车, 三一重工 and 三一重能).
bool one_char_typo(std::string_view x, std::string_view y) {
  if (x.size() < y.size()) std::swap(x, y);
  Chars cx = decode(x);
  Chars cy = decode(y);
  const auto& px = cx.code_points;
  const auto& py = cy.code_points;
  std::string_view legal = legal_form(y);
  if (px.size() > std::min(py.size() + 1, kTypoMaxChars) || py.size() - char_count(legal) < kTypoMinChars) {
    return false;
  }
  if (px.size() == py.size()) {
    auto at = single_difference(px, py);
    return legal.empty() && at && !meaningful_substitution(class_of(px, *at), class_of(py, *at)) &&
           !(in_place_name(x, cx, *at) && in_place_name(y, cy, *at));
  }
  auto at = single_insertion(px, py);
  return at && !meaningful_insertion(px, *at) && !in_place_name(x, cx, *at);
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
  if (!codes_differ && one_char_typo(a.form.text, b.form.text)) {
    return {MatchKind::duplicate, 0.85, "one-character typo", false};
  }
  return {};
}

std::string normal_credit(const std::optional<std::string>& code) {
  return code ? text::normalize_credit_code(*code) : std::string();
}

// ---- Index ------------------------------------------------------------------------------------------

// A hash multimap from 32-bit keys to 32-bit values in one flat array (open addressing, linear
// probing, tombstones): 8 bytes a cell, at most 70% full. Keys are hashes; a colliding key only adds a
// candidate that compare() then rejects.
class FlatMultiMap {
 public:
  void insert(uint32_t key, uint32_t value) {
    if ((used_ + 1) * 10 > cells_.size() * 7) rehash();
    size_t i = home(key);
    while (cells_[i].value != kEmpty && cells_[i].value != kDead) i = next(i);
    if (cells_[i].value == kEmpty) ++used_;
    cells_[i] = {key, value};
    ++live_;
  }

  void erase(uint32_t key, uint32_t value) {
    if (cells_.empty()) return;
    for (size_t i = home(key); cells_[i].value != kEmpty; i = next(i)) {
      if (cells_[i].key == key && cells_[i].value == value) {
        cells_[i].value = kDead;
        --live_;
        return;
      }
    }
  }

  template <class F>
  void for_each(uint32_t key, F&& f) const {
    if (cells_.empty()) return;
    for (size_t i = home(key); cells_[i].value != kEmpty; i = next(i)) {
      if (cells_[i].key == key && cells_[i].value != kDead) f(cells_[i].value);
    }
  }

  size_t bytes() const { return cells_.capacity() * sizeof(Cell); }

 private:
  static constexpr uint32_t kEmpty = 0xFFFFFFFF;
  static constexpr uint32_t kDead = 0xFFFFFFFE;
  struct Cell {
    uint32_t key = 0;
    uint32_t value = kEmpty;
  };

  size_t home(uint32_t key) const { return static_cast<size_t>((uint64_t{key} * cells_.size()) >> 32); }
  size_t next(size_t i) const { return i + 1 == cells_.size() ? 0 : i + 1; }

  // Grows by half when more than a third of the cells are live, else only drops the tombstones.
  void rehash() {
    size_t size = std::max<size_t>(1024, cells_.size());
    if (live_ * 3 > size) size += size / 2;
    std::vector<Cell> old(size);
    old.swap(cells_);
    used_ = 0;
    live_ = 0;
    for (const Cell& c : old) {
      if (c.value != kEmpty && c.value != kDead) insert(c.key, c.value);
    }
  }

  std::vector<Cell> cells_;
  size_t used_ = 0;  // cells not empty (live or dead)
  size_t live_ = 0;
};

uint64_t fnv(uint64_t hash, std::string_view bytes) {
  for (char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

// The key of (division, text), `text` given in up to two pieces (a form with one character left out).
uint32_t key_of(int division, std::string_view first, std::string_view second = {}) {
  uint64_t h = 0xcbf29ce484222325ULL ^ static_cast<uint64_t>(static_cast<int64_t>(division) + 7);
  h *= 0x100000001b3ULL;
  h = fnv(fnv(h, first), second);
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return static_cast<uint32_t>(h);
}

// Keys of the form with each character left out, for forms long enough for the typo rule.
std::vector<uint32_t> deletion_keys(const FormView& form) {
  std::vector<uint32_t> keys;
  std::string_view text = form.text;
  Chars chars = decode(text);
  size_t n = chars.code_points.size();
  if (n < kTypoMinChars || n > kTypoMaxChars) return keys;
  for (size_t k = 0; k < n; ++k) {
    keys.push_back(key_of(form.division, text.substr(0, chars.offsets[k]), text.substr(chars.offsets[k + 1])));
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

// Byte lengths of the prefixes of a form that a parent organisation's form could be (it names an
// organisation and what follows names a unit).
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

std::vector<uint32_t> parent_keys(const FormView& form) {
  std::vector<uint32_t> keys;
  for (size_t bytes : parent_prefixes(form.text)) {
    for (int division : unit_divisions(form)) {
      keys.push_back(key_of(division, form.text.substr(0, bytes)));
    }
  }
  return keys;
}

uint32_t credit_key(std::string_view code) { return key_of(kNoPlace, "credit:", code); }

// An account in the index: name, normalised credit code and normal form in one string.
struct Entry {
  int64_t id = 0;
  std::string data;
  uint32_t name_size = 0;
  uint32_t credit_size = 0;
  int division = kNoPlace;
  int form_division = kNoPlace;
  uint32_t place_bytes = 0;
  bool abbreviated = false;
  bool traditional = false;
  bool live = false;

  Entry() = default;
  Entry(int64_t account, const Name& name, const Form& form) : id(account), live(true) {
    std::string credit = normal_credit(name.credit_code);
    data = name.name + credit + form.text;
    name_size = static_cast<uint32_t>(name.name.size());
    credit_size = static_cast<uint32_t>(credit.size());
    division = Places::get().find(name.division_code);
    form_division = form.division;
    place_bytes = static_cast<uint32_t>(form.place_bytes);
    abbreviated = form.abbreviated;
    traditional = form.traditional;
  }

  std::string_view name() const { return std::string_view(data).substr(0, name_size); }
  std::string_view credit() const { return std::string_view(data).substr(name_size, credit_size); }
  FormView form() const {
    return {form_division, std::string_view(data).substr(name_size + credit_size), place_bytes, abbreviated,
            traditional};
  }
  Side side() const { return {name(), division, credit(), form()}; }
};

bool better(const Candidate& a, const Candidate& b) {
  if (a.match.kind != b.match.kind) return a.match.kind == MatchKind::duplicate;
  if (a.match.score != b.match.score) return a.match.score > b.match.score;
  return a.id < b.id;
}

constexpr size_t kMaxExamined = 4096;

}  // namespace

// ---- Public functions -------------------------------------------------------------------------------

Canonical canonicalize(std::string_view name, std::string_view division_code) {
  Form form = make_form(name, division_code);
  Canonical out;
  out.division_code = form.division >= 0 ? Places::get().code(form.division) : "";
  out.form = std::move(form.text);
  out.abbreviated = form.abbreviated;
  out.place_bytes = form.place_bytes;
  out.traditional = form.traditional;
  return out;
}

std::string canonical_name(std::string_view name, std::string_view division_code) {
  return make_form(name, division_code).text;
}

Match compare(const Name& a, const Name& b) {
  const Places& places = Places::get();
  Form fa = make_form(a.name, a.division_code);
  Form fb = make_form(b.name, b.division_code);
  std::string ca = normal_credit(a.credit_code);
  std::string cb = normal_credit(b.credit_code);
  return compare_sides({a.name, places.find(a.division_code), ca, fa.view()},
                       {b.name, places.find(b.division_code), cb, fb.view()});
}

struct NameIndex::State {
  mutable std::shared_mutex mutex;
  std::deque<Entry> entries;  // no spare capacity, unlike a vector
  std::vector<uint32_t> free_slots;
  std::unordered_map<int64_t, uint32_t> slot_of;
  FlatMultiMap credit, exact, deletions, parents;

  void index(const Entry& e, uint32_t slot) {
    FormView form = e.form();
    if (!e.credit().empty()) credit.insert(credit_key(e.credit()), slot);
    exact.insert(key_of(form.division, form.text), slot);
    for (uint32_t k : deletion_keys(form)) deletions.insert(k, slot);
    for (uint32_t k : parent_keys(form)) parents.insert(k, slot);
  }

  void unindex(const Entry& e, uint32_t slot) {
    FormView form = e.form();
    if (!e.credit().empty()) credit.erase(credit_key(e.credit()), slot);
    exact.erase(key_of(form.division, form.text), slot);
    for (uint32_t k : deletion_keys(form)) deletions.erase(k, slot);
    for (uint32_t k : parent_keys(form)) parents.erase(k, slot);
  }

  void remove(int64_t id) {
    auto found = slot_of.find(id);
    if (found == slot_of.end()) return;
    uint32_t slot = found->second;
    unindex(entries[slot], slot);
    entries[slot] = Entry{};
    free_slots.push_back(slot);
    slot_of.erase(found);
  }

  uint32_t allocate() {
    if (free_slots.empty()) {
      entries.emplace_back();
      return static_cast<uint32_t>(entries.size() - 1);
    }
    uint32_t slot = free_slots.back();
    free_slots.pop_back();
    return slot;
  }

  // Slots of the accounts that may match `probe`: by credit code, the same form, the form with a
  // character more, less or different (symmetric delete), and parent or unit forms.
  std::vector<uint32_t> lookup(const Side& probe) const {
    std::vector<uint32_t> slots;
    auto collect = [&](uint32_t slot) { slots.push_back(slot); };
    if (!probe.credit.empty()) credit.for_each(credit_key(probe.credit), collect);
    exact.for_each(key_of(probe.form.division, probe.form.text), collect);
    lookup_relatives(probe.form, collect);
    lookup_typos(probe.form, collect);
    std::sort(slots.begin(), slots.end());
    slots.erase(std::unique(slots.begin(), slots.end()), slots.end());
    if (slots.size() > kMaxExamined) slots.resize(kMaxExamined);
    return slots;
  }

  // Units of the probe's organisation, and the organisations the probe is a unit of.
  template <class F>
  void lookup_relatives(const FormView& f, F&& collect) const {
    parents.for_each(key_of(f.division, f.text), collect);
    for (size_t bytes : parent_prefixes(f.text)) {
      for (int division : unit_divisions(f)) exact.for_each(key_of(division, f.text.substr(0, bytes)), collect);
    }
  }

  // Forms one character longer (the probe is one of their deletions), of the same length (a deletion in
  // common) and one character shorter (a deletion of the probe).
  template <class F>
  void lookup_typos(const FormView& f, F&& collect) const {
    Chars chars = decode(f.text);
    size_t n = chars.code_points.size();
    if (n < kTypoMinChars || n > kTypoMaxChars) return;
    if (n < kTypoMaxChars) deletions.for_each(key_of(f.division, f.text), collect);
    for (size_t k = 0; k < n; ++k) {
      std::string_view head = f.text.substr(0, chars.offsets[k]);
      std::string_view tail = f.text.substr(chars.offsets[k + 1]);
      deletions.for_each(key_of(f.division, head, tail), collect);
      if (n > kTypoMinChars) exact.for_each(key_of(f.division, head, tail), collect);
    }
  }
};

NameIndex::NameIndex() : state_(std::make_unique<State>()) {}
NameIndex::~NameIndex() = default;

void NameIndex::add(int64_t id, const Name& name) {
  Entry e(id, name, make_form(name.name, name.division_code));
  std::unique_lock lock(state_->mutex);
  state_->remove(id);
  uint32_t slot = state_->allocate();
  state_->index(e, slot);
  state_->entries[slot] = std::move(e);
  state_->slot_of[id] = slot;
}

void NameIndex::remove(int64_t id) {
  std::unique_lock lock(state_->mutex);
  state_->remove(id);
}

size_t NameIndex::size() const {
  std::shared_lock lock(state_->mutex);
  return state_->slot_of.size();
}

size_t NameIndex::memory_bytes() const {
  std::shared_lock lock(state_->mutex);
  const State& s = *state_;
  size_t bytes = s.entries.size() * sizeof(Entry) + s.free_slots.capacity() * sizeof(uint32_t);
  for (const Entry& e : s.entries) bytes += e.data.capacity() > 15 ? e.data.capacity() + 1 : 0;
  bytes += s.slot_of.size() * (sizeof(std::pair<int64_t, uint32_t>) + 2 * sizeof(void*)) +
           s.slot_of.bucket_count() * sizeof(void*);
  return bytes + s.credit.bytes() + s.exact.bytes() + s.deletions.bytes() + s.parents.bytes();
}

std::vector<Candidate> NameIndex::candidates(const Name& probe, size_t max) const {
  Form form = make_form(probe.name, probe.division_code);
  std::string credit = normal_credit(probe.credit_code);
  Side side{probe.name, Places::get().find(probe.division_code), credit, form.view()};
  std::vector<Candidate> out;
  std::shared_lock lock(state_->mutex);
  for (uint32_t slot : state_->lookup(side)) {
    const Entry& e = state_->entries[slot];
    if (!e.live) continue;
    Match m = compare_sides(side, e.side());
    if (m.kind != MatchKind::none) out.push_back({e.id, std::move(m)});
  }
  lock.unlock();
  std::sort(out.begin(), out.end(), better);
  if (out.size() > max) out.resize(max);
  return out;
}

}  // namespace fleetkam::dedup
