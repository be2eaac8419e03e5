// HQ's table of win probabilities (赢单概率) by stage: the default of every open opportunity whose
// owner has not set its own (won counts 100, lost 0).
#include <nlohmann/json.hpp>

#include "modules/opportunities/rules.h"
#include "modules/opportunities/service.h"
#include "modules/opportunities/store.h"
#include "platform/audit/audit.h"
#include "platform/clock.h"
#include "platform/errors.h"

namespace fleetkam::opportunities {

using json = nlohmann::json;

std::vector<StageProbability> OpportunityService::stage_probabilities(const auth::Principal& caller) {
  auth::require(caller.role, "opportunities.read");
  std::vector<StageProbability> out;
  database_.read([&](db::Connection& c) { out = store::stage_probabilities(c); });
  return out;
}

std::vector<StageProbability> OpportunityService::set_stage_probabilities(const auth::Principal& caller,
                                                                          const std::vector<StageProbability>& values) {
  auth::require(caller.role, "settings.manage");
  std::vector<StageProbability> out;
  database_.write([&](db::Connection& c) {
    int64_t now = clock::now_ms();
    json before = json::object(), after = json::object();
    for (const auto& p : store::stage_probabilities(c)) before[p.stage] = p.probability;
    for (const auto& v : values) {
      c.execute(
          "UPDATE opportunity_stage_probabilities SET probability = ?, updated_by = ?, updated_at = ? WHERE stage = ?",
          {v.probability, caller.user_id, now, v.stage});
    }
    out = store::stage_probabilities(c);
    for (const auto& p : out) after[p.stage] = p.probability;
    audit::record(c, {caller.user_id, "update", "stage_probabilities", 0, before.dump(), after.dump()});
  });
  return out;
}

}  // namespace fleetkam::opportunities
