#pragma once
// Uncertain parameters: a distribution sampled once per run. The kinds are
// declared once (distribution_kinds()): the scenario parser, its messages
// and the generated JSON Schema read the same table. Sampling uses
// Boost.Random's distributions, whose outputs are pinned by known-answer
// tests (tests/mc/test_random_known_answers.cpp) because they may change
// between library versions.
#include <string>
#include <vector>

#include "util/random.h"

namespace simrun {

// Parameter ranges inside which Boost's samplers behave: every draw is a
// finite number inside [support_min(), support_max()] and sampling ends.
// Outside them the validator refuses the distribution (docs/scenario-format.md).
namespace distribution_limits {
// Below ~0.02 both gamma draws of Boost's beta sampler underflow to 0 often
// enough to return NaN (alpha = beta = 1e-3: a fifth of the draws).
constexpr double kBetaShapeMin = 0.05;
constexpr double kBetaShapeMax = 1e6;
// exp(mu + sigma * z) stays a positive finite double for any draw z.
constexpr double kLognormalMuMax = 100;  // |mu|
constexpr double kLognormalSigmaMax = 10;
// mean + sd * z stays finite.
constexpr double kNormalMax = 1e300;  // |mean| and sd of an untruncated normal
// A truncated normal keeps at least this share of the mass, so rejection
// sampling needs at most 1000 draws on average.
constexpr double kTruncatedNormalMassMin = 1e-3;
}  // namespace distribution_limits

struct Distribution {
  enum class Kind { Uniform, Normal, TruncatedNormal, Lognormal, Beta, Triangular, Discrete };
  Kind kind = Kind::Uniform;
  double a = 0, b = 1, c = 0;  // meaning per kind, see parse_distribution
  double lo = 0, hi = 1;       // support (truncation bounds, or the range of a scaled beta)
  std::vector<double> values, weights;

  double sample(Engine& rng) const;
  // The quantile function (inverse CDF) at u in [0, 1]: the value below which
  // a share u of draws falls. A beta is scaled to [lo, hi] and a truncated
  // normal restricted to [lo, hi], as sample() does; a discrete distribution
  // gives, in ascending order of value, the first value whose cumulative
  // (normalised) weight exceeds u (the largest value of positive weight at
  // u = 1). Otherwise u = 0 and u = 1 give the ends of the support (infinite
  // for unbounded kinds). NaN gives NaN.
  double quantile(double u) const;
  // Smallest and largest value the distribution can produce (may be
  // infinite). For a discrete distribution every listed value counts, whatever
  // its weight, so that the range check covers all of them.
  double support_min() const;
  double support_max() const;
};

// One kind of distribution as written in scenario files: its name, its
// parameters, and the Kind it parses to.
struct DistributionKind {
  Distribution::Kind kind;
  const char* name;
  std::vector<const char*> required;
  std::vector<const char*> optional;
};
const std::vector<DistributionKind>& distribution_kinds();

// "uniform, normal, ..." in table order, for messages.
std::string distribution_kind_names();

}  // namespace simrun
