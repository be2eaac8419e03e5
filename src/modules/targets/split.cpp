// A province's split of an issued plan to its dealers and their people (the area manager's job):
// the suggestion from the same indicators inside the province, saving with every month and
// business checked to add up, and the submission (its time is KPI item 1 of the assessment).
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>
#include <unordered_map>

#include "modules/targets/compute.h"
#include "modules/targets/decompose.h"
#include "modules/targets/service.h"
#include "modules/targets/shares.h"
#include "modules/targets/store.h"
#include "modules/targets/tree.h"
#include "platform/audit/audit.h"
#include "platform/clock.h"
#include "platform/errors.h"

namespace fleetkam::targets {

using json = nlohmann::json;

namespace {

struct Context {
  Plan plan;
  OrgTree tree;
  const TreeUnit* province = nullptr;
  std::vector<int64_t> months;
  std::vector<int64_t> dealers;
  std::vector<PersonRow> people;
  std::vector<Cell> province_cells;
};

size_t business_index(const std::string& name) {
  const auto& names = businesses();
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return i;
  }
  return names.size();
}

Context load_context(db::Connection& c, const auth::Principal& caller, int64_t id, int64_t province_id, bool lock) {
  Context x;
  auto plan = store::find(c, id, lock);
  if (!plan || (plan->status != "issued" && caller.unit_kind != "hq")) throw NotFound("no such target plan");
  x.plan = *plan;
  x.tree = OrgTree::load(c);
  x.province = x.tree.find(province_id);
  if (!x.province || x.province->kind != "province" || !caller.scope.contains(x.province->path))
    throw NotFound("no such province");
  if (x.plan.status != "issued") throw Conflict("the plan is not issued yet", "target.not_issued");
  x.months = month_range(x.plan.from_month, x.plan.to_month);
  x.dealers = x.tree.dealers_of(province_id);
  x.people = people_of(c, x.dealers);
  x.province_cells = store::cells_of_businesses(c, id, "province", std::vector<int64_t>{province_id});
  return x;
}

// [business][month] of the province's cells.
std::vector<std::vector<int64_t>> province_table(const Context& x) {
  std::vector<std::vector<int64_t>> table(3, std::vector<int64_t>(x.months.size(), 0));
  std::unordered_map<int64_t, size_t> month_index;
  for (size_t m = 0; m < x.months.size(); ++m) month_index[x.months[m]] = m;
  for (const auto& cell : x.province_cells) {
    auto b = business_index(cell.business);
    auto m = month_index.find(cell.month);
    if (b < 3 && m != month_index.end()) table[b][m->second] = cell.units;
  }
  return table;
}

std::vector<SplitItem> suggest(db::Connection& c, const Context& x, int64_t now) {
  std::vector<SplitItem> out;
  if (x.dealers.empty()) return out;
  int64_t last = indicator_month(x.plan, now);
  auto window = registration_window(last);
  std::unordered_map<int64_t, size_t> dealer_index;
  for (size_t i = 0; i < x.dealers.size(); ++i) dealer_index[x.dealers[i]] = i;
  std::vector<std::array<double, 3>> dealer_ind(x.dealers.size(), {0, 0, 0});
  std::unordered_map<int64_t, std::array<double, 3>> person_ind;
  db::Params params{last};
  std::string marks = db::placeholders(x.dealers, params);
  for (const auto& row : c.query("SELECT unit_id, user_id, SUM(units) FROM delivery_totals WHERE month = ? AND unit_id "
                                 "IN (" +
                                     marks + ") GROUP BY unit_id, user_id",
                                 params)) {
    double units = static_cast<double>(std::max<int64_t>(0, row.integer(2)));
    dealer_ind[dealer_index[row.integer(0)]][0] += units;
    if (row.integer(1)) person_ind[row.integer(1)][0] += units;
  }
  db::Params reg{window.first, window.second};
  for (auto d : x.dealers) reg.emplace_back(d);
  for (const auto& row : c.query("SELECT dealer_unit_id, registered_by, COUNT(*) FROM registrations WHERE created_at "
                                 ">= ? AND created_at < ? AND status <> 'rejected' AND dealer_unit_id IN (" +
                                     marks + ") GROUP BY dealer_unit_id, registered_by",
                                 reg)) {
    double n = static_cast<double>(row.integer(2));
    dealer_ind[dealer_index[row.integer(0)]][2] += n;
    person_ind[row.integer(1)][2] += n;
  }
  auto dealer_split = split_among(province_table(x), composite_shares(dealer_ind, x.plan.method.weights));
  const auto& names = businesses();
  for (size_t b = 0; b < 3; ++b) {
    for (size_t d = 0; d < x.dealers.size(); ++d) {
      for (size_t m = 0; m < x.months.size(); ++m)
        out.push_back({x.dealers[d], std::nullopt, x.months[m], names[b], dealer_split[b][d][m]});
    }
  }
  // each dealer's people share the dealer's figure
  for (size_t d = 0; d < x.dealers.size(); ++d) {
    std::vector<int64_t> ids;
    std::vector<std::array<double, 3>> ind;
    for (const auto& p : x.people) {
      if (p.unit_id != x.dealers[d]) continue;
      ids.push_back(p.id);
      auto it = person_ind.find(p.id);
      ind.push_back(it == person_ind.end() ? std::array<double, 3>{0, 0, 0} : it->second);
    }
    if (ids.empty()) continue;
    std::vector<std::vector<int64_t>> dealer_table(3, std::vector<int64_t>(x.months.size()));
    for (size_t b = 0; b < 3; ++b) dealer_table[b] = dealer_split[b][d];
    auto people_split = split_among(dealer_table, composite_shares(ind, x.plan.method.weights));
    for (size_t b = 0; b < 3; ++b) {
      for (size_t p = 0; p < ids.size(); ++p) {
        for (size_t m = 0; m < x.months.size(); ++m)
          out.push_back({std::nullopt, ids[p], x.months[m], names[b], people_split[b][p][m]});
      }
    }
  }
  return out;
}

SplitSheet sheet(db::Connection& c, const Context& x, int64_t now) {
  SplitSheet s;
  s.province = {x.province->id, x.province->name};
  s.split_due = x.plan.split_due;
  for (auto d : x.dealers) s.dealers.push_back({d, x.tree.name(d)});
  for (const auto& p : x.people) s.people.push_back({p.id, p.name, p.unit_id, p.role});
  s.province_cells = x.province_cells;
  s.suggested = suggest(c, x, now);
  auto state = store::split(c, x.plan.id, x.province->id);
  s.status = !state ? "open" : state->submitted_at ? "submitted" : "saved";
  if (state) {
    s.saved_at = state->saved_at;
    s.submitted_at = state->submitted_at;
    for (const auto& cell : store::cells_of_businesses(c, x.plan.id, "dealer", x.dealers))
      s.saved.push_back({cell.unit_id, std::nullopt, cell.month, cell.business, cell.units});
    for (const auto& cell : store::cells_of_businesses(c, x.plan.id, "user", x.dealers))
      s.saved.push_back({std::nullopt, cell.user_id, cell.month, cell.business, cell.units});
  }
  if (x.plan.split_due) {
    int64_t due = day_end_ms(*x.plan.split_due);
    s.late = s.submitted_at ? *s.submitted_at >= due : now >= due;
  }
  s.headcount = static_cast<int64_t>(x.people.size());
  for (auto m : x.months) s.standard.emplace_back(m, s.headcount * x.plan.per_person_month_units);
  return s;
}

void require_area_manager(const auth::Principal& caller, const Context& x) {
  auth::require(caller.role, "targets.split");
  if (caller.org_unit_id != x.province->id)
    throw Forbidden("only the area manager of " + x.province->name + " splits its plan");
}

}  // namespace

SplitSheet TargetService::split_sheet(const auth::Principal& caller, int64_t id, int64_t province_id) {
  auth::require(caller.role, "targets.read");
  SplitSheet out;
  database_.read([&](db::Connection& c) {
    auto x = load_context(c, caller, id, province_id, false);
    out = sheet(c, x, clock::now_ms());
  });
  return out;
}

SplitSheet TargetService::save_split(const auth::Principal& caller, int64_t id, int64_t province_id,
                                     const std::vector<SplitItem>& items) {
  SplitSheet out;
  database_.write([&](db::Connection& c) {
    int64_t now = clock::now_ms();
    auto x = load_context(c, caller, id, province_id, true);
    require_area_manager(caller, x);
    if (x.plan.superseded_by) throw Conflict("a later revision replaces this plan", "target.superseded");
    auto state = store::split(c, id, province_id);
    if (state && state->submitted_at) throw Conflict("the split is submitted already", "target.split_submitted");

    std::set<int64_t> dealer_set(x.dealers.begin(), x.dealers.end());
    std::unordered_map<int64_t, int64_t> person_dealer;
    for (const auto& p : x.people) person_dealer[p.id] = p.unit_id;
    std::vector<FieldError> errors;
    using Key = std::tuple<int64_t, int64_t, std::string>;  // unit or person, month, business
    std::map<Key, int64_t> dealer_cells, person_cells;
    for (size_t i = 0; i < items.size(); ++i) {
      const auto& item = items[i];
      std::string at = "items[" + std::to_string(i) + "].";
      if (item.unit_id && !dealer_set.count(*item.unit_id))
        errors.push_back({at + "unit_id", "is not an active dealer of " + x.province->name, "invalid_value"});
      if (item.user_id && !person_dealer.count(*item.user_id))
        errors.push_back({at + "user_id", "is not a salesperson of a dealer of " + x.province->name, "invalid_value"});
      if (item.month < x.plan.from_month || item.month > x.plan.to_month)
        errors.push_back({at + "month", "is not a month of the plan", "invalid_value"});
      auto& target = item.unit_id ? dealer_cells : person_cells;
      Key key{item.unit_id ? *item.unit_id : item.user_id.value_or(0), item.month, item.business};
      if (target.count(key)) errors.push_back({at + "month", "this cell appears twice", "invalid_value"});
      target[key] = item.units;
    }
    if (!errors.empty()) throw Invalid(errors);

    // every month and business: the dealers add up to the province, each dealer's people to it
    const auto& names = businesses();
    auto table = province_table(x);
    std::vector<FieldError> mismatches;
    for (size_t b = 0; b < 3; ++b) {
      for (size_t m = 0; m < x.months.size(); ++m) {
        int64_t sum = 0;
        for (auto d : x.dealers) {
          auto it = dealer_cells.find({d, x.months[m], names[b]});
          int64_t dealer_units = it == dealer_cells.end() ? 0 : it->second;
          sum += dealer_units;
          int64_t people_sum = 0;
          bool any_person = false;
          for (const auto& p : x.people) {
            if (p.unit_id != d) continue;
            auto pit = person_cells.find({p.id, x.months[m], names[b]});
            if (pit != person_cells.end()) {
              any_person = true;
              people_sum += pit->second;
            }
          }
          if (any_person && people_sum != dealer_units) {
            mismatches.push_back({"people." + std::to_string(d) + "." + month_text(x.months[m]) + "." + names[b],
                                  "the people of " + x.tree.name(d) + " add up to " + std::to_string(people_sum) +
                                      " in " + month_text(x.months[m]) + " (" + names[b] + "), not " +
                                      std::to_string(dealer_units),
                                  "invalid_value"});
          }
        }
        if (sum != table[b][m]) {
          mismatches.push_back({"dealers." + month_text(x.months[m]) + "." + names[b],
                                "the dealers add up to " + std::to_string(sum) + " in " + month_text(x.months[m]) +
                                    " (" + names[b] + "), not the province's " + std::to_string(table[b][m]),
                                "invalid_value"});
        }
      }
    }
    if (!mismatches.empty()) throw Invalid(mismatches, "target.split_mismatch");

    std::vector<Cell> cells;
    for (const auto& [key, units] : dealer_cells) {
      const auto& [unit, month, business] = key;
      cells.push_back({"dealer", unit, 0, month, business, units, static_cast<double>(units)});
    }
    for (const auto& [key, units] : person_cells) {
      const auto& [user, month, business] = key;
      cells.push_back({"user", person_dealer[user], user, month, business, units, static_cast<double>(units)});
    }
    store::replace_cells(c, id, {"dealer", "user"}, x.dealers, cells);
    if (state) {
      c.execute(
          "UPDATE target_splits SET saved_at = ?, saved_by = ?, version = version + 1 WHERE plan_id = ? AND "
          "province_id = ?",
          {now, caller.user_id, id, province_id});
    } else {
      c.execute("INSERT INTO target_splits (plan_id, province_id, saved_at, saved_by) VALUES (?, ?, ?, ?)",
                {id, province_id, now, caller.user_id});
    }
    audit::record(c, {caller.user_id, "split", "target_plan", id, std::nullopt,
                      json{{"province_id", province_id}, {"cells", cells.size()}}.dump()});
    out = sheet(c, x, now);
  });
  return out;
}

SplitSheet TargetService::submit_split(const auth::Principal& caller, int64_t id, int64_t province_id) {
  SplitSheet out;
  database_.write([&](db::Connection& c) {
    int64_t now = clock::now_ms();
    auto x = load_context(c, caller, id, province_id, true);
    require_area_manager(caller, x);
    auto state = store::split(c, id, province_id);
    if (!state) throw Conflict("save the split before submitting it", "target.split_not_saved");
    if (state->submitted_at) throw Conflict("the split is submitted already", "target.split_submitted");
    c.execute(
        "UPDATE target_splits SET submitted_at = ?, submitted_by = ?, version = version + 1 WHERE plan_id = ? "
        "AND province_id = ?",
        {now, caller.user_id, id, province_id});
    audit::record(c, {caller.user_id, "submit_split", "target_plan", id, std::nullopt,
                      json{{"province_id", province_id}}.dump()});
    out = sheet(c, x, now);
  });
  return out;
}

}  // namespace fleetkam::targets
