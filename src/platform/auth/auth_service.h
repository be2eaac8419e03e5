// Sign-in, sessions in the database (so any server process can serve any user), the
// sign-in throttle, and who the caller is for each request.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "platform/auth/roles.h"
#include "platform/auth/scope.h"
#include "platform/auth/session.h"
#include "platform/db/database.h"

namespace fleetkam::auth {

// The signed-in caller of a request.
struct Principal {
  int64_t user_id = 0;
  std::string username;
  Role role = Role::sales_rep;
  int64_t org_unit_id = 0;
  std::string unit_kind;
  Scope scope;
  std::string session_hash;
  std::string csrf_hash;
  // The rest of the caller's user and unit records, read in the same statement as the
  // session, so GET /me (on every page load) costs one round trip to the database.
  std::string display_name;
  int64_t user_version = 0, user_created_at = 0, user_updated_at = 0;
  std::string unit_name;
  std::optional<int64_t> unit_parent_id;
  std::optional<std::string> unit_division_code;
  bool unit_active = true;
  int64_t unit_version = 0, unit_created_at = 0, unit_updated_at = 0;
};

struct LoginResult {
  std::string token;
  std::string csrf_token;
  int64_t expires_at = 0;
  int64_t user_id = 0;
};

class AuthService {
 public:
  AuthService(db::Database& database, SessionPolicy policy = {}, LoginThrottle throttle = {})
      : database_(database), policy_(policy), throttle_(throttle) {}

  // Throws Unauthenticated (wrong username or password, disabled user: one answer for all)
  // or RateLimited (see refuse_attempt: too many failures for this username from this client
  // address, from this address overall, or for this username while this address has failed).
  LoginResult login(const std::string& username, const std::string& password, const std::string& user_agent,
                    const std::string& client_address);
  // Changes the caller's own password: the current one is checked under the sign-in throttle
  // (RateLimited; Invalid "current_password"), the new one against the rules (Invalid
  // "password"). Every other session of the caller ends; the one making the change stays,
  // since it has just proved the password.
  void change_password(const Principal& caller, const std::string& current, const std::string& next,
                       const std::string& client_address);
  // The caller of a token, or nullopt when it is unknown, expired or its user disabled.
  std::optional<Principal> authenticate(const std::string& token);
  bool csrf_ok(const Principal& principal, const std::string& csrf_token) const;
  void logout(const Principal& principal);
  // Ends every session of a user (disable, password reset), inside the caller's transaction.
  // The caller also calls forget_cached_sessions() once the transaction has committed.
  static void end_sessions(db::Connection& connection, int64_t user_id);
  // Removes expired sessions and throttle counts of past windows; returns how many rows went.
  int64_t sweep();

  const SessionPolicy& policy() const { return policy_; }

 private:
  // Counts an attempt to prove the password of `key` (a username_key) from `address`, in its own
  // committed transaction; throws RateLimited when it must be refused (still counted).
  void count_attempt(const std::string& key, const std::string& address);
  // Takes back the count of an attempt that proved right: only failures stay counted.
  void uncount_attempt(const std::string& key, const std::string& address);

  // A session as last read from the database, kept for up to policy_.cache_ms.
  struct CachedSession {
    Principal principal;
    int64_t last_seen_at = 0, expires_at = 0;
    std::chrono::steady_clock::time_point read_at;
    uint64_t generation = 0;
  };
  std::optional<Principal> cached(const std::string& hash, int64_t now, bool& touch);
  void remember(const std::string& hash, const Principal& principal, int64_t last_seen_at, int64_t expires_at,
                uint64_t generation);

  db::Database& database_;
  SessionPolicy policy_;
  LoginThrottle throttle_;
  std::mutex cache_mutex_;
  std::unordered_map<std::string, CachedSession> cache_;
};

// Drops every session this process holds in memory (every AuthService in it), so the next
// request of each reads its session again. Called after any committed change to what a
// Principal holds: sessions ended, a user's role, unit, name or state, a unit's name, path or
// state.
void forget_cached_sessions();

std::string username_key(const std::string& username);

}  // namespace fleetkam::auth
