// ISO dates as day numbers since 1970-01-01: the calendar's rules (leap
// years, month lengths), strict refusal of anything not written YYYY-MM-DD,
// and formatting as the exact inverse of parsing.
#include "util/dates.h"

#include <gtest/gtest.h>

#include <string>

namespace simrun {
namespace {

long day(const char* text) {
  const auto d = parse_iso_date(text);
  EXPECT_TRUE(d.has_value()) << text;
  return d.value_or(0);
}

TEST(Dates, DayNumbersCountFromTheUnixEpoch) {
  EXPECT_EQ(day("1970-01-01"), 0);
  EXPECT_EQ(day("1970-01-02"), 1);
  EXPECT_EQ(day("1969-12-31"), -1);
  EXPECT_EQ(day("1971-01-01"), 365);
  EXPECT_EQ(day("2000-01-01"), 10957);  // 30 years with 7 leap days
  EXPECT_EQ(day("2025-03-01"), 20148);
  EXPECT_EQ(day("0000-01-01"), -719528);
  EXPECT_EQ(day("9999-12-31"), 2932896);
  // Weekdays as a check independent of the code: 1970-01-01 was a Thursday,
  // 2000-01-01 a Saturday, 2024-02-29 a Thursday.
  const auto weekday = [](long d) { return ((d % 7) + 7 + 4) % 7; };  // 0 = Sunday
  EXPECT_EQ(weekday(day("1970-01-01")), 4);
  EXPECT_EQ(weekday(day("2000-01-01")), 6);
  EXPECT_EQ(weekday(day("2024-02-29")), 4);
  EXPECT_EQ(weekday(day("1900-01-01")), 1);  // a Monday
}

TEST(Dates, LeapYearsFollowTheGregorianRules) {
  const auto year_length = [](int y) {
    const std::string start = std::to_string(y), next = std::to_string(y + 1);
    return day((next + "-01-01").c_str()) - day((start + "-01-01").c_str());
  };
  EXPECT_EQ(year_length(2023), 365);
  EXPECT_EQ(year_length(2024), 366);  // divisible by 4
  EXPECT_EQ(year_length(2100), 365);  // by 100 but not 400
  EXPECT_EQ(year_length(1900), 365);
  EXPECT_EQ(year_length(2000), 366);  // by 400
  EXPECT_EQ(year_length(1600), 366);

  EXPECT_TRUE(parse_iso_date("2024-02-29"));
  EXPECT_TRUE(parse_iso_date("2000-02-29"));
  EXPECT_FALSE(parse_iso_date("2023-02-29"));
  EXPECT_FALSE(parse_iso_date("2100-02-29"));
  EXPECT_FALSE(parse_iso_date("1900-02-29"));
  EXPECT_FALSE(parse_iso_date("2024-02-30"));
}

TEST(Dates, RefusesInvalidDatesAndOtherSpellings) {
  for (const char* text : {"2025-13-01", "2025-00-10", "2025-01-00", "2025-01-32", "2025-04-31", "2025-06-31",
                           "2025-09-31", "2025-11-31", "2025-99-99"})
    EXPECT_FALSE(parse_iso_date(text)) << text;
  for (const char* text :
       {"", "2025-1-01", "2025-01-1", "25-01-01", "02025-01-01", "2025/01/01", "20250101", " 2025-01-01", "2025-01-01 ",
        "2025-01-01T00:00", "+025-01-01", "-025-01-01", "2025-+1-01", "2025-01-3a", "2O25-01-01", "2025--1-01"})
    EXPECT_FALSE(parse_iso_date(text)) << '"' << text << '"';
  // A valid prefix inside a longer view is not enough.
  EXPECT_FALSE(parse_iso_date(std::string_view("2025-01-015", 11)));
  EXPECT_TRUE(parse_iso_date(std::string_view("2025-01-015", 10)));
}

TEST(Dates, FormatsAsYyyyMmDd) {
  EXPECT_EQ(format_iso_date(0), "1970-01-01");
  EXPECT_EQ(format_iso_date(-1), "1969-12-31");
  EXPECT_EQ(format_iso_date(59), "1970-03-01");
  EXPECT_EQ(format_iso_date(19782), "2024-02-29");
  EXPECT_EQ(format_iso_date(-719528), "0000-01-01");
  EXPECT_EQ(format_iso_date(2932896), "9999-12-31");
}

// Every day of years 0000 to 9999: formatting then parsing gives the day
// back, and consecutive days have consecutive, valid spellings.
TEST(Dates, RoundTripsEveryDayOfFourDigitYears) {
  const long first = day("0000-01-01"), last = day("9999-12-31");
  int failures = 0;
  for (long d = first; d <= last && failures < 5; ++d) {
    const std::string text = format_iso_date(d);
    const auto back = parse_iso_date(text);
    if (!back || *back != d) {
      ADD_FAILURE() << d << " formats as " << text;
      ++failures;
    }
  }
  EXPECT_FALSE(parse_iso_date(format_iso_date(last + 1)));  // 10000-01-01 has five digits
}

}  // namespace
}  // namespace simrun
