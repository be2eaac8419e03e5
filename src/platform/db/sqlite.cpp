// SQLite driver: WAL, foreign keys on, busy timeout, one writer at a time per process,
// prepared statements cached per connection.
#include <sqlite3.h>

#include <memory>
#include <mutex>
#include <unordered_map>

#include "platform/db/database.h"

namespace fleetkam::db {
namespace {

[[noreturn]] void fail(sqlite3* handle, int rc, std::string_view context) {
  int extended = handle ? sqlite3_extended_errcode(handle) : rc;
  std::string message = std::string(context) + ": " + (handle ? sqlite3_errmsg(handle) : sqlite3_errstr(rc));
  auto kind = DatabaseError::Kind::other;
  if (extended == SQLITE_CONSTRAINT_UNIQUE || extended == SQLITE_CONSTRAINT_PRIMARYKEY) {
    kind = DatabaseError::Kind::unique_violation;
  } else if (extended == SQLITE_CONSTRAINT_FOREIGNKEY) {
    kind = DatabaseError::Kind::foreign_key_violation;
  } else if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
    kind = DatabaseError::Kind::busy;
  } else if (rc == SQLITE_FULL || (extended & 0xff) == SQLITE_FULL) {
    // The transaction is rolled back and the file left as it was; the request can be retried once
    // there is room (issue 18: answered 507, the database intact).
    kind = DatabaseError::Kind::full;
  }
  throw DatabaseError(kind, message);
}

// Once per process, before the first connection: no global memory statistics. With them every
// allocation SQLite makes takes one process-wide mutex, and under 8 connections a province's
// attainment board spent a sixth of its time waiting on it.
void configure_library() {
  static std::once_flag once;
  std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

class SqliteConnection;

// The one connection every write transaction of the process runs on (see begin()), opened at the
// first write; used only by the holder of SqliteDatabase's writer mutex.
struct Writer {
  std::string path;
  std::unique_ptr<SqliteConnection> connection;
};

class SqliteConnection final : public Connection {
 public:
  SqliteConnection(const std::string& path, Writer* writer) : SqliteConnection(path) { writer_ = writer; }
  explicit SqliteConnection(const std::string& path) {
    configure_library();
    int rc = sqlite3_open_v2(path.c_str(), &handle_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                             nullptr);
    if (rc != SQLITE_OK) {
      std::string message = handle_ ? sqlite3_errmsg(handle_) : sqlite3_errstr(rc);
      sqlite3_close(handle_);
      handle_ = nullptr;
      throw DatabaseError(DatabaseError::Kind::other, "cannot open " + path + ": " + message);
    }
    sqlite3_busy_timeout(handle_, 10000);
    sqlite3_extended_result_codes(handle_, 1);
    execute_script(
        "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;"
        " PRAGMA temp_store=MEMORY;"
        // Pages are read through a memory map (the kernel's page cache, shared by every connection,
        // no read() per page) and 32 MiB of changed and hot pages are kept per connection; with
        // the default 2 MiB a 100,000-row import spends a third of its time in read() and write().
        " PRAGMA mmap_size=2147418112; PRAGMA cache_size=-32768;");
  }
  ~SqliteConnection() override {
    for (auto& [sql, statement] : cache_) sqlite3_finalize(statement);
    sqlite3_close(handle_);
  }

  Dialect dialect() const override { return Dialect::sqlite; }

  Rows query(std::string_view sql, const Params& params) override {
    if (delegate_) {
      Rows rows = delegate_->query(sql, params);
      counted(rows.size());
      return rows;
    }
    sqlite3_stmt* statement = prepare(sql, params);
    Rows rows;
    int columns = sqlite3_column_count(statement);
    while (true) {
      int rc = sqlite3_step(statement);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        sqlite3_reset(statement);
        fail(handle_, rc, "query");
      }
      std::vector<std::optional<std::string>> cells;
      cells.reserve(columns);
      for (int c = 0; c < columns; ++c) {
        if (sqlite3_column_type(statement, c) == SQLITE_NULL) {
          cells.emplace_back(std::nullopt);
        } else {
          auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, c));
          cells.emplace_back(std::string(text, sqlite3_column_bytes(statement, c)));
        }
      }
      rows.emplace_back(std::move(cells));
    }
    sqlite3_reset(statement);
    counted(rows.size());
    return rows;
  }

  int64_t execute(std::string_view sql, const Params& params) override {
    if (delegate_) {
      int64_t changed = delegate_->execute(sql, params);
      counted();
      return changed;
    }
    sqlite3_stmt* statement = prepare(sql, params);
    int rc;
    while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
    }
    sqlite3_reset(statement);
    if (rc != SQLITE_DONE) fail(handle_, rc, "execute");
    counted();
    return sqlite3_changes64(handle_);
  }

  void execute_script(std::string_view sql) override {
    if (delegate_) {
      delegate_->execute_script(sql);
      counted();
      return;
    }
    char* error = nullptr;
    std::string text(sql);
    int rc = sqlite3_exec(handle_, text.c_str(), nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
      std::string message = error ? error : "error";
      sqlite3_free(error);
      fail(handle_, rc, "script: " + message);
    }
    counted();
  }

  void copy_rows(std::string_view table, const std::vector<std::string>& columns,
                 const std::vector<std::vector<std::optional<std::string>>>& rows) override {
    if (delegate_) {
      delegate_->copy_rows(table, columns, rows);
      counted();
      return;
    }
    std::string sql = "INSERT INTO " + std::string(table) + " (";
    std::string marks;
    for (size_t i = 0; i < columns.size(); ++i) {
      sql += (i ? "," : "") + columns[i];
      marks += i ? ",?" : "?";
    }
    sql += ") VALUES (" + marks + ")";
    // one statement, rebound for each row straight from the row's strings (no copies); a column
    // of INTEGER affinity turns the text into a number as SQLite stores it
    sqlite3_stmt* statement = prepare(sql, Params(columns.size(), nullptr));
    for (const auto& row : rows) {
      if (row.size() != columns.size()) throw DatabaseError(DatabaseError::Kind::other, "copy_rows: row width");
      for (size_t i = 0; i < row.size(); ++i) {
        int index = static_cast<int>(i) + 1;
        int rc = row[i] ? sqlite3_bind_text(statement, index, row[i]->data(), static_cast<int>(row[i]->size()),
                                            SQLITE_STATIC)
                        : sqlite3_bind_null(statement, index);
        if (rc != SQLITE_OK) fail(handle_, rc, "bind");
      }
      int rc = sqlite3_step(statement);
      sqlite3_reset(statement);
      if (rc != SQLITE_DONE) fail(handle_, rc, "copy_rows into " + std::string(table));
    }
    sqlite3_clear_bindings(statement);
    counted();
  }

  // A write transaction runs on the process's writer connection (Database::write holds the writer
  // mutex from before begin() to after commit() or rollback()). A connection that begins a
  // transaction after another one wrote drops its page cache and unmaps the file
  // (pagerBeginReadTransaction): with writes spread over the pool every write paid that, up to
  // 2 GB unmapped and faulted in again page by page, the more so the more connections. The
  // writer's own commits leave its cache and map as they are.
  void begin(bool write) override {
    if (write && writer_) {
      if (!writer_->connection) writer_->connection = std::make_unique<SqliteConnection>(writer_->path);
      delegate_ = writer_->connection.get();
      try {
        execute_script("BEGIN IMMEDIATE");
      } catch (...) {
        delegate_ = nullptr;
        throw;
      }
      return;
    }
    execute_script(write ? "BEGIN IMMEDIATE" : "BEGIN");
  }
  void commit() override {
    execute_script("COMMIT");  // on failure the caller rolls back, on the same connection
    delegate_ = nullptr;
  }
  void rollback() override {
    SqliteConnection* target = delegate_ ? delegate_ : this;
    delegate_ = nullptr;
    if (!sqlite3_get_autocommit(target->handle_)) {
      if (target != this) {
        target->execute_script("ROLLBACK");
        counted();
      } else {
        execute_script("ROLLBACK");
      }
    }
  }

 private:
  sqlite3_stmt* prepare(std::string_view sql, const Params& params) {
    std::string key(sql);
    sqlite3_stmt* statement = nullptr;
    auto found = cache_.find(key);
    if (found != cache_.end()) {
      statement = found->second;
      sqlite3_clear_bindings(statement);
    } else {
      int rc = sqlite3_prepare_v3(handle_, key.c_str(), static_cast<int>(key.size()), SQLITE_PREPARE_PERSISTENT,
                                  &statement, nullptr);
      if (rc != SQLITE_OK) fail(handle_, rc, "prepare");
      cache_.emplace(std::move(key), statement);
    }
    if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(statement)) {
      throw DatabaseError(DatabaseError::Kind::other, "parameter count mismatch for: " + std::string(sql));
    }
    for (size_t i = 0; i < params.size(); ++i) {
      int index = static_cast<int>(i) + 1;
      int rc = std::visit(
          [&](const auto& v) -> int {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::nullptr_t>) {
              return sqlite3_bind_null(statement, index);
            } else if constexpr (std::is_same_v<T, int64_t>) {
              return sqlite3_bind_int64(statement, index, v);
            } else if constexpr (std::is_same_v<T, double>) {
              return sqlite3_bind_double(statement, index, v);
            } else if constexpr (std::is_same_v<T, bool>) {
              return sqlite3_bind_int(statement, index, v ? 1 : 0);
            } else {
              return sqlite3_bind_text(statement, index, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
            }
          },
          params[i]);
      if (rc != SQLITE_OK) fail(handle_, rc, "bind");
    }
    return statement;
  }

  sqlite3* handle_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
  Writer* writer_ = nullptr;              // the database's writer (pooled connections)
  SqliteConnection* delegate_ = nullptr;  // in a write transaction: the writer connection
};

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(std::string path, int pool_size) : path_(std::move(path)) {
    set_pool_size(pool_size);
    writer_connection_.path = path_;
  }
  Dialect dialect() const override { return Dialect::sqlite; }
  std::string describe() const override { return "sqlite:" + path_; }

 protected:
  std::unique_ptr<Connection> connect() override {
    return std::make_unique<SqliteConnection>(path_, &writer_connection_);
  }
  void lock_writer() override { writer_.lock(); }
  void unlock_writer() override { writer_.unlock(); }

 private:
  std::string path_;
  std::mutex writer_;
  Writer writer_connection_;
};

}  // namespace

std::unique_ptr<Database> open_sqlite(const std::string& path, int pool_size) {
  auto database = std::make_unique<SqliteDatabase>(path, pool_size);
  database->acquire();  // opens the file now so a bad path fails at start, not at the first request
  return database;
}

}  // namespace fleetkam::db
