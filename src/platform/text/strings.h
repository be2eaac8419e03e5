// Small string helpers every module needs.
#pragma once

#include <string>
#include <string_view>

namespace fleetkam::text {

// Without leading and trailing spaces, tabs and line breaks.
inline std::string trim(std::string_view text) {
  auto begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return "";
  auto end = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(begin, end - begin + 1));
}

// At most `max_bytes` of UTF-8 `text`, cut before a character, never inside one (a cut inside
// would leave invalid UTF-8, which no JSON answer can carry).
inline std::string utf8_prefix(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(text.substr(0, end));
}

}  // namespace fleetkam::text
