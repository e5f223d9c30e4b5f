#pragma once
// Where each value of a parsed JSON text starts, so that later stages can
// point a user back into the text by JSON pointer.
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/diagnostics.h"

namespace simrun {

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

}  // namespace simrun
