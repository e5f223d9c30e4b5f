// The sweep driver: items handed over once each, in order, skipping what a
// resumed sweep has done; the same records for any thread count and batch
// size; a point whose plan cannot be built fails its runs and the sweep goes
// on; per-point reductions leave failed runs out.
#include <gtest/gtest.h>

#include <cmath>

#include "mc/sweep.h"
#include "support/run_helpers.h"

using namespace simrun;
using simrun::testing::scenario;

namespace {

struct Fixture {
  input::Scenario sc = scenario("scenarios/ukraine_deal.json", {"agents.diaspora.population=50000"});
  std::vector<double> horizons = mc::report_horizons(sc.plan.num_times(), sc.plan.base.step_days);

  mc::SweepJob job(std::size_t points, std::uint64_t reps) const {
    mc::SweepJob j;
    j.points = points;
    j.replications = reps;
    j.seed = 5;
    j.horizons = horizons;
    return j;
  }
  // Point p is the base plan with Russia's reputation sensitivity at 0.3 + 0.2 p;
  // point `broken` cannot be built.
  mc::PointPlanSource source(std::size_t broken = 99) const {
    return [this, broken](std::size_t p) {
      if (p == broken) throw std::runtime_error("no plan for this point");
      mc::RunPlan plan = sc.plan;
      plan.base.states[model::RU].reputation_sensitivity = 0.3 + 0.2 * static_cast<double>(p);
      return plan;
    };
  }
};

std::vector<mc::SweepRecord> collect(const mc::SweepJob& job, const mc::PointPlanSource& src, int threads,
                                     std::size_t batch) {
  std::vector<mc::SweepRecord> out;
  mc::SweepOptions o;
  o.threads = threads;
  o.batch_size = batch;
  EXPECT_TRUE(mc::run_sweep(job, src, o, [&](auto recs) { out.insert(out.end(), recs.begin(), recs.end()); }));
  return out;
}

bool same(const mc::SweepRecord& a, const mc::SweepRecord& b) {
  auto eq = [](double x, double y) { return x == y || (std::isnan(x) && std::isnan(y)); };
  for (std::size_t i = 0; i < a.first_passage.size(); ++i)
    if (!eq(a.first_passage[i], b.first_passage[i])) return false;
  return a.point == b.point && a.replication == b.replication && a.status == b.status && a.metrics == b.metrics &&
         a.at_horizon == b.at_horizon && a.error == b.error;
}

}  // namespace

TEST(SweepEngine, ItemsArriveOnceInOrderWhateverTheThreadsAndBatches) {
  Fixture f;
  const auto job = f.job(3, 7);
  const auto one = collect(job, f.source(), 1, 256);
  ASSERT_EQ(one.size(), 21u);
  for (std::size_t k = 0; k < one.size(); ++k) {
    EXPECT_EQ(one[k].point, k / 7);
    EXPECT_EQ(one[k].replication, k % 7);
    EXPECT_EQ(one[k].status, mc::RunStatus::Succeeded);
  }
  for (auto [threads, batch] : {std::pair{2, 256}, std::pair{3, 4}, std::pair{2, 1}}) {
    const auto other = collect(job, f.source(), threads, static_cast<std::size_t>(batch));
    ASSERT_EQ(other.size(), one.size());
    for (std::size_t k = 0; k < one.size(); ++k) EXPECT_TRUE(same(one[k], other[k])) << k << ", " << threads;
  }
}

TEST(SweepEngine, AResumedSweepComputesOnlyWhatIsPendingAndTheSameNumbers) {
  Fixture f;
  auto job = f.job(3, 5);
  const auto all = collect(job, f.source(), 2, 4);
  job.status.assign(15, mc::RunStatus::Succeeded);
  for (std::size_t k : {1u, 2u, 7u, 14u}) job.status[k] = mc::RunStatus::Pending;
  job.status[9] = mc::RunStatus::Failed;  // done too: not retried
  const auto rest = collect(job, f.source(), 2, 3);
  ASSERT_EQ(rest.size(), 4u);
  std::size_t i = 0;
  for (std::size_t k : {1u, 2u, 7u, 14u}) EXPECT_TRUE(same(rest[i++], all[k])) << k;
}

TEST(SweepEngine, APointWithoutAPlanFailsItsRunsAndTheOthersGoOn) {
  Fixture f;
  const auto recs = collect(f.job(3, 4), f.source(1), 2, 5);
  ASSERT_EQ(recs.size(), 12u);
  for (const auto& r : recs) {
    EXPECT_EQ(r.status, r.point == 1 ? mc::RunStatus::Failed : mc::RunStatus::Succeeded);
    EXPECT_EQ(r.error, r.point == 1 ? "no plan for this point" : "");
  }
  // Reductions leave the failed runs out.
  mc::PointRuns runs;
  runs.resize(4, f.horizons.size());
  for (std::size_t r = 0; r < 4; ++r) {
    runs.status[r] = r < 2 ? recs[r].status : mc::RunStatus::Failed;
    std::copy(recs[r].metrics.begin(), recs[r].metrics.end(),
              runs.metrics.begin() + static_cast<long>(r * model::kNumMetrics));
  }
  const auto s = mc::summarize_point(runs, f.horizons, f.sc.plan.base.step_days);
  EXPECT_EQ(s.succeeded, 2);
  EXPECT_EQ(s.failed, 2);
  EXPECT_DOUBLE_EQ(s.metric_mean[0], (recs[0].metrics[0] + recs[1].metrics[0]) / 2);
}

TEST(SweepEngine, CancellingStopsBeforeTheEndAndSaysSo) {
  Fixture f;
  std::atomic<bool> cancel{false};
  mc::SweepOptions o;
  o.threads = 2;
  o.batch_size = 2;
  o.cancel = &cancel;
  std::size_t seen = 0;
  const bool done = mc::run_sweep(f.job(4, 10), f.source(), o, [&](auto recs) {
    seen += recs.size();
    cancel.store(true);
  });
  EXPECT_FALSE(done);
  EXPECT_LT(seen, 40u);
}
