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
#include "mc/run_plan.h"
#include "output/results_file.h"

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

int sweep(const Options& o);  // sweep_command.cpp

}  // namespace simrun::app
