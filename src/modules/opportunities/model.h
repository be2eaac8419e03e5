// Opportunities on the buyer's procurement track (DOMAIN.md §4): plain structs; JSON mapping
// lives in routes.cpp, rules in service.cpp and rules.cpp, SQL in store.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fleetkam::opportunities {

struct Line {
  int64_t id = 0;
  std::string vehicle_type;
  std::optional<int64_t> model_id;
  std::optional<std::string> model;
  int64_t quantity = 0;
  std::optional<int64_t> unit_price_fen;
};

struct Tender {
  int64_t id = 0;
  int64_t opportunity_id = 0;
  std::string opportunity_title, account_name;
  int64_t account_id = 0;
  int64_t owner_unit_id = 0;
  std::string notice_no, published_where, published_on;
  int64_t bid_deadline = 0;
  std::optional<int64_t> opening_at;
  std::string lots_json = "[]";
  std::string result = "pending";  // pending, won, lost, cancelled
  std::optional<std::string> winner;
  std::optional<int64_t> winning_price_fen;
  std::optional<std::string> note;
  int64_t version = 1;
  int64_t created_at = 0;
};

struct CompetitorQuote {
  int64_t id = 0;
  int64_t opportunity_id = 0;
  std::string brand, model;
  int64_t unit_price_fen = 0;
  std::optional<std::string> quoted_on, note;
  std::string created_by_name;
  int64_t created_at = 0;
};

struct Approval {
  std::string level, decision;
  std::optional<std::string> note;
  int64_t by_user_id = 0;
  std::string by_user_name;
  int64_t at = 0;
};

struct Quote {
  int64_t id = 0;
  int64_t opportunity_id = 0;
  std::string opportunity_title, account_name;
  int64_t owner_unit_id = 0;
  std::string owner_unit_name;
  int64_t model_id = 0;
  std::string model_name;
  int64_t quantity = 0, unit_price_fen = 0, guide_price_fen = 0;
  int64_t discount_bp = 0, max_discount_bp = 0, hq_discount_bp = 0;
  std::string approval_level;  // none, regional, hq
  std::string status;          // approved, pending_regional, pending_hq, rejected, sent
  std::vector<Approval> approvals;
  std::optional<std::string> note;
  std::string created_by_name;
  int64_t created_at = 0;
  std::optional<int64_t> sent_at;
  int64_t version = 1;
  // Since when it waits for its current step (none once decided), and the soonest bid deadline
  // still ahead among its opportunity's pending tenders: what the approval inbox shows.
  std::optional<int64_t> waiting_since, bid_deadline;
};

struct Delivery {
  int64_t id = 0;
  int64_t opportunity_id = 0, account_id = 0, unit_id = 0;
  std::optional<int64_t> user_id;
  std::string day;
  int64_t month = 0;  // YYYYMM
  int64_t quantity = 0;
  std::string model, vehicle_type;
  std::optional<int64_t> model_id;
  std::optional<std::string> over_reason, note;
  std::string created_by_name;
  int64_t created_at = 0;
  std::optional<int64_t> voided_at;
  std::optional<std::string> void_reason, voided_by_name;
};

struct Transition {
  int64_t id = 0;
  std::optional<std::string> from_stage, from_procurement_stage;
  std::string to_stage, to_procurement_stage;
  std::optional<std::string> reason, lost_to;
  int64_t by_user_id = 0;
  std::string by_user_name;
  int64_t at = 0;
};

struct Opportunity {
  int64_t id = 0;
  int64_t account_id = 0;
  std::string account_name, account_grade;
  std::optional<int64_t> registration_id;
  int64_t owner_unit_id = 0;
  std::string owner_unit_name;
  std::optional<int64_t> owner_user_id;
  std::optional<std::string> owner_user_name;
  std::string title, stage, procurement_stage;
  std::vector<Line> lines;
  int64_t quantity = 0, amount_fen = 0;
  std::optional<int64_t> budget_fen;
  std::optional<std::string> budget_analysis;
  std::string expected_date;
  std::optional<bool> worth_investing;
  std::optional<std::string> risks, req_body, req_interior, req_configuration, req_accessories;
  std::string usage_area, procurement_method;
  // The framework agreement it is bought under (procurement_method agreement), with its name.
  std::optional<int64_t> agreement_id;
  std::optional<std::string> agreement_name;
  // The owner's win probability (赢单概率) in %, set on an open opportunity; none: the stage's.
  std::optional<int64_t> probability;
  // What counts: the owner's on an open one, else the stage's (HQ's table); won 100, lost 0.
  int64_t win_probability = 0;
  std::optional<std::string> value, difficulty;
  int64_t won_units = 0, delivered_units = 0;
  std::optional<std::string> outcome_reason, lost_to;
  std::optional<int64_t> closed_at;
  int64_t stage_changed_at = 0;
  int64_t created_by = 0;
  int64_t version = 1, created_at = 0, updated_at = 0;
  // filled for GET /opportunities/{id}
  std::vector<Tender> tenders;
  std::vector<CompetitorQuote> competitor_quotes;
  std::vector<Quote> quotes;
  std::vector<Delivery> deliveries;
};

// What a create or PATCH carries; a PATCH sets only what it names (`has_*`).
struct OpportunityInput {
  std::optional<int64_t> account_id, registration_id;
  std::optional<std::string> title, stage, procurement_stage;
  std::optional<std::vector<Line>> lines;
  std::optional<std::optional<int64_t>> budget_fen;
  std::optional<std::optional<std::string>> budget_analysis, risks, req_body, req_interior, req_configuration,
      req_accessories, value, difficulty;
  std::optional<std::string> expected_date, usage_area, procurement_method;
  std::optional<std::optional<bool>> worth_investing;
  std::optional<std::optional<int64_t>> probability, owner_user_id, agreement_id;
  int64_t version = 0;
};

// ?attention=stale: an open opportunity whose stage has not moved for this many days.
inline constexpr int64_t kStaleDays = 30;

struct OpportunityFilter {
  std::vector<std::string> stages;
  std::optional<int64_t> owner_unit_id, account_id, owner_user_id, agreement_id;
  std::optional<std::string> procurement_method, q, expected_from, expected_to;
  std::vector<std::string> procurement_stages;
  // ?closed_from= / ?closed_to= (China days): closed (won or lost) at or after the start of the
  // first day and before the end of the last, as ms
  std::optional<int64_t> closed_from, closed_before;
  // ?attention=overdue,stale (either): open and expected before `overdue_before` (a day), or
  // open and unmoved since before `stale_before` (ms)
  std::optional<std::string> overdue_before;
  std::optional<int64_t> stale_before;
  bool undelivered = false;  // won with fewer units delivered than won
  std::optional<int64_t> before_id;
  int limit = 50;
};

struct BoardColumn {
  std::string stage, procurement_stage;
  int64_t count = 0, quantity = 0, amount_fen = 0;
  std::vector<Opportunity> items;
};

struct VehicleModel {
  int64_t id = 0;
  std::string code, name, vehicle_type, kind;
  std::optional<std::string> upfitter;
  int64_t guide_price_fen = 0;
  bool active = true;
  struct Band {
    std::string procurement_method;
    int64_t max_discount_bp = 0, hq_discount_bp = 0;
  };
  std::vector<Band> bands;
  int64_t version = 1;
};

struct SummaryItem {
  int64_t month = 0;  // YYYYMM
  std::optional<int64_t> unit_id, user_id;
  int64_t units = 0;
};

struct PyramidRow {
  std::string grade;
  int64_t accounts = 0, units = 0;
};

// A row of HQ's table of win probabilities by stage (won and lost are fixed at 100 and 0).
struct StageProbability {
  std::string stage;
  int64_t probability = 0;
  bool fixed = false;
};

// An account's figures for its overview (GET /accounts/{id}/summary), from the opportunities and
// deliveries in the caller's scope and the account's active contacts.
struct AccountSummary {
  int64_t account_id = 0;
  int64_t open_opportunities = 0, open_amount_fen = 0;
  int64_t year = 0, won_units_this_year = 0;
  std::optional<std::string> last_delivery;  // YYYY-MM-DD
  std::vector<std::string> buying_roles_covered;
};

}  // namespace fleetkam::opportunities
