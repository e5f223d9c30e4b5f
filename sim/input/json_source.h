#pragma once
// Loading a scenario's JSON text with errors a user can act on: every problem
// is reported with file, line, column (in code points) and, where there is
// one, JSON pointer; later stages point back into the text through
// PositionIndex. Limits on size, nesting and length keep the time, memory
// and stack a file can cost bounded, whatever it holds.
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/diagnostics.h"

namespace simrun {

// What parse_json_text accepts (docs/scenario-format.md, "Limits").
struct JsonLimits {
  static constexpr std::size_t kFileBytes = 16u << 20;    // a file or text
  static constexpr std::size_t kDepth = 64;               // nested objects and arrays
  static constexpr std::size_t kStringBytes = 64u << 10;  // one string value
  static constexpr std::size_t kKeyBytes = 1u << 10;      // one object key
  static constexpr std::size_t kEntries = 10000;          // elements of an array, members of an object
  static constexpr std::size_t kValues = 1000000;         // values in one text
};

// Escapes one reference token for a JSON pointer (RFC 6901): "~" -> "~0",
// "/" -> "~1". Use it when building pointers from object keys.
std::string escape_pointer_token(std::string_view token);

// Where each value of a parsed JSON text starts, by JSON pointer ("" is the
// root, "/actors/RU/hawkishness", "/events/0/date"). Lines and columns are
// 1-based; columns count UTF-8 code points. Stored as a tree of pointer
// tokens, so its size grows with the text, not with the depth of pointers.
class PositionIndex {
 public:
  // Where the value at pointer starts: {line, column}.
  std::optional<std::pair<int, int>> value_pos(std::string_view pointer) const;
  // Where the key of an object member starts (its opening quote); nullopt
  // for the root, array elements and unknown pointers.
  std::optional<std::pair<int, int>> key_pos(std::string_view pointer) const;

  // A diagnostic about pointer: path is pointer itself, the position is its
  // key's, else its value's, else that of its nearest indexed ancestor.
  Diagnostic at(const std::string& file, std::string_view pointer, std::string message) const;

  std::size_t size() const { return nodes_.size(); }

 private:
  friend class JsonBuilder;  // fills the index while parsing (json_source.cpp)

  struct Node {
    int line = 0;
    int column = 0;
    int key_line = 0;  // 0 when the value has no key
    int key_column = 0;
  };
  // Node of pointer, or of its deepest indexed ancestor when `exact` is false.
  std::optional<std::size_t> find(std::string_view pointer, bool exact) const;
  // Child `token` (an escaped pointer token) of node `parent`.
  std::optional<std::size_t> child(std::size_t parent, std::string_view token) const;

  std::vector<Node> nodes_;                                              // nodes_[0] is the root
  std::map<std::pair<std::size_t, std::string>, std::size_t> children_;  // (parent, token) -> node
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

}  // namespace simrun
