// The duplicate engine's candidate index (NameIndex of matcher.h): accounts by credit code, by
// (division, normal form), by the normal form with one character deleted and by prefixes, so that
// candidates are found without a scan and then scored (scoring.cpp).
#include "modules/dedup/matcher.h"

#include <algorithm>
#include <array>
#include <climits>
#include <cstdint>
#include <functional>
#include <mutex>
#include <shared_mutex>
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

constexpr uint32_t kEmpty = 0xFFFFFFFF;
constexpr uint32_t kDead = 0xFFFFFFFE;
constexpr uint32_t kList = 0x80000000;  // a cell's value with this bit: an index into the lists

// A hash map from 32-bit keys (hashes) to posting lists of slots, each in the order `before` gives
// (each map is given one order), in one flat array of 8-byte cells (open addressing, linear probing,
// tombstones, 70-85% full: the deletions' map holds some 8 keys an account). A key has one cell however many slots it
// lists, so a key shared by thousands of accounts (a city's police stations under 公安局) costs an insert a binary
// search, and another key's probe one cell, not a walk through thousands. A key of one slot holds it in its cell. A
// colliding key only adds candidates that compare() then rejects.
class PostingMap {
 public:
  template <class Before>
  void insert(uint32_t key, uint32_t slot, Before&& before) {
    if ((used_ + 1) * 20 > cells_.size() * 17) rehash();
    size_t i = home(key);
    size_t free = kNone;
    for (; cells_[i].value != kEmpty; i = next(i)) {
      if (cells_[i].value == kDead) {
        if (free == kNone) free = i;
      } else if (cells_[i].key == key) {
        add_to(cells_[i], slot, before);
        return;
      }
    }
    if (free == kNone) {
      free = i;
      ++used_;
    }
    cells_[free] = {key, slot};
    ++keys_;
  }

  void erase(uint32_t key, uint32_t slot) {
    Cell* cell = find(key);
    if (!cell) return;
    if ((cell->value & kList) == 0) {
      if (cell->value != slot) return;
      cell->value = kDead;
      --keys_;
      return;
    }
    uint32_t list = cell->value & ~kList;
    auto& slots = lists_[list];
    auto at = std::find(slots.begin(), slots.end(), slot);
    if (at == slots.end()) return;
    slots.erase(at);
    if (slots.size() == 1) {
      cell->value = slots.front();
      std::vector<uint32_t>().swap(slots);
      free_lists_.push_back(list);
    }
  }

  // Calls f(slot) for the first `limit` slots of `key`, in the map's order.
  template <class F>
  void for_each(uint32_t key, F&& f, size_t limit = SIZE_MAX) const {
    const Cell* cell = find(key);
    if (!cell || limit == 0) return;
    if ((cell->value & kList) == 0) {
      f(cell->value);
      return;
    }
    const auto& slots = lists_[cell->value & ~kList];
    size_t n = std::min(limit, slots.size());
    for (size_t k = 0; k < n; ++k) f(slots[k]);
  }

  size_t bytes() const {
    size_t bytes = cells_.capacity() * sizeof(Cell) + lists_.capacity() * sizeof(std::vector<uint32_t>) +
                   free_lists_.capacity() * sizeof(uint32_t);
    for (const auto& list : lists_) bytes += list.capacity() * sizeof(uint32_t) + (list.capacity() ? 16 : 0);
    return bytes;
  }

 private:
  static constexpr size_t kNone = SIZE_MAX;
  struct Cell {
    uint32_t key = 0;
    uint32_t value = kEmpty;
  };

  size_t home(uint32_t key) const { return static_cast<size_t>((uint64_t{key} * cells_.size()) >> 32); }
  size_t next(size_t i) const { return i + 1 == cells_.size() ? 0 : i + 1; }

  const Cell* find(uint32_t key) const {
    if (cells_.empty()) return nullptr;
    for (size_t i = home(key); cells_[i].value != kEmpty; i = next(i)) {
      if (cells_[i].key == key && cells_[i].value != kDead) return &cells_[i];
    }
    return nullptr;
  }
  Cell* find(uint32_t key) { return const_cast<Cell*>(std::as_const(*this).find(key)); }

  template <class Before>
  void add_to(Cell& cell, uint32_t slot, Before&& before) {
    if ((cell.value & kList) == 0) {
      uint32_t list;
      if (free_lists_.empty()) {
        list = static_cast<uint32_t>(lists_.size());
        lists_.emplace_back();
      } else {
        list = free_lists_.back();
        free_lists_.pop_back();
      }
      lists_[list] = {cell.value};
      cell.value = list | kList;
    }
    auto& slots = lists_[cell.value & ~kList];
    slots.insert(std::upper_bound(slots.begin(), slots.end(), slot, before), slot);
  }

  // To 70% full, or only without the tombstones when they are many.
  void rehash() {
    size_t size = std::max<size_t>(1024, cells_.size());
    if (keys_ * 20 > size * 15) size = (keys_ + 1) * 10 / 7;
    std::vector<Cell> old(size);
    old.swap(cells_);
    used_ = 0;
    for (const Cell& c : old) {
      if (c.value == kEmpty || c.value == kDead) continue;
      size_t i = home(c.key);
      while (cells_[i].value != kEmpty) i = next(i);
      cells_[i] = c;
      ++used_;
    }
  }

  std::vector<Cell> cells_;
  std::vector<std::vector<uint32_t>> lists_;
  std::vector<uint32_t> free_lists_;
  size_t used_ = 0;  // cells not empty (holding a key, or dead)
  size_t keys_ = 0;
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

// An account in the index: its id and tag, and where its name, normalised credit code and normal
// form lie in the index's arena of strings (one after the other).
struct Entry {
  int64_t id = 0;
  int64_t tag = 0;
  uint32_t offset = 0;
  uint32_t name_size = 0;
  uint32_t form_size = 0;
  uint32_t place_bytes = 0;
  int32_t division = kNoPlace;
  int32_t form_division = kNoPlace;
  uint8_t credit_size = 0;
  bool abbreviated = false;
  bool traditional = false;
  bool live = false;

  uint32_t bytes() const { return name_size + credit_size + form_size; }
};

bool better(const Candidate& a, const Candidate& b) {
  if (a.match.kind != b.match.kind) return a.match.kind == MatchKind::duplicate;
  if (a.match.score != b.match.score) return a.match.score > b.match.score;
  return a.id < b.id;
}

// Candidates by credit code and the same form are all examined; with those by one character more,
// less or different and the organisations the probe is a unit of, up to this many.
constexpr size_t kMaxExamined = 4096;
// Of an organisation's units (the accounts whose forms start with the probe's), the first this many
// in the order of the units index: the shortest forms (its own units before their units) and among
// equal lengths the lowest ids. A city's police bureau has thousands; the form shows 20.
constexpr size_t kMaxUnits = 64;

// ids → slots: open addressing over the slots themselves (4 bytes a cell), the id read from the entry.
class SlotsById {
 public:
  template <class IdOf>
  uint32_t find(int64_t id, IdOf&& id_of) const {
    if (cells_.empty()) return kEmpty;
    for (size_t i = home(id); cells_[i] != kEmpty; i = next(i)) {
      if (cells_[i] != kDead && id_of(cells_[i]) == id) return cells_[i];
    }
    return kEmpty;
  }
  template <class IdOf>
  void insert(int64_t id, uint32_t slot, IdOf&& id_of) {
    if ((used_ + 1) * 10 > cells_.size() * 8) rehash(id_of);
    size_t i = home(id);
    while (cells_[i] != kEmpty && cells_[i] != kDead) i = next(i);
    if (cells_[i] == kEmpty) ++used_;
    cells_[i] = slot;
    ++live_;
  }
  template <class IdOf>
  void erase(int64_t id, IdOf&& id_of) {
    if (cells_.empty()) return;
    for (size_t i = home(id); cells_[i] != kEmpty; i = next(i)) {
      if (cells_[i] != kDead && id_of(cells_[i]) == id) {
        cells_[i] = kDead;
        --live_;
        return;
      }
    }
  }
  size_t size() const { return live_; }
  size_t bytes() const { return cells_.capacity() * sizeof(uint32_t); }

 private:
  size_t home(int64_t id) const {
    uint64_t h = static_cast<uint64_t>(id) * 0x9E3779B97F4A7C15ULL;
    return static_cast<size_t>(((h >> 32) * cells_.size()) >> 32);
  }
  size_t next(size_t i) const { return i + 1 == cells_.size() ? 0 : i + 1; }
  template <class IdOf>
  void rehash(IdOf&& id_of) {
    size_t size = std::max<size_t>(1024, cells_.size());
    if (live_ * 10 > size * 6) size *= 2;
    std::vector<uint32_t> old(size, kEmpty);
    old.swap(cells_);
    used_ = 0;
    live_ = 0;
    for (uint32_t slot : old) {
      if (slot != kEmpty && slot != kDead) insert(id_of(slot), slot, id_of);
    }
  }

  std::vector<uint32_t> cells_;
  size_t used_ = 0;
  size_t live_ = 0;
};

}  // namespace

struct NameIndex::State {
  mutable std::shared_mutex mutex;
  std::vector<Entry> entries;  // by slot
  std::string arena;           // the entries' strings
  size_t dead_bytes = 0;       // arena bytes of removed entries
  std::vector<uint32_t> free_slots;
  SlotsById slot_of;
  PostingMap credit, exact, deletions, parents;

  std::string_view name(const Entry& e) const { return std::string_view(arena).substr(e.offset, e.name_size); }
  std::string_view credit_of(const Entry& e) const {
    return std::string_view(arena).substr(e.offset + e.name_size, e.credit_size);
  }
  FormView form(const Entry& e) const {
    return {e.form_division, std::string_view(arena).substr(e.offset + e.name_size + e.credit_size, e.form_size),
            e.place_bytes, e.abbreviated, e.traditional};
  }
  Side side(const Entry& e) const { return {name(e), e.division, credit_of(e), form(e)}; }

  auto ids() const {
    return [this](uint32_t slot) { return entries[slot].id; };
  }
  // Posting lists in id order; the units' by form length, then id.
  auto by_id() const {
    return [this](uint32_t a, uint32_t b) { return entries[a].id < entries[b].id; };
  }
  auto by_length() const {
    return [this](uint32_t a, uint32_t b) {
      const Entry& x = entries[a];
      const Entry& y = entries[b];
      return x.form_size != y.form_size ? x.form_size < y.form_size : x.id < y.id;
    };
  }

  void index(const Entry& e, uint32_t slot) {
    FormView f = form(e);
    if (e.credit_size) credit.insert(credit_key(credit_of(e)), slot, by_id());
    exact.insert(key_of(f.division, f.text), slot, by_id());
    for (uint32_t k : deletion_keys(f)) deletions.insert(k, slot, by_id());
    for (uint32_t k : parent_keys(f)) parents.insert(k, slot, by_length());
  }

  void unindex(const Entry& e, uint32_t slot) {
    FormView f = form(e);
    if (e.credit_size) credit.erase(credit_key(credit_of(e)), slot);
    exact.erase(key_of(f.division, f.text), slot);
    for (uint32_t k : deletion_keys(f)) deletions.erase(k, slot);
    for (uint32_t k : parent_keys(f)) parents.erase(k, slot);
  }

  void add(int64_t id, const Name& n, const Form& f, int64_t tag) {
    remove(id);
    std::string credit = normal_credit(n.credit_code);
    uint32_t slot = allocate();
    Entry& e = entries[slot];
    e = Entry{};
    e.id = id;
    e.tag = tag;
    e.offset = static_cast<uint32_t>(arena.size());
    e.name_size = static_cast<uint32_t>(n.name.size());
    e.credit_size = static_cast<uint8_t>(std::min<size_t>(credit.size(), 255));
    e.form_size = static_cast<uint32_t>(f.text.size());
    e.place_bytes = static_cast<uint32_t>(f.place_bytes);
    e.division = place_of(n.division_code);
    e.form_division = f.division;
    e.abbreviated = f.abbreviated;
    e.traditional = f.traditional;
    e.live = true;
    if (arena.size() + e.bytes() > arena.capacity()) arena.reserve(arena.size() + arena.size() / 4 + e.bytes() + 4096);
    arena.append(n.name).append(credit, 0, e.credit_size).append(f.text);
    index(e, slot);
    slot_of.insert(id, slot, ids());
  }

  void remove(int64_t id) {
    uint32_t slot = slot_of.find(id, ids());
    if (slot == kEmpty) return;
    Entry& e = entries[slot];
    unindex(e, slot);
    slot_of.erase(id, ids());
    dead_bytes += e.bytes();
    e.live = false;
    free_slots.push_back(slot);
    if (dead_bytes > (1U << 20) && dead_bytes * 2 > arena.size()) compact();
  }

  // The arena without the removed entries' strings (the slots, and so the posting lists, stay).
  void compact() {
    std::string kept;
    kept.reserve(arena.size() - dead_bytes);
    for (Entry& e : entries) {
      if (!e.live) continue;
      uint32_t offset = static_cast<uint32_t>(kept.size());
      kept.append(arena, e.offset, e.bytes());
      e.offset = offset;
    }
    arena = std::move(kept);
    dead_bytes = 0;
  }

  uint32_t allocate() {
    if (free_slots.empty()) {
      if (entries.size() == entries.capacity()) entries.reserve(entries.size() + entries.size() / 4 + 1024);
      entries.emplace_back();
      return static_cast<uint32_t>(entries.size() - 1);
    }
    uint32_t slot = free_slots.back();
    free_slots.pop_back();
    return slot;
  }

  // Slots of the accounts that may match `probe`. First those that may be duplicates, all of them:
  // by credit code, the same form, the form with a character more, less or different (symmetric
  // delete). Then the related: the organisations the probe is a unit of, and its units (at most
  // kMaxUnits of them).
  std::vector<uint32_t> lookup(const Side& probe) const {
    std::vector<uint32_t> slots;
    auto collect = [&](uint32_t slot) { slots.push_back(slot); };
    if (!probe.credit.empty()) credit.for_each(credit_key(probe.credit), collect);
    exact.for_each(key_of(probe.form.division, probe.form.text), collect);
    const size_t same = slots.size();  // never cut
    lookup_typos(probe.form, collect);
    lookup_parents(probe.form, collect);
    if (slots.size() > std::max(same, kMaxExamined)) slots.resize(std::max(same, kMaxExamined));
    dedupe(slots);
    size_t before_units = slots.size();
    parents.for_each(key_of(probe.form.division, probe.form.text), collect, kMaxUnits);
    if (slots.size() > before_units) dedupe(slots);
    return slots;
  }

  static void dedupe(std::vector<uint32_t>& slots) {
    std::sort(slots.begin(), slots.end());
    slots.erase(std::unique(slots.begin(), slots.end()), slots.end());
  }

  // The organisations the probe is a unit of.
  template <class F>
  void lookup_parents(const FormView& f, F&& collect) const {
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
  Form form = make_form(name.name, name.division_code);
  std::unique_lock lock(state_->mutex);
  state_->add(id, name, form, tag);
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
  return s.entries.capacity() * sizeof(Entry) + s.arena.capacity() + s.free_slots.capacity() * sizeof(uint32_t) +
         s.slot_of.bytes() + s.credit.bytes() + s.exact.bytes() + s.deletions.bytes() + s.parents.bytes();
}

std::vector<Candidate> NameIndex::candidates(const Name& probe, size_t max) const {
  Form form = make_form(probe.name, probe.division_code);
  std::string credit = normal_credit(probe.credit_code);
  Side side{probe.name, place_of(probe.division_code), credit, form.view()};
  std::vector<Candidate> out;
  std::vector<uint32_t> slots;  // of out's candidates, whose names are copied only for the best `max`
  std::shared_lock lock(state_->mutex);
  const State& s = *state_;
  for (uint32_t slot : s.lookup(side)) {
    const Entry& e = s.entries[slot];
    if (!e.live) continue;
    Match m = compare_sides(side, s.side(e));
    if (m.kind == MatchKind::none) continue;
    out.push_back({e.id, std::move(m), {}, e.tag});
    slots.push_back(slot);
  }
  std::vector<size_t> order(out.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  const size_t kept = std::min(max, order.size());
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(kept), order.end(),
                    [&](size_t a, size_t b) { return better(out[a], out[b]); });
  std::vector<Candidate> best;
  best.reserve(kept);
  for (size_t k = 0; k < kept; ++k) {
    best.push_back(std::move(out[order[k]]));
    best.back().name = std::string(s.name(s.entries[slots[order[k]]]));
  }
  return best;
}

}  // namespace fleetkam::dedup
