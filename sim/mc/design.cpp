#include "mc/design.h"

#include <algorithm>
#include <array>
#include <boost/random/sobol.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <limits>
#include <numeric>
#include <set>
#include <stdexcept>

#include "util/random.h"

namespace simrun::mc {
namespace {

// The midpoint of the 2^-53 cell holding the top 53 bits of `bits`: a double
// strictly inside (0, 1), which inverse CDFs of unbounded distributions need.
double unit_open(std::uint64_t bits) { return (static_cast<double>(bits >> 11) + 0.5) * 0x1p-53; }

std::string factor_label(const std::string& name) { return "factor '" + name + "'"; }

void check_factors(const std::vector<Factor>& factors, const char* design) {
  if (factors.empty()) throw std::invalid_argument(std::string(design) + " design: no factors");
  std::set<std::string> seen;
  for (const Factor& f : factors) {
    if (f.name.empty()) throw std::invalid_argument(std::string(design) + " design: a factor has no name");
    if (!seen.insert(f.name).second)
      throw std::invalid_argument(std::string(design) + " design: " + factor_label(f.name) + " appears twice");
  }
}

Design empty_design(DesignKind kind, std::vector<Factor> factors, std::size_t points, std::uint64_t seed) {
  check_factors(factors, design_kind_name(kind));
  Design d;
  d.kind = kind;
  d.factors = std::move(factors);
  d.points = points;
  d.seed = seed;
  d.unit.assign(points * d.dims(), 0.0);
  return d;
}

// Fills `values` from `unit` through the factors; a non-finite value (an
// inverse CDF evaluated where the distribution is unbounded) is refused.
void map_to_values(Design& d) {
  const std::size_t dims = d.dims();
  d.values.resize(d.unit.size());
  for (std::size_t p = 0; p < d.points; ++p)
    for (std::size_t i = 0; i < dims; ++i) {
      const double u = d.unit[p * dims + i];
      const double v = d.factors[i].value_at(u);
      if (!std::isfinite(v))
        throw std::invalid_argument(
            std::string(design_kind_name(d.kind)) + " design: " + factor_label(d.factors[i].name) +
            " has no finite value at unit coordinate " + std::to_string(u) + " (point " + std::to_string(p) + ")");
      d.values[p * dims + i] = v;
    }
}

// (s + v) / n for v in (0, 1), nudged by an ulp where rounding would put it
// on the edge of a neighbouring stratum: floor(u n) == s holds exactly.
double in_stratum(std::size_t s, std::size_t n, double v) {
  const double nn = static_cast<double>(n), ss = static_cast<double>(s);
  double u = (ss + v) / nn;
  while (std::floor(u * nn) > ss) u = std::nextafter(u, 0.0);
  while (std::floor(u * nn) < ss) u = std::nextafter(u, 1.0);
  return u;
}

// The dimensions Boost's table of direction numbers covers.
constexpr std::size_t kSobolMaxDims = boost::random::default_sobol_table::max_dimension;

bool is_power_of_two(std::size_t n) { return n != 0 && (n & (n - 1)) == 0; }

// One dimension's random linear matrix scramble and digital shift. Bits are
// numbered from the most significant (weight 1/2) down; the lower-triangular
// matrix with unit diagonal maps bit j into itself and, at random, into less
// significant bits, so every leading block of bits is mapped invertibly onto
// itself and the net structure survives.
struct Scramble {
  std::array<std::uint64_t, 64> column;  // column j of the matrix, as a word
  std::uint64_t shift;

  Scramble(std::uint64_t seed, std::uint64_t dim) {
    Engine rng = make_stream(seed, dim, "design:sobol-scramble");
    for (int j = 0; j < 64; ++j) {
      const std::uint64_t diagonal = std::uint64_t{1} << (63 - j);
      column[j] = diagonal | (rng() & (diagonal - 1));
    }
    shift = rng();
  }
  std::uint64_t operator()(std::uint64_t x) const {
    std::uint64_t y = 0;
    for (int j = 0; j < 64; ++j)
      if ((x >> (63 - j)) & 1) y ^= column[j];
    return y ^ shift;
  }
};

}  // namespace

double Factor::value_at(double u) const {
  switch (kind) {
    case Kind::Range:
      return lower + u * (upper - lower);
    case Kind::Levels: {
      const double k = static_cast<double>(levels.size());
      const double idx = std::clamp(std::floor(u * k), 0.0, k - 1);
      return levels[static_cast<std::size_t>(idx)];
    }
    case Kind::Distribution:
      return inverse_cdf(u);
  }
  return std::numeric_limits<double>::quiet_NaN();
}

Factor range_factor(std::string name, double lower, double upper) {
  if (!std::isfinite(lower) || !std::isfinite(upper) || !(lower < upper))
    throw std::invalid_argument(factor_label(name) + ": a range needs finite bounds with lower < upper (got " +
                                std::to_string(lower) + ", " + std::to_string(upper) + ")");
  Factor f;
  f.name = std::move(name);
  f.kind = Factor::Kind::Range;
  f.lower = lower;
  f.upper = upper;
  return f;
}

Factor level_factor(std::string name, std::vector<double> levels) {
  if (levels.empty()) throw std::invalid_argument(factor_label(name) + ": a level list needs at least one level");
  for (std::size_t k = 0; k < levels.size(); ++k)
    if (!std::isfinite(levels[k]))
      throw std::invalid_argument(factor_label(name) + ": level " + std::to_string(k) + " is not finite");
  Factor f;
  f.name = std::move(name);
  f.kind = Factor::Kind::Levels;
  f.levels = std::move(levels);
  return f;
}

Factor distribution_factor(std::string name, InverseCdf inverse_cdf) {
  if (!inverse_cdf) throw std::invalid_argument(factor_label(name) + ": a distribution needs an inverse CDF");
  Factor f;
  f.name = std::move(name);
  f.kind = Factor::Kind::Distribution;
  f.inverse_cdf = std::move(inverse_cdf);
  return f;
}

SaltelliLayout::Location SaltelliLayout::locate(std::size_t point) const {
  if (point >= points())
    throw std::out_of_range("Saltelli layout: point " + std::to_string(point) + " of " + std::to_string(points()));
  const std::size_t block = point / rows;
  Location at;
  at.row = point % rows;
  if (block == 0) at.block = SaltelliBlock::A;
  if (block == 1) at.block = SaltelliBlock::B;
  if (block >= 2) {
    at.block = block < factors + 2 ? SaltelliBlock::AB : SaltelliBlock::BA;
    at.factor = (block - 2) % factors;
  }
  return at;
}

std::size_t SaltelliLayout::point(SaltelliBlock block, std::size_t factor, std::size_t row) const {
  switch (block) {
    case SaltelliBlock::A:
      return row;
    case SaltelliBlock::B:
      return rows + row;
    case SaltelliBlock::AB:
      return (2 + factor) * rows + row;
    case SaltelliBlock::BA:
      return (2 + factors + factor) * rows + row;
  }
  return 0;
}

const char* design_kind_name(DesignKind kind) {
  switch (kind) {
    case DesignKind::Grid:
      return "grid";
    case DesignKind::Points:
      return "points";
    case DesignKind::MonteCarlo:
      return "monte-carlo";
    case DesignKind::LatinHypercube:
      return "latin-hypercube";
    case DesignKind::Saltelli:
      return "saltelli";
    case DesignKind::Morris:
      return "morris";
  }
  return "?";
}

Design full_factorial(std::vector<Factor> factors) {
  std::size_t n = 1;
  for (const Factor& f : factors) {
    if (f.kind != Factor::Kind::Levels)
      throw std::invalid_argument("grid design: " + factor_label(f.name) + " is not a level list");
    if (n > std::numeric_limits<std::uint32_t>::max() / f.levels.size())
      throw std::invalid_argument("grid design: more than 2^32 points");
    n *= f.levels.size();
  }
  Design d = empty_design(DesignKind::Grid, std::move(factors), n, 0);
  const std::size_t dims = d.dims();
  for (std::size_t p = 0; p < n; ++p) {
    std::size_t rest = p;  // mixed-radix digits of p, the last factor fastest
    for (std::size_t i = dims; i-- > 0;) {
      const std::size_t k = d.factors[i].levels.size();
      d.unit[p * dims + i] = (static_cast<double>(rest % k) + 0.5) / static_cast<double>(k);
      rest /= k;
    }
  }
  map_to_values(d);
  return d;
}

namespace {

void check_point_value(const Factor& f, double v, std::size_t p) {
  const std::string where = "points design: point " + std::to_string(p) + ", " + factor_label(f.name) + ": ";
  if (!std::isfinite(v)) throw std::invalid_argument(where + "value is not finite");
  if (f.kind == Factor::Kind::Range && (v < f.lower || v > f.upper))
    throw std::invalid_argument(where + std::to_string(v) + " is outside [" + std::to_string(f.lower) + ", " +
                                std::to_string(f.upper) + "]");
  if (f.kind == Factor::Kind::Levels && std::find(f.levels.begin(), f.levels.end(), v) == f.levels.end())
    throw std::invalid_argument(where + std::to_string(v) + " is not one of its levels");
}

}  // namespace

Design point_list(std::vector<Factor> factors, const std::vector<std::vector<double>>& points) {
  Design d = empty_design(DesignKind::Points, std::move(factors), points.size(), 0);
  d.unit.clear();
  const std::size_t dims = d.dims();
  d.values.reserve(points.size() * dims);
  for (std::size_t p = 0; p < points.size(); ++p) {
    if (points[p].size() != dims)
      throw std::invalid_argument("points design: point " + std::to_string(p) + " has " +
                                  std::to_string(points[p].size()) + " values for " + std::to_string(dims) +
                                  " factors");
    for (std::size_t i = 0; i < dims; ++i) check_point_value(d.factors[i], points[p][i], p);
    d.values.insert(d.values.end(), points[p].begin(), points[p].end());
  }
  return d;
}

Design monte_carlo(std::vector<Factor> factors, std::size_t n, std::uint64_t seed) {
  if (n == 0) throw std::invalid_argument("monte-carlo design: no points");
  Design d = empty_design(DesignKind::MonteCarlo, std::move(factors), n, seed);
  const std::size_t dims = d.dims();
  for (std::size_t p = 0; p < n; ++p) {
    Engine rng = make_stream(seed, p, "design:monte-carlo");
    for (std::size_t i = 0; i < dims; ++i) d.unit[p * dims + i] = unit_open(rng());
  }
  map_to_values(d);
  return d;
}

Design latin_hypercube(std::vector<Factor> factors, std::size_t n, std::uint64_t seed) {
  if (n == 0) throw std::invalid_argument("latin-hypercube design: no points");
  Design d = empty_design(DesignKind::LatinHypercube, std::move(factors), n, seed);
  const std::size_t dims = d.dims();
  std::vector<std::size_t> stratum(n);
  for (std::size_t i = 0; i < dims; ++i) {
    Engine rng = make_stream(seed, i, "design:latin-hypercube");
    std::iota(stratum.begin(), stratum.end(), std::size_t{0});
    for (std::size_t k = n; k > 1; --k) {  // Fisher-Yates: point p gets stratum[p]
      boost::random::uniform_int_distribution<std::size_t> pick(0, k - 1);
      std::swap(stratum[k - 1], stratum[pick(rng)]);
    }
    for (std::size_t p = 0; p < n; ++p) d.unit[p * dims + i] = in_stratum(stratum[p], n, unit_open(rng()));
  }
  map_to_values(d);
  return d;
}

std::vector<double> sobol_points(std::size_t dims, std::uint64_t k0, std::size_t n, bool scramble,
                                 std::uint64_t scramble_seed) {
  if (dims == 0 || dims > kSobolMaxDims)
    throw std::invalid_argument("Sobol sequence: " + std::to_string(dims) + " dimensions (1 to " +
                                std::to_string(kSobolMaxDims) + " supported)");
  std::vector<Scramble> scrambles;
  if (scramble)
    for (std::size_t j = 0; j < dims; ++j) scrambles.emplace_back(scramble_seed, j);
  // Boost's engine starts at point 1 (it skips the origin), and its seed(s)
  // makes point s + 1 the next one.
  boost::random::sobol engine(dims);
  if (k0 > 0) engine.seed(k0 - 1);
  std::vector<double> out(dims * n);
  for (std::size_t p = 0; p < n; ++p)
    for (std::size_t j = 0; j < dims; ++j) {
      std::uint64_t x = (p == 0 && k0 == 0) ? 0 : engine();
      if (scramble) x = scrambles[j](x);
      out[p * dims + j] = unit_open(x);
    }
  return out;
}

Design saltelli(std::vector<Factor> factors, const SaltelliOptions& options) {
  const std::size_t n = options.rows;
  if (n < 2 || !is_power_of_two(n))
    throw std::invalid_argument(
        "saltelli design: the number of base rows N must be a power of two of at least 2 (got " + std::to_string(n) +
        ")");
  const std::size_t dims = factors.size();
  if (2 * dims > kSobolMaxDims)
    throw std::invalid_argument("saltelli design: " + std::to_string(dims) + " factors; at most " +
                                std::to_string(kSobolMaxDims / 2) + " are supported");
  SaltelliLayout layout{n, dims, options.second_order};
  Design d = empty_design(DesignKind::Saltelli, std::move(factors), layout.points(), options.seed);
  // Points N .. 2N - 1: a net, like the first N, but without the origin,
  // whose zero coordinates would be a distribution's lower tail at u = 0.
  const std::vector<double> base = sobol_points(2 * dims, n, n, options.scramble, options.seed);
  auto a = [&](std::size_t j, std::size_t i) { return base[j * 2 * dims + i]; };
  auto b = [&](std::size_t j, std::size_t i) { return base[j * 2 * dims + dims + i]; };
  for (std::size_t p = 0; p < layout.points(); ++p) {
    const SaltelliLayout::Location at = layout.locate(p);
    for (std::size_t i = 0; i < dims; ++i) {
      const bool from_b = at.block == SaltelliBlock::B || (at.block == SaltelliBlock::AB && i == at.factor) ||
                          (at.block == SaltelliBlock::BA && i != at.factor);
      d.unit[p * dims + i] = from_b ? b(at.row, i) : a(at.row, i);
    }
  }
  d.saltelli = layout;
  map_to_values(d);
  return d;
}

namespace {

// One Morris trajectory in grid-level units (0 .. p - 1): the base level of
// each factor is below the upper half so that base + p/2 stays on the grid;
// a factor moving down starts at base + p/2.
void morris_trajectory(Engine& rng, std::size_t dims, int p, std::vector<int>& levels, std::vector<std::size_t>& order,
                       std::vector<int>& direction) {
  boost::random::uniform_int_distribution<int> base(0, p / 2 - 1), coin(0, 1);
  levels.resize(dims);
  direction.resize(dims);
  for (std::size_t i = 0; i < dims; ++i) levels[i] = base(rng);
  for (std::size_t i = 0; i < dims; ++i) direction[i] = coin(rng) ? 1 : -1;
  order.resize(dims);
  std::iota(order.begin(), order.end(), std::size_t{0});
  for (std::size_t k = dims; k > 1; --k) {
    boost::random::uniform_int_distribution<std::size_t> pick(0, k - 1);
    std::swap(order[k - 1], order[pick(rng)]);
  }
  for (std::size_t i = 0; i < dims; ++i)
    if (direction[i] < 0) levels[i] += p / 2;
}

}  // namespace

Design morris(std::vector<Factor> factors, const MorrisOptions& options) {
  const int p = options.levels;
  if (p < 2 || p % 2 != 0)
    throw std::invalid_argument("morris design: the number of grid levels p must be even and at least 2 (got " +
                                std::to_string(p) + ")");
  if (options.trajectories == 0) throw std::invalid_argument("morris design: no trajectories");
  const std::size_t dims = factors.size();
  MorrisLayout layout{options.trajectories, dims, p, p / (2.0 * (p - 1)), {}, {}};
  Design d = empty_design(DesignKind::Morris, std::move(factors), layout.points(), options.seed);
  std::vector<int> levels, direction;
  std::vector<std::size_t> order;
  for (std::size_t t = 0; t < layout.trajectories; ++t) {
    Engine rng = make_stream(options.seed, t, "design:morris");
    morris_trajectory(rng, dims, p, levels, order, direction);
    for (std::size_t k = 0; k <= dims; ++k) {
      if (k > 0) {
        const std::size_t i = order[k - 1];
        levels[i] += direction[i] * (p / 2);
        layout.step_factor.push_back(i);
        layout.step_delta.push_back(direction[i] * layout.delta);
      }
      for (std::size_t i = 0; i < dims; ++i)
        d.unit[layout.point(t, k) * dims + i] = static_cast<double>(levels[i]) / (p - 1);
    }
  }
  d.morris = std::move(layout);
  map_to_values(d);
  return d;
}

}  // namespace simrun::mc
