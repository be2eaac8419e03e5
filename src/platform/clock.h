// Time for the rules: milliseconds since the Unix epoch, UTC. Tests may pin the clock so
// expiry rules are checked without waiting. Shown to people in Asia/Shanghai (UTC+8, no DST).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace fleetkam::clock {

int64_t now_ms();
// Pins the clock (tests and the `--fake-now` debug flag only); nullopt releases it.
void pin(std::optional<int64_t> ms);
// RFC 3339 with the Asia/Shanghai offset, e.g. "2026-11-28T02:40:05+08:00".
std::string format_rfc3339(int64_t ms);
// Parses RFC 3339 with Z or an offset; nullopt when malformed.
std::optional<int64_t> parse_rfc3339(const std::string& text);

}  // namespace fleetkam::clock
