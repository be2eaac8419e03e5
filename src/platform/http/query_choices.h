// A query parameter that lists values of a closed set, comma-separated (`status=open,responded`):
// each must be one of `choices` (422 naming the parameter and the set otherwise); repeats are
// dropped; absent, the list is empty (no filter).
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "platform/errors.h"
#include "platform/http/server.h"

namespace fleetkam::http {

inline std::vector<std::string> query_choices(const Request& request, const std::string& name,
                                              const std::vector<std::string>& choices) {
  std::vector<std::string> out;
  auto list = request.query_filter(name);
  if (!list) return out;
  size_t start = 0;
  while (true) {
    auto comma = list->find(',', start);
    auto value = list->substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (std::find(choices.begin(), choices.end(), value) == choices.end()) {
      std::string all;
      for (const auto& c : choices) all += (all.empty() ? "" : ", ") + c;
      throw Invalid(name, "must be among " + all + " (comma-separated)");
    }
    if (std::find(out.begin(), out.end(), value) == out.end()) out.push_back(value);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

}  // namespace fleetkam::http
