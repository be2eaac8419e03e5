#include "modules/agreements/service.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "modules/agreements/rules.h"
#include "platform/audit/audit.h"
#include "platform/auth/roles.h"
#include "platform/calendar/calendar.h"
#include "platform/clock.h"
#include "platform/errors.h"
#include "platform/record_write.h"

namespace fleetkam::agreements {

const std::vector<std::string>& levels() {
  static const std::vector<std::string> list = {"central", "provincial", "municipal"};
  return list;
}
const std::vector<std::string>& applications() {
  static const std::vector<std::string> list = {"preparing", "submitted", "listed", "not_listed"};
  return list;
}
const std::vector<std::string>& states() {
  static const std::vector<std::string> list = {"upcoming", "in_force", "expiring", "expired"};
  return list;
}
const std::vector<std::string>& providers() {
  static const std::vector<std::string> list = {"hq", "upfitter", "dealer"};
  return list;
}

namespace {

using json = nlohmann::json;
constexpr int64_t kDayMs = 86400000;
constexpr int64_t kDueDays = 14;
constexpr int64_t kExpiringDays = 90;

std::string today_of(int64_t now) { return calendar::date_text(calendar::china_date(now)); }
std::string day_after(int64_t now, int64_t days) { return today_of(now + days * kDayMs); }

// Columns: 0 id, 1 level, 2 centre, 3 its name, 4 unit_id, 5 its name, 6 kind, 7 path, 8 name, 9 notice_no,
// 10 notice_url, 11 starts_on, 12 ends_on, 13 categories, 14 lots, 15 owner, 16 its name, 17 application,
// 18 deadline_on, 19 submitted_at, 20 decided_at, 21 outcome_note, 22 version, 23 created_at, 24 updated_at,
// 25 listed models, 26 dealers
constexpr const char* kSelect =
    "SELECT g.id, g.level, g.centre_account_id, a.name, g.unit_id, u.name, u.kind, u.path, g.name, g.notice_no, "
    "g.notice_url, g.starts_on, g.ends_on, g.categories, g.lots, g.owner_user_id, p.display_name, g.application, "
    "g.deadline_on, g.submitted_at, g.decided_at, g.outcome_note, g.version, g.created_at, g.updated_at, "
    "(SELECT COUNT(*) FROM agreement_listings l WHERE l.agreement_id = g.id), "
    "(SELECT COUNT(*) FROM agreement_dealers d WHERE d.agreement_id = g.id) "
    "FROM agreements g JOIN accounts a ON a.id = g.centre_account_id JOIN org_units u ON u.id = g.unit_id "
    "JOIN users p ON p.id = g.owner_user_id";
// what the caller sees: an agreement of a unit in their scope, or of a unit above theirs
constexpr const char* kVisible = " ((u.path >= ? AND u.path < ?) OR substr(?, 1, length(u.path)) = u.path)";

db::Params visible_params(const auth::Principal& caller) {
  return {caller.scope.lower(), caller.scope.upper(), caller.scope.path};
}

std::vector<std::string> text_list(const std::string& raw) {
  std::vector<std::string> out;
  auto parsed = json::parse(raw, nullptr, false);
  if (parsed.is_array())
    for (const auto& v : parsed)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

Agreement agreement_from(const db::Row& row) {
  Agreement g;
  g.id = row.integer(0);
  g.level = row.text(1);
  g.centre_account_id = row.integer(2);
  g.centre_name = row.text(3);
  g.unit_id = row.integer(4);
  g.unit_name = row.text(5);
  g.unit_kind = row.text(6);
  g.unit_path = row.text(7);
  g.name = row.text(8);
  g.notice_no = row.text(9);
  g.notice_url = row.optional_text(10);
  g.starts_on = row.text(11);
  g.ends_on = row.text(12);
  g.categories = text_list(row.text(13));
  g.lots = text_list(row.text(14));
  g.owner_user_id = row.integer(15);
  g.owner_name = row.text(16);
  g.application = row.text(17);
  g.deadline_on = row.optional_text(18);
  g.submitted_at = row.optional_integer(19);
  g.decided_at = row.optional_integer(20);
  g.outcome_note = row.optional_text(21);
  g.version = row.integer(22);
  g.created_at = row.integer(23);
  g.updated_at = row.integer(24);
  g.listed_models = row.integer(25);
  g.dealers_count = row.integer(26);
  return g;
}

void add_details(db::Connection& c, const auth::Principal& caller, Agreement& g) {
  for (const auto& row : c.query(
           "SELECT name, provider, ready FROM agreement_documents WHERE agreement_id = ? ORDER BY position", {g.id}))
    g.documents.push_back({row.text(0), row.text(1), row.boolean(2)});
  for (const auto& row : c.query("SELECT m.id, m.code, m.name, m.vehicle_type FROM agreement_applied_models x JOIN "
                                 "vehicle_models m ON m.id = x.model_id WHERE x.agreement_id = ? ORDER BY m.code",
                                 {g.id}))
    g.applied_models.push_back({row.integer(0), row.text(1), row.text(2), row.text(3)});
  for (const auto& row :
       c.query("SELECT m.id, m.code, m.name, m.vehicle_type, m.guide_price_fen, l.price_cap_fen, l.discount_terms FROM "
               "agreement_listings l JOIN vehicle_models m ON m.id = l.model_id WHERE l.agreement_id = ? ORDER BY "
               "m.code",
               {g.id}))
    g.listings.push_back(
        {row.integer(0), row.text(1), row.text(2), row.text(3), row.integer(4), row.integer(5), row.optional_text(6)});
  // the authorised dealers the caller's scope holds (a dealer sees itself, not its competitors)
  for (const auto& row : c.query(
           "SELECT du.id, du.name, pu.id, pu.name FROM agreement_dealers d JOIN org_units du ON du.id = d.dealer_id "
           "JOIN org_units pu ON pu.id = du.parent_id WHERE d.agreement_id = ? AND du.path >= ? AND du.path < ? "
           "ORDER BY pu.name, du.name",
           {g.id, caller.scope.lower(), caller.scope.upper()}))
    g.dealers.push_back({row.integer(0), row.text(1), row.integer(2), row.text(3)});
  for (const auto& row : c.query("SELECT id, brand, model, price_fen, note, created_at FROM agreement_competitors "
                                 "WHERE agreement_id = ? ORDER BY price_fen, id",
                                 {g.id}))
    g.competitors.push_back(
        {row.integer(0), row.text(1), row.text(2), row.integer(3), row.optional_text(4), row.integer(5)});
}

std::optional<Agreement> find(db::Connection& c, const auth::Principal& caller, int64_t id, bool details = true) {
  auto params = visible_params(caller);
  params.emplace(params.begin(), id);
  auto row = c.query_one(std::string(kSelect) + " WHERE g.id = ? AND" + kVisible, params);
  if (!row) return std::nullopt;
  auto g = agreement_from(*row);
  if (details) add_details(c, caller, g);
  return g;
}

json audit_json(const Agreement& g) {
  return {{"level", g.level},
          {"centre_account_id", g.centre_account_id},
          {"unit_id", g.unit_id},
          {"name", g.name},
          {"notice_no", g.notice_no},
          {"starts_on", g.starts_on},
          {"ends_on", g.ends_on},
          {"categories", g.categories},
          {"lots", g.lots},
          {"owner_user_id", g.owner_user_id},
          {"application", g.application},
          {"deadline_on", g.deadline_on ? json(*g.deadline_on) : json()}};
}

bool hq_manager(const auth::Principal& caller) {
  return caller.role == auth::Role::ka_director || caller.role == auth::Role::ka_staff;
}

// The agreement's unit, level, centre, period, categories and owner, each a 422 naming the field.
void check_input(db::Connection& c, directories::DirectoryService& directories, const auth::Principal& caller,
                 const AgreementInput& in) {
  std::vector<FieldError> errors;
  auto unit = c.query_one("SELECT kind, path, active FROM org_units WHERE id = ?", {in.unit_id});
  bool central = in.level == "central";
  std::string unit_path;
  if (!unit || !unit->boolean(2) || unit->text(0) != (central ? "hq" : "province")) {
    errors.push_back(
        {"unit_id", central ? "a central agreement belongs to HQ" : "must be an active province", "invalid_value"});
  } else {
    unit_path = unit->text(1);
    bool allowed = central ? (hq_manager(caller) || caller.role == auth::Role::regional_director)
                           : caller.scope.contains(unit_path);
    if (!allowed) errors.push_back({"unit_id", "is not a province you manage agreements for", "out_of_scope"});
  }
  auto centre = c.query_one(
      "SELECT a.admin_level, a.active, ou.path FROM accounts a JOIN org_units ou ON ou.id = a.owner_unit_id WHERE "
      "a.id = ?",
      {in.centre_account_id});
  if (!centre || !centre->boolean(1)) {
    errors.push_back({"centre_account_id", "is not an active account", "invalid_value"});
  } else if (central && centre->text(0) != "central") {
    errors.push_back({"centre_account_id", "a central agreement's centre is a central account", "invalid_value"});
  } else if (!central && !unit_path.empty() && !auth::Scope{unit_path}.contains(centre->text(2))) {
    errors.push_back({"centre_account_id", "must be an account of the agreement's province", "invalid_value"});
  }
  auto starts = calendar::parse_date(in.starts_on);
  auto ends = calendar::parse_date(in.ends_on);
  if (!starts) errors.push_back({"starts_on", "must be a day YYYY-MM-DD", "invalid_value"});
  if (!ends) {
    errors.push_back({"ends_on", "must be a day YYYY-MM-DD", "invalid_value"});
  } else if (starts && in.ends_on < in.starts_on) {
    errors.push_back({"ends_on", "must not be before starts_on", "invalid_value"});
  } else if (starts && calendar::days_from_civil(*ends) - calendar::days_from_civil(*starts) > int64_t{5} * 366) {
    errors.push_back({"ends_on", "an agreement runs at most five years", "invalid_value"});
  }
  if (in.categories.empty()) errors.push_back({"categories", "name at least one vehicle type", "required"});
  for (const auto& code : in.categories) {
    if (!directories.is_active_code(c, "vehicle_types", code)) {
      errors.push_back({"categories", "'" + code + "' is not an active vehicle type code", "invalid_value"});
      break;
    }
  }
  if (std::set<std::string>(in.categories.begin(), in.categories.end()).size() != in.categories.size())
    errors.push_back({"categories", "names a vehicle type twice", "invalid_value"});
  auto owner = c.query_one("SELECT role, org_unit_id, active FROM users WHERE id = ?", {in.owner_user_id});
  if (!owner || !owner->boolean(2)) {
    errors.push_back({"owner_user_id", "is not an active user", "invalid_value"});
  } else if (central && owner->text(0) != "regional_director") {
    errors.push_back({"owner_user_id", "a central agreement is owned by a regional director", "invalid_value"});
  } else if (!central && (owner->text(0) != "area_manager" || owner->integer(1) != in.unit_id)) {
    errors.push_back({"owner_user_id", "must be the province's area manager", "invalid_value"});
  }
  if (!errors.empty()) throw Invalid(errors);
}

void require_manage(const auth::Principal& caller, const Agreement& g) {
  if (!can_manage(caller, g)) throw Forbidden("only the agreement's managers change it");
}

void bump(db::Connection& c, const Agreement& g, int64_t now) {
  if (c.execute("UPDATE agreements SET version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
                {now, g.id, g.version}) != 1)
    throw Conflict("the agreement was changed by someone else", "version_conflict");
}

// Listings: catalogue models, once each, with a positive cap and terms up to 500 characters.
void check_listings(db::Connection& c, const std::vector<ListingInput>& listings) {
  std::vector<FieldError> errors;
  std::set<int64_t> seen;
  if (listings.empty()) errors.push_back({"listings", "list at least one model", "required"});
  for (size_t i = 0; i < listings.size(); ++i) {
    const auto& l = listings[i];
    std::string field = "listings[" + std::to_string(i) + "]";
    if (!c.query_one("SELECT 1 FROM vehicle_models WHERE id = ? AND active = 1", {l.model_id}))
      errors.push_back({field + ".model_id", "is not an active model of the catalogue", "invalid_value"});
    if (!seen.insert(l.model_id).second) errors.push_back({field + ".model_id", "is listed twice", "invalid_value"});
    if (l.price_cap_fen <= 0) errors.push_back({field + ".price_cap_fen", "must be positive", "invalid_value"});
  }
  if (!errors.empty()) throw Invalid(errors);
}

void write_listings(db::Connection& c, int64_t id, const std::vector<ListingInput>& listings) {
  c.execute("DELETE FROM agreement_listings WHERE agreement_id = ?", {id});
  for (const auto& l : listings)
    c.execute(
        "INSERT INTO agreement_listings (agreement_id, model_id, price_cap_fen, discount_terms) VALUES (?, ?, ?, ?)",
        {id, l.model_id, l.price_cap_fen, db::nullable(l.discount_terms)});
}

json listings_json(const std::vector<ListingInput>& listings) {
  json out = json::array();
  for (const auto& l : listings) out.push_back({{"model_id", l.model_id}, {"price_cap_fen", l.price_cap_fen}});
  return out;
}

// The provinces' unit ids, read once per request.
std::set<int64_t> province_ids(db::Connection& c) {
  std::set<int64_t> out;
  for (const auto& row : c.query("SELECT id FROM org_units WHERE kind = 'province'")) out.insert(row.integer(0));
  return out;
}

// The province on a unit path (a province's own, a dealer's), else none (HQ, a region).
std::optional<int64_t> province_on(const std::string& path, const std::set<int64_t>& provinces) {
  for (int64_t id : auth::path_ids(path))
    if (provinces.count(id)) return id;
  return std::nullopt;
}

// The province of a caller below HQ and region (a province's, a dealer's people), else none.
std::optional<int64_t> own_province(db::Connection& c, const auth::Principal& caller) {
  return province_on(caller.scope.path, province_ids(c));
}

}  // namespace

bool can_manage(const auth::Principal& caller, const Agreement& g) {
  if (!auth::allowed(caller.role, "agreements.manage")) return false;
  if (hq_manager(caller)) return true;
  if (g.level == "central") return caller.role == auth::Role::regional_director;
  return caller.scope.contains(g.unit_path);
}

Agreement AgreementService::create(const auth::Principal& caller, const AgreementInput& in) {
  auth::require(caller.role, "agreements.manage");
  int64_t now = clock::now_ms();
  Agreement created;
  database_.write([&](db::Connection& c) {
    check_input(c, directories_, caller, in);
    if (c.query_one("SELECT 1 FROM agreements WHERE centre_account_id = ? AND notice_no = ?",
                    {in.centre_account_id, in.notice_no}))
      throw Conflict("this centre already has an agreement with notice number " + in.notice_no,
                     "agreement.duplicate_notice");
    auto id = c.query_one(
                   "INSERT INTO agreements (level, centre_account_id, unit_id, name, notice_no, notice_url, starts_on, "
                   "ends_on, categories, lots, owner_user_id, application, version, created_by, created_at, "
                   "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'preparing', 1, ?, ?, ?) RETURNING id",
                   {in.level, in.centre_account_id, in.unit_id, in.name, in.notice_no, db::nullable(in.notice_url),
                    in.starts_on, in.ends_on, json(in.categories).dump(), json(in.lots).dump(), in.owner_user_id,
                    caller.user_id, now, now})
                  ->integer(0);
    auto found = find(c, caller, id);
    if (!found) throw Forbidden("the agreement would be outside your scope");
    created = std::move(*found);
    audit::record(c, {caller.user_id, "create", "agreement", id, std::nullopt, audit_json(created).dump()});
  });
  return created;
}

Agreement AgreementService::get(const auth::Principal& caller, int64_t id) {
  auth::require(caller.role, "agreements.read");
  std::optional<Agreement> found;
  database_.read([&](db::Connection& c) { found = find(c, caller, id); });
  if (!found) throw NotFound("no such agreement");
  return std::move(*found);
}

std::vector<Agreement> AgreementService::list(const auth::Principal& caller, const AgreementFilter& f) {
  auth::require(caller.role, "agreements.read");
  std::vector<Agreement> out;
  std::string today = today_of(clock::now_ms());
  std::string soon = day_after(clock::now_ms(), kExpiringDays);
  database_.read([&](db::Connection& c) {
    std::string sql = std::string(kSelect) + " WHERE" + kVisible;
    db::Params params = visible_params(caller);
    if (!f.levels.empty()) sql += " AND g.level IN (" + db::placeholders(f.levels, params) + ")";
    std::vector<std::string> apps = f.applications;
    std::string app_sql;
    if (!apps.empty()) app_sql = "g.application IN (" + db::placeholders(apps, params) + ")";
    if (f.no_application)
      app_sql += std::string(app_sql.empty() ? "" : " OR ") +
                 "(g.application = 'preparing' AND g.deadline_on IS NULL AND NOT EXISTS (SELECT 1 FROM "
                 "agreement_applied_models x WHERE x.agreement_id = g.id))";
    if (!app_sql.empty()) sql += " AND (" + app_sql + ")";
    if (!f.states.empty()) {
      std::vector<std::string> parts;
      for (const auto& s : f.states) {
        if (s == "upcoming") {
          parts.push_back("g.starts_on > ?");
          params.emplace_back(today);
        } else if (s == "expired") {
          parts.push_back("g.ends_on < ?");
          params.emplace_back(today);
        } else if (s == "expiring") {
          parts.push_back("(g.starts_on <= ? AND g.ends_on >= ? AND g.ends_on <= ?)");
          params.emplace_back(today);
          params.emplace_back(today);
          params.emplace_back(soon);
        } else {
          parts.push_back("(g.starts_on <= ? AND g.ends_on > ?)");
          params.emplace_back(today);
          params.emplace_back(soon);
        }
      }
      std::string joined;
      for (const auto& p : parts) joined += (joined.empty() ? "" : " OR ") + p;
      sql += " AND (" + joined + ")";
    }
    if (f.unit_id) {
      auto unit = c.query_one("SELECT path FROM org_units WHERE id = ?", {*f.unit_id});
      if (!unit) throw Invalid("unit_id", "is not a unit");
      auth::Scope within{unit->text(0)};
      sql += " AND u.path >= ? AND u.path < ?";
      params.emplace_back(within.lower());
      params.emplace_back(within.upper());
    }
    if (f.category) {
      sql += " AND g.categories LIKE ?";
      params.emplace_back("%\"" + *f.category + "\"%");
    }
    if (f.owner_user_id) {
      sql += " AND g.owner_user_id = ?";
      params.emplace_back(*f.owner_user_id);
    }
    if (f.mine) {
      sql += " AND g.owner_user_id = ?";
      params.emplace_back(caller.user_id);
    }
    if (f.due) {
      sql += " AND g.application IN ('preparing', 'submitted') AND g.deadline_on IS NOT NULL AND g.deadline_on <= ?";
      params.emplace_back(day_after(clock::now_ms(), kDueDays));
    }
    if (f.q) {
      sql += " AND (g.name LIKE ? OR g.notice_no LIKE ? OR a.name LIKE ?)";
      std::string like = "%" + *f.q + "%";
      params.emplace_back(like);
      params.emplace_back(like);
      params.emplace_back(like);
    }
    if (f.after) {
      sql += " AND (g.ends_on > ? OR (g.ends_on = ? AND g.id > ?))";
      params.emplace_back(f.after->first);
      params.emplace_back(f.after->first);
      params.emplace_back(f.after->second);
    }
    sql += " ORDER BY g.ends_on, g.id LIMIT ?";
    params.emplace_back(int64_t{f.limit});
    for (const auto& row : c.query(sql, params)) out.push_back(agreement_from(row));
  });
  return out;
}

Agreement AgreementService::update(const auth::Principal& caller, int64_t id, int64_t version,
                                   const AgreementInput& in) {
  int64_t now = clock::now_ms();
  return write_record(
      database_, caller, {"agreement", "agreements.read"}, [&](db::Connection& c) { return find(c, caller, id); },
      [&](db::Connection& c, Agreement& g) {
        require_manage(caller, g);
        require_version("agreement", g.version, version);
        if (in.level != g.level) throw Invalid("level", "an agreement's level does not change", "invalid_value");
        check_input(c, directories_, caller, in);
        if (c.query_one("SELECT 1 FROM agreements WHERE centre_account_id = ? AND notice_no = ? AND id <> ?",
                        {in.centre_account_id, in.notice_no, id}))
          throw Conflict("this centre already has an agreement with notice number " + in.notice_no,
                         "agreement.duplicate_notice");
        auto before = audit_json(g);
        if (c.execute("UPDATE agreements SET centre_account_id = ?, unit_id = ?, name = ?, notice_no = ?, notice_url = "
                      "?, starts_on = ?, ends_on = ?, categories = ?, lots = ?, owner_user_id = ?, version = version "
                      "+ 1, updated_at = ? WHERE id = ? AND version = ?",
                      {in.centre_account_id, in.unit_id, in.name, in.notice_no, db::nullable(in.notice_url),
                       in.starts_on, in.ends_on, json(in.categories).dump(), json(in.lots).dump(), in.owner_user_id,
                       now, id, g.version}) != 1)
          throw Conflict("the agreement was changed by someone else", "version_conflict");
        auto after = *find(c, caller, id);
        audit::record(c, {caller.user_id, "update", "agreement", id, before.dump(), audit_json(after).dump()});
        return after;
      });
}

Agreement AgreementService::save_application(const auth::Principal& caller, int64_t id, int64_t version,
                                             const ApplicationInput& in) {
  int64_t now = clock::now_ms();
  return write_record(
      database_, caller, {"agreement", "agreements.read"}, [&](db::Connection& c) { return find(c, caller, id); },
      [&](db::Connection& c, Agreement& g) {
        require_manage(caller, g);
        if (g.application == "listed" || g.application == "not_listed")
          throw Conflict("the application has its outcome and no longer changes", "agreement.decided");
        require_version("agreement", g.version, version);
        std::vector<FieldError> errors;
        if (in.deadline_on && !calendar::parse_date(*in.deadline_on))
          errors.push_back({"deadline_on", "must be a day YYYY-MM-DD", "invalid_value"});
        if (in.documents.size() > 30) errors.push_back({"documents", "lists more than 30 documents", "invalid_value"});
        std::set<int64_t> seen;
        for (size_t i = 0; i < in.model_ids.size(); ++i) {
          if (!c.query_one("SELECT 1 FROM vehicle_models WHERE id = ? AND active = 1", {in.model_ids[i]}))
            errors.push_back(
                {"model_ids", "names a model that is not an active model of the catalogue", "invalid_value"});
          else if (!seen.insert(in.model_ids[i]).second)
            errors.push_back({"model_ids", "names a model twice", "invalid_value"});
        }
        if (!errors.empty()) throw Invalid(errors);
        auto before = audit_json(g);
        bump(c, g, now);
        c.execute("UPDATE agreements SET deadline_on = ? WHERE id = ?", {db::nullable(in.deadline_on), id});
        c.execute("DELETE FROM agreement_documents WHERE agreement_id = ?", {id});
        int64_t position = 0;
        for (const auto& d : in.documents)
          c.execute(
              "INSERT INTO agreement_documents (agreement_id, position, name, provider, ready) VALUES (?, ?, ?, "
              "?, ?)",
              {id, position++, d.name, d.provider, int64_t{d.ready ? 1 : 0}});
        c.execute("DELETE FROM agreement_applied_models WHERE agreement_id = ?", {id});
        for (int64_t m : in.model_ids)
          c.execute("INSERT INTO agreement_applied_models (agreement_id, model_id) VALUES (?, ?)", {id, m});
        auto after = *find(c, caller, id);
        json detail = audit_json(after);
        detail["documents"] = in.documents.size();
        detail["model_ids"] = in.model_ids;
        audit::record(c, {caller.user_id, "application", "agreement", id, before.dump(), detail.dump()});
        return after;
      });
}

Agreement AgreementService::submit(const auth::Principal& caller, int64_t id, int64_t version) {
  int64_t now = clock::now_ms();
  return write_record(
      database_, caller, {"agreement", "agreements.read"}, [&](db::Connection& c) { return find(c, caller, id); },
      [&](db::Connection& c, Agreement& g) {
        require_manage(caller, g);
        if (!next_application(g.application, "submit"))
          throw Conflict("the application is " + g.application + ", not preparing", "agreement.application_state");
        require_version("agreement", g.version, version);
        std::vector<FieldError> errors;
        if (g.applied_models.empty()) errors.push_back({"model_ids", "apply with at least one model", "required"});
        for (const auto& d : g.documents)
          if (!d.ready) {
            errors.push_back({"documents", "'" + d.name + "' is not ready", "not_ready"});
            break;
          }
        if (!errors.empty()) throw Invalid(errors);
        bump(c, g, now);
        c.execute("UPDATE agreements SET application = 'submitted', submitted_at = ? WHERE id = ?", {now, id});
        auto after = *find(c, caller, id);
        audit::record(c, {caller.user_id, "submit", "agreement", id, json{{"application", g.application}}.dump(),
                          json{{"application", after.application}}.dump()});
        return after;
      });
}

Agreement AgreementService::decide(const auth::Principal& caller, int64_t id, int64_t version,
                                   const std::string& outcome, const std::vector<ListingInput>& listings,
                                   const std::optional<std::string>& note) {
  int64_t now = clock::now_ms();
  return write_record(
      database_, caller, {"agreement", "agreements.read"}, [&](db::Connection& c) { return find(c, caller, id); },
      [&](db::Connection& c, Agreement& g) {
        require_manage(caller, g);
        if (!next_application(g.application, outcome))
          throw Conflict(g.application == "preparing" ? "submit the application before its outcome"
                                                      : "the application already has its outcome",
                         "agreement.application_state");
        require_version("agreement", g.version, version);
        if (outcome == "listed") {
          check_listings(c, listings);
        } else if (!listings.empty()) {
          throw Invalid("listings", "a list we are not on lists none of our models", "invalid_value");
        }
        bump(c, g, now);
        c.execute("UPDATE agreements SET application = ?, decided_at = ?, outcome_note = ? WHERE id = ?",
                  {outcome, now, db::nullable(note), id});
        if (outcome == "listed") write_listings(c, id, listings);
        auto after = *find(c, caller, id);
        audit::record(c, {caller.user_id, "outcome", "agreement", id, json{{"application", g.application}}.dump(),
                          json{{"application", outcome}, {"listings", listings_json(listings)}}.dump()});
        return after;
      });
}

Agreement AgreementService::set_listings(const auth::Principal& caller, int64_t id, int64_t version,
                                         const std::vector<ListingInput>& listings) {
  int64_t now = clock::now_ms();
  return write_record(
      database_, caller, {"agreement", "agreements.read"}, [&](db::Connection& c) { return find(c, caller, id); },
      [&](db::Connection& c, Agreement& g) {
        require_manage(caller, g);
        if (g.application != "listed")
          throw Conflict("only an agreement we are listed on has listed models", "agreement.not_listed");
        require_version("agreement", g.version, version);
        check_listings(c, listings);
        json before = json::array();
        for (const auto& l : g.listings)
          before.push_back({{"model_id", l.model_id}, {"price_cap_fen", l.price_cap_fen}});
        bump(c, g, now);
        write_listings(c, id, listings);
        audit::record(c, {caller.user_id, "listings", "agreement", id, before.dump(), listings_json(listings).dump()});
        return *find(c, caller, id);
      });
}

Agreement AgreementService::set_dealers(const auth::Principal& caller, int64_t id, int64_t version,
                                        const std::vector<int64_t>& dealer_ids) {
  int64_t now = clock::now_ms();
  return write_record(
      database_, caller, {"agreement", "agreements.read"}, [&](db::Connection& c) { return find(c, caller, id); },
      [&](db::Connection& c, Agreement& g) {
        require_manage(caller, g);
        require_version("agreement", g.version, version);
        std::vector<FieldError> errors;
        std::set<int64_t> seen;
        auth::Scope within{g.unit_path};
        if (dealer_ids.size() > 2000)
          errors.push_back({"dealer_ids", "lists more than 2,000 dealers", "invalid_value"});
        for (int64_t d : dealer_ids) {
          auto unit = c.query_one("SELECT kind, path, active FROM org_units WHERE id = ?", {d});
          if (!unit || unit->text(0) != "dealer" || !unit->boolean(2)) {
            errors.push_back({"dealer_ids", "names " + std::to_string(d) + ", not an active dealer", "invalid_value"});
            break;
          }
          if (!within.contains(unit->text(1))) {
            errors.push_back({"dealer_ids", "names a dealer outside the agreement's province", "invalid_value"});
            break;
          }
          if (!seen.insert(d).second) {
            errors.push_back({"dealer_ids", "names a dealer twice", "invalid_value"});
            break;
          }
        }
        if (!errors.empty()) throw Invalid(errors);
        // the caller replaces the dealers of their scope; those outside it (another region's, for a
        // regional director on a central agreement) stay as they are
        json before = json::array();
        for (const auto& d : g.dealers) before.push_back(d.id);
        bump(c, g, now);
        for (const auto& d : g.dealers)
          c.execute("DELETE FROM agreement_dealers WHERE agreement_id = ? AND dealer_id = ?", {id, d.id});
        for (int64_t d : dealer_ids) {
          auto path = c.query_one("SELECT path FROM org_units WHERE id = ?", {d})->text(0);
          if (!caller.scope.contains(path))
            throw Invalid("dealer_ids", "names a dealer outside your scope", "out_of_scope");
          c.execute("INSERT INTO agreement_dealers (agreement_id, dealer_id) VALUES (?, ?)", {id, d});
        }
        audit::record(c, {caller.user_id, "dealers", "agreement", id, before.dump(), json(dealer_ids).dump()});
        return *find(c, caller, id);
      });
}

Competitor AgreementService::add_competitor(const auth::Principal& caller, int64_t id, const CompetitorInput& in) {
  int64_t now = clock::now_ms();
  return write_record(
      database_, caller, {"agreement", "agreements.read"},
      [&](db::Connection& c) { return find(c, caller, id, false); },
      [&](db::Connection& c, Agreement& g) {
        require_manage(caller, g);
        if (in.price_fen <= 0) throw Invalid("price_fen", "must be positive");
        auto cid = c.query_one(
                        "INSERT INTO agreement_competitors (agreement_id, brand, model, price_fen, note, "
                        "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                        {id, in.brand, in.model, in.price_fen, db::nullable(in.note), caller.user_id, now})
                       ->integer(0);
        audit::record(
            c,
            {caller.user_id, "create", "agreement_competitor", cid, std::nullopt,
             json{{"agreement_id", id}, {"brand", in.brand}, {"model", in.model}, {"price_fen", in.price_fen}}.dump()});
        return Competitor{cid, in.brand, in.model, in.price_fen, in.note, now};
      });
}

void AgreementService::delete_competitor(const auth::Principal& caller, int64_t id, int64_t competitor_id) {
  write_record(
      database_, caller, {"agreement", "agreements.read"},
      [&](db::Connection& c) { return find(c, caller, id, false); },
      [&](db::Connection& c, Agreement& g) {
        require_manage(caller, g);
        auto row = c.query_one(
            "SELECT brand, model, price_fen FROM agreement_competitors WHERE id = ? AND "
            "agreement_id = ?",
            {competitor_id, id});
        if (!row) throw NotFound("no such competitor on this agreement");
        c.execute("DELETE FROM agreement_competitors WHERE id = ?", {competitor_id});
        audit::record(
            c, {caller.user_id, "delete", "agreement_competitor", competitor_id,
                json{{"agreement_id", id}, {"brand", row->text(0)}, {"model", row->text(1)}}.dump(), std::nullopt});
        return 0;
      });
}

Sales AgreementService::sales(const auth::Principal& caller, int64_t id) {
  auth::require(caller.role, "agreements.read");
  Sales out;
  database_.read([&](db::Connection& c) {
    if (!find(c, caller, id, false)) throw NotFound("no such agreement");
    // the sales kept per dealer with the deliveries (rules.h refresh_sales), the caller's scope's
    std::map<int64_t, SalesLine> provinces;
    for (const auto& row : c.query(
             "SELECT du.id, du.name, pu.id, pu.name, x.units, x.amount_fen FROM agreement_sales x JOIN org_units du "
             "ON du.id = x.dealer_id JOIN org_units pu ON pu.id = du.parent_id WHERE x.agreement_id = ? AND x.units > "
             "0 "
             "AND du.path >= ? AND du.path < ? ORDER BY x.units DESC, du.id",
             {id, caller.scope.lower(), caller.scope.upper()})) {
      SalesLine dealer{row.integer(0), row.text(1), row.text(3), row.integer(4), row.integer(5)};
      auto& p = provinces[row.integer(2)];
      p.unit_id = row.integer(2);
      p.name = row.text(3);
      p.units += dealer.units;
      p.amount_fen += dealer.amount_fen;
      out.units += dealer.units;
      out.amount_fen += dealer.amount_fen;
      out.by_dealer.push_back(std::move(dealer));
    }
    for (auto& [_, p] : provinces) out.by_province.push_back(p);
    std::stable_sort(out.by_province.begin(), out.by_province.end(),
                     [](const SalesLine& a, const SalesLine& b) { return a.units > b.units; });
  });
  return out;
}

Coverage AgreementService::coverage(const auth::Principal& caller, const std::optional<std::string>& category) {
  auth::require(caller.role, "agreements.read");
  Coverage out;
  std::string today = today_of(clock::now_ms());
  database_.read([&](db::Connection& c) {
    // the rows: 中央, then the caller's provinces (a dealer's or province's people: their own)
    out.rows.push_back({std::nullopt, "中央", {}});
    std::map<int64_t, size_t> row_of;
    auto province = own_province(c, caller);
    db::Params params;
    std::string where = province ? "id = ?" : "kind = 'province' AND active = 1 AND path >= ? AND path < ?";
    if (province) {
      params.emplace_back(*province);
    } else {
      params.emplace_back(caller.scope.lower());
      params.emplace_back(caller.scope.upper());
    }
    for (const auto& row :
         c.query("SELECT id, name FROM org_units WHERE " + where + " ORDER BY division_code, id", params)) {
      row_of[row.integer(0)] = out.rows.size();
      out.rows.push_back({row.integer(0), row.text(1), {}});
    }
    // the categories: the vehicle types, in the directory's order, or the one asked for
    for (const auto& row : c.query("SELECT code FROM directory_entries WHERE directory = 'vehicle_types' AND active = "
                                   "1 ORDER BY sort_order, code",
                                   {})) {
      if (!category || *category == row.text(0)) out.categories.push_back(row.text(0));
    }
    std::map<std::string, size_t> column;
    for (size_t i = 0; i < out.categories.size(); ++i) column[out.categories[i]] = i;
    for (auto& r : out.rows)
      for (const auto& cat : out.categories) r.cells.push_back({cat, "never", 0, 0});
    auto rank = [](const std::string& s) {
      if (s == "listed") return 3;
      if (s == "pending") return 2;
      if (s == "not_listed") return 1;
      return 0;
    };
    auto vis = visible_params(caller);
    vis.emplace_back(today);
    for (const auto& row : c.query("SELECT g.level, g.unit_id, g.categories, g.application, g.starts_on, g.ends_on "
                                   "FROM agreements g JOIN org_units u ON u.id = g.unit_id WHERE" +
                                       std::string(kVisible) + " AND g.ends_on >= ?",
                                   vis)) {
      size_t r = 0;
      if (row.text(0) != "central") {
        auto it = row_of.find(row.integer(1));
        if (it == row_of.end()) continue;
        r = it->second;
      }
      std::string app = row.text(3);
      std::string status = app == "listed" ? "listed" : app == "not_listed" ? "not_listed" : "pending";
      bool expiring = app == "listed" && state_on(row.text(4), row.text(5), today) == "expiring";
      for (const auto& cat : text_list(row.text(2))) {
        auto col = column.find(cat);
        if (col == column.end()) continue;
        auto& cell = out.rows[r].cells[col->second];
        cell.agreements += 1;
        if (expiring) cell.expiring += 1;
        if (rank(status) > rank(cell.status)) cell.status = status;
      }
    }
  });
  return out;
}

json AgreementService::options(const auth::Principal& caller) {
  auth::require(caller.role, "agreements.read");
  json out = {{"centres", json::array()}, {"owners", json::array()},    {"models", json::array()},
              {"dealers", json::array()}, {"provinces", json::array()}, {"categories", json::array()}};
  database_.read([&](db::Connection& c) {
    auto provinces = province_ids(c);
    // procurement centres: accounts (central ones, or in the caller's scope) named as a procurement
    // centre (采购) or public resources trading centre (交易中心)
    for (const auto& row : c.query(
             "SELECT a.id, a.name, a.admin_level, ou.path FROM accounts a JOIN org_units ou ON ou.id = a.owner_unit_id "
             "WHERE a.active = 1 AND (a.name LIKE ? OR a.name LIKE ?) AND (a.admin_level = 'central' OR (ou.path >= ? "
             "AND ou.path < ?)) "
             "ORDER BY a.admin_level, a.id LIMIT 500",
             {std::string("%采购%"), std::string("%交易中心%"), caller.scope.lower(), caller.scope.upper()})) {
      auto unit = province_on(row.text(3), provinces);
      json province = unit ? json(*unit) : json(nullptr);
      out["centres"].push_back({{"id", row.integer(0)},
                                {"name", row.text(1)},
                                {"admin_level", row.text(2)},
                                {"province_unit_id", province}});
    }
    for (const auto& row : c.query(
             "SELECT p.id, p.display_name, p.role, p.org_unit_id FROM users p JOIN org_units u ON u.id = p.org_unit_id "
             "WHERE p.active = 1 AND p.role IN ('regional_director', 'area_manager') AND ((u.path >= ? AND u.path < ?) "
             "OR p.role = 'regional_director') ORDER BY p.role, p.id LIMIT 500",
             {caller.scope.lower(), caller.scope.upper()}))
      out["owners"].push_back(
          {{"id", row.integer(0)}, {"name", row.text(1)}, {"role", row.text(2)}, {"unit_id", row.integer(3)}});
    for (const auto& row : c.query(
             "SELECT id, code, name, vehicle_type, guide_price_fen FROM vehicle_models WHERE active = 1 ORDER BY code",
             {}))
      out["models"].push_back({{"id", row.integer(0)},
                               {"code", row.text(1)},
                               {"name", row.text(2)},
                               {"vehicle_type", row.text(3)},
                               {"guide_price_fen", row.integer(4)}});
    for (const auto& row : c.query("SELECT du.id, du.name, du.parent_id FROM org_units du WHERE du.kind = 'dealer' AND "
                                   "du.active = 1 AND du.path >= ? AND du.path < ? ORDER BY du.parent_id, du.id LIMIT "
                                   "3000",
                                   {caller.scope.lower(), caller.scope.upper()}))
      out["dealers"].push_back({{"id", row.integer(0)}, {"name", row.text(1)}, {"province_unit_id", row.integer(2)}});
    auto province = province_on(caller.scope.path, provinces);
    for (const auto& row : c.query(
             province ? std::string("SELECT id, name FROM org_units WHERE id = ?")
                      : std::string("SELECT id, name FROM org_units WHERE kind = 'province' AND active = 1 AND path >= "
                                    "? AND path < ? ORDER BY division_code, id"),
             province ? db::Params{*province} : db::Params{caller.scope.lower(), caller.scope.upper()}))
      out["provinces"].push_back({{"id", row.integer(0)}, {"name", row.text(1)}});
    for (const auto& row :
         c.query("SELECT code, name_zh, name_en FROM directory_entries WHERE directory = 'vehicle_types' AND "
                 "active = 1 ORDER BY sort_order, code",
                 {}))
      out["categories"].push_back({{"code", row.text(0)}, {"name_zh", row.text(1)}, {"name_en", row.text(2)}});
  });
  return out;
}

int64_t count_applications_due(db::Connection& c, const auth::Principal& caller, int64_t now) {
  return c
      .query_one(
          "SELECT COUNT(*) FROM agreements WHERE owner_user_id = ? AND application IN ('preparing', "
          "'submitted') AND deadline_on IS NOT NULL AND deadline_on <= ?",
          {caller.user_id, day_after(now, kDueDays)})
      ->integer(0);
}

int64_t count_expiring(db::Connection& c, const auth::Principal& caller, int64_t now) {
  std::string today = today_of(now);
  return c
      .query_one(
          "SELECT COUNT(*) FROM agreements WHERE owner_user_id = ? AND application = 'listed' AND starts_on "
          "<= ? AND ends_on >= ? AND ends_on <= ?",
          {caller.user_id, today, today, day_after(now, kExpiringDays)})
      ->integer(0);
}

std::vector<notifications::Reminder> reminders(db::Connection& c, int64_t now_ms) {
  std::vector<notifications::Reminder> out;
  std::string today = today_of(now_ms);
  for (const auto& row :
       c.query("SELECT id, owner_user_id, name, deadline_on FROM agreements WHERE application IN ('preparing', "
               "'submitted') AND deadline_on IS NOT NULL AND deadline_on >= ? AND deadline_on <= ?",
               {today, day_after(now_ms, 7)})) {
    auto left = days_until(today, row.text(3)).value_or(0);
    std::string mark = left <= 1 ? "1" : "7";
    out.push_back({row.integer(1), "agreement_deadline",
                   fmt::format("agreement:{}:deadline:{}:{}", row.integer(0), row.text(3), mark),
                   fmt::format("入围申请将于{}截止：{}", row.text(3), row.text(2)), "",
                   fmt::format("/agreements/{}", row.integer(0))});
  }
  for (const auto& row : c.query("SELECT id, owner_user_id, name, ends_on FROM agreements WHERE application = 'listed' "
                                 "AND ends_on >= ? AND ends_on <= ?",
                                 {today, day_after(now_ms, kExpiringDays)})) {
    auto left = days_until(today, row.text(3)).value_or(0);
    std::string mark = left <= 30 ? "30" : "90";
    out.push_back({row.integer(1), "agreement_expiring",
                   fmt::format("agreement:{}:ends:{}:{}", row.integer(0), row.text(3), mark),
                   fmt::format("协议将于{}到期，请安排续签：{}", row.text(3), row.text(2)), "",
                   fmt::format("/agreements/{}", row.integer(0))});
  }
  return out;
}

}  // namespace fleetkam::agreements
