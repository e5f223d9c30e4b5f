#include "util/dates.h"

#include <chrono>
#include <cstddef>
#include <cstdio>

namespace simrun {
namespace {

namespace chrono = std::chrono;

// The value of the `count` characters at `at` when all are ASCII digits,
// else -1. (std::chrono::parse is missing from libstdc++ 12, and its %F
// would also accept fields with fewer digits.)
int digits(std::string_view text, std::size_t at, std::size_t count) {
  int value = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

}  // namespace

std::optional<long> parse_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const int y = digits(text, 0, 4), m = digits(text, 5, 2), d = digits(text, 8, 2);
  if (y < 0 || m < 0 || d < 0) return std::nullopt;
  // chrono::month and chrono::day hold any two digits; ok() then refuses
  // month 13, day 0, April 31 and 2100-02-29.
  const chrono::year_month_day date{chrono::year{y}, chrono::month{static_cast<unsigned>(m)},
                                    chrono::day{static_cast<unsigned>(d)}};
  if (!date.ok()) return std::nullopt;
  return static_cast<long>(chrono::sys_days{date}.time_since_epoch().count());
}

std::string format_iso_date(long days_since_epoch) {
  const chrono::year_month_day date{chrono::sys_days{chrono::days{days_since_epoch}}};
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()));
  return text;
}

}  // namespace simrun
