#pragma once
// Summaries across runs. Every accumulator is fed in run order on one thread,
// so sums are formed in a fixed order and the results are bit-identical for
// any number of threads.
#include <array>
#include <cstdint>
#include <vector>

#include "model/metrics.h"
#include "model/model.h"

namespace simrun::mc {

inline constexpr std::array<double, 5> kQuantiles = {0.05, 0.25, 0.5, 0.75, 0.95};
inline constexpr double kZ95 = 1.959963984540054;

struct Interval {
  double estimate = 0, lower = 0, upper = 0;
};

// The horizons (days) at which results and comparisons tabulate outcome
// probabilities: 30, 90, 180, 365 and 730 days where they fall before the
// last recorded day, and the last recorded day itself (steps x step_days).
std::vector<double> report_horizons(int num_times, double step_days);

// The time index whose outcome count covers first passages up to `day`:
// first-passage days are multiples of the step, so this is floor(day/step).
int time_index_at(double day, double step_days);

// Wilson score interval for k successes in n trials.
Interval wilson(std::int64_t k, std::int64_t n, double z = kZ95);

// Linear-interpolation quantile (type 7) of `values`, which it reorders.
double quantile_inplace(std::vector<float>& values, double p);

// Mean and standard error of every trajectory variable at every time.
class MomentAccumulator {
 public:
  explicit MomentAccumulator(int num_times);
  void add(const model::RunOutput& out);
  double mean(int var, int t) const;
  double standard_error(int var, int t) const;
  std::int64_t count() const { return n_; }

 private:
  int times_;
  std::int64_t n_ = 0;
  std::vector<double> sum_, sumsq_;
};

// Probability that each outcome has happened by each time, with intervals.
class OutcomeAccumulator {
 public:
  OutcomeAccumulator(int num_times, double step_days);
  void add(const model::RunOutput& out);
  // Runs whose outcome was reached at or before `t` (a time index).
  std::int64_t reached_by(int outcome, int t) const;
  Interval probability_by(int outcome, int t) const { return wilson(reached_by(outcome, t), n_); }
  std::int64_t count() const { return n_; }

 private:
  int times_;
  double step_days_;
  std::int64_t n_ = 0;
  std::vector<std::int64_t> first_at_;  // [outcome][t]: runs first reaching it at t
  mutable std::vector<std::int64_t> cumulative_;
  mutable bool dirty_ = true;
};

// Mean and standard error of each per-run metric.
class MetricAccumulator {
 public:
  void add(const std::array<double, model::kNumMetrics>& m);
  Interval mean(int metric) const;  // estimate +/- 1.96 standard errors
  std::int64_t count() const { return n_; }

 private:
  std::int64_t n_ = 0;
  std::array<double, model::kNumMetrics> sum_{}, sumsq_{};
};

// Paired differences B - A of one quantity over runs, on common random numbers.
class PairedAccumulator {
 public:
  void add(double a, double b);
  Interval difference() const;  // mean of b - a with a 95% normal interval
  double mean_a() const { return n_ ? sum_a_ / static_cast<double>(n_) : 0; }
  double mean_b() const { return n_ ? sum_b_ / static_cast<double>(n_) : 0; }
  std::int64_t count() const { return n_; }

 private:
  std::int64_t n_ = 0;
  double sum_a_ = 0, sum_b_ = 0, sum_d_ = 0, sumsq_d_ = 0;
};

// Paired differences B - A of every outcome (by each report horizon) and
// every metric, over runs on common random numbers: what `compare` reports.
struct PairedTables {
  PairedTables(int num_times, double step_days);
  void add(const model::RunOutput& a, const model::RunOutput& b);

  double step_days;
  std::vector<double> horizons;
  std::vector<std::vector<PairedAccumulator>> outcome;  // [outcome][horizon]
  std::vector<PairedAccumulator> metric;
};

}  // namespace simrun::mc
