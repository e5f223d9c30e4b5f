#pragma once
// Reads the summary of a results file back, refusing files that are not
// complete simrun results of a format version this program knows.
#include <cstdint>
#include <string>
#include <vector>

namespace simrun::output {

struct SummaryTable {
  std::string file;
  std::string scenario_name;
  std::string description;
  std::string start_date;
  std::string simrun_version;
  long runs = 0;
  long seed = 0;
  long threads = 0;
  std::vector<std::string> sets;  // scenario_sets, as applied
  std::vector<double> horizons;   // days
  std::vector<std::string> outcomes;
  std::vector<std::vector<double>> p, lo, hi;  // [outcome][horizon]
  std::vector<std::string> metrics;
  std::vector<double> metric_mean, metric_lo, metric_hi;
};

// Throws InputError (exit code 2) for a file that is missing, not HDF5, not a
// simrun results file, incomplete, or of an unknown major format version.
SummaryTable read_summary(const std::string& path);

// What `simrun summary` prints: the summary table (or CSV) of a results
// file, or for a comparison file the paired differences B - A. Throws as
// read_summary.
std::string describe_results(const std::string& path, bool csv);

// The runs a results file stores, one value per run and column: what
// `compare` pairs with new runs and `export --per-run` prints.
struct StoredRuns {
  std::string file;
  std::string name, description, scenario_file, scenario_json, start_date;
  std::vector<std::string> chain, sets;
  long long seed = 0, runs = 0;
  std::vector<std::string> parameter_names;        // as in parameters/
  std::vector<std::vector<double>> parameters;     // [parameter][run]
  std::vector<std::vector<double>> first_passage;  // [outcome][run], the model's outcome order; NaN: not reached
  std::vector<std::vector<double>> metrics;        // [metric][run], the model's metric order
};

// Reads a complete results file's stored runs. Throws InputError (exit
// code 2) as read_summary does, and for a comparison or sweep file (which
// hold no single scenario's runs) or a file without per-run outcomes.
StoredRuns read_stored_runs(const std::string& path);

// The event log a results file stores (group events), as `simrun score`
// reads it: one entry per event, ordered by run.
struct StoredEvents {
  std::string file, scenario_name, start_date;
  long long runs = 0, seed = 0;
  double last_day = 0;  // the last time point, days since start_date
  std::vector<std::int64_t> run;
  std::vector<double> time;  // days since start_date (end of the event's step)
  std::vector<std::int16_t> actor, target;
  std::vector<int> action;  // this program's action codes, matched by name; -1 for a name it does not know
  std::vector<float> goldstein;
};

// Reads a results file's event log. Throws InputError as read_stored_runs
// does, and for a file made without the event log (--no-events).
StoredEvents read_event_log(const std::string& path);

// What `simrun export --per-run` prints: CSV, one row per run. A results
// file gives run, the sampled parameters, the first-passage day of each
// outcome (<outcome>_day, empty when not reached) and the metrics; a sweep
// file gives point, replication, status and the factor values instead of
// the parameters. Throws InputError for other files.
std::string per_run_csv(const std::string& path);

// The resolved scenario a results or sweep file stores (the base scenario
// of a sweep), as JSON text. Throws InputError for other files.
std::string stored_scenario(const std::string& path);

// The assignments of `sets` that change the scenario itself: all but those
// that --runs, --seed, --no-trajectories and --no-events turn into (run
// size, seed and storage are shown elsewhere or change no number).
std::vector<std::string> scenario_changes(const std::vector<std::string>& sets);
// " with --set A, --set B" for the changes among `sets`, or "".
std::string with_sets(const std::vector<std::string>& sets);

std::string format_summary(const SummaryTable& t);
std::string format_summary_csv(const SummaryTable& t);

}  // namespace simrun::output
