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

}  // namespace fleetkam::text
