#pragma once
// Designs of parameter sweeps: which points of the factor space a batch runs.
// Every design is built in the unit cube first and mapped to factor values
// through the factors, so the same sampling code serves ranges, level lists
// and any distribution the input layer can describe by its inverse CDF.
// Random designs draw from keyed streams (util/random.h): a design is
// reproducible from its seed alone. The estimators that read the outputs of
// these designs are in mc/sensitivity.h; docs/sweeps.md describes both.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace simrun::mc {

// Maps a uniform u in (0, 1) to a value of a factor.
using InverseCdf = std::function<double(double u)>;

struct Factor {
  enum class Kind { Range, Levels, Distribution };
  std::string name;
  Kind kind = Kind::Range;
  double lower = 0, upper = 1;  // Range
  std::vector<double> levels;   // Levels
  InverseCdf inverse_cdf;       // Distribution

  // The factor's value at unit-cube coordinate u: lower + u (upper - lower)
  // for a range, levels[min(floor(u k), k - 1)] for k levels, the inverse CDF
  // for a distribution.
  double value_at(double u) const;
};

// The three kinds of factor, validated (std::invalid_argument naming the factor).
Factor range_factor(std::string name, double lower, double upper);  // finite, lower < upper
Factor level_factor(std::string name, std::vector<double> levels);  // at least one, all finite
Factor distribution_factor(std::string name, InverseCdf inverse_cdf);

// The block of a Saltelli design a point belongs to. AB_i is A with column i
// taken from B; BA_i is B with column i taken from A (second order only).
enum class SaltelliBlock { A, B, AB, BA };

// Points are stored block after block: A, B, AB_0 .. AB_{D-1}, then (second
// order) BA_0 .. BA_{D-1}; row j of every block comes from row j of A and B.
struct SaltelliLayout {
  std::size_t rows = 0;     // N, a power of two
  std::size_t factors = 0;  // D
  bool second_order = false;

  struct Location {
    SaltelliBlock block = SaltelliBlock::A;
    std::size_t factor = 0;  // i of AB_i or BA_i; 0 for A and B
    std::size_t row = 0;     // j
  };
  std::size_t blocks() const { return second_order ? 2 * factors + 2 : factors + 2; }
  std::size_t points() const { return rows * blocks(); }
  Location locate(std::size_t point) const;
  std::size_t point(SaltelliBlock block, std::size_t factor, std::size_t row) const;
};

// Trajectory t occupies points t (D + 1) .. t (D + 1) + D; step s (1..D)
// goes from point s - 1 to point s of the trajectory, moving one factor.
struct MorrisLayout {
  std::size_t trajectories = 0;          // r
  std::size_t factors = 0;               // D
  int levels = 0;                        // p, even
  double delta = 0;                      // p / (2 (p - 1)), in unit-cube terms
  std::vector<std::size_t> step_factor;  // [trajectory][step - 1]: the factor that moves
  std::vector<double> step_delta;        // [trajectory][step - 1]: +delta or -delta

  std::size_t points() const { return trajectories * (factors + 1); }
  std::size_t point(std::size_t trajectory, std::size_t k) const { return trajectory * (factors + 1) + k; }
};

enum class DesignKind { Grid, Points, MonteCarlo, LatinHypercube, Saltelli, Morris };
const char* design_kind_name(DesignKind kind);

// A design: `points` rows by factors.size() columns, row-major. `unit` holds
// the unit-cube coordinates the values were mapped from (empty for explicit
// point lists, which have none).
struct Design {
  DesignKind kind = DesignKind::Points;
  std::vector<Factor> factors;
  std::size_t points = 0;
  std::vector<double> unit;    // [point][factor]
  std::vector<double> values;  // [point][factor]
  std::uint64_t seed = 0;      // of the random designs; 0 otherwise
  std::optional<SaltelliLayout> saltelli;
  std::optional<MorrisLayout> morris;

  std::size_t dims() const { return factors.size(); }
  double value(std::size_t point, std::size_t factor) const { return values[point * dims() + factor]; }
  std::span<const double> row(std::size_t point) const { return {values.data() + point * dims(), dims()}; }
};

// Every combination of the factors' levels, the first factor varying slowest.
// Each factor must be a level list.
Design full_factorial(std::vector<Factor> factors);

// Explicit points, each with one value per factor: finite, within a range
// factor's bounds, one of a level factor's levels.
Design point_list(std::vector<Factor> factors, const std::vector<std::vector<double>>& points);

// n independent points; point k's uniforms come from the stream (seed, k,
// "design:monte-carlo"), so a longer sample extends a shorter one.
Design monte_carlo(std::vector<Factor> factors, std::size_t n, std::uint64_t seed);

// n points; for every factor each of the n strata [k/n, (k+1)/n) holds
// exactly one point, at a uniform position within it. Factor i's permutation
// and positions come from the stream (seed, i, "design:latin-hypercube").
Design latin_hypercube(std::vector<Factor> factors, std::size_t n, std::uint64_t seed);

struct SaltelliOptions {
  std::size_t rows = 1024;    // N, a power of two
  bool second_order = false;  // adds the BA_i blocks
  bool scramble = true;       // random linear scrambling and digital shift of the Sobol points
  std::uint64_t seed = 0;     // of the scrambling
};

// The base matrices A and B are the first and last D coordinates of points
// N .. 2N - 1 of the 2D-dimensional Sobol' sequence (a net without the
// origin); the layout is SaltelliLayout's. Refuses N that is not a power of two.
Design saltelli(std::vector<Factor> factors, const SaltelliOptions& options);

struct MorrisOptions {
  std::size_t trajectories = 10;  // r
  int levels = 4;                 // p, even and at least 2
  std::uint64_t seed = 0;
};

// r trajectories of D + 1 points on the grid {0, 1/(p-1), .., 1}^D, each
// moving every factor once, by +delta or -delta, in a random order.
// Trajectory t is drawn from the stream (seed, t, "design:morris").
Design morris(std::vector<Factor> factors, const MorrisOptions& options);

// Points k0 .. k0 + n - 1 of the dims-dimensional Sobol sequence in
// Gray-code order (point 0 is the origin; Joe and Kuo's direction numbers,
// as in Boost.Random), row-major [point][dim], each coordinate the midpoint
// of its 2^-53 cell, so in (0, 1). When n is a power of two and k0 a
// multiple of n the points form a digital net: each coordinate has exactly
// one point in each interval [k/n, (k+1)/n). With `scramble`, a random linear
// matrix scramble and digital shift per dimension, drawn from the stream
// (scramble_seed, dim, "design:sobol-scramble"), keeps that property.
std::vector<double> sobol_points(std::size_t dims, std::uint64_t k0, std::size_t n, bool scramble,
                                 std::uint64_t scramble_seed);

}  // namespace simrun::mc
