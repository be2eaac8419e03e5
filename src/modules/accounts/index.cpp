#include "modules/accounts/index.h"

#include <malloc.h>

#include <algorithm>
#include <unordered_set>

namespace fleetkam::accounts {
namespace {

// Columns: 0 id, 1 name, 2 division_code, 3 credit_code, 4 active, 5 change_seq, 6 owner_unit_id,
// 7 written by this transaction (1) or not, 8 units, 9 the sum of their versions; PostgreSQL: 10 the
// snapshot's xmin. The units' figures come in every row, from the same snapshot as the accounts'.
constexpr const char* kColumns =
    "a.id, a.name, a.division_code, a.credit_code, a.active, a.change_seq, a.owner_unit_id";
constexpr const char* kUnits =
    "SELECT count(*) AS units, CAST(coalesce(sum(version), 0) AS BIGINT) AS versions "
    "FROM org_units";
// A catch-up inside a transaction does not count the units (2,000 rows read, an eighth of a
// create's time): only checks outside one read owners from the index (owner_paths).
constexpr const char* kNoUnits = "SELECT -1 AS units, -1 AS versions";
// SQLite numbers changes in commit order (its writers are serialised): a catch-up reads past the
// highest number read. A writer cannot tell its own rows from the others' (sync marks them all).
// The first load reads the table in chunks by id (kLoadChunk rows a statement): the driver holds a
// statement's rows in memory, and 500,000 of them at once left some 200 MB of freed heap behind.
const std::string kSqliteLoad = std::string("SELECT ") + kColumns + ", 0, h.units, h.versions FROM (" + kUnits +
                                ") h LEFT JOIN (SELECT * FROM accounts WHERE id > ? ORDER BY id LIMIT ?) a ON 1";
std::string sqlite_catch_up(const char* units) {
  return std::string("SELECT ") + kColumns + ", 0, h.units, h.versions FROM (" + units +
         ") h LEFT JOIN accounts a ON a.change_seq >= ?";
}
const std::string kSqliteCatchUp = sqlite_catch_up(kUnits);
const std::string kSqliteCatchUpInTransaction = sqlite_catch_up(kNoUnits);
// PostgreSQL stamps a row with its writer's transaction id, which is not commit order; but every
// transaction below a snapshot's xmin has ended, so the rows stamped from it on are all a later
// snapshot can see that this one could not. The xmin comes with the rows, from the same snapshot,
// in the one row with a NULL id when no account changed. A row stamped with this transaction's id
// is its own, uncommitted write.
std::string postgres_head(const char* units) {
  return std::string("SELECT ") + kColumns +
         ", CASE WHEN a.change_seq = pg_current_xact_id_if_assigned() THEN 1 ELSE 0 END, h.units, h.versions, h.xmin "
         "FROM (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin, u.units, u.versions FROM (" +
         units + ") u) h ";
}
const std::string kPostgresHead = postgres_head(kUnits);
const std::string kPostgresLoad =
    kPostgresHead + "LEFT JOIN (SELECT * FROM accounts WHERE id > ? ORDER BY id LIMIT ?) a ON true";
constexpr int64_t kLoadChunk = 20000;
const std::string kPostgresCatchUp = kPostgresHead + "LEFT JOIN accounts a ON a.change_seq >= ?";
const std::string kPostgresCatchUpInTransaction = postgres_head(kNoUnits) + "LEFT JOIN accounts a ON a.change_seq >= ?";

// The rows of accounts read after own writes, read again by id (their ids are bound as one list).
constexpr size_t kRereadChunk = 500;

const std::string kUnitPaths =
    std::string("SELECT o.id, o.path, h.units, h.versions FROM (") + kUnits + ") h LEFT JOIN org_units o ON 1 = 1";

// An entry's tag: the owner unit, and whether the row read was committed.
int64_t tag_of(int64_t owner_unit_id, bool committed) { return owner_unit_id * 2 + (committed ? 1 : 0); }
bool committed_of(int64_t tag) { return tag % 2 == 1; }
int64_t owner_of(int64_t tag) { return tag / 2; }

}  // namespace

void AccountIndex::sync(db::Connection& c, Reading reading) { catch_up(c, reading); }

void AccountIndex::sync_for_hint(db::Connection& c, uint64_t local_writes) {
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(hint_mutex_);
    if (hint_caught_up_ && hint_local_writes_ == local_writes && now - hint_caught_up_at_ < hint_window()) return;
  }
  if (catch_up(c, Reading::outside_transaction)) {
    std::lock_guard lock(hint_mutex_);
    if (!hint_caught_up_ || now >= hint_caught_up_at_) {
      hint_caught_up_ = true;
      hint_caught_up_at_ = now;
      hint_local_writes_ = local_writes;
    }
  }
}

bool AccountIndex::catch_up(db::Connection& c, Reading reading) {
  const uint64_t begun_before_arrival = syncs_begun_.load();
  // only a check outside a transaction reads owners from the index, and so needs the units' figures
  const bool count_units = reading == Reading::outside_transaction;
  std::lock_guard lock(sync_mutex_);
  // a catch-up begun after this call arrived has finished (one that counted the units, if needed)
  if ((count_units ? syncs_done_with_units_ : syncs_done_) > begun_before_arrival) return false;
  const uint64_t number = ++syncs_begun_;
  bool postgres = c.dialect() == db::Dialect::postgres;
  const std::string& load = postgres ? kPostgresLoad : kSqliteLoad;
  const std::string& catch_up = postgres ? (count_units ? kPostgresCatchUp : kPostgresCatchUpInTransaction)
                                         : (count_units ? kSqliteCatchUp : kSqliteCatchUpInTransaction);
  // SQLite, after own writes: any row read may be uncommitted, and its change_seq is given again
  // if the transaction rolls back. Such a catch-up leaves the mark where it was and keeps the ids
  // it read, which the next catch-up of committed rows reads again by id (what was rolled back is
  // then put back or removed).
  const bool writer_reads_own = !postgres && reading == Reading::write_after_own_writes;
  int64_t next = next_change_;
  UnitsVersion units;
  auto read_row = [&](const db::Row& row, bool own) {
    int64_t id = row.integer(0);
    if (row.boolean(4)) {
      bool committed = !own && row.integer(7) == 0;
      index_.add(id, {row.text(1), row.text(2), row.optional_text(3)}, tag_of(row.integer(6), committed));
    } else {
      index_.remove(id);
    }
  };
  // The load's chunks may each have their own snapshot (PostgreSQL outside a read transaction): the
  // first one's xmin is the mark, as every change after it is stamped from there on.
  const bool loaded_before = loaded_;  // the first load counts the units
  bool first_chunk = true;
  int64_t last_id = 0;
  for (bool more = true; more;) {
    int64_t read = 0;
    for (const auto& row : loaded_ ? c.query(catch_up, {next_change_}) : c.query(load, {last_id, kLoadChunk})) {
      units = {row.integer(8), row.integer(9)};
      if (postgres && first_chunk) next = row.integer(10);
      if (row.is_null(0)) continue;
      ++read;
      last_id = std::max(last_id, row.integer(0));
      read_row(row, writer_reads_own);
      if (writer_reads_own) {
        provisional_.push_back(row.integer(0));
      } else if (!postgres) {
        next = std::max(next, row.integer(5) + 1);
      }
    }
    first_chunk = false;
    more = !loaded_ && read == kLoadChunk;
  }
  if (!loaded_) malloc_trim(0);  // the rows' heap back to the system (glibc keeps it otherwise)
  if (!writer_reads_own && !provisional_.empty()) reread(c);
  next_change_ = next;
  loaded_ = true;
  saw_units(units);
  // A catch-up in a read transaction (an older snapshot) or after own writes serves no one else.
  if (reading != Reading::read_transaction && !writer_reads_own) {
    syncs_done_ = number;
    if (count_units || !loaded_before) syncs_done_with_units_ = number;
  }
  return true;
}

void AccountIndex::reread(db::Connection& c) {
  std::sort(provisional_.begin(), provisional_.end());
  provisional_.erase(std::unique(provisional_.begin(), provisional_.end()), provisional_.end());
  for (size_t from = 0; from < provisional_.size(); from += kRereadChunk) {
    const size_t to = std::min(provisional_.size(), from + kRereadChunk);
    std::string sql = std::string("SELECT ") + kColumns + ", 0 FROM accounts a WHERE a.id IN (";
    db::Params ids;
    for (size_t i = from; i < to; ++i) {
      sql += i == from ? "?" : ",?";
      ids.emplace_back(provisional_[i]);
    }
    sql += ")";
    std::unordered_set<int64_t> found;
    for (const auto& row : c.query(sql, ids)) {
      found.insert(row.integer(0));
      int64_t id = row.integer(0);
      if (row.boolean(4)) {
        index_.add(id, {row.text(1), row.text(2), row.optional_text(3)}, tag_of(row.integer(6), true));
      } else {
        index_.remove(id);
      }
    }
    for (size_t i = from; i < to; ++i) {
      if (!found.contains(provisional_[i])) index_.remove(provisional_[i]);  // its insert was rolled back
    }
  }
  provisional_.clear();
}

void AccountIndex::saw_units(UnitsVersion seen) {
  std::lock_guard lock(units_mutex_);
  units_seen_ = {std::max(units_seen_.units, seen.units), std::max(units_seen_.versions, seen.versions)};
}

std::vector<dedup::Candidate> AccountIndex::candidates(const dedup::Name& probe, size_t max) const {
  return index_.candidates(probe, max);
}

std::vector<std::optional<std::string>> AccountIndex::owner_paths(db::Connection& c,
                                                                  const std::vector<dedup::Candidate>& found) {
  std::vector<std::optional<std::string>> out(found.size());
  if (std::none_of(found.begin(), found.end(), [](const auto& f) { return committed_of(f.tag); })) return out;
  std::lock_guard lock(units_mutex_);
  if (units_seen_.units > units_loaded_.units || units_seen_.versions > units_loaded_.versions) {
    std::unordered_map<int64_t, std::string> paths;
    UnitsVersion loaded;
    for (const auto& row : c.query(kUnitPaths)) {
      loaded = {row.integer(2), row.integer(3)};
      if (!row.is_null(0)) paths.emplace(row.integer(0), row.text(1));
    }
    unit_paths_ = std::move(paths);
    units_loaded_ = loaded;
    units_seen_ = {std::max(units_seen_.units, loaded.units), std::max(units_seen_.versions, loaded.versions)};
  }
  for (size_t i = 0; i < found.size(); ++i) {
    if (!committed_of(found[i].tag)) continue;
    auto path = unit_paths_.find(owner_of(found[i].tag));
    if (path != unit_paths_.end()) out[i] = path->second;
  }
  return out;
}

}  // namespace fleetkam::accounts
