// The duplicate index of accounts (dedup::NameIndex) as a cache of the accounts table: loaded on
// first use, then brought up to date before every check with the accounts written since — by this
// process or any other (many stateless servers share one PostgreSQL database).
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <vector>

#include "modules/dedup/matcher.h"
#include "platform/db/database.h"

namespace fleetkam::accounts {

class AccountIndex {
 public:
  // Call with the connection of the transaction that checks: it then sees what that transaction
  // sees. Changed accounts are found in commit order by accounts.change_seq (migration 0019), so
  // a catch-up reads only what was written since the last one — nothing, when nothing was.
  // Checks that arrive together share one catch-up: one that began after a call arrived, on a
  // snapshot taken when it began, sees every commit that call could, so the call waits for it
  // instead of making its own. `snapshot_is_now`: c reads what is committed at each statement
  // (no transaction, a PostgreSQL write transaction — READ COMMITTED —, or SQLite's writer); false
  // in a read transaction, whose snapshot may be older: such a catch-up serves no one else.
  void sync(db::Connection& c, bool snapshot_is_now);
  std::vector<dedup::Candidate> candidates(const dedup::Name& probe, size_t max) const;
  size_t size() const { return index_.size(); }

 private:
  dedup::NameIndex index_;
  std::mutex sync_mutex_;
  std::atomic<uint64_t> syncs_begun_{0};  // catch-ups started, numbered 1, 2, …
  uint64_t syncs_done_ = 0;               // the number of the last one that finished (under the mutex)
  bool loaded_ = false;
  int64_t next_change_ = 0;  // the next catch-up reads rows with change_seq >= this
};

}  // namespace fleetkam::accounts
