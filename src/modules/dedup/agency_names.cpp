// The agency names of refdata/dedup/ (agency_names.h): read once from the embedded files into tables that
// match by the first character, longest first.
#include "modules/dedup/agency_names.h"

#include <algorithm>
#include <array>
#include <set>
#include <sstream>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "modules/dedup/normaliser.h"
#include "platform/text/pinyin.h"

namespace fleetkam::refdata {
const std::vector<std::pair<std::string_view, std::string_view>>& embedded_refdata();
}

namespace fleetkam::dedup {
namespace {

// The embedded file whose name ends with `file` (the names are relative to the build's generated/).
std::string_view embedded(std::string_view file) {
  for (const auto& [name, content] : refdata::embedded_refdata()) {
    if (name.ends_with(file)) return content;
  }
  throw std::runtime_error("reference data missing from the build: refdata/dedup/" + std::string(file));
}

// The tab-separated rows of a file, without comments, blank lines and its header row.
std::vector<std::vector<std::string>> rows(std::string_view file) {
  std::vector<std::vector<std::string>> out;
  std::istringstream lines{std::string(embedded(file))};
  std::string line;
  bool header = true;
  while (std::getline(lines, line)) {
    if (line.empty() || line.starts_with('#')) continue;
    if (header && file.ends_with(".tsv")) {
      header = false;
      continue;
    }
    std::vector<std::string> fields;
    std::istringstream cells(line);
    std::string cell;
    while (std::getline(cells, cell, '\t')) fields.push_back(cell);
    out.push_back(std::move(fields));
  }
  return out;
}

std::string first_char(std::string_view text) { return std::string(text.substr(0, utf8_length(text[0]))); }

// Replacements by the first character, longest first; an empty `to` keeps the text as it is (a full form
// is not expanded again).
class Replacements {
 public:
  struct Entry {
    std::string from, to;
    const Rename* rename = nullptr;
  };

  void add(std::string from, std::string to, const Rename* rename = nullptr) {
    if (from.empty()) return;
    auto& list = by_first_[first_char(from)];
    if (std::any_of(list.begin(), list.end(), [&](const Entry& e) { return e.from == from; })) return;
    list.push_back({std::move(from), std::move(to), rename});
  }

  void sort() {
    for (auto& [first, list] : by_first_) {
      std::stable_sort(list.begin(), list.end(),
                       [](const Entry& a, const Entry& b) { return a.from.size() > b.from.size(); });
    }
  }

  const Entry* longest_at(std::string_view text) const {
    auto found = by_first_.find(text.substr(0, utf8_length(text[0])));
    if (found == by_first_.end()) return nullptr;
    for (const auto& e : found->second) {
      if (text.starts_with(e.from)) return &e;
    }
    return nullptr;
  }

  // `text` with each longest match replaced; `hit` is called for each replacement that changed something.
  template <class F>
  std::string apply(std::string_view text, F&& hit) const {
    std::string out;
    out.reserve(text.size() + 16);
    for (size_t i = 0; i < text.size();) {
      const Entry* e = longest_at(text.substr(i));
      if (e == nullptr) {
        size_t n = std::min(utf8_length(text[i]), text.size() - i);
        out.append(text.substr(i, n));
        i += n;
        continue;
      }
      if (e->to.empty()) {
        out.append(e->from);
      } else {
        out.append(e->to);
        hit(*e);
      }
      i += e->from.size();
    }
    return out;
  }

 private:
  StringMap<std::vector<Entry>> by_first_;
};

// 政府 as the organ (区政府 → 区人民政府), not in 政府采购 (procurement).
constexpr auto kGovernment = std::to_array<std::pair<std::string_view, std::string_view>>({
    {"政府办公室", "人民政府办公室"},
    {"政府办", "人民政府办公室"},
    {"政府", "人民政府"},
    {"政府采购", ""},
});

RenameKind kind_of(const std::string& kind) {
  if (kind == "rename") return RenameKind::rename;
  if (kind == "merge") return RenameKind::merge;
  if (kind == "variant") return RenameKind::variant;
  if (kind == "split") return RenameKind::split;
  throw std::runtime_error("refdata/dedup/agency-renames.tsv: unknown kind " + kind);
}

struct Tables {
  std::vector<Rename> renames;
  Replacements abbreviations;
  Replacements renames_city;      // below province level
  Replacements renames_province;  // at province level
  std::unordered_set<uint64_t> near_form;
  std::unordered_map<char32_t, std::vector<std::u32string>> words;  // agency words by their first character
  size_t longest_word = 0;

  static const Tables& get() {
    static const Tables tables;
    return tables;
  }

 private:
  Tables() {
    for (const auto& f : rows("dedup/agency-renames.tsv")) {
      if (f.size() < 6) throw std::runtime_error("refdata/dedup/agency-renames.tsv: a row of fewer than 6 fields");
      renames.push_back({kind_of(f[0]), f[1], f[2], f[3] == "-" ? "" : f[3], std::stoi(f[4]), f[5]});
    }
    std::set<std::string> old_stems;
    for (const auto& r : renames) {
      if (r.kind != RenameKind::split) old_stems.insert(r.old_stem);
    }
    for (const auto& r : renames) {
      if (r.kind == RenameKind::split) continue;
      renames_city.add(r.old_stem, r.new_stem, &r);
      renames_province.add(r.old_stem, r.new_stem_province.empty() ? r.new_stem : r.new_stem_province, &r);
    }
    for (const auto& r : renames) {  // a new name is not renamed again unless it is itself an old one
      for (const auto& stem : {r.new_stem, r.new_stem_province}) {
        if (old_stems.contains(stem)) continue;
        renames_city.add(stem, "");
        renames_province.add(stem, "");
      }
    }
    renames_city.sort();
    renames_province.sort();

    auto abbreviation_rows = rows("dedup/agency-abbreviations.tsv");
    for (const auto& f : abbreviation_rows) {
      if (f.size() < 2)
        throw std::runtime_error("refdata/dedup/agency-abbreviations.tsv: a row of fewer than 2 fields");
      abbreviations.add(f[0], f[1]);
    }
    for (auto [from, to] : kGovernment) abbreviations.add(std::string(from), std::string(to));
    for (const auto& f : abbreviation_rows) abbreviations.add(f[1], "");  // a full form stays as it is
    for (auto [from, to] : kGovernment) abbreviations.add(std::string(to), "");
    for (const auto& r : renames) {  // so is a name of the renames (公安消防支队 is not 公安消防救援支队)
      abbreviations.add(r.old_stem, "");
      abbreviations.add(r.new_stem, "");
    }
    abbreviations.sort();

    for (const auto& f : rows("dedup/near-form-characters.tsv")) {
      if (f.size() < 2) continue;
      char32_t a = decode(f[0]).code_points.at(0);
      char32_t b = decode(f[1]).code_points.at(0);
      near_form.insert(pair_key(a, b));
    }

    auto add_word = [this](std::string_view word) {
      std::u32string w = decode(word).code_points;
      if (w.size() < 2) return;
      auto& list = words[w[0]];
      if (std::find(list.begin(), list.end(), w) == list.end()) list.push_back(w);
      longest_word = std::max(longest_word, w.size());
    };
    for (const auto& f : rows("dedup/agency-words.txt")) add_word(f.at(0));
    for (const auto& f : abbreviation_rows) add_word(f[1]);
    for (const auto& r : renames) {
      add_word(r.old_stem);
      add_word(r.new_stem);
      if (!r.new_stem_province.empty()) add_word(r.new_stem_province);
    }
  }

 public:
  static uint64_t pair_key(char32_t a, char32_t b) {
    if (a > b) std::swap(a, b);
    return (uint64_t{a} << 32) | b;
  }
};

}  // namespace

std::string expand_abbreviations(std::string_view text, bool& changed) {
  return Tables::get().abbreviations.apply(text, [&](const Replacements::Entry&) { changed = true; });
}

const std::vector<Rename>& renames() { return Tables::get().renames; }

std::string apply_renames(std::string_view text, bool province, std::vector<const Rename*>* applied) {
  const Tables& t = Tables::get();
  const Replacements& table = province ? t.renames_province : t.renames_city;
  std::string out(text);
  for (int round = 0; round < 8; ++round) {  // chains are short; the bound only guards against a cycle
    bool changed = false;
    out = table.apply(out, [&](const Replacements::Entry& e) {
      changed = true;
      if (applied != nullptr && e.rename != nullptr) applied->push_back(e.rename);
    });
    if (!changed) break;
  }
  return out;
}

std::string rename_reason(const std::vector<const Rename*>& applied, bool province) {
  if (applied.empty()) return {};
  bool all_variants =
      std::all_of(applied.begin(), applied.end(), [](const Rename* r) { return r->kind == RenameKind::variant; });
  const Rename& first = *applied.front();
  const Rename& last = *applied.back();
  if (all_variants) return "local name: " + first.old_stem + " = " + last.new_stem;
  bool merged =
      std::any_of(applied.begin(), applied.end(), [](const Rename* r) { return r->kind == RenameKind::merge; });
  std::string years;
  for (const Rename* r : applied) {
    if (r->kind == RenameKind::variant) continue;
    std::string year = std::to_string(r->year);
    if (years.find(year) == std::string::npos) years += (years.empty() ? "" : "/") + year;
  }
  std::string to = province && !last.new_stem_province.empty() ? last.new_stem_province : last.new_stem;
  return std::string(merged ? "merged in " : "renamed in ") + years + ": " + first.old_stem + " → " + to;
}

bool homophones(char32_t a, char32_t b) {
  if (a == b) return true;
  auto ra = text::pinyin_readings(a);
  auto rb = text::pinyin_readings(b);
  return std::any_of(ra.begin(), ra.end(),
                     [&](std::string_view r) { return std::find(rb.begin(), rb.end(), r) != rb.end(); });
}

bool near_form(char32_t a, char32_t b) { return Tables::get().near_form.contains(Tables::pair_key(a, b)); }

bool in_agency_word(const std::u32string& text, size_t i) {
  const Tables& t = Tables::get();
  if (i >= text.size()) return false;
  size_t from = i + 1 >= t.longest_word ? i + 1 - t.longest_word : 0;
  for (size_t start = from; start <= i; ++start) {
    auto found = t.words.find(text[start]);
    if (found == t.words.end()) continue;
    for (const auto& w : found->second) {
      if (start + w.size() > i && std::u32string_view(text).substr(start).starts_with(w)) return true;
    }
  }
  return false;
}

}  // namespace fleetkam::dedup
