// Satisfaction after delivery (客户满意度回访, DOMAIN.md §2): every delivery schedules a follow-up
// call HQ's delay after it; the dealer records the customer's scores (vehicle, delivery, service,
// 1–5) with a comment and any complaint, which becomes a task with an owner and a due day until it
// is resolved; a low score is flagged to the province's area manager, who reviews it. Days are China
// calendar days YYYY-MM-DD, months YYYYMM, times UTC ms.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fleetkam::satisfaction {

// HQ's rules (settings 'satisfaction.rules'): the follow-up is due delay_days after the delivery;
// a score at or below low_score flags the follow-up to the area manager.
struct Rules {
  int64_t delay_days = 7;
  int64_t low_score = 2;
};

const std::vector<std::string>& followup_statuses();     // scheduled, done, cancelled
const std::vector<std::string>& complaint_categories();  // vehicle, delivery, service, other
const std::vector<std::string>& complaint_statuses();    // open, resolved

struct Complaint {
  int64_t id = 0;
  int64_t followup_id = 0;
  int64_t account_id = 0;
  std::string account_name;
  int64_t unit_id = 0;
  std::string unit_name;
  std::string category, description;
  int64_t owner_user_id = 0;
  std::string owner_name;
  std::string due_on, status;
  std::optional<std::string> resolution;
  std::optional<int64_t> resolved_by;
  std::optional<std::string> resolved_by_name;
  std::optional<int64_t> resolved_at;
  int64_t created_by = 0;
  std::string created_by_name;
  int64_t version = 1;
  int64_t created_at = 0, updated_at = 0;
};

struct Followup {
  int64_t id = 0;
  int64_t delivery_id = 0, opportunity_id = 0, account_id = 0, unit_id = 0;
  std::string opportunity_title, account_name, unit_name, unit_path;
  std::string model;
  int64_t quantity = 0;
  std::string delivered_on, due_on, status;
  std::optional<int64_t> contact_id;
  std::optional<std::string> contact_name;
  std::optional<int64_t> vehicle_score, delivery_score, service_score;
  std::optional<std::string> comment;
  bool low = false;
  std::optional<int64_t> recorded_by;
  std::optional<std::string> recorded_by_name;
  std::optional<int64_t> recorded_at;
  std::optional<int64_t> low_reviewed_at;
  std::optional<std::string> low_reviewed_by_name, low_review_note;
  int64_t open_complaints = 0;
  int64_t version = 1;
  int64_t created_at = 0, updated_at = 0;
  std::vector<Complaint> complaints;  // filled by get()
};

struct ComplaintInput {
  std::string category, description, due_on;
  int64_t owner_user_id = 0;
};

struct RecordInput {
  int64_t version = 0;
  int64_t vehicle_score = 0, delivery_score = 0, service_score = 0;
  std::optional<std::string> comment;
  std::optional<int64_t> contact_id;
  std::optional<std::string> contact_name;
  std::optional<ComplaintInput> complaint;
};

struct FollowupFilter {
  std::vector<std::string> statuses;  // empty: all
  bool due = false;                   // scheduled and due by today (the to-do)
  std::string low;                    // "": any; "all": low scores; "unreviewed": low, not reviewed
  std::optional<int64_t> unit_id, account_id;
  std::optional<int64_t> user_id;               // the delivery's person (the sales it counts for)
  std::optional<int64_t> from_month, to_month;  // recorded in these months (YYYYMM), done ones
  std::optional<std::string> model;
  std::optional<std::pair<std::string, int64_t>> after;  // (due_on, id)
  int limit = 50;
};

struct ComplaintFilter {
  std::vector<std::string> statuses;
  bool mine = false;     // the caller owns it
  bool overdue = false;  // open past its due day
  std::optional<int64_t> unit_id, followup_id;
  std::optional<std::pair<std::string, int64_t>> after;  // (due_on, id)
  int limit = 50;
};

// Averages of the recorded scores (0 when there were none), and how many were low.
struct Figures {
  int64_t responses = 0, low = 0;
  double vehicle = 0, delivery = 0, service = 0, overall = 0;
};
struct MonthFigures {
  int64_t month = 0;  // YYYYMM
  Figures figures;
};
struct Group {
  std::string key;  // the unit's id or the model
  std::string name;
  std::optional<int64_t> unit_id;
  std::string kind;  // the unit's kind; "model" for a model
  Figures figures;
  std::vector<MonthFigures> months;  // every month of the range, in order
};
struct Summary {
  int64_t from_month = 0, to_month = 0;
  std::string by;  // unit or model
  Figures total;
  std::vector<MonthFigures> months;
  std::vector<Group> groups;  // most responses first
};

}  // namespace fleetkam::satisfaction
