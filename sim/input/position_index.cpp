#include "input/position_index.h"

#include <algorithm>

namespace simrun {

std::string escape_pointer_token(std::string_view token) {
  std::string out;
  for (const char c : token) out += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
  return out;
}

std::optional<std::size_t> PositionIndex::child(std::size_t parent, std::string_view token) const {
  const auto it = children_.find({parent, std::string(token)});
  return it == children_.end() ? std::nullopt : std::optional(it->second);
}

std::optional<std::size_t> PositionIndex::find(std::string_view pointer, bool exact) const {
  if (nodes_.empty() || (!pointer.empty() && pointer[0] != '/')) return std::nullopt;
  std::size_t node = 0;
  while (!pointer.empty()) {
    pointer.remove_prefix(1);
    const std::size_t slash = std::min(pointer.find('/'), pointer.size());
    const auto next = child(node, pointer.substr(0, slash));
    if (!next) return exact ? std::nullopt : std::optional(node);
    node = *next;
    pointer.remove_prefix(slash);
  }
  return node;
}

std::optional<std::pair<int, int>> PositionIndex::value_pos(std::string_view pointer) const {
  const auto node = find(pointer, true);
  if (!node) return std::nullopt;
  return std::pair(nodes_[*node].line, nodes_[*node].column);
}

std::optional<std::pair<int, int>> PositionIndex::key_pos(std::string_view pointer) const {
  const auto node = find(pointer, true);
  if (!node || nodes_[*node].key_line == 0) return std::nullopt;
  return std::pair(nodes_[*node].key_line, nodes_[*node].key_column);
}

Diagnostic PositionIndex::at(const std::string& file, std::string_view pointer, std::string message) const {
  Diagnostic d{file, 0, 0, std::string(pointer), std::move(message)};
  if (const auto node = find(pointer, false)) {
    const Node& n = nodes_[*node];
    d.line = n.key_line != 0 ? n.key_line : n.line;
    d.column = n.key_line != 0 ? n.key_column : n.column;
  }
  return d;
}

}  // namespace simrun
