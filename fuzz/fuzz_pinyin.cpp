// The pinyin and Chinese text rules (platform/text/pinyin, chinese): any bytes, valid UTF-8 or not,
// give keys without a crash or a hang. Properties: search_normal is a normal form (idempotent, valid
// UTF-8); search keys are distinct and non-empty; a name is found by itself; and the sort key is the
// first full-pinyin key, so a name is also found by its sort key.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_check.h"
#include "platform/text/chinese.h"
#include "platform/text/pinyin.h"

using namespace fleetkam;
using fleetkam::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Names are short; a long input only slows the run down (the rules are linear in it).
  if (size > 512) return 0;
  const std::string_view name(reinterpret_cast<const char*>(data), size);

  const std::string normal = text::search_normal(name);
  require(http::valid_utf8(normal), "search_normal gave invalid UTF-8");
  require(text::search_normal(normal) == normal, "search_normal is not idempotent");
  require(http::valid_utf8(text::fold_width(name)), "fold_width gave invalid UTF-8");
  require(http::valid_utf8(text::to_simplified(name)), "to_simplified gave invalid UTF-8");

  const std::vector<std::string> keys = text::pinyin_search_keys(name, 4);
  require(normal.empty() == keys.empty(), "keys for an empty name, or none for a name");
  for (size_t i = 0; i < keys.size(); ++i) {
    require(!keys[i].empty(), "an empty key");
    require(std::find(keys.begin() + static_cast<std::ptrdiff_t>(i) + 1, keys.end(), keys[i]) == keys.end(),
            "a key twice");
  }
  if (!normal.empty()) {
    require(text::pinyin_matches(name, name), "a name is not found by itself");
    // Unless the key's text changes when normalised as a query: a combining mark after a Chinese
    // character (吉林 + U+0303) composes with the last letter of its syllable (jilin + U+0303 → jiliñ).
    std::string sort_key = text::pinyin_sort_key(name);
    if (text::pinyin_query(sort_key) == sort_key) {
      require(text::pinyin_matches(name, sort_key), "a name is not found by its sort key");
    }
  }
  (void)text::pinyin_query(name);
  return 0;
}
