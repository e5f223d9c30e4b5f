#pragma once
// Loading a scenario's JSON text with errors a user can act on: every problem
// is reported with file, line, column (in code points) and JSON pointer, and
// later stages can point back into the text through PositionIndex.
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/diagnostics.h"

namespace simrun {

// Escapes one reference token for a JSON pointer (RFC 6901): "~" -> "~0",
// "/" -> "~1". Use it when building pointers from object keys.
std::string escape_pointer_token(std::string_view token);

// Where each value of a JSON text starts, keyed by JSON pointer
// ("" is the root, "/actors/RU/hawkishness", "/events/0/date").
// Lines and columns are 1-based; columns count UTF-8 code points.
class PositionIndex {
 public:
  // An object key that occurs more than once in the same object.
  struct DuplicateKey {
    std::string pointer;  // pointer of the repeated member
    std::string key;      // decoded key
    int line = 0;         // where this occurrence of the key starts
    int column = 0;
    int first_line = 0;  // where the first occurrence starts
    int first_column = 0;
  };

  PositionIndex() = default;

  // Scans text that nlohmann already accepted (number tokens are only
  // skipped, so out-of-range numbers are fine). A malformed text is indexed
  // up to the point where it stops making sense, never beyond. Repeated keys
  // are appended to *duplicates when given; the index keeps the first
  // occurrence. Values nested deeper than kMaxIndexedDepth are not indexed
  // (lookups fall back to an ancestor): it bounds what the pointers cost.
  static PositionIndex build(std::string_view text, std::vector<DuplicateKey>* duplicates = nullptr);

  static constexpr std::size_t kMaxIndexedDepth = 256;

  // Where the value at pointer starts: {line, column}.
  std::optional<std::pair<int, int>> value_pos(std::string_view pointer) const;
  // Where the key of an object member starts (its opening quote); nullopt
  // for the root, array elements and unknown pointers.
  std::optional<std::pair<int, int>> key_pos(std::string_view pointer) const;
  // Pointer of the value whose first byte is at byte_offset of the text.
  std::optional<std::string> pointer_at_offset(std::size_t byte_offset) const;

  // A diagnostic about pointer: path is pointer itself, the position is its
  // key's, else its value's, else that of its nearest indexed ancestor.
  Diagnostic at(const std::string& file, std::string_view pointer, std::string message) const;

  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    int line = 0;
    int column = 0;
    int key_line = 0;  // 0 when the value has no key
    int key_column = 0;
    std::size_t offset = 0;  // byte offset of the value in the text
  };
  class Scanner;  // defined in json_source.cpp

  std::map<std::string, Entry, std::less<>> entries_;
  // Values under a repeated key, which entries_ does not keep; only so that
  // pointer_at_offset can name them in the error that follows.
  std::vector<std::pair<std::size_t, std::string>> shadowed_;
};

// A parsed JSON document together with what is needed to point back into it.
struct JsonSource {
  std::string file;              // label used in diagnostics (path as given)
  std::string text;              // the text as parsed, without a UTF-8 BOM
  nlohmann::ordered_json value;  // always an object
  PositionIndex positions;       // positions within text
};

// Reads and parses a file. Throws InputError when it cannot be read or its
// content is rejected by parse_json_text.
JsonSource load_json_file(const std::string& path);

// Parses text whose top level must be an object. Throws InputError for
// invalid UTF-8, empty text, invalid JSON (including NaN/Infinity), a
// non-object top level, duplicate keys and numbers too large for a double;
// the last three kinds are collected, so one error lists all of them.
JsonSource parse_json_text(std::string text, std::string file_label);

}  // namespace simrun
