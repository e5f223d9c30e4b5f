// The reductions of the Monte Carlo layer: intervals, quantiles, the mean
// accumulator, paired differences, a scenario's summary, and run plans.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <thread>

#include "mc/run_plan.h"
#include "mc/summary.h"
#include "support/run_helpers.h"

using namespace simrun;
using simrun::testing::scenario;

TEST(Summary, WilsonIntervalMatchesHandComputedValues) {
  // k = 5, n = 20: p = 0.25, Wilson 95% interval [0.1119, 0.4687].
  const auto w = mc::wilson(5, 20);
  EXPECT_DOUBLE_EQ(w.estimate, 0.25);
  EXPECT_NEAR(w.lower, 0.11186, 1e-4);
  EXPECT_NEAR(w.upper, 0.46871, 1e-4);
  const auto zero = mc::wilson(0, 100);
  EXPECT_EQ(zero.lower, 0.0);
  EXPECT_NEAR(zero.upper, 0.03699, 1e-4);
}

TEST(Summary, QuantilesInterpolateLinearly) {
  std::vector<float> v = {5, 1, 4, 2, 3};
  EXPECT_DOUBLE_EQ(mc::quantile_inplace(v, 0.5), 3.0);
  EXPECT_DOUBLE_EQ(mc::quantile_inplace(v, 0.0), 1.0);
  EXPECT_DOUBLE_EQ(mc::quantile_inplace(v, 1.0), 5.0);
  EXPECT_DOUBLE_EQ(mc::quantile_inplace(v, 0.25), 2.0);
  EXPECT_DOUBLE_EQ(mc::quantile_inplace(v, 0.1), 1.4);
}

TEST(Summary, PairedDifferenceOfIdenticalArmsIsExactlyZero) {
  mc::PairedAccumulator acc;
  for (int i = 0; i < 100; ++i) acc.add(i % 3, i % 3);
  const auto d = acc.difference();
  EXPECT_EQ(d.estimate, 0.0);
  EXPECT_EQ(d.lower, 0.0);
  EXPECT_EQ(d.upper, 0.0);
}

TEST(Summary, MeanAccumulatorMatchesTwoPassStatistics) {
  // Values with a large mean and a small spread, where sum-of-squares
  // formulas lose digits: Welford's update keeps them.
  // The reference is computed on the offsets from 1e9, where no digits are lost.
  std::vector<double> offsets;
  for (int i = 0; i < 1000; ++i) offsets.push_back((i % 7) * 0.1);
  mc::MeanAccumulator acc;
  for (double x : offsets) acc.add(1e9 + x);
  const double mean = std::accumulate(offsets.begin(), offsets.end(), 0.0) / offsets.size();
  double ss = 0;
  for (double x : offsets) ss += (x - mean) * (x - mean);
  const double se = std::sqrt(ss / (offsets.size() - 1) / offsets.size());
  EXPECT_NEAR(acc.mean() - 1e9, mean, 1e-5);
  EXPECT_NEAR(acc.standard_error(), se, se * 1e-4);
  mc::MeanAccumulator one;
  one.add(3);
  EXPECT_EQ(one.mean(), 3.0);
  EXPECT_TRUE(std::isnan(one.standard_error()));
  EXPECT_EQ(one.interval95().lower, 3.0);
  EXPECT_TRUE(std::isnan(mc::MeanAccumulator().mean()));
}

TEST(Summary, PairedProbabilitiesAreExactCounts) {
  // mean_a of 0/1 outcomes must equal k/n exactly, as the summaries' Wilson
  // estimate does, so that a comparison's probability_a equals its summary.
  mc::PairedAccumulator acc;
  int k = 0;
  for (int i = 0; i < 997; ++i) {
    const double a = (i * 7919) % 13 < 4 ? 1.0 : 0.0;
    k += static_cast<int>(a);
    acc.add(a, 1.0 - a);
  }
  EXPECT_EQ(acc.mean_a(), mc::wilson(k, 997).estimate);
  EXPECT_EQ(acc.mean_b(), mc::wilson(997 - k, 997).estimate);
}

TEST(Summary, ScenarioSummaryReducesRunsInOrder) {
  // Three hand-made runs of 3 time points: outcome 0 reached on day 1 in one
  // run, metric 0 = run index; quantiles read back through the reader given.
  const int T = 3;
  std::vector<mc::RunResult> runs(3);
  for (int r = 0; r < 3; ++r) {
    auto& o = runs[static_cast<std::size_t>(r)].output;
    o.reset(T);
    for (std::size_t i = 0; i < o.trajectories.size(); ++i) o.trajectories[i] = static_cast<float>(r);
    o.first_passage.fill(std::nan(""));
    runs[static_cast<std::size_t>(r)].metrics.fill(0);
    runs[static_cast<std::size_t>(r)].metrics[0] = r;
  }
  runs[1].output.first_passage[0] = 1.0;
  mc::ScenarioSummary s(T, 1.0);
  for (const auto& r : runs) s.add(r);
  const auto tables = s.finish(
      [&](int var, std::uint64_t row0, std::uint64_t rows, std::uint64_t t0, std::uint64_t w, std::vector<float>& out) {
        out.resize(rows * w);
        for (std::uint64_t i = 0; i < rows; ++i)
          for (std::uint64_t j = 0; j < w; ++j)
            out[i * w + j] = runs[row0 + i].output.at(var, static_cast<int>(t0 + j));
      });
  EXPECT_EQ(tables.runs, 3);
  EXPECT_EQ(tables.time, (std::vector<double>{0, 1, 2}));
  // Median of {0, 1, 2} is 1 at every time; the mean too.
  EXPECT_EQ(tables.variables[0].quantiles[2 * T + 1], 1.0);
  EXPECT_EQ(tables.variables[0].mean[2], 1.0);
  EXPECT_EQ(tables.outcome_by_time[0].p, (std::vector<double>{0, 1.0 / 3, 1.0 / 3}));
  EXPECT_EQ(tables.outcome_by_time[1].p, (std::vector<double>{0, 0, 0}));
  EXPECT_EQ(tables.metric_mean[0], 1.0);
}

// Summaries on several threads: the same tables as on one, the reader never
// called by two threads at once, and a reader's failure reaches the caller.
TEST(Summary, ThreadsShareTheVariablesButReadOneAtATime) {
  const int T = 20;
  const std::uint64_t R = 300;
  mc::ScenarioSummary s(T, 1.0);
  std::vector<float> values(R * model::kNumVars * T);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = static_cast<float>((i * 2654435761u) % 1000) / 7.0f;
  mc::RunResult r;
  for (std::uint64_t run = 0; run < R; ++run) {
    r.output.reset(T);
    for (int v = 0; v < model::kNumVars; ++v)
      for (int t = 0; t < T; ++t)
        r.output.trajectories[static_cast<std::size_t>(v * T + t)] = values[(run * model::kNumVars + v) * T + t];
    r.output.first_passage.fill(std::nan(""));
    r.metrics.fill(0);
    s.add(r);
  }
  std::atomic<int> inside{0}, overlaps{0}, calls{0};
  const mc::TrajectoryBlockReader read = [&](int var, std::uint64_t row0, std::uint64_t rows, std::uint64_t t0,
                                             std::uint64_t w, std::vector<float>& out) {
    if (inside++ > 0) ++overlaps;
    ++calls;
    std::this_thread::sleep_for(std::chrono::microseconds(200));  // long enough for unserialised calls to meet
    out.resize(rows * w);
    for (std::uint64_t i = 0; i < rows; ++i)
      for (std::uint64_t j = 0; j < w; ++j) out[i * w + j] = values[((row0 + i) * model::kNumVars + var) * T + t0 + j];
    --inside;
  };
  const auto one = s.finish(read, 1);
  const int serial_calls = calls.exchange(0);
  const auto three = s.finish(read, 3);
  EXPECT_EQ(calls.load(), serial_calls);
  EXPECT_EQ(overlaps.load(), 0);
  ASSERT_EQ(one.variables.size(), three.variables.size());
  for (std::size_t v = 0; v < one.variables.size(); ++v) {
    EXPECT_EQ(one.variables[v].quantiles, three.variables[v].quantiles) << "variable " << v;
    EXPECT_EQ(one.variables[v].mean, three.variables[v].mean);
  }
  const mc::TrajectoryBlockReader failing = [&](int var, std::uint64_t row0, std::uint64_t rows, std::uint64_t t0,
                                                std::uint64_t w, std::vector<float>& out) {
    if (var == 5) throw std::runtime_error("cannot read variable 5");
    read(var, row0, rows, t0, w, out);
  };
  EXPECT_THROW(s.finish(failing, 3), std::runtime_error);
}

TEST(RunPlan, SamplingDependsOnSeedRunAndPurposeOnly) {
  const auto sc = scenario("scenarios/ukraine_deal.json");
  ASSERT_FALSE(sc.plan.uncertain.empty());
  model::ModelParams p1, p2;
  mc::SampledRun s1, s2;
  sc.plan.sample(7, 3, p1, s1);
  sc.plan.sample(7, 4, p2, s2);  // the same buffers reused for another run
  sc.plan.sample(7, 3, p2, s2);
  EXPECT_EQ(s1.values, s2.values);
  EXPECT_EQ(s1.occurs, s2.occurs);
  // A plan with the uncertain parameters in reverse order draws the same
  // values: streams are named by purpose, not position. (The values of the
  // parameter sets' fields follow them, in the sets' order.)
  mc::RunPlan reversed = sc.plan;
  std::reverse(reversed.uncertain.begin(), reversed.uncertain.end());
  mc::SampledRun sr;
  model::ModelParams pr;
  reversed.sample(7, 3, pr, sr);
  const auto U = static_cast<std::ptrdiff_t>(sc.plan.uncertain.size());
  ASSERT_GE(sr.values.size(), sc.plan.uncertain.size());
  std::vector<double> back(sr.values.rend() - U, sr.values.rend());
  back.insert(back.end(), sr.values.begin() + U, sr.values.end());
  EXPECT_EQ(back, s1.values);
  mc::SampledRun other;
  sc.plan.sample(8, 3, p2, other);
  EXPECT_NE(other.values, s1.values);
}
