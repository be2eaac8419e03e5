// The rules of orders under a framework agreement, kept apart so the opportunities module (which
// names an agreement, quotes and delivers under it) and the unit tests use the same ones.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fleetkam::db {
class Connection;
}

namespace fleetkam::agreements {

// The agreement's state on `today` (China days, YYYY-MM-DD): upcoming before its start, expired
// after its end, expiring in force within 90 days of its end, else in_force.
std::string state_on(const std::string& starts_on, const std::string& ends_on, const std::string& today);

// Days from `today` to `day` (negative when past); nullopt when either is not a day.
std::optional<int64_t> days_until(const std::string& today, const std::string& day);

// The application's next status, or nullopt when the step is not allowed: preparing → submitted
// (submit), submitted → listed / not_listed (outcome); nothing after the outcome.
std::optional<std::string> next_application(const std::string& current, const std::string& step);

// Whether a quote's unit price is within the agreement price (the cap).
inline bool within_cap(int64_t unit_price_fen, int64_t price_cap_fen) { return unit_price_fen <= price_cap_fen; }

// The checks the opportunities module makes, each a 422 (Invalid) naming the field:
// - naming an agreement (`agreement_id`): the opportunity buys by agreement, the agreement is one
//   the caller sees, is listed and in force on `today`, and the owning dealer is authorised;
void check_named(db::Connection& c, const std::string& caller_scope_path, int64_t agreement_id,
                 const std::string& procurement_method, int64_t owner_unit_id, const std::string& today);
// - a quote on an opportunity under an agreement: a listed model at no more than its cap;
void check_quote(db::Connection& c, int64_t opportunity_id, int64_t model_id, int64_t unit_price_fen);
// - a delivery under an agreement: of a listed model.
void check_delivery(db::Connection& c, int64_t opportunity_id, const std::optional<int64_t>& model_id);

// Recomputes the sales row of the opportunity's agreement and dealer from the records (after a
// delivery or a void under it); nothing for an opportunity under no agreement.
void refresh_sales(db::Connection& c, int64_t opportunity_id);
// The same for every dealer of one agreement (gen, after writing in bulk).
void rebuild_sales(db::Connection& c, int64_t agreement_id);

}  // namespace fleetkam::agreements
