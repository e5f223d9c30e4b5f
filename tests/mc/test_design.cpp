// Sweep designs: the grid's order, the explicit list's validation, the
// stratification of Latin hypercubes and Sobol' nets, the Saltelli block
// layout and the Morris trajectories, each checked point by point.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "mc/design.h"

using namespace simrun;
using namespace simrun::mc;

namespace {

// The message of the std::invalid_argument that `f` throws ("" if none).
template <class F>
std::string refusal(F&& f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

std::vector<Factor> unit_factors(std::size_t d) {
  std::vector<Factor> out;
  for (std::size_t i = 0; i < d; ++i) out.push_back(range_factor(std::string("x").append(std::to_string(i)), 0, 1));
  return out;
}

// Every column of the n x d matrix has exactly one value in each [k/n, (k+1)/n).
void expect_stratified(const std::vector<double>& m, std::size_t n, std::size_t d, const std::string& what) {
  for (std::size_t i = 0; i < d; ++i) {
    std::vector<int> hits(n, 0);
    for (std::size_t p = 0; p < n; ++p) {
      const double u = m[p * d + i];
      ASSERT_GT(u, 0.0) << what;
      ASSERT_LT(u, 1.0) << what;
      ++hits[static_cast<std::size_t>(std::floor(u * static_cast<double>(n)))];
    }
    for (std::size_t k = 0; k < n; ++k) EXPECT_EQ(hits[k], 1) << what << ": column " << i << ", stratum " << k;
  }
}

}  // namespace

TEST(Design, FactorsMapUnitCoordinatesToValues) {
  const Factor r = range_factor("r", -2, 6);
  EXPECT_DOUBLE_EQ(r.value_at(0.25), 0.0);
  EXPECT_DOUBLE_EQ(r.value_at(1.0), 6.0);
  const Factor l = level_factor("l", {5, 7, 11});
  EXPECT_EQ(l.value_at(0.0), 5);
  EXPECT_EQ(l.value_at(0.34), 7);  // floor(0.34 * 3) = 1
  EXPECT_EQ(l.value_at(0.99), 11);
  EXPECT_EQ(l.value_at(1.0), 11);  // the top edge belongs to the last level
  const Factor e = distribution_factor("e", [](double u) { return -std::log1p(-u); });  // exponential(1)
  EXPECT_DOUBLE_EQ(e.value_at(0.5), std::log(2.0));
}

TEST(Design, FactorsAreValidated) {
  EXPECT_EQ(refusal([] { range_factor("r", 1, 1); }),
            "factor 'r': a range needs finite bounds with lower < upper (got 1.000000, 1.000000)");
  EXPECT_EQ(refusal([] { range_factor("r", 0, INFINITY); }),
            "factor 'r': a range needs finite bounds with lower < upper (got 0.000000, inf)");
  EXPECT_EQ(refusal([] { level_factor("l", {}); }), "factor 'l': a level list needs at least one level");
  EXPECT_EQ(refusal([] { level_factor("l", {1, NAN}); }), "factor 'l': level 1 is not finite");
  EXPECT_EQ(refusal([] { distribution_factor("d", nullptr); }), "factor 'd': a distribution needs an inverse CDF");
  EXPECT_EQ(refusal([] {
              monte_carlo({range_factor("a", 0, 1), range_factor("a", 0, 2)}, 4, 1);
            }),
            "monte-carlo design: factor 'a' appears twice");
  EXPECT_EQ(refusal([] { latin_hypercube({}, 4, 1); }), "latin-hypercube design: no factors");
  EXPECT_EQ(refusal([] { latin_hypercube(unit_factors(2), 0, 1); }), "latin-hypercube design: no points");
  EXPECT_EQ(refusal([] { monte_carlo(unit_factors(2), 0, 1); }), "monte-carlo design: no points");
}

TEST(Design, FullFactorialHasEveryCombinationFirstFactorSlowest) {
  const std::vector<double> a = {1, 2}, b = {10, 20, 30}, c = {-1, -2};
  const Design d = full_factorial({level_factor("a", a), level_factor("b", b), level_factor("c", c)});
  EXPECT_EQ(d.kind, DesignKind::Grid);
  ASSERT_EQ(d.points, 12u);
  ASSERT_EQ(d.values.size(), 36u);
  std::size_t p = 0;
  for (double va : a)
    for (double vb : b)
      for (double vc : c) {
        EXPECT_EQ(d.row(p)[0], va) << "point " << p;
        EXPECT_EQ(d.row(p)[1], vb) << "point " << p;
        EXPECT_EQ(d.row(p)[2], vc) << "point " << p;
        ++p;
      }
  // Unit coordinates sit mid-cell, so mapping them back picks the same level.
  EXPECT_DOUBLE_EQ(d.unit[5 * 3 + 1], 2.5 / 3);
  EXPECT_EQ(refusal([] {
              full_factorial({level_factor("a", {1}), range_factor("r", 0, 1)});
            }),
            "grid design: factor 'r' is not a level list");
}

TEST(Design, PointListChecksShapeAndValues) {
  auto factors = [] { return std::vector<Factor>{range_factor("r", 0, 1), level_factor("l", {2, 4})}; };
  const Design d = point_list(factors(), {{0.5, 2}, {1, 4}, {0, 2}});
  EXPECT_EQ(d.points, 3u);
  EXPECT_EQ(d.values, (std::vector<double>{0.5, 2, 1, 4, 0, 2}));
  EXPECT_TRUE(d.unit.empty());
  EXPECT_EQ(refusal([&] {
              point_list(factors(), {{0.5, 2}, {0.5}});
            }),
            "points design: point 1 has 1 values for 2 factors");
  EXPECT_EQ(refusal([&] {
              point_list(factors(), {{1.5, 2}});
            }),
            "points design: point 0, factor 'r': 1.500000 is outside [0.000000, 1.000000]");
  EXPECT_EQ(refusal([&] {
              point_list(factors(), {{0.5, 3}});
            }),
            "points design: point 0, factor 'l': 3.000000 is not one of its levels");
  EXPECT_EQ(refusal([&] {
              point_list(factors(), {{NAN, 2}});
            }),
            "points design: point 0, factor 'r': value is not finite");
}

TEST(Design, MonteCarloIsReproducibleAndExtendable) {
  const Design a = monte_carlo({range_factor("r", 10, 20), level_factor("l", {1, 2, 3})}, 50, 7);
  const Design b = monte_carlo({range_factor("r", 10, 20), level_factor("l", {1, 2, 3})}, 80, 7);
  const Design c = monte_carlo({range_factor("r", 10, 20), level_factor("l", {1, 2, 3})}, 50, 8);
  EXPECT_TRUE(std::equal(a.values.begin(), a.values.end(), b.values.begin())) << "a prefix of the longer sample";
  EXPECT_NE(a.values, c.values) << "another seed, another sample";
  std::set<double> levels;
  for (std::size_t p = 0; p < a.points; ++p) {
    EXPECT_DOUBLE_EQ(a.value(p, 0), 10 + 10 * a.unit[p * 2]);
    levels.insert(a.value(p, 1));
  }
  EXPECT_EQ(levels, (std::set<double>{1, 2, 3}));
}

TEST(Design, LatinHypercubeHitsEveryStratumOnce) {
  for (std::size_t n : {1u, 7u, 64u, 1000u}) {
    const Design d = latin_hypercube(unit_factors(4), n, 3);
    ASSERT_EQ(d.points, n);
    expect_stratified(d.unit, n, 4, "n " + std::to_string(n));
  }
  // Columns are permuted independently, and the seed decides.
  const Design d = latin_hypercube(unit_factors(2), 64, 3);
  int same = 0;
  for (std::size_t p = 0; p < 64; ++p) same += std::floor(d.unit[2 * p] * 64) == std::floor(d.unit[2 * p + 1] * 64);
  EXPECT_LT(same, 8);
  EXPECT_NE(d.unit, latin_hypercube(unit_factors(2), 64, 4).unit);
}

TEST(Design, DistributionFactorsTakeTheirInverseCdf) {
  const auto icdf = [](double u) { return -2.0 * std::log1p(-u); };  // exponential, mean 2
  const Design d = latin_hypercube({distribution_factor("e", icdf)}, 100, 1);
  for (std::size_t p = 0; p < d.points; ++p) EXPECT_EQ(d.value(p, 0), icdf(d.unit[p]));
  // An unbounded distribution has no value at the Morris grid's end points.
  EXPECT_EQ(refusal([&] { morris({distribution_factor("e", icdf)}, {}); }).substr(0, 58),
            "morris design: factor 'e' has no finite value at unit coor");
}

TEST(Design, SobolSequenceMatchesKnownPoints) {
  // Gray-code order: 0, then (1/2, 1/2), (3/4, 1/4), (1/4, 3/4), (3/8, 3/8).
  const std::vector<double> p = sobol_points(2, 0, 5, false, 0);
  const double want[5][2] = {{0, 0}, {0.5, 0.5}, {0.75, 0.25}, {0.25, 0.75}, {0.375, 0.375}};
  for (int k = 0; k < 5; ++k)
    for (int j = 0; j < 2; ++j) EXPECT_NEAR(p[2 * k + j], want[k][j], 1e-15) << "point " << k << " dim " << j;
  EXPECT_GT(p[0], 0.0) << "the origin is moved to the middle of its cell";
}

TEST(Design, SobolBlocksAreBalancedNets) {
  const std::size_t d = 12;
  for (bool scramble : {false, true})
    for (std::size_t n : {16u, 256u})
      for (std::uint64_t k0 : {std::uint64_t{0}, std::uint64_t{n}, std::uint64_t{3 * n}}) {
        const std::vector<double> p = sobol_points(d, k0, n, scramble, 11);
        const std::string what =
            "n " + std::to_string(n) + " k0 " + std::to_string(k0) + (scramble ? " scrambled" : "");
        expect_stratified(p, n, d, what);
        // The first two dimensions form a (0, m, 2)-net: every dyadic box of
        // area 1/n holds one point.
        for (std::size_t rows = 1; rows <= n; rows *= 2) {
          std::vector<int> hits(n, 0);
          for (std::size_t k = 0; k < n; ++k) {
            const auto x = static_cast<std::size_t>(p[k * d] * static_cast<double>(rows));
            const auto y = static_cast<std::size_t>(p[k * d + 1] * static_cast<double>(n / rows));
            ++hits[x * (n / rows) + y];
          }
          EXPECT_EQ(*std::min_element(hits.begin(), hits.end()), 1) << what << " boxes " << rows;
        }
      }
  EXPECT_NE(sobol_points(3, 0, 8, true, 1), sobol_points(3, 0, 8, true, 2));
  EXPECT_EQ(sobol_points(3, 0, 8, true, 1), sobol_points(3, 0, 8, true, 1));
}

TEST(Design, SaltelliBlocksTakeColumnsFromAAndB) {
  for (bool second : {false, true}) {
    const std::size_t n = 16, dims = 3;
    const Design d = saltelli(unit_factors(dims), {n, second, true, 5});
    ASSERT_TRUE(d.saltelli);
    const SaltelliLayout& l = *d.saltelli;
    EXPECT_EQ(d.points, n * (second ? 2 * dims + 2 : dims + 2));
    EXPECT_EQ(l.points(), d.points);
    auto u = [&](SaltelliBlock b, std::size_t i, std::size_t j, std::size_t col) {
      return d.unit[l.point(b, i, j) * dims + col];
    };
    using enum SaltelliBlock;
    for (std::size_t j = 0; j < n; ++j)
      for (std::size_t i = 0; i < dims; ++i)
        for (std::size_t c = 0; c < dims; ++c) {
          EXPECT_NE(u(A, 0, j, c), u(B, 0, j, c));
          EXPECT_EQ(u(AB, i, j, c), c == i ? u(B, 0, j, c) : u(A, 0, j, c)) << "AB_" << i << " row " << j;
          if (second) {
            EXPECT_EQ(u(BA, i, j, c), c == i ? u(A, 0, j, c) : u(B, 0, j, c)) << "BA_" << i << " row " << j;
          }
        }
    for (std::size_t p = 0; p < l.points(); ++p) {
      const auto at = l.locate(p);
      EXPECT_EQ(l.point(at.block, at.factor, at.row), p);
    }
    // A and B together are the 2D-dimensional net: each column stratified.
    std::vector<double> ab(n * 2 * dims);
    for (std::size_t j = 0; j < n; ++j)
      for (std::size_t c = 0; c < dims; ++c) {
        ab[j * 2 * dims + c] = u(A, 0, j, c);
        ab[j * 2 * dims + dims + c] = u(B, 0, j, c);
      }
    expect_stratified(ab, n, 2 * dims, "A and B");
  }
  const Design d = saltelli(unit_factors(2), {8, true, true, 0});
  EXPECT_EQ(d.saltelli->locate(8 * 5 + 3).block, SaltelliBlock::BA);
  EXPECT_EQ(d.saltelli->locate(8 * 5 + 3).factor, 1u);
  EXPECT_EQ(d.saltelli->locate(8 * 5 + 3).row, 3u);
}

TEST(Design, SaltelliRefusesRowsThatAreNotAPowerOfTwo) {
  EXPECT_EQ(refusal([] {
              saltelli(unit_factors(2), {1000, false, true, 0});
            }),
            "saltelli design: the number of base rows N must be a power of two of at least 2 (got 1000)");
  EXPECT_EQ(refusal([] {
              saltelli(unit_factors(2), {1, false, true, 0});
            }),
            "saltelli design: the number of base rows N must be a power of two of at least 2 (got 1)");
  EXPECT_EQ(refusal([] {
              saltelli(unit_factors(1834), {8, false, true, 0});
            }),
            "saltelli design: 1834 factors; at most 1833 are supported");
}

TEST(Design, MorrisTrajectoriesMoveOneFactorAtATimeOnTheGrid) {
  const std::size_t r = 40, dims = 5;
  const int p = 6;
  const Design d = morris(unit_factors(dims), {r, p, 9});
  ASSERT_TRUE(d.morris);
  const MorrisLayout& m = *d.morris;
  const double delta = 6.0 / 10.0;
  EXPECT_DOUBLE_EQ(m.delta, delta);
  ASSERT_EQ(d.points, r * (dims + 1));
  std::set<int> first_moved, directions;
  for (std::size_t t = 0; t < r; ++t) {
    std::set<std::size_t> moved;
    for (std::size_t k = 0; k <= dims; ++k)
      for (std::size_t i = 0; i < dims; ++i) {
        const double level = d.unit[m.point(t, k) * dims + i] * (p - 1);
        EXPECT_NEAR(level, std::round(level), 1e-12) << "on the grid";
        EXPECT_GE(level, -1e-12);
        EXPECT_LE(level, p - 1 + 1e-12);
      }
    for (std::size_t k = 1; k <= dims; ++k) {
      std::vector<std::size_t> changed;
      for (std::size_t i = 0; i < dims; ++i) {
        const double step = d.unit[m.point(t, k) * dims + i] - d.unit[m.point(t, k - 1) * dims + i];
        if (step != 0) {
          changed.push_back(i);
          EXPECT_NEAR(std::abs(step), delta, 1e-12);
          EXPECT_NEAR(step, m.step_delta[t * dims + k - 1], 1e-12);
          directions.insert(step > 0 ? 1 : -1);
        }
      }
      ASSERT_EQ(changed.size(), 1u) << "trajectory " << t << " step " << k;
      EXPECT_EQ(changed[0], m.step_factor[t * dims + k - 1]);
      moved.insert(changed[0]);
      if (k == 1) first_moved.insert(static_cast<int>(changed[0]));
    }
    EXPECT_EQ(moved.size(), dims) << "every factor moves once in trajectory " << t;
  }
  EXPECT_EQ(directions.size(), 2u) << "both directions occur";
  EXPECT_GT(first_moved.size(), 2u) << "the order of the factors is random";
  EXPECT_EQ(refusal([] {
              morris(unit_factors(2), {4, 3, 0});
            }),
            "morris design: the number of grid levels p must be even and at least 2 (got 3)");
}
