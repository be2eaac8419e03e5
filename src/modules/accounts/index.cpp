#include "modules/accounts/index.h"

#include <algorithm>

namespace fleetkam::accounts {
namespace {

constexpr const char* kLoad = "SELECT id, name, division_code, credit_code, active, change_seq FROM accounts";
const std::string kCatchUp = std::string(kLoad) + " WHERE change_seq >= ?";
// PostgreSQL stamps a row with its writer's transaction id, which is not commit order; but every
// transaction below this snapshot's xmin has ended, so the rows stamped from it on are all a later
// snapshot can see that this one could not.
constexpr const char* kPostgresHorizon = "SELECT pg_snapshot_xmin(pg_current_snapshot())";

}  // namespace

void AccountIndex::sync(db::Connection& c) {
  std::lock_guard lock(sync_mutex_);
  bool postgres = c.dialect() == db::Dialect::postgres;
  // Read before the rows: under READ COMMITTED (a write transaction) the rows' statement takes a
  // later snapshot, whose xmin is no lower, so nothing it misses is below this horizon.
  int64_t next = postgres ? c.query_one(kPostgresHorizon)->integer(0) : next_change_;
  auto rows = loaded_ ? c.query(kCatchUp, {next_change_}) : c.query(kLoad);
  for (const auto& row : rows) {
    int64_t id = row.integer(0);
    if (row.boolean(4)) {
      index_.add(id, {row.text(1), row.text(2), row.optional_text(3)});
    } else {
      index_.remove(id);
    }
    // SQLite numbers changes in commit order (its writers are serialised): past the highest read
    if (!postgres) next = std::max(next, row.integer(5) + 1);
  }
  next_change_ = next;
  loaded_ = true;
}

std::vector<dedup::Candidate> AccountIndex::candidates(const dedup::Name& probe, size_t max) const {
  return index_.candidates(probe, max);
}

}  // namespace fleetkam::accounts
