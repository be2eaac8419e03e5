#include "platform/text/chinese.h"

#include <utf8proc.h>
#include <opencc/Config.hpp>
#include <opencc/Conversion.hpp>
#include <opencc/ConversionChain.hpp>
#include <opencc/Converter.hpp>
#include <opencc/DictEntry.hpp>
#include <opencc/DictGroup.hpp>
#include <opencc/Lexicon.hpp>

#include <cstdlib>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

namespace fleetkam::text {

namespace {

bool is_ascii(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

const utf8proc_uint8_t* bytes(std::string_view text) { return reinterpret_cast<const utf8proc_uint8_t*>(text.data()); }

// Decodes the character at `i` and moves past it; nullopt (moving one byte) when it is not UTF-8.
std::optional<utf8proc_int32_t> decode(std::string_view text, size_t& i) {
  utf8proc_int32_t cp = 0;
  auto n = utf8proc_iterate(bytes(text.substr(i)), static_cast<utf8proc_ssize_t>(text.size() - i), &cp);
  if (n <= 0) {
    i += 1;
    return std::nullopt;
  }
  i += static_cast<size_t>(n);
  return cp;
}

utf8proc_int32_t next(std::string_view text, size_t& i) { return decode(text, i).value_or(0xFFFD); }

void append(std::string& out, utf8proc_int32_t cp) {
  utf8proc_uint8_t buffer[4];
  auto n = utf8proc_encode_char(cp, buffer);
  out.append(reinterpret_cast<const char*>(buffer), static_cast<size_t>(n));
}

// Both libraries assume valid UTF-8 (OpenCC throws on a bad sequence): repair it first.
std::string valid_utf8(std::string_view text) {
  bool valid = true;
  for (size_t i = 0; i < text.size() && valid;) valid = decode(text, i).has_value();
  if (valid) return std::string(text);
  std::string out;
  out.reserve(text.size() + 8);
  for (size_t i = 0; i < text.size();) append(out, next(text, i));
  return out;
}

// One converter for the process. Building one reads the dictionaries (milliseconds); converting is
// const and keeps no state between calls (each lookup makes its own marisa::Agent; OpenCC's maintainer
// confirms converters may be shared across threads, BYVoid/OpenCC#231), so threads share it unguarded.
//
// A conversion costs about 0.6 µs a character, and most names are simplified already. So the keys of
// t2s's dictionaries that change something (read once through OpenCC's own API) are indexed by their
// first character: text containing none of them is returned as it is, which is exactly what OpenCC
// would return (its other keys map to themselves).
class T2s {
 public:
  T2s() : converter_(opencc::Config().NewFromFile("t2s.json")) {
    for (const auto& conversion : converter_->GetConversionChain()->GetConversions()) index(conversion->GetDict());
  }

  bool changes(std::string_view text) const {
    for (size_t i = 0; i < text.size();) {
      size_t at = i;
      auto cp = static_cast<char32_t>(next(text, i));
      if (cp < kBmp && !first_bmp_[cp]) continue;
      auto found = changing_.find(cp);
      if (found == changing_.end()) continue;
      for (const std::string& key : found->second) {
        if (text.substr(at).starts_with(key)) return true;
      }
    }
    return false;
  }

  std::string convert(const std::string& text) const { return converter_->Convert(text); }

 private:
  static constexpr char32_t kBmp = 0x10000;

  void index(const opencc::DictPtr& dict) {
    if (auto group = std::dynamic_pointer_cast<opencc::DictGroup>(dict)) {
      for (const auto& member : group->GetDicts()) index(member);
      return;
    }
    const opencc::LexiconPtr lexicon = dict->GetLexicon();
    for (size_t k = 0; k < lexicon->Length(); ++k) {
      const opencc::DictEntry* entry = lexicon->At(k);
      std::string key = entry->Key();
      if (key.empty() || entry->GetDefault() == key) continue;
      size_t i = 0;
      auto first = static_cast<char32_t>(next(key, i));
      if (first < kBmp) first_bmp_[first] = true;
      changing_[first].push_back(std::move(key));
    }
  }

  opencc::ConverterPtr converter_;
  std::vector<bool> first_bmp_ = std::vector<bool>(kBmp);
  std::unordered_map<char32_t, std::vector<std::string>> changing_;
};

const T2s& t2s() {
  static const T2s converter;
  return converter;
}

bool dropped_from_search(utf8proc_int32_t cp) {
  switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_PC:
    case UTF8PROC_CATEGORY_PD:
    case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE:
    case UTF8PROC_CATEGORY_PI:
    case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO:
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
    case UTF8PROC_CATEGORY_CC:
    case UTF8PROC_CATEGORY_CF:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::string to_simplified(std::string_view text) {
  if (is_ascii(text)) return std::string(text);
  std::string valid = valid_utf8(text);
  const T2s& converter = t2s();
  return converter.changes(valid) ? converter.convert(valid) : valid;
}

std::string fold_width(std::string_view text) {
  if (is_ascii(text)) return std::string(text);
  std::string valid = valid_utf8(text);
  utf8proc_uint8_t* mapped = nullptr;
  auto n = utf8proc_map(bytes(valid), static_cast<utf8proc_ssize_t>(valid.size()), &mapped,
                        static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT));
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owned(mapped, &std::free);
  if (n < 0) return valid;  // only on allocation failure: the input is valid UTF-8 by now
  return {reinterpret_cast<const char*>(mapped), static_cast<size_t>(n)};
}

namespace {

// Lower case, without what search leaves out. `recompose` is set when a combining mark now follows
// what a left-out character separated it from.
std::string lower_without_dropped(std::string_view text, bool& recompose) {
  std::string out;
  out.reserve(text.size());
  bool dropped = false;  // the character before was left out
  for (size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {  // ASCII fast path
      ++i;
      if (c >= 'A' && c <= 'Z') {
        out.push_back(static_cast<char>(c - 'A' + 'a'));
      } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || !dropped_from_search(c)) {
        out.push_back(static_cast<char>(c));
      } else {
        dropped = true;
        continue;
      }
      dropped = false;
      continue;
    }
    utf8proc_int32_t cp = next(text, i);
    if (dropped_from_search(cp)) {
      dropped = true;
      continue;
    }
    recompose = recompose || (dropped && utf8proc_get_property(cp)->combining_class != 0);
    dropped = false;
    append(out, utf8proc_tolower(cp));
  }
  return out;
}

}  // namespace

// A normal form must not change when normalised again (forms of stored forms are compared, and a
// query is matched against keys made of normal text), so each step runs on what the steps before
// left: OpenCC's conversion is phrase-aware, and 重&覆 (kept as it is) becomes the phrase 重覆 (→ 重复)
// once the & is gone, so punctuation goes before the conversion; and NFKC writes U+00B8 as a space
// and a combining cedilla, which composes with the letter before it (E¸ → ȩ) once the space is gone,
// so such text is normalised once more (it is shorter: the recursion ends).
std::string search_normal(std::string_view text) {
  bool recompose = false;
  std::string out = lower_without_dropped(fold_width(text), recompose);
  // OpenCC splits the text into phrases before converting, and a converted character can change how
  // the rest splits (覆露覆 → 复露覆 → 复露复): convert until nothing changes (a second pass rarely does).
  for (int pass = 0; pass < 4 && !is_ascii(out); ++pass) {
    std::string simplified = to_simplified(out);
    if (simplified == out) break;
    out = lower_without_dropped(simplified, recompose);
  }
  return recompose ? search_normal(out) : out;
}

}  // namespace fleetkam::text
