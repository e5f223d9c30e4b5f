// Batches and sweep records as bytes (what MPI ranks send rank 0): every
// field comes back bit for bit, including NaNs; a cut message is an error.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "mc/sweep.h"
#include "mc/wire.h"
#include "support/run_helpers.h"

using namespace simrun;
using simrun::testing::scenario;

namespace {

template <class T>
bool same_bits(const T& a, const T& b) {
  static_assert(std::is_trivially_copyable_v<T>);
  return std::memcmp(&a, &b, sizeof(T)) == 0;
}

bool same_result(const mc::RunResult& a, const mc::RunResult& b) {
  if (a.run != b.run || a.sampled.values != b.sampled.values || a.sampled.occurs != b.sampled.occurs ||
      a.sampled.parameter_set != b.sampled.parameter_set)
    return false;
  if (a.output.num_times != b.output.num_times || a.output.step_days != b.output.step_days) return false;
  if (a.output.trajectories != b.output.trajectories || a.output.events.size() != b.output.events.size()) return false;
  for (std::size_t i = 0; i < a.output.events.size(); ++i) {
    const auto &x = a.output.events[i], &y = b.output.events[i];
    if (x.step != y.step || x.actor != y.actor || x.target != y.target || x.action != y.action) return false;
  }
  return same_bits(a.output.first_passage, b.output.first_passage) && same_bits(a.metrics, b.metrics);
}

}  // namespace

TEST(Wire, ABatchOfTwoPlansComesBackBitForBit) {
  const auto a = scenario("scenarios/ukraine_deal.json", {"agents.diaspora.population=20000"});
  const auto b = scenario("scenarios/baseline.json", {"agents.diaspora.population=20000"});
  mc::EngineOptions o;
  o.threads = 2;
  o.first_run = 5;
  o.num_runs = 6;
  o.seed = 11;
  mc::wire::Bytes bytes;
  mc::Batch sent;
  mc::run_batches({&a.plan, &b.plan}, o, [&](const mc::Batch& batch) {
    mc::wire::Writer w(bytes);
    mc::wire::put_batch(w, batch);
    sent = batch;
  });
  mc::Batch got;
  mc::wire::Reader r(bytes);
  mc::wire::get_batch(r, got);
  EXPECT_TRUE(r.done());
  ASSERT_EQ(got.first, 5u);
  ASSERT_EQ(got.count, 6u);
  ASSERT_EQ(got.by_plan.size(), 2u);
  bool some_events = false, some_nan = false;
  for (std::size_t s = 0; s < 2; ++s)
    for (std::size_t i = 0; i < got.count; ++i) {
      EXPECT_TRUE(same_result(sent.by_plan[s][i], got.by_plan[s][i])) << "plan " << s << " run " << i;
      some_events |= !got.by_plan[s][i].output.events.empty();
      for (double fp : got.by_plan[s][i].output.first_passage) some_nan |= std::isnan(fp);
    }
  EXPECT_TRUE(some_events);
  EXPECT_TRUE(some_nan);  // outcomes not reached travel as NaN
  // Both scenarios draw from the library's parameter sets: the set travels too.
  EXPECT_GE(got.by_plan[0][0].sampled.parameter_set, 0);

  bytes.resize(bytes.size() - 3);
  mc::wire::Reader cut(bytes);
  EXPECT_THROW(mc::wire::get_batch(cut, got), std::runtime_error);
}

TEST(Wire, SweepRecordsComeBackWithTheirErrors) {
  std::vector<mc::SweepRecord> sent(3);
  for (std::size_t i = 0; i < sent.size(); ++i) {
    sent[i].point = 7 + i;
    sent[i].replication = 100 + i;
    sent[i].status = i == 1 ? mc::RunStatus::Failed : mc::RunStatus::Succeeded;
    sent[i].error = i == 1 ? "this point changes run.step_days" : "";
    sent[i].seconds = 0.25 * static_cast<double>(i);
    sent[i].first_passage.fill(std::nan(""));
    sent[i].first_passage[0] = 3.0 + static_cast<double>(i);
    sent[i].metrics.fill(-1.5 * static_cast<double>(i));
    sent[i].at_horizon = {1.f, 2.f, static_cast<float>(i)};
    sent[i].features = {0.5, -static_cast<double>(i)};
  }
  mc::wire::Bytes bytes;
  mc::wire::Writer w(bytes);
  mc::wire::put_records(w, sent);
  std::vector<mc::SweepRecord> got;
  mc::wire::Reader r(bytes);
  mc::wire::get_records(r, got);
  EXPECT_TRUE(r.done());
  ASSERT_EQ(got.size(), sent.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].point, sent[i].point);
    EXPECT_EQ(got[i].replication, sent[i].replication);
    EXPECT_EQ(got[i].status, sent[i].status);
    EXPECT_EQ(got[i].error, sent[i].error);
    EXPECT_EQ(got[i].seconds, sent[i].seconds);
    EXPECT_TRUE(same_bits(got[i].first_passage, sent[i].first_passage));
    EXPECT_TRUE(same_bits(got[i].metrics, sent[i].metrics));
    EXPECT_EQ(got[i].at_horizon, sent[i].at_horizon);
    EXPECT_EQ(got[i].features, sent[i].features);
  }
}

TEST(SweepEngine, ARangeOfItemsIsExactlyThoseItemsOfTheWholeSweep) {
  const auto sc = scenario("scenarios/ukraine_deal.json", {"agents.diaspora.population=20000"});
  mc::SweepJob job;
  job.points = 3;
  job.replications = 4;
  job.seed = 5;
  job.horizons = {30, 90};
  job.status.assign(12, mc::RunStatus::Pending);
  job.status[6] = mc::RunStatus::Succeeded;  // done before: skipped
  auto collect = [&](const mc::SweepJob& j) {
    std::vector<mc::SweepRecord> out;
    mc::SweepOptions so;
    so.threads = 2;
    mc::run_sweep(
        j, [&](std::size_t) { return sc.plan; }, so,
        [&](std::span<const mc::SweepRecord> r) { out.insert(out.end(), r.begin(), r.end()); });
    return out;
  };
  const auto whole = collect(job);
  ASSERT_EQ(whole.size(), 11u);
  mc::SweepJob part = job;
  part.first_item = 5;
  part.end_item = 9;
  EXPECT_EQ(part.pending_runs(), 3u);
  const auto some = collect(part);
  ASSERT_EQ(some.size(), 3u);
  for (std::size_t i = 0; i < some.size(); ++i) {
    const auto& w = whole[5 + i];  // items 5, 7, 8 of the whole are records 5, 6, 7
    EXPECT_EQ(some[i].point * 4 + some[i].replication, w.point * 4 + w.replication);
    EXPECT_EQ(some[i].at_horizon, w.at_horizon);
    EXPECT_TRUE(same_bits(some[i].metrics, w.metrics));
  }
}
