#pragma once
// Sweeps on the Monte Carlo engine. A sweep runs every design point
// (mc/design.h) `replications` times; replication i of every point uses the
// streams of run i (common random numbers), so a point's runs are exactly
// the runs of a plain batch with that point's values. Work items
// (point, replication) are taken in order by whichever thread is free, with
// no barrier between points, and handed to a sink in item order, so
// everything reduced from them is the same for any thread count.
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "mc/design.h"
#include "mc/engine.h"
#include "mc/sensitivity.h"
#include "mc/summary.h"
#include "model/metrics.h"
#include "model/outcomes.h"
#include "model/variables.h"

namespace simrun::mc {

enum class RunStatus : std::uint8_t { Pending = 0, Succeeded = 1, Failed = 2 };

// Builds the plan of a design point, on the calling thread. An exception
// marks every run of the point failed, with its text as their error.
using PointPlanSource = std::function<RunPlan(std::size_t point)>;

// What a sweep keeps of one run: enough to reduce any point again after an
// interruption, without its whole trajectories.
struct SweepRecord {
  std::size_t point = 0;
  std::uint64_t replication = 0;
  RunStatus status = RunStatus::Pending;
  std::string error;                                        // when failed
  double seconds = 0;                                       // wall time of the run
  std::array<double, model::kNumOutcomes> first_passage{};  // days; NaN: not reached
  std::array<double, model::kNumMetrics> metrics{};
  std::vector<float> at_horizon;  // [variable][horizon]: trajectories at the report horizons
  std::vector<double> features;   // what SweepOptions::features extracts; empty without it
};

struct SweepJob {
  std::size_t points = 0;
  std::uint64_t replications = 0;
  std::uint64_t seed = 1;
  std::vector<double> horizons;  // days at which SweepRecord::at_horizon samples the trajectories
  // [point * replications + replication]: runs not Pending are skipped (a
  // resumed sweep). Empty: run everything.
  std::vector<RunStatus> status;
  // Only the items [first_item, end_item) are considered (end_item 0: to the
  // last): a rank of a distributed sweep computes one range at a time.
  std::uint64_t first_item = 0, end_item = 0;

  std::uint64_t total_runs() const { return static_cast<std::uint64_t>(points) * replications; }
  std::uint64_t range_end() const { return end_item == 0 ? total_runs() : std::min(end_item, total_runs()); }
  std::uint64_t pending_runs() const;  // in the range
};

struct SweepOptions {
  int threads = 0;  // 0: all hardware threads
  std::size_t batch_size = 256;
  // Called on the calling thread several times a second, with the runs of
  // this invocation finished so far and how many of them failed.
  std::function<void(std::uint64_t done, std::uint64_t failed, std::uint64_t total)> progress;
  const std::atomic<bool>* cancel = nullptr;  // checked between runs
  // Called on the worker thread for each succeeded run: fills the record's
  // `features` from the whole run (a calibration's statistics, computed
  // from the event log that a sweep otherwise does not keep).
  std::function<void(const RunResult&, std::vector<double>&)> features;
};

// Records of consecutive pending items, in item order.
using SweepSink = std::function<void(std::span<const SweepRecord>)>;

// Runs every pending item of `job`. A run that throws is recorded as failed
// and the sweep goes on; to stop at a failure, the sink throws. Returns false
// if cancelled. Exceptions from the sink or the plan source's allocation
// failures propagate after the workers stop.
bool run_sweep(const SweepJob& job, const PointPlanSource& plans, const SweepOptions& options, const SweepSink& sink);

// The records of one point's runs, as a results file keeps them.
struct PointRuns {
  std::size_t replications = 0;
  std::size_t horizons = 0;
  std::vector<RunStatus> status;      // [replication]
  std::vector<float> seconds;         // [replication]
  std::vector<double> first_passage;  // [replication][outcome]
  std::vector<double> metrics;        // [replication][metric]
  std::vector<float> at_horizon;      // [replication][variable][horizon]
  std::size_t num_features = 0;
  std::vector<double> features;  // [replication][feature]; NaN for runs not succeeded

  void resize(std::size_t reps, std::size_t num_horizons, std::size_t features_per_run = 0);
};

// One point's reductions over its succeeded runs (failed runs are left out).
struct PointSummary {
  std::int64_t succeeded = 0, failed = 0;
  std::vector<Interval> outcome;    // [outcome][horizon]: probability by the horizon, Wilson 95%
  std::vector<double> metric_mean;  // [metric]; NaN without succeeded runs
  std::vector<double> metric_se;    // [metric]; NaN with fewer than two
  std::vector<double> quantiles;    // [variable][quantile][horizon], levels kQuantiles; NaN without runs
};

// `step_days`: the model step, with which a first passage is counted by a
// horizon exactly as run files count it.
PointSummary summarize_point(const PointRuns& runs, const std::vector<double>& horizons, double step_days);

// The scalar outputs the sensitivity indices analyse: an outcome's
// probability by a horizon, or a metric's mean, per point.
struct SweepOutput {
  enum class Kind { Outcome, Metric };
  Kind kind = Kind::Outcome;
  int code = 0;             // model::Outcome or model::Metric
  std::size_t horizon = 0;  // index into the horizons (outcomes only)
};

// Sobol or Morris indices of every analysed output, from the per-point
// summaries (a point without succeeded runs gives NaN, which the estimators
// drop: docs/sweeps.md).
struct SweepIndices {
  std::vector<SweepOutput> outputs;
  std::vector<SobolIndices> sobol;    // [output] (Saltelli designs)
  std::vector<MorrisIndices> morris;  // [output] (Morris designs)
};

// The per-point output value of `out`.
double output_value(const SweepOutput& out, const PointSummary& s, std::size_t num_horizons);

// Indices for `outputs` given each output's value per point ([output][point]).
SweepIndices sweep_indices(const Design& design, std::vector<SweepOutput> outputs,
                           const std::vector<std::vector<double>>& values, const BootstrapOptions& bootstrap);

}  // namespace simrun::mc
