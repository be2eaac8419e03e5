#include "modules/accounts/index.h"

#include <algorithm>

namespace fleetkam::accounts {
namespace {

constexpr const char* kColumns = "a.id, a.name, a.division_code, a.credit_code, a.active, a.change_seq";
// SQLite numbers changes in commit order (its writers are serialised): a catch-up reads past the
// highest number read.
const std::string kSqliteLoad = std::string("SELECT ") + kColumns + " FROM accounts a";
const std::string kSqliteCatchUp = kSqliteLoad + " WHERE a.change_seq >= ?";
// PostgreSQL stamps a row with its writer's transaction id, which is not commit order; but every
// transaction below a snapshot's xmin has ended, so the rows stamped from it on are all a later
// snapshot can see that this one could not. The xmin comes with the rows, from the same snapshot,
// in the one row with a NULL id when no account changed.
const std::string kPostgresLoad = std::string("SELECT ") + kColumns +
                                  ", h.xmin FROM (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin) h "
                                  "LEFT JOIN accounts a ON true";
const std::string kPostgresCatchUp = std::string("SELECT ") + kColumns +
                                     ", h.xmin FROM (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin) h "
                                     "LEFT JOIN accounts a ON a.change_seq >= ?";

}  // namespace

void AccountIndex::sync(db::Connection& c, bool snapshot_is_now) {
  const uint64_t begun_before_arrival = syncs_begun_.load();
  std::lock_guard lock(sync_mutex_);
  if (syncs_done_ > begun_before_arrival) return;  // a catch-up begun after this call arrived has finished
  const uint64_t number = ++syncs_begun_;
  bool postgres = c.dialect() == db::Dialect::postgres;
  const std::string& load = postgres ? kPostgresLoad : kSqliteLoad;
  const std::string& catch_up = postgres ? kPostgresCatchUp : kSqliteCatchUp;
  int64_t next = next_change_;
  for (const auto& row : loaded_ ? c.query(catch_up, {next_change_}) : c.query(load)) {
    if (postgres) next = row.integer(6);
    if (row.is_null(0)) continue;
    int64_t id = row.integer(0);
    if (row.boolean(4)) {
      index_.add(id, {row.text(1), row.text(2), row.optional_text(3)});
    } else {
      index_.remove(id);
    }
    if (!postgres) next = std::max(next, row.integer(5) + 1);
  }
  next_change_ = next;
  loaded_ = true;
  if (snapshot_is_now) syncs_done_ = number;
}

std::vector<dedup::Candidate> AccountIndex::candidates(const dedup::Name& probe, size_t max) const {
  return index_.candidates(probe, max);
}

}  // namespace fleetkam::accounts
