#include "mc/distribution.h"

#include <algorithm>
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/triangular.hpp>
#include <boost/random/beta_distribution.hpp>
#include <boost/random/discrete_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/triangle_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <cmath>
#include <limits>
#include <utility>

namespace simrun {
namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();

// Quantiles are asked for inside (0, 1) only (the ends are the support's),
// so Boost has nothing to report; its errors become values, never throws.
namespace bmp = boost::math::policies;
using QuantilePolicy = bmp::policy<bmp::domain_error<bmp::ignore_error>, bmp::overflow_error<bmp::ignore_error>,
                                   bmp::evaluation_error<bmp::ignore_error>>;

// Values in ascending order with their weights (normalised) accumulated:
// the first value whose cumulative weight exceeds u.
double discrete_quantile(const std::vector<double>& values, const std::vector<double>& weights, double u) {
  std::vector<std::pair<double, double>> sorted;
  double total = 0;
  for (std::size_t i = 0; i < values.size() && i < weights.size(); ++i) {
    if (!(weights[i] > 0)) continue;
    sorted.emplace_back(values[i], weights[i]);
    total += weights[i];
  }
  if (sorted.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::sort(sorted.begin(), sorted.end());
  double cumulative = 0;
  for (const auto& [value, weight] : sorted) {
    cumulative += weight / total;
    if (cumulative > u) return value;
  }
  return sorted.back().first;
}

// The normal quantile restricted to [lo, hi]: Phi^-1 of u rescaled to the
// interval's share of the mass.
double truncated_normal_quantile(double mean, double sd, double lo, double hi, double u) {
  const boost::math::normal_distribution<double, QuantilePolicy> n(mean, sd);
  const double p_lo = boost::math::cdf(n, lo), p_hi = boost::math::cdf(n, hi);
  const double p = p_lo + u * (p_hi - p_lo);
  if (!(p > 0 && p < 1)) return p <= 0 ? lo : hi;
  return std::clamp(boost::math::quantile(n, p), lo, hi);
}
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

double Distribution::quantile(double u) const {
  if (std::isnan(u)) return u;
  if (kind == Kind::Discrete) return discrete_quantile(values, weights, u);
  if (u <= 0) return support_min();
  if (u >= 1) return support_max();
  switch (kind) {
    case Kind::Uniform:
      return std::min(a + u * (b - a), b);
    case Kind::Normal:
      return boost::math::quantile(boost::math::normal_distribution<double, QuantilePolicy>(a, b), u);
    case Kind::TruncatedNormal:
      return truncated_normal_quantile(a, b, lo, hi, u);
    case Kind::Lognormal:
      return boost::math::quantile(boost::math::lognormal_distribution<double, QuantilePolicy>(a, b), u);
    case Kind::Beta:
      return std::clamp(
          lo + (hi - lo) * boost::math::quantile(boost::math::beta_distribution<double, QuantilePolicy>(a, b), u), lo,
          hi);
    case Kind::Triangular:
      if (a == b) return a;
      return std::clamp(boost::math::quantile(boost::math::triangular_distribution<double, QuantilePolicy>(a, c, b), u),
                        a, b);
    case Kind::Discrete:
      break;
  }
  return std::numeric_limits<double>::quiet_NaN();
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
