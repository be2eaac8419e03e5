#include "modules/accounts/index.h"

#include <algorithm>

#include "platform/clock.h"

namespace fleetkam::accounts {
namespace {
constexpr int64_t kOverlapMs = 10000;
}  // namespace

void AccountIndex::sync(db::Connection& c) {
  std::lock_guard lock(sync_mutex_);
  std::string sql = "SELECT id, name, division_code, credit_code, active, updated_at FROM accounts";
  db::Params params;
  if (synced_to_ >= 0) {
    // new accounts by id, changed ones by time (never trusting a time ahead of this clock)
    sql += " WHERE id > ? OR updated_at >= ?";
    params.emplace_back(max_id_);
    params.emplace_back(synced_to_ - kOverlapMs);
  }
  int64_t high = synced_to_;
  for (const auto& row : c.query(sql, params)) {
    int64_t id = row.integer(0);
    if (row.boolean(4)) {
      index_.add(id, {row.text(1), row.text(2), row.optional_text(3)});
    } else {
      index_.remove(id);
    }
    high = std::max(high, row.integer(5));
    max_id_ = std::max(max_id_, id);
  }
  synced_to_ = std::clamp<int64_t>(high, 0, clock::now_ms());
}

std::vector<dedup::Candidate> AccountIndex::candidates(const dedup::Name& probe, size_t max) const {
  return index_.candidates(probe, max);
}

}  // namespace fleetkam::accounts
