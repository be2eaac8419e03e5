// The SQL of tenders: an opportunity's, one in the caller's scope, those due in a period.
#include "modules/opportunities/store.h"
#include "modules/opportunities/store_internal.h"

namespace fleetkam::opportunities::store {
namespace {

constexpr const char* kTenderColumns =
    "t.id, t.opportunity_id, o.title, o.account_id, a.name, t.owner_unit_id, t.notice_no, t.published_where, "
    "t.published_on, t.bid_deadline, t.opening_at, t.lots, t.result, t.winner, t.winning_price_fen, t.note, "
    "t.version, t.created_at";
constexpr const char* kTenderFrom =
    " FROM tenders t JOIN opportunities o ON o.id = t.opportunity_id JOIN accounts a ON a.id = o.account_id";

Tender tender_from(const db::Row& row) {
  Tender t;
  t.id = row.integer(0);
  t.opportunity_id = row.integer(1);
  t.opportunity_title = row.text(2);
  t.account_id = row.integer(3);
  t.account_name = row.text(4);
  t.owner_unit_id = row.integer(5);
  t.notice_no = row.text(6);
  t.published_where = row.text(7);
  t.published_on = row.text(8);
  t.bid_deadline = row.integer(9);
  t.opening_at = row.optional_integer(10);
  t.lots_json = row.text(11);
  t.result = row.text(12);
  t.winner = row.optional_text(13);
  t.winning_price_fen = row.optional_integer(14);
  t.note = row.optional_text(15);
  t.version = row.integer(16);
  t.created_at = row.integer(17);
  return t;
}

}  // namespace

std::vector<Tender> tenders_of(db::Connection& c, int64_t opportunity_id) {
  std::vector<Tender> out;
  for (const auto& row : c.query(std::string("SELECT ") + kTenderColumns + kTenderFrom +
                                     " WHERE t.opportunity_id = ? ORDER BY t.bid_deadline, t.id",
                                 {opportunity_id})) {
    out.push_back(tender_from(row));
  }
  return out;
}

std::optional<Tender> find_tender(db::Connection& c, const auth::Scope& scope, int64_t id, bool lock) {
  db::Params params;
  std::string sql = std::string("SELECT ") + kTenderColumns + kTenderFrom +
                    scope_join(scope, params, "t.owner_unit_id") + " WHERE t.id = ?";
  params.emplace_back(id);
  if (lock && c.dialect() == db::Dialect::postgres) sql += " FOR UPDATE OF t";
  auto row = c.query_one(sql, params);
  if (!row) return std::nullopt;
  return tender_from(*row);
}

std::vector<Tender> tenders_between(db::Connection& c, const std::optional<std::vector<int64_t>>& units, int64_t from,
                                    int64_t to, bool openings_too) {
  db::Params params;
  std::string cond = unit_condition("t.owner_unit_id", units, params);
  params.emplace_back(from);
  params.emplace_back(to);
  std::string when = "(t.bid_deadline >= ? AND t.bid_deadline < ?)";
  if (openings_too) {
    when = "(" + when + " OR (t.opening_at >= ? AND t.opening_at < ?))";
    params.emplace_back(from);
    params.emplace_back(to);
  }
  std::vector<Tender> out;
  for (const auto& row : c.query(std::string("SELECT ") + kTenderColumns + kTenderFrom + " WHERE " + cond + " AND " +
                                     when + " ORDER BY t.bid_deadline, t.id LIMIT 1000",
                                 params)) {
    out.push_back(tender_from(row));
  }
  return out;
}

}  // namespace fleetkam::opportunities::store
