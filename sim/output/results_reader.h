#pragma once
// Reads the summary of a results file back, refusing files that are not
// complete simrun results of a format version this program knows.
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
  std::vector<double> horizons;  // days
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

std::string format_summary(const SummaryTable& t);
std::string format_summary_csv(const SummaryTable& t);

}  // namespace simrun::output
