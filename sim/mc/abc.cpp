#include "mc/abc.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "model/actions.h"
#include "model/actors.h"

namespace simrun::mc {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double median_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return sorted_quantile7(v, 0.5);
}

}  // namespace

std::size_t StatisticsLayout::size() const {
  const auto M = static_cast<std::size_t>(months);
  return (count ? M : 0) + (goldstein ? M : 0) + (items ? num_items : 0);
}

std::vector<std::string> StatisticsLayout::names(const std::vector<ScoreItem>& item_list) const {
  std::vector<std::string> out;
  for (const auto& [on, prefix] : {std::pair{count, "count."}, std::pair{goldstein, "net_goldstein."}})
    if (on)
      for (int m = 0; m < months; ++m) out.push_back(prefix + month_label(first_month + m));
  if (items)
    for (const auto& it : item_list)
      out.push_back("items." + std::string(model::kActorCodes[static_cast<std::size_t>(it.actor)]) + "." +
                    std::string(model::action(it.action).name));
  return out;
}

std::vector<double> summary_statistics(const MonthlyFeatures& f, const StatisticsLayout& layout) {
  std::vector<double> s;
  s.reserve(layout.size());
  if (layout.count) s.insert(s.end(), f.count.begin(), f.count.end());
  if (layout.goldstein) s.insert(s.end(), f.goldstein.begin(), f.goldstein.end());
  if (layout.items) {
    const auto M = static_cast<std::size_t>(f.months);
    for (std::size_t i = 0; i < layout.num_items; ++i) {
      double k = 0;
      for (std::size_t m = 0; m < M; ++m) k += f.occurred[i * M + m];
      s.push_back(M ? k / static_cast<double>(M) : kNaN);
    }
  }
  return s;
}

std::vector<double> row_means(const std::vector<double>& values, std::size_t K) {
  std::vector<double> sum(K, 0);
  std::size_t rows = 0;
  for (std::size_t r = 0; K > 0 && (r + 1) * K <= values.size(); ++r) {
    const auto first = values.begin() + static_cast<std::ptrdiff_t>(r * K);
    if (!std::all_of(first, first + static_cast<std::ptrdiff_t>(K), [](double x) { return std::isfinite(x); }))
      continue;
    for (std::size_t k = 0; k < K; ++k) sum[k] += first[static_cast<std::ptrdiff_t>(k)];
    ++rows;
  }
  for (double& x : sum) x = rows ? x / static_cast<double>(rows) : kNaN;
  return sum;
}

std::vector<double> statistic_scales(const std::vector<double>& simulated, std::size_t K) {
  std::vector<double> scales(K, 0);
  for (std::size_t k = 0; k < K; ++k) {
    std::vector<double> v;
    for (std::size_t p = 0; (p + 1) * K <= simulated.size(); ++p)
      if (std::isfinite(simulated[p * K + k])) v.push_back(simulated[p * K + k]);
    if (v.size() < 2) continue;
    const double med = median_of(v);
    std::vector<double> dev(v.size());
    std::transform(v.begin(), v.end(), dev.begin(), [&](double x) { return std::abs(x - med); });
    double scale = median_of(dev);
    if (scale == 0) {
      const double mean = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
      double ss = 0;
      for (const double x : v) ss += (x - mean) * (x - mean);
      scale = std::sqrt(ss / static_cast<double>(v.size() - 1));
    }
    scales[k] = scale;
  }
  return scales;
}

std::vector<double> abc_distances(const std::vector<double>& simulated, const std::vector<double>& observed,
                                  const std::vector<double>& scales) {
  const std::size_t K = observed.size();
  std::vector<double> d;
  for (std::size_t p = 0; K > 0 && (p + 1) * K <= simulated.size(); ++p) {
    double ss = 0;
    std::size_t used = 0;
    for (std::size_t k = 0; k < K; ++k) {
      if (!(scales[k] > 0)) continue;
      const double z = (simulated[p * K + k] - observed[k]) / scales[k];
      ss += z * z;
      ++used;
    }
    d.push_back(used ? std::sqrt(ss / static_cast<double>(used)) : kNaN);
  }
  return d;
}

std::vector<std::size_t> accept_closest(const std::vector<double>& distances, std::size_t k) {
  std::vector<std::size_t> order;
  for (std::size_t p = 0; p < distances.size(); ++p)
    if (!std::isnan(distances[p])) order.push_back(p);
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return distances[a] < distances[b]; });
  if (order.size() > k) order.resize(k);
  return order;
}

PosteriorSummary posterior_summary(const Design& design, const std::vector<std::size_t>& accepted) {
  const std::size_t D = design.dims();
  PosteriorSummary s;
  s.mean.assign(D, kNaN);
  s.sd.assign(D, kNaN);
  s.quantiles.assign(kQuantiles.size() * D, kNaN);
  for (std::size_t f = 0; f < D && !accepted.empty(); ++f) {
    std::vector<double> v;
    for (const std::size_t p : accepted) v.push_back(design.value(p, f));
    const double mean = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
    double ss = 0;
    for (const double x : v) ss += (x - mean) * (x - mean);
    s.mean[f] = mean;
    s.sd[f] = v.size() > 1 ? std::sqrt(ss / static_cast<double>(v.size() - 1)) : kNaN;
    std::sort(v.begin(), v.end());
    for (std::size_t q = 0; q < kQuantiles.size(); ++q) s.quantiles[q * D + f] = sorted_quantile7(v, kQuantiles[q]);
  }
  return s;
}

}  // namespace simrun::mc
