#include "platform/calendar/calendar.h"

#include <fmt/format.h>

namespace fleetkam::calendar {
namespace {

bool digits(std::string_view text, size_t from, size_t count) {
  for (size_t i = from; i < from + count; ++i) {
    if (i >= text.size() || text[i] < '0' || text[i] > '9') return false;
  }
  return true;
}

int number(std::string_view text, size_t from, size_t count) {
  int out = 0;
  for (size_t i = from; i < from + count; ++i) out = out * 10 + (text[i] - '0');
  return out;
}

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

// Howard Hinnant's civil-date algorithms (public domain description, written out here).
int64_t days_from_civil(const Date& date) {
  int64_t y = date.year - (date.month <= 2 ? 1 : 0);
  int64_t era = floor_div(y, 400);
  int64_t yoe = y - era * 400;
  int64_t mp = (date.month + 9) % 12;
  int64_t doy = (153 * mp + 2) / 5 + date.day - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date civil_from_days(int64_t days) {
  int64_t z = days + 719468;
  int64_t era = floor_div(z, 146097);
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  int y = static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0));
  return {y, m, d};
}

bool leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && leap_year(year)) return 29;
  return kDays[month - 1];
}

Date china_date(int64_t utc_ms) { return civil_from_days(floor_div(utc_ms + kChinaOffsetMs, kDayMs)); }

int64_t china_midnight(const Date& date) { return days_from_civil(date) * kDayMs - kChinaOffsetMs; }

std::string date_text(const Date& date) { return fmt::format("{:04}-{:02}-{:02}", date.year, date.month, date.day); }

std::optional<Date> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !digits(text, 0, 4) || !digits(text, 5, 2) ||
      !digits(text, 8, 2))
    return std::nullopt;
  Date d{number(text, 0, 4), number(text, 5, 2), number(text, 8, 2)};
  if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > days_in_month(d.year, d.month)) return std::nullopt;
  return d;
}

int weekday(const Date& date) {
  int64_t days = days_from_civil(date);  // 1970-01-01 was a Thursday (4)
  return static_cast<int>(((days % 7) + 7 + 3) % 7) + 1;
}

int iso_weeks_in_year(int year) {
  // A year has 53 ISO weeks when it starts on a Thursday, or is a leap year starting on a Wednesday.
  int jan1 = weekday({year, 1, 1});
  return jan1 == 4 || (jan1 == 3 && leap_year(year)) ? 53 : 52;
}

Week iso_week(const Date& date) {
  int64_t days = days_from_civil(date);
  int64_t thursday = days - weekday(date) + 4;  // the Thursday of the date's week
  Date t = civil_from_days(thursday);
  int64_t jan1 = days_from_civil({t.year, 1, 1});
  return {t.year, static_cast<int>((thursday - jan1) / 7 + 1)};
}

Week week_of(int64_t utc_ms) { return iso_week(china_date(utc_ms)); }

Date week_monday(const Week& week) {
  // Week 1 holds January 4th.
  Date jan4{week.year, 1, 4};
  int64_t monday1 = days_from_civil(jan4) - (weekday(jan4) - 1);
  return civil_from_days(monday1 + static_cast<int64_t>(week.week - 1) * 7);
}

int64_t week_start(const Week& week) { return china_midnight(week_monday(week)); }
int64_t week_end(const Week& week) { return week_start(week) + 7 * kDayMs; }
int64_t week_due_at(const Week& week) { return week_start(week) + 6 * kDayMs; }

Week next_week(const Week& week) {
  return week.week < iso_weeks_in_year(week.year) ? Week{week.year, week.week + 1} : Week{week.year + 1, 1};
}

Week previous_week(const Week& week) {
  return week.week > 1 ? Week{week.year, week.week - 1} : Week{week.year - 1, iso_weeks_in_year(week.year - 1)};
}

std::string week_text(const Week& week) { return fmt::format("{:04}-W{:02}", week.year, week.week); }

std::optional<Week> parse_week(std::string_view text) {
  if (text.size() != 8 || text[4] != '-' || text[5] != 'W' || !digits(text, 0, 4) || !digits(text, 6, 2))
    return std::nullopt;
  Week w{number(text, 0, 4), number(text, 6, 2)};
  if (w.year < 1971 || w.week < 1 || w.week > iso_weeks_in_year(w.year)) return std::nullopt;
  return w;
}

Month month_of(int64_t utc_ms) {
  Date d = china_date(utc_ms);
  return {d.year, d.month};
}

int64_t month_start(const Month& month) { return china_midnight({month.year, month.month, 1}); }
int64_t month_end(const Month& month) { return month_start(next_month(month)); }
int64_t month_due_at(const Month& month) { return month_end(month); }

Month next_month(const Month& month) {
  return month.month == 12 ? Month{month.year + 1, 1} : Month{month.year, month.month + 1};
}

Month previous_month(const Month& month) {
  return month.month == 1 ? Month{month.year - 1, 12} : Month{month.year, month.month - 1};
}

std::string month_text(const Month& month) { return fmt::format("{:04}-{:02}", month.year, month.month); }

std::optional<Month> parse_month(std::string_view text) {
  if (text.size() != 7 || text[4] != '-' || !digits(text, 0, 4) || !digits(text, 5, 2)) return std::nullopt;
  Month m{number(text, 0, 4), number(text, 5, 2)};
  if (m.year < 1971 || m.month < 1 || m.month > 12) return std::nullopt;
  return m;
}

}  // namespace fleetkam::calendar
