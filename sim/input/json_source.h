#pragma once
// Loading a scenario's JSON text with errors a user can act on: every problem
// is reported with file, line, column (in code points) and, where there is
// one, JSON pointer; later stages point back into the text through
// PositionIndex. Limits on size, nesting and length keep the time, memory
// and stack a file can cost bounded, whatever it holds.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "input/position_index.h"
#include "util/diagnostics.h"

namespace simrun {

// What parse_json_text accepts (docs/scenario-format.md, "Limits").
struct JsonLimits {
  static constexpr std::size_t kFileBytes = 16u << 20;    // a file or text
  static constexpr std::size_t kDepth = 64;               // nested objects and arrays
  static constexpr std::size_t kStringBytes = 64u << 10;  // one string value
  static constexpr std::size_t kKeyBytes = 1u << 10;      // one object key
  static constexpr std::size_t kElements = 10000;         // of one array
  static constexpr std::size_t kSetElements = 100000;     // of /parameter_sets/sets and /parameter_sets/weights
  static constexpr std::size_t kMembers = 1000;           // of one object
  static constexpr std::size_t kValues = 1000000;         // values in one text
};

// A parsed JSON document together with what is needed to point back into it.
struct JsonSource {
  std::string file;              // label used in diagnostics (path as given)
  std::string text;              // the text as parsed, without a UTF-8 BOM
  nlohmann::ordered_json value;  // always an object
  PositionIndex positions;       // positions within text
};

// Reads a regular file of at most JsonLimits::kFileBytes and parses it.
// Throws InputError naming the file when it is missing, unreadable, not a
// regular file (a directory, FIFO or device is never opened for reading) or
// too large, or when parse_json_text rejects its content.
JsonSource load_json_file(const std::string& path);

// Parses text whose top level must be an object. Throws InputError for
// invalid UTF-8, a NUL byte, empty text, invalid JSON (including NaN and
// Infinity), numbers too large for a double, a non-object top level and any
// limit of JsonLimits exceeded; parsing stops at the first of these. Keys
// repeated in one object and strings holding U+0000 are collected on the
// way and reported together with it.
JsonSource parse_json_text(std::string text, std::string file_label);

// One JSON value of any type under the same rules (short texts such as the
// VALUE of --set); nullopt when parse_json_text would reject it.
std::optional<nlohmann::ordered_json> parse_json_value(std::string_view text);

// How a value is named in messages: "null", "a boolean", "a string", "an
// array", "an object", "an integer" or "a number".
std::string json_type_name(const nlohmann::ordered_json& v);

}  // namespace simrun
