// The org module's rules: the shape of the tree (a region under HQ, a province under a
// region, a dealer under a province), moves, deactivation, users and their roles, password
// resets, and what each caller may see. No HTTP, no SQL strings.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "modules/org/model.h"
#include "platform/auth/auth_service.h"
#include "platform/db/database.h"

namespace fleetkam::org {

class OrgService {
 public:
  explicit OrgService(db::Database& database) : database_(database) {}

  OrgUnit create_unit(const auth::Principal& caller, const NewUnit& unit);
  OrgUnit get_unit(const auth::Principal& caller, int64_t id);
  std::vector<OrgUnit> list_units(const auth::Principal& caller, const UnitFilter& filter);
  OrgUnit update_unit(const auth::Principal& caller, int64_t id, const UnitPatch& patch);

  User create_user(const auth::Principal& caller, const NewUser& user);
  User get_user(const auth::Principal& caller, int64_t id);
  std::vector<User> list_users(const auth::Principal& caller, const UserFilter& filter);
  User update_user(const auth::Principal& caller, int64_t id, const UserPatch& patch);
  void reset_password(const auth::Principal& caller, int64_t id, const std::string& password);
  Overview overview(const auth::Principal& caller);
  // The caller and their unit, as read with the session (no further query).
  std::pair<User, OrgUnit> me(const auth::Principal& caller);

  // Start-up: HQ (unit 1) and the first admin, when the database has no units. Returns the
  // admin's password when it was generated (to print once), or "" when given or not needed.
  std::optional<std::string> bootstrap(const std::optional<std::string>& admin_password);
  // The system acting without a signed-in caller (demo loader, `fleetkam user`): HQ scope.
  static auth::Principal system_principal();

 private:
  db::Database& database_;
};

// What else follows the tree: a module whose stored figures are kept per unit and its ancestors
// registers (once, by name) a hook run inside the transaction that moves a unit, after the
// subtree's paths changed (satisfaction's rollup).
void on_subtree_moved(const std::string& name, std::function<void(db::Connection&)> hook);

}  // namespace fleetkam::org
