// Database: the one small interface every store uses, with an SQLite and a PostgreSQL driver.
// SQL is written once with `?` placeholders (rewritten to $n for PostgreSQL); values are bound,
// never spliced. A write goes through `write()` (one transaction; SQLite serialises writers).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace fleetkam::db {

enum class Dialect { sqlite, postgres };

// A bound parameter. Booleans are stored as integers 0/1 on both databases.
using Param = std::variant<std::nullptr_t, int64_t, double, std::string, bool>;
using Params = std::vector<Param>;

// Optional helpers to bind "maybe" values.
template <typename T>
Param nullable(const std::optional<T>& value) {
  if (!value) return nullptr;
  return Param{*value};
}

// The inside of an `IN (...)` list: "?, ?, ?" with each value bound in `params`, in order.
// "NULL" for no values, so that `x IN (NULL)` matches nothing rather than being a syntax error.
template <typename T>
std::string placeholders(const std::vector<T>& values, Params& params) {
  if (values.empty()) return "NULL";
  std::string marks;
  marks.reserve(values.size() * 3);
  for (const auto& v : values) {
    marks += marks.empty() ? "?" : ", ?";
    params.emplace_back(v);
  }
  return marks;
}

// One result row; cells are kept as text (NULL = nullopt) and converted on read.
class Row {
 public:
  explicit Row(std::vector<std::optional<std::string>> cells) : cells_(std::move(cells)) {}
  size_t size() const { return cells_.size(); }
  bool is_null(size_t i) const { return !cells_.at(i).has_value(); }
  int64_t integer(size_t i) const;
  std::optional<int64_t> optional_integer(size_t i) const;
  double real(size_t i) const;
  bool boolean(size_t i) const;
  const std::string& text(size_t i) const;  // throws on NULL
  std::optional<std::string> optional_text(size_t i) const { return cells_.at(i); }

 private:
  std::vector<std::optional<std::string>> cells_;
};

using Rows = std::vector<Row>;

// Raised for database failures. `unique_violation` lets services turn a race into a 409.
class DatabaseError : public std::runtime_error {
 public:
  // busy: a lock or serialisation conflict, worth retrying at once; unavailable: the database
  // server cannot be reached (restarting, down, the connection lost); full: the disk is full.
  enum class Kind { other, unique_violation, foreign_key_violation, busy, unavailable, full };
  DatabaseError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

// One connection. Not thread-safe; a Database hands it to one thread at a time.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;
  // Runs one statement; returns its rows (empty for statements without a result).
  virtual Rows query(std::string_view sql, const Params& params = {}) = 0;
  // Runs one statement; returns the number of rows changed.
  virtual int64_t execute(std::string_view sql, const Params& params = {}) = 0;
  // Runs a script of several statements without parameters (migrations).
  virtual void execute_script(std::string_view sql) = 0;
  // Bulk load (PostgreSQL COPY; SQLite a prepared INSERT reused). Values as text, nullopt = NULL.
  virtual void copy_rows(std::string_view table, const std::vector<std::string>& columns,
                         const std::vector<std::vector<std::optional<std::string>>>& rows) = 0;
  virtual void begin(bool write) = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;
  // Inside a write transaction: waits until no other transaction (of any process) holds `key`,
  // then holds it until this transaction ends. For a check-then-insert no row lock can guard
  // (the row does not exist yet). PostgreSQL: pg_advisory_xact_lock; SQLite: nothing to do, a
  // write transaction already excludes every other writer.
  virtual void lock_key(int64_t key) { (void)key; }
  // As lock_key, but any number of transactions hold it shared at once; lock_key waits for them
  // all, and they for it.
  virtual void lock_key_shared(int64_t key) { (void)key; }
  // As lock_key for a key named by text within a space (a lock_keys constant). PostgreSQL hashes
  // the text: two texts of one hash merely wait for each other.
  virtual void lock_text(int32_t space, const std::string& text) { (void)space, (void)text; }
  // False once the connection is broken; the pool then drops it instead of reusing it.
  virtual bool healthy() const { return true; }

  // Convenience: first row or nullopt.
  std::optional<Row> query_one(std::string_view sql, const Params& params = {});

 protected:
  // Drivers call this once per statement sent (query, execute, script, COPY) with the rows it
  // returned, so that Database::statements() and rows_read() count them.
  void counted(size_t rows = 0) {
    if (!counters_) return;
    counters_->statements.fetch_add(1, std::memory_order_relaxed);
    counters_->rows.fetch_add(static_cast<int64_t>(rows), std::memory_order_relaxed);
  }

 private:
  friend class Database;
  struct Counters {
    std::atomic<int64_t> statements{0};
    std::atomic<int64_t> rows{0};
  };
  Counters* counters_ = nullptr;  // the owning Database's
};

class Database;

// A connection borrowed from the pool; returned when destroyed.
class Lease {
 public:
  Lease(Database* owner, std::unique_ptr<Connection> connection);
  Lease(Lease&&) noexcept;
  Lease& operator=(Lease&&) = delete;
  Lease(const Lease&) = delete;
  ~Lease();
  Connection& operator*() const { return *connection_; }
  Connection* operator->() const { return connection_.get(); }

 private:
  Database* owner_;
  std::unique_ptr<Connection> connection_;
};

class Database {
 public:
  // url: "sqlite:PATH" (":memory:" not supported: pooled connections must share one file)
  // or "postgresql://user@host:port/dbname?..." (any libpq URI).
  static std::unique_ptr<Database> open(const std::string& url, int pool_size = 8);
  virtual ~Database() = default;

  virtual Dialect dialect() const = 0;
  Lease acquire();

  // Runs `work` in one read-write transaction; commits on return, rolls back on exception.
  // SQLite: writers are serialised in this process and use BEGIN IMMEDIATE.
  void write(const std::function<void(Connection&)>& work);
  // Runs `work` on a connection in a read-only snapshot transaction.
  void read(const std::function<void(Connection&)>& work);

  // Redacted description for logs ("sqlite:/path", "postgresql://host:port/db").
  virtual std::string describe() const = 0;

  // Statements sent and rows read through this Database's connections since it opened: cheap
  // relaxed counters, for tests that bound what a request costs (a check must not re-read a table).
  int64_t statements() const { return counters_.statements.load(std::memory_order_relaxed); }
  int64_t rows_read() const { return counters_.rows.load(std::memory_order_relaxed); }
  // Write transactions committed through this Database (this process) since it opened: a cache of
  // a table may tell from it that nothing here changed since it last looked.
  uint64_t writes_committed() const { return writes_committed_.load(); }

 protected:
  friend class Lease;
  virtual std::unique_ptr<Connection> connect() = 0;
  virtual void lock_writer() {}
  virtual void unlock_writer() {}
  void release(std::unique_ptr<Connection> connection);
  void set_pool_size(int size) { pool_size_ = size; }

 private:
  struct Pool;
  std::shared_ptr<Pool> pool_;
  int pool_size_ = 8;
  Connection::Counters counters_;
  std::atomic<uint64_t> writes_committed_{0};
  std::shared_ptr<Pool> pool();
};

// Driver factories (sqlite.cpp, postgres.cpp).
std::unique_ptr<Database> open_sqlite(const std::string& path, int pool_size);
std::unique_ptr<Database> open_postgres(const std::string& url, int pool_size);

// Keys of Connection::lock_key, one per thing serialised, unique across modules.
namespace lock_keys {
constexpr int64_t setup = 7215001;  // start-up work: migrations, first-start bootstrap
// The duplicate check and insert of new accounts: an import holds it alone; a single new account
// holds it shared, and its name and credit code (space new_account_names) alone.
constexpr int64_t new_accounts = 7215002;
constexpr int32_t new_account_names = 7215003;
}  // namespace lock_keys

// Inside a write transaction: waits until no other process runs start-up work (migrations,
// first-start bootstrap) on the same database.
void lock_for_setup(Connection& connection);

// Rewrites `?` placeholders to `$1..$n`, leaving quoted strings and comments alone.
std::string to_postgres_placeholders(std::string_view sql);

}  // namespace fleetkam::db
