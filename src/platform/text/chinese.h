// Chinese text made comparable: traditional characters to simplified (OpenCC t2s), full-width forms to
// half-width (Unicode NFKC via utf8proc), and the one normal form that search and duplicate matching
// compare. All functions are thread-safe; invalid UTF-8 bytes become U+FFFD.
#pragma once

#include <string>
#include <string_view>

namespace fleetkam::text {

// Traditional to simplified Chinese, phrase-aware (OpenCC t2s.json): 廣州市公安局 → 广州市公安局.
std::string to_simplified(std::string_view text);

// Unicode NFKC: full-width letters, digits and punctuation to ASCII (ＡＢＣ１２３（） → ABC123()),
// ideographic space to a space, compatibility ideographs to their unified form.
std::string fold_width(std::string_view text);

// fold_width, to_simplified, lower case, then without white space, punctuation (ASCII and CJK, e.g.
// （）【】、，。·) and control characters: "ＡＢＣ 公司（北京）" → "abc公司北京".
std::string search_normal(std::string_view text);

}  // namespace fleetkam::text
