// The Monte Carlo driver: results independent of the thread count, batches
// delivered in run order, cancellation.
#include <gtest/gtest.h>

#include "mc/engine.h"
#include "mc/summary.h"
#include "support/run_helpers.h"

using namespace simrun;
using simrun::testing::scenario;

namespace {

struct Collected {
  std::vector<std::uint64_t> runs;
  std::vector<std::vector<float>> trajectories;
  std::vector<std::vector<model::EventRecord>> events;
  std::vector<std::vector<double>> sampled;
};

Collected collect(const input::Scenario& sc, int threads, std::uint64_t runs, std::size_t batch) {
  Collected c;
  mc::EngineOptions o;
  o.threads = threads;
  o.num_runs = runs;
  o.seed = sc.seed;
  o.batch_size = batch;
  mc::run_batches({&sc.plan}, o, [&](const mc::Batch& b) {
    for (const auto& r : b.by_plan[0]) {
      c.runs.push_back(r.run);
      c.trajectories.push_back(r.output.trajectories);
      c.events.push_back(r.output.events);
      c.sampled.push_back(r.sampled.values);
    }
  });
  return c;
}

bool same_events(const std::vector<model::EventRecord>& a, const std::vector<model::EventRecord>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].step != b[i].step || a[i].actor != b[i].actor || a[i].target != b[i].target || a[i].action != b[i].action)
      return false;
  return true;
}

}  // namespace

TEST(Engine, ResultsAreBitIdenticalForAnyThreadCountAndBatchSize) {
  const auto sc = scenario("scenarios/ukraine_deal.json", {"agents.diaspora.population=100000"});
  const auto one = collect(sc, 1, 40, 256);
  for (auto [threads, batch] : {std::pair{2, 256}, std::pair{8, 256}, std::pair{3, 7}}) {
    const auto other = collect(sc, threads, 40, static_cast<std::size_t>(batch));
    ASSERT_EQ(one.runs, other.runs) << threads << " threads";
    for (std::size_t i = 0; i < one.runs.size(); ++i) {
      ASSERT_EQ(one.trajectories[i], other.trajectories[i]) << "run " << i << ", " << threads << " threads";
      ASSERT_TRUE(same_events(one.events[i], other.events[i])) << "run " << i;
      ASSERT_EQ(one.sampled[i], other.sampled[i]);
    }
  }
  for (std::size_t i = 0; i < one.runs.size(); ++i) EXPECT_EQ(one.runs[i], i) << "batches arrive in run order";
}

TEST(Engine, ARunDependsOnItsIndexNotOnWhichRunsAreComputed) {
  // Runs 10..19 computed alone equal runs 10..19 of a batch starting at 0:
  // the property that lets MPI ranks or resumed sweeps split the work.
  const auto sc = scenario("scenarios/replay_2024.json", {"agents.diaspora.population=50000"});
  const auto all = collect(sc, 2, 20, 256);
  Collected part;
  mc::EngineOptions o;
  o.threads = 2;
  o.first_run = 10;
  o.num_runs = 10;
  o.seed = sc.seed;
  mc::run_batches({&sc.plan}, o, [&](const mc::Batch& b) {
    for (const auto& r : b.by_plan[0]) part.trajectories.push_back(r.output.trajectories);
  });
  for (std::size_t i = 0; i < 10; ++i) EXPECT_EQ(part.trajectories[i], all.trajectories[10 + i]);
}

TEST(Engine, CancellationStopsBetweenBatches) {
  const auto sc = scenario("scenarios/baseline.json", {"agents.diaspora.population=20000"});
  std::atomic<bool> cancel{false};
  mc::EngineOptions o;
  o.threads = 2;
  o.num_runs = 100;
  o.batch_size = 10;
  o.seed = 1;
  o.cancel = &cancel;
  int batches = 0;
  const bool finished = mc::run_batches({&sc.plan}, o, [&](const mc::Batch&) {
    if (++batches == 2) cancel.store(true);
  });
  EXPECT_FALSE(finished);
  EXPECT_EQ(batches, 2);
}
