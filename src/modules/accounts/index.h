// The duplicate index of accounts (dedup::NameIndex) as a cache of the accounts table: loaded on
// first use, then brought up to date before every check with the accounts written since — by this
// process or any other (many stateless servers share one PostgreSQL database). With each account
// it keeps its owner unit, and with the units their paths, so that a check outside a transaction
// tells what its caller may see without asking the database (owner_paths).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "modules/dedup/matcher.h"
#include "platform/db/database.h"

namespace fleetkam::accounts {

// What the connection of a catch-up reads.
enum class Reading {
  // No transaction: each statement reads what is committed when it runs.
  outside_transaction,
  // A write transaction (PostgreSQL's READ COMMITTED, SQLite's one writer) that has written no
  // account yet (a create's or an edit's check before its write): as outside_transaction.
  write_before_own_writes,
  // A write transaction that may have written accounts (a registration, after lapses changed
  // owners): it also reads its own uncommitted rows.
  write_after_own_writes,
  // A read transaction, whose snapshot may be older; or a write transaction that has written no
  // account yet (an import's or gen's check before its inserts).
  read_transaction,
};

class AccountIndex {
 public:
  // Call with the connection of the transaction that checks: it then sees what that transaction
  // sees. Changed accounts are found in commit order by accounts.change_seq (migration 0019), so
  // a catch-up reads only what was written since the last one — nothing, when nothing was.
  // Checks that arrive together share one catch-up: one that began after a call arrived, on a
  // snapshot taken when it began, sees every commit that call could, so the call waits for it
  // instead of making its own. A catch-up in a read transaction serves no one else, nor one after
  // own writes on SQLite: that one does not move the mark past what it read (its rows may be
  // rolled back and their change numbers given again) and the next catch-up reads them again by id.
  // An entry read from a row that may be uncommitted (PostgreSQL: written by this transaction;
  // SQLite: any row read after own writes) is marked so; owner_paths does not vouch for it.
  void sync(db::Connection& c, Reading reading);
  // The duplicate hints the forms ask for as the user types, outside any transaction: a catch-up
  // unless one begun less than hint_window() ago already saw everything this process committed
  // (local_writes: Database::writes_committed(), read before the call). What this process wrote
  // is seen at once; what other processes sharing the database wrote, within hint_window().
  // Every check inside a write transaction (a create, an edit, a registration) catches up in full.
  void sync_for_hint(db::Connection& c, uint64_t local_writes);
  static constexpr std::chrono::milliseconds hint_window() { return std::chrono::milliseconds(100); }
  // `snapshot_is_now`: a write transaction (true: that may have written accounts) or a read
  // transaction (false), as above.
  void sync(db::Connection& c, bool snapshot_is_now) {
    sync(c, snapshot_is_now ? Reading::write_after_own_writes : Reading::read_transaction);
  }
  // Each candidate's name and tag (its owner) are as the last catch-up read them.
  std::vector<dedup::Candidate> candidates(const dedup::Name& probe, size_t max) const;
  size_t size() const { return index_.size(); }

  // For a check outside a transaction, after its sync: the path of the unit owning each candidate
  // whose entry holds a committed row (the candidate's name is then the committed one too);
  // nullopt for the others (the same-credit-code ones the index lacks, entries of rows that may be
  // uncommitted), which the caller reads from the database. The units' paths are the process's
  // copy, read again (one statement) when a catch-up saw a unit added or changed: a move changes
  // the paths of the units below it, and the moved unit's version. Units are written only by
  // transactions that do not catch this index up (the org module).
  std::vector<std::optional<std::string>> owner_paths(db::Connection& c, const std::vector<dedup::Candidate>& found);

 private:
  // The number of units and the sum of their versions: each insert or update of a unit raises it.
  struct UnitsVersion {
    int64_t units = -1;
    int64_t versions = -1;
    bool operator==(const UnitsVersion&) const = default;
  };
  void saw_units(UnitsVersion seen);
  // Reads the provisional_ accounts again by id, as committed rows, and forgets them.
  void reread(db::Connection& c);
  // Returns whether a catch-up ran (false: another one, begun after this call arrived, served it).
  bool catch_up(db::Connection& c, Reading reading);

  dedup::NameIndex index_;
  std::mutex sync_mutex_;
  std::atomic<uint64_t> syncs_begun_{0};  // catch-ups started, numbered 1, 2, …
  uint64_t syncs_done_ = 0;               // the number of the last one that finished (under the mutex)
  uint64_t syncs_done_with_units_ = 0;    // … of the last one that also counted the units
  bool loaded_ = false;
  int64_t next_change_ = 0;  // the next catch-up reads rows with change_seq >= this
  // SQLite: accounts read after own writes in a write transaction (maybe uncommitted, maybe rolled
  // back), read again by id by the next catch-up of committed rows.
  std::vector<int64_t> provisional_;

  // The last catch-up of a hint: when it began and how many writes this process had committed then.
  std::mutex hint_mutex_;
  std::chrono::steady_clock::time_point hint_caught_up_at_;
  uint64_t hint_local_writes_ = 0;
  bool hint_caught_up_ = false;

  std::mutex units_mutex_;
  UnitsVersion units_seen_;    // the newest a catch-up saw
  UnitsVersion units_loaded_;  // what unit_paths_ holds
  std::unordered_map<int64_t, std::string> unit_paths_;
};

}  // namespace fleetkam::accounts
