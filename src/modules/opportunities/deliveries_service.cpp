// Deliveries (实销) of won opportunities and their figures: actual sales and the value pyramid.
#include <nlohmann/json.hpp>

#include "modules/agreements/rules.h"
#include "modules/opportunities/rules.h"
#include "modules/opportunities/service.h"
#include "modules/opportunities/service_internal.h"
#include "modules/opportunities/store.h"
#include "modules/registrations/service.h"
#include "modules/satisfaction/service.h"
#include "modules/targets/business.h"
#include "platform/audit/audit.h"
#include "platform/clock.h"
#include "platform/errors.h"
#include "platform/record_write.h"

namespace fleetkam::opportunities {

using json = nlohmann::json;

// ---- deliveries and their figures ---------------------------------------------------------------

Delivery OpportunityService::deliver(const auth::Principal& caller, int64_t opportunity_id, const DeliveryInput& in) {
  return write_record(
      database_, caller, {"opportunity", "deliveries.write"},
      [&](db::Connection& c) { return load(c, caller.scope, opportunity_id, true); },
      [&](db::Connection& c, const Opportunity& o) {
        Delivery result;
        int64_t now = clock::now_ms();
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
        agreements::check_delivery(c, opportunity_id, in.model_id);
        if (o.stage != "won")
          throw fleetkam::Conflict("only a won opportunity takes deliveries", "opportunity.not_won");
        if (!within_won(o.won_units, o.delivered_units, in.quantity) && !in.over_reason) {
          throw fleetkam::Conflict("this would deliver " + std::to_string(o.delivered_units + in.quantity) +
                                       " units of the " + std::to_string(o.won_units) + " won: give over_reason",
                                   "delivery.exceeds_won");
        }
        int64_t month = month_of(in.day);
        std::string business = targets::delivery_business(c, opportunity_id);
        int64_t id =
            c.query_one(
                 "INSERT INTO deliveries (opportunity_id, account_id, unit_id, user_id, day, month, quantity, model, "
                 "vehicle_type, model_id, over_reason, note, created_by, created_at, business) VALUES (?, ?, ?, ?, ?, "
                 "?, "
                 "?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                 {opportunity_id, o.account_id, o.owner_unit_id, db::nullable(o.owner_user_id), in.day, month,
                  in.quantity, in.model, in.vehicle_type, db::nullable(in.model_id), db::nullable(in.over_reason),
                  db::nullable(in.note), caller.user_id, now, business})
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
        targets::add_business_units(c, o.owner_unit_id, o.owner_user_id.value_or(0), month, business, in.quantity);
        satisfaction::schedule(c, id, now);  // the customer's satisfaction follow-up, HQ's delay after the day
        agreements::refresh_sales(c, opportunity_id);
        audit::record(c, {caller.user_id, "create", "delivery", id, std::nullopt,
                          json{{"opportunity_id", opportunity_id},
                               {"date", in.day},
                               {"quantity", in.quantity},
                               {"over_reason", in.over_reason ? json(*in.over_reason) : json()}}
                              .dump()});
        for (const auto& d : store::deliveries_of(c, opportunity_id)) {
          if (d.id == id) result = d;
        }
        return result;
      });
}

Delivery OpportunityService::void_delivery(const auth::Principal& caller, int64_t id, const std::string& reason) {
  Delivery result;
  database_.write([&](db::Connection& c) {
    int64_t now = clock::now_ms();
    auto row = c.query_one(
        "SELECT opportunity_id, unit_id, COALESCE(user_id, 0), month, quantity, voided_at, account_id, business FROM "
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
    satisfaction::cancel_for_delivery(c, id, now);
    agreements::refresh_sales(c, opportunity_id);
    targets::add_business_units(c, row->integer(1), row->integer(2), row->integer(3), row->text(7), -quantity);
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
