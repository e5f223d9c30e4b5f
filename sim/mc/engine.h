#pragma once
// The Monte Carlo driver: computes runs in batches on a pool of threads and
// hands each finished batch, in run order, to a sink on the calling thread.
// A run's result depends only on (plan, seed, run index), so the numbers
// do not depend on the thread count; memory holds one batch at a time, so it
// does not grow with the number of runs.
#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

#include "mc/run_plan.h"
#include "model/metrics.h"
#include "model/model.h"

namespace simrun::mc {

// One run of one plan: its sampled parameters, its output and its per-run
// metrics (computed on the worker thread, once).
struct RunResult {
  std::uint64_t run = 0;
  SampledRun sampled;
  model::RunOutput output;
  std::array<double, model::kNumMetrics> metrics{};
};

// A batch holds, for each plan of the job, the results of runs
// [first, first + count) in run order.
struct Batch {
  std::uint64_t first = 0;
  std::size_t count = 0;
  std::vector<std::vector<RunResult>> by_plan;  // [plan][run - first]
};

struct EngineOptions {
  int threads = 0;  // in all, the calling thread included; 0: all hardware threads
  std::uint64_t first_run = 0;
  std::uint64_t num_runs = 0;
  std::size_t batch_size = 256;
  std::uint64_t seed = 1;
  // Called on the calling thread, several times a second while runs are
  // computed and once at the end, with the runs finished so far.
  std::function<void(std::uint64_t done, std::uint64_t total)> progress;
  const std::atomic<bool>* cancel = nullptr;  // checked between runs
};

using BatchSink = std::function<void(const Batch&)>;

// Runs every plan of `plans` for each run index on common random numbers
// (run i of each uses the streams of (seed, i)). Returns false if cancelled
// before finishing. Exceptions from a worker are rethrown here.
bool run_batches(const std::vector<const RunPlan*>& plans, const EngineOptions& opt, const BatchSink& sink);

// Computes one run into `r`, reusing the buffers of `params`, `sim` and `r`.
void compute_run(const RunPlan& plan, std::uint64_t seed, std::uint64_t run, model::ModelParams& params,
                 model::Simulation& sim, RunResult& r);

int resolve_threads(int requested);

}  // namespace simrun::mc
