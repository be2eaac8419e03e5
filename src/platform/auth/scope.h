// Scope: the organisation subtree a user may see. Units carry their path of ancestor ids
// ('/1/4/17/'), so "inside the subtree of P" is the half-open range [P, P with its last
// '/' raised to '0'), which both databases answer from an index.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

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

// True when `path` is a well-formed unit path ("/1/", "/1/4/17/").
bool valid_path(std::string_view path);

}  // namespace fleetkam::auth
