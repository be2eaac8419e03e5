#include "modules/org/service.h"

#include <map>
#include <nlohmann/json.hpp>

#include "modules/org/store.h"
#include "platform/audit/audit.h"
#include "platform/auth/auth_service.h"
#include "platform/auth/password.h"
#include "platform/auth/session.h"
#include "platform/clock.h"
#include "platform/errors.h"
#include "platform/record_write.h"
#include "platform/refdata/divisions.h"
#include "platform/text/strings.h"

namespace fleetkam::org {

namespace {
std::map<std::string, std::function<void(db::Connection&)>>& move_hooks() {
  static std::map<std::string, std::function<void(db::Connection&)>> hooks;
  return hooks;
}
}  // namespace

void on_subtree_moved(const std::string& name, std::function<void(db::Connection&)> hook) {
  move_hooks()[name] = std::move(hook);
}

std::string_view parent_kind_for(std::string_view kind) {
  if (kind == "region") return "hq";
  if (kind == "province") return "region";
  if (kind == "dealer") return "province";
  return "";
}

std::optional<std::string> username_problem(std::string_view username) {
  if (username.size() < 3) return "must be at least 3 characters";
  if (username.size() > 64) return "must be at most 64 characters";
  for (unsigned char c : username) {
    if (!std::isalnum(c) && c != '.' && c != '_' && c != '-' && c != '@') {
      return "may contain only letters, digits and . _ - @";
    }
  }
  return std::nullopt;
}

namespace {

// Drops the sessions this process holds in memory when the write is over (committed or not):
// what a session holds about its user and unit is read again on the next request. Before the
// commit would not do: a request in between could read and keep the old row.
struct ForgetCachedSessions {
  ForgetCachedSessions() = default;
  ForgetCachedSessions(const ForgetCachedSessions&) = delete;
  ForgetCachedSessions& operator=(const ForgetCachedSessions&) = delete;
  ~ForgetCachedSessions() { auth::forget_cached_sessions(); }
};

std::string unit_json(const OrgUnit& u) {
  return nlohmann::json{{"kind", u.kind},
                        {"name", u.name},
                        {"parent_id", u.parent_id ? nlohmann::json(*u.parent_id) : nlohmann::json()},
                        {"division_code", u.division_code ? nlohmann::json(*u.division_code) : nlohmann::json()},
                        {"active", u.active}}
      .dump();
}

std::string user_json(const User& u) {
  return nlohmann::json{{"username", u.username},
                        {"display_name", u.display_name},
                        {"role", u.role},
                        {"org_unit_id", u.org_unit_id},
                        {"active", u.active}}
      .dump();
}

// The parent a unit of `kind` may hang from: in scope, active, of the right kind.
OrgUnit checked_parent(db::Connection& c, const auth::Principal& caller, std::string_view kind, int64_t parent_id) {
  auto parent = store::find_unit(c, caller.scope, parent_id);
  if (!parent) throw Invalid("parent_id", "no such unit", "invalid_value", "org.invalid_parent");
  if (parent->kind != parent_kind_for(kind)) {
    throw Invalid("parent_id", "a " + std::string(kind) + " belongs under a " + std::string(parent_kind_for(kind)),
                  "invalid_value", "org.invalid_parent");
  }
  if (!parent->active) throw Invalid("parent_id", "the unit is deactivated", "invalid_value", "org.invalid_parent");
  return *parent;
}

void check_division(db::Connection& c, const std::string& code, int64_t except_id) {
  const auto* division = refdata::find_division(code);
  if (!division || division->level != "province") {
    throw Invalid("division_code", "must be the GB/T 2260 code of a province");
  }
  if (store::province_division_taken(c, code, except_id)) {
    throw Conflict("another province unit has this division code", "org.division_taken",
                   {{"division_code", "another province unit has this division code", "taken"}});
  }
}

void check_role_fits_unit(const std::string& role, const OrgUnit& unit, const char* field) {
  auto parsed = auth::parse_role(role);
  if (!parsed) throw Invalid("role", "unknown role");
  if (auth::unit_kind_for(*parsed) != unit.kind) {
    throw Invalid(field, "a " + role + " belongs to a unit of kind " + std::string(auth::unit_kind_for(*parsed)));
  }
  if (!unit.active) throw Invalid(field, "the unit is deactivated");
}

}  // namespace

auth::Principal OrgService::system_principal() {
  auth::Principal p;
  p.user_id = 0;
  p.username = "system";
  p.role = auth::Role::admin;
  p.org_unit_id = 1;
  p.unit_kind = "hq";
  p.scope.path = "/1/";
  return p;
}

OrgUnit OrgService::create_unit(const auth::Principal& caller, const NewUnit& input) {
  auth::require(caller.role, "org.manage");
  NewUnit unit = input;
  unit.name = text::trim(unit.name);
  if (unit.name.empty()) throw Invalid("name", "must not be empty", "required");
  if (parent_kind_for(unit.kind).empty()) throw Invalid("kind", "must be one of: region, province, dealer");
  OrgUnit created;
  database_.write([&](db::Connection& c) {
    auto parent = checked_parent(c, caller, unit.kind, unit.parent_id);
    if (unit.kind == "province") {
      if (!unit.division_code) throw Invalid("division_code", "a province needs its GB/T 2260 code", "required");
      check_division(c, *unit.division_code, 0);
    } else if (unit.division_code) {
      const auto* division = refdata::find_division(*unit.division_code);
      if (!division) throw Invalid("division_code", "not a GB/T 2260 code");
      if (unit.kind == "dealer" && parent.division_code &&
          !refdata::division_contains(*parent.division_code, *unit.division_code)) {
        throw Invalid("division_code", "must lie inside the province of the parent unit");
      }
    }
    if (store::sibling_name_taken(c, parent.id, unit.name, 0)) {
      throw Conflict("a unit with this name exists under the same parent", "org.name_taken",
                     {{"name", "a unit with this name exists under the same parent", "taken"}});
    }
    int64_t now = clock::now_ms();
    int64_t id = store::insert_unit(c, unit, parent.path, now);
    created = *store::find_unit_unscoped(c, id);
    audit::record(c, {caller.user_id ? std::optional(caller.user_id) : std::nullopt, "create", "org_unit", id,
                      std::nullopt, unit_json(created)});
  });
  return created;
}

OrgUnit OrgService::get_unit(const auth::Principal& caller, int64_t id) {
  auth::require(caller.role, "org.read");
  std::optional<OrgUnit> unit;
  database_.read([&](db::Connection& c) { unit = store::find_unit(c, caller.scope, id); });
  if (!unit) throw NotFound("no such organisation unit");
  return *unit;
}

std::vector<OrgUnit> OrgService::list_units(const auth::Principal& caller, const UnitFilter& filter) {
  auth::require(caller.role, "org.read");
  std::vector<OrgUnit> units;
  database_.read([&](db::Connection& c) { units = store::list_units(c, caller.scope, filter); });
  return units;
}

OrgUnit OrgService::update_unit(const auth::Principal& caller, int64_t id, const UnitPatch& patch) {
  // A caller who may not manage still gets 404 for what they cannot see, 403 for what they can.
  // Signed-in members of the unit and below hold its name and path in their sessions.
  ForgetCachedSessions forget;
  return write_record(
      database_, caller, {"organisation unit", "org.manage", patch.version},
      [&](db::Connection& c) { return store::find_unit(c, caller.scope, id); },
      [&](db::Connection& c, const OrgUnit& current) {
        OrgUnit result;
        OrgUnit next = current;
        if (patch.name) {
          next.name = text::trim(*patch.name);
          if (next.name.empty()) throw Invalid("name", "must not be empty", "required");
        }
        if (current.kind == "hq" && (patch.parent_id || patch.active == false || patch.division_code)) {
          throw Invalid(patch.parent_id ? "parent_id"
                        : patch.active  ? "division_code"
                                        : "active",
                        "headquarters cannot be moved, deactivated or given a division");
        }
        if (patch.division_code) {
          if (current.kind == "province") {
            check_division(c, *patch.division_code, id);
          } else if (!refdata::find_division(*patch.division_code)) {
            throw Invalid("division_code", "not a GB/T 2260 code");
          }
          next.division_code = patch.division_code;
        }
        std::string new_path = current.path;
        if (patch.parent_id && patch.parent_id != current.parent_id) {
          if (id == caller.org_unit_id) throw Invalid("parent_id", "you cannot move your own unit");
          auto parent = checked_parent(c, caller, current.kind, *patch.parent_id);
          next.parent_id = parent.id;
          new_path = auth::child_path(parent.path, id);
        }
        if (patch.active) {
          if (!*patch.active && current.active) {
            if (id == caller.org_unit_id) throw Invalid("active", "you cannot deactivate your own unit");
            if (store::count_active_children(c, id) > 0 || store::count_active_users(c, id) > 0) {
              throw Conflict("deactivate its units and users first", "org.has_active_children");
            }
          }
          if (*patch.active && !current.active && current.parent_id) {
            auto parent = store::find_unit_unscoped(c, *current.parent_id);
            if (parent && !parent->active) throw Invalid("active", "activate the parent unit first");
          }
          next.active = *patch.active;
        }
        if ((patch.name || patch.parent_id) && next.parent_id &&
            store::sibling_name_taken(c, *next.parent_id, next.name, id)) {
          throw Conflict("a unit with this name exists under the same parent", "org.name_taken",
                         {{"name", "a unit with this name exists under the same parent", "taken"}});
        }
        int64_t now = clock::now_ms();
        store::update_unit(c, next, now);
        if (new_path != current.path) {
          store::move_subtree(c, current.path, new_path);
          for (const auto& [name, hook] : move_hooks()) hook(c);
        }
        result = *store::find_unit_unscoped(c, id);
        std::string action = patch.parent_id && new_path != current.path       ? "move"
                             : patch.active && *patch.active != current.active ? (*patch.active ? "enable" : "disable")
                                                                               : "update";
        audit::record(c, {caller.user_id, action, "org_unit", id, unit_json(current), unit_json(result)});
        return result;
      });
}

User OrgService::create_user(const auth::Principal& caller, const NewUser& input) {
  auth::require(caller.role, "users.manage");
  NewUser user = input;
  user.display_name = text::trim(user.display_name);
  std::vector<FieldError> errors;
  if (auto problem = username_problem(user.username)) errors.push_back({"username", *problem, "invalid_value"});
  if (user.display_name.empty()) errors.push_back({"display_name", "must not be empty", "required"});
  if (auto problem = auth::password_problem(user.password, user.username)) {
    errors.push_back({"password", *problem, "too_weak"});
  }
  if (!errors.empty()) throw Invalid(errors);
  std::string hash = auth::hash_password(user.password);  // outside the write transaction
  User created;
  database_.write([&](db::Connection& c) {
    auto unit = store::find_unit(c, caller.scope, user.org_unit_id);
    if (!unit) throw Invalid("org_unit_id", "no such unit");
    check_role_fits_unit(user.role, *unit, "org_unit_id");
    if (store::find_user_by_username(c, auth::username_key(user.username))) {
      throw Conflict("this username is taken", "user.username_taken", {{"username", "is taken", "taken"}});
    }
    int64_t id = store::insert_user(c, user, hash, clock::now_ms());
    created = *store::find_user(c, caller.scope, id);
    audit::record(c, {caller.user_id ? std::optional(caller.user_id) : std::nullopt, "create", "user", id, std::nullopt,
                      user_json(created)});
  });
  return created;
}

User OrgService::get_user(const auth::Principal& caller, int64_t id) {
  std::optional<User> user;
  database_.read([&](db::Connection& c) { user = store::find_user(c, caller.scope, id); });
  if (!user) throw NotFound("no such user");
  if (id != caller.user_id) auth::require(caller.role, "users.read");
  return *user;
}

std::vector<User> OrgService::list_users(const auth::Principal& caller, const UserFilter& filter) {
  auth::require(caller.role, "users.read");
  std::vector<User> users;
  database_.read([&](db::Connection& c) { users = store::list_users(c, caller.scope, filter); });
  return users;
}

User OrgService::update_user(const auth::Principal& caller, int64_t id, const UserPatch& patch) {
  ForgetCachedSessions forget;  // the user's sessions hold their name, role, unit and state
  return write_record(
      database_, caller, {"user", "users.manage", patch.version},
      [&](db::Connection& c) { return store::find_user(c, caller.scope, id); },
      [&](db::Connection& c, const User& current) {
        User result;
        if (id == caller.user_id && (patch.active == false || (patch.role && *patch.role != current.role) ||
                                     (patch.org_unit_id && *patch.org_unit_id != current.org_unit_id))) {
          throw Invalid(patch.active == false ? "active"
                        : patch.role          ? "role"
                                              : "org_unit_id",
                        "you cannot disable yourself or change your own role or unit");
        }
        User next = current;
        if (patch.display_name) {
          next.display_name = text::trim(*patch.display_name);
          if (next.display_name.empty()) throw Invalid("display_name", "must not be empty", "required");
        }
        if (patch.role) next.role = *patch.role;
        if (patch.org_unit_id) next.org_unit_id = *patch.org_unit_id;
        if (patch.active) next.active = *patch.active;
        if (patch.role || patch.org_unit_id) {
          auto unit = store::find_unit(c, caller.scope, next.org_unit_id);
          if (!unit) throw Invalid("org_unit_id", "no such unit");
          check_role_fits_unit(next.role, *unit, patch.org_unit_id ? "org_unit_id" : "role");
        }
        store::update_user(c, next, clock::now_ms());
        // Disabling, or moving someone to another role or unit, ends their sessions at once:
        // their scope changed, so every open session is stale.
        if (!next.active || next.role != current.role || next.org_unit_id != current.org_unit_id) {
          auth::AuthService::end_sessions(c, id);
        }
        result = *store::find_user(c, caller.scope, id);
        std::string action =
            patch.active && *patch.active != current.active ? (*patch.active ? "enable" : "disable") : "update";
        audit::record(c, {caller.user_id, action, "user", id, user_json(current), user_json(result)});
        return result;
      });
}

void OrgService::reset_password(const auth::Principal& caller, int64_t id, const std::string& password) {
  User target = get_user(caller, id);
  auth::require(caller.role, "users.manage");
  if (auto problem = auth::password_problem(password, target.username)) {
    throw Invalid("password", *problem, "too_weak");
  }
  std::string hash = auth::hash_password(password);
  ForgetCachedSessions forget;
  database_.write([&](db::Connection& c) {
    if (!store::find_user(c, caller.scope, id)) throw NotFound("no such user");
    store::set_password_hash(c, id, hash, clock::now_ms());
    auth::AuthService::end_sessions(c, id);
    audit::record(c, {caller.user_id, "password_reset", "user", id, std::nullopt, std::nullopt});
  });
}

std::pair<User, OrgUnit> OrgService::me(const auth::Principal& caller) {
  User user{caller.user_id,        caller.username,
            caller.display_name,   std::string(auth::to_string(caller.role)),
            caller.org_unit_id,    true,
            caller.user_version,   caller.user_created_at,
            caller.user_updated_at};
  OrgUnit unit{caller.org_unit_id,     caller.unit_kind,          caller.unit_name,   caller.unit_parent_id,
               caller.scope.path,      caller.unit_division_code, caller.unit_active, caller.unit_version,
               caller.unit_created_at, caller.unit_updated_at};
  return {std::move(user), std::move(unit)};
}

Overview OrgService::overview(const auth::Principal& caller) {
  Overview result;
  database_.read([&](db::Connection& c) { result = store::overview(c, caller.scope); });
  return result;
}

std::optional<std::string> OrgService::bootstrap(const std::optional<std::string>& admin_password) {
  std::optional<std::string> generated;
  std::string password;
  if (admin_password && !admin_password->empty()) {
    if (auto problem = auth::password_problem(*admin_password, "admin")) {
      throw std::invalid_argument("FLEETKAM_ADMIN_PASSWORD " + *problem);
    }
    password = *admin_password;
  } else {
    password = auth::new_token().substr(0, 20);
    generated = password;
  }
  bool created = false;
  std::string hash;
  database_.write([&](db::Connection& c) { store::fill_search_keys(c); });
  database_.read([&](db::Connection& c) { created = store::count_units(c) > 0; });
  if (created) return std::nullopt;
  hash = auth::hash_password(password);
  database_.write([&](db::Connection& c) {
    db::lock_for_setup(c);
    if (store::count_units(c) > 0) {
      created = true;
      return;
    }
    int64_t now = clock::now_ms();
    NewUnit hq{"hq", "总部", 0, std::nullopt};
    int64_t id = store::insert_unit(c, hq, "", now);
    NewUser admin{"admin", "", "系统管理员", "admin", id};
    int64_t user_id = store::insert_user(c, admin, hash, now);
    audit::record(c,
                  {std::nullopt, "create", "org_unit", id, std::nullopt, unit_json(*store::find_unit_unscoped(c, id))});
    audit::record(c, {std::nullopt, "create", "user", user_id, std::nullopt, std::nullopt});
  });
  if (created) return std::nullopt;
  return generated ? generated : std::optional<std::string>("");
}

}  // namespace fleetkam::org
