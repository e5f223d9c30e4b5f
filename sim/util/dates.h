#pragma once
// Calendar dates as day numbers, so that event dates in scenario files map to
// model steps without a time-zone library. Built on std::chrono's calendar
// (year_month_day, sys_days), whose day 0 is 1970-01-01.
#include <optional>
#include <string>
#include <string_view>

namespace simrun {

// Days since 1970-01-01 (proleptic Gregorian); nullopt unless `text` is a
// valid date written exactly as YYYY-MM-DD.
std::optional<long> parse_iso_date(std::string_view text);

// The YYYY-MM-DD form of a day number. Meant for the day numbers
// parse_iso_date returns; days beyond std::chrono::year's range (about
// +-32767 years) give an unspecified date.
std::string format_iso_date(long days_since_epoch);

}  // namespace simrun
