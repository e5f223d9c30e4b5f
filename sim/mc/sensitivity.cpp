#include "mc/sensitivity.h"

#include <algorithm>
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

#include "util/random.h"

namespace simrun::mc {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Type-7 quantile of sorted values (linear interpolation between order statistics).
double sorted_quantile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return kNaN;
  const double h = p * static_cast<double>(sorted.size() - 1);
  const std::size_t lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

void check_outputs(const Design& design, std::span<const double> outputs, const char* what) {
  if (outputs.size() != design.points)
    throw std::invalid_argument(std::string(what) + ": " + std::to_string(outputs.size()) +
                                " outputs for a design of " + std::to_string(design.points) + " points");
}

// The outputs of a Saltelli design, seen through the rows kept (those with
// a finite output in every block).
struct SaltelliView {
  const SaltelliLayout& layout;
  std::span<const double> out;
  const std::vector<std::size_t>& kept;

  double at(SaltelliBlock block, std::size_t factor, std::size_t k) const {
    return out[layout.point(block, factor, kept[k])];
  }
};

std::vector<std::size_t> complete_rows(const SaltelliLayout& layout, std::span<const double> out) {
  std::vector<std::size_t> kept;
  for (std::size_t j = 0; j < layout.rows; ++j) {
    bool complete = true;
    for (std::size_t b = 0; b < layout.blocks(); ++b) complete = complete && std::isfinite(out[b * layout.rows + j]);
    if (complete) kept.push_back(j);
  }
  return kept;
}

std::size_t pair_count(std::size_t d) { return d * (d - 1) / 2; }

// Statistics, in order: mean, variance, S1[D], ST[D], then S2 for each pair
// i < j in row order (only with the BA blocks).
void sobol_statistic(const SaltelliView& v, std::span<const std::size_t> rows, std::vector<double>& s) {
  using enum SaltelliBlock;
  const std::size_t d = v.layout.factors;
  const double n = static_cast<double>(rows.size());
  s.assign(2 + 2 * d + (v.layout.second_order ? pair_count(d) : 0), kNaN);
  double sum = 0, squares = 0;
  for (std::size_t k : rows) sum += v.at(A, 0, k) + v.at(B, 0, k);
  const double m = sum / (2 * n);
  for (std::size_t k : rows) squares += std::pow(v.at(A, 0, k) - m, 2) + std::pow(v.at(B, 0, k) - m, 2);
  const double var = squares / (2 * n);
  s[0] = m;
  s[1] = var;
  if (!(var > 0)) return;
  for (std::size_t i = 0; i < d; ++i) {
    double first = 0, total = 0;
    for (std::size_t k : rows) {
      const double a = v.at(A, 0, k) - m, b = v.at(B, 0, k) - m, ab = v.at(AB, i, k) - m;
      first += b * (ab - a);
      total += (a - ab) * (a - ab);
    }
    s[2 + i] = first / n / var;
    s[2 + d + i] = total / (2 * n) / var;
  }
  if (!v.layout.second_order) return;
  std::size_t at = 2 + 2 * d;
  for (std::size_t i = 0; i < d; ++i)
    for (std::size_t j = i + 1; j < d; ++j) {
      double closed = 0;  // V[E(Y | X_i, X_j)], from BA_i and AB_j, which share exactly X_i and X_j
      for (std::size_t k : rows)
        closed += (v.at(BA, i, k) - m) * (v.at(AB, j, k) - m) - (v.at(A, 0, k) - m) * (v.at(B, 0, k) - m);
      s[at++] = closed / n / var - s[2 + i] - s[2 + j];
    }
}

Interval nan_interval() { return {kNaN, kNaN, kNaN}; }

}  // namespace

std::vector<Interval> percentile_bootstrap(std::size_t n, const RowStatistic& statistic,
                                           const BootstrapOptions& options) {
  if (n == 0) throw std::invalid_argument("bootstrap: no rows");
  if (options.resamples == 0) throw std::invalid_argument("bootstrap: no resamples");
  if (!(options.confidence > 0 && options.confidence < 1))
    throw std::invalid_argument("bootstrap: the confidence level must lie in (0, 1), got " +
                                std::to_string(options.confidence));
  std::vector<std::size_t> rows(n);
  std::iota(rows.begin(), rows.end(), std::size_t{0});
  std::vector<double> estimate, s;
  statistic(rows, estimate);
  std::vector<std::vector<double>> draws(estimate.size());
  boost::random::uniform_int_distribution<std::size_t> pick(0, n - 1);
  for (std::size_t b = 0; b < options.resamples; ++b) {
    Engine rng = make_stream(options.seed, b, "sensitivity:bootstrap");
    for (std::size_t& r : rows) r = pick(rng);
    statistic(rows, s);
    for (std::size_t q = 0; q < draws.size(); ++q)
      if (!std::isnan(s[q])) draws[q].push_back(s[q]);
  }
  std::vector<Interval> out(estimate.size());
  const double tail = (1 - options.confidence) / 2;
  for (std::size_t q = 0; q < out.size(); ++q) {
    std::sort(draws[q].begin(), draws[q].end());
    out[q] = {estimate[q], sorted_quantile(draws[q], tail), sorted_quantile(draws[q], 1 - tail)};
  }
  return out;
}

const Interval& SobolIndices::second_order(std::size_t i, std::size_t j) const {
  const std::size_t d = first.size();
  if (second.empty() || i == j || i >= d || j >= d)
    throw std::out_of_range("second-order index (" + std::to_string(i) + ", " + std::to_string(j) + ") of " +
                            std::to_string(d) + " factors" + (second.empty() ? " without second order" : ""));
  return second[std::min(i, j) * d + std::max(i, j)];
}

SobolIndices sobol_indices(const Design& design, std::span<const double> outputs, const BootstrapOptions& options) {
  if (!design.saltelli)
    throw std::invalid_argument(std::string("Sobol indices need a saltelli design, not a ") +
                                design_kind_name(design.kind) + " design");
  check_outputs(design, outputs, "Sobol indices");
  const SaltelliLayout& layout = *design.saltelli;
  const std::size_t d = layout.factors;
  SobolIndices r;
  r.first.assign(d, nan_interval());
  r.total.assign(d, nan_interval());
  if (layout.second_order) r.second.assign(d * d, nan_interval());
  const std::vector<std::size_t> kept = complete_rows(layout, outputs);
  r.rows_used = kept.size();
  r.rows_dropped = layout.rows - kept.size();
  r.mean = r.variance = kNaN;
  if (kept.size() < 2) return r;
  const SaltelliView view{layout, outputs, kept};
  const auto all = percentile_bootstrap(
      kept.size(), [&](std::span<const std::size_t> rows, std::vector<double>& s) { sobol_statistic(view, rows, s); },
      options);
  r.mean = all[0].estimate;
  r.variance = all[1].estimate;
  std::copy(all.begin() + 2, all.begin() + 2 + d, r.first.begin());
  std::copy(all.begin() + 2 + d, all.begin() + 2 + 2 * d, r.total.begin());
  std::size_t at = 2 + 2 * d;
  if (layout.second_order)
    for (std::size_t i = 0; i < d; ++i)
      for (std::size_t j = i + 1; j < d; ++j) r.second[i * d + j] = all[at++];
  return r;
}

namespace {

// Elementary effects [trajectory][factor], NaN where an output is not finite
// (a failed run) or, per factor unit, where the factor's value did not change.
std::vector<double> elementary_effects(const Design& design, std::span<const double> out, EffectScale scale,
                                       std::size_t& failed_trajectories) {
  const MorrisLayout& m = *design.morris;
  const std::size_t d = m.factors;
  std::vector<double> ee(m.trajectories * d, kNaN);
  failed_trajectories = 0;
  for (std::size_t t = 0; t < m.trajectories; ++t) {
    bool failed = false;
    for (std::size_t k = 0; k <= d; ++k) failed = failed || !std::isfinite(out[m.point(t, k)]);
    if (failed) ++failed_trajectories;
    for (std::size_t k = 1; k <= d; ++k) {
      const std::size_t i = m.step_factor[t * d + k - 1];
      const std::size_t from = m.point(t, k - 1), to = m.point(t, k);
      const double step =
          scale == EffectScale::UnitCube ? m.step_delta[t * d + k - 1] : design.value(to, i) - design.value(from, i);
      const double effect = (out[to] - out[from]) / step;
      if (std::isfinite(effect)) ee[t * d + i] = effect;
    }
  }
  return ee;
}

}  // namespace

MorrisIndices morris_indices(const Design& design, std::span<const double> outputs, EffectScale scale,
                             const BootstrapOptions& options) {
  if (!design.morris)
    throw std::invalid_argument(std::string("Morris indices need a morris design, not a ") +
                                design_kind_name(design.kind) + " design");
  check_outputs(design, outputs, "Morris indices");
  const std::size_t d = design.morris->factors;
  MorrisIndices r;
  const std::vector<double> ee = elementary_effects(design, outputs, scale, r.trajectories_with_failures);
  r.mu.assign(d, kNaN);
  r.mu_star.assign(d, kNaN);
  r.sigma.assign(d, kNaN);
  r.effects.assign(d, 0);
  std::vector<double> column;
  for (std::size_t i = 0; i < d; ++i) {
    column.clear();
    for (std::size_t t = 0; t < design.morris->trajectories; ++t)
      if (!std::isnan(ee[t * d + i])) column.push_back(ee[t * d + i]);
    r.effects[i] = column.size();
    if (column.empty()) continue;
    const double n = static_cast<double>(column.size());
    r.mu[i] = std::accumulate(column.begin(), column.end(), 0.0) / n;
    r.mu_star[i] =
        std::accumulate(column.begin(), column.end(), 0.0, [](double a, double e) { return a + std::abs(e); }) / n;
    double squares = 0;
    for (double e : column) squares += (e - r.mu[i]) * (e - r.mu[i]);
    if (column.size() > 1) r.sigma[i] = std::sqrt(squares / (n - 1));
  }
  r.mu_star_interval = percentile_bootstrap(
      design.morris->trajectories,
      [&](std::span<const std::size_t> rows, std::vector<double>& s) {
        s.assign(d, kNaN);
        for (std::size_t i = 0; i < d; ++i) {
          double abs_sum = 0;
          std::size_t n = 0;
          for (std::size_t t : rows)
            if (!std::isnan(ee[t * d + i])) {
              abs_sum += std::abs(ee[t * d + i]);
              ++n;
            }
          if (n > 0) s[i] = abs_sum / static_cast<double>(n);
        }
      },
      options);
  return r;
}

}  // namespace simrun::mc
