#pragma once
// Uncertain parameters: a distribution given in a scenario file and sampled
// once per run. Sampling uses Boost.Random's distributions, whose outputs are
// pinned by known-answer tests (tests/mc/test_random_known_answers.cpp)
// because they may change between library versions.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "util/random.h"

namespace simrun {

struct Distribution {
  enum class Kind { Uniform, Normal, TruncatedNormal, Lognormal, Beta, Triangular, Discrete };
  Kind kind = Kind::Uniform;
  double a = 0, b = 1, c = 0;  // meaning per kind, see from_json
  double lo = 0, hi = 1;       // support (truncation bounds, or the range of a scaled beta)
  std::vector<double> values, weights;

  double sample(Engine& rng) const;
  // Smallest and largest value the distribution can produce (may be infinite).
  double support_min() const;
  double support_max() const;
};

// The kinds and their parameter names, as written in scenario files.
struct DistributionForm {
  const char* name;
  std::vector<const char*> required;
  std::vector<const char*> optional;
};
const std::vector<DistributionForm>& distribution_forms();

// Parses {"dist": ..., ...}. On failure returns false and appends one message
// per problem (with the JSON pointer suffix it concerns, e.g. "/max") to
// `errors`.
struct DistributionError {
  std::string suffix;  // pointer below the distribution object, or ""
  std::string message;
};
bool parse_distribution(const nlohmann::ordered_json& j, Distribution& out, std::vector<DistributionError>& errors);

}  // namespace simrun
