// Distribution::quantile: known values of every kind, the ends of the
// support, and agreement with the sampler (the empirical CDF of fixed-seed
// draws at quantile(u) is u).
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

#include "mc/distribution.h"
#include "util/random.h"

namespace simrun {
namespace {

using K = Distribution::Kind;
constexpr double kInf = std::numeric_limits<double>::infinity();

Distribution make(K kind, double a, double b, double c = 0, double lo = 0, double hi = 1) {
  Distribution d;
  d.kind = kind;
  d.a = a;
  d.b = b;
  d.c = c;
  d.lo = lo;
  d.hi = hi;
  return d;
}

Distribution discrete(std::vector<double> values, std::vector<double> weights) {
  Distribution d;
  d.kind = K::Discrete;
  d.values = std::move(values);
  d.weights = std::move(weights);
  return d;
}

TEST(DistributionQuantile, KnownValues) {
  EXPECT_DOUBLE_EQ(make(K::Uniform, 0.2, 0.8).quantile(0.25), 0.35);
  EXPECT_NEAR(make(K::Normal, 0, 1).quantile(0.975), 1.959963984540054, 1e-12);
  EXPECT_NEAR(make(K::Normal, 5, 2).quantile(0.8413447460685429), 7, 1e-9);
  // A normal truncated to [0, 10] is nearly the half-normal: median Phi^-1(0.75).
  EXPECT_NEAR(make(K::TruncatedNormal, 0, 1, 0, 0, 10).quantile(0.5), 0.6744897501960817, 1e-9);
  EXPECT_NEAR(make(K::Lognormal, 0, 1).quantile(0.5), 1, 1e-12);
  EXPECT_NEAR(make(K::Lognormal, 1, 0.5).quantile(0.975), std::exp(1 + 0.5 * 1.959963984540054), 1e-9);
  EXPECT_NEAR(make(K::Beta, 2, 2).quantile(0.5), 0.5, 1e-12);
  // Beta(2, 1) has CDF x^2; scaled to [10, 20].
  EXPECT_NEAR(make(K::Beta, 2, 1, 0, 10, 20).quantile(0.25), 15, 1e-9);
  EXPECT_NEAR(make(K::Beta, 1, 1, 0, -1, 1).quantile(0.25), -0.5, 1e-12);
  // Triangular (min a, max b, mode c): CDF at the mode is (c - a) / (b - a).
  EXPECT_NEAR(make(K::Triangular, 30, 330, 120).quantile(0.3), 120, 1e-9);
  EXPECT_NEAR(make(K::Triangular, 0, 1, 0).quantile(0.75), 0.5, 1e-12);
  EXPECT_EQ(make(K::Triangular, 4, 4, 4).quantile(0.3), 4);
}

TEST(DistributionQuantile, DiscreteTakesValuesInAscendingOrder) {
  // Sorted: 1 (1/4), 2 (1/2), 3 (1/4); cumulative 0.25, 0.75, 1.
  const Distribution d = discrete({3, 1, 2}, {1, 1, 2});
  EXPECT_EQ(d.quantile(0), 1);
  EXPECT_EQ(d.quantile(0.1), 1);
  EXPECT_EQ(d.quantile(0.25), 2);  // the first whose cumulative weight exceeds u
  EXPECT_EQ(d.quantile(0.74), 2);
  EXPECT_EQ(d.quantile(0.8), 3);
  EXPECT_EQ(d.quantile(1), 3);
  // A value of weight 0 is never the answer.
  const Distribution z = discrete({0, 5, 9}, {0, 1, 0});
  EXPECT_EQ(z.quantile(0), 5);
  EXPECT_EQ(z.quantile(1), 5);
}

TEST(DistributionQuantile, EndsOfTheSupport) {
  EXPECT_EQ(make(K::Normal, 0, 1).quantile(0), -kInf);
  EXPECT_EQ(make(K::Normal, 0, 1).quantile(1), kInf);
  EXPECT_EQ(make(K::Lognormal, 0, 1).quantile(0), 0);
  EXPECT_EQ(make(K::Uniform, 2, 3).quantile(1), 3);
  EXPECT_EQ(make(K::Beta, 2, 3, 0, 5, 6).quantile(0), 5);
  EXPECT_EQ(make(K::TruncatedNormal, 0, 1, 0, -1, 2).quantile(1), 2);
  EXPECT_TRUE(std::isnan(make(K::Uniform, 0, 1).quantile(std::nan(""))));
  // Far in the tails the values stay finite and ordered.
  const Distribution n = make(K::Normal, 0, 1);
  EXPECT_TRUE(std::isfinite(n.quantile(1e-300)));
  EXPECT_LT(n.quantile(1e-300), n.quantile(1e-10));
}

// P(X <= quantile(u)) from 20,000 draws is u within 0.02, and (for atoms)
// P(X < quantile(u)) <= u <= P(X <= quantile(u)).
void expect_matches_sampler(const Distribution& d, const char* label) {
  Engine rng = make_stream(20241225, 0, "test:quantile");
  std::vector<double> draws(20000);
  for (auto& x : draws) x = d.sample(rng);
  std::sort(draws.begin(), draws.end());
  const double n = static_cast<double>(draws.size());
  for (double u : {0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95}) {
    const double q = d.quantile(u);
    const double at_most = static_cast<double>(std::upper_bound(draws.begin(), draws.end(), q) - draws.begin()) / n;
    const double below = static_cast<double>(std::lower_bound(draws.begin(), draws.end(), q) - draws.begin()) / n;
    EXPECT_LE(below, u + 0.02) << label << " at u = " << u << " (quantile " << q << ")";
    EXPECT_GE(at_most, u - 0.02) << label << " at u = " << u << " (quantile " << q << ")";
    if (d.kind != K::Discrete) {
      EXPECT_NEAR(at_most, u, 0.02) << label << " at u = " << u;
    }
  }
}

TEST(DistributionQuantile, AgreesWithTheSampler) {
  expect_matches_sampler(make(K::Uniform, -3, 7), "uniform");
  expect_matches_sampler(make(K::Normal, 2, 3), "normal");
  expect_matches_sampler(make(K::TruncatedNormal, 0.3, 0.2, 0, 0, 0.4), "truncated normal");
  expect_matches_sampler(make(K::TruncatedNormal, 0, 1, 0, 1.5, 4), "truncated normal (upper tail)");
  expect_matches_sampler(make(K::Lognormal, 1, 0.7), "lognormal");
  expect_matches_sampler(make(K::Beta, 2, 5, 0, 10, 30), "beta");
  expect_matches_sampler(make(K::Beta, 0.5, 0.5), "beta (U-shaped)");
  expect_matches_sampler(make(K::Triangular, 30, 330, 120), "triangular");
  expect_matches_sampler(discrete({3, 1, 2, 8}, {1, 1, 2, 0.5}), "discrete");
}

}  // namespace
}  // namespace simrun
