// The SQL of opportunities themselves: row mapping, one in the caller's scope with its lines, the
// list and its stage counts (one WHERE for both), the board, the transitions and the win
// probabilities. The sub-resources' reads are in tenders_store.cpp, quotes_store.cpp,
// deliveries_store.cpp and catalogue_store.cpp.
#include "modules/opportunities/store.h"

#include <algorithm>
#include <map>

#include "modules/opportunities/rules.h"
#include "modules/opportunities/store_internal.h"

namespace fleetkam::opportunities::store {
namespace {

constexpr const char* kColumns =
    "o.id, o.account_id, a.name, a.grade, o.registration_id, o.owner_unit_id, u.name, o.owner_user_id, "
    "ou.display_name, o.title, o.stage, o.procurement_stage, o.quantity, o.amount_fen, o.budget_fen, "
    "o.budget_analysis, o.expected_date, o.worth_investing, o.risks, o.req_body, o.req_interior, "
    "o.req_configuration, o.req_accessories, o.usage_area, o.procurement_method, o.probability, o.value_level, "
    "o.difficulty, o.won_units, o.delivered_units, o.outcome_reason, o.lost_to, o.closed_at, o.stage_changed_at, "
    "o.created_by, o.version, o.created_at, o.updated_at, ";
// kColumns ends with the win probability that counts (see probability_expression).
constexpr const char* kFrom =
    " FROM opportunities o JOIN accounts a ON a.id = o.account_id JOIN org_units u ON u.id = o.owner_unit_id"
    " LEFT JOIN users ou ON ou.id = o.owner_user_id LEFT JOIN agreements ag ON ag.id = o.agreement_id";

std::string columns() { return std::string(kColumns) + probability_expression("o") + ", o.agreement_id, ag.name"; }

Opportunity from_row(const db::Row& row) {
  Opportunity o;
  o.id = row.integer(0);
  o.account_id = row.integer(1);
  o.account_name = row.text(2);
  o.account_grade = row.text(3);
  o.registration_id = row.optional_integer(4);
  o.owner_unit_id = row.integer(5);
  o.owner_unit_name = row.text(6);
  o.owner_user_id = row.optional_integer(7);
  o.owner_user_name = row.optional_text(8);
  o.title = row.text(9);
  o.stage = row.text(10);
  o.procurement_stage = row.text(11);
  o.quantity = row.integer(12);
  o.amount_fen = row.integer(13);
  o.budget_fen = row.optional_integer(14);
  o.budget_analysis = row.optional_text(15);
  o.expected_date = row.text(16);
  if (!row.is_null(17)) o.worth_investing = row.boolean(17);
  o.risks = row.optional_text(18);
  o.req_body = row.optional_text(19);
  o.req_interior = row.optional_text(20);
  o.req_configuration = row.optional_text(21);
  o.req_accessories = row.optional_text(22);
  o.usage_area = row.text(23);
  o.procurement_method = row.text(24);
  o.probability = row.optional_integer(25);
  o.value = row.optional_text(26);
  o.difficulty = row.optional_text(27);
  o.won_units = row.integer(28);
  o.delivered_units = row.integer(29);
  o.outcome_reason = row.optional_text(30);
  o.lost_to = row.optional_text(31);
  o.closed_at = row.optional_integer(32);
  o.stage_changed_at = row.integer(33);
  o.created_by = row.integer(34);
  o.version = row.integer(35);
  o.created_at = row.integer(36);
  o.updated_at = row.integer(37);
  o.win_probability = row.integer(38);
  o.agreement_id = row.optional_integer(39);
  o.agreement_name = row.optional_text(40);
  return o;
}

}  // namespace

std::string contains_pattern(const std::string& q) {
  std::string out = "%";
  for (char ch : q) {
    if (ch == '%' || ch == '_' || ch == '!') out += '!';
    out += ch;
  }
  return out + "%";
}

std::string scope_join(const auth::Scope& scope, db::Params& params, const std::string& unit_column) {
  params.emplace_back(scope.lower());
  params.emplace_back(scope.upper());
  return " JOIN org_units sc ON sc.id = " + unit_column + " AND sc.path >= ? AND sc.path < ?";
}

std::string probability_expression(const std::string& alias) {
  const std::string& o = alias;
  return "CASE WHEN " + o + ".stage = 'won' THEN 100 WHEN " + o + ".stage = 'lost' THEN 0 ELSE COALESCE(" + o +
         ".probability, (SELECT sp.probability FROM opportunity_stage_probabilities sp WHERE sp.stage = " + o +
         ".stage), 0) END";
}

std::vector<StageProbability> stage_probabilities(db::Connection& c) {
  std::map<std::string, int64_t> stored;
  for (const auto& row : c.query("SELECT stage, probability FROM opportunity_stage_probabilities", {}))
    stored[row.text(0)] = row.integer(1);
  std::vector<StageProbability> out;
  for (const auto& stage : stages()) {
    StageProbability p;
    p.stage = stage;
    p.fixed = !is_open(stage);
    p.probability = stage == "won" ? 100 : stage == "lost" ? 0 : stored.count(stage) ? stored[stage] : 0;
    out.push_back(p);
  }
  return out;
}

std::optional<std::vector<int64_t>> scope_units(db::Connection& c, const auth::Scope& scope) {
  auto units = auth::scope_units(c, scope);
  if (units.whole_tree) return std::nullopt;
  return std::move(units.ids);
}

bool units_of(db::Connection& c, const auth::Scope& scope, std::optional<int64_t> owner_unit_id,
              std::optional<std::vector<int64_t>>& units) {
  if (!owner_unit_id) {
    units = store::scope_units(c, scope);
    return true;
  }
  auto row = c.query_one("SELECT path FROM org_units WHERE id = ?", {*owner_unit_id});
  if (!row || !scope.contains(row->text(0))) return false;
  units = store::scope_units(c, auth::Scope{row->text(0)});
  return true;
}

std::string unit_condition(const std::string& column, const std::optional<std::vector<int64_t>>& units,
                           db::Params& params) {
  if (!units) return "1 = 1";
  if (units->empty()) return "1 = 0";
  return column + " IN (" + db::placeholders(*units, params) + ")";
}

std::optional<Opportunity> find(db::Connection& c, const auth::Scope& scope, int64_t id, bool lock) {
  db::Params params;
  std::string sql = "SELECT " + columns() + kFrom + scope_join(scope, params, "o.owner_unit_id") + " WHERE o.id = ?";
  params.emplace_back(id);
  if (lock && c.dialect() == db::Dialect::postgres) sql += " FOR UPDATE OF o";
  auto row = c.query_one(sql, params);
  if (!row) return std::nullopt;
  auto o = from_row(*row);
  o.lines = lines_of(c, id);
  return o;
}

std::vector<Line> lines_of(db::Connection& c, int64_t opportunity_id) {
  std::vector<Line> out;
  for (const auto& row : c.query("SELECT id, vehicle_type, model_id, model, quantity, unit_price_fen FROM "
                                 "opportunity_lines WHERE opportunity_id = ? ORDER BY position",
                                 {opportunity_id})) {
    out.push_back({row.integer(0), row.text(1), row.optional_integer(2), row.optional_text(3), row.integer(4),
                   row.optional_integer(5)});
  }
  return out;
}

namespace {

// The WHERE of the list (scope and filters, not the keyset), shared by the list and its stage
// counts so a stage's count is exactly what the list shows with that stage; none when the
// filters name a unit outside the scope. Built from fixed fragments; every value is bound.
std::optional<std::string> list_where(db::Connection& c, const auth::Scope& scope, const OpportunityFilter& f,
                                      db::Params& params) {
  std::string where = " WHERE 1 = 1";
  std::optional<std::vector<int64_t>> units;
  if (!units_of(c, scope, f.owner_unit_id, units)) return std::nullopt;
  where += " AND " + unit_condition("o.owner_unit_id", units, params);
  if (!f.stages.empty()) where += " AND o.stage IN (" + db::placeholders(f.stages, params) + ")";
  if (!f.procurement_stages.empty())
    where += " AND o.procurement_stage IN (" + db::placeholders(f.procurement_stages, params) + ")";
  if (f.closed_from) {
    where += " AND o.closed_at >= ?";
    params.emplace_back(*f.closed_from);
  }
  if (f.closed_before) {
    where += " AND o.closed_at < ?";
    params.emplace_back(*f.closed_before);
  }
  if (f.account_id) {
    where += " AND o.account_id = ?";
    params.emplace_back(*f.account_id);
  }
  if (f.owner_user_id) {
    where += " AND o.owner_user_id = ?";
    params.emplace_back(*f.owner_user_id);
  }
  if (f.agreement_id) {
    where += " AND o.agreement_id = ?";
    params.emplace_back(*f.agreement_id);
  }
  if (f.procurement_method) {
    where += " AND o.procurement_method = ?";
    params.emplace_back(*f.procurement_method);
  }
  if (f.expected_from) {
    where += " AND o.expected_date >= ?";
    params.emplace_back(*f.expected_from);
  }
  if (f.expected_to) {
    where += " AND o.expected_date <= ?";
    params.emplace_back(*f.expected_to);
  }
  if (f.overdue_before || f.stale_before) {
    std::string either;
    if (f.overdue_before) {
      either = "o.expected_date < ?";
      params.emplace_back(*f.overdue_before);
    }
    if (f.stale_before) {
      either += std::string(either.empty() ? "" : " OR ") + "o.stage_changed_at < ?";
      params.emplace_back(*f.stale_before);
    }
    // the open stages named (not "NOT IN won, lost"): a range of the stage index each, not a scan
    where += " AND o.stage IN ('discover', 'contact', 'analyze', 'position', 'bid') AND (" + either + ")";
  }
  if (f.undelivered) where += " AND o.stage = 'won' AND o.delivered_units < o.won_units";
  if (f.q) {
    where += " AND (o.title LIKE ? ESCAPE '!' OR a.name LIKE ? ESCAPE '!')";
    std::string like = contains_pattern(*f.q);
    params.emplace_back(like);
    params.emplace_back(like);
  }
  return where;
}

}  // namespace

std::vector<Opportunity> list(db::Connection& c, const auth::Scope& scope, const OpportunityFilter& f) {
  db::Params params;
  auto where = list_where(c, scope, f, params);
  if (!where) return {};
  if (f.before_id) {
    *where += " AND o.id < ?";
    params.emplace_back(*f.before_id);
  }
  params.emplace_back(int64_t{f.limit});
  std::vector<Opportunity> out;
  for (const auto& row : c.query("SELECT " + columns() + kFrom + *where + " ORDER BY o.id DESC LIMIT ?", params)) {
    out.push_back(from_row(row));
  }
  return out;
}

std::map<std::string, int64_t> stage_counts(db::Connection& c, const auth::Scope& scope, const OpportunityFilter& f) {
  db::Params params;
  auto where = list_where(c, scope, f, params);
  std::map<std::string, int64_t> out;
  if (!where) return out;
  // only the tables the WHERE reads (the account's name for `q`): the list's other joins, row by
  // row over a whole country's opportunities, made HQ's counts take seconds
  std::string from = f.q ? " FROM opportunities o JOIN accounts a ON a.id = o.account_id" : " FROM opportunities o";
  for (const auto& row : c.query("SELECT o.stage, COUNT(*)" + from + *where + " GROUP BY o.stage", params)) {
    out[row.text(0)] = row.integer(1);
  }
  return out;
}

std::vector<Opportunity> board_items(db::Connection& c, const std::optional<std::vector<int64_t>>& units,
                                     const std::string& stage, int limit, int64_t closed_since) {
  bool closed = stage == "won" || stage == "lost";
  std::string order = closed ? " ORDER BY o.closed_at DESC, o.id DESC" : " ORDER BY o.expected_date, o.id";
  std::string extra = closed ? " AND o.closed_at >= ?" : "";
  std::vector<Opportunity> out;
  if (!units || units->size() > 40) {
    db::Params params;
    std::string cond = unit_condition("o.owner_unit_id", units, params);
    params.emplace_back(stage);
    if (closed) params.emplace_back(closed_since);
    params.emplace_back(int64_t{limit});
    for (const auto& row :
         c.query("SELECT " + columns() + kFrom + " WHERE " + cond + " AND o.stage = ?" + extra + order + " LIMIT ?",
                 params)) {
      out.push_back(from_row(row));
    }
    return out;
  }
  // a few units: each unit's first ids from its board index alone, merged; then those rows
  struct Key {
    std::string sort;  // expected_date, or closed_at as text of fixed width
    int64_t id;
  };
  std::vector<Key> keys;
  std::string key_sql = std::string("SELECT ") + (closed ? "o.closed_at" : "o.expected_date") +
                        ", o.id FROM opportunities o WHERE o.owner_unit_id = ? AND o.stage = ?" + extra + order +
                        " LIMIT ?";
  for (int64_t unit : *units) {
    db::Params params = {unit, stage};
    if (closed) params.emplace_back(closed_since);
    params.emplace_back(int64_t{limit});
    for (const auto& row : c.query(key_sql, params)) {
      std::string sort = row.text(0);
      if (closed) sort = std::string(20 - std::min<size_t>(20, sort.size()), '0') + sort;
      keys.push_back({std::move(sort), row.integer(1)});
    }
  }
  std::sort(keys.begin(), keys.end(), [closed](const Key& a, const Key& b) {
    if (a.sort != b.sort) return closed ? a.sort > b.sort : a.sort < b.sort;
    return closed ? a.id > b.id : a.id < b.id;
  });
  if (keys.size() > static_cast<size_t>(limit)) keys.resize(static_cast<size_t>(limit));
  if (keys.empty()) return out;
  std::string ids;
  db::Params params;
  for (const auto& k : keys) {
    ids += ids.empty() ? "?" : ",?";
    params.emplace_back(k.id);
  }
  std::map<int64_t, Opportunity> rows;
  for (const auto& row : c.query("SELECT " + columns() + kFrom + " WHERE o.id IN (" + ids + ")", params)) {
    auto o = from_row(row);
    rows.emplace(o.id, std::move(o));
  }
  for (const auto& k : keys) {
    if (auto it = rows.find(k.id); it != rows.end()) out.push_back(std::move(it->second));
  }
  return out;
}

std::vector<StageTotals> board_totals(db::Connection& c, const std::optional<std::vector<int64_t>>& units,
                                      int64_t closed_since) {
  db::Params params;
  std::string cond = unit_condition("owner_unit_id", units, params);
  db::Params all = params;
  all.insert(all.end(), params.begin(), params.end());
  all.emplace_back(closed_since);
  std::vector<StageTotals> out;
  for (const auto& row :
       c.query("SELECT stage, COUNT(*), COALESCE(SUM(quantity), 0), COALESCE(SUM(amount_fen), 0) FROM opportunities "
               "WHERE " +
                   cond +
                   " AND stage IN ('discover', 'contact', 'analyze', 'position', 'bid') GROUP BY stage "
                   "UNION ALL SELECT stage, COUNT(*), COALESCE(SUM(quantity), 0), COALESCE(SUM(amount_fen), 0) FROM "
                   "opportunities WHERE " +
                   cond + " AND stage IN ('won', 'lost') AND closed_at >= ? GROUP BY stage",
               all)) {
    out.push_back({row.text(0), row.integer(1), row.integer(2), row.integer(3)});
  }
  return out;
}

std::vector<Transition> transitions_of(db::Connection& c, int64_t opportunity_id) {
  std::vector<Transition> out;
  for (const auto& row : c.query("SELECT t.id, t.from_stage, t.to_stage, t.from_procurement_stage, "
                                 "t.to_procurement_stage, t.reason, t.lost_to, t.by_user, u.display_name, t.at FROM "
                                 "opportunity_transitions t JOIN users u ON u.id = t.by_user WHERE t.opportunity_id = "
                                 "? ORDER BY t.id",
                                 {opportunity_id})) {
    Transition t;
    t.id = row.integer(0);
    t.from_stage = row.optional_text(1);
    t.to_stage = row.text(2);
    t.from_procurement_stage = row.optional_text(3);
    t.to_procurement_stage = row.text(4);
    t.reason = row.optional_text(5);
    t.lost_to = row.optional_text(6);
    t.by_user_id = row.integer(7);
    t.by_user_name = row.text(8);
    t.at = row.integer(9);
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace fleetkam::opportunities::store
