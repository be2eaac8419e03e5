// The SQL of the org module. Every read that a route reaches takes the caller's scope.
#pragma once

#include <optional>
#include <utility>
#include <vector>

#include "modules/org/model.h"
#include "platform/auth/scope.h"
#include "platform/db/database.h"

namespace fleetkam::org::store {

std::optional<OrgUnit> find_unit(db::Connection& c, const auth::Scope& scope, int64_t id);
std::optional<OrgUnit> find_unit_unscoped(db::Connection& c, int64_t id);  // bootstrap and CLI only
std::vector<OrgUnit> list_units(db::Connection& c, const auth::Scope& scope, const UnitFilter& filter);
int64_t insert_unit(db::Connection& c, const NewUnit& unit, const std::string& parent_path, int64_t now);
void update_unit(db::Connection& c, const OrgUnit& unit, int64_t now);
// Rewrites the paths of a subtree after a move.
void move_subtree(db::Connection& c, const std::string& old_path, const std::string& new_path);
bool sibling_name_taken(db::Connection& c, int64_t parent_id, const std::string& name, int64_t except_id);
bool province_division_taken(db::Connection& c, const std::string& code, int64_t except_id);
int64_t count_active_children(db::Connection& c, int64_t unit_id);
int64_t count_active_users(db::Connection& c, int64_t unit_id);
int64_t count_units(db::Connection& c);

std::optional<User> find_user(db::Connection& c, const auth::Scope& scope, int64_t id);
std::optional<User> find_user_by_username(db::Connection& c, const std::string& username);
std::vector<User> list_users(db::Connection& c, const auth::Scope& scope, const UserFilter& filter);
int64_t insert_user(db::Connection& c, const NewUser& user, const std::string& password_hash, int64_t now);
// " key key … ": the display name's pinyin search keys, for `LIKE '% ' || query || '%'`.
std::string display_search_keys(const std::string& display_name);
// Computes the search keys of users that have none (those made before migration 0007).
void fill_search_keys(db::Connection& c);
void update_user(db::Connection& c, const User& user, int64_t now);
void set_password_hash(db::Connection& c, int64_t user_id, const std::string& hash, int64_t now);

Overview overview(db::Connection& c, const auth::Scope& scope);

}  // namespace fleetkam::org::store
