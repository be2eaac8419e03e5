// The duplicate engine's normal form of a name (steps 1-5 of matcher.h), and what its scoring and
// candidate index share: UTF-8 decoding, the GB/T 2260 places a name may start with, and the
// normal form itself. Internal to src/modules/dedup; other modules use matcher.h.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace fleetkam::dedup {

// ---- UTF-8 ------------------------------------------------------------------------------------------

inline size_t utf8_length(char lead) {
  auto c = static_cast<unsigned char>(lead);
  if (c < 0x80) return 1;
  if (c < 0xE0) return 2;
  return c < 0xF0 ? 3 : 4;
}

inline size_t char_count(std::string_view text) {
  size_t n = 0;
  for (size_t i = 0; i < text.size(); i += utf8_length(text[i])) ++n;
  return n;
}

// The characters of valid UTF-8 text with their byte offsets (one more offset: the end).
struct Chars {
  std::u32string code_points;
  std::vector<size_t> offsets;
};

Chars decode(std::string_view text);

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};

template <class Value>
using StringMap = std::unordered_map<std::string, Value, StringHash, std::equal_to<>>;

bool is_ascii_letter(char c);

// ---- Places: GB/T 2260 divisions as indexes -----------------------------------------------------------

inline constexpr int kNoPlace = -1;

// The place of a six-digit division code; kNoPlace when the code is empty or not GB/T 2260.
int place_of(std::string_view division_code);
// The division code of a place.
const std::string& place_code(int place);
// The places from the province down to `place` itself.
const std::vector<int>& place_chain(int place);
// `inner` is `outer` or lies inside it.
bool place_within(int outer, int inner);
// `text` is a name some place goes by (full or short).
bool is_place_name(std::string_view text);
size_t longest_place_name_chars();

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
  bool renamed = false;          // step 6 replaced an old agency name
  bool district_branch = false;  // step 7 wrote a district's branch of a city bureau as the city's

  FormView view() const { return {division, text, place_bytes, abbreviated, traditional}; }
};

struct Rename;

// What make_form did, for a match's reason: the renames applied (in order) and the district branch.
struct FormTrace {
  std::vector<const Rename*> renames;
  bool province = false;  // the name is a province's (the renames' province-level names apply)
  bool district_branch = false;
};

Form make_form(std::string_view name, std::string_view division_code, FormTrace* trace = nullptr);

}  // namespace fleetkam::dedup
