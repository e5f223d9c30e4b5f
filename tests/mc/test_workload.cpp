// The workload estimate (mc/workload.h) follows the diaspora engine a run
// uses: the sparse engine's cost grows with the steps and the events, not
// with the agent-steps; the dense engine's with the agent-steps.
#include "mc/workload.h"

#include <gtest/gtest.h>

#include "model/diaspora.h"
#include "support/run_helpers.h"

using namespace simrun;
using simrun::testing::scenario;

namespace {

mc::Workload estimate(double population, std::uint64_t runs, int horizon_days = 365) {
  const auto sc = scenario("scenarios/baseline.json",
                           {"agents.diaspora.population=" + std::to_string(population), "agents.diaspora.scale=1",
                            "run.horizon_days=" + std::to_string(horizon_days)});
  return mc::estimate_workload({&sc.plan}, runs, 1);
}

}  // namespace

// Ten times the people costs far less than ten times the time: the events
// grow with them, the per-step work does not.
TEST(Workload, SparseCostGrowsWithEventsNotAgentSteps) {
  const mc::Workload small = estimate(100000, 1000), big = estimate(1000000, 1000);
  EXPECT_DOUBLE_EQ(big.agent_steps, 10 * small.agent_steps);
  EXPECT_DOUBLE_EQ(big.events, 10 * small.events);
  EXPECT_GT(big.cpu_seconds, small.cpu_seconds);
  EXPECT_LT(big.cpu_seconds, 5 * small.cpu_seconds);
  // A run of a million people is estimated in milliseconds, as measured.
  EXPECT_LT(big.cpu_seconds / 1000, 0.05);
  EXPECT_GT(big.cpu_seconds / 1000, 0.001);
}

// The job docs/cli.md once gave as too big (five million people, 30,000
// runs: 5.5e13 agent-steps) is estimated at under an hour; a hundred
// million runs of it at over three days on one core.
TEST(Workload, BigSparseJobsFitAndAbsurdOnesDoNot) {
  EXPECT_LT(estimate(5000000, 30000).cpu_seconds, 3600);
  EXPECT_GT(estimate(5000000, 100000000).cpu_seconds, 3 * 86400);
}

// Below the crossover the dense engine runs: cost and memory per agent-step
// and per agent.
TEST(Workload, SmallDiasporasAreEstimatedAsTheDenseEngine) {
  const double n = static_cast<double>(model::kSparseFromAgents) - 4;
  const mc::Workload w = estimate(n, 1000);
  EXPECT_EQ(w.events, 0);
  const mc::Workload twice = estimate(n, 1000, 730);
  EXPECT_DOUBLE_EQ(twice.agent_steps, 2 * w.agent_steps);
  EXPECT_NEAR(twice.cpu_seconds, 2 * w.cpu_seconds, 1e-9 * w.cpu_seconds);
}

// Memory holds the records of touched agents: at most one per agent, and
// per thread.
TEST(Workload, SparseMemoryFollowsTouchedAgents) {
  const auto sc =
      scenario("scenarios/baseline.json", {"agents.diaspora.population=5000000", "agents.diaspora.scale=1"});
  const mc::Workload one = mc::estimate_workload({&sc.plan}, 1000, 1), two = mc::estimate_workload({&sc.plan}, 1000, 2);
  const double per_thread = two.peak_memory - one.peak_memory;
  EXPECT_GT(per_thread, 0);
  // 5,000,000 x 365 x the nominal rate touches about 180,000 agents, far fewer than 5 million.
  EXPECT_LT(per_thread, 5000000.0 * 16);
}
