// The normal form of a name, steps 1-5 of matcher.h: width, Latin company suffixes, search_normal,
// leading place names (GB/T 2260, with their short forms) and agency abbreviations.
#include "modules/dedup/normaliser.h"

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
#include "modules/dedup/matcher.h"
#include "platform/refdata/divisions.h"
#include "platform/text/chinese.h"
#include "platform/text/credit_code.h"
#include "platform/text/strings.h"

namespace fleetkam::dedup {

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

namespace {

// ---- Places -----------------------------------------------------------------------------------------

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
  const std::string& name(int place) const { return places_[static_cast<size_t>(place)].division->name; }
  const std::string& level(int place) const { return places_[static_cast<size_t>(place)].division->level; }
  int parent(int place) const {
    const auto& c = chain(place);
    return c.size() < 2 ? kNoPlace : c[c.size() - 2];
  }

  // The child of `parent` whose name (official or short: 武侯区, 武侯) `text` starts with, and its length in
  // bytes; kNoPlace when none, or when the name is several children's.
  std::pair<int, size_t> child_at(int parent, std::string_view text) const {
    std::pair<int, size_t> best{kNoPlace, 0};
    Chars chars = decode(text.substr(0, std::min(text.size(), longest_chars_ * 4)));
    for (size_t n = 2; n <= std::min(longest_chars_, chars.code_points.size()); ++n) {
      size_t bytes = chars.offsets[n];
      auto found = names_.find(text.substr(0, bytes));
      if (found == names_.end()) continue;
      int child = kNoPlace;
      for (const auto& c : found->second) {
        if (this->parent(c.place) != parent) continue;
        child = (child == kNoPlace || child == c.place) ? c.place : kAmbiguous;
      }
      if (child >= 0) best = {child, bytes};
    }
    return best;
  }
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

}  // namespace

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

int place_of(std::string_view division_code) { return Places::get().find(division_code); }
const std::string& place_code(int place) { return Places::get().code(place); }
const std::vector<int>& place_chain(int place) { return Places::get().chain(place); }
bool place_within(int outer, int inner) { return Places::get().within(outer, inner); }
bool is_place_name(std::string_view text) { return Places::get().is_place_name(text); }
size_t longest_place_name_chars() { return Places::get().longest_name_chars(); }

namespace {

// Municipalities (北京, 天津, 上海, 重庆) are provinces whose agencies are named as a city's (应急管理局, not 厅).
bool province_level(const Places& places, int place) {
  if (place < 0 || places.level(place) != "province") return false;
  const std::string& code = places.code(place);
  return !(code.starts_with("11") || code.starts_with("12") || code.starts_with("31") || code.starts_with("50"));
}

// Bureaus of a city with branches in its districts (市公安局武侯区分局, 武侯区公安分局).
constexpr auto kBranchBureaus = std::to_array<std::string_view>(
    {"公安", "生态环境", "自然资源", "自然资源和规划", "规划和自然资源", "市场监督管理", "城市管理", "交通运输"});

// Step 7: a district's branch of a city bureau written either way is the city's: 成都市公安局武侯分局 @510100,
// 成都市公安局武侯区分局 and 武侯区公安分局 @510107 (and 武侯区公安局, a district's police being the city's
// branch) are all "公安局武侯区分局 in 510100". True when the form was rewritten.
bool district_branch(Form& form, const Places& places) {
  if (form.division < 0) return false;
  std::string_view text = form.text;
  // 公安局武侯分局 at the city: the district's official name
  for (auto stem : kBranchBureaus) {
    std::string bureau = std::string(stem) + "局";
    if (!text.starts_with(bureau)) continue;
    auto [child, bytes] = places.child_at(form.division, text.substr(bureau.size()));
    std::string_view rest = text.substr(bureau.size() + bytes);
    if (child < 0 || !rest.starts_with("分局")) continue;
    std::string rewritten = bureau + places.name(child) + std::string(rest);
    bool changed = rewritten != form.text;
    form.text = std::move(rewritten);
    return changed;
  }
  // 公安分局 at the district, or 武侯公安分局 at the city
  int district = form.division;
  size_t at = 0;
  if (auto [child, bytes] = places.child_at(form.division, text); child >= 0) {
    district = child;
    at = bytes;
  }
  int city = places.parent(district);
  if (city < 0 || places.level(district) != "county") return false;
  std::string_view rest = text.substr(at);
  const std::string& district_name = places.name(district);
  for (auto stem : kBranchBureaus) {
    std::string branch = std::string(stem) + "分局";
    std::string bureau = std::string(stem) + "局";
    size_t skip = 0;
    if (rest.starts_with(branch)) {
      skip = branch.size();
    } else if (rest.starts_with(bureau) && ((stem == "公安" && district_name.ends_with("区")) || stem == "生态环境")) {
      skip = bureau.size();  // a district's police (a county's environment bureau since 2016) is the city's branch
    } else {
      continue;
    }
    form.text = bureau + district_name + "分局" + std::string(rest.substr(skip));
    form.division = city;
    return true;
  }
  return false;
}

constexpr std::string_view kTaxAdministration = "国家税务总局";

}  // namespace

Form make_form(std::string_view name, std::string_view division_code, FormTrace* trace) {
  const Places& places = Places::get();
  std::string folded = text::fold_width(name);
  std::string normal = normal_text(unify_latin_suffixes(folded));
  int own = places.find(division_code);
  // 国家税务总局成都市税务局 is 成都市税务局 (the tax bureaus have been the State Taxation Administration's since 2018)
  size_t skipped = 0;
  if (normal.starts_with(kTaxAdministration) &&
      places.leading_places(std::string_view(normal).substr(kTaxAdministration.size()), own).second > 0) {
    skipped = kTaxAdministration.size();
  }
  auto [designated, bytes] = places.leading_places(std::string_view(normal).substr(skipped), own);
  Form form;
  form.division = designated >= 0 ? designated : own;
  form.place_bytes = bytes + skipped;
  form.traditional = text::to_simplified(folded) != folded;
  std::string expanded = expand_abbreviations(std::string_view(normal).substr(skipped + bytes), form.abbreviated);
  bool province = province_level(places, form.division);
  form.text = apply_renames(expanded, province, trace != nullptr ? &trace->renames : nullptr);
  form.renamed = form.text != expanded;
  form.district_branch = district_branch(form, places);
  if (trace != nullptr) {
    trace->province = province;
    trace->district_branch = form.district_branch;
  }
  return form;
}

Canonical canonicalize(std::string_view name, std::string_view division_code) {
  Form form = make_form(name, division_code);
  Canonical out;
  out.division_code = form.division >= 0 ? place_code(form.division) : "";
  out.form = std::move(form.text);
  out.abbreviated = form.abbreviated;
  out.place_bytes = form.place_bytes;
  out.traditional = form.traditional;
  return out;
}

std::string canonical_name(std::string_view name, std::string_view division_code) {
  return make_form(name, division_code).text;
}

}  // namespace fleetkam::dedup
