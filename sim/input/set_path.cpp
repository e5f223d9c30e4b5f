#include "input/set_path.h"

#include <algorithm>

#include "input/position_index.h"
#include "input/scenario.h"
#include "model/actors.h"
#include "model/params.h"

namespace simrun::input {

using nlohmann::ordered_json;

namespace {

std::vector<std::string> split_dots(const std::string& s) {
  std::vector<std::string> out(1);
  for (char c : s) {
    if (c == '.')
      out.emplace_back();
    else
      out.back() += c;
  }
  return out;
}

// Digits without a leading zero, as a JSON pointer has them, and at most 9:
// an index that large is past any array, and std::stoul would throw on 20.
bool is_index(const std::string& token) {
  return token.size() <= 9 && (token.size() == 1 || token[0] != '0') &&
         std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The index a member of the spec gives the values below it.
void enter(const Field& m, BindIndex& idx) {
  if (m.role == IndexRole::ActorKey) idx.actor = *model::actor_index(m.name);
  if (m.role == IndexRole::KindKey)
    for (int k = 0; k < model::kNumKinds; ++k)
      if (m.name == model::kKindNames[static_cast<std::size_t>(k)]) idx.item = k;
}

}  // namespace

std::string resolve_path(const ordered_json& doc, const std::string& path, PathTarget& out) {
  const Field* f = &scenario_spec();
  bool element = false;       // f is an array whose index has been read: its members come next
  bool inside_value = false;  // descending into a value, e.g. a distribution object
  const ordered_json* cur = &doc;
  out = PathTarget{};
  for (const auto& token : split_dots(path)) {
    if (token.empty()) return "empty component in path \"" + path + "\"";
    const bool members = f->kind == FieldKind::Object || (f->kind == FieldKind::Array && element);
    if (!inside_value && members) {
      const Field* m = f->member(token);
      if (!m) {
        std::vector<std::string> names;
        for (const auto& x : f->members) names.push_back(x.name);
        const auto hint = did_you_mean(token, names);
        return "path \"" + path + "\" does not exist: no \"" + token + "\" in " +
               (out.pointer.empty() ? std::string("the scenario") : out.pointer) +
               (hint.empty() ? "" : "; did you mean \"" + hint + "\"?");
      }
      f = m;
      element = false;
      enter(*m, out.index);
    } else if (!inside_value && f->kind == FieldKind::Array) {
      const std::size_t n = cur && cur->is_array() ? cur->size() : 0;
      if (!is_index(token) || std::stoul(token) >= n)
        return "path \"" + path + "\" does not exist: " + out.pointer +
               (n == 0 ? " has no elements"
                       : " has " + std::to_string(n) + " elements; expected an index 0.." + std::to_string(n - 1));
      element = true;
      out.index.item = static_cast<int>(std::stoul(token));
    } else if (cur && cur->is_object() && cur->contains(token)) {
      inside_value = true;  // e.g. channels.oil_transit.max for a distribution
    } else {
      return "path \"" + path + "\" does not exist: " + out.pointer + " has no member \"" + token + "\"";
    }
    // Appended piece by piece: "/" + token trips GCC 12's false -Wrestrict here.
    out.pointer.append("/").append(escape_pointer_token(token));
    const ordered_json::json_pointer jp(out.pointer);
    cur = doc.contains(jp) ? &doc.at(jp) : nullptr;
  }
  // A path that ends on an array names the list, not one of its elements.
  out.field = inside_value ? nullptr : f;
  return "";
}

}  // namespace simrun::input
