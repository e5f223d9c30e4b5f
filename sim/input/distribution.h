#pragma once
// Parsing of a distribution given in a scenario file; the distribution
// itself, its kinds and sampling are in mc/distribution.h.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "mc/distribution.h"

namespace simrun {

// Parses {"dist": ..., ...}. On failure returns false and appends one message
// per problem (with the JSON pointer suffix it concerns, e.g. "/max") to
// `errors`.
struct DistributionError {
  std::string suffix;  // pointer below the distribution object, or ""
  std::string message;
};
bool parse_distribution(const nlohmann::ordered_json& j, Distribution& out, std::vector<DistributionError>& errors);

}  // namespace simrun
