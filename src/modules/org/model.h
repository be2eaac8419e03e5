// The organisation: HQ → regions (大区) → provinces (省区) → dealers (经销商), and the users
// placed in it. Plain structs; JSON mapping lives in routes.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fleetkam::org {

struct OrgUnit {
  int64_t id = 0;
  std::string kind;  // hq, region, province, dealer
  std::string name;
  std::optional<int64_t> parent_id;
  std::string path;
  std::optional<std::string> division_code;
  bool active = true;
  int64_t version = 1;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

struct User {
  int64_t id = 0;
  std::string username;
  std::string display_name;
  std::string role;
  int64_t org_unit_id = 0;
  bool active = true;
  int64_t version = 1;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

struct NewUnit {
  std::string kind;
  std::string name;
  int64_t parent_id = 0;
  std::optional<std::string> division_code;
};

struct UnitPatch {
  int64_t version = 0;
  std::optional<std::string> name;
  std::optional<int64_t> parent_id;
  std::optional<std::string> division_code;
  std::optional<bool> active;
};

struct NewUser {
  std::string username;
  std::string password;
  std::string display_name;
  std::string role;
  int64_t org_unit_id = 0;
};

struct UserPatch {
  int64_t version = 0;
  std::optional<std::string> display_name;
  std::optional<std::string> role;
  std::optional<int64_t> org_unit_id;
  std::optional<bool> active;
};

struct UnitFilter {
  std::optional<std::string> kind;
  std::optional<int64_t> parent_id;
  std::optional<bool> active;
  std::optional<int64_t> after_id;
  int limit = 50;
};

struct UserFilter {
  std::optional<int64_t> org_unit_id;
  std::optional<std::string> role;
  std::optional<bool> active;
  std::optional<std::string> q;
  std::optional<int64_t> after_id;
  int limit = 50;
};

struct Overview {
  int64_t regions = 0, provinces = 0, dealers = 0, users = 0;
};

// The kind a unit of `kind` must have as its parent ("" for hq, which has none).
std::string_view parent_kind_for(std::string_view kind);
// nullopt when acceptable: 3–64 characters of letters, digits, '.', '_', '-', '@'.
std::optional<std::string> username_problem(std::string_view username);

}  // namespace fleetkam::org
