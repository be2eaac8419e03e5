// A month's assessment scores computed from the records (issue 14): every assessed person's
// criteria, items and total, with the evidence each score came from. Reads month-wide with a few
// grouped statements (reports, revisions, won deals, deliveries, registrations, splits), so a
// national month of 10,000 people costs the same handful of statements as one dealer's.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "modules/assessment/rules.h"
#include "platform/calendar/calendar.h"

namespace fleetkam::db {
class Connection;
}

namespace fleetkam::assessment {

constexpr size_t kItems = 5;                 // split, monthly_stats, registrations, weekly_tracking, monthly_summary
size_t item_index(const std::string& code);  // kItems when not an item code

struct PersonScore {
  int64_t user_id = 0;
  std::string role;
  bool manager = false;  // an area manager or regional director (else a dealer's KA person)
  int64_t unit_id = 0;
  std::string unit_path;
  int64_t province_id = 0, region_id = 0;
  std::array<std::optional<double>, kItems> items;
  std::optional<double> total;
  int pending_reviews = 0;
  // {"items": [{"code", "name", "weight", "score", "derived", "criteria": [{"code", "name", "share",
  // "source", "computed", "score", "comment", "scored_by", "adjustments", "evidence"}]}]}
  nlohmann::json detail;
};

// What the reviewers entered in an earlier compile of the month (a reopened month compiled again):
// per person, the detail it was stored with. Reviewer scores, comments and adjustments carry over.
using Previous = std::map<int64_t, nlohmann::json>;

// Every person assessed in `month`: active dealer KA managers and sales reps, area managers and
// regional directors, in user id order. `now` bounds what counts as submitted or reviewed.
std::vector<PersonScore> compute_month(db::Connection& c, const calendar::Month& month, const Template& t,
                                       const Previous& previous, int64_t now);

// Recomputes a person's items and total from the criteria in `detail` (after a reviewer's score
// or an adjustment), and how many reviewer scores are still to fill.
void rescore(PersonScore& person, const Template& t);

// A manager's dealer items (2–5): the mean of the dealer people's item scores under them.
void derive_manager_items(PersonScore& manager, const std::vector<const PersonScore*>& people);

}  // namespace fleetkam::assessment
