#pragma once
// Sensitivity indices from the outputs of a sweep's design (mc/design.h):
// Sobol' first-order, total and second-order indices from a Saltelli design,
// Morris elementary-effect statistics from a Morris design, and the
// percentile bootstrap that gives both their intervals. One output per
// design point, in the design's point order; NaN (or any non-finite
// value) marks a failed run.
// docs/sweeps.md gives the estimators and how to read them.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "mc/design.h"
#include "mc/summary.h"

namespace simrun::mc {

struct BootstrapOptions {
  std::size_t resamples = 1000;
  double confidence = 0.95;  // the interval holds the central `confidence` share of the resampled estimates
  std::uint64_t seed = 0;
};

// Computes statistics from a resample of n rows: rows[k] is the row standing
// in the k-th place (0 .. n-1 in order for the point estimate).
using RowStatistic = std::function<void(std::span<const std::size_t> rows, std::vector<double>& out)>;

// Each statistic's estimate on rows 0 .. n-1 and its percentile interval over
// `resamples` resamples of n rows drawn with replacement; resample b draws
// from the stream (seed, b, "sensitivity:bootstrap"). Resamples on which a
// statistic is NaN are left out of its interval (NaN if all are).
std::vector<Interval> percentile_bootstrap(std::size_t n, const RowStatistic& statistic,
                                           const BootstrapOptions& options);

struct SobolIndices {
  std::vector<Interval> first, total;  // [factor]
  std::vector<Interval> second;        // [i * D + j], filled for i < j; empty without second order
  double mean = 0, variance = 0;       // of the outputs over the A and B rows used
  std::size_t rows_used = 0;
  std::size_t rows_dropped = 0;  // rows with a non-finite output in any block

  const Interval& second_order(std::size_t i, std::size_t j) const;  // i != j, either order
};

// Saltelli (2010) first-order and Jansen (1999) total-effect estimators, and
// Saltelli (2002) second-order ones, on outputs centred by their mean over A
// and B, with bootstrap intervals over the rows. Rows with a non-finite
// output in any block are dropped from every block. Fewer than two rows left, or no
// variance, gives NaN indices.
SobolIndices sobol_indices(const Design& design, std::span<const double> outputs, const BootstrapOptions& options = {});

// How elementary effects are scaled: per unit-cube step (the change in the
// output per whole range of the factor, for a linear factor) or per unit of
// the factor's value.
enum class EffectScale { UnitCube, FactorUnits };

struct MorrisIndices {
  std::vector<double> mu, mu_star, sigma;  // [factor]: mean, mean absolute value, standard deviation (n - 1)
  std::vector<Interval> mu_star_interval;  // [factor], bootstrap over trajectories
  std::vector<std::size_t> effects;        // [factor]: elementary effects used
  std::size_t trajectories_with_failures = 0;
};

// Elementary effects (f(x_k) - f(x_{k-1})) / step between consecutive
// points of each trajectory; an effect with a non-finite output is left out.
MorrisIndices morris_indices(const Design& design, std::span<const double> outputs,
                             EffectScale scale = EffectScale::UnitCube, const BootstrapOptions& options = {});

}  // namespace simrun::mc
