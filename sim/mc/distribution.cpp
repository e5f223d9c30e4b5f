#include "mc/distribution.h"

#include <algorithm>
#include <boost/random/beta_distribution.hpp>
#include <boost/random/discrete_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/triangle_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <cmath>
#include <limits>

namespace simrun {
namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
}  // namespace

const std::vector<DistributionKind>& distribution_kinds() {
  using K = Distribution::Kind;
  static const std::vector<DistributionKind> kinds = {
      {K::Uniform, "uniform", {"min", "max"}, {}},
      {K::Normal, "normal", {"mean", "sd"}, {}},
      {K::TruncatedNormal, "truncated_normal", {"mean", "sd", "min", "max"}, {}},
      {K::Lognormal, "lognormal", {"mu", "sigma"}, {}},
      {K::Beta, "beta", {"alpha", "beta"}, {"min", "max"}},
      {K::Triangular, "triangular", {"min", "mode", "max"}, {}},
      {K::Discrete, "discrete", {"values", "weights"}, {}},
  };
  return kinds;
}

std::string distribution_kind_names() {
  std::string s;
  for (const auto& k : distribution_kinds()) s += (s.empty() ? "" : ", ") + std::string(k.name);
  return s;
}

double Distribution::sample(Engine& rng) const {
  switch (kind) {
    case Kind::Uniform:
      // Boost's sampler draws until the value falls below max: never when
      // min == max.
      if (a == b) return a;
      return boost::random::uniform_real_distribution<double>(a, b)(rng);
    case Kind::Normal:
      return boost::random::normal_distribution<double>(a, b)(rng);
    case Kind::TruncatedNormal: {
      // Rejection: validation guarantees the interval holds at least 1e-3 of
      // the mass, so the expected number of draws is at most 1000.
      boost::random::normal_distribution<double> n(a, b);
      for (;;) {
        const double x = n(rng);
        if (x >= lo && x <= hi) return x;
      }
    }
    case Kind::Lognormal:
      return boost::random::lognormal_distribution<double>(a, b)(rng);
    case Kind::Beta:
      // lo + (hi - lo) * 1 may round past hi.
      return std::clamp(lo + (hi - lo) * boost::random::beta_distribution<double>(a, b)(rng), lo, hi);
    case Kind::Triangular:
      if (a == b) return a;
      return std::clamp(boost::random::triangle_distribution<double>(a, c, b)(rng), a, b);
    case Kind::Discrete: {
      boost::random::discrete_distribution<int, double> d(weights.begin(), weights.end());
      return values[static_cast<std::size_t>(d(rng))];
    }
  }
  return a;
}

double Distribution::support_min() const {
  switch (kind) {
    case Kind::Uniform:
    case Kind::Triangular:
      return a;
    case Kind::Normal:
      return -kInf;
    case Kind::TruncatedNormal:
    case Kind::Beta:
      return lo;
    case Kind::Lognormal:
      return 0;
    case Kind::Discrete:
      return values.empty() ? kInf : *std::min_element(values.begin(), values.end());
  }
  return -kInf;
}

double Distribution::support_max() const {
  switch (kind) {
    case Kind::Uniform:
    case Kind::Triangular:
      return b;
    case Kind::Normal:
    case Kind::Lognormal:
      return kInf;
    case Kind::TruncatedNormal:
    case Kind::Beta:
      return hi;
    case Kind::Discrete:
      return values.empty() ? -kInf : *std::max_element(values.begin(), values.end());
  }
  return kInf;
}

}  // namespace simrun
