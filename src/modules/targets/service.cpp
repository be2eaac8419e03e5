// Plans and HQ's decomposition: create, change, preview (what-if), issue, revise and compare.
#include "modules/targets/service.h"

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "modules/targets/compute.h"
#include "modules/targets/store.h"
#include "modules/targets/tree.h"
#include "platform/audit/audit.h"
#include "platform/clock.h"
#include "platform/errors.h"
#include "platform/record_write.h"

namespace fleetkam::targets {

using json = nlohmann::json;

const std::vector<std::string>& businesses() {
  static const std::vector<std::string> names = {"direct", "tender", "one_time"};
  return names;
}

namespace {

bool at_hq(const auth::Principal& caller) { return caller.unit_kind == "hq"; }

// The plan as the caller may see it: HQ every plan, others issued ones only (a draft is 404).
Plan visible(db::Connection& c, const auth::Principal& caller, int64_t id, bool lock = false) {
  auto plan = store::find(c, id, lock);
  if (!plan || (plan->status != "issued" && !at_hq(caller))) throw NotFound("no such target plan");
  return *plan;
}

void require_draft(const Plan& plan) {
  if (plan.status != "draft") throw Conflict("an issued plan is read-only: revise it instead", "target.not_draft");
}

void check_input(const PlanFields& in) {
  std::vector<FieldError> errors;
  if (in.to_month < in.from_month)
    errors.push_back({"to", "must not be before from", "invalid_value"});
  else if (months_between(in.from_month, in.to_month) > 24)
    errors.push_back({"to", "a plan covers at most 24 months", "invalid_value"});
  if (!errors.empty()) throw Invalid(errors);
}

json audit_json(const Plan& p) {
  json overrides = json::object(), capacity = json::object();
  for (const auto& [m, u] : p.method.month_overrides) overrides[month_text(m)] = u;
  for (const auto& [unit, u] : p.method.market_capacity) capacity[std::to_string(unit)] = u;
  return {{"name", p.name},
          {"from", month_text(p.from_month)},
          {"to", month_text(p.to_month)},
          {"total_units", p.total_units},
          {"per_person_month_units", p.per_person_month_units},
          {"split_due", p.split_due ? json(*p.split_due) : json()},
          {"status", p.status},
          {"month_basis", p.method.month_basis},
          {"businesses", p.method.businesses},
          {"weights", p.method.weights},
          {"market_capacity", capacity},
          {"month_overrides", overrides}};
}

// Recomputes and stores the plan's months and HQ/region/province cells.
void recompute(db::Connection& c, const OrgTree& tree, const Plan& plan, int64_t now) {
  auto preview = compute(c, tree, plan, plan.method, now);
  store::write_months(c, plan.id, preview.months);
  store::replace_cells(c, plan.id, {"hq", "region", "province"}, std::nullopt, preview.cells);
}

// The splits of the provinces in the caller's scope, with the ones not yet saved.
std::vector<SplitStatus> splits_in_scope(db::Connection& c, const OrgTree& tree, const auth::Principal& caller,
                                         const Plan& plan, int64_t now) {
  std::map<int64_t, SplitStatus> by_province;
  for (auto& s : store::splits(c, plan.id)) by_province[s.province_id] = s;
  std::vector<SplitStatus> out;
  const int64_t due = plan.split_due ? day_end_ms(*plan.split_due) : 0;
  for (auto province : tree.of_kind("province")) {
    const TreeUnit* u = tree.find(province);
    if (!caller.scope.contains(u->path)) continue;
    SplitStatus s;
    auto it = by_province.find(province);
    if (it != by_province.end()) s = it->second;
    s.province_id = province;
    s.province_name = u->name;
    if (plan.split_due) s.late = s.submitted_at ? *s.submitted_at >= due : now >= due;
    out.push_back(s);
  }
  return out;
}

Plan full(db::Connection& c, const auth::Principal& caller, int64_t id) {
  auto plan = visible(c, caller, id);
  if (plan.status == "issued") plan.splits = splits_in_scope(c, OrgTree::load(c), caller, plan, clock::now_ms());
  return plan;
}

}  // namespace

Plan TargetService::create(const auth::Principal& caller, const PlanFields& input) {
  auth::require(caller.role, "targets.plan");
  check_input(input);
  Plan out;
  database_.write([&](db::Connection& c) {
    int64_t now = clock::now_ms();
    auto tree = OrgTree::load(c);
    Plan plan;
    plan.name = input.name;
    plan.from_month = input.from_month;
    plan.to_month = input.to_month;
    plan.total_units = input.total_units;
    plan.per_person_month_units = input.per_person_month_units;
    plan.split_due = input.split_due;
    plan.id = store::insert(c, plan, caller.user_id, now);
    recompute(c, tree, plan, now);
    audit::record(c, {caller.user_id, "create", "target_plan", plan.id, std::nullopt, audit_json(plan).dump()});
    out = full(c, caller, plan.id);
  });
  return out;
}

namespace {
// The plans the caller sees that the filter keeps: what the list returns and the home to-dos count.
std::vector<Plan> matching(db::Connection& c, const auth::Principal& caller, const PlanFilter& filter) {
  std::vector<Plan> out;
  std::optional<OrgTree> tree;
  int64_t now = clock::now_ms();
  for (auto& p : store::list(c, at_hq(caller))) {
    if (filter.status && p.status != *filter.status) continue;
    if (filter.split_pending) {
      if (p.status != "issued" || p.superseded_by) continue;
      if (!tree) tree = OrgTree::load(c);
      bool pending = false;
      for (const auto& s : splits_in_scope(c, *tree, caller, p, now)) pending = pending || !s.submitted_at;
      if (!pending) continue;
    }
    out.push_back(std::move(p));
  }
  return out;
}
}  // namespace

std::vector<Plan> TargetService::list(const auth::Principal& caller, const PlanFilter& filter) {
  auth::require(caller.role, "targets.read");
  std::vector<Plan> out;
  database_.read([&](db::Connection& c) { out = matching(c, caller, filter); });
  return out;
}

int64_t count_plans(db::Connection& c, const auth::Principal& caller, const PlanFilter& filter) {
  return static_cast<int64_t>(matching(c, caller, filter).size());
}

Plan TargetService::get(const auth::Principal& caller, int64_t id) {
  auth::require(caller.role, "targets.read");
  Plan out;
  database_.read([&](db::Connection& c) { out = full(c, caller, id); });
  return out;
}

Plan TargetService::update(const auth::Principal& caller, int64_t id, int64_t version, const PlanFields& input) {
  check_input(input);
  Plan out;
  database_.write([&](db::Connection& c) {
    int64_t now = clock::now_ms();
    auto plan = visible(c, caller, id, true);
    auth::require(caller.role, "targets.plan");
    require_draft(plan);
    require_version("target plan", plan.version, version);
    json before = audit_json(plan);
    plan.name = input.name;
    plan.from_month = input.from_month;
    plan.to_month = input.to_month;
    plan.total_units = input.total_units;
    plan.per_person_month_units = input.per_person_month_units;
    plan.split_due = input.split_due;
    // overrides of months the new period no longer has go with them
    for (auto it = plan.method.month_overrides.begin(); it != plan.method.month_overrides.end();) {
      if (it->first < plan.from_month || it->first > plan.to_month)
        it = plan.method.month_overrides.erase(it);
      else
        ++it;
    }
    auto tree = OrgTree::load(c);
    store::update(c, plan, now);
    recompute(c, tree, plan, now);
    audit::record(c, {caller.user_id, "update", "target_plan", id, before.dump(), audit_json(plan).dump()});
    out = full(c, caller, id);
  });
  return out;
}

Plan TargetService::set_method(const auth::Principal& caller, int64_t id, int64_t version, const PlanMethod& method) {
  Plan out;
  database_.write([&](db::Connection& c) {
    int64_t now = clock::now_ms();
    auto plan = visible(c, caller, id, true);
    auth::require(caller.role, "targets.plan");
    require_draft(plan);
    require_version("target plan", plan.version, version);
    auto tree = OrgTree::load(c);
    check_method(plan, method, tree);
    json before = audit_json(plan);
    plan.method = method;
    store::update(c, plan, now);
    recompute(c, tree, plan, now);
    audit::record(c, {caller.user_id, "update", "target_plan", id, before.dump(), audit_json(plan).dump()});
    out = full(c, caller, id);
  });
  return out;
}

Preview TargetService::preview(const auth::Principal& caller, int64_t id, const PlanMethod& method) {
  Preview out;
  database_.read([&](db::Connection& c) {
    auto plan = visible(c, caller, id);
    auth::require(caller.role, "targets.plan");
    auto tree = OrgTree::load(c);
    check_method(plan, method, tree);
    out = compute(c, tree, plan, method, clock::now_ms());
  });
  return out;
}

std::vector<Cell> TargetService::cells(const auth::Principal& caller, int64_t id, const std::string& level,
                                       std::optional<int64_t> unit_id) {
  auth::require(caller.role, "targets.read");
  std::vector<Cell> out;
  database_.read([&](db::Connection& c) {
    visible(c, caller, id);
    auto tree = OrgTree::load(c);
    const TreeUnit* under = nullptr;
    if (unit_id) {
      under = tree.find(*unit_id);
      if (!under || !caller.scope.contains(under->path)) throw NotFound("no such unit");
    }
    for (auto& cell : store::cells_of_businesses(c, id, level)) {
      const TreeUnit* u = tree.find(cell.unit_id);
      if (!u || !caller.scope.contains(u->path)) continue;
      if (under && u->path.compare(0, under->path.size(), under->path) != 0) continue;
      out.push_back(std::move(cell));
    }
  });
  return out;
}

TargetService::CapacityImport TargetService::read_capacity(const auth::Principal& caller, int64_t id,
                                                           const std::vector<std::vector<std::string>>& rows,
                                                           const std::vector<int64_t>& row_numbers) {
  CapacityImport out;
  database_.read([&](db::Connection& c) {
    visible(c, caller, id);
    auth::require(caller.role, "targets.plan");
    auto tree = OrgTree::load(c);
    std::map<std::string, int64_t> by_key;
    for (auto province : tree.of_kind("province")) {
      const TreeUnit* u = tree.find(province);
      by_key[u->name] = province;
      // 四川省 → 四川, 广西壮族自治区 → 广西, 北京市 → 北京
      for (const char* tail : {"省", "市", "壮族自治区", "回族自治区", "维吾尔自治区", "自治区"}) {
        std::string t = tail;
        if (u->name.size() > t.size() && u->name.compare(u->name.size() - t.size(), t.size(), t) == 0) {
          by_key.emplace(u->name.substr(0, u->name.size() - t.size()), province);
          break;
        }
      }
    }
    for (const auto& row : c.query("SELECT id, division_code FROM org_units WHERE kind = 'province' AND active = 1 AND "
                                   "division_code IS NOT NULL"))
      by_key[row.text(1)] = row.integer(0);
    std::set<int64_t> seen;
    for (size_t i = 1; i < rows.size(); ++i) {  // the first row is the header
      int64_t number = i < row_numbers.size() ? row_numbers[i] : static_cast<int64_t>(i) + 1;
      const auto& row = rows[i];
      std::string key = row.empty() ? "" : row[0];
      while (!key.empty() && (key.back() == ' ' || key.back() == '\t')) key.pop_back();
      while (!key.empty() && (key.front() == ' ' || key.front() == '\t')) key.erase(0, 1);
      auto province = by_key.find(key);
      if (province == by_key.end()) {
        out.errors.emplace_back(number, "「" + key + "」 is not an active province (name or division code)");
        continue;
      }
      std::string units = row.size() > 1 ? row[1] : "";
      if (units.size() > 2 && units.compare(units.size() - 2, 2, ".0") == 0) units.resize(units.size() - 2);
      if (units.empty() || units.size() > 9 || units.find_first_not_of("0123456789") != std::string::npos) {
        out.errors.emplace_back(number, "the capacity must be whole units, not 「" + units + "」");
        continue;
      }
      if (!seen.insert(province->second).second) {
        out.errors.emplace_back(number, tree.name(province->second) + " appears twice");
        continue;
      }
      out.rows.push_back({number, province->second, tree.name(province->second), std::stoll(units)});
    }
  });
  return out;
}

Plan TargetService::issue(const auth::Principal& caller, int64_t id, int64_t version) {
  Plan out;
  database_.write([&](db::Connection& c) {
    int64_t now = clock::now_ms();
    auto plan = visible(c, caller, id, true);
    auth::require(caller.role, "targets.plan");
    require_draft(plan);
    require_version("target plan", plan.version, version);
    c.execute(
        "UPDATE target_plans SET status = 'issued', issued_at = ?, issued_by = ?, version = version + 1, "
        "updated_at = ? WHERE id = ?",
        {now, caller.user_id, now, id});
    if (plan.revision_of) {
      c.execute("UPDATE target_plans SET superseded_by = ?, version = version + 1, updated_at = ? WHERE id = ?",
                {id, now, *plan.revision_of});
    }
    audit::record(c, {caller.user_id, "issue", "target_plan", id, json{{"status", "draft"}}.dump(),
                      json{{"status", "issued"}}.dump()});
    out = full(c, caller, id);
  });
  return out;
}

Plan TargetService::revise(const auth::Principal& caller, int64_t id) {
  Plan out;
  database_.write([&](db::Connection& c) {
    int64_t now = clock::now_ms();
    auto plan = visible(c, caller, id, true);
    auth::require(caller.role, "targets.plan");
    if (plan.status != "issued") throw Conflict("only an issued plan is revised", "target.not_issued");
    if (plan.superseded_by) throw Conflict("a later revision replaces this plan", "target.superseded");
    if (c.query_one("SELECT id FROM target_plans WHERE revision_of = ? AND status = 'draft'", {id}))
      throw Conflict("a draft revision of this plan exists already", "target.revision_exists");
    Plan next = plan;
    next.revision_of = id;
    next.revision = plan.revision + 1;
    next.status = "draft";
    next.id = store::insert(c, next, caller.user_id, now);
    auto tree = OrgTree::load(c);
    recompute(c, tree, next, now);
    audit::record(c, {caller.user_id, "create", "target_plan", next.id, std::nullopt, audit_json(next).dump()});
    out = full(c, caller, next.id);
  });
  return out;
}

std::pair<int64_t, std::vector<DiffItem>> TargetService::diff(const auth::Principal& caller, int64_t id) {
  auth::require(caller.role, "targets.read");
  std::pair<int64_t, std::vector<DiffItem>> out;
  database_.read([&](db::Connection& c) {
    auto plan = visible(c, caller, id);
    if (!plan.revision_of) throw NotFound("a first revision has nothing to compare with");
    out.first = *plan.revision_of;
    auto tree = OrgTree::load(c);
    using Key = std::tuple<std::string, int64_t, int64_t, std::string>;
    std::map<Key, std::pair<int64_t, int64_t>> cells;
    for (const auto& level : {"hq", "region", "province"}) {
      for (const auto& cell : store::cells_of_businesses(c, *plan.revision_of, level))
        cells[{cell.level, cell.unit_id, cell.month, cell.business}].first = cell.units;
      for (const auto& cell : store::cells_of_businesses(c, id, level))
        cells[{cell.level, cell.unit_id, cell.month, cell.business}].second = cell.units;
    }
    for (const auto& [key, v] : cells) {
      if (v.first == v.second) continue;
      const auto& [level, unit, month, business] = key;
      const TreeUnit* u = tree.find(unit);
      if (!u || !caller.scope.contains(u->path)) continue;
      out.second.push_back({level, unit, month, business, v.first, v.second});
    }
  });
  return out;
}

}  // namespace fleetkam::targets
