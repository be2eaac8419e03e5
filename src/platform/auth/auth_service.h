// Sign-in, sessions in the database (so any server process can serve any user), the
// sign-in throttle, and who the caller is for each request.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

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

  db::Database& database_;
  SessionPolicy policy_;
  LoginThrottle throttle_;
};

std::string username_key(const std::string& username);

}  // namespace fleetkam::auth
