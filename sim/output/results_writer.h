#pragma once
// Writes one plan's results into an HDF5 group in the layout declared in
// output/results_layout.h (docs/output-format.md): sampled parameters,
// trajectories [realization, time], the columnar event log, first-passage
// outcomes and per-run metrics as batches arrive in run order, then the
// summaries that the Monte Carlo layer reduced. The writer computes nothing.
#include <cstdint>
#include <memory>
#include <vector>

#include "mc/engine.h"
#include "mc/run_plan.h"
#include "mc/summary.h"
#include "output/h5.h"

namespace simrun::output {

struct GroupOptions {
  bool store_trajectories = true;
  bool store_events = true;
};

class GroupWriter {
 public:
  // `scratch` receives the trajectories when they are not stored (the
  // summaries still need them for quantiles); it may be the same file.
  GroupWriter(const h5::Group& group, const h5::Group& scratch, const mc::RunPlan& plan, GroupOptions options,
              std::uint64_t runs);
  ~GroupWriter();
  GroupWriter(const GroupWriter&) = delete;
  GroupWriter& operator=(const GroupWriter&) = delete;

  void write_batch(const std::vector<mc::RunResult>& results);
  // Reads back what write_batch stored, for the quantiles of the summary.
  mc::TrajectoryBlockReader trajectory_reader() const;
  void write_summary(const mc::SummaryTables& summary);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The /differences group of a comparison file ([outcome, horizon] and
// [metric] tables of paired differences B - A with 95% intervals).
void write_differences(const h5::Group& parent, const mc::PairedTables& tables);

}  // namespace simrun::output
