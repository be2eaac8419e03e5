// PostgreSQL driver over libpq: text-format parameters, statements prepared once per
// connection, COPY for bulk loads. A pool of connections serves concurrent requests.
#include <libpq-fe.h>

#include <charconv>
#include <unordered_map>

#include "platform/db/database.h"

namespace fleetkam::db {
namespace {

struct ResultGuard {
  PGresult* result;
  ~ResultGuard() { PQclear(result); }
};

DatabaseError make_error(PGconn* handle, PGresult* result, std::string_view context) {
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  std::string message = std::string(context) + ": " + (result ? PQresultErrorMessage(result) : PQerrorMessage(handle));
  auto kind = DatabaseError::Kind::other;
  if (state) {
    std::string_view code(state);
    if (code == "23505") kind = DatabaseError::Kind::unique_violation;
    if (code == "23503") kind = DatabaseError::Kind::foreign_key_violation;
    if (code == "40001" || code == "40P01" || code == "55P03") kind = DatabaseError::Kind::busy;
    // connection exceptions (08...), the server shutting down or starting (57P01-57P03)
    if (code.substr(0, 2) == "08" || code == "57P01" || code == "57P02" || code == "57P03") {
      kind = DatabaseError::Kind::unavailable;
    }
    if (code == "53100") kind = DatabaseError::Kind::full;  // disk_full
  }
  // A lost connection often leaves no SQLSTATE at all: the connection says it is gone.
  if (kind == DatabaseError::Kind::other && handle && PQstatus(handle) == CONNECTION_BAD) {
    kind = DatabaseError::Kind::unavailable;
  }
  return DatabaseError(kind, message);
}

std::optional<std::string> to_text(const Param& param) {
  return std::visit(
      [](const auto& v) -> std::optional<std::string> {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::nullptr_t>) {
          return std::nullopt;
        } else if constexpr (std::is_same_v<T, bool>) {
          return std::string(v ? "1" : "0");
        } else if constexpr (std::is_same_v<T, std::string>) {
          return v;
        } else if constexpr (std::is_same_v<T, double>) {
          // the shortest text that reads back as the same double (std::to_string kept 6 decimals)
          char buffer[32];
          auto result = std::to_chars(buffer, buffer + sizeof buffer, v);
          return std::string(buffer, result.ptr);
        } else {
          return std::to_string(v);
        }
      },
      param);
}

// COPY text format: backslash, tab, newline and carriage return escaped; NULL is \N.
void append_copy_field(std::string& out, const std::optional<std::string>& value) {
  if (!value) {
    out += "\\N";
    return;
  }
  for (char c : *value) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
}

class PostgresConnection final : public Connection {
 public:
  explicit PostgresConnection(const std::string& url) {
    handle_ = PQconnectdb(url.c_str());
    if (PQstatus(handle_) != CONNECTION_OK) {
      std::string message = PQerrorMessage(handle_);
      PQfinish(handle_);
      handle_ = nullptr;
      throw DatabaseError(DatabaseError::Kind::unavailable, "cannot connect to PostgreSQL: " + message);
    }
    set_up_session();
  }
  ~PostgresConnection() override { PQfinish(handle_); }

  Dialect dialect() const override { return Dialect::postgres; }
  bool healthy() const override { return PQstatus(handle_) == CONNECTION_OK; }

  Rows query(std::string_view sql, const Params& params) override {
    ResultGuard guard{run(sql, params)};
    auto status = PQresultStatus(guard.result);
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) throw make_error(handle_, guard.result, "query");
    Rows rows;
    int count = PQntuples(guard.result);
    int columns = PQnfields(guard.result);
    counted(count);
    rows.reserve(count);
    for (int r = 0; r < count; ++r) {
      std::vector<std::optional<std::string>> cells;
      cells.reserve(columns);
      for (int c = 0; c < columns; ++c) {
        if (PQgetisnull(guard.result, r, c)) {
          cells.emplace_back(std::nullopt);
        } else {
          cells.emplace_back(std::string(PQgetvalue(guard.result, r, c), PQgetlength(guard.result, r, c)));
        }
      }
      rows.emplace_back(std::move(cells));
    }
    return rows;
  }

  int64_t execute(std::string_view sql, const Params& params) override {
    ResultGuard guard{run(sql, params)};
    auto status = PQresultStatus(guard.result);
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) throw make_error(handle_, guard.result, "execute");
    counted();
    const char* affected = PQcmdTuples(guard.result);
    return affected && *affected ? std::stoll(affected) : 0;
  }

  void execute_script(std::string_view sql) override {
    std::string text(sql);
    ResultGuard guard{PQexec(handle_, text.c_str())};
    auto status = PQresultStatus(guard.result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) throw make_error(handle_, guard.result, "script");
    counted();
  }

  void copy_rows(std::string_view table, const std::vector<std::string>& columns,
                 const std::vector<std::vector<std::optional<std::string>>>& rows) override {
    std::string sql = "COPY " + std::string(table) + " (";
    for (size_t i = 0; i < columns.size(); ++i) sql += (i ? "," : "") + columns[i];
    sql += ") FROM STDIN";
    {
      ResultGuard guard{PQexec(handle_, sql.c_str())};
      if (PQresultStatus(guard.result) != PGRES_COPY_IN) throw make_error(handle_, guard.result, "copy");
    }
    std::string buffer;
    auto flush = [&] {
      if (!buffer.empty() && PQputCopyData(handle_, buffer.data(), static_cast<int>(buffer.size())) != 1) {
        throw make_error(handle_, nullptr, "copy data");
      }
      buffer.clear();
    };
    for (const auto& row : rows) {
      for (size_t i = 0; i < row.size(); ++i) {
        if (i) buffer += '\t';
        append_copy_field(buffer, row[i]);
      }
      buffer += '\n';
      if (buffer.size() > (1 << 20)) flush();
    }
    flush();
    if (PQputCopyEnd(handle_, nullptr) != 1) throw make_error(handle_, nullptr, "copy end");
    ResultGuard guard{PQgetResult(handle_)};
    if (PQresultStatus(guard.result) != PGRES_COMMAND_OK) throw make_error(handle_, guard.result, "copy");
    while (PGresult* extra = PQgetResult(handle_)) PQclear(extra);
    counted();
  }

  void begin(bool write) override {
    const char* sql = write ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
    try {
      execute_script(sql);
    } catch (const DatabaseError& error) {
      // A pooled connection from before the server restarted fails on its first statement. Nothing
      // of the transaction has run yet, so connect again and begin once more: after a restart only
      // requests that were in flight fail, not one per pooled connection.
      if (error.kind() != DatabaseError::Kind::unavailable) throw;
      PQreset(handle_);
      if (PQstatus(handle_) != CONNECTION_OK) {
        throw DatabaseError(DatabaseError::Kind::unavailable,
                            std::string("cannot reconnect to PostgreSQL: ") + PQerrorMessage(handle_));
      }
      prepared_.clear();  // statements are prepared per session
      set_up_session();
      execute_script(sql);
    }
  }
  void commit() override { execute_script("COMMIT"); }
  void rollback() override {
    if (PQtransactionStatus(handle_) != PQTRANS_IDLE) execute_script("ROLLBACK");
  }
  void lock_key(int64_t key) override { query("SELECT pg_advisory_xact_lock(?::bigint)", {key}); }
  void lock_key_shared(int64_t key) override { query("SELECT pg_advisory_xact_lock_shared(?::bigint)", {key}); }
  void lock_text(int32_t space, const std::string& text) override {
    query("SELECT pg_advisory_xact_lock(?::integer, hashtext(?))", {int64_t{space}, text});
  }

 private:
  void set_up_session() {
    // No parallel workers: every statement here is a request's, and many requests run at once.
    // Starting a gather's workers cost 20-40 ms, where HQ's home page counts take 2-7 ms each in
    // one backend (its to-do counts: 135 ms → see bench/README, issue 16).
    execute_script("SET client_min_messages TO WARNING; SET TIME ZONE 'UTC'; SET max_parallel_workers_per_gather TO 0");
  }

  PGresult* run(std::string_view sql, const Params& params) {
    std::string key(sql);
    auto found = prepared_.find(key);
    if (found == prepared_.end()) {
      std::string name = "s" + std::to_string(prepared_.size());
      std::string text = to_postgres_placeholders(sql);
      ResultGuard guard{PQprepare(handle_, name.c_str(), text.c_str(), 0, nullptr)};
      if (PQresultStatus(guard.result) != PGRES_COMMAND_OK) throw make_error(handle_, guard.result, "prepare");
      found = prepared_.emplace(std::move(key), std::move(name)).first;
    }
    std::vector<std::optional<std::string>> texts;
    texts.reserve(params.size());
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& param : params) texts.push_back(to_text(param));
    for (const auto& text : texts) values.push_back(text ? text->c_str() : nullptr);
    return PQexecPrepared(handle_, found->second.c_str(), static_cast<int>(values.size()), values.data(), nullptr,
                          nullptr, 0);
  }

  PGconn* handle_ = nullptr;
  std::unordered_map<std::string, std::string> prepared_;
};

class PostgresDatabase final : public Database {
 public:
  PostgresDatabase(std::string url, int pool_size) : url_(std::move(url)) { set_pool_size(pool_size); }
  Dialect dialect() const override { return Dialect::postgres; }
  std::string describe() const override {
    // Drop user info and password from what is logged.
    auto scheme_end = url_.find("://");
    auto at = url_.find('@', scheme_end);
    if (scheme_end == std::string::npos || at == std::string::npos) return url_;
    return url_.substr(0, scheme_end + 3) + url_.substr(at + 1);
  }

 protected:
  std::unique_ptr<Connection> connect() override { return std::make_unique<PostgresConnection>(url_); }

 private:
  std::string url_;
};

}  // namespace

std::unique_ptr<Database> open_postgres(const std::string& url, int pool_size) {
  auto database = std::make_unique<PostgresDatabase>(url, pool_size);
  database->acquire();
  return database;
}

}  // namespace fleetkam::db
