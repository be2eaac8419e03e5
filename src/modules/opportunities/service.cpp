#include "modules/opportunities/service.h"
#include "modules/agreements/rules.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "modules/accounts/store.h"
#include "modules/boards/totals.h"
#include "modules/opportunities/rules.h"
#include "modules/opportunities/service_internal.h"
#include "modules/opportunities/store.h"
#include "modules/registrations/service.h"
#include "modules/registrations/store.h"
#include "modules/support/service.h"
#include "platform/audit/audit.h"
#include "platform/clock.h"
#include "platform/errors.h"
#include "platform/record_write.h"

namespace fleetkam::opportunities {
namespace {

using json = nlohmann::json;
constexpr int64_t kDayMs = 86400000;

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
  set_if(in.agreement_id, o.agreement_id);
}

// An agreement named (or kept when the procurement method changes): the rules of
// agreements::check_named, each a 422.
void check_agreement(db::Connection& c, const auth::Principal& caller, const OpportunityInput& in,
                     const Opportunity& o) {
  if (in.agreement_id && *in.agreement_id) {
    agreements::check_named(c, caller.scope.path, **in.agreement_id, o.procurement_method, o.owner_unit_id,
                            today_in_china(clock::now_ms()));
  } else if (o.agreement_id && o.procurement_method != "agreement") {
    throw Invalid("agreement_id", "only an opportunity bought by framework agreement names one", "agreement_method");
  }
}

db::Param flag(const std::optional<bool>& v) {
  if (!v) return nullptr;
  return int64_t{*v ? 1 : 0};
}

// The columns a create and an edit both write, in the order of editable_values().
constexpr const char* kEditableColumns =
    "quantity, amount_fen, budget_fen, budget_analysis, expected_date, worth_investing, risks, req_body, "
    "req_interior, req_configuration, req_accessories, usage_area, procurement_method, probability, value_level, "
    "difficulty, agreement_id";

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
          db::nullable(o.difficulty),
          db::nullable(o.agreement_id)};
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
  boards::totals::record_flow(c, id, from_stage, to_stage, from_procurement, to_procurement, at);
}
}  // namespace

std::string today_in_china(int64_t now) { return clock::format_rfc3339(now).substr(0, 10); }

Opportunity load(db::Connection& c, const auth::Scope& scope, int64_t id, bool lock) {
  auto o = store::find(c, scope, id, lock);
  if (!o) throw NotFound("no such opportunity");
  return *o;
}

bool hq_role(auth::Role role) {
  return role == auth::Role::admin || role == auth::Role::ka_director || role == auth::Role::ka_executive;
}

void add_grade_units(db::Connection& c, int64_t account_id, int64_t unit_id, int64_t month, int64_t units) {
  std::string lock = c.dialect() == db::Dialect::postgres ? " FOR SHARE" : "";
  auto grade = c.query_one("SELECT grade FROM accounts WHERE id = ?" + lock, {account_id})->text(0);
  c.execute(
      "INSERT INTO grade_delivery_totals (unit_id, month, grade, units) VALUES (?, ?, ?, ?) ON CONFLICT (unit_id, "
      "month, grade) DO UPDATE SET units = grade_delivery_totals.units + excluded.units",
      {unit_id, month, grade, units});
  boards::totals::add_delivered(c, unit_id, month, grade, units);
}

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
    check_agreement(c, caller, in, o);
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
    boards::totals::apply_opportunity(c, std::nullopt, boards::totals::opportunity(c, o.id));
    record_transition(c, o.id, std::nullopt, std::nullopt, o.stage, o.procurement_stage, std::nullopt, std::nullopt,
                      caller.user_id, now);
    if (registration) {
      // converted: it keeps its protection, which progress renews. Only if it still is approved
      // and protected: of two conversions at the same moment the second finds it converted.
      auto registration_before = boards::totals::registration(c, registration->id);
      if (c.execute("UPDATE registrations SET status = 'converted', opportunity_id = ?, version = version + 1, "
                    "updated_at = ? WHERE id = ? AND status = 'approved' AND protected_until > ?",
                    {o.id, now, registration->id, now}) != 1) {
        throw fleetkam::Conflict("only an approved, protected registration becomes an opportunity",
                                 "registration.not_convertible");
      }
      boards::totals::apply_registration(c, registration_before, boards::totals::registration(c, registration->id));
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
  return write_record(
      database_, caller, {"opportunity", "opportunities.write"},
      [&](db::Connection& c) { return load(c, caller.scope, id, true); },
      [&](db::Connection& c, Opportunity& o) {
        Opportunity result;
        int64_t now = clock::now_ms();
        if (!is_open(o.stage))
          throw fleetkam::Conflict("a won or lost opportunity is not edited", "opportunity.closed");
        require_version("opportunity", o.version, in.version);
        auto before = audit_json(o);
        apply(in, o);
        validate(c, directories_, o);
        check_agreement(c, caller, in, o);
        db::Params values = {o.title};
        auto editable = editable_values(o);
        values.insert(values.end(), editable.begin(), editable.end());
        values.insert(values.end(), {db::nullable(o.owner_user_id), now, id});
        auto totals_before = boards::totals::opportunity(c, id);
        c.execute("UPDATE opportunities SET title = ?, " + assignments(kEditableColumns) +
                      ", owner_user_id = ?, version = version + 1, updated_at = ? WHERE id = ?",
                  values);
        boards::totals::apply_opportunity(c, totals_before, boards::totals::opportunity(c, id));
        if (in.lines) write_lines(c, id, o.lines);
        audit::record(c, {caller.user_id, "update", "opportunity", id, before.dump(), audit_json(o).dump()});
        result = load(c, caller.scope, id);
        return result;
      });
}

std::vector<Opportunity> OpportunityService::list(const auth::Principal& caller, const OpportunityFilter& filter) {
  auth::require(caller.role, "opportunities.read");
  std::vector<Opportunity> out;
  database_.read([&](db::Connection& c) { out = store::list(c, caller.scope, filter); });
  return out;
}

std::map<std::string, int64_t> OpportunityService::stage_counts(const auth::Principal& caller,
                                                                OpportunityFilter filter) {
  auth::require(caller.role, "opportunities.read");
  filter.stages.clear();  // every stage is counted: the ones chosen are not a filter here
  std::map<std::string, int64_t> out;
  database_.read([&](db::Connection& c) { out = store::stage_counts(c, caller.scope, filter); });
  return out;
}

std::vector<BoardColumn> OpportunityService::board(const auth::Principal& caller, std::optional<int64_t> owner_unit_id,
                                                   int per_stage, int closed_days) {
  auth::require(caller.role, "opportunities.read");
  std::vector<BoardColumn> out;
  database_.read([&](db::Connection& c) {
    std::optional<std::vector<int64_t>> units;
    if (!store::units_of(c, caller.scope, owner_unit_id, units)) throw NotFound("no such unit");
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
  return write_record(
      database_, caller, {"opportunity", "opportunities.write", in.version},
      [&](db::Connection& c) { return load(c, caller.scope, id, true); },
      [&](db::Connection& c, Opportunity& o) {
        Opportunity result;
        int64_t now = clock::now_ms();
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
          if (c.query_one(
                  "SELECT 1 FROM quotes WHERE opportunity_id = ? AND status IN ('pending_regional', 'pending_hq')",
                  {id})) {
            throw fleetkam::Conflict("a quote still waits for approval", "quote.pending");
          }
        }
        bool closing = in.stage == "won" || in.stage == "lost";
        auto totals_before = boards::totals::opportunity(c, id);
        c.execute(
            "UPDATE opportunities SET stage = ?, procurement_stage = ?, outcome_reason = ?, lost_to = ?, "
            "closed_at = ?, won_units = ?, probability = ?, stage_changed_at = ?, version = version + 1, updated_at = "
            "? "
            "WHERE id = ?",
            {in.stage, to_procurement, closing ? db::nullable(in.reason) : db::Param(nullptr),
             in.stage == "lost" ? db::nullable(in.lost_to) : db::Param(nullptr),
             closing ? db::Param(now) : db::Param(nullptr), in.stage == "won" ? o.quantity : int64_t{0},
             // the owner's win probability holds while open; won counts 100 and lost 0
             closing ? db::Param(nullptr) : db::nullable(o.probability), now, now, id});
        boards::totals::apply_opportunity(c, totals_before, boards::totals::opportunity(c, id));
        record_transition(c, id, o.stage, o.procurement_stage, in.stage, to_procurement, in.reason,
                          in.stage == "lost" ? in.lost_to : std::nullopt, caller.user_id, now);
        // progress renews the registration's protection
        if (check.forward && o.registration_id) {
          // one statement that checks and writes: it never shortens a longer extension made meanwhile
          int64_t until = now + registrations::store::protection_days(c) * kDayMs;
          if (c.execute(
                  "UPDATE registrations SET protected_until = ?, version = version + 1, updated_at = ? WHERE id = ? "
                  "AND status = 'converted' AND (protected_until IS NULL OR protected_until < ?)",
                  {until, now, *o.registration_id, until}) == 1) {
            audit::record(c, {caller.user_id, "extend", "registration", *o.registration_id, std::nullopt,
                              json{{"protected_until", until}, {"reason", "opportunity progress"}}.dump()});
          }
        }
        // the information-feedback reward to whoever registered the lead that was won
        if (in.stage == "won") support::reward_won_registration(c, id, now);
        audit::record(c, {caller.user_id, "transition", "opportunity", id,
                          json{{"stage", o.stage}, {"procurement_stage", o.procurement_stage}}.dump(),
                          json{{"stage", in.stage},
                               {"procurement_stage", to_procurement},
                               {"reason", in.reason ? json(*in.reason) : json()}}
                              .dump()});
        result = load(c, caller.scope, id);
        return result;
      });
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

}  // namespace fleetkam::opportunities
