// What every targets read needs besides its own tables: the organisation tree in memory (a
// national network is about 2,100 units) with each unit's province and region, the people who
// carry targets, and month arithmetic (YYYYMM) in Beijing time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "platform/auth/scope.h"

namespace fleetkam::db {
class Connection;
}

namespace fleetkam::targets {

struct TreeUnit {
  int64_t id = 0;
  std::string kind;
  std::string name;
  int64_t parent_id = 0;
  std::string path;
  bool active = true;
  int64_t province_id = 0;  // the province it lies in (itself for a province; 0 above)
  int64_t region_id = 0;    // likewise its region
};

class OrgTree {
 public:
  static OrgTree load(db::Connection& c);
  const TreeUnit* find(int64_t id) const;
  // Active units of a kind in id order (hq, region, province, dealer).
  const std::vector<int64_t>& of_kind(const std::string& kind) const;
  // The active dealers of a province, in id order.
  std::vector<int64_t> dealers_of(int64_t province_id) const;
  // The unit at `level` (hq, region, province, dealer) that `unit_id` lies in, or 0.
  int64_t ancestor_at(int64_t unit_id, const std::string& level) const;
  std::string name(int64_t id) const;

 private:
  std::unordered_map<int64_t, TreeUnit> units_;
  std::unordered_map<std::string, std::vector<int64_t>> by_kind_;
  std::unordered_map<int64_t, std::vector<int64_t>> dealers_;
};

// Roles whose people carry a personal target: a dealer's sales reps and its manager.
struct PersonRow {
  int64_t id = 0;
  std::string name;
  int64_t unit_id = 0;
  std::string role;
};
std::vector<PersonRow> people_of(db::Connection& c, const std::vector<int64_t>& dealer_ids);

// Months as YYYYMM.
int64_t add_months(int64_t month, int64_t n);
int64_t months_between(int64_t from, int64_t to);  // inclusive count
std::vector<int64_t> month_range(int64_t from, int64_t to);
std::string month_text(int64_t month);  // "2023-07"
std::optional<int64_t> parse_month_text(const std::string& text);
std::string quarter_text(int64_t month);  // "2023-Q3"
// The first instant (ms) of a month in Beijing (UTC+8).
int64_t month_start_ms(int64_t month);
// The first instant (ms) after a day YYYY-MM-DD ends in Beijing.
int64_t day_end_ms(const std::string& day);
// Today in Beijing (YYYY-MM-DD) and its month.
std::string today(int64_t now_ms);
int64_t this_month(int64_t now_ms);

}  // namespace fleetkam::targets
