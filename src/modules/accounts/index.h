// The duplicate index of accounts (dedup::NameIndex) as a cache of the accounts table: loaded on
// first use, then brought up to date before every check with the accounts written since — by this
// process or any other (many stateless servers share one PostgreSQL database).
#pragma once

#include <mutex>
#include <vector>

#include "modules/dedup/matcher.h"
#include "platform/db/database.h"

namespace fleetkam::accounts {

class AccountIndex {
 public:
  // Call with the connection of the transaction that checks: it then sees what that transaction
  // sees. New accounts are found by id; changed ones by updated_at, from a few seconds before the
  // last sync, so a transaction that committed late with an earlier time is not missed.
  void sync(db::Connection& c);
  std::vector<dedup::Candidate> candidates(const dedup::Name& probe, size_t max) const;
  size_t size() const { return index_.size(); }

 private:
  dedup::NameIndex index_;
  std::mutex sync_mutex_;
  int64_t synced_to_ = -1;  // the largest updated_at read so far (at most now); -1 before the first load
  int64_t max_id_ = 0;      // the largest account id read so far
};

}  // namespace fleetkam::accounts
