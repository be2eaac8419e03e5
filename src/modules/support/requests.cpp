// The support ledger's rules, HQ's items and stock, the requests with their approvals, the gift
// limit and the ledger's figures (docs/api-notes.md, "The support ledger").
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <nlohmann/json.hpp>

#include "modules/org/store.h"
#include "modules/support/service.h"
#include "platform/audit/audit.h"
#include "platform/auth/roles.h"
#include "platform/calendar/calendar.h"
#include "platform/clock.h"
#include "platform/errors.h"
#include "platform/record_write.h"

namespace fleetkam::support {

const std::vector<std::string>& request_kinds() {
  static const std::vector<std::string> list = {"material", "tool", "gift"};
  return list;
}
const std::vector<std::string>& item_kinds() {
  static const std::vector<std::string> list = {"material", "tool"};
  return list;
}
const std::vector<std::string>& gift_kinds() {
  static const std::vector<std::string> list = {"small", "pr"};
  return list;
}
const std::vector<std::string>& request_statuses() {
  static const std::vector<std::string> list = {"pending", "approved", "issued", "received", "rejected", "cancelled"};
  return list;
}
const std::vector<std::string>& levels() {
  static const std::vector<std::string> list = {"province", "region", "hq"};
  return list;
}

namespace {

using json = nlohmann::json;

constexpr const char* kRulesKey = "support.rules";
constexpr int64_t kMaxExportRows = 50000;

std::string china_today(int64_t now) { return calendar::date_text(calendar::china_date(now)); }

// "¥1,234" or "¥1,234.50"
std::string yuan(int64_t fen) {
  std::string digits = std::to_string(fen / 100);
  std::string grouped;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ',';
    grouped += digits[i];
  }
  std::string out = "¥" + grouped;
  if (fen % 100 != 0) out += fmt::format(".{:02}", fen % 100);
  return out;
}

json rules_json(const Rules& r) {
  return {{"province_limit_fen", r.province_limit_fen},
          {"region_limit_fen", r.region_limit_fen},
          {"gift_limit_fen", r.gift_limit_fen},
          {"gift_count_limit", r.gift_count_limit},
          {"points_per_won_registration", r.points_per_won_registration},
          {"points_per_useful_note", r.points_per_useful_note},
          {"fen_per_point", r.fen_per_point}};
}

// Columns: 0 id, 1 kind, 2 name, 3 unit_label, 4 unit_cost_fen, 5 stock, 6 active, 7 version,
// 8 created_at, 9 updated_at
constexpr const char* kItemSelect =
    "SELECT id, kind, name, unit_label, unit_cost_fen, stock, active, version, created_at, updated_at FROM "
    "support_items";

Item item_from(const db::Row& row) {
  Item i;
  i.id = row.integer(0);
  i.kind = row.text(1);
  i.name = row.text(2);
  i.unit_label = row.text(3);
  i.unit_cost_fen = row.integer(4);
  i.stock = row.integer(5);
  i.active = row.boolean(6);
  i.version = row.integer(7);
  i.created_at = row.integer(8);
  i.updated_at = row.integer(9);
  return i;
}

std::optional<Item> find_item(db::Connection& c, int64_t id) {
  auto row = c.query_one(std::string(kItemSelect) + " WHERE id = ?", {id});
  if (!row) return std::nullopt;
  return item_from(*row);
}

json item_json(const Item& i) {
  return {{"kind", i.kind},   {"name", i.name},    {"unit_label", i.unit_label}, {"unit_cost_fen", i.unit_cost_fen},
          {"stock", i.stock}, {"active", i.active}};
}

// Columns: 0 id, 1 kind, 2 unit_id, 3 unit name, 4 unit path, 5 unit kind, 6 requested_by, 7 name,
// 8 item_id, 9 item name, 10 unit_label, 11 gift_kind, 12 description, 13 quantity, 14 amount_fen,
// 15 account_id, 16 account name, 17 contact_id, 18 contact name, 19 purpose, 20 day, 21 status,
// 22 required_level, 23 next_level, 24 next_unit_id, 25 its name, 26 issued_at, 27 issued by name,
// 28 received_at, 29 received by name, 30 received_note, 31 version, 32 created_at, 33 updated_at,
// 34 decided_note (why rejected or cancelled)
constexpr const char* kRequestSelect =
    "SELECT r.id, r.kind, r.unit_id, u.name, u.path, u.kind, r.requested_by, rp.display_name, r.item_id, i.name, "
    "i.unit_label, r.gift_kind, r.description, r.quantity, r.amount_fen, r.account_id, a.name, r.contact_id, k.name, "
    "r.purpose, r.day, r.status, r.required_level, r.next_level, r.next_unit_id, nu.name, r.issued_at, "
    "ip.display_name, "
    "r.received_at, cp.display_name, r.received_note, r.version, r.created_at, r.updated_at, r.decided_note FROM "
    "support_requests r "
    "JOIN org_units u ON u.id = r.unit_id JOIN users rp ON rp.id = r.requested_by LEFT JOIN support_items i ON i.id = "
    "r.item_id LEFT JOIN accounts a ON a.id = r.account_id LEFT JOIN contacts k ON k.id = r.contact_id LEFT JOIN "
    "org_units nu ON nu.id = r.next_unit_id LEFT JOIN users ip ON ip.id = r.issued_by LEFT JOIN users cp ON cp.id = "
    "r.received_by";

Request request_from(const db::Row& row) {
  Request r;
  r.id = row.integer(0);
  r.kind = row.text(1);
  r.unit_id = row.integer(2);
  r.unit_name = row.text(3);
  r.unit_path = row.text(4);
  r.unit_kind = row.text(5);
  r.requested_by = row.integer(6);
  r.requested_by_name = row.text(7);
  r.item_id = row.optional_integer(8);
  r.item_name = row.optional_text(9);
  r.unit_label = row.optional_text(10);
  r.gift_kind = row.optional_text(11);
  r.description = row.text(12);
  r.quantity = row.integer(13);
  r.amount_fen = row.integer(14);
  r.account_id = row.optional_integer(15);
  r.account_name = row.optional_text(16);
  r.contact_id = row.optional_integer(17);
  r.contact_name = row.optional_text(18);
  r.purpose = row.optional_text(19);
  r.day = row.text(20);
  r.status = row.text(21);
  r.required_level = row.text(22);
  r.next_level = row.optional_text(23);
  r.next_unit_id = row.optional_integer(24);
  r.next_unit_name = row.optional_text(25);
  r.issued_at = row.optional_integer(26);
  r.issued_by_name = row.optional_text(27);
  r.received_at = row.optional_integer(28);
  r.received_by_name = row.optional_text(29);
  r.received_note = row.optional_text(30);
  r.version = row.integer(31);
  r.created_at = row.integer(32);
  r.updated_at = row.integer(33);
  r.closing_note = row.optional_text(34);
  return r;
}

std::optional<Request> find_request(db::Connection& c, const auth::Principal& caller, int64_t id, bool with_approvals) {
  auto row = c.query_one(std::string(kRequestSelect) + " WHERE r.id = ? AND u.path >= ? AND u.path < ?",
                         {id, caller.scope.lower(), caller.scope.upper()});
  if (!row) return std::nullopt;
  auto r = request_from(*row);
  if (with_approvals) {
    for (const auto& a : c.query(
             "SELECT s.level, s.decision, p.display_name, s.note, s.at FROM support_approvals s JOIN users p ON p.id = "
             "s.user_id WHERE s.request_id = ? ORDER BY s.id",
             {id}))
      r.approvals.push_back({a.text(0), a.text(1), a.text(2), a.optional_text(3), a.integer(4)});
  }
  return r;
}

json request_audit(const Request& r) {
  return {{"kind", r.kind},
          {"unit_id", r.unit_id},
          {"item_id", r.item_id ? json(*r.item_id) : json()},
          {"gift_kind", r.gift_kind ? json(*r.gift_kind) : json()},
          {"description", r.description},
          {"quantity", r.quantity},
          {"amount_fen", r.amount_fen},
          {"contact_id", r.contact_id ? json(*r.contact_id) : json()},
          {"status", r.status},
          {"next_level", r.next_level ? json(*r.next_level) : json()}};
}

int level_rank(const std::string& kind) {
  if (kind == "dealer") return 0;
  if (kind == "province") return 1;
  if (kind == "region") return 2;
  return 3;  // hq
}

const std::array<std::string, 4> kLevelNames = {"dealer", "province", "region", "hq"};

// The ids on a unit path "/1/4/17/23/" → {1, 4, 17, 23}.

}  // namespace

int64_t ancestor_at(const std::string& unit_kind, const std::string& unit_path, const std::string& level) {
  auto ids = auth::path_ids(unit_path);
  auto up = static_cast<size_t>(level_rank(level) - level_rank(unit_kind));
  if (ids.empty() || up >= ids.size()) throw std::runtime_error("support: no ancestor at " + level);
  return ids[ids.size() - 1 - up];
}

std::string required_level_for(const Rules& rules, int64_t amount_fen, const std::string& unit_kind) {
  int needed = amount_fen <= rules.province_limit_fen ? 1 : amount_fen <= rules.region_limit_fen ? 2 : 3;
  needed = std::max(needed, std::min(level_rank(unit_kind) + 1, 3));
  return kLevelNames.at(static_cast<size_t>(needed));
}

namespace {

struct Given {
  int64_t fen = 0, count = 0;
};

Given gifts_given(db::Connection& c, int64_t contact_id, int64_t year, int64_t except_id) {
  auto row = c.query_one(
      "SELECT COALESCE(SUM(amount_fen), 0), COUNT(*) FROM support_requests WHERE contact_id = ? AND kind = 'gift' AND "
      "day >= ? AND day <= ? AND status NOT IN ('rejected', 'cancelled') AND id <> ?",
      {contact_id, fmt::format("{}-01-01", year), fmt::format("{}-12-31", year), except_id});
  return {row->integer(0), row->integer(1)};
}

// 422 gift.over_limit unless the gift keeps the contact within HQ's limits for the year.
void check_gift_limit(db::Connection& c, const Rules& rules, int64_t contact_id, const std::string& day,
                      int64_t amount_fen, int64_t except_id) {
  int64_t year = std::stoll(day.substr(0, 4));
  auto given = gifts_given(c, contact_id, year, except_id);
  std::vector<FieldError> errors;
  if (given.fen + amount_fen > rules.gift_limit_fen)
    errors.push_back({"amount_fen",
                      fmt::format("exceeds the limit of {} per contact and year: {} given in {}",
                                  yuan(rules.gift_limit_fen), yuan(given.fen), year),
                      "invalid_value"});
  if (given.count + 1 > rules.gift_count_limit)
    errors.push_back({"contact_id",
                      fmt::format("exceeds the limit of {} gifts per contact and year: {} given in {}",
                                  rules.gift_count_limit, given.count, year),
                      "invalid_value"});
  if (errors.empty()) return;
  Invalid error(errors, "gift.over_limit");
  error.with_extra(json{
      {"limit_fen", rules.gift_limit_fen},
      {"given_fen", given.fen},
      {"count_limit", rules.gift_count_limit},
      {"given_count",
       given.count}}.dump());
  throw error;
}

void store_status(db::Connection& c, const Request& r, const std::string& sql_set, db::Params params, int64_t now) {
  params.emplace_back(now);
  params.emplace_back(r.id);
  params.emplace_back(r.version);
  if (c.execute("UPDATE support_requests SET " + sql_set +
                    ", version = version + 1, updated_at = ? WHERE id = ? AND "
                    "version = ?",
                params) != 1)
    throw Conflict("the request was changed by someone else", "version_conflict");
}

void require_state(const Request& r, std::initializer_list<const char*> states, const std::string& step) {
  for (const char* s : states)
    if (r.status == s) return;
  throw Conflict("a request that is " + r.status + " cannot be " + step, "support.state");
}

// The scope condition and parameters for a box of the list.
void box_condition(const auth::Principal& caller, const std::string& box, std::string& sql, db::Params& params) {
  if (box == "to_approve") {
    if (!auth::allowed(caller.role, "support.approve")) {
      sql += " AND 1 = 0";
      return;
    }
    sql += " AND r.status = 'pending' AND r.next_unit_id = ? AND r.requested_by <> ?";
    params.emplace_back(caller.org_unit_id);
    params.emplace_back(caller.user_id);
  } else if (box == "to_issue") {
    bool stock = auth::allowed(caller.role, "support.stock");
    bool gifts = auth::allowed(caller.role, "support.request");
    if (stock && gifts) {
      sql += " AND r.status = 'approved'";
    } else if (stock) {
      sql += " AND r.status = 'approved' AND r.kind <> 'gift'";
    } else if (gifts) {
      sql += " AND r.status = 'approved' AND r.kind = 'gift'";
    } else {
      sql += " AND 1 = 0";
    }
  } else if (box == "to_receive") {
    if (!auth::allowed(caller.role, "support.request")) {
      sql += " AND 1 = 0";
      return;
    }
    sql += " AND r.status = 'issued'";
  } else if (box == "mine") {
    sql += " AND r.requested_by = ?";
    params.emplace_back(caller.user_id);
  }
}

void in_list(const std::string& column, const std::vector<std::string>& values, std::string& sql, db::Params& params) {
  if (!values.empty()) sql += " AND " + column + " IN (" + db::placeholders(values, params) + ")";
}

std::string request_conditions(db::Connection& c, const auth::Principal& caller, const RequestFilter& f,
                               db::Params& params) {
  std::string sql = " WHERE u.path >= ? AND u.path < ?";
  params = {caller.scope.lower(), caller.scope.upper()};
  in_list("r.kind", f.kinds, sql, params);
  in_list("r.status", f.statuses, sql, params);
  if (f.unit_id) {
    auto unit = org::store::find_unit(c, caller.scope, *f.unit_id);
    if (!unit) throw Invalid("unit_id", "is not a unit in your scope");
    auth::Scope within{unit->path};
    sql += " AND u.path >= ? AND u.path < ?";
    params.emplace_back(within.lower());
    params.emplace_back(within.upper());
  }
  if (f.account_id) {
    sql += " AND r.account_id = ?";
    params.emplace_back(*f.account_id);
  }
  if (f.contact_id) {
    sql += " AND r.contact_id = ?";
    params.emplace_back(*f.contact_id);
  }
  if (f.from) {
    sql += " AND r.day >= ?";
    params.emplace_back(*f.from);
  }
  if (f.to) {
    sql += " AND r.day <= ?";
    params.emplace_back(*f.to);
  }
  if (f.box) box_condition(caller, *f.box, sql, params);
  return sql;
}

}  // namespace

Rules load_rules(db::Connection& c) {
  Rules r;
  auto row = c.query_one("SELECT value FROM settings WHERE key = ?", {std::string(kRulesKey)});
  if (!row) return r;
  auto v = json::parse(row->text(0), nullptr, false);
  if (!v.is_object()) return r;
  r.province_limit_fen = v.value("province_limit_fen", r.province_limit_fen);
  r.region_limit_fen = v.value("region_limit_fen", r.region_limit_fen);
  r.gift_limit_fen = v.value("gift_limit_fen", r.gift_limit_fen);
  r.gift_count_limit = v.value("gift_count_limit", r.gift_count_limit);
  r.points_per_won_registration = v.value("points_per_won_registration", r.points_per_won_registration);
  r.points_per_useful_note = v.value("points_per_useful_note", r.points_per_useful_note);
  r.fen_per_point = v.value("fen_per_point", r.fen_per_point);
  return r;
}

bool can_approve(const auth::Principal& caller, const Request& r) {
  return r.status == "pending" && r.next_unit_id && *r.next_unit_id == caller.org_unit_id &&
         r.requested_by != caller.user_id && auth::allowed(caller.role, "support.approve");
}

bool can_issue(const auth::Principal& caller, const Request& r) {
  if (r.status != "approved") return false;
  if (r.kind == "gift") return auth::allowed(caller.role, "support.request") && caller.scope.contains(r.unit_path);
  return auth::allowed(caller.role, "support.stock");
}

bool can_receive(const auth::Principal& caller, const Request& r) {
  return r.status == "issued" && auth::allowed(caller.role, "support.request") && caller.scope.contains(r.unit_path);
}

bool can_cancel(const auth::Principal& caller, const Request& r) {
  return (r.status == "pending" || r.status == "approved") && auth::allowed(caller.role, "support.request") &&
         caller.scope.contains(r.unit_path);
}

Rules SupportService::rules(const auth::Principal& caller) {
  auth::require(caller.role, "support.read");
  Rules r;
  database_.read([&](db::Connection& c) { r = load_rules(c); });
  return r;
}

Rules SupportService::set_rules(const auth::Principal& caller, const Rules& r) {
  auth::require(caller.role, "support.rules");
  if (r.region_limit_fen < r.province_limit_fen)
    throw Invalid("region_limit_fen", "must be at least the province limit");
  int64_t now = clock::now_ms();
  database_.write([&](db::Connection& c) {
    auto before = load_rules(c);
    c.execute(
        "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = "
        "excluded.value, updated_at = excluded.updated_at",
        {std::string(kRulesKey), rules_json(r).dump(), now});
    audit::record(c, {caller.user_id, "update", "support_rules", 0, rules_json(before).dump(), rules_json(r).dump()});
  });
  return r;
}

std::vector<Item> SupportService::items(const auth::Principal& caller, const std::optional<std::string>& kind,
                                        std::optional<bool> active) {
  auth::require(caller.role, "support.read");
  std::vector<Item> out;
  database_.read([&](db::Connection& c) {
    std::string sql = std::string(kItemSelect) + " WHERE 1 = 1";
    db::Params params;
    if (kind) {
      sql += " AND kind = ?";
      params.emplace_back(*kind);
    }
    if (active) {
      sql += " AND active = ?";
      params.emplace_back(int64_t{*active ? 1 : 0});
    }
    sql += " ORDER BY kind, name, id";
    for (const auto& row : c.query(sql, params)) out.push_back(item_from(row));
  });
  return out;
}

Item SupportService::create_item(const auth::Principal& caller, const ItemInput& in) {
  auth::require(caller.role, "support.stock");
  int64_t now = clock::now_ms();
  Item created;
  database_.write([&](db::Connection& c) {
    auto id = c.query_one(
                   "INSERT INTO support_items (kind, name, unit_label, unit_cost_fen, stock, active, version, "
                   "created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, 1, ?, ?) RETURNING id",
                   {in.kind, in.name, in.unit_label, in.unit_cost_fen, in.stock, now, now})
                  ->integer(0);
    created = *find_item(c, id);
    audit::record(c, {caller.user_id, "create", "support_item", id, std::nullopt, item_json(created).dump()});
  });
  return created;
}

Item SupportService::update_item(const auth::Principal& caller, int64_t id, int64_t version, const ItemInput& in) {
  int64_t now = clock::now_ms();
  return write_record(
      database_, caller, {"support item", "support.stock", version},
      [&](db::Connection& c) { return find_item(c, id); },
      [&](db::Connection& c, Item& before) {
        if (c.execute("UPDATE support_items SET name = ?, unit_label = ?, unit_cost_fen = ?, active = ?, version = "
                      "version + 1, updated_at = ? WHERE id = ? AND version = ?",
                      {in.name, in.unit_label, in.unit_cost_fen, int64_t{in.active ? 1 : 0}, now, id, version}) != 1)
          throw Conflict("the support item was changed by someone else", "version_conflict");
        auto after = *find_item(c, id);
        audit::record(
            c, {caller.user_id, "update", "support_item", id, item_json(before).dump(), item_json(after).dump()});
        return after;
      });
}

Item SupportService::restock(const auth::Principal& caller, int64_t id, int64_t version, int64_t quantity,
                             const std::string& note) {
  int64_t now = clock::now_ms();
  return write_record(
      database_, caller, {"support item", "support.stock", version},
      [&](db::Connection& c) { return find_item(c, id); },
      [&](db::Connection& c, Item& before) {
        if (c.execute("UPDATE support_items SET stock = stock + ?, version = version + 1, updated_at = ? WHERE id = ? "
                      "AND version = ?",
                      {quantity, now, id, version}) != 1)
          throw Conflict("the support item was changed by someone else", "version_conflict");
        auto after = *find_item(c, id);
        audit::record(c, {caller.user_id, "restock", "support_item", id, json{{"stock", before.stock}}.dump(),
                          json{{"stock", after.stock}, {"quantity", quantity}, {"note", note}}.dump()});
        return after;
      });
}

Request SupportService::create(const auth::Principal& caller, const RequestInput& in) {
  auth::require(caller.role, "support.request");
  int64_t now = clock::now_ms();
  std::string today = china_today(now);
  Request created;
  database_.write([&](db::Connection& c) {
    auto rules = load_rules(c);
    int64_t unit_id = in.unit_id.value_or(caller.org_unit_id);
    auto unit = org::store::find_unit(c, caller.scope, unit_id);
    if (!unit || !unit->active) throw Invalid("unit_id", "is not an active unit in your scope");
    if (unit->kind == "hq") throw Invalid("unit_id", "HQ does not request support from itself");
    std::optional<int64_t> account_id;
    std::string description;
    int64_t amount = 0;
    if (in.kind == "gift") {
      // the contact: an active one of an account in the caller's scope (404 otherwise)
      auto k = c.query_one(
          "SELECT k.account_id FROM contacts k JOIN accounts a ON a.id = k.account_id JOIN org_units ou ON ou.id = "
          "a.owner_unit_id WHERE k.id = ? AND k.active = 1 AND ou.path >= ? AND ou.path < ?",
          {*in.contact_id, caller.scope.lower(), caller.scope.upper()});
      if (!k) throw NotFound("no such contact");
      account_id = k->integer(0);
      description = *in.description;
      amount = *in.amount_fen;
      check_gift_limit(c, rules, *in.contact_id, today, amount, 0);
    } else {
      auto item = find_item(c, *in.item_id);
      if (!item || !item->active || item->kind != in.kind)
        throw Invalid("item_id", "is not an active HQ item of kind " + in.kind);
      description = in.description.value_or(item->name);
      amount = item->unit_cost_fen * in.quantity;
    }
    auto required = required_level_for(rules, amount, unit->kind);
    std::string first = kLevelNames.at(static_cast<size_t>(std::min(level_rank(unit->kind) + 1, 3)));
    int64_t next_unit = ancestor_at(unit->kind, unit->path, first);
    auto id =
        c.query_one(
             "INSERT INTO support_requests (kind, unit_id, requested_by, item_id, gift_kind, description, "
             "quantity, amount_fen, account_id, contact_id, purpose, day, status, required_level, next_level, "
             "next_unit_id, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
             "'pending', ?, ?, ?, 1, ?, ?) RETURNING id",
             {in.kind, unit_id, caller.user_id, in.kind == "gift" ? db::Param(nullptr) : db::Param(*in.item_id),
              in.kind == "gift" ? db::nullable(in.gift_kind) : db::Param(nullptr), description, in.quantity, amount,
              db::nullable(account_id), in.kind == "gift" ? db::nullable(in.contact_id) : db::Param(nullptr),
              db::nullable(in.purpose), today, required, first, next_unit, now, now})
            ->integer(0);
    created = *find_request(c, caller, id, true);
    audit::record(c, {caller.user_id, "create", "support_request", id, std::nullopt, request_audit(created).dump()});
  });
  return created;
}

Request SupportService::get(const auth::Principal& caller, int64_t id) {
  auth::require(caller.role, "support.read");
  std::optional<Request> found;
  database_.read([&](db::Connection& c) { found = find_request(c, caller, id, true); });
  if (!found) throw NotFound("no such support request");
  return std::move(*found);
}

std::vector<Request> SupportService::list(const auth::Principal& caller, const RequestFilter& f) {
  auth::require(caller.role, "support.read");
  std::vector<Request> out;
  database_.read([&](db::Connection& c) {
    db::Params params;
    std::string sql = std::string(kRequestSelect) + request_conditions(c, caller, f, params);
    if (f.before) {
      sql += " AND (r.day < ? OR (r.day = ? AND r.id < ?))";
      params.emplace_back(f.before->first);
      params.emplace_back(f.before->first);
      params.emplace_back(f.before->second);
    }
    sql += " ORDER BY r.day DESC, r.id DESC LIMIT ?";
    params.emplace_back(int64_t{f.limit});
    for (const auto& row : c.query(sql, params)) out.push_back(request_from(row));
  });
  return out;
}

std::vector<std::vector<std::string>> SupportService::export_rows(const auth::Principal& caller, RequestFilter f) {
  static const std::map<std::string, std::string> kinds = {
      {"material", "终端物料"}, {"tool", "销售工具"}, {"gift", "礼品"}};
  static const std::map<std::string, std::string> statuses = {{"pending", "待审批"},  {"approved", "已批准"},
                                                              {"issued", "已发放"},   {"received", "已签收"},
                                                              {"rejected", "已驳回"}, {"cancelled", "已取消"}};
  static const std::map<std::string, std::string> level_names = {
      {"province", "省区"}, {"region", "大区"}, {"hq", "总部"}};
  f.limit = kMaxExportRows + 1;
  auto items = list(caller, f);
  if (static_cast<int64_t>(items.size()) > kMaxExportRows)
    throw Invalid("limit", "more than 50,000 requests: narrow the filter", "too_many", "validation_failed");
  std::vector<std::vector<std::string>> rows = {{"日期", "单位", "类别", "名称/说明", "数量", "金额(元)", "客户",
                                                 "联系人", "申请人", "状态", "审批层级", "用途"}};
  for (const auto& r : items) {
    rows.push_back({r.day, r.unit_name, kinds.at(r.kind), r.item_name.value_or(r.description),
                    std::to_string(r.quantity), fmt::format("{}.{:02}", r.amount_fen / 100, r.amount_fen % 100),
                    r.account_name.value_or(""), r.contact_name.value_or(""), r.requested_by_name,
                    statuses.at(r.status), level_names.at(r.required_level), r.purpose.value_or("")});
  }
  return rows;
}

Request SupportService::approve(const auth::Principal& caller, int64_t id, int64_t version,
                                const std::optional<std::string>& note) {
  int64_t now = clock::now_ms();
  return write_record(
      database_, caller, {"support request", "support.read"},
      [&](db::Connection& c) { return find_request(c, caller, id, false); },
      [&](db::Connection& c, Request& r) {
        require_state(r, {"pending"}, "approved");
        if (!can_approve(caller, r))
          throw Forbidden("the request waits for the " + r.next_level.value_or("") +
                              " level: " + r.next_unit_name.value_or("") + "'s approvers (never the requester)",
                          "support.not_approver");
        require_version("support request", r.version, version);
        if (r.kind == "gift") check_gift_limit(c, load_rules(c), *r.contact_id, r.day, r.amount_fen, r.id);
        c.execute(
            "INSERT INTO support_approvals (request_id, level, decision, user_id, note, at) VALUES (?, ?, 'approved', "
            "?, ?, ?)",
            {id, *r.next_level, caller.user_id, db::nullable(note), now});
        if (*r.next_level == r.required_level) {
          store_status(c, r, "status = 'approved', next_level = NULL, next_unit_id = NULL", {}, now);
        } else {
          std::string up = kLevelNames.at(static_cast<size_t>(level_rank(*r.next_level)) + 1);
          store_status(c, r, "next_level = ?, next_unit_id = ?", {up, ancestor_at(r.unit_kind, r.unit_path, up)}, now);
        }
        auto after = *find_request(c, caller, id, true);
        audit::record(c, {caller.user_id, "approve", "support_request", id, request_audit(r).dump(),
                          request_audit(after).dump()});
        return after;
      });
}

Request SupportService::reject(const auth::Principal& caller, int64_t id, int64_t version, const std::string& note) {
  int64_t now = clock::now_ms();
  return write_record(
      database_, caller, {"support request", "support.read"},
      [&](db::Connection& c) { return find_request(c, caller, id, false); },
      [&](db::Connection& c, Request& r) {
        require_state(r, {"pending"}, "rejected");
        if (!can_approve(caller, r))
          throw Forbidden("only the approvers the request waits for reject it", "support.not_approver");
        require_version("support request", r.version, version);
        c.execute(
            "INSERT INTO support_approvals (request_id, level, decision, user_id, note, at) VALUES (?, ?, 'rejected', "
            "?, ?, ?)",
            {id, *r.next_level, caller.user_id, note, now});
        store_status(c, r, "status = 'rejected', next_level = NULL, next_unit_id = NULL, decided_note = ?", {note},
                     now);
        auto after = *find_request(c, caller, id, true);
        audit::record(
            c, {caller.user_id, "reject", "support_request", id, request_audit(r).dump(), request_audit(after).dump()});
        return after;
      });
}

Request SupportService::issue(const auth::Principal& caller, int64_t id, int64_t version) {
  int64_t now = clock::now_ms();
  return write_record(
      database_, caller, {"support request", "support.read"},
      [&](db::Connection& c) { return find_request(c, caller, id, false); },
      [&](db::Connection& c, Request& r) {
        require_state(r, {"approved"}, "issued");
        if (!can_issue(caller, r))
          throw Forbidden(r.kind == "gift" ? "the requesting unit's people buy the gift"
                                           : "HQ's KA department issues materials and tools");
        require_version("support request", r.version, version);
        if (r.kind != "gift") {
          if (c.execute("UPDATE support_items SET stock = stock - ?, version = version + 1, updated_at = ? WHERE id = "
                        "? AND stock >= ?",
                        {r.quantity, now, *r.item_id, r.quantity}) != 1) {
            auto item = find_item(c, *r.item_id);
            throw Conflict(fmt::format("HQ holds {} {} of {}: {} are asked", item ? item->stock : 0,
                                       r.unit_label.value_or(""), r.item_name.value_or(""), r.quantity),
                           "support.out_of_stock");
          }
        }
        store_status(c, r, "status = 'issued', issued_by = ?, issued_at = ?", {caller.user_id, now}, now);
        auto after = *find_request(c, caller, id, true);
        audit::record(
            c, {caller.user_id, "issue", "support_request", id, request_audit(r).dump(), request_audit(after).dump()});
        return after;
      });
}

Request SupportService::receive(const auth::Principal& caller, int64_t id, int64_t version,
                                const std::optional<std::string>& note) {
  int64_t now = clock::now_ms();
  return write_record(
      database_, caller, {"support request", "support.read"},
      [&](db::Connection& c) { return find_request(c, caller, id, false); },
      [&](db::Connection& c, Request& r) {
        require_state(r, {"issued"}, "received");
        if (!can_receive(caller, r)) throw Forbidden("the requesting unit's people confirm what they received");
        require_version("support request", r.version, version);
        store_status(c, r, "status = 'received', received_by = ?, received_at = ?, received_note = ?",
                     {caller.user_id, now, db::nullable(note)}, now);
        auto after = *find_request(c, caller, id, true);
        audit::record(c, {caller.user_id, "receive", "support_request", id, request_audit(r).dump(),
                          request_audit(after).dump()});
        return after;
      });
}

Request SupportService::cancel(const auth::Principal& caller, int64_t id, int64_t version, const std::string& note) {
  int64_t now = clock::now_ms();
  return write_record(
      database_, caller, {"support request", "support.read"},
      [&](db::Connection& c) { return find_request(c, caller, id, false); },
      [&](db::Connection& c, Request& r) {
        require_state(r, {"pending", "approved"}, "cancelled");
        if (!can_cancel(caller, r)) throw Forbidden("the requesting unit's people cancel its requests");
        require_version("support request", r.version, version);
        store_status(c, r, "status = 'cancelled', next_level = NULL, next_unit_id = NULL, decided_note = ?", {note},
                     now);
        auto after = *find_request(c, caller, id, true);
        audit::record(
            c, {caller.user_id, "cancel", "support_request", id, request_audit(r).dump(), request_audit(after).dump()});
        return after;
      });
}

GiftAllowance SupportService::allowance(const auth::Principal& caller, int64_t contact_id, int64_t year) {
  auth::require(caller.role, "support.read");
  GiftAllowance out;
  database_.read([&](db::Connection& c) {
    if (!c.query_one("SELECT 1 FROM contacts k JOIN accounts a ON a.id = k.account_id JOIN org_units ou ON ou.id = "
                     "a.owner_unit_id WHERE k.id = ? AND ou.path >= ? AND ou.path < ?",
                     {contact_id, caller.scope.lower(), caller.scope.upper()}))
      throw NotFound("no such contact");
    auto rules = load_rules(c);
    auto given = gifts_given(c, contact_id, year, 0);
    out = {contact_id, year, rules.gift_limit_fen, rules.gift_count_limit, given.fen, given.count};
  });
  return out;
}

Ledger SupportService::ledger(const auth::Principal& caller, std::optional<int64_t> unit_id, int64_t year) {
  auth::require(caller.role, "support.read");
  Ledger out;
  out.year = year;
  database_.read([&](db::Connection& c) {
    auto unit = org::store::find_unit(c, caller.scope, unit_id.value_or(caller.org_unit_id));
    if (!unit) throw NotFound("no such unit");
    out.unit_id = unit->id;
    out.unit_name = unit->name;
    auth::Scope within{unit->path};
    for (int m = 1; m <= 12; ++m) {
      LedgerMonth month;
      month.month = fmt::format("{}-{:02}", year, m);
      out.months.push_back(month);
    }
    auto month_index = [](const std::string& ym) { return static_cast<size_t>(std::stoi(ym.substr(5, 2)) - 1); };
    auto add = [](Figures& f, const db::Row& row) {
      f.count += row.integer(3);
      f.quantity += row.integer(4);
      f.amount_fen += row.integer(5);
    };
    std::string first = fmt::format("{}-01-01", year), last = fmt::format("{}-12-31", year);
    for (const auto& row : c.query(
             "SELECT substr(r.day, 1, 7), r.kind, r.status, COUNT(*), SUM(r.quantity), SUM(r.amount_fen) FROM "
             "support_requests r JOIN org_units u ON u.id = r.unit_id WHERE u.path >= ? AND u.path < ? AND r.day >= ? "
             "AND r.day <= ? AND r.status IN ('pending', 'approved', 'issued', 'received') GROUP BY substr(r.day, 1, "
             "7), r.kind, r.status",
             {within.lower(), within.upper(), first, last})) {
      auto& m = out.months.at(month_index(row.text(0)));
      if (row.text(2) == "pending") {
        m.pending += row.integer(3);
        continue;
      }
      const auto& kind = row.text(1);
      add(kind == "material" ? m.material : kind == "tool" ? m.tool : m.gift, row);
    }
    for (const auto& row :
         c.query("SELECT substr(h.planned_on, 1, 7), h.status, COUNT(*) FROM hq_visits h JOIN org_units u ON u.id = "
                 "h.unit_id WHERE u.path >= ? AND u.path < ? AND h.planned_on >= ? AND h.planned_on <= ? AND h.status "
                 "<> 'cancelled' GROUP BY substr(h.planned_on, 1, 7), h.status",
                 {within.lower(), within.upper(), first, last})) {
      auto& m = out.months.at(month_index(row.text(0)));
      m.hq_planned += row.integer(2);
      if (row.text(1) == "done") m.hq_done += row.integer(2);
    }
    std::map<int64_t, size_t> person_index;
    for (const auto& row : c.query(
             "SELECT f.user_id, p.display_name, pu.name, f.month, SUM(f.points), SUM(f.amount_fen) FROM "
             "feedback_rewards f JOIN org_units u ON u.id = f.unit_id JOIN users p ON p.id = f.user_id JOIN org_units "
             "pu ON pu.id = p.org_unit_id WHERE u.path >= ? AND u.path < ? AND f.month >= ? AND f.month <= ? GROUP BY "
             "f.user_id, p.display_name, pu.name, f.month ORDER BY f.user_id, f.month",
             {within.lower(), within.upper(), year * 100 + 1, year * 100 + 12})) {
      auto user = row.integer(0);
      auto [it, fresh] = person_index.try_emplace(user, out.people.size());
      if (fresh) {
        LedgerPerson p;
        p.user_id = user;
        p.name = row.text(1);
        p.unit_name = row.text(2);
        p.months.assign(12, {0, 0});
        out.people.push_back(std::move(p));
      }
      auto& person = out.people[it->second];
      auto m = static_cast<size_t>(row.integer(3) % 100 - 1);
      person.months[m].first += row.integer(4);
      person.months[m].second += row.integer(5);
      person.points += row.integer(4);
      person.amount_fen += row.integer(5);
      out.months[m].points += row.integer(4);
      out.months[m].reward_fen += row.integer(5);
    }
    std::sort(out.people.begin(), out.people.end(), [](const LedgerPerson& a, const LedgerPerson& b) {
      return a.points != b.points ? a.points > b.points : a.user_id < b.user_id;
    });
    for (const auto& m : out.months) {
      for (auto [to, from] : {std::pair{&out.total.material, &m.material}, std::pair{&out.total.tool, &m.tool},
                              std::pair{&out.total.gift, &m.gift}}) {
        to->count += from->count;
        to->quantity += from->quantity;
        to->amount_fen += from->amount_fen;
      }
      out.total.pending += m.pending;
      out.total.hq_planned += m.hq_planned;
      out.total.hq_done += m.hq_done;
      out.total.points += m.points;
      out.total.reward_fen += m.reward_fen;
    }
  });
  return out;
}

int64_t count_to_approve(db::Connection& c, const auth::Principal& caller) {
  if (!auth::allowed(caller.role, "support.approve")) return 0;
  return c
      .query_one(
          "SELECT COUNT(*) FROM support_requests WHERE status = 'pending' AND next_unit_id = ? AND requested_by <> ?",
          {caller.org_unit_id, caller.user_id})
      ->integer(0);
}

int64_t count_to_issue(db::Connection& c, const auth::Principal& caller) {
  std::string sql =
      "SELECT COUNT(*) FROM support_requests r JOIN org_units u ON u.id = r.unit_id WHERE u.path >= ? AND "
      "u.path < ?";
  db::Params params = {caller.scope.lower(), caller.scope.upper()};
  box_condition(caller, "to_issue", sql, params);
  return c.query_one(sql, params)->integer(0);
}

int64_t count_to_receive(db::Connection& c, const auth::Principal& caller) {
  std::string sql =
      "SELECT COUNT(*) FROM support_requests r JOIN org_units u ON u.id = r.unit_id WHERE u.path >= ? AND "
      "u.path < ?";
  db::Params params = {caller.scope.lower(), caller.scope.upper()};
  box_condition(caller, "to_receive", sql, params);
  return c.query_one(sql, params)->integer(0);
}

std::vector<notifications::Reminder> reminders(db::Connection& c, int64_t now_ms) {
  std::vector<notifications::Reminder> out;
  static const std::map<std::string, std::string> kinds = {
      {"material", "终端物料"}, {"tool", "销售工具"}, {"gift", "礼品"}};
  // waiting two days or more for a decision: to the approvers of the next unit
  for (const auto& row : c.query(
           "SELECT r.id, r.kind, r.description, r.amount_fen, r.next_level, p.id, u.name FROM support_requests r JOIN "
           "org_units u ON u.id = r.unit_id JOIN users p ON p.org_unit_id = r.next_unit_id AND p.active = 1 AND p.role "
           "IN ('area_manager', 'regional_director', 'ka_director') AND p.id <> r.requested_by WHERE r.status = "
           "'pending' AND r.updated_at <= ? ORDER BY r.id, p.id",
           {now_ms - 2 * 86400000LL})) {
    out.push_back({row.integer(5), "support_to_approve", fmt::format("support:{}:{}", row.integer(0), row.text(4)),
                   fmt::format("{}的{}申请待审批：{}（{}）", row.text(6), kinds.at(row.text(1)), row.text(2),
                               yuan(row.integer(3))),
                   "", fmt::format("/support/{}", row.integer(0))});
  }
  // HQ visits planned for today: to the visitor
  for (const auto& row : c.query(
           "SELECT h.id, a.name, h.visitor_id FROM hq_visits h JOIN accounts a ON a.id = h.account_id JOIN users p ON "
           "p.id = h.visitor_id AND p.active = 1 WHERE h.status = 'planned' AND h.planned_on = ? ORDER BY h.id",
           {china_today(now_ms)})) {
    out.push_back({row.integer(2), "hq_visit_due", fmt::format("hq_visit:{}:due", row.integer(0)),
                   fmt::format("今天计划上门拜访：{}", row.text(1)), "拜访后请登记拜访记录并关联本计划。",
                   "/support/hq-visits?mine=true"});
  }
  return out;
}

}  // namespace fleetkam::support
