#pragma once
// Writes a run's results into an HDF5 group in the layout of
// docs/output-format.md: sampled parameters, trajectories [realization, time],
// the columnar event log, first-passage outcomes and per-run metrics, then
// summaries across runs. Batches arrive in run order; memory holds one batch.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "input/scenario.h"
#include "mc/engine.h"
#include "mc/summary.h"
#include "output/h5.h"
#include "output/results_layout.h"

namespace simrun::output {

struct ScenarioSummary;  // defined in results_writer.cpp

class GroupWriter {
 public:
  // `scratch` receives the trajectories when the scenario does not store
  // them (they are still needed for quantiles); it may be the same file.
  GroupWriter(const h5::Group& group, const h5::Group& scratch, const input::Scenario& sc, std::uint64_t runs);
  ~GroupWriter();
  GroupWriter(const GroupWriter&) = delete;
  GroupWriter& operator=(const GroupWriter&) = delete;

  void write_batch(const std::vector<mc::RunResult>& results);
  // Summaries across runs; reads the trajectories back in column blocks.
  void finish();

  const input::Scenario& scenario() const { return sc_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  const input::Scenario& sc_;
};

// The /differences group of a comparison file ([outcome, horizon] and
// [metric] tables of paired differences B - A with 95% intervals).
void write_differences(const h5::Group& parent, const mc::PairedTables& tables);

// Provenance written at the root of every results file.
struct Provenance {
  std::string file_type = kFileTypeResults;
  std::string command_line;
  int threads = 1;
  std::uint64_t seed = 1;
  std::uint64_t runs = 0;
  std::string start_time;  // ISO 8601, UTC
};

// A results file under construction: written under a temporary name in the
// target's folder and renamed over the target only when complete, so a fault
// never leaves a truncated file under the final name.
class ResultsFile {
 public:
  // Throws h5::Error (I/O) if the temporary file cannot be created.
  ResultsFile(std::filesystem::path target, const Provenance& prov);
  ~ResultsFile();  // removes the temporary file (and scratch) unless committed
  ResultsFile(const ResultsFile&) = delete;
  ResultsFile& operator=(const ResultsFile&) = delete;

  h5::File& file() { return file_; }
  h5::File& scratch();  // created on first use, removed at the end
  // Records the scenario(s) in the root attributes.
  void describe_scenario(const input::Scenario& sc, const std::string& prefix = "");
  // Marks complete, closes and renames onto the target.
  void commit();
  const std::filesystem::path& temp_path() const { return temp_; }

 private:
  std::filesystem::path target_, temp_, scratch_path_;
  h5::File file_;
  h5::File scratch_;
  bool committed_ = false;
};

std::string now_iso8601();

}  // namespace simrun::output
