// The records of visits and contacts with the customer (拜访/跟进, DOMAIN.md §2 and §7): who met
// which of an account's contacts, when, how (a visit, a call, a reception, a meeting, a
// demonstration), on which opportunity, what happened and the next step with its due date; the
// buying centre with when each role was last met; HQ's rule of how often each grade is visited.
// Times are UTC ms; days are YYYY-MM-DD in China.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace fleetkam::visits {

// visit, call, reception, meeting, demo
const std::vector<std::string>& kinds();
// The buying centre's roles in their fixed order: user, evaluator, decision_maker,
// decision_layer, operator, finance.
const std::vector<std::string>& buying_roles();
// key, secondary, potential
const std::vector<std::string>& grades();

struct VisitContact {
  int64_t id = 0;
  std::string name;
  std::string buying_role;
};

struct Visit {
  int64_t id = 0;
  int64_t account_id = 0;
  std::string account_name;
  std::optional<int64_t> opportunity_id;
  std::optional<std::string> opportunity_title;
  int64_t user_id = 0;  // who met the customer
  std::string user_name;
  int64_t unit_id = 0;  // that person's unit when it was logged
  std::string unit_name;
  std::string kind;
  int64_t occurred_at = 0;
  std::string summary;
  std::optional<std::string> next_step;
  std::optional<std::string> next_step_due;  // YYYY-MM-DD, with next_step
  std::optional<int64_t> next_step_done_at;
  std::vector<VisitContact> contacts;
  int64_t version = 1;
  int64_t created_at = 0, updated_at = 0;
};

// What a create carries (every field but the optional ones), or a PATCH (only what it changes).
struct VisitInput {
  std::optional<int64_t> account_id;
  std::optional<int64_t> opportunity_id;
  bool clear_opportunity = false;  // PATCH {"opportunity_id": null}
  std::optional<std::string> kind;
  std::optional<int64_t> occurred_at;
  std::optional<std::vector<int64_t>> contact_ids;
  std::optional<std::string> summary;
  std::optional<std::string> next_step, next_step_due;
  bool clear_next_step = false;  // PATCH {"next_step": null}: no next step any more
  int64_t version = 0;
};

struct VisitFilter {
  std::optional<int64_t> account_id, opportunity_id, user_id;
  std::optional<int64_t> from_ms, to_ms;              // occurred_at in [from, to)
  std::optional<std::pair<int64_t, int64_t>> before;  // (occurred_at, id) of the last row of the previous page
  int limit = 50;
};

// The caller's to-do list of next steps: open (not done), due (due today or earlier) or
// overdue (due before today), in China days.
struct NextStepFilter {
  std::string status = "open";
  std::optional<std::pair<std::string, int64_t>> after;  // (due, id) of the last row of the previous page
  int limit = 50;
};

struct VisitRule {
  std::string grade;
  int64_t max_days = 0;
  int64_t updated_at = 0;
  std::optional<int64_t> updated_by;
  std::optional<std::string> updated_by_name;
};

struct BuyingCentreContact {
  int64_t id = 0;
  std::string name;
  std::optional<std::string> title, department;
  std::optional<int64_t> last_met_at;
};
struct BuyingCentreRole {
  std::string role;
  std::optional<int64_t> last_met_at;  // the latest of its contacts'
  std::vector<BuyingCentreContact> contacts;
};
struct BuyingCentre {
  int64_t account_id = 0;
  std::string grade;
  std::optional<int64_t> last_visit_at;
  int64_t max_days = 0;
  std::optional<int64_t> days_since_visit;
  bool overdue = false;
  std::vector<BuyingCentreRole> roles;  // all six, in buying_roles() order
};

struct UnvisitedAccount {
  int64_t id = 0;
  std::string name;
  std::string grade;
  int64_t owner_unit_id = 0;
  std::string owner_unit_name;
  std::optional<int64_t> owner_user_id;
  std::optional<std::string> owner_user_name;
  std::optional<int64_t> last_visit_at;
  int64_t max_days = 0;
  std::optional<int64_t> days_since_visit;
};
struct UnvisitedFilter {
  std::vector<std::string> grades;                   // empty: all three
  std::optional<std::pair<int64_t, int64_t>> after;  // (last_visit_at or 0, id) of the previous page's last
  int limit = 50;
};

}  // namespace fleetkam::visits
