#include "modules/org/store.h"

#include "platform/text/pinyin.h"

#include <cctype>

namespace fleetkam::org::store {
namespace {

constexpr const char* kUnitColumns =
    "id, kind, name, parent_id, path, division_code, active, version, created_at, updated_at";
constexpr const char* kUserColumns =
    "u.id, u.username, u.display_name, u.role, u.org_unit_id, u.active, u.version, u.created_at, u.updated_at";

const std::string kSelectUnitScoped =
    std::string("SELECT ") + kUnitColumns + " FROM org_units WHERE id = ? AND path >= ? AND path < ?";
const std::string kSelectUnit = std::string("SELECT ") + kUnitColumns + " FROM org_units WHERE id = ?";
const std::string kListUnits =
    std::string("SELECT ") + kUnitColumns +
    " FROM org_units WHERE path >= ? AND path < ? AND (? = '' OR kind = ?)"
    " AND (CAST(? AS BIGINT) = 0 OR parent_id = ?) AND (CAST(? AS INTEGER) < 0 OR active = ?)"
    " AND id > ? ORDER BY id LIMIT ?";
constexpr const char* kInsertUnit =
    "INSERT INTO org_units (kind, name, parent_id, path, division_code, active, version, created_at, updated_at) "
    "VALUES (?, ?, ?, '', ?, 1, 1, ?, ?) RETURNING id";
constexpr const char* kSetPath = "UPDATE org_units SET path = ? WHERE id = ?";
constexpr const char* kUpdateUnit =
    "UPDATE org_units SET name = ?, parent_id = ?, division_code = ?, active = ?, version = version + 1, "
    "updated_at = ? WHERE id = ?";
constexpr const char* kMoveSubtree = "UPDATE org_units SET path = ? || substr(path, ?) WHERE path >= ? AND path < ?";
constexpr const char* kSiblingName = "SELECT 1 FROM org_units WHERE parent_id = ? AND name = ? AND id <> ? LIMIT 1";
constexpr const char* kProvinceDivision =
    "SELECT 1 FROM org_units WHERE kind = 'province' AND division_code = ? AND id <> ? LIMIT 1";
constexpr const char* kActiveChildren = "SELECT COUNT(*) FROM org_units WHERE parent_id = ? AND active = 1";
constexpr const char* kActiveUsers = "SELECT COUNT(*) FROM users WHERE org_unit_id = ? AND active = 1";
constexpr const char* kCountUnits = "SELECT COUNT(*) FROM org_units";

const std::string kSelectUserScoped = std::string("SELECT ") + kUserColumns +
                                      " FROM users u JOIN org_units o ON o.id = u.org_unit_id"
                                      " WHERE u.id = ? AND o.path >= ? AND o.path < ?";
const std::string kSelectUserByName = std::string("SELECT ") + kUserColumns + " FROM users u WHERE u.username_key = ?";
const std::string kListUsers = std::string("SELECT ") + kUserColumns +
                               " FROM users u JOIN org_units o ON o.id = u.org_unit_id"
                               " WHERE o.path >= ? AND o.path < ? AND (CAST(? AS BIGINT) = 0 OR u.org_unit_id = ?)"
                               " AND (? = '' OR u.role = ?) AND (CAST(? AS INTEGER) < 0 OR u.active = ?)"
                               " AND (? = '' OR u.username_key LIKE ? ESCAPE '!' OR u.display_name LIKE ? ESCAPE '!'"
                               " OR u.search_keys LIKE ? ESCAPE '!')"
                               " AND u.id > ? ORDER BY u.id LIMIT ?";
constexpr const char* kInsertUser =
    "INSERT INTO users (username, username_key, display_name, search_keys, role, org_unit_id, password_hash, active, "
    "version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, 1, ?, ?) RETURNING id";
constexpr const char* kUpdateUser =
    "UPDATE users SET display_name = ?, search_keys = ?, role = ?, org_unit_id = ?, active = ?, version = version + 1, "
    "updated_at = ? WHERE id = ?";
constexpr const char* kSetPassword =
    "UPDATE users SET password_hash = ?, version = version + 1, updated_at = ? WHERE id = ?";
constexpr const char* kOverview =
    "SELECT (SELECT COUNT(*) FROM org_units WHERE kind = 'region' AND active = 1 AND path >= ? AND path < ?), "
    "(SELECT COUNT(*) FROM org_units WHERE kind = 'province' AND active = 1 AND path >= ? AND path < ?), "
    "(SELECT COUNT(*) FROM org_units WHERE kind = 'dealer' AND active = 1 AND path >= ? AND path < ?), "
    "(SELECT COUNT(*) FROM users u JOIN org_units o ON o.id = u.org_unit_id WHERE u.active = 1 AND o.path >= ? "
    "AND o.path < ?)";

OrgUnit unit_from(const db::Row& r) {
  return {r.integer(0),       r.text(1),    r.text(2),    r.optional_integer(3), r.text(4),
          r.optional_text(5), r.boolean(6), r.integer(7), r.integer(8),          r.integer(9)};
}

User user_from(const db::Row& r) {
  return {r.integer(0), r.text(1),    r.text(2),    r.text(3),   r.integer(4),
          r.boolean(5), r.integer(6), r.integer(7), r.integer(8)};
}

int64_t active_filter(const std::optional<bool>& active) { return active ? (*active ? 1 : 0) : -1; }

}  // namespace

std::optional<OrgUnit> find_unit(db::Connection& c, const auth::Scope& scope, int64_t id) {
  auto row = c.query_one(kSelectUnitScoped, {id, scope.lower(), scope.upper()});
  if (!row) return std::nullopt;
  return unit_from(*row);
}

std::optional<OrgUnit> find_unit_unscoped(db::Connection& c, int64_t id) {
  auto row = c.query_one(kSelectUnit, {id});
  if (!row) return std::nullopt;
  return unit_from(*row);
}

std::vector<OrgUnit> list_units(db::Connection& c, const auth::Scope& scope, const UnitFilter& f) {
  std::string kind = f.kind.value_or("");
  int64_t parent = f.parent_id.value_or(0);
  int64_t active = active_filter(f.active);
  std::vector<OrgUnit> out;
  for (const auto& row : c.query(kListUnits, {scope.lower(), scope.upper(), kind, kind, parent, parent, active, active,
                                              f.after_id.value_or(0), int64_t{f.limit}})) {
    out.push_back(unit_from(row));
  }
  return out;
}

int64_t insert_unit(db::Connection& c, const NewUnit& unit, const std::string& parent_path, int64_t now) {
  auto row =
      c.query_one(kInsertUnit, {unit.kind, unit.name, unit.parent_id ? db::Param{unit.parent_id} : db::Param{nullptr},
                                db::nullable(unit.division_code), now, now});
  int64_t id = row->integer(0);
  c.execute(kSetPath, {auth::child_path(parent_path, id), id});
  return id;
}

void update_unit(db::Connection& c, const OrgUnit& u, int64_t now) {
  c.execute(kUpdateUnit, {u.name, db::nullable(u.parent_id), db::nullable(u.division_code), u.active, now, u.id});
}

void move_subtree(db::Connection& c, const std::string& old_path, const std::string& new_path) {
  auth::Scope subtree{old_path};
  c.execute(kMoveSubtree, {new_path, static_cast<int64_t>(old_path.size() + 1), subtree.lower(), subtree.upper()});
}

bool sibling_name_taken(db::Connection& c, int64_t parent_id, const std::string& name, int64_t except_id) {
  return c.query_one(kSiblingName, {parent_id, name, except_id}).has_value();
}

bool province_division_taken(db::Connection& c, const std::string& code, int64_t except_id) {
  return c.query_one(kProvinceDivision, {code, except_id}).has_value();
}

int64_t count_active_children(db::Connection& c, int64_t unit_id) {
  return c.query_one(kActiveChildren, {unit_id})->integer(0);
}

int64_t count_active_users(db::Connection& c, int64_t unit_id) {
  return c.query_one(kActiveUsers, {unit_id})->integer(0);
}

int64_t count_units(db::Connection& c) { return c.query_one(kCountUnits)->integer(0); }

std::optional<User> find_user(db::Connection& c, const auth::Scope& scope, int64_t id) {
  auto row = c.query_one(kSelectUserScoped, {id, scope.lower(), scope.upper()});
  if (!row) return std::nullopt;
  return user_from(*row);
}

std::optional<User> find_user_by_username(db::Connection& c, const std::string& username_key) {
  auto row = c.query_one(kSelectUserByName, {username_key});
  if (!row) return std::nullopt;
  return user_from(*row);
}

std::vector<User> list_users(db::Connection& c, const auth::Scope& scope, const UserFilter& f) {
  int64_t unit = f.org_unit_id.value_or(0);
  std::string role = f.role.value_or("");
  int64_t active = active_filter(f.active);
  std::string q = f.q.value_or("");
  // q is free text, not a pattern language: escape LIKE's wildcards
  std::string escaped;
  for (char ch : q) {
    if (ch == '%' || ch == '_' || ch == '!') escaped += '!';
    escaped += ch;
  }
  std::string lower = escaped;
  for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  std::string like = "%" + lower + "%";
  std::string display_like = "%" + escaped + "%";
  // a key of the display name starting with the query (pinyin, initials, characters)
  std::string keys_like;
  for (char ch : text::pinyin_query(q)) {
    if (ch == '%' || ch == '_' || ch == '!') keys_like += '!';
    keys_like += ch;
  }
  keys_like = keys_like.empty() ? std::string("\x01") : "% " + keys_like + "%";
  std::vector<User> out;
  for (const auto& row :
       c.query(kListUsers, {scope.lower(), scope.upper(), unit, unit, role, role, active, active, q, like, display_like,
                            keys_like, f.after_id.value_or(0), int64_t{f.limit}})) {
    out.push_back(user_from(row));
  }
  return out;
}

int64_t insert_user(db::Connection& c, const NewUser& user, const std::string& password_hash, int64_t now) {
  std::string key = user.username;
  for (auto& ch : key) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return c
      .query_one(kInsertUser, {user.username, key, user.display_name, display_search_keys(user.display_name), user.role,
                               user.org_unit_id, password_hash, now, now})
      ->integer(0);
}

std::string display_search_keys(const std::string& display_name) {
  std::string out = " ";
  for (const auto& key : text::pinyin_search_keys(display_name)) out += key + " ";
  return out;
}

void fill_search_keys(db::Connection& c) {
  for (const auto& row : c.query("SELECT id, display_name FROM users WHERE search_keys IS NULL")) {
    c.execute("UPDATE users SET search_keys = ? WHERE id = ?", {display_search_keys(row.text(1)), row.integer(0)});
  }
}

void update_user(db::Connection& c, const User& u, int64_t now) {
  c.execute(kUpdateUser,
            {u.display_name, display_search_keys(u.display_name), u.role, u.org_unit_id, u.active, now, u.id});
}

void set_password_hash(db::Connection& c, int64_t user_id, const std::string& hash, int64_t now) {
  c.execute(kSetPassword, {hash, now, user_id});
}

Overview overview(db::Connection& c, const auth::Scope& scope) {
  auto lo = scope.lower(), hi = scope.upper();
  auto row = c.query_one(kOverview, {lo, hi, lo, hi, lo, hi, lo, hi});
  return {row->integer(0), row->integer(1), row->integer(2), row->integer(3)};
}

}  // namespace fleetkam::org::store
