#include "platform/refdata/divisions.h"

#include <algorithm>
#include <sstream>
#include <unordered_map>
#include <utility>

namespace fleetkam::refdata {

const std::vector<std::pair<std::string_view, std::string_view>>& embedded_refdata();

namespace {
struct Index {
  std::vector<Division> all;
  std::unordered_map<std::string, size_t> by_code;
};

const Index& index() {
  static const Index built = [] {
    Index idx;
    for (const auto& [name, content] : embedded_refdata()) {
      if (name != "divisions.tsv") continue;
      std::istringstream lines{std::string(content)};
      std::string line;
      while (std::getline(lines, line)) {
        if (line.empty()) continue;
        std::istringstream fields(line);
        Division d;
        std::string parent;
        std::getline(fields, d.code, '\t');
        std::getline(fields, d.name, '\t');
        std::getline(fields, d.level, '\t');
        std::getline(fields, parent, '\t');
        if (!parent.empty()) d.parent_code = parent;
        idx.by_code.emplace(d.code, idx.all.size());
        idx.all.push_back(std::move(d));
      }
    }
    return idx;
  }();
  return built;
}
}  // namespace

const std::vector<Division>& divisions() { return index().all; }

const Division* find_division(std::string_view code) {
  const auto& idx = index();
  auto found = idx.by_code.find(std::string(code));
  return found == idx.by_code.end() ? nullptr : &idx.all[found->second];
}

const Division* province_of(std::string_view code) {
  const Division* d = find_division(code);
  while (d && d->level != "province" && d->parent_code) d = find_division(*d->parent_code);
  return d && d->level == "province" ? d : nullptr;
}

bool division_contains(std::string_view outer, std::string_view inner) {
  const Division* d = find_division(inner);
  if (!find_division(outer)) return false;
  while (d) {
    if (d->code == outer) return true;
    d = d->parent_code ? find_division(*d->parent_code) : nullptr;
  }
  return false;
}

}  // namespace fleetkam::refdata
