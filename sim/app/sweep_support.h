#pragma once
// The steps of simrun sweep (sweep_command.cpp) that simrun calibrate
// (calibrate_command.cpp) runs too: the same state file, --resume, limits
// and treatment of failed runs.
#include <filesystem>
#include <functional>
#include <vector>

#include "app/options.h"
#include "input/scenario.h"
#include "input/sweep.h"
#include "mc/sweep.h"
#include "output/h5.h"
#include "output/sweep_file.h"

namespace simrun::app {

struct SweepContext {
  input::Sweep sweep;
  input::ScenarioTemplate tpl;
  input::Scenario base;
  std::vector<double> horizons;
  output::SweepHeader header;
};

using RunFeatures = std::function<void(const mc::RunResult&, std::vector<double>&)>;

output::SweepHeader header_of(const SweepContext& c);

// --runs (replications per point), --seed and --set applied to a loaded
// sweep, and recorded in its resolved form.
void apply_command_line(const Options& o, input::Sweep& sw);

// The plan of a design point: the base scenario with the point's values set,
// exactly as `simrun SCENARIO --set ...` would build it.
mc::RunPlan plan_of(const SweepContext& c, std::size_t point);

// The run table to start from: a fresh state file, or the one an
// interrupted sweep left (--resume); `status` gets what is done.
output::SweepState open_state(const Options& o, const SweepContext& c, const std::filesystem::path& state_path,
                              std::vector<mc::RunStatus>& status);

// A worker rank of an MPI job computes the ranges of items rank 0 hands out
// (with `features` of each run, when given); rank 0 alone owns the state and
// results files (docs/distributed.md). Returns the exit code.
int serve_sweep(const SweepContext& c, int threads, const RunFeatures& features);

// Runs what is pending, recording each batch (with `features` of each run,
// when given) in the state file. Throws Interrupted when a signal stops it.
void run_pending(const Options& o, const SweepContext& c, output::SweepState& state,
                 const std::filesystem::path& state_path, std::vector<mc::RunStatus> status, int threads,
                 const RunFeatures& features);

// Reduces every point from the state file into the results file, then the
// indices; `extra` adds to the file before it is committed.
void write_results(const Options& o, const SweepContext& c, output::SweepState& state, const std::filesystem::path& out,
                   int threads, const std::function<void(const h5::File&)>& extra);

}  // namespace simrun::app
