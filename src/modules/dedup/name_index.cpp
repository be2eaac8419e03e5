// The duplicate engine's candidate index (NameIndex of matcher.h): accounts by credit code, by
// (division, normal form), by the normal form with one character deleted and by prefixes, so that
// candidates are found without a scan and then scored (scoring.cpp).
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

#include "modules/dedup/normaliser.h"
#include "modules/dedup/scoring.h"
#include "platform/refdata/divisions.h"
#include "platform/text/chinese.h"
#include "platform/text/credit_code.h"
#include "platform/text/strings.h"

namespace fleetkam::dedup {
namespace {

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
  if (n < kTypoIndexMinChars || n > kTypoMaxChars) return keys;
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
  int64_t tag = 0;
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
  Entry(int64_t account, const Name& name, const Form& form, int64_t tag_) : id(account), tag(tag_), live(true) {
    std::string credit = normal_credit(name.credit_code);
    data = name.name + credit + form.text;
    name_size = static_cast<uint32_t>(name.name.size());
    credit_size = static_cast<uint32_t>(credit.size());
    division = place_of(name.division_code);
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
    if (n < kTypoIndexMinChars || n > kTypoMaxChars) return;
    if (n < kTypoMaxChars) deletions.for_each(key_of(f.division, f.text), collect);
    for (size_t k = 0; k < n; ++k) {
      std::string_view head = f.text.substr(0, chars.offsets[k]);
      std::string_view tail = f.text.substr(chars.offsets[k + 1]);
      deletions.for_each(key_of(f.division, head, tail), collect);
      if (n > kTypoIndexMinChars) exact.for_each(key_of(f.division, head, tail), collect);
    }
  }
};

NameIndex::NameIndex() : state_(std::make_unique<State>()) {}
NameIndex::~NameIndex() = default;

void NameIndex::add(int64_t id, const Name& name, int64_t tag) {
  Entry e(id, name, make_form(name.name, name.division_code), tag);
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
  Side side{probe.name, place_of(probe.division_code), credit, form.view()};
  std::vector<Candidate> out;
  std::shared_lock lock(state_->mutex);
  for (uint32_t slot : state_->lookup(side)) {
    const Entry& e = state_->entries[slot];
    if (!e.live) continue;
    Match m = compare_sides(side, e.side());
    if (m.kind != MatchKind::none) out.push_back({e.id, std::move(m), std::string(e.name()), e.tag});
  }
  lock.unlock();
  std::sort(out.begin(), out.end(), better);
  if (out.size() > max) out.resize(max);
  return out;
}

}  // namespace fleetkam::dedup
