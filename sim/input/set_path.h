#pragma once
// Paths in --set syntax (actors.RU.hawkishness, events.0.day), resolved
// against the scenario format and a scenario document. --set, sweep factors
// (through --set) and the paths of parameter_sets all name fields this way.
#include <nlohmann/json.hpp>
#include <string>

#include "input/scenario_spec.h"

namespace simrun::input {

struct PathTarget {
  std::string pointer;           // the JSON pointer the path names, e.g. /actors/RU/hawkishness
  const Field* field = nullptr;  // its spec; nullptr inside a value (a parameter of a distribution)
  BindIndex index;               // the actor and list item the field belongs to
};

// Resolves PATH: object keys by name (an unknown key is an error with a
// suggestion), array elements by index from 0 (one past the end of the array
// in `doc` is an error), then, inside a value such as a distribution object,
// its members as `doc` has them. Returns "" or the error message.
std::string resolve_path(const nlohmann::ordered_json& doc, const std::string& path, PathTarget& out);

}  // namespace simrun::input
