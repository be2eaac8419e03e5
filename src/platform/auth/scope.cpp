#include "platform/auth/scope.h"

#include "platform/db/database.h"

namespace fleetkam::auth {

std::string Scope::upper() const {
  std::string bound = path;
  if (!bound.empty()) bound.back() = '0';  // '0' is the character after '/'
  return bound;
}

bool Scope::contains(std::string_view unit_path) const {
  return !path.empty() && unit_path.size() >= path.size() && unit_path.substr(0, path.size()) == path;
}

std::string child_path(std::string_view parent_path, int64_t id) {
  std::string out = parent_path.empty() ? "/" : std::string(parent_path);
  out += std::to_string(id);
  out += '/';
  return out;
}

ScopeUnits scope_units(db::Connection& c, const Scope& scope, std::optional<size_t> cap) {
  ScopeUnits out;
  out.whole_tree =
      c.query_one("SELECT COUNT(*) FROM org_units WHERE path < ? OR path >= ?", {scope.lower(), scope.upper()})
          ->integer(0) == 0;
  if (out.whole_tree) return out;
  std::string sql = "SELECT id FROM org_units WHERE path >= ? AND path < ? ORDER BY id";
  db::Params params = {scope.lower(), scope.upper()};
  if (cap) {
    sql += " LIMIT ?";
    params.emplace_back(static_cast<int64_t>(*cap + 1));
  }
  for (const auto& row : c.query(sql, params)) out.ids.push_back(row.integer(0));
  return out;
}

std::vector<int64_t> path_ids(std::string_view path) {
  std::vector<int64_t> ids;
  int64_t id = 0;
  bool digits = false;
  for (size_t i = 1; i < path.size(); ++i) {
    if (path[i] == '/') {
      if (digits) ids.push_back(id);
      id = 0;
      digits = false;
    } else {
      id = id * 10 + (path[i] - '0');
      digits = true;
    }
  }
  return ids;
}

bool valid_path(std::string_view path) {
  if (path.size() < 3 || path.front() != '/' || path.back() != '/') return false;
  bool digit_seen = false;
  for (size_t i = 1; i < path.size(); ++i) {
    char c = path[i];
    if (c == '/') {
      if (!digit_seen) return false;
      digit_seen = false;
    } else if (c >= '0' && c <= '9') {
      digit_seen = true;
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace fleetkam::auth
