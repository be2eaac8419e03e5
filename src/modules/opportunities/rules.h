// The rules of the pipeline as pure functions, so unit tests reach them without a database:
// which stage moves are allowed and what they need, the price band of a quote, the delivery limit.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fleetkam::opportunities {

// discover, contact, analyze, position, bid, won, lost (in that order)
const std::vector<std::string>& stages();
const std::vector<std::string>& open_stages();
const std::vector<std::string>& procurement_stages();
// The customer's procurement stage a sales stage matches (lost: none).
std::optional<std::string> matching_procurement_stage(const std::string& stage);
bool is_open(const std::string& stage);

struct MoveCheck {
  // empty when allowed; else the problem code (opportunity.invalid_transition, opportunity.closed)
  std::string refusal;
  bool needs_reason = false;
  bool needs_lost_to = false;
  bool forward = false;  // to a later open stage, or to won: progress that renews protection
};
// A move from `from` to `to` (both stage names); the same stage is allowed only when the
// procurement stage changes (`procurement_changes`).
MoveCheck check_move(const std::string& from, const std::string& to, bool procurement_changes);

struct Band {
  int64_t max_discount_bp = 300;
  int64_t hq_discount_bp = 800;
};
struct Pricing {
  int64_t discount_bp = 0;     // (guide − price) / guide, rounded toward zero; negative above guide
  std::string approval_level;  // none, regional, hq
};
// A price within [guide × (1 − max), guide] needs no approval; outside it the regional director
// approves; below guide × (1 − hq) HQ too. Compared exactly in integers (no rounding at edges).
Pricing classify_price(int64_t guide_price_fen, int64_t unit_price_fen, const Band& band);

// Whether `quantity` more delivered units stay within what was won.
bool within_won(int64_t won_units, int64_t delivered_units, int64_t quantity);

// YYYYMM of a day "YYYY-MM-DD" (validated elsewhere); month arithmetic on YYYYMM.
int64_t month_of(const std::string& day);
std::optional<int64_t> parse_month(const std::string& text);  // "YYYY-MM"
std::string format_month(int64_t month);
int64_t add_months(int64_t month, int64_t n);
int64_t months_between(int64_t from, int64_t to);  // inclusive count

}  // namespace fleetkam::opportunities
