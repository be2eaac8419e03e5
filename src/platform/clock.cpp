#include "platform/clock.h"

#include <atomic>
#include <chrono>
#include <cstdio>

namespace fleetkam::clock {
namespace {
std::atomic<int64_t> pinned{-1};
constexpr int64_t kShanghaiOffsetMs = 8LL * 3600 * 1000;
}  // namespace

int64_t now_ms() {
  int64_t p = pinned.load(std::memory_order_relaxed);
  if (p >= 0) return p;
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void pin(std::optional<int64_t> ms) { pinned.store(ms ? *ms : -1); }

std::string format_rfc3339(int64_t ms) {
  using namespace std::chrono;
  sys_seconds local{seconds{(ms + kShanghaiOffsetMs) / 1000}};
  auto day = floor<days>(local);
  year_month_day ymd{day};
  hh_mm_ss hms{local - day};
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d+08:00", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buffer;
}

std::optional<int64_t> parse_rfc3339(const std::string& text) {
  using namespace std::chrono;
  int y, mo, d, h, mi, s;
  char sep;
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2d%c%2d:%2d:%2d%n", &y, &mo, &d, &sep, &h, &mi, &s, &consumed) != 7) {
    return std::nullopt;
  }
  if (sep != 'T' && sep != 't' && sep != ' ') return std::nullopt;
  year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || s > 60) return std::nullopt;
  size_t at = static_cast<size_t>(consumed);
  int64_t fraction_ms = 0;
  if (at < text.size() && text[at] == '.') {
    ++at;
    int digits = 0;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
      if (digits < 3) fraction_ms = fraction_ms * 10 + (text[at] - '0');
      ++digits;
      ++at;
    }
    if (digits == 0) return std::nullopt;
    for (int i = digits; i < 3; ++i) fraction_ms *= 10;
  }
  int64_t offset_ms = 0;
  if (at < text.size() && (text[at] == 'Z' || text[at] == 'z')) {
    ++at;
  } else if (at + 6 == text.size() && (text[at] == '+' || text[at] == '-') && text[at + 3] == ':') {
    int oh = 0, om = 0;
    if (std::sscanf(text.c_str() + at + 1, "%2d:%2d", &oh, &om) != 2 || oh > 23 || om > 59) return std::nullopt;
    offset_ms = (oh * 3600LL + om * 60LL) * 1000 * (text[at] == '-' ? -1 : 1);
    at += 6;
  } else {
    return std::nullopt;
  }
  if (at != text.size()) return std::nullopt;
  int64_t seconds_since = sys_days{ymd}.time_since_epoch().count() * 86400LL + h * 3600LL + mi * 60LL + s;
  return seconds_since * 1000 + fraction_ms - offset_ms;
}

}  // namespace fleetkam::clock
