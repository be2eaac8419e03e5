// Session and sign-in rules as plain functions: token making and hashing, idle and absolute
// expiry, when to refresh last-seen, and the sign-in throttle.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace fleetkam::auth {

struct SessionPolicy {
  int64_t idle_ms = 8LL * 3600 * 1000;           // signed out after 8 hours without a request
  int64_t absolute_ms = 7LL * 24 * 3600 * 1000;  // and in any case 7 days after sign-in
  int64_t touch_every_ms = 60LL * 1000;          // last-seen is written at most once a minute
  // How long a process may answer a session from memory before reading it again (0: every
  // request reads it). Changes made through this process (sign-out, password change, a user
  // disabled or moved, a unit renamed or moved) take effect at once; a change made through
  // another process sharing the database is seen within this time.
  int64_t cache_ms = 2000;
};

enum class SessionState { valid, idle_expired, absolute_expired };
SessionState session_state(const SessionPolicy& policy, int64_t now, int64_t last_seen_at, int64_t expires_at);
bool should_touch(const SessionPolicy& policy, int64_t now, int64_t last_seen_at);

// Attempts to prove a password (sign-in, or the current password when changing it) are counted
// per username, per client address, and per pair of both, in windows of 15 minutes.
struct LoginThrottle {
  int max_failures = 5;           // per username from one address, and per username once under attack
  int max_address_failures = 50;  // per client address, whatever usernames it names
  int64_t window_ms = 15LL * 60 * 1000;
};
// True when another attempt for this username must be refused (429).
bool throttled(const LoginThrottle& throttle, int64_t failures_in_window);

// The counts in the current window, this attempt included. An attempt is counted before the
// password is checked and uncounted when it proves right, so the counts are failures plus
// attempts still being checked.
struct AttemptCounts {
  int64_t user = 0, address = 0, pair = 0;
};
// True when the attempt must be refused without checking the password. A username under
// attack (too many failures from anywhere) still lets in an address that has not failed for
// it, so a stranger cannot lock the real user out; such an address gets one guess.
bool refuse_attempt(const LoginThrottle& throttle, const AttemptCounts& counts);

// 32 random bytes from the CSPRNG, URL-safe base64 without padding (43 characters).
std::string new_token();
// Hex SHA-256: what the database keeps instead of a token.
std::string token_hash(std::string_view token);
// Constant-time comparison of two strings of equal length (false when lengths differ).
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace fleetkam::auth
