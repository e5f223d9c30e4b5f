#pragma once
// Calendar dates as day numbers, so that event dates in scenario files map to
// model steps without a time-zone library.
#include <optional>
#include <string>
#include <string_view>

namespace simrun {

// Days since 1970-01-01 (proleptic Gregorian); nullopt unless `text` is a
// valid date written exactly as YYYY-MM-DD.
std::optional<long> parse_iso_date(std::string_view text);

// The YYYY-MM-DD form of a day number.
std::string format_iso_date(long days_since_epoch);

}  // namespace simrun
