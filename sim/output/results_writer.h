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


}  // namespace simrun::output
