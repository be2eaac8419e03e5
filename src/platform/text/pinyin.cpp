#include "platform/text/pinyin.h"

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <queue>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "platform/text/chinese.h"

namespace fleetkam::refdata {
const std::vector<std::pair<std::string_view, std::string_view>>& embedded_refdata();
}

namespace fleetkam::text {

namespace {

using Syllable = uint16_t;  // index into Table::syllables (about 420 distinct toneless syllables)

struct CharEntry {
  uint32_t first = 0;  // into Table::readings
  uint8_t count = 0;
  bool ends_phrase = false;  // some phrase ends with this character: worth a phrase lookup
};

// pinyin.tsv in memory. Characters of the BMP's CJK blocks sit in a flat array (one index, no hashing);
// the few Extension B characters in a map.
struct Table {
  static constexpr char32_t kDenseBegin = 0x3000;
  static constexpr char32_t kDenseEnd = 0xA000;

  std::vector<std::string> syllables;
  std::vector<Syllable> readings;
  std::vector<CharEntry> dense = std::vector<CharEntry>(kDenseEnd - kDenseBegin);
  std::unordered_map<char32_t, CharEntry> sparse;
  std::unordered_map<std::string, uint32_t> phrases;  // UTF-8 phrase → its first reading in phrase_readings
  std::vector<Syllable> phrase_readings;
  size_t max_phrase_chars = 0;

  const CharEntry* find(char32_t cp) const {
    const CharEntry* entry = nullptr;
    if (cp >= kDenseBegin && cp < kDenseEnd) {
      entry = &dense[cp - kDenseBegin];
    } else if (auto found = sparse.find(cp); found != sparse.end()) {
      entry = &found->second;
    }
    return entry && entry->count > 0 ? entry : nullptr;
  }
  CharEntry& slot(char32_t cp) { return cp >= kDenseBegin && cp < kDenseEnd ? dense[cp - kDenseBegin] : sparse[cp]; }
};

// Decodes the character at `i` and moves past it (search_normal's output is valid UTF-8).
char32_t next_char(std::string_view text, size_t& i) {
  utf8proc_int32_t cp = 0;
  auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + i),
                            static_cast<utf8proc_ssize_t>(text.size() - i), &cp);
  if (n <= 0) {
    i += 1;
    return 0xFFFD;
  }
  i += static_cast<size_t>(n);
  return static_cast<char32_t>(cp);
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t begin = 0;
  while (begin <= text.size()) {
    size_t end = text.find(separator, begin);
    if (end == std::string_view::npos) end = text.size();
    parts.push_back(text.substr(begin, end - begin));
    begin = end + 1;
  }
  return parts;
}

Table load(std::string_view tsv) {
  Table table;
  std::unordered_map<std::string, Syllable> interned;
  auto intern = [&](std::string_view syllable) {
    auto [it, added] = interned.emplace(std::string(syllable), static_cast<Syllable>(table.syllables.size()));
    if (added) table.syllables.emplace_back(syllable);
    return it->second;
  };
  std::vector<char32_t> phrase_ends;
  for (std::string_view line : split(tsv, '\n')) {
    size_t tab = line.find('\t');
    if (tab == std::string_view::npos) continue;
    std::string_view key = line.substr(0, tab);
    std::string_view value = line.substr(tab + 1);
    std::vector<char32_t> chars;
    for (size_t i = 0; i < key.size();) chars.push_back(next_char(key, i));
    if (chars.size() == 1) {
      CharEntry& entry = table.slot(chars[0]);
      entry.first = static_cast<uint32_t>(table.readings.size());
      for (std::string_view reading : split(value, ',')) table.readings.push_back(intern(reading));
      entry.count = static_cast<uint8_t>(table.readings.size() - entry.first);
    } else if (chars.size() > 1) {
      auto readings = split(value, ' ');
      if (readings.size() != chars.size()) continue;
      table.phrases.emplace(std::string(key), static_cast<uint32_t>(table.phrase_readings.size()));
      for (std::string_view reading : readings) table.phrase_readings.push_back(intern(reading));
      table.max_phrase_chars = std::max(table.max_phrase_chars, chars.size());
      phrase_ends.push_back(chars.back());
    }
  }
  for (char32_t cp : phrase_ends) table.slot(cp).ends_phrase = true;
  return table;
}

const Table& table() {
  static const Table built = [] {
    for (const auto& [name, content] : refdata::embedded_refdata()) {
      if (name == "pinyin.tsv") return load(content);
    }
    return Table{};
  }();
  return built;
}

constexpr std::array<char32_t, 7> kDivisionMarkers = {U'省', U'市', U'区', U'县', U'州', U'盟', U'旗'};
constexpr size_t kMaxStarts = 4;
constexpr size_t kMaxInitials = 8;

// One character of a normalised name. A character the table knows has readings; its options are the
// reading in context first, then the others in table order. Anything else is a literal.
struct Unit {
  size_t begin = 0;  // byte range in the normalised name
  size_t end = 0;
  const CharEntry* entry = nullptr;
  uint8_t context = 0;  // index of the reading in context among the entry's readings
  bool marker = false;
  std::array<char, kMaxInitials> initials{};  // distinct first letters of the options, in option order
  uint8_t initial_count = 0;

  size_t option_count() const { return entry ? entry->count : 1; }
  Syllable option(const Table& t, size_t k) const {
    size_t index = k == 0 ? context : (k - 1 < context ? k - 1 : k);
    return t.readings[entry->first + index];
  }
};

struct Analysis {
  std::string normal;
  std::vector<Unit> units;
};

// Picks each character's reading in context by reverse maximum matching against the phrase table, as
// pinyin-pro does. A phrase may not begin at a division marker inside the name: in 吉林省长春市 the 省长
// (governor) would otherwise win over 长春 and read 长 as zhang.
void choose_context(const Table& t, Analysis& a) {
  auto& units = a.units;
  std::string key;
  size_t j = units.size();
  while (j > 0) {
    size_t taken = 1;
    const Unit& last = units[j - 1];
    if (last.entry && last.entry->ends_phrase) {
      for (size_t length = std::min(t.max_phrase_chars, j); length >= 2; --length) {
        size_t b = j - length;
        if (b > 0 && units[b].marker) continue;
        key.assign(a.normal, units[b].begin, last.end - units[b].begin);
        auto found = t.phrases.find(key);
        if (found == t.phrases.end()) continue;
        for (size_t k = 0; k < length; ++k) {
          Unit& unit = units[b + k];
          if (!unit.entry) continue;  // cannot happen with a consistent table
          const Syllable* first = &t.readings[unit.entry->first];
          const Syllable* hit = std::find(first, first + unit.entry->count, t.phrase_readings[found->second + k]);
          unit.context = static_cast<uint8_t>(hit == first + unit.entry->count ? 0 : hit - first);
        }
        taken = length;
        break;
      }
    }
    j -= taken;
  }
}

// ü written v, as the table writes it and as pinyin_query reads a query.
void write_u_umlaut_as_v(std::string& text) {
  for (size_t at = text.find("\u00fc"); at != std::string::npos; at = text.find("\u00fc", at)) text.replace(at, 2, "v");
}

Analysis analyse(std::string_view name) {
  const Table& t = table();
  Analysis a;
  a.normal = search_normal(name);
  // A ü outside Chinese (Müller) too: pinyin_query reads the query's ü as v, so a key keeping it
  // would never match the name typed as it is written.
  write_u_umlaut_as_v(a.normal);
  for (size_t i = 0; i < a.normal.size();) {
    Unit unit;
    unit.begin = i;
    char32_t cp = next_char(a.normal, i);
    unit.end = i;
    unit.entry = t.find(cp);
    unit.marker = std::find(kDivisionMarkers.begin(), kDivisionMarkers.end(), cp) != kDivisionMarkers.end();
    a.units.push_back(unit);
  }
  choose_context(t, a);
  for (Unit& unit : a.units) {
    if (!unit.entry) continue;
    for (size_t k = 0; k < unit.option_count(); ++k) {
      char initial = t.syllables[unit.option(t, k)][0];
      auto end = unit.initials.begin() + unit.initial_count;
      if (std::find(unit.initials.begin(), end, initial) == end && unit.initial_count < kMaxInitials) {
        unit.initials[unit.initial_count++] = initial;
      }
    }
  }
  return a;
}

// Calls emit(choices) for at most `limit` combinations choices[i] < counts[i], cheapest first, where a
// combination costs the sum of its choices (0 is the likeliest option). Each combination is reached
// from the all-zero one by raising positions in non-decreasing order, so a node only raises positions
// at or after the last one it raised: every combination is generated once.
template <typename Emit>
void best_combinations(const std::vector<uint8_t>& counts, size_t limit, Emit&& emit) {
  struct Node {
    unsigned cost;
    unsigned order;
    size_t last;
    std::vector<uint8_t> choices;
  };
  auto later = [](const Node& x, const Node& y) { return std::tie(x.cost, x.order) > std::tie(y.cost, y.order); };
  std::priority_queue<Node, std::vector<Node>, decltype(later)> heap(later);
  unsigned order = 0;
  heap.push(Node{0, order++, 0, std::vector<uint8_t>(counts.size(), 0)});
  for (size_t emitted = 0; emitted < limit && !heap.empty(); ++emitted) {
    Node node = heap.top();
    heap.pop();
    emit(node.choices);
    for (size_t i = node.last; i < counts.size(); ++i) {
      if (node.choices[i] + 1 >= counts[i]) continue;
      Node child{node.cost + 1, order++, i, node.choices};
      ++child.choices[i];
      heap.push(std::move(child));
    }
  }
}

void add_unique(std::vector<std::string>& keys, std::string key) {
  if (!key.empty() && std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(std::move(key));
}

// Full pinyin (initials_only false) or initials of the name from unit `start`, in up to `limit` variants.
void add_spellings(const Table& t, const Analysis& a, size_t start, bool initials_only, size_t limit,
                   std::vector<std::string>& keys) {
  std::vector<size_t> varying;  // units with more than one option
  std::vector<uint8_t> counts;
  for (size_t u = start; u < a.units.size(); ++u) {
    const Unit& unit = a.units[u];
    size_t count = initials_only ? (unit.entry ? unit.initial_count : 1) : unit.option_count();
    if (count > 1) {
      varying.push_back(u);
      counts.push_back(static_cast<uint8_t>(count));
    }
  }
  std::vector<uint8_t> choice_of(a.units.size(), 0);
  best_combinations(counts, limit, [&](const std::vector<uint8_t>& choices) {
    for (size_t v = 0; v < varying.size(); ++v) choice_of[varying[v]] = choices[v];
    std::string key;
    key.reserve(a.normal.size() * 2);
    for (size_t u = start; u < a.units.size(); ++u) {
      const Unit& unit = a.units[u];
      if (!unit.entry) {
        key.append(a.normal, unit.begin, unit.end - unit.begin);
      } else if (initials_only) {
        key.push_back(unit.initials[choice_of[u]]);
      } else {
        key.append(t.syllables[unit.option(t, choice_of[u])]);
      }
    }
    add_unique(keys, std::move(key));
  });
}

}  // namespace

std::vector<std::string_view> pinyin_readings(char32_t character) {
  const Table& t = table();
  std::vector<std::string_view> out;
  if (const CharEntry* entry = t.find(character)) {
    for (size_t k = 0; k < entry->count; ++k) out.emplace_back(t.syllables[t.readings[entry->first + k]]);
  }
  return out;
}

std::string pinyin_sort_key(std::string_view name) {
  const Table& t = table();
  Analysis a = analyse(name);
  std::string key;
  key.reserve(a.normal.size() * 2);
  for (const Unit& unit : a.units) {
    if (unit.entry) {
      key.append(t.syllables[unit.option(t, 0)]);
    } else {
      key.append(a.normal, unit.begin, unit.end - unit.begin);
    }
  }
  return key;
}

std::vector<std::string> pinyin_search_keys(std::string_view name, size_t max_variants) {
  const Table& t = table();
  Analysis a = analyse(name);
  std::vector<size_t> starts;
  if (!a.units.empty()) starts.push_back(0);
  for (size_t u = 0; u < a.units.size() && starts.size() < kMaxStarts; ++u) {
    if (a.units[u].marker && a.units.size() - (u + 1) >= 2) starts.push_back(u + 1);
  }
  std::vector<std::string> keys;
  for (size_t start : starts) {
    add_unique(keys, a.normal.substr(a.units[start].begin));
    add_spellings(t, a, start, false, max_variants, keys);
    add_spellings(t, a, start, true, max_variants, keys);
  }
  return keys;
}

std::string pinyin_query(std::string_view query) {
  std::string q = search_normal(query);
  write_u_umlaut_as_v(q);
  return q;
}

bool pinyin_matches(std::string_view name, std::string_view query) {
  std::string q = pinyin_query(query);
  if (q.empty()) return true;
  for (const std::string& key : pinyin_search_keys(name)) {
    if (key.starts_with(q)) return true;
  }
  return false;
}

}  // namespace fleetkam::text
