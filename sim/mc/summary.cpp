#include "mc/summary.h"

#include <algorithm>
#include <cmath>

namespace simrun::mc {

std::vector<double> report_horizons(int num_times, double step_days) {
  const double end = (num_times - 1) * step_days;
  std::vector<double> h;
  for (double d : {30.0, 90.0, 180.0, 365.0, 730.0})
    if (d < end) h.push_back(d);
  h.push_back(end);
  return h;
}

int time_index_at(double day, double step_days) { return static_cast<int>(std::floor(day / step_days + 1e-9)); }

Interval wilson(std::int64_t k, std::int64_t n, double z) {
  if (n <= 0) return {0, 0, 1};
  const double nn = static_cast<double>(n), p = static_cast<double>(k) / nn;
  const double z2 = z * z;
  const double centre = (p + z2 / (2 * nn)) / (1 + z2 / nn);
  const double half = z * std::sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn)) / (1 + z2 / nn);
  // At k = 0 or k = n the bound is exactly 0 or 1; rounding would leave a
  // tiny residue.
  return {p, k == 0 ? 0.0 : std::max(0.0, centre - half), k == n ? 1.0 : std::min(1.0, centre + half)};
}

double quantile_inplace(std::vector<float>& v, double p) {
  if (v.empty()) return std::nan("");
  const double h = (static_cast<double>(v.size()) - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(lo), v.end());
  const double x_lo = v[lo];
  if (lo + 1 >= v.size()) return x_lo;
  const double x_hi = *std::min_element(v.begin() + static_cast<std::ptrdiff_t>(lo) + 1, v.end());
  return x_lo + (h - static_cast<double>(lo)) * (x_hi - x_lo);
}

MomentAccumulator::MomentAccumulator(int num_times)
    : times_(num_times), sum_(static_cast<std::size_t>(model::kNumVars) * num_times, 0.0), sumsq_(sum_.size(), 0.0) {}

void MomentAccumulator::add(const model::RunOutput& out) {
  ++n_;
  for (std::size_t i = 0; i < sum_.size(); ++i) {
    const double v = out.trajectories[i];
    sum_[i] += v;
    sumsq_[i] += v * v;
  }
}

double MomentAccumulator::mean(int var, int t) const {
  return n_ ? sum_[static_cast<std::size_t>(var) * times_ + t] / static_cast<double>(n_) : std::nan("");
}

double MomentAccumulator::standard_error(int var, int t) const {
  if (n_ < 2) return std::nan("");
  const std::size_t i = static_cast<std::size_t>(var) * times_ + t;
  const double n = static_cast<double>(n_), m = sum_[i] / n;
  const double var_ = std::max(0.0, (sumsq_[i] - n * m * m) / (n - 1));
  return std::sqrt(var_ / n);
}

OutcomeAccumulator::OutcomeAccumulator(int num_times, double step_days)
    : times_(num_times),
      step_days_(step_days),
      first_at_(static_cast<std::size_t>(model::kNumOutcomes) * num_times, 0) {}

void OutcomeAccumulator::add(const model::RunOutput& out) {
  ++n_;
  dirty_ = true;
  for (int o = 0; o < model::kNumOutcomes; ++o) {
    const double day = out.first_passage[static_cast<std::size_t>(o)];
    if (std::isnan(day)) continue;
    const int t = std::clamp(time_index_at(day, step_days_), 0, times_ - 1);
    ++first_at_[static_cast<std::size_t>(o) * times_ + t];
  }
}

std::int64_t OutcomeAccumulator::reached_by(int outcome, int t) const {
  if (dirty_) {
    cumulative_ = first_at_;
    for (int o = 0; o < model::kNumOutcomes; ++o)
      for (int i = 1; i < times_; ++i)
        cumulative_[static_cast<std::size_t>(o) * times_ + i] +=
            cumulative_[static_cast<std::size_t>(o) * times_ + i - 1];
    dirty_ = false;
  }
  return cumulative_[static_cast<std::size_t>(outcome) * times_ + std::clamp(t, 0, times_ - 1)];
}

void MetricAccumulator::add(const std::array<double, model::kNumMetrics>& m) {
  ++n_;
  for (int i = 0; i < model::kNumMetrics; ++i) {
    sum_[i] += m[i];
    sumsq_[i] += m[i] * m[i];
  }
}

Interval MetricAccumulator::mean(int i) const {
  if (n_ == 0) return {};
  const double n = static_cast<double>(n_), m = sum_[i] / n;
  const double se = n > 1 ? std::sqrt(std::max(0.0, (sumsq_[i] - n * m * m) / (n - 1)) / n) : 0.0;
  return {m, m - kZ95 * se, m + kZ95 * se};
}

void PairedAccumulator::add(double a, double b) {
  ++n_;
  sum_a_ += a;
  sum_b_ += b;
  sum_d_ += b - a;
  sumsq_d_ += (b - a) * (b - a);
}

Interval PairedAccumulator::difference() const {
  if (n_ == 0) return {};
  const double n = static_cast<double>(n_), m = sum_d_ / n;
  const double se = n > 1 ? std::sqrt(std::max(0.0, (sumsq_d_ - n * m * m) / (n - 1)) / n) : 0.0;
  return {m, m - kZ95 * se, m + kZ95 * se};
}

PairedTables::PairedTables(int num_times, double step_days_)
    : step_days(step_days_),
      horizons(report_horizons(num_times, step_days_)),
      outcome(model::kNumOutcomes, std::vector<PairedAccumulator>(horizons.size())),
      metric(model::kNumMetrics) {}

void PairedTables::add(const model::RunOutput& a, const model::RunOutput& b) {
  // Reached by a horizon: first passage at or before the horizon's time
  // index, the rule of the summaries (OutcomeAccumulator).
  auto reached = [&](const model::RunOutput& r, int k, int t) {
    const double d = r.first_passage[static_cast<std::size_t>(k)];
    return !std::isnan(d) && time_index_at(d, step_days) <= t ? 1.0 : 0.0;
  };
  for (int k = 0; k < model::kNumOutcomes; ++k)
    for (std::size_t h = 0; h < horizons.size(); ++h) {
      const int t = time_index_at(horizons[h], step_days);
      outcome[static_cast<std::size_t>(k)][h].add(reached(a, k, t), reached(b, k, t));
    }
  const auto ma = model::compute_metrics(a), mb = model::compute_metrics(b);
  for (int k = 0; k < model::kNumMetrics; ++k)
    metric[static_cast<std::size_t>(k)].add(ma[static_cast<std::size_t>(k)], mb[static_cast<std::size_t>(k)]);
}

}  // namespace simrun::mc
