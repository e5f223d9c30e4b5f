#pragma once
// What the commands that write results files share (defined in
// commands.cpp): signal handling, the output path checks, provenance, and
// the workload limits.
#include <atomic>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "app/options.h"
#include "input/scenario.h"
#include "mc/engine.h"
#include "mc/run_plan.h"
#include "mc/summary.h"
#include "output/results_file.h"
#include "output/results_writer.h"

namespace simrun::app {

// Set by the first SIGINT, SIGTERM, SIGHUP or SIGQUIT once
// install_stop_handlers() has run: long work stops at the next chance.
const std::atomic<bool>& stop_requested();
void install_stop_handlers();

// Thrown when a signal stopped the work; run_command turns it into 128 + signal.
class Interrupted : public std::runtime_error {
 public:
  Interrupted();
  explicit Interrupted(const std::string& message);
  int signal;
};

// Where the results go, checked before anything is computed (docs/cli.md).
std::filesystem::path output_path(const Options& o, const std::string& default_name,
                                  const std::vector<std::string>& inputs);
std::vector<std::string> inputs_of(const std::vector<const input::Scenario*>& scenarios);
output::Provenance provenance(const Options& o, const char* file_type, int threads, const input::Scenario& sc);
output::ScenarioRecord record_of(const input::Scenario& sc);
std::string human_bytes(double bytes);
// Refuses a workload beyond the limits of docs/cli.md unless --allow-large.
// `file_bytes`, when given, replaces the estimate of what a run file would
// hold (a sweep keeps much less per run).
void check_workload(const Options& o, const std::vector<const mc::RunPlan*>& plans, std::uint64_t runs, int threads,
                    const std::filesystem::path& out, std::optional<double> file_bytes = std::nullopt);

// The options' --set assignments, then those --runs, --seed,
// --no-trajectories and --no-events stand for.
std::vector<std::string> effective_sets(const Options& o);

// One scenario's writer and reductions inside a results file: batches are
// written and reduced in run order; the finished summary is written last.
struct ScenarioOutput {
  output::GroupWriter writer;
  mc::ScenarioSummary summary;

  ScenarioOutput(const h5::Group& group, const h5::Group& scratch, const input::Scenario& sc, std::uint64_t runs)
      : writer(group, scratch, sc.plan, {sc.store_trajectories, sc.store_events}, runs),
        summary(sc.plan.num_times(), sc.plan.base.step_days) {}
  void add(const std::vector<mc::RunResult>& results) {
    writer.write_batch(results);
    for (const auto& r : results) summary.add(r);
  }
  void finish(int threads) { writer.write_summary(summary.finish(writer.trajectory_reader(), threads)); }
};

// Runs `plans` on common random numbers with a progress display; throws
// Interrupted when a signal stops it.
void run_with_progress(const std::vector<const mc::RunPlan*>& plans, const std::string& label, std::uint64_t runs,
                       std::uint64_t seed, int threads, bool quiet, const mc::BatchSink& sink, double* seconds);

// A worker rank of an MPI job (dist::is_worker()) computes the runs of
// `plans` that rank 0 hands out, and writes and prints nothing
// (docs/distributed.md). Returns the exit code.
int serve_runs(const std::vector<const mc::RunPlan*>& plans, std::uint64_t seed, int threads);

// The debug lines of -v: the extends chain, the --set assignments applied,
// the uncertain parameters and what is stored.
void log_scenario(const input::Scenario& sc);

// Writes `text` to --out (safely: a temporary file, then a rename that
// replaces nothing without --force), or to standard output without --out.
void write_text_output(const Options& o, const std::string& text, const std::vector<std::string>& inputs);

int sweep(const Options& o);           // sweep_command.cpp
int compare(const Options& o);         // compare_command.cpp
int print_scenario(const Options& o);  // results_commands.cpp
int export_per_run(const Options& o);  // results_commands.cpp
int score(const Options& o);           // score_command.cpp
int calibrate(const Options& o);       // calibrate_command.cpp

}  // namespace simrun::app
