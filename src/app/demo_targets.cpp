// The demo's targets: this half-year's plan (the seed's 2023 units, 13 per person a month),
// decomposed with HQ's market capacity per province and issued on the half's first working days;
// Sichuan's split to its dealers and people saved and submitted before the due date; and next
// year's plan as HQ's draft. Written through TargetService, with its checks, at past moments.
#include <cstdio>
#include <map>

#include "app/demo_pipeline.h"
#include "modules/targets/service.h"
#include "modules/targets/tree.h"
#include "platform/clock.h"
#include "platform/db/database.h"

namespace fleetkam::app {

namespace {

int64_t morning(const std::string& day) { return *clock::parse_rfc3339(day + "T10:00:00+08:00"); }

// Market capacity (市场容量, official and industry vehicles a year) HQ's planners enter per province,
// by division code; the others 90.
int64_t capacity_of(const std::string& division) {
  static const std::map<std::string, int64_t> capacity = {
      {"440000", 460}, {"370000", 410}, {"320000", 400}, {"410000", 360}, {"510000", 340}, {"330000", 330},
      {"420000", 280}, {"430000", 260}, {"130000", 250}, {"110000", 240}, {"340000", 230}, {"350000", 210},
      {"310000", 200}, {"500000", 190}, {"530000", 180}, {"360000", 170}, {"610000", 170}, {"210000", 160},
      {"450000", 160}, {"120000", 120}, {"520000", 120}, {"140000", 110}, {"150000", 100}, {"230000", 100},
      {"220000", 90},  {"650000", 90},  {"620000", 80},  {"460000", 60},  {"640000", 40},  {"630000", 30},
      {"540000", 20}};
  auto it = capacity.find(division);
  return it == capacity.end() ? 90 : it->second;
}

}  // namespace

void load_targets(db::Database& database, targets::TargetService& service,
                  std::map<std::string, auth::Principal>& people) {
  if (!people.count("director") || !people.count("am_sichuan")) return;
  const auto& director = people.at("director");
  const auto& manager = people.at("am_sichuan");
  int64_t now = clock::now_ms();
  std::string today = targets::today(now);
  int year = std::stoi(today.substr(0, 4)), month = std::stoi(today.substr(5, 2));
  bool second_half = month >= 7;
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d", year, second_half ? 7 : 1);
  std::string from = buffer;
  std::snprintf(buffer, sizeof buffer, "%04d-%02d", year, second_half ? 12 : 6);
  std::string to = buffer;
  std::snprintf(buffer, sizeof buffer, "%s-03", from.c_str());
  std::string issued_on = buffer;
  std::snprintf(buffer, sizeof buffer, "%s-20", from.c_str());
  std::string due = buffer;
  std::snprintf(buffer, sizeof buffer, "%s-17", from.c_str());
  std::string submitted_on = buffer;

  targets::PlanMethod method;
  std::map<std::string, int64_t> division_of_province;
  database.read([&](db::Connection& c) {
    for (const auto& row : c.query("SELECT id, division_code FROM org_units WHERE kind = 'province' AND active = 1"))
      method.market_capacity[row.integer(0)] = capacity_of(row.optional_text(1).value_or(""));
  });
  try {
    clock::pin(std::min(now, morning(issued_on)));
    targets::PlanFields fields;
    fields.name = std::to_string(year) + (second_half ? "年下半年" : "年上半年") + "大客户销售目标";
    fields.from_month = *targets::parse_month_text(from);
    fields.to_month = *targets::parse_month_text(to);
    fields.total_units = 2023;
    fields.per_person_month_units = 13;
    fields.split_due = due;
    auto plan = service.create(director, fields);
    plan = service.set_method(director, plan.id, plan.version, method);
    plan = service.issue(director, plan.id, plan.version);
    // Sichuan's area manager takes the suggestion and submits it three days before the due date
    clock::pin(std::min(now, morning(submitted_on)));
    auto sheet = service.split_sheet(manager, plan.id, manager.org_unit_id);
    service.save_split(manager, plan.id, manager.org_unit_id, sheet.suggested);
    service.submit_split(manager, plan.id, manager.org_unit_id);
    // next year's plan, still HQ's draft
    clock::pin(std::nullopt);
    targets::PlanFields next;
    next.name = std::to_string(year + 1) + "年度大客户销售目标";
    next.from_month = (year + 1) * 100 + 1;
    next.to_month = (year + 1) * 100 + 12;
    next.total_units = 4380;
    next.per_person_month_units = 13;
    std::snprintf(buffer, sizeof buffer, "%04d-01-20", year + 1);
    next.split_due = std::string(buffer);
    auto draft = service.create(director, next);
    service.set_method(director, draft.id, draft.version, method);
  } catch (...) {
    clock::pin(std::nullopt);
    throw;
  }
  clock::pin(std::nullopt);
}

}  // namespace fleetkam::app
