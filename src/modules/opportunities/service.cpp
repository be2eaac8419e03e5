#include "modules/opportunities/service.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "modules/accounts/store.h"
#include "modules/opportunities/rules.h"
#include "modules/opportunities/store.h"
#include "modules/registrations/service.h"
#include "modules/registrations/store.h"
#include "platform/audit/audit.h"
#include "platform/clock.h"
#include "platform/errors.h"

namespace fleetkam::opportunities {
namespace {

using json = nlohmann::json;
constexpr int64_t kDayMs = 86400000;
constexpr int64_t kChinaOffsetMs = int64_t{8} * 3600000;

std::string today_in_china(int64_t now) { return clock::format_rfc3339(now).substr(0, 10); }

json audit_json(const Opportunity& o) {
  return {{"account_id", o.account_id},
          {"owner_unit_id", o.owner_unit_id},
          {"title", o.title},
          {"stage", o.stage},
          {"quantity", o.quantity},
          {"amount_fen", o.amount_fen},
          {"expected_date", o.expected_date},
          {"probability", o.probability ? json(*o.probability) : json()}};
}

// Checks a whole opportunity after input was applied; lines' models resolved from the catalogue.
void validate(db::Connection& c, directories::DirectoryService& directories, Opportunity& o) {
  std::vector<FieldError> errors;
  if (o.lines.empty()) errors.push_back({"lines", "give at least one vehicle line", "required"});
  o.quantity = 0;
  o.amount_fen = 0;
  for (size_t i = 0; i < o.lines.size(); ++i) {
    auto& line = o.lines[i];
    std::string field = "lines[" + std::to_string(i) + "]";
    if (line.model_id) {
      auto model = store::find_model(c, *line.model_id);
      if (!model) {
        errors.push_back({field + ".model_id", "is not a model of the catalogue", "invalid_value"});
      } else {
        if (model->vehicle_type != line.vehicle_type)
          errors.push_back({field + ".vehicle_type", "must be the model's vehicle type (" + model->vehicle_type + ")",
                            "invalid_value"});
        if (!line.model) line.model = model->name;
      }
    }
    if (!directories.is_active_code(c, "vehicle_types", line.vehicle_type))
      errors.push_back({field + ".vehicle_type", "is not an active vehicle type code", "invalid_value"});
    o.quantity += line.quantity;
    if (line.unit_price_fen) o.amount_fen += line.quantity * *line.unit_price_fen;
  }
  if (!registrations::day_number(o.expected_date))
    errors.push_back({"expected_date", "must be a day YYYY-MM-DD", "invalid_value"});
  if (o.owner_user_id) {
    auto user = c.query_one("SELECT org_unit_id, active FROM users WHERE id = ?", {*o.owner_user_id});
    if (!user || user->integer(0) != o.owner_unit_id || !user->boolean(1))
      errors.push_back({"owner_user_id", "must be an active user of the owning unit", "invalid_value"});
  }
  if (!errors.empty()) throw Invalid(errors);
}

template <typename T>
void set_if(const std::optional<T>& from, T& to) {
  if (from) to = *from;
}

void apply(const OpportunityInput& in, Opportunity& o) {
  set_if(in.title, o.title);
  set_if(in.expected_date, o.expected_date);
  set_if(in.usage_area, o.usage_area);
  set_if(in.procurement_method, o.procurement_method);
  set_if(in.lines, o.lines);
  set_if(in.budget_fen, o.budget_fen);
  set_if(in.budget_analysis, o.budget_analysis);
  set_if(in.risks, o.risks);
  set_if(in.req_body, o.req_body);
  set_if(in.req_interior, o.req_interior);
  set_if(in.req_configuration, o.req_configuration);
  set_if(in.req_accessories, o.req_accessories);
  set_if(in.value, o.value);
  set_if(in.difficulty, o.difficulty);
  set_if(in.worth_investing, o.worth_investing);
  set_if(in.probability, o.probability);
  set_if(in.owner_user_id, o.owner_user_id);
}

db::Param flag(const std::optional<bool>& v) {
  if (!v) return nullptr;
  return int64_t{*v ? 1 : 0};
}

// The columns a create and an edit both write, in the order of editable_values().
constexpr const char* kEditableColumns =
    "quantity, amount_fen, budget_fen, budget_analysis, expected_date, worth_investing, risks, req_body, "
    "req_interior, req_configuration, req_accessories, usage_area, procurement_method, probability, value_level, "
    "difficulty";

db::Params editable_values(const Opportunity& o) {
  return {o.quantity,
          o.amount_fen,
          db::nullable(o.budget_fen),
          db::nullable(o.budget_analysis),
          o.expected_date,
          flag(o.worth_investing),
          db::nullable(o.risks),
          db::nullable(o.req_body),
          db::nullable(o.req_interior),
          db::nullable(o.req_configuration),
          db::nullable(o.req_accessories),
          o.usage_area,
          o.procurement_method,
          db::nullable(o.probability),
          db::nullable(o.value),
          db::nullable(o.difficulty)};
}

std::string placeholders(size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += i ? ", ?" : "?";
  return out;
}

// "a, b" → "a = ?, b = ?"
std::string assignments(const std::string& columns) {
  std::string out;
  size_t start = 0;
  while (start < columns.size()) {
    size_t end = columns.find(',', start);
    if (end == std::string::npos) end = columns.size();
    out += (out.empty() ? "" : ", ") + columns.substr(start, end - start) + " = ?";
    start = end + 2;
  }
  return out;
}

void write_lines(db::Connection& c, int64_t id, const std::vector<Line>& lines) {
  c.execute("DELETE FROM opportunity_lines WHERE opportunity_id = ?", {id});
  int64_t position = 0;
  for (const auto& l : lines) {
    c.execute(
        "INSERT INTO opportunity_lines (opportunity_id, position, vehicle_type, model_id, model, quantity, "
        "unit_price_fen) VALUES (?, ?, ?, ?, ?, ?, ?)",
        {id, position++, l.vehicle_type, db::nullable(l.model_id), db::nullable(l.model), l.quantity,
         db::nullable(l.unit_price_fen)});
  }
}

void record_transition(db::Connection& c, int64_t id, const std::optional<std::string>& from_stage,
                       const std::optional<std::string>& from_procurement, const std::string& to_stage,
                       const std::string& to_procurement, const std::optional<std::string>& reason,
                       const std::optional<std::string>& lost_to, int64_t by, int64_t at) {
  c.execute(
      "INSERT INTO opportunity_transitions (opportunity_id, from_stage, to_stage, from_procurement_stage, "
      "to_procurement_stage, reason, lost_to, by_user, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {id, db::nullable(from_stage), to_stage, db::nullable(from_procurement), to_procurement, db::nullable(reason),
       db::nullable(lost_to), by, at});
}

Opportunity load(db::Connection& c, const auth::Scope& scope, int64_t id, bool lock = false) {
  auto o = store::find(c, scope, id, lock);
  if (!o) throw NotFound("no such opportunity");
  return *o;
}

void require_version(int64_t actual, int64_t given, const char* what) {
  if (actual != given)
    throw fleetkam::Conflict(std::string("the ") + what + " was changed by someone else", "version_conflict");
}

bool hq_role(auth::Role role) {
  return role == auth::Role::admin || role == auth::Role::ka_director || role == auth::Role::ka_executive;
}

// The pyramid's totals: `units` more (or fewer) for the account's grade. On PostgreSQL the
// account row is share-locked, so a grade change (which moves the account's units between
// grades in its own transaction) is either wholly before or wholly after this.
void add_grade_units(db::Connection& c, int64_t account_id, int64_t unit_id, int64_t month, int64_t units) {
  std::string lock = c.dialect() == db::Dialect::postgres ? " FOR SHARE" : "";
  auto grade = c.query_one("SELECT grade FROM accounts WHERE id = ?" + lock, {account_id})->text(0);
  c.execute(
      "INSERT INTO grade_delivery_totals (unit_id, month, grade, units) VALUES (?, ?, ?, ?) ON CONFLICT (unit_id, "
      "month, grade) DO UPDATE SET units = grade_delivery_totals.units + excluded.units",
      {unit_id, month, grade, units});
}

}  // namespace

Opportunity OpportunityService::create(const auth::Principal& caller, const OpportunityInput& in) {
  auth::require(caller.role, "opportunities.write");
  std::string stage = in.stage.value_or("discover");
  if (!is_open(stage)) throw Invalid("stage", "a new opportunity starts in an open stage");
  Opportunity created;
  database_.write([&](db::Connection& c) {
    int64_t now = clock::now_ms();
    auto account = accounts::store::find_account(c, caller.scope, *in.account_id);
    if (!account) throw NotFound("no such account");
    Opportunity o;
    o.account_id = account->id;
    o.owner_unit_id = account->owner_unit_id;
    o.owner_user_id =
        account->owner_unit_id == caller.org_unit_id ? std::optional<int64_t>(caller.user_id) : account->owner_user_id;
    o.stage = stage;
    o.procurement_stage = in.procurement_stage.value_or(*matching_procurement_stage(stage));
    apply(in, o);
    std::optional<registrations::Registration> registration;
    if (in.registration_id) {
      registration = registrations::store::find(c, caller.scope, *in.registration_id);
      if (!registration) throw NotFound("no such registration");
      if (registration->account_id != o.account_id)
        throw Invalid("registration_id", "is a registration of another account");
      if (registration->status != "approved" || registration->protected_until.value_or(0) <= now)
        throw fleetkam::Conflict("only an approved, protected registration becomes an opportunity",
                                 "registration.not_convertible");
      o.registration_id = registration->id;
    }
    validate(c, directories_, o);
    db::Params values = {o.account_id,
                         db::nullable(o.registration_id),
                         o.owner_unit_id,
                         db::nullable(o.owner_user_id),
                         o.title,
                         o.stage,
                         o.procurement_stage};
    auto editable = editable_values(o);
    values.insert(values.end(), editable.begin(), editable.end());
    values.insert(values.end(), {now, caller.user_id, int64_t{1}, now, now});
    o.id = c.query_one(std::string("INSERT INTO opportunities (account_id, registration_id, owner_unit_id, "
                                   "owner_user_id, title, stage, procurement_stage, ") +
                           kEditableColumns + ", stage_changed_at, created_by, version, created_at, updated_at) " +
                           "VALUES (" + placeholders(values.size()) + ") RETURNING id",
                       values)
               ->integer(0);
    write_lines(c, o.id, o.lines);
    record_transition(c, o.id, std::nullopt, std::nullopt, o.stage, o.procurement_stage, std::nullopt, std::nullopt,
                      caller.user_id, now);
    if (registration) {
      // converted: it keeps its protection, which progress renews. Only if it still is approved
      // and protected: of two conversions at the same moment the second finds it converted.
      if (c.execute("UPDATE registrations SET status = 'converted', opportunity_id = ?, version = version + 1, "
                    "updated_at = ? WHERE id = ? AND status = 'approved' AND protected_until > ?",
                    {o.id, now, registration->id, now}) != 1) {
        throw fleetkam::Conflict("only an approved, protected registration becomes an opportunity",
                                 "registration.not_convertible");
      }
      audit::record(c, {caller.user_id, "convert", "registration", registration->id, std::nullopt,
                        json{{"status", "converted"}, {"opportunity_id", o.id}}.dump()});
    }
    audit::record(c, {caller.user_id, "create", "opportunity", o.id, std::nullopt, audit_json(o).dump()});
    created = load(c, caller.scope, o.id);
  });
  return created;
}

Opportunity OpportunityService::get(const auth::Principal& caller, int64_t id) {
  auth::require(caller.role, "opportunities.read");
  Opportunity o;
  database_.read([&](db::Connection& c) {
    o = load(c, caller.scope, id);
    o.tenders = store::tenders_of(c, id);
    o.competitor_quotes = store::competitor_quotes_of(c, id);
    o.quotes = store::quotes_of(c, id);
    o.deliveries = store::deliveries_of(c, id);
  });
  return o;
}

Opportunity OpportunityService::update(const auth::Principal& caller, int64_t id, const OpportunityInput& in) {
  Opportunity result;
  database_.write([&](db::Connection& c) {
    int64_t now = clock::now_ms();
    auto o = load(c, caller.scope, id, true);
    auth::require(caller.role, "opportunities.write");
    if (!is_open(o.stage)) throw fleetkam::Conflict("a won or lost opportunity is not edited", "opportunity.closed");
    require_version(o.version, in.version, "opportunity");
    auto before = audit_json(o);
    apply(in, o);
    validate(c, directories_, o);
    db::Params values = {o.title};
    auto editable = editable_values(o);
    values.insert(values.end(), editable.begin(), editable.end());
    values.insert(values.end(), {db::nullable(o.owner_user_id), now, id});
    c.execute("UPDATE opportunities SET title = ?, " + assignments(kEditableColumns) +
                  ", owner_user_id = ?, version = version + 1, updated_at = ? WHERE id = ?",
              values);
    if (in.lines) write_lines(c, id, o.lines);
    audit::record(c, {caller.user_id, "update", "opportunity", id, before.dump(), audit_json(o).dump()});
    result = load(c, caller.scope, id);
  });
  return result;
}

std::vector<Opportunity> OpportunityService::list(const auth::Principal& caller, const OpportunityFilter& filter) {
  auth::require(caller.role, "opportunities.read");
  std::vector<Opportunity> out;
  database_.read([&](db::Connection& c) { out = store::list(c, caller.scope, filter); });
  return out;
}

std::vector<BoardColumn> OpportunityService::board(const auth::Principal& caller, std::optional<int64_t> owner_unit_id,
                                                   int per_stage, int closed_days) {
  auth::require(caller.role, "opportunities.read");
  std::vector<BoardColumn> out;
  database_.read([&](db::Connection& c) {
    auto units = store::scope_units(c, caller.scope);
    if (owner_unit_id) {
      auto row = c.query_one("SELECT path FROM org_units WHERE id = ?", {*owner_unit_id});
      if (!row || !caller.scope.contains(row->text(0))) throw NotFound("no such unit");
      units = store::scope_units(c, auth::Scope{row->text(0)});
    }
    int64_t closed_since = clock::now_ms() - closed_days * kDayMs;
    std::map<std::string, store::StageTotals> totals;
    for (const auto& t : store::board_totals(c, units, closed_since)) totals[t.stage] = t;
    for (const auto& stage : stages()) {
      BoardColumn column;
      column.stage = stage;
      column.procurement_stage = matching_procurement_stage(stage).value_or("");
      if (auto it = totals.find(stage); it != totals.end()) {
        column.count = it->second.count;
        column.quantity = it->second.quantity;
        column.amount_fen = it->second.amount_fen;
      }
      if (column.count > 0) column.items = store::board_items(c, units, stage, per_stage, closed_since);
      out.push_back(std::move(column));
    }
  });
  return out;
}

Opportunity OpportunityService::move(const auth::Principal& caller, int64_t id, const MoveInput& in) {
  Opportunity result;
  database_.write([&](db::Connection& c) {
    int64_t now = clock::now_ms();
    auto o = load(c, caller.scope, id, true);
    auth::require(caller.role, "opportunities.write");
    require_version(o.version, in.version, "opportunity");
    std::string to_procurement = in.procurement_stage.value_or(
        in.stage == "lost" ? o.procurement_stage : matching_procurement_stage(in.stage).value_or(""));
    auto check = check_move(o.stage, in.stage, to_procurement != o.procurement_stage);
    if (!check.refusal.empty()) {
      throw fleetkam::Conflict("an opportunity in stage " + o.stage + " cannot move to " + in.stage, check.refusal);
    }
    std::vector<FieldError> errors;
    if (check.needs_reason && !in.reason)
      errors.push_back({"reason",
                        in.stage == "won"    ? "say why the order was won"
                        : in.stage == "lost" ? "say why the order was lost"
                                             : "say why it moves back",
                        "required"});
    if (check.needs_lost_to && !in.lost_to) errors.push_back({"lost_to", "say who won the order", "required"});
    if (!errors.empty()) throw Invalid(errors);
    if (in.stage == "won") {
      if (c.query_one("SELECT 1 FROM quotes WHERE opportunity_id = ? AND status IN ('pending_regional', 'pending_hq')",
                      {id})) {
        throw fleetkam::Conflict("a quote still waits for approval", "quote.pending");
      }
    }
    bool closing = in.stage == "won" || in.stage == "lost";
    c.execute(
        "UPDATE opportunities SET stage = ?, procurement_stage = ?, outcome_reason = ?, lost_to = ?, "
        "closed_at = ?, won_units = ?, stage_changed_at = ?, version = version + 1, updated_at = ? WHERE id = ?",
        {in.stage, to_procurement, closing ? db::nullable(in.reason) : db::Param(nullptr),
         in.stage == "lost" ? db::nullable(in.lost_to) : db::Param(nullptr),
         closing ? db::Param(now) : db::Param(nullptr), in.stage == "won" ? o.quantity : int64_t{0}, now, now, id});
    record_transition(c, id, o.stage, o.procurement_stage, in.stage, to_procurement, in.reason,
                      in.stage == "lost" ? in.lost_to : std::nullopt, caller.user_id, now);
    // progress renews the registration's protection
    if (check.forward && o.registration_id) {
      // one statement that checks and writes: it never shortens a longer extension made meanwhile
      int64_t until = now + registrations::store::protection_days(c) * kDayMs;
      if (c.execute("UPDATE registrations SET protected_until = ?, version = version + 1, updated_at = ? WHERE id = ? "
                    "AND status = 'converted' AND (protected_until IS NULL OR protected_until < ?)",
                    {until, now, *o.registration_id, until}) == 1) {
        audit::record(c, {caller.user_id, "extend", "registration", *o.registration_id, std::nullopt,
                          json{{"protected_until", until}, {"reason", "opportunity progress"}}.dump()});
      }
    }
    audit::record(c, {caller.user_id, "transition", "opportunity", id,
                      json{{"stage", o.stage}, {"procurement_stage", o.procurement_stage}}.dump(),
                      json{{"stage", in.stage},
                           {"procurement_stage", to_procurement},
                           {"reason", in.reason ? json(*in.reason) : json()}}
                          .dump()});
    result = load(c, caller.scope, id);
  });
  return result;
}

std::vector<Transition> OpportunityService::transitions(const auth::Principal& caller, int64_t id) {
  auth::require(caller.role, "opportunities.read");
  std::vector<Transition> out;
  database_.read([&](db::Connection& c) {
    load(c, caller.scope, id);
    out = store::transitions_of(c, id);
  });
  return out;
}

// ---- tenders --------------------------------------------------------------------------------

namespace {
void check_tender(const Tender& t) {
  std::vector<FieldError> errors;
  if (!registrations::day_number(t.published_on))
    errors.push_back({"published_on", "must be a day YYYY-MM-DD", "invalid_value"});
  if (t.opening_at && *t.opening_at < t.bid_deadline)
    errors.push_back({"opening_at", "must not be before the bid deadline", "invalid_value"});
  if (!errors.empty()) throw Invalid(errors);
}
}  // namespace

Tender OpportunityService::add_tender(const auth::Principal& caller, int64_t opportunity_id, const TenderInput& in) {
  Tender result;
  database_.write([&](db::Connection& c) {
    int64_t now = clock::now_ms();
    auto o = load(c, caller.scope, opportunity_id);
    auth::require(caller.role, "opportunities.write");
    Tender t;
    t.notice_no = *in.notice_no;
    t.published_where = *in.published_where;
    t.published_on = *in.published_on;
    t.bid_deadline = *in.bid_deadline;
    if (in.opening_at) t.opening_at = *in.opening_at;
    if (in.lots_json) t.lots_json = *in.lots_json;
    if (in.note) t.note = *in.note;
    check_tender(t);
    t.id = c.query_one(
                "INSERT INTO tenders (opportunity_id, owner_unit_id, notice_no, published_where, published_on, "
                "bid_deadline, opening_at, lots, result, note, version, created_at, updated_at) VALUES (?, ?, ?, "
                "?, ?, ?, ?, ?, 'pending', ?, 1, ?, ?) RETURNING id",
                {opportunity_id, o.owner_unit_id, t.notice_no, t.published_where, t.published_on, t.bid_deadline,
                 db::nullable(t.opening_at), t.lots_json, db::nullable(t.note), now, now})
               ->integer(0);
    audit::record(c, {caller.user_id, "create", "tender", t.id, std::nullopt,
                      json{{"opportunity_id", opportunity_id}, {"notice_no", t.notice_no}}.dump()});
    result = *store::find_tender(c, caller.scope, t.id);
  });
  return result;
}

Tender OpportunityService::update_tender(const auth::Principal& caller, int64_t id, const TenderInput& in) {
  Tender result;
  database_.write([&](db::Connection& c) {
    int64_t now = clock::now_ms();
    auto found = store::find_tender(c, caller.scope, id, true);
    if (!found) throw NotFound("no such tender");
    auth::require(caller.role, "opportunities.write");
    require_version(found->version, in.version, "tender");
    Tender t = *found;
    set_if(in.notice_no, t.notice_no);
    set_if(in.published_where, t.published_where);
    set_if(in.published_on, t.published_on);
    set_if(in.bid_deadline, t.bid_deadline);
    set_if(in.opening_at, t.opening_at);
    set_if(in.lots_json, t.lots_json);
    set_if(in.result, t.result);
    set_if(in.winner, t.winner);
    set_if(in.winning_price_fen, t.winning_price_fen);
    set_if(in.note, t.note);
    check_tender(t);
    c.execute(
        "UPDATE tenders SET notice_no = ?, published_where = ?, published_on = ?, bid_deadline = ?, opening_at "
        "= ?, lots = ?, result = ?, winner = ?, winning_price_fen = ?, note = ?, version = version + 1, "
        "updated_at = ? WHERE id = ?",
        {t.notice_no, t.published_where, t.published_on, t.bid_deadline, db::nullable(t.opening_at), t.lots_json,
         t.result, db::nullable(t.winner), db::nullable(t.winning_price_fen), db::nullable(t.note), now, id});
    audit::record(c, {caller.user_id, "update", "tender", id, json{{"result", found->result}}.dump(),
                      json{{"result", t.result}}.dump()});
    result = *store::find_tender(c, caller.scope, id);
  });
  return result;
}

std::vector<Tender> OpportunityService::tenders(const auth::Principal& caller, int64_t from, int64_t to,
                                                bool openings_too) {
  auth::require(caller.role, "opportunities.read");
  std::vector<Tender> out;
  database_.read([&](db::Connection& c) {
    out = store::tenders_between(c, store::scope_units(c, caller.scope), from, to, openings_too);
  });
  return out;
}

// ---- competitors --------------------------------------------------------------------------

CompetitorQuote OpportunityService::add_competitor_quote(const auth::Principal& caller, int64_t opportunity_id,
                                                         CompetitorQuote in) {
  CompetitorQuote result;
  database_.write([&](db::Connection& c) {
    int64_t now = clock::now_ms();
    load(c, caller.scope, opportunity_id);
    auth::require(caller.role, "opportunities.write");
    if (in.quoted_on && !registrations::day_number(*in.quoted_on))
      throw Invalid("quoted_on", "must be a day YYYY-MM-DD");
    int64_t id = c.query_one(
                      "INSERT INTO competitor_quotes (opportunity_id, brand, model, unit_price_fen, quoted_on, "
                      "note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                      {opportunity_id, in.brand, in.model, in.unit_price_fen, db::nullable(in.quoted_on),
                       db::nullable(in.note), caller.user_id, now})
                     ->integer(0);
    audit::record(c,
                  {caller.user_id, "create", "competitor_quote", id, std::nullopt,
                   json{{"opportunity_id", opportunity_id}, {"brand", in.brand}, {"price", in.unit_price_fen}}.dump()});
    for (const auto& q : store::competitor_quotes_of(c, opportunity_id)) {
      if (q.id == id) result = q;
    }
  });
  return result;
}

void OpportunityService::delete_competitor_quote(const auth::Principal& caller, int64_t id) {
  database_.write([&](db::Connection& c) {
    auto row = c.query_one("SELECT opportunity_id, brand FROM competitor_quotes WHERE id = ?", {id});
    if (!row || !store::find(c, caller.scope, row->integer(0))) throw NotFound("no such competitor quote");
    auth::require(caller.role, "opportunities.write");
    if (c.execute("DELETE FROM competitor_quotes WHERE id = ?", {id}) != 1) {
      throw NotFound("no such competitor quote");  // deleted meanwhile by someone else
    }
    audit::record(
        c, {caller.user_id, "delete", "competitor_quote", id, json{{"brand", row->text(1)}}.dump(), std::nullopt});
  });
}

// ---- our quotes and their approval -------------------------------------------------------------

Quote OpportunityService::add_quote(const auth::Principal& caller, int64_t opportunity_id, const QuoteInput& in) {
  Quote result;
  database_.write([&](db::Connection& c) {
    int64_t now = clock::now_ms();
    auto o = load(c, caller.scope, opportunity_id, true);
    auth::require(caller.role, "opportunities.write");
    if (!is_open(o.stage)) throw fleetkam::Conflict("a won or lost opportunity takes no quotes", "opportunity.closed");
    auto model = store::find_model(c, in.model_id);
    if (!model || !model->active) throw Invalid("model_id", "is not an active model of the catalogue");
    Band band;
    for (const auto& b : model->bands) {
      if (b.procurement_method == o.procurement_method) band = {b.max_discount_bp, b.hq_discount_bp};
    }
    auto pricing = classify_price(model->guide_price_fen, in.unit_price_fen, band);
    std::string status = pricing.approval_level == "none" ? "approved" : "pending_regional";
    int64_t id =
        c.query_one(
             "INSERT INTO quotes (opportunity_id, owner_unit_id, model_id, quantity, unit_price_fen, "
             "guide_price_fen, discount_bp, max_discount_bp, hq_discount_bp, approval_level, status, note, "
             "created_by, created_at, version, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, "
             "?) RETURNING id",
             {opportunity_id, o.owner_unit_id, model->id, in.quantity, in.unit_price_fen, model->guide_price_fen,
              pricing.discount_bp, band.max_discount_bp, band.hq_discount_bp, pricing.approval_level, status,
              db::nullable(in.note), caller.user_id, now, now})
            ->integer(0);
    audit::record(c, {caller.user_id, "create", "quote", id, std::nullopt,
                      json{{"opportunity_id", opportunity_id},
                           {"unit_price_fen", in.unit_price_fen},
                           {"discount_bp", pricing.discount_bp},
                           {"status", status}}
                          .dump()});
    result = *store::find_quote(c, caller.scope, id);
  });
  return result;
}

Quote OpportunityService::decide_quote(const auth::Principal& caller, int64_t id, const std::string& decision,
                                       const std::optional<std::string>& note, int64_t version) {
  Quote result;
  database_.write([&](db::Connection& c) {
    int64_t now = clock::now_ms();
    auto q = store::find_quote(c, caller.scope, id, true);
    if (!q) throw NotFound("no such quote");
    auth::require(caller.role, "quotes.approve");
    if (q->status != "pending_regional" && q->status != "pending_hq")
      throw fleetkam::Conflict("the quote waits for no approval", "quote.not_pending");
    std::string level = q->status == "pending_regional" ? "regional" : "hq";
    if (level == "hq" && !hq_role(caller.role)) throw Forbidden("the HQ step is decided at headquarters");
    require_version(q->version, version, "quote");
    if (decision == "reject" && !note) throw Invalid("note", "say why the price is rejected", "required");
    std::string status = "rejected";
    if (decision == "approve") status = level == "regional" && q->approval_level == "hq" ? "pending_hq" : "approved";
    c.execute("INSERT INTO quote_approvals (quote_id, level, decision, note, by_user, at) VALUES (?, ?, ?, ?, ?, ?)",
              {id, level, decision, db::nullable(note), caller.user_id, now});
    c.execute("UPDATE quotes SET status = ?, version = version + 1, updated_at = ? WHERE id = ?", {status, now, id});
    audit::record(c, {caller.user_id, "decide", "quote", id, json{{"status", q->status}}.dump(),
                      json{{"status", status}, {"level", level}, {"decision", decision}}.dump()});
    result = *store::find_quote(c, caller.scope, id);
  });
  return result;
}

Quote OpportunityService::send_quote(const auth::Principal& caller, int64_t id, int64_t version) {
  Quote result;
  database_.write([&](db::Connection& c) {
    int64_t now = clock::now_ms();
    auto q = store::find_quote(c, caller.scope, id, true);
    if (!q) throw NotFound("no such quote");
    auth::require(caller.role, "opportunities.write");
    if (q->status != "approved") throw fleetkam::Conflict("only an approved quote is sent", "quote.not_approved");
    require_version(q->version, version, "quote");
    c.execute("UPDATE quotes SET status = 'sent', sent_at = ?, version = version + 1, updated_at = ? WHERE id = ?",
              {now, now, id});
    audit::record(c, {caller.user_id, "send", "quote", id, std::nullopt, json{{"status", "sent"}}.dump()});
    result = *store::find_quote(c, caller.scope, id);
  });
  return result;
}

std::vector<Quote> OpportunityService::quotes(const auth::Principal& caller, const std::vector<std::string>& statuses,
                                              bool awaiting_me, int limit) {
  auth::require(caller.role, "opportunities.read");
  std::vector<std::string> wanted = statuses;
  if (awaiting_me) {
    std::vector<std::string> mine;
    if (auth::allowed(caller.role, "quotes.approve")) mine.emplace_back("pending_regional");
    if (hq_role(caller.role)) mine.emplace_back("pending_hq");
    if (mine.empty()) return {};
    if (wanted.empty()) {
      wanted = mine;
    } else {
      std::erase_if(wanted, [&](const std::string& s) { return std::find(mine.begin(), mine.end(), s) == mine.end(); });
      if (wanted.empty()) return {};
    }
  }
  std::vector<Quote> out;
  database_.read(
      [&](db::Connection& c) { out = store::quotes_with(c, store::scope_units(c, caller.scope), wanted, limit); });
  return out;
}

// ---- the catalogue ---------------------------------------------------------------------------

std::vector<VehicleModel> OpportunityService::models(const auth::Principal& caller, std::optional<bool> active,
                                                     const std::optional<std::string>& vehicle_type,
                                                     const std::optional<std::string>& q) {
  auth::require(caller.role, "opportunities.read");
  std::vector<VehicleModel> out;
  database_.read([&](db::Connection& c) { out = store::models(c, active, vehicle_type, q); });
  return out;
}

namespace {
void check_model(db::Connection& c, directories::DirectoryService& directories, const VehicleModel& m) {
  std::vector<FieldError> errors;
  if (!directories.is_active_code(c, "vehicle_types", m.vehicle_type))
    errors.push_back({"vehicle_type", "is not an active vehicle type code", "invalid_value"});
  if (m.kind == "upfit" && !m.upfitter)
    errors.push_back({"upfitter", "an upfitted model names its upfitter", "required"});
  if (c.query_one("SELECT 1 FROM vehicle_models WHERE code = ? AND id <> ?", {m.code, m.id}))
    errors.push_back({"code", "is used by another model", "taken"});
  if (!errors.empty()) throw Invalid(errors);
}
}  // namespace

VehicleModel OpportunityService::create_model(const auth::Principal& caller, const ModelInput& in) {
  auth::require(caller.role, "catalogue.manage");
  VehicleModel result;
  database_.write([&](db::Connection& c) {
    int64_t now = clock::now_ms();
    VehicleModel m;
    m.code = *in.code;
    m.name = *in.name;
    m.vehicle_type = *in.vehicle_type;
    m.kind = *in.kind;
    if (in.upfitter) m.upfitter = *in.upfitter;
    m.guide_price_fen = *in.guide_price_fen;
    m.active = in.active.value_or(true);
    check_model(c, directories_, m);
    m.id = c.query_one(
                "INSERT INTO vehicle_models (code, name, vehicle_type, kind, upfitter, guide_price_fen, active, "
                "version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id",
                {m.code, m.name, m.vehicle_type, m.kind, db::nullable(m.upfitter), m.guide_price_fen,
                 int64_t{m.active ? 1 : 0}, now, now})
               ->integer(0);
    audit::record(c, {caller.user_id, "create", "vehicle_model", m.id, std::nullopt,
                      json{{"code", m.code}, {"guide_price_fen", m.guide_price_fen}}.dump()});
    result = *store::find_model(c, m.id);
  });
  return result;
}

VehicleModel OpportunityService::update_model(const auth::Principal& caller, int64_t id, const ModelInput& in) {
  auth::require(caller.role, "catalogue.manage");
  VehicleModel result;
  database_.write([&](db::Connection& c) {
    int64_t now = clock::now_ms();
    auto found = store::find_model(c, id, true);
    if (!found) throw NotFound("no such vehicle model");
    require_version(found->version, in.version, "vehicle model");
    VehicleModel m = *found;
    set_if(in.code, m.code);
    set_if(in.name, m.name);
    set_if(in.vehicle_type, m.vehicle_type);
    set_if(in.kind, m.kind);
    set_if(in.upfitter, m.upfitter);
    set_if(in.guide_price_fen, m.guide_price_fen);
    set_if(in.active, m.active);
    if (m.kind == "base" && !in.upfitter) m.upfitter.reset();
    check_model(c, directories_, m);
    c.execute(
        "UPDATE vehicle_models SET code = ?, name = ?, vehicle_type = ?, kind = ?, upfitter = ?, guide_price_fen "
        "= ?, active = ?, version = version + 1, updated_at = ? WHERE id = ?",
        {m.code, m.name, m.vehicle_type, m.kind, db::nullable(m.upfitter), m.guide_price_fen, int64_t{m.active ? 1 : 0},
         now, id});
    audit::record(c, {caller.user_id, "update", "vehicle_model", id,
                      json{{"guide_price_fen", found->guide_price_fen}, {"active", found->active}}.dump(),
                      json{{"guide_price_fen", m.guide_price_fen}, {"active", m.active}}.dump()});
    result = *store::find_model(c, id);
  });
  return result;
}

VehicleModel OpportunityService::set_bands(const auth::Principal& caller, int64_t id,
                                           const std::vector<VehicleModel::Band>& bands) {
  auth::require(caller.role, "catalogue.manage");
  VehicleModel result;
  database_.write([&](db::Connection& c) {
    auto found = store::find_model(c, id, true);
    if (!found) throw NotFound("no such vehicle model");
    c.execute("DELETE FROM price_bands WHERE model_id = ?", {id});
    for (const auto& b : bands) {
      c.execute(
          "INSERT INTO price_bands (model_id, procurement_method, max_discount_bp, hq_discount_bp) VALUES (?, ?, "
          "?, ?)",
          {id, b.procurement_method, b.max_discount_bp, b.hq_discount_bp});
    }
    json before = json::array(), after = json::array();
    for (const auto& b : found->bands) before.push_back({b.procurement_method, b.max_discount_bp, b.hq_discount_bp});
    for (const auto& b : bands) after.push_back({b.procurement_method, b.max_discount_bp, b.hq_discount_bp});
    audit::record(c, {caller.user_id, "bands", "vehicle_model", id, json{{"bands", before}}.dump(),
                      json{{"bands", after}}.dump()});
    c.execute("UPDATE vehicle_models SET version = version + 1, updated_at = ? WHERE id = ?", {clock::now_ms(), id});
    result = *store::find_model(c, id);
  });
  return result;
}

// ---- deliveries and their figures ---------------------------------------------------------------

Delivery OpportunityService::deliver(const auth::Principal& caller, int64_t opportunity_id, const DeliveryInput& in) {
  Delivery result;
  database_.write([&](db::Connection& c) {
    int64_t now = clock::now_ms();
    auto o = load(c, caller.scope, opportunity_id, true);
    auth::require(caller.role, "deliveries.write");
    std::vector<FieldError> errors;
    if (!registrations::day_number(in.day)) {
      errors.push_back({"date", "must be a day YYYY-MM-DD", "invalid_value"});
    } else if (in.day > today_in_china(now)) {
      errors.push_back({"date", "must not be in the future", "invalid_value"});
    }
    if (!directories_.is_active_code(c, "vehicle_types", in.vehicle_type))
      errors.push_back({"vehicle_type", "is not an active vehicle type code", "invalid_value"});
    if (in.model_id && !store::find_model(c, *in.model_id))
      errors.push_back({"model_id", "is not a model of the catalogue", "invalid_value"});
    if (!errors.empty()) throw Invalid(errors);
    if (o.stage != "won") throw fleetkam::Conflict("only a won opportunity takes deliveries", "opportunity.not_won");
    if (!within_won(o.won_units, o.delivered_units, in.quantity) && !in.over_reason) {
      throw fleetkam::Conflict("this would deliver " + std::to_string(o.delivered_units + in.quantity) +
                                   " units of the " + std::to_string(o.won_units) + " won: give over_reason",
                               "delivery.exceeds_won");
    }
    int64_t month = month_of(in.day);
    int64_t id =
        c.query_one(
             "INSERT INTO deliveries (opportunity_id, account_id, unit_id, user_id, day, month, quantity, model, "
             "vehicle_type, model_id, over_reason, note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
             "?, ?, ?, ?, ?, ?) RETURNING id",
             {opportunity_id, o.account_id, o.owner_unit_id, db::nullable(o.owner_user_id), in.day, month, in.quantity,
              in.model, in.vehicle_type, db::nullable(in.model_id), db::nullable(in.over_reason), db::nullable(in.note),
              caller.user_id, now})
            ->integer(0);
    c.execute(
        "UPDATE opportunities SET delivered_units = delivered_units + ?, version = version + 1, updated_at = ? "
        "WHERE id = ?",
        {in.quantity, now, opportunity_id});
    c.execute(
        "INSERT INTO delivery_totals (unit_id, user_id, month, units) VALUES (?, ?, ?, ?) ON CONFLICT (unit_id, "
        "month, user_id) DO UPDATE SET units = delivery_totals.units + excluded.units",
        {o.owner_unit_id, o.owner_user_id.value_or(0), month, in.quantity});
    add_grade_units(c, o.account_id, o.owner_unit_id, month, in.quantity);
    audit::record(c, {caller.user_id, "create", "delivery", id, std::nullopt,
                      json{{"opportunity_id", opportunity_id},
                           {"date", in.day},
                           {"quantity", in.quantity},
                           {"over_reason", in.over_reason ? json(*in.over_reason) : json()}}
                          .dump()});
    for (const auto& d : store::deliveries_of(c, opportunity_id)) {
      if (d.id == id) result = d;
    }
  });
  return result;
}

Delivery OpportunityService::void_delivery(const auth::Principal& caller, int64_t id, const std::string& reason) {
  Delivery result;
  database_.write([&](db::Connection& c) {
    int64_t now = clock::now_ms();
    auto row = c.query_one(
        "SELECT opportunity_id, unit_id, COALESCE(user_id, 0), month, quantity, voided_at, account_id FROM "
        "deliveries WHERE id = ?",
        {id});
    if (!row || !store::find(c, caller.scope, row->integer(0), true)) throw NotFound("no such delivery");
    auth::require(caller.role, "deliveries.write");
    if (!row->is_null(5)) throw fleetkam::Conflict("the delivery is already void", "delivery.voided");
    int64_t opportunity_id = row->integer(0), quantity = row->integer(4);
    // the row read above may be stale (voided since): the update checks it is still counted
    if (c.execute("UPDATE deliveries SET voided_at = ?, voided_by = ?, void_reason = ? WHERE id = ? AND voided_at IS "
                  "NULL",
                  {now, caller.user_id, reason, id}) != 1) {
      throw fleetkam::Conflict("the delivery is already void", "delivery.voided");
    }
    c.execute(
        "UPDATE opportunities SET delivered_units = delivered_units - ?, version = version + 1, updated_at = ? "
        "WHERE id = ?",
        {quantity, now, opportunity_id});
    c.execute("UPDATE delivery_totals SET units = units - ? WHERE unit_id = ? AND user_id = ? AND month = ?",
              {quantity, row->integer(1), row->integer(2), row->integer(3)});
    add_grade_units(c, row->integer(6), row->integer(1), row->integer(3), -quantity);
    audit::record(c, {caller.user_id, "void", "delivery", id, json{{"quantity", quantity}}.dump(),
                      json{{"voided", true}, {"reason", reason}}.dump()});
    for (const auto& d : store::deliveries_of(c, opportunity_id)) {
      if (d.id == id) result = d;
    }
  });
  return result;
}

std::vector<Delivery> OpportunityService::deliveries(const auth::Principal& caller, int64_t opportunity_id) {
  auth::require(caller.role, "opportunities.read");
  std::vector<Delivery> out;
  database_.read([&](db::Connection& c) {
    load(c, caller.scope, opportunity_id);
    out = store::deliveries_of(c, opportunity_id);
  });
  return out;
}

std::vector<SummaryItem> OpportunityService::actual_sales(const auth::Principal& caller, const SalesQuery& query) {
  auth::require(caller.role, "opportunities.read");
  return actual_sales(caller.scope, query);
}

std::vector<SummaryItem> OpportunityService::actual_sales(const auth::Scope& scope, const SalesQuery& query) {
  std::vector<SummaryItem> out;
  database_.read([&](db::Connection& c) {
    db::Params params;
    // from the monthly totals kept with each delivery (deliveries themselves are too many to add up)
    std::string cond = store::unit_condition("unit_id", store::scope_units(c, scope), params);
    params.emplace_back(query.from_month);
    params.emplace_back(query.to_month);
    std::string key = query.level == "user" ? "user_id" : "unit_id";
    std::string group = query.level == "all" ? "month" : "month, " + key;
    auto rows = c.query("SELECT month, " + (query.level == "all" ? std::string("NULL") : key) +
                            ", SUM(units) FROM delivery_totals WHERE " + cond +
                            " AND month >= ? AND month <= ? GROUP BY " + group + " ORDER BY " + group,
                        params);
    if (query.level == "user") {
      for (const auto& row : rows) {
        auto user = row.integer(1);
        out.push_back(
            {row.integer(0), std::nullopt, user ? std::optional<int64_t>(user) : std::nullopt, row.integer(2)});
      }
      return;
    }
    if (query.level == "all") {
      for (const auto& row : rows) out.push_back({row.integer(0), std::nullopt, std::nullopt, row.integer(2)});
      return;
    }
    if (query.level == "unit") {
      for (const auto& row : rows) out.push_back({row.integer(0), row.integer(1), std::nullopt, row.integer(2)});
      return;
    }
    // rolled up to the province or region each unit lies in
    std::map<int64_t, std::pair<std::string, std::optional<int64_t>>> units;  // id → (kind, parent)
    for (const auto& row : c.query("SELECT id, kind, parent_id FROM org_units"))
      units[row.integer(0)] = {row.text(1), row.optional_integer(2)};
    auto rollup = [&](int64_t unit) -> std::optional<int64_t> {
      for (std::optional<int64_t> at = unit; at;) {
        auto it = units.find(*at);
        if (it == units.end()) return std::nullopt;
        if (it->second.first == query.level) return *at;
        at = it->second.second;
      }
      return std::nullopt;  // a unit above that level (HQ's own deliveries)
    };
    std::map<std::pair<int64_t, int64_t>, int64_t> sums;
    for (const auto& row : rows) {
      auto up = rollup(row.integer(1));
      if (up) sums[{row.integer(0), *up}] += row.integer(2);
    }
    for (const auto& [k, units_sum] : sums) out.push_back({k.first, k.second, std::nullopt, units_sum});
  });
  return out;
}

std::vector<PyramidRow> OpportunityService::pyramid(const auth::Principal& caller, int64_t from_month,
                                                    int64_t to_month) {
  auth::require(caller.role, "opportunities.read");
  std::vector<PyramidRow> out = {{"key", 0, 0}, {"secondary", 0, 0}, {"potential", 0, 0}};
  database_.read([&](db::Connection& c) {
    auto units = store::scope_units(c, caller.scope);
    db::Params p1;
    std::string cond = store::unit_condition("owner_unit_id", units, p1);
    for (const auto& row : c.query("SELECT grade, COUNT(*) FROM accounts WHERE " + cond + " GROUP BY grade", p1)) {
      for (auto& r : out) {
        if (r.grade == row.text(0)) r.accounts = row.integer(1);
      }
    }
    // delivered units per grade from the totals kept with each delivery and grade change
    db::Params p2;
    std::string dcond = store::unit_condition("unit_id", units, p2);
    p2.emplace_back(from_month);
    p2.emplace_back(to_month);
    for (const auto& row : c.query("SELECT grade, SUM(units) FROM grade_delivery_totals WHERE " + dcond +
                                       " AND month >= ? AND month <= ? GROUP BY grade",
                                   p2)) {
      for (auto& r : out) {
        if (r.grade == row.text(0)) r.units = row.integer(1);
      }
    }
  });
  return out;
}

}  // namespace fleetkam::opportunities
