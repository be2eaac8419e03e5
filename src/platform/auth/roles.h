// Roles and permissions as data: each module declares a table of action × roles, and a
// check is one lookup. Which unit kinds a role may be placed at is a rule here too.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fleetkam::auth {

// ka_staff (HQ's key-account department staff, who compile the monthly assessment) came last and
// stays last: the names' order below is the enum's.
enum class Role {
  admin,
  ka_director,
  ka_executive,
  regional_director,
  area_manager,
  dealer_manager,
  sales_rep,
  ka_staff
};

const std::vector<std::string>& role_names();
std::string_view to_string(Role role);
std::optional<Role> parse_role(std::string_view name);

// The kind of organisation unit a user of this role belongs to: hq, region, province or dealer.
std::string_view unit_kind_for(Role role);

struct PermissionRule {
  std::string_view action;  // e.g. "org.manage"
  std::vector<Role> roles;
};

// Every permission of every module, declared once (see roles.cpp).
const std::vector<PermissionRule>& permission_table();
bool allowed(Role role, std::string_view action);
// Throws Forbidden (403) unless the role may perform `action`.
void require(Role role, std::string_view action);
// The actions a role may perform, for GET /me.
std::vector<std::string> permissions_of(Role role);

}  // namespace fleetkam::auth
