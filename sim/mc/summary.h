#pragma once
// Summaries across runs. Every accumulator is fed in run order on one thread,
// so sums are formed in a fixed order and the results are bit-identical for
// any number of threads.
#include <array>
#include <cstdint>
#include <functional>
#include <vector>

#include "mc/engine.h"
#include "mc/order_statistics.h"
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

// Mean and standard error of one quantity over runs, fed one value at a time
// (Welford's update: no cancellation when the spread is small next to the mean).
class MeanAccumulator {
 public:
  void add(double x) {
    ++n_;
    const double d = x - mean_;
    mean_ += d / static_cast<double>(n_);
    m2_ += d * (x - mean_);
  }
  std::int64_t count() const { return n_; }
  double mean() const;            // NaN without values
  double standard_error() const;  // NaN with fewer than two values
  Interval interval95() const;    // mean +/- 1.96 standard errors; 0 width with one value, zeros with none

 private:
  std::int64_t n_ = 0;
  double mean_ = 0, m2_ = 0;  // running mean and sum of squared deviations
};

// Mean and standard error of every trajectory variable at every time.
class MomentAccumulator {
 public:
  explicit MomentAccumulator(int num_times);
  void add(const model::RunOutput& out);
  double mean(int var, int t) const { return at(var, t).mean(); }
  double standard_error(int var, int t) const { return at(var, t).standard_error(); }

 private:
  const MeanAccumulator& at(int var, int t) const { return acc_[static_cast<std::size_t>(var) * times_ + t]; }
  int times_;
  std::vector<MeanAccumulator> acc_;  // [var][t]
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

// Paired differences B - A of one quantity over runs, on common random numbers.
class PairedAccumulator {
 public:
  void add(double a, double b) {
    sum_a_ += a;
    sum_b_ += b;
    d_.add(b - a);
  }
  Interval difference() const { return d_.interval95(); }  // mean of b - a with a 95% normal interval
  // Plain sums: for 0/1 outcomes they are exact counts, so mean_a equals the
  // summary's k/n to the last bit.
  double mean_a() const { return count() ? sum_a_ / static_cast<double>(count()) : 0; }
  double mean_b() const { return count() ? sum_b_ / static_cast<double>(count()) : 0; }
  std::int64_t count() const { return d_.count(); }

 private:
  double sum_a_ = 0, sum_b_ = 0;
  MeanAccumulator d_;
};

// Paired differences B - A of every outcome (by each report horizon) and
// every metric, over runs on common random numbers: what `compare` reports.
struct PairedTables {
  PairedTables(int num_times, double step_days);
  void add(const RunResult& a, const RunResult& b);

  double step_days;
  std::vector<double> horizons;
  std::vector<std::vector<PairedAccumulator>> outcome;  // [outcome][horizon]
  std::vector<PairedAccumulator> metric;
};

}  // namespace simrun::mc

namespace simrun::mc {

// The finished summaries of one plan's runs: what the results file's
// summary group holds, computed here so that writers only write.
struct SummaryTables {
  std::int64_t runs = 0;
  std::vector<double> time;  // days since the start, one per time index
  struct Variable {
    std::vector<double> quantiles;  // [quantile][time], levels kQuantiles
    std::vector<double> mean, se;   // [time]
  };
  std::vector<Variable> variables;  // [var]
  struct Probability {
    std::vector<double> p, lower, upper;  // Wilson 95%
  };
  std::vector<Probability> outcome_by_time;                     // [outcome], each [time]
  std::vector<double> horizons;                                 // report horizons, days
  Probability outcome_by_horizon;                               // each [outcome][horizon]
  std::vector<double> metric_mean, metric_lower, metric_upper;  // [metric]
};

// Reads runs [row0, row0 + rows) of time columns [t0, t0 + width) of one
// variable's trajectories, row-major, from wherever the runs were stored.
using TrajectoryBlockReader = std::function<void(int var, std::uint64_t row0, std::uint64_t rows, std::uint64_t t0,
                                                 std::uint64_t width, std::vector<float>& out)>;

// The reductions of one plan's runs. Fed in run order on one thread, so the
// sums, and therefore every summary, are the same for any thread count.
class ScenarioSummary {
 public:
  ScenarioSummary(int num_times, double step_days);
  void add(const RunResult& r);
  std::int64_t count() const { return outcomes_.count(); }
  // Quantiles need every run's trajectory: they are read back in blocks
  // (a few passes each), so memory does not grow with the number of runs.
  // `threads` threads share the variables; `read` is called by one at a
  // time (an HDF5 file serves one caller).
  SummaryTables finish(const TrajectoryBlockReader& read, int threads = 1) const;

 private:
  void finish_variables(SummaryTables& s, const TrajectoryBlockReader& read, int threads) const;
  void finish_variable(int v, SummaryTables::Variable& out, const TrajectoryBlockReader& read) const;
  void finish_outcomes(SummaryTables& s) const;
  int times_;
  double step_days_;
  MomentAccumulator moments_;
  OutcomeAccumulator outcomes_;
  std::array<MeanAccumulator, model::kNumMetrics> metrics_{};
};

// Block sizes of the quantile read-back: the results file chunks its
// trajectories the same way, so that each read covers whole chunks.
inline constexpr std::uint64_t kQuantileRunBlock = 256;
inline constexpr std::uint64_t kQuantileTimeBlock = 8;

}  // namespace simrun::mc
