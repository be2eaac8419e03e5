#include "platform/db/database.h"

#include <charconv>
#include <condition_variable>
#include <deque>
#include <mutex>

namespace fleetkam::db {

namespace {
int64_t parse_integer(const std::string& s) {
  int64_t value = 0;
  auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (error != std::errc() || end != s.data() + s.size()) {
    throw DatabaseError(DatabaseError::Kind::other, "not an integer: " + s);
  }
  return value;
}
}  // namespace

int64_t Row::integer(size_t i) const {
  const auto& cell = cells_.at(i);
  if (!cell) throw DatabaseError(DatabaseError::Kind::other, "NULL where an integer was expected");
  if (*cell == "t" || *cell == "true") return 1;
  if (*cell == "f" || *cell == "false") return 0;
  return parse_integer(*cell);
}

std::optional<int64_t> Row::optional_integer(size_t i) const {
  if (!cells_.at(i)) return std::nullopt;
  return integer(i);
}

double Row::real(size_t i) const {
  const auto& cell = cells_.at(i);
  if (!cell) throw DatabaseError(DatabaseError::Kind::other, "NULL where a number was expected");
  return std::stod(*cell);
}

bool Row::boolean(size_t i) const { return integer(i) != 0; }

const std::string& Row::text(size_t i) const {
  const auto& cell = cells_.at(i);
  if (!cell) throw DatabaseError(DatabaseError::Kind::other, "NULL where text was expected");
  return *cell;
}

std::optional<Row> Connection::query_one(std::string_view sql, const Params& params) {
  auto rows = query(sql, params);
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

struct Database::Pool {
  std::mutex mutex;
  std::condition_variable available;
  std::deque<std::unique_ptr<Connection>> idle;
  int open = 0;
};

std::shared_ptr<Database::Pool> Database::pool() {
  if (!pool_) pool_ = std::make_shared<Pool>();
  return pool_;
}

Lease Database::acquire() {
  auto p = pool();
  std::unique_lock lock(p->mutex);
  while (true) {
    if (!p->idle.empty()) {
      auto connection = std::move(p->idle.front());
      p->idle.pop_front();
      return Lease(this, std::move(connection));
    }
    if (p->open < pool_size_) {
      ++p->open;
      lock.unlock();
      try {
        auto connection = connect();
        connection->counters_ = &counters_;
        return Lease(this, std::move(connection));
      } catch (...) {
        lock.lock();
        --p->open;
        p->available.notify_one();
        throw;
      }
    }
    p->available.wait(lock);
  }
}

void Database::release(std::unique_ptr<Connection> connection) {
  auto p = pool();
  std::lock_guard lock(p->mutex);
  if (connection && connection->healthy()) {
    p->idle.push_back(std::move(connection));
  } else {
    --p->open;  // a broken connection is dropped; a new one is opened on demand
  }
  p->available.notify_one();
}

Lease::Lease(Database* owner, std::unique_ptr<Connection> connection)
    : owner_(owner), connection_(std::move(connection)) {}
Lease::Lease(Lease&& other) noexcept : owner_(other.owner_), connection_(std::move(other.connection_)) {
  other.owner_ = nullptr;
}
Lease::~Lease() {
  if (owner_) owner_->release(std::move(connection_));
}

namespace {
// Begin, run, commit; roll back and rethrow on any exception.
void in_transaction(Connection& connection, bool write, const std::function<void(Connection&)>& work) {
  connection.begin(write);
  try {
    work(connection);
    connection.commit();
  } catch (...) {
    try {
      connection.rollback();
    } catch (...) {  // the original error is the one worth reporting
    }
    throw;
  }
}
}  // namespace

void Database::write(const std::function<void(Connection&)>& work) {
  auto lease = acquire();
  lock_writer();
  struct Unlock {
    Database* db;
    ~Unlock() { db->unlock_writer(); }
  } unlock{this};
  in_transaction(*lease, true, work);
  writes_committed_.fetch_add(1);
}

void Database::read(const std::function<void(Connection&)>& work) {
  auto lease = acquire();
  in_transaction(*lease, false, work);
}

std::unique_ptr<Database> Database::open(const std::string& url, int pool_size) {
  if (url.rfind("sqlite:", 0) == 0) {
    auto path = url.substr(7);
    if (path.empty() || path == ":memory:") {
      throw std::invalid_argument("sqlite URL needs a file path: sqlite:PATH");
    }
    return open_sqlite(path, pool_size);
  }
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    return open_postgres(url, pool_size);
  }
  throw std::invalid_argument("database URL must start with sqlite: or postgresql://");
}

void lock_for_setup(Connection& connection) { connection.lock_key(lock_keys::setup); }

std::string to_postgres_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (c == '\'' || c == '"') {
      size_t end = sql.find(c, i + 1);
      if (end == std::string_view::npos) end = sql.size() - 1;
      out.append(sql.substr(i, end - i + 1));
      i = end;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      size_t end = sql.find('\n', i);
      if (end == std::string_view::npos) end = sql.size() - 1;
      out.append(sql.substr(i, end - i + 1));
      i = end;
    } else if (c == '?') {
      out += '$';
      out += std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace fleetkam::db
