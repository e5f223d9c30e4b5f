#pragma once
// Approximate Bayesian computation by rejection (docs/calibration.md,
// "Calibration"): summary statistics of event sequences over a fit window,
// the scaled distance of each design point's simulated statistics from the
// record's, the points accepted, and the accepted values' summaries.
#include <cstddef>
#include <string>
#include <vector>

#include "mc/design.h"
#include "mc/score.h"

namespace simrun::mc {

// Which statistics, over which months: the monthly dyad event counts, the
// monthly net Goldstein, and each item's occurrence rate (the share of the
// window's months in which it happened), in that order.
struct StatisticsLayout {
  bool count = true, goldstein = true, items = true;
  int first_month = 0, months = 0;
  std::size_t num_items = 0;

  std::size_t size() const;
  std::vector<std::string> names(const std::vector<ScoreItem>& items) const;  // count.2021-01, items.RU.accuse, ...
};

std::vector<double> summary_statistics(const MonthlyFeatures& f, const StatisticsLayout& layout);

// The mean of each statistic over the rows (replications) of `values`
// ([row][statistic]) that are all finite; NaN when there are none.
std::vector<double> row_means(const std::vector<double>& values, std::size_t statistics);

// Each statistic's spread across the points ([point][statistic]): the
// median absolute deviation, or the standard deviation where that is 0;
// 0 (the statistic is left out) when both are. Points with NaN are skipped.
std::vector<double> statistic_scales(const std::vector<double>& simulated, std::size_t statistics);

// For each point, the root mean square of (simulated - observed) / scale
// over the statistics with a scale above 0; NaN for a point with NaN.
std::vector<double> abc_distances(const std::vector<double>& simulated, const std::vector<double>& observed,
                                  const std::vector<double>& scales);

// The `k` points of smallest distance, closest first (ties: lower index
// first); points with NaN distance are never accepted.
std::vector<std::size_t> accept_closest(const std::vector<double>& distances, std::size_t k);

// Mean, standard deviation and type-7 quantiles (levels kQuantiles) of each
// factor's value over the accepted points.
struct PosteriorSummary {
  std::vector<double> mean, sd;   // [factor]
  std::vector<double> quantiles;  // [quantile][factor]
};
PosteriorSummary posterior_summary(const Design& design, const std::vector<std::size_t>& accepted);

}  // namespace simrun::mc
