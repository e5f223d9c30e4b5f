#include "mc/workload.h"

#include <algorithm>
#include <cmath>

#include "model/metrics.h"
#include "model/outcomes.h"
#include "model/variables.h"

namespace simrun::mc {

namespace {
// State, seizure flag, hazard multiplier and one 64-bit draw per agent
// (model/diaspora.h), with room for the kinds' bookkeeping.
constexpr double kBytesPerAgent = 16;
// A generous allowance for one run's event log in memory and on disk.
constexpr double kEventBytesPerStep = 4 * 24;
}  // namespace

double agents_per_run(const RunPlan& plan) {
  const auto& d = plan.base.diaspora;
  return std::max(1.0, std::round(d.population / std::max(1, d.scale)));
}

Workload estimate_workload(const std::vector<const RunPlan*>& plans, std::uint64_t runs, int threads,
                           std::size_t batch_size) {
  Workload w;
  const double n = static_cast<double>(runs);
  const double batch = static_cast<double>(std::min<std::uint64_t>(batch_size, std::max<std::uint64_t>(runs, 1)));
  double max_agents = 0;
  for (const RunPlan* plan : plans) {
    const RunPlan& p = *plan;
    const double steps = p.base.steps(), times = p.num_times(), agents = agents_per_run(p);
    max_agents = std::max(max_agents, agents);
    w.agent_steps += agents * steps * n;
    const double trajectory = static_cast<double>(model::kNumVars) * times * 4.0;
    const double per_run = trajectory + steps * kEventBytesPerStep;
    w.peak_memory += 2 * batch * per_run;  // the batch being computed and the one being written
    const double stored = static_cast<double>(int{model::kNumOutcomes} + int{model::kNumMetrics} + p.uncertain.size() +
                                              p.parameter_sets.columns.size() + (p.parameter_sets.empty() ? 0 : 1)) *
                              8.0 +
                          steps * kEventBytesPerStep + trajectory;
    w.file_bytes += n * stored;
  }
  w.peak_memory += threads * max_agents * kBytesPerAgent;
  return w;
}

}  // namespace simrun::mc
