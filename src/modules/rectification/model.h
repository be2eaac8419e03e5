// Rectification orders (整改, DOMAIN.md §7): where a dealer's progress or its supervisor's
// oversight falls short, HQ's KA department (or a regional director) raises a finding and a
// requirement with a due day to an area manager's province or to a dealer, linked to the evidence
// (a late report, a low assessment score, a stalled key account or opportunity). The recipient
// answers with what was done; the raiser verifies and closes it or sends it back. Days are China
// calendar days YYYY-MM-DD; times UTC ms.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace fleetkam::rectification {

// open (waiting for the answer), responded (waiting for verification), closed, cancelled
const std::vector<std::string>& statuses();
// what an order may point at: report, assessment (YYYY-MM/user id), account, opportunity
const std::vector<std::string>& evidence_kinds();

struct Event {
  std::string action;  // raised, responded, sent_back, closed, cancelled
  int64_t user_id = 0;
  std::string user_name;
  std::optional<std::string> note;
  int64_t at = 0;
};

struct Order {
  int64_t id = 0;
  int64_t raised_by = 0;
  std::string raised_by_name;
  int64_t raiser_unit_id = 0;
  std::string raiser_unit_name;
  std::string raiser_unit_path;
  int64_t recipient_unit_id = 0;
  std::string recipient_unit_name, recipient_unit_kind;
  std::optional<int64_t> recipient_user_id;
  std::optional<std::string> recipient_user_name;
  std::string title, finding, requirement;
  std::string due_date;
  std::optional<std::string> evidence_kind, evidence_ref, evidence_label;
  std::string status;
  std::optional<std::string> response;
  std::optional<int64_t> responded_at;
  std::optional<int64_t> responded_by;
  std::optional<std::string> responded_by_name;
  int64_t rounds = 0;  // how many times it was sent back
  std::optional<int64_t> closed_at;
  int64_t version = 1;
  int64_t created_at = 0, updated_at = 0;
  std::vector<Event> events;  // filled by get()
};

struct OrderInput {
  int64_t recipient_unit_id = 0;
  std::optional<int64_t> recipient_user_id;
  std::string title, finding, requirement, due_date;
  std::optional<std::string> evidence_kind, evidence_ref;
};

struct OrderFilter {
  std::vector<std::string> statuses;  // empty: all
  bool overdue = false;               // open past its due day
  // to_answer: the caller is its recipient; to_verify: responded and the caller may verify it;
  // raised: the caller raised it; empty: every order the caller sees
  std::string box;
  std::optional<int64_t> unit_id;  // recipient in this unit's subtree
  std::optional<std::string> evidence_kind, evidence_ref;
  std::optional<std::pair<std::string, int64_t>> after;  // (due_date, id) of the previous page's last
  int limit = 50;
};

// Per recipient unit one level below the caller's (or the unit asked for): what is outstanding.
struct UnitSummary {
  int64_t unit_id = 0;
  std::string unit_name, kind;
  int64_t open = 0, overdue = 0, responded = 0, closed = 0;
};
struct Summary {
  int64_t open = 0, overdue = 0, responded = 0, closed = 0, cancelled = 0;
  std::vector<UnitSummary> units;
};

}  // namespace fleetkam::rectification
