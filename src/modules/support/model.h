// The support ledger (支持台账: 人、机、料、法, DOMAIN.md §7): HQ's point-of-sale materials and sales
// tools with their stock, gifts for customers' contacts within HQ's yearly limit per contact, each
// requested by a unit, approved up the chain by amount, issued and confirmed received; upfitter
// supply policies per upfitter and model; HQ's dedicated visits to key accounts; policy information
// fed back and the reward (商务政策信息反馈奖) it earns. Amounts fen, days China days YYYY-MM-DD,
// times UTC ms.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace fleetkam::support {

const std::vector<std::string>& request_kinds();     // material, tool, gift
const std::vector<std::string>& item_kinds();        // material, tool
const std::vector<std::string>& gift_kinds();        // small, pr
const std::vector<std::string>& request_statuses();  // pending, approved, issued, received, rejected, cancelled
const std::vector<std::string>& levels();            // province, region, hq

struct Rules {
  int64_t province_limit_fen = 500000;  // ¥5,000
  int64_t region_limit_fen = 2000000;   // ¥20,000
  int64_t gift_limit_fen = 100000;      // ¥1,000 per contact and year
  int64_t gift_count_limit = 4;
  int64_t points_per_won_registration = 10;
  int64_t points_per_useful_note = 5;
  int64_t fen_per_point = 2000;  // ¥20
};

struct Item {
  int64_t id = 0;
  std::string kind, name, unit_label;
  int64_t unit_cost_fen = 0, stock = 0;
  bool active = true;
  int64_t version = 1, created_at = 0, updated_at = 0;
};

struct ItemInput {
  std::string kind, name, unit_label;
  int64_t unit_cost_fen = 0, stock = 0;
  bool active = true;
};

struct Approval {
  std::string level, decision, user_name;
  std::optional<std::string> note;
  int64_t at = 0;
};

struct Request {
  int64_t id = 0;
  std::string kind;
  int64_t unit_id = 0;
  std::string unit_name, unit_path, unit_kind;
  int64_t requested_by = 0;
  std::string requested_by_name;
  std::optional<int64_t> item_id;
  std::optional<std::string> item_name, unit_label, gift_kind;
  std::string description;
  int64_t quantity = 0, amount_fen = 0;
  std::optional<int64_t> account_id, contact_id;
  std::optional<std::string> account_name, contact_name, purpose;
  std::string day, status, required_level;
  std::optional<std::string> next_level;
  std::optional<int64_t> next_unit_id;
  std::optional<std::string> next_unit_name;
  std::vector<Approval> approvals;
  std::optional<int64_t> issued_at, received_at;
  std::optional<std::string> issued_by_name, received_by_name, received_note;
  std::optional<std::string> closing_note;  // why it was rejected or cancelled
  int64_t version = 1, created_at = 0, updated_at = 0;
};

struct RequestInput {
  std::string kind;
  std::optional<int64_t> unit_id, item_id, contact_id;
  std::optional<std::string> gift_kind, description, purpose;
  int64_t quantity = 0;
  std::optional<int64_t> amount_fen;
};

struct RequestFilter {
  std::vector<std::string> kinds, statuses;
  std::optional<int64_t> unit_id, account_id, contact_id;
  std::optional<std::string> from, to;                    // request days
  std::optional<std::string> box;                         // to_approve, to_issue, to_receive, mine
  std::optional<std::pair<std::string, int64_t>> before;  // (day, id) of the previous page's last row
  int limit = 50;
};

struct GiftAllowance {
  int64_t contact_id = 0, year = 0;
  int64_t limit_fen = 0, count_limit = 0, given_fen = 0, given_count = 0;
};

struct Figures {
  int64_t count = 0, quantity = 0, amount_fen = 0;
};

struct LedgerMonth {
  std::string month;  // YYYY-MM, or "" for the year's total
  Figures material, tool, gift;
  int64_t pending = 0, hq_planned = 0, hq_done = 0, points = 0, reward_fen = 0;
};

struct LedgerPerson {
  int64_t user_id = 0;
  std::string name, unit_name;
  int64_t points = 0, amount_fen = 0;
  std::vector<std::pair<int64_t, int64_t>> months;  // 12 × (points, amount_fen)
};

struct Ledger {
  int64_t unit_id = 0;
  std::string unit_name;
  int64_t year = 0;
  std::vector<LedgerMonth> months;  // 12
  LedgerMonth total;
  std::vector<LedgerPerson> people;
};

struct UpfitterPolicy {
  int64_t id = 0;
  std::string upfitter;
  int64_t model_id = 0;
  std::string model_code, model_name, supply, terms;
  int64_t lead_days = 0;
  std::optional<int64_t> price_fen;
  std::string valid_from;
  std::optional<std::string> valid_to;
  bool active = true;
  int64_t version = 1;
};

struct PolicyInput {
  std::string upfitter;
  int64_t model_id = 0;
  std::string supply, terms;
  int64_t lead_days = 0;
  std::optional<int64_t> price_fen;
  std::string valid_from;
  std::optional<std::string> valid_to;
  bool active = true;
};

struct PolicyFilter {
  std::optional<int64_t> model_id;
  std::optional<std::string> upfitter, on;
  std::optional<bool> active;
};

struct HqVisit {
  int64_t id = 0, account_id = 0;
  std::string account_name;
  int64_t unit_id = 0;
  std::string unit_name, unit_path;
  int64_t visitor_id = 0;
  std::string visitor_name;
  int64_t planned_by = 0;
  std::string planned_by_name, planned_on, purpose, status;
  std::optional<int64_t> visit_id;
  std::optional<std::string> done_on, cancel_reason;
  int64_t version = 1, created_at = 0;
};

struct HqVisitInput {
  int64_t account_id = 0, visitor_id = 0;
  std::string planned_on, purpose;
};

struct HqVisitFilter {
  std::vector<std::string> statuses;
  std::optional<int64_t> unit_id, visitor_id;
  std::optional<std::string> from, to;
  bool mine = false;  // the caller's own, planned and due by today
  int limit = 200;
};

struct PolicyNote {
  int64_t id = 0, user_id = 0;
  std::string user_name;
  int64_t unit_id = 0;
  std::string unit_name, unit_path, title, body;
  std::optional<int64_t> account_id;
  std::optional<std::string> account_name;
  std::string status;
  std::optional<std::string> marked_by_name, mark_note;
  std::optional<int64_t> marked_at, points;
  int64_t version = 1, created_at = 0;
};

struct NoteInput {
  std::string title, body;
  std::optional<int64_t> account_id;
};

struct NoteFilter {
  std::vector<std::string> statuses;
  std::optional<int64_t> unit_id;
  bool mine = false;
  bool to_mark = false;  // submitted, not the caller's own, and the caller marks notes (the to-do)
  int limit = 200;
};

struct Reward {
  int64_t id = 0, user_id = 0;
  std::string user_name, unit_name;
  int64_t month = 0;  // YYYYMM
  std::string source;
  int64_t source_id = 0;
  std::string source_title;
  std::optional<int64_t> opportunity_id;
  int64_t points = 0, amount_fen = 0, created_at = 0;
};

struct RewardFilter {
  std::optional<int64_t> month, user_id, unit_id;
  int limit = 1000;
};

}  // namespace fleetkam::support
