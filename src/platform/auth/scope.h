// Scope: the organisation subtree a user may see. Units carry their path of ancestor ids
// ('/1/4/17/'), so "inside the subtree of P" is the half-open range [P, P with its last
// '/' raised to '0'), which both databases answer from an index.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fleetkam::db {
class Connection;
}

namespace fleetkam::auth {

struct Scope {
  std::string path;  // the root unit's path, e.g. "/1/4/"
  // Bounds for `path >= lower AND path < upper`.
  std::string lower() const { return path; }
  std::string upper() const;
  bool contains(std::string_view unit_path) const;
};

// The path of a unit whose parent has `parent_path` ("" for the root).
std::string child_path(std::string_view parent_path, int64_t id);

// The units of a scope, the one way every module lists them (for `unit_id IN (...)` conditions).
struct ScopeUnits {
  bool whole_tree = false;   // the scope holds every unit: a query needs no condition on units
  std::vector<int64_t> ids;  // otherwise its units (the root included) in id order
  // More units than the `cap` asked for: `ids` holds cap + 1 of them, too many to list.
  bool capped(size_t cap) const { return ids.size() > cap; }
};
// Reads org_units: whether anything lies outside the scope, and if so the units inside it, at
// most `cap` + 1 of them when a cap is given (a caller past the cap checks by path instead).
ScopeUnits scope_units(db::Connection& c, const Scope& scope, std::optional<size_t> cap = std::nullopt);

// True when `path` is a well-formed unit path ("/1/", "/1/4/17/").
bool valid_path(std::string_view path);

// The unit ids on a path, root first ("/1/4/17/" → 1, 4, 17): the unit and every unit above it.
std::vector<int64_t> path_ids(std::string_view path);

}  // namespace fleetkam::auth
