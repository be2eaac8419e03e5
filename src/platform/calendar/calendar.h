// Weeks, months and deadlines in Asia/Shanghai (UTC+8, no daylight saving) as pure functions of
// UTC milliseconds, so every rule that depends on a calendar period is tested by pinning the
// clock (platform/clock.h) across a Saturday midnight or a month end.
//
// Periods are written the way the API shows them: an ISO week "2027-W05" (Monday to Sunday; the
// week belongs to the year of its Thursday) and a month "2027-01". A weekly report is due on the
// week's Saturday at 24:00 China time (= Sunday 00:00 = Saturday 16:00 UTC); a monthly one on the
// month's last day at 24:00 (= the next month's 1st, 00:00 China).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fleetkam::calendar {

inline constexpr int64_t kDayMs = 24LL * 3600 * 1000;
inline constexpr int64_t kChinaOffsetMs = 8LL * 3600 * 1000;

struct Date {
  int year = 1970, month = 1, day = 1;
  bool operator==(const Date&) const = default;
  auto operator<=>(const Date&) const = default;
};

// Days since 1970-01-01 of a proleptic Gregorian date, and back.
int64_t days_from_civil(const Date& date);
Date civil_from_days(int64_t days);
bool leap_year(int year);
int days_in_month(int year, int month);
// The China-local date of an instant, and the instant a China-local date begins.
Date china_date(int64_t utc_ms);
int64_t china_midnight(const Date& date);
// "YYYY-MM-DD" both ways (strict: a real date, zero-padded).
std::string date_text(const Date& date);
std::optional<Date> parse_date(std::string_view text);
// 1 = Monday … 7 = Sunday.
int weekday(const Date& date);

struct Week {
  int year = 0;  // the ISO week-numbering year (the year of the week's Thursday)
  int week = 0;  // 1..52 or 53
  bool operator==(const Week&) const = default;
  auto operator<=>(const Week&) const = default;
};
int iso_weeks_in_year(int year);
Week iso_week(const Date& date);
Week week_of(int64_t utc_ms);  // the ISO week of the China-local date
Date week_monday(const Week& week);
int64_t week_start(const Week& week);   // Monday 00:00 China
int64_t week_end(const Week& week);     // the next Monday 00:00 China (exclusive)
int64_t week_due_at(const Week& week);  // Saturday 24:00 China
Week next_week(const Week& week);
Week previous_week(const Week& week);
std::string week_text(const Week& week);  // "2027-W05"
std::optional<Week> parse_week(std::string_view text);

struct Month {
  int year = 0, month = 0;
  bool operator==(const Month&) const = default;
  auto operator<=>(const Month&) const = default;
};
Month month_of(int64_t utc_ms);  // the China-local month
int64_t month_start(const Month& month);
int64_t month_end(const Month& month);     // the next month's 1st 00:00 China (exclusive)
int64_t month_due_at(const Month& month);  // the month's last day 24:00 China = month_end
Month next_month(const Month& month);
Month previous_month(const Month& month);
std::string month_text(const Month& month);  // "2027-01"
std::optional<Month> parse_month(std::string_view text);

}  // namespace fleetkam::calendar
