// The SQL of quotes: competitors' and ours, with their approvals and what the approval inbox
// shows of their wait.
#include <map>

#include "modules/opportunities/store.h"
#include "modules/opportunities/store_internal.h"
#include "platform/clock.h"

namespace fleetkam::opportunities::store {
namespace {

constexpr const char* kQuoteColumns =
    "q.id, q.opportunity_id, o.title, a.name, q.owner_unit_id, u.name, q.model_id, m.name, q.quantity, "
    "q.unit_price_fen, q.guide_price_fen, q.discount_bp, q.max_discount_bp, q.hq_discount_bp, q.approval_level, "
    "q.status, q.note, cu.display_name, q.created_at, q.sent_at, q.version";
constexpr const char* kQuoteFrom =
    " FROM quotes q JOIN opportunities o ON o.id = q.opportunity_id JOIN accounts a ON a.id = o.account_id"
    " JOIN org_units u ON u.id = q.owner_unit_id JOIN vehicle_models m ON m.id = q.model_id"
    " JOIN users cu ON cu.id = q.created_by";

Quote quote_from(const db::Row& row) {
  Quote q;
  q.id = row.integer(0);
  q.opportunity_id = row.integer(1);
  q.opportunity_title = row.text(2);
  q.account_name = row.text(3);
  q.owner_unit_id = row.integer(4);
  q.owner_unit_name = row.text(5);
  q.model_id = row.integer(6);
  q.model_name = row.text(7);
  q.quantity = row.integer(8);
  q.unit_price_fen = row.integer(9);
  q.guide_price_fen = row.integer(10);
  q.discount_bp = row.integer(11);
  q.max_discount_bp = row.integer(12);
  q.hq_discount_bp = row.integer(13);
  q.approval_level = row.text(14);
  q.status = row.text(15);
  q.note = row.optional_text(16);
  q.created_by_name = row.text(17);
  q.created_at = row.integer(18);
  q.sent_at = row.optional_integer(19);
  q.version = row.integer(20);
  return q;
}

// The inbox's two times: the HQ step waits since the regional approval, the regional step since
// the quote was made; the bid deadline is the soonest one not yet passed of a pending tender.
void add_waits(db::Connection& c, std::vector<Quote>& quotes) {
  std::string ids;
  db::Params params{clock::now_ms()};
  for (auto& q : quotes) {
    if (q.status == "pending_regional" || q.status == "pending_hq") q.waiting_since = q.created_at;
    for (const auto& a : q.approvals)
      if (q.status == "pending_hq" && a.level == "regional" && a.decision == "approve") q.waiting_since = a.at;
    ids += ids.empty() ? "?" : ",?";
    params.emplace_back(q.opportunity_id);
  }
  std::map<int64_t, int64_t> deadlines;
  for (const auto& row : c.query("SELECT opportunity_id, MIN(bid_deadline) FROM tenders WHERE result = 'pending' AND "
                                 "bid_deadline >= ? AND opportunity_id IN (" +
                                     ids + ") GROUP BY opportunity_id",
                                 params))
    deadlines[row.integer(0)] = row.integer(1);
  for (auto& q : quotes)
    if (auto it = deadlines.find(q.opportunity_id); it != deadlines.end()) q.bid_deadline = it->second;
}

void add_approvals(db::Connection& c, std::vector<Quote>& quotes) {
  if (quotes.empty()) return;
  std::map<int64_t, Quote*> by_id;
  std::string ids;
  db::Params params;
  for (auto& q : quotes) {
    by_id[q.id] = &q;
    ids += ids.empty() ? "?" : ",?";
    params.emplace_back(q.id);
  }
  for (const auto& row : c.query("SELECT p.quote_id, p.level, p.decision, p.note, p.by_user, u.display_name, p.at "
                                 "FROM quote_approvals p JOIN users u ON u.id = p.by_user WHERE p.quote_id IN (" +
                                     ids + ") ORDER BY p.id",
                                 params)) {
    by_id[row.integer(0)]->approvals.push_back(
        {row.text(1), row.text(2), row.optional_text(3), row.integer(4), row.text(5), row.integer(6)});
  }
  add_waits(c, quotes);
}

}  // namespace

std::vector<CompetitorQuote> competitor_quotes_of(db::Connection& c, int64_t opportunity_id) {
  std::vector<CompetitorQuote> out;
  for (const auto& row : c.query("SELECT q.id, q.opportunity_id, q.brand, q.model, q.unit_price_fen, q.quoted_on, "
                                 "q.note, u.display_name, q.created_at FROM competitor_quotes q JOIN users u ON u.id = "
                                 "q.created_by WHERE q.opportunity_id = ? ORDER BY q.id",
                                 {opportunity_id})) {
    out.push_back({row.integer(0), row.integer(1), row.text(2), row.text(3), row.integer(4), row.optional_text(5),
                   row.optional_text(6), row.text(7), row.integer(8)});
  }
  return out;
}

std::vector<Quote> quotes_of(db::Connection& c, int64_t opportunity_id) {
  std::vector<Quote> out;
  for (const auto& row :
       c.query(std::string("SELECT ") + kQuoteColumns + kQuoteFrom + " WHERE q.opportunity_id = ? ORDER BY q.id",
               {opportunity_id})) {
    out.push_back(quote_from(row));
  }
  add_approvals(c, out);
  return out;
}

std::optional<Quote> find_quote(db::Connection& c, const auth::Scope& scope, int64_t id, bool lock) {
  db::Params params;
  std::string sql = std::string("SELECT ") + kQuoteColumns + kQuoteFrom + scope_join(scope, params, "q.owner_unit_id") +
                    " WHERE q.id = ?";
  params.emplace_back(id);
  if (lock && c.dialect() == db::Dialect::postgres) sql += " FOR UPDATE OF q";
  auto row = c.query_one(sql, params);
  if (!row) return std::nullopt;
  std::vector<Quote> one = {quote_from(*row)};
  add_approvals(c, one);
  return one.front();
}

std::vector<Quote> quotes_with(db::Connection& c, const std::optional<std::vector<int64_t>>& units,
                               const std::vector<std::string>& statuses, int limit) {
  db::Params params;
  std::string cond = unit_condition("q.owner_unit_id", units, params);
  if (!statuses.empty()) cond += " AND q.status IN (" + db::placeholders(statuses, params) + ")";
  params.emplace_back(int64_t{limit});
  std::vector<Quote> out;
  for (const auto& row : c.query(
           std::string("SELECT ") + kQuoteColumns + kQuoteFrom + " WHERE " + cond + " ORDER BY q.id LIMIT ?", params)) {
    out.push_back(quote_from(row));
  }
  add_approvals(c, out);
  return out;
}

}  // namespace fleetkam::opportunities::store
