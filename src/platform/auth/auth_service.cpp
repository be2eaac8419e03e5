#include "platform/auth/auth_service.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>

#include "platform/audit/audit.h"
#include "platform/auth/password.h"
#include "platform/clock.h"
#include "platform/errors.h"

namespace fleetkam::auth {
namespace {

// Increment-then-read in one statement, so parallel attempts each see their own count; a count
// whose window has passed starts again at 1.
constexpr const char* kCountAttempt =
    "INSERT INTO auth_throttle (subject, window_start, attempts) VALUES (?, ?, 1) ON CONFLICT (subject) DO UPDATE SET "
    "attempts = CASE WHEN auth_throttle.window_start <= ? THEN 1 ELSE auth_throttle.attempts + 1 END, "
    "window_start = CASE WHEN auth_throttle.window_start <= ? THEN excluded.window_start "
    "ELSE auth_throttle.window_start END RETURNING attempts";
constexpr const char* kUncountAttempt =
    "UPDATE auth_throttle SET attempts = attempts - 1 WHERE subject = ? AND attempts > 0";
constexpr const char* kSelectPasswordHash = "SELECT password_hash FROM users WHERE id = ?";
constexpr const char* kSetPasswordHash =
    "UPDATE users SET password_hash = ?, version = version + 1, updated_at = ? WHERE id = ?";
constexpr const char* kDeleteOtherSessions = "DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?";
constexpr const char* kSelectUserForLogin = "SELECT id, password_hash, active FROM users WHERE username_key = ?";
constexpr const char* kInsertSession =
    "INSERT INTO sessions (token_hash, csrf_hash, user_id, created_at, last_seen_at, expires_at, user_agent) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kSelectSession =
    "SELECT s.user_id, s.csrf_hash, s.last_seen_at, s.expires_at, u.username, u.role, u.org_unit_id, u.active, "
    "o.path, o.kind, u.display_name, u.version, u.created_at, u.updated_at, o.name, o.parent_id, o.division_code, "
    "o.active, o.version, o.created_at, o.updated_at FROM sessions s JOIN users u ON u.id = s.user_id JOIN org_units o "
    "ON o.id = u.org_unit_id "
    "WHERE s.token_hash = ?";
constexpr const char* kTouchSession = "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?";
constexpr const char* kDeleteSession = "DELETE FROM sessions WHERE token_hash = ?";
constexpr const char* kDeleteUserSessions = "DELETE FROM sessions WHERE user_id = ?";
constexpr const char* kSweepSessions = "DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?";
constexpr const char* kSweepThrottle = "DELETE FROM auth_throttle WHERE window_start <= ?";

// The three counters of an attempt, in this order (the order of the counts in AttemptCounts,
// and one lock order for all transactions on PostgreSQL).
std::array<std::string, 3> throttle_subjects(const std::string& key, const std::string& address) {
  return {"user:" + key, "address:" + address, "pair:" + address + " user:" + key};
}

// Bumped by forget_cached_sessions(): a cached session read under an older generation is not used.
std::atomic<uint64_t> cache_generation{1};
// More sessions than this in memory: the stale ones go, and if that is not enough, all.
constexpr size_t kMaxCachedSessions = 10000;

}  // namespace

void forget_cached_sessions() { cache_generation.fetch_add(1); }

std::string username_key(const std::string& username) {
  std::string key = username;
  std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::tolower(c); });
  return key;
}

void AuthService::count_attempt(const std::string& key, const std::string& address) {
  const int64_t now = clock::now_ms();
  const int64_t window_over = now - throttle_.window_ms;
  AttemptCounts counts;
  database_.write([&](db::Connection& connection) {
    auto subjects = throttle_subjects(key, address);
    int64_t* targets[] = {&counts.user, &counts.address, &counts.pair};
    for (size_t i = 0; i < subjects.size(); ++i) {
      *targets[i] = connection.query_one(kCountAttempt, {subjects[i], now, window_over, window_over})->integer(0);
    }
  });
  // Refused after the commit: a refused attempt stays counted.
  if (refuse_attempt(throttle_, counts)) {
    throw RateLimited("too many failed attempts for this username or from this address; try again in 15 minutes");
  }
}

void AuthService::uncount_attempt(const std::string& key, const std::string& address) {
  database_.write([&](db::Connection& connection) {
    for (const auto& subject : throttle_subjects(key, address)) connection.execute(kUncountAttempt, {subject});
  });
}

LoginResult AuthService::login(const std::string& username, const std::string& password, const std::string& user_agent,
                               const std::string& client_address) {
  const std::string key = username_key(username);
  count_attempt(key, client_address);
  std::optional<int64_t> user_id;
  std::string hash;
  bool active = false;
  database_.read([&](db::Connection& connection) {
    if (auto row = connection.query_one(kSelectUserForLogin, {key})) {
      user_id = row->integer(0);
      hash = row->text(1);
      active = row->boolean(2);
    }
  });
  // Verify outside any transaction: Argon2 takes ~100 ms and must not hold the writer.
  bool ok = false;
  if (user_id) {
    ok = verify_password(hash, password) && active;
  } else {
    verify_dummy(password);
  }
  if (!ok) throw Unauthenticated("wrong username or password", "auth.invalid_credentials");
  uncount_attempt(key, client_address);
  const int64_t now = clock::now_ms();
  LoginResult result;
  result.token = new_token();
  result.csrf_token = new_token();
  result.expires_at = now + policy_.absolute_ms;
  result.user_id = *user_id;
  database_.write([&](db::Connection& connection) {
    connection.execute(kInsertSession, {token_hash(result.token), token_hash(result.csrf_token), *user_id, now, now,
                                        result.expires_at, user_agent.substr(0, 300)});
    audit::record(connection, {*user_id, "sign_in", "user", *user_id, std::nullopt, std::nullopt});
  });
  return result;
}

std::optional<Principal> AuthService::authenticate(const std::string& token) {
  if (token.empty() || token.size() > 200) return std::nullopt;
  const std::string hash = token_hash(token);
  const int64_t now = clock::now_ms();
  bool touch = false;
  if (auto principal = cached(hash, now, touch)) {
    if (touch) {
      database_.write([&](db::Connection& connection) { connection.execute(kTouchSession, {now, hash}); });
    }
    return principal;
  }
  // Read before the statement: a change committed while it runs makes this copy stale at once.
  const uint64_t generation = cache_generation.load();
  std::optional<Principal> principal;
  bool expired = false;
  {
    auto lease = database_.acquire();
    auto row = lease->query_one(kSelectSession, {hash});
    if (!row) return std::nullopt;
    auto state = session_state(policy_, now, row->integer(2), row->integer(3));
    if (state != SessionState::valid) {
      expired = true;
    } else if (row->boolean(7)) {
      Principal p;
      p.user_id = row->integer(0);
      p.csrf_hash = row->text(1);
      p.username = row->text(4);
      p.role = parse_role(row->text(5)).value_or(Role::sales_rep);
      p.org_unit_id = row->integer(6);
      p.scope.path = row->text(8);
      p.unit_kind = row->text(9);
      p.session_hash = hash;
      p.display_name = row->text(10);
      p.user_version = row->integer(11);
      p.user_created_at = row->integer(12);
      p.user_updated_at = row->integer(13);
      p.unit_name = row->text(14);
      p.unit_parent_id = row->optional_integer(15);
      p.unit_division_code = row->optional_text(16);
      p.unit_active = row->boolean(17);
      p.unit_version = row->integer(18);
      p.unit_created_at = row->integer(19);
      p.unit_updated_at = row->integer(20);
      principal = std::move(p);
      touch = should_touch(policy_, now, row->integer(2));
      remember(hash, *principal, touch ? now : row->integer(2), row->integer(3), generation);
    }
  }
  if (expired) {
    database_.write([&](db::Connection& connection) { connection.execute(kDeleteSession, {hash}); });
    return std::nullopt;
  }
  if (principal && touch) {
    database_.write([&](db::Connection& connection) { connection.execute(kTouchSession, {now, hash}); });
  }
  return principal;
}

std::optional<Principal> AuthService::cached(const std::string& hash, int64_t now, bool& touch) {
  if (policy_.cache_ms <= 0) return std::nullopt;
  std::lock_guard lock(cache_mutex_);
  auto found = cache_.find(hash);
  if (found == cache_.end()) return std::nullopt;
  CachedSession& entry = found->second;
  const auto age = std::chrono::steady_clock::now() - entry.read_at;
  if (entry.generation != cache_generation.load() || age >= std::chrono::milliseconds(policy_.cache_ms) ||
      session_state(policy_, now, entry.last_seen_at, entry.expires_at) != SessionState::valid) {
    cache_.erase(found);  // read again (and an expired one deleted) by the caller
    return std::nullopt;
  }
  touch = should_touch(policy_, now, entry.last_seen_at);
  if (touch) entry.last_seen_at = now;
  return entry.principal;
}

void AuthService::remember(const std::string& hash, const Principal& principal, int64_t last_seen_at,
                           int64_t expires_at, uint64_t generation) {
  if (policy_.cache_ms <= 0) return;
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(cache_mutex_);
  if (cache_.size() >= kMaxCachedSessions) {
    const uint64_t current = cache_generation.load();
    std::erase_if(cache_, [&](const auto& item) {
      return item.second.generation != current ||
             now - item.second.read_at >= std::chrono::milliseconds(policy_.cache_ms);
    });
    if (cache_.size() >= kMaxCachedSessions) cache_.clear();
  }
  cache_.insert_or_assign(hash, CachedSession{principal, last_seen_at, expires_at, now, generation});
}

bool AuthService::csrf_ok(const Principal& principal, const std::string& csrf_token) const {
  if (csrf_token.empty() || csrf_token.size() > 200) return false;
  return constant_time_equal(token_hash(csrf_token), principal.csrf_hash);
}

void AuthService::logout(const Principal& principal) {
  database_.write([&](db::Connection& connection) { connection.execute(kDeleteSession, {principal.session_hash}); });
  forget_cached_sessions();
}

void AuthService::change_password(const Principal& caller, const std::string& current, const std::string& next,
                                  const std::string& client_address) {
  const std::string key = username_key(caller.username);
  count_attempt(key, client_address);
  std::optional<std::string> hash;
  database_.read([&](db::Connection& connection) {
    if (auto row = connection.query_one(kSelectPasswordHash, {caller.user_id})) hash = row->text(0);
  });
  if (!hash || !verify_password(*hash, current)) {
    throw Invalid("current_password", "is not your current password");
  }
  uncount_attempt(key, client_address);
  if (auto problem = password_problem(next, caller.username)) throw Invalid("password", *problem, "too_weak");
  std::string next_hash = hash_password(next);
  database_.write([&](db::Connection& connection) {
    connection.execute(kSetPasswordHash, {next_hash, clock::now_ms(), caller.user_id});
    // Whoever else holds a session of this user (a stolen token, a forgotten device) is out.
    connection.execute(kDeleteOtherSessions, {caller.user_id, caller.session_hash});
    audit::record(connection, {caller.user_id, "password_change", "user", caller.user_id, std::nullopt, std::nullopt});
  });
  forget_cached_sessions();
}

void AuthService::end_sessions(db::Connection& connection, int64_t user_id) {
  connection.execute(kDeleteUserSessions, {user_id});
  forget_cached_sessions();  // again after the commit, by the caller: a read in between may cache the old row
}

int64_t AuthService::sweep() {
  const int64_t now = clock::now_ms();
  int64_t removed = 0;
  database_.write([&](db::Connection& connection) {
    removed += connection.execute(kSweepSessions, {now, now - policy_.idle_ms});
    removed += connection.execute(kSweepThrottle, {now - throttle_.window_ms});
  });
  return removed;
}

}  // namespace fleetkam::auth
