#include "platform/auth/session.h"

#include <sodium.h>

#include <stdexcept>

namespace fleetkam::auth {

SessionState session_state(const SessionPolicy& policy, int64_t now, int64_t last_seen_at, int64_t expires_at) {
  if (now >= expires_at) return SessionState::absolute_expired;
  if (now - last_seen_at >= policy.idle_ms) return SessionState::idle_expired;
  return SessionState::valid;
}

bool should_touch(const SessionPolicy& policy, int64_t now, int64_t last_seen_at) {
  return now - last_seen_at >= policy.touch_every_ms;
}

bool throttled(const LoginThrottle& throttle, int64_t failures_in_window) {
  return failures_in_window >= throttle.max_failures;
}

bool refuse_attempt(const LoginThrottle& throttle, const AttemptCounts& counts) {
  const int64_t earlier_from_here = counts.pair - 1;
  return throttled(throttle, earlier_from_here) || counts.address > throttle.max_address_failures ||
         (throttled(throttle, counts.user - 1) && earlier_from_here > 0);
}

std::string new_token() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char out[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(out, sizeof out, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return out;
}

std::string token_hash(std::string_view token) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(token.data()), token.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace fleetkam::auth
