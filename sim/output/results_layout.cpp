#include "output/results_layout.h"

#include <stdexcept>

namespace simrun::output {

const DatasetDef& layout(std::string_view group, std::string_view name) {
  for (const auto& d : kLayout)
    if (d.group == group && d.name == name) return d;
  throw std::logic_error("results layout has no dataset " + std::string(group) + "/" + std::string(name));
}

std::string expand(std::string_view text, std::string_view key, std::string_view value) {
  std::string token = "{";
  token.append(key).append("}");
  std::string out(text);
  for (auto p = out.find(token); p != std::string::npos; p = out.find(token, p + value.size()))
    out.replace(p, token.size(), value);
  return out;
}

}  // namespace simrun::output
