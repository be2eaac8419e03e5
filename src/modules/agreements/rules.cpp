#include "modules/agreements/rules.h"

#include <fmt/format.h>

#include "platform/auth/scope.h"
#include "platform/calendar/calendar.h"
#include "platform/db/database.h"
#include "platform/errors.h"

namespace fleetkam::agreements {

std::optional<int64_t> days_until(const std::string& today, const std::string& day) {
  auto from = calendar::parse_date(today);
  auto to = calendar::parse_date(day);
  if (!from || !to) return std::nullopt;
  return calendar::days_from_civil(*to) - calendar::days_from_civil(*from);
}

std::string state_on(const std::string& starts_on, const std::string& ends_on, const std::string& today) {
  if (today < starts_on) return "upcoming";
  if (today > ends_on) return "expired";
  auto left = days_until(today, ends_on);
  return left && *left <= 90 ? "expiring" : "in_force";
}

std::optional<std::string> next_application(const std::string& current, const std::string& step) {
  if (step == "submit" && current == "preparing") return "submitted";
  if ((step == "listed" || step == "not_listed") && current == "submitted") return step;
  return std::nullopt;
}

void check_named(db::Connection& c, const std::string& caller_scope_path, int64_t agreement_id,
                 const std::string& procurement_method, int64_t owner_unit_id, const std::string& today) {
  if (procurement_method != "agreement")
    throw Invalid("agreement_id", "only an opportunity bought by framework agreement names one", "agreement_method");
  // seen by the caller: an agreement of a unit above or in their scope
  std::string upper = auth::Scope{caller_scope_path}.upper();
  auto row = c.query_one(
      "SELECT g.application, g.starts_on, g.ends_on FROM agreements g JOIN org_units u ON u.id = g.unit_id WHERE "
      "g.id = ? AND ((u.path >= ? AND u.path < ?) OR substr(?, 1, length(u.path)) = u.path)",
      {agreement_id, caller_scope_path, upper, caller_scope_path});
  if (!row) throw Invalid("agreement_id", "is not an agreement you can see", "agreement_unknown");
  if (row->text(0) != "listed")
    throw Invalid("agreement_id", "we are not on this agreement's supplier list", "agreement_not_listed");
  auto state = state_on(row->text(1), row->text(2), today);
  if (state == "upcoming" || state == "expired")
    throw Invalid("agreement_id", "the agreement is not in force today (" + row->text(1) + " to " + row->text(2) + ")",
                  "agreement_not_in_force");
  if (!c.query_one("SELECT 1 FROM agreement_dealers WHERE agreement_id = ? AND dealer_id = ?",
                   {agreement_id, owner_unit_id}))
    throw Invalid("agreement_id", "the opportunity's dealer is not authorised to supply under this agreement",
                  "agreement_dealer_not_authorised");
}

namespace {
std::optional<int64_t> agreement_of(db::Connection& c, int64_t opportunity_id) {
  auto row = c.query_one("SELECT agreement_id FROM opportunities WHERE id = ?", {opportunity_id});
  return row ? row->optional_integer(0) : std::nullopt;
}

std::string cap_yuan(int64_t fen) { return fmt::format("{}.{:02}", fen / 100, fen % 100); }
}  // namespace

void check_quote(db::Connection& c, int64_t opportunity_id, int64_t model_id, int64_t unit_price_fen) {
  auto agreement = agreement_of(c, opportunity_id);
  if (!agreement) return;
  auto cap = c.query_one("SELECT price_cap_fen FROM agreement_listings WHERE agreement_id = ? AND model_id = ?",
                         {*agreement, model_id});
  if (!cap)
    throw Invalid("model_id", "is not a model listed on the opportunity's agreement", "agreement_model_not_listed");
  if (!within_cap(unit_price_fen, cap->integer(0)))
    throw Invalid("unit_price_fen",
                  "is above the agreement price of " + cap_yuan(cap->integer(0)) + " yuan for this model",
                  "agreement_above_cap");
}

void check_delivery(db::Connection& c, int64_t opportunity_id, const std::optional<int64_t>& model_id) {
  auto agreement = agreement_of(c, opportunity_id);
  if (!agreement) return;
  if (!model_id)
    throw Invalid("model_id", "a delivery under an agreement names the listed model delivered", "required");
  if (!c.query_one("SELECT 1 FROM agreement_listings WHERE agreement_id = ? AND model_id = ?", {*agreement, *model_id}))
    throw Invalid("model_id", "is not a model listed on the opportunity's agreement", "agreement_model_not_listed");
}

namespace {
// The sales of one agreement per dealer (of one dealer when `dealer` is given), from the records.
constexpr const char* kSalesSum =
    "SELECT d.unit_id, SUM(d.quantity), SUM(d.quantity * COALESCE((SELECT q.unit_price_fen FROM quotes q WHERE "
    "q.opportunity_id = d.opportunity_id AND q.model_id = d.model_id AND q.status IN ('approved', 'sent') ORDER BY "
    "q.id DESC LIMIT 1), l.price_cap_fen, 0)) FROM opportunities o JOIN deliveries d ON d.opportunity_id = o.id AND "
    "d.voided_at IS NULL LEFT JOIN agreement_listings l ON l.agreement_id = o.agreement_id AND l.model_id = "
    "d.model_id WHERE o.agreement_id = ?";

void write_sales(db::Connection& c, int64_t agreement, const std::string& sql, const db::Params& params) {
  for (const auto& row : c.query(sql, params))
    c.execute(
        "INSERT INTO agreement_sales (agreement_id, dealer_id, units, amount_fen) VALUES (?, ?, ?, ?) ON CONFLICT "
        "(agreement_id, dealer_id) DO UPDATE SET units = excluded.units, amount_fen = excluded.amount_fen",
        {agreement, row.integer(0), row.integer(1), row.integer(2)});
}
}  // namespace

void refresh_sales(db::Connection& c, int64_t opportunity_id) {
  auto row = c.query_one("SELECT agreement_id, owner_unit_id FROM opportunities WHERE id = ?", {opportunity_id});
  if (!row || row->is_null(0)) return;
  int64_t agreement = row->integer(0);
  // the dealers of this opportunity's deliveries (its owner at each delivery)
  for (const auto& dealer :
       c.query("SELECT DISTINCT unit_id FROM deliveries WHERE opportunity_id = ?", {opportunity_id})) {
    c.execute("DELETE FROM agreement_sales WHERE agreement_id = ? AND dealer_id = ?", {agreement, dealer.integer(0)});
    write_sales(c, agreement, std::string(kSalesSum) + " AND d.unit_id = ? GROUP BY d.unit_id",
                {agreement, dealer.integer(0)});
  }
}

void rebuild_sales(db::Connection& c, int64_t agreement_id) {
  c.execute("DELETE FROM agreement_sales WHERE agreement_id = ?", {agreement_id});
  write_sales(c, agreement_id, std::string(kSalesSum) + " GROUP BY d.unit_id", {agreement_id});
}

}  // namespace fleetkam::agreements
