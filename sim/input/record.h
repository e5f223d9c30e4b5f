#pragma once
// The dated event record as a CSV file (RFC 4180; docs/calibration.md gives
// the columns): read, checked row by row with file:line:column errors, and
// turned into an mc::Record.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "mc/record.h"

namespace simrun::input {

// Limits that keep a hostile file from costing more than a real record.
inline constexpr std::size_t kMaxRecordBytes = 16u << 20;
inline constexpr std::size_t kMaxRecordRows = 200000;
inline constexpr std::size_t kMaxRecordField = 4096;

struct RecordOptions {
  // Rows dated after this day (days since 1970-01-01) are left out, not
  // refused: the record may run on past what a fit may use.
  std::optional<long> until;
};

// Throws InputError (every bad row, each with file, line and column) for a
// file that is unreadable, too large, not UTF-8, or has a wrong header, a
// malformed row or a value out of range.
mc::Record load_record(const std::string& path, const RecordOptions& options = {});

// The model's action keys (the `name` column of model::action_table()), the
// candidates of "did you mean" wherever an action key is read.
std::vector<std::string> action_keys();

// The same from text already in memory (`file` names it in messages).
mc::Record parse_record(const std::string& text, const std::string& file, const RecordOptions& options = {});

}  // namespace simrun::input
