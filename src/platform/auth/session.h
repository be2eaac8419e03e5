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
};

enum class SessionState { valid, idle_expired, absolute_expired };
SessionState session_state(const SessionPolicy& policy, int64_t now, int64_t last_seen_at, int64_t expires_at);
bool should_touch(const SessionPolicy& policy, int64_t now, int64_t last_seen_at);

struct LoginThrottle {
  int max_failures = 5;
  int64_t window_ms = 15LL * 60 * 1000;
};
// True when another attempt for this username must be refused (429).
bool throttled(const LoginThrottle& throttle, int64_t failures_in_window);

// 32 random bytes from the CSPRNG, URL-safe base64 without padding (43 characters).
std::string new_token();
// Hex SHA-256: what the database keeps instead of a token.
std::string token_hash(std::string_view token);
// Constant-time comparison of two strings of equal length (false when lengths differ).
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace fleetkam::auth
