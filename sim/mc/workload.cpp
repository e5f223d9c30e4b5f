#include "mc/workload.h"

#include <algorithm>
#include <cmath>

#include "model/diaspora.h"
#include "model/metrics.h"
#include "model/outcomes.h"
#include "model/variables.h"

namespace simrun::mc {

namespace {
// Costs measured with docs/performance.md's commands, each rounded down.
// A model step without the diaspora (actors, channels, outcomes, the
// results row), and the sparse engine's scan of its buckets.
constexpr double kSecondsPerStep = 5e-6;
// One event of the sparse engine: a departure, deportation, detention,
// release or seizure, with the agent's record drawn on first contact.
constexpr double kSecondsPerEvent = 1e-7;
// Events per present agent and day in a quiet year (the baseline's
// departures; ukraine_deal measures about 1.6e-4). A crisis has more, so
// the estimate errs short.
constexpr double kEventsPerAgentStep = 1e-4;
// The dense reference loop, per agent-step (vectorised).
constexpr double kSecondsPerDenseAgentStep = 1.5e-9;
// The dense engine's arrays: state, seizure flag, multiplier and two random
// words, 32 bits each.
constexpr double kDenseBytesPerAgent = 20;
// A record the sparse engine gives an agent it touches (model/sparse_diaspora.h),
// its list slot and the lists' spare capacity.
constexpr double kSparseBytesPerTouchedAgent = 48;
// A generous allowance for one run's event log in memory and on disk.
constexpr double kEventBytesPerStep = 4 * 24;

struct RunCost {
  double seconds = 0, events = 0, agent_bytes = 0;
};

// One run of `agents` agents over `steps` steps with the engine that
// Diaspora::init picks for that many.
RunCost run_cost(double agents, double steps) {
  RunCost c;
  c.seconds = steps * kSecondsPerStep;
  if (agents < static_cast<double>(model::kSparseFromAgents)) {
    c.seconds += agents * steps * kSecondsPerDenseAgentStep;
    c.agent_bytes = agents * kDenseBytesPerAgent;
    return c;
  }
  c.events = agents * steps * kEventsPerAgentStep;
  c.seconds += c.events * kSecondsPerEvent;
  c.agent_bytes = std::min(agents, c.events) * kSparseBytesPerTouchedAgent;
  return c;
}
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
  double agent_bytes = 0;
  for (const RunPlan* plan : plans) {
    const RunPlan& p = *plan;
    const double steps = p.base.steps(), times = p.num_times(), agents = agents_per_run(p);
    const RunCost cost = run_cost(agents, steps);
    agent_bytes = std::max(agent_bytes, cost.agent_bytes);
    w.agent_steps += agents * steps * n;
    w.events += cost.events * n;
    w.cpu_seconds += cost.seconds * n;
    const double trajectory = static_cast<double>(model::kNumVars) * times * 4.0;
    const double per_run = trajectory + steps * kEventBytesPerStep;
    w.peak_memory += 2 * batch * per_run;  // the batch being computed and the one being written
    const double stored = static_cast<double>(int{model::kNumOutcomes} + int{model::kNumMetrics} + p.uncertain.size() +
                                              p.parameter_sets.columns.size() + (p.parameter_sets.empty() ? 0 : 1)) *
                              8.0 +
                          steps * kEventBytesPerStep + trajectory;
    w.file_bytes += n * stored;
  }
  w.peak_memory += threads * agent_bytes;
  return w;
}

}  // namespace simrun::mc
