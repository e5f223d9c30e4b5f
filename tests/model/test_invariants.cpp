// Invariants of single runs, driven through the model directly.
#include <gtest/gtest.h>

#include <cmath>

#include "model/actions.h"
#include "model/model.h"
#include "model/variables.h"
#include "support/run_helpers.h"

using namespace simrun;
using simrun::testing::scenario;

namespace {

// A scenario where Russia starts with every measure against people in force,
// so every diaspora transition happens.
input::Scenario harsh() {
  return scenario("scenarios/ukraine_deal.json",
                  {"actions.initial_measures.RU=[\"raids\",\"deport_migrants\",\"seize_businesses\","
                   "\"conscript_revoke\",\"visa_regime\",\"mass_expulsion\"]",
                   "agents.diaspora.population=200000"});
}

}  // namespace

TEST(Invariants, NoDiasporaAgentIsLostOrCountedTwice) {
  const auto sc = harsh();
  model::Simulation sim;
  model::RunOutput out;
  for (std::uint64_t run = 0; run < 20; ++run) {
    const auto p = sc.plan.sample(sc.seed, run);
    sim.run(p, sc.seed, run, out);
    const double total = out.at(model::kDiasporaPresent, 0);
    ASSERT_GT(total, 0);
    double moved = 0;
    for (int t = 0; t < out.num_times; ++t) {
      const double sum = out.at(model::kDiasporaPresent, t) + out.at(model::kDiasporaDetained, t) +
                         out.at(model::kDiasporaDeported, t) + out.at(model::kDiasporaDeparted, t);
      ASSERT_EQ(sum, total) << "run " << run << " step " << t;
      // Deported and departed are absorbing: their totals never fall.
      if (t > 0) {
        ASSERT_GE(out.at(model::kDiasporaDeported, t), out.at(model::kDiasporaDeported, t - 1));
        ASSERT_GE(out.at(model::kDiasporaDeparted, t), out.at(model::kDiasporaDeparted, t - 1));
        ASSERT_GE(out.at(model::kBusinessesSeized, t), out.at(model::kBusinessesSeized, t - 1));
      }
    }
    moved += out.at(model::kDiasporaDeported, out.num_times - 1) + out.at(model::kDiasporaDetained, 30);
    EXPECT_GT(moved, 0) << "the measures in force should move agents";
  }
}

TEST(Invariants, EveryVariableStaysInItsRange) {
  for (const auto& sc : {scenario("scenarios/ukraine_deal.json"), scenario("scenarios/replay_2024.json"), harsh()}) {
    model::Simulation sim;
    model::RunOutput out;
    for (std::uint64_t run = 0; run < 40; ++run) {
      sim.run(sc.plan.sample(sc.seed, run), sc.seed, run, out);
      for (const auto& v : model::variable_table())
        for (int t = 0; t < out.num_times; ++t) {
          const double x = out.at(v.id, t);
          ASSERT_FALSE(std::isnan(x)) << v.name << " at " << t;
          ASSERT_GE(x, v.min) << v.name << " at " << t << " in " << sc.name;
          ASSERT_LE(x, v.max) << v.name << " at " << t << " in " << sc.name;
        }
    }
  }
}

TEST(Invariants, WithEveryActionDisabledARunFollowsOnlyItsExogenousTrends) {
  const auto sc =
      scenario("scenarios/baseline.json", {"actions.disabled=[\"all\"]", "parameters.dynamics.initial_tension=20",
                                           "channels.oil_transit=1.5", "agents.diaspora.population=100000"});
  model::Simulation sim;
  model::RunOutput out;
  for (std::uint64_t run = 0; run < 10; ++run) {
    const auto p = sc.plan.sample(sc.seed, run);
    sim.run(p, sc.seed, run, out);
    EXPECT_TRUE(out.events.empty()) << "no state action and no hardliner statement";
    const auto& ch = p.channels;
    const double trade_rate = -std::expm1(-p.step_days / ch.trade_adjust_days);
    double trade = ch.trade;  // relaxes toward its trend, which grows
    for (int t = 0; t < out.num_times; ++t) {
      const double day = t * p.step_days;
      if (t > 0) trade += (ch.trade * std::exp(ch.trade_growth * day / 365.0) - trade) * trade_rate;
      // Tension decays from its start; measures in force only add to it.
      const double measures = static_cast<double>(p.initial_measures[0].size() + p.initial_measures[1].size());
      ASSERT_EQ(out.at(model::kMeasuresRU, t), 0);
      ASSERT_EQ(out.at(model::kMeasuresAZ, t), static_cast<float>(measures));
      ASSERT_NEAR(out.at(model::kTrade, t), trade, 1e-4);
      ASSERT_NEAR(out.at(model::kSanctions, t), ch.sanctions, 1e-6);
      // At the reference sanctions oil keeps its level and the corridor its trend.
      ASSERT_NEAR(out.at(model::kOilTransit, t), ch.oil_transit, 1e-5);
      ASSERT_NEAR(out.at(model::kCorridorTransit, t), ch.corridor * std::exp(ch.corridor_growth * day / 365.0), 1e-5);
      ASSERT_NEAR(out.at(model::kEnergyEU, t), ch.energy_eu + ch.energy_eu_growth * day / 365.0, 1e-4);
      ASSERT_NEAR(out.at(model::kMiddleCorridor, t), ch.middle_corridor + ch.middle_corridor_growth * day / 365.0,
                  1e-4);
      ASSERT_NEAR(out.at(model::kAttentionRU, t), p.states[0].attention, 1e-6);
      // Only baseline churn moves the diaspora: nobody detained, deported or seized.
      ASSERT_EQ(out.at(model::kDiasporaDetained, t), 0);
      ASSERT_EQ(out.at(model::kDiasporaDeported, t), 0);
      ASSERT_EQ(out.at(model::kBusinessesSeized, t), 0);
      if (t > 0) {
        ASSERT_LE(out.at(model::kTension, t),
                  out.at(model::kTension, t - 1) + p.dynamics.measure_tension * measures * p.step_days + 1e-4);
      }
    }
    EXPECT_GT(out.at(model::kDiasporaDeparted, out.num_times - 1), 0) << "baseline departures still happen";
  }
}

TEST(Invariants, SameSeedSameRunSameBits) {
  const auto sc = scenario("scenarios/ukraine_deal.json");
  model::Simulation s1, s2;
  model::RunOutput a, b;
  for (std::uint64_t run : {0u, 7u, 123u}) {
    s1.run(sc.plan.sample(sc.seed, run), sc.seed, run, a);
    s2.run(sc.plan.sample(sc.seed, run), sc.seed, run, b);
    ASSERT_EQ(a.trajectories, b.trajectories);
    ASSERT_EQ(a.events.size(), b.events.size());
  }
  // A different run index gives a different run.
  s1.run(sc.plan.sample(sc.seed, 1), sc.seed, 1, a);
  s2.run(sc.plan.sample(sc.seed, 2), sc.seed, 2, b);
  EXPECT_NE(a.trajectories, b.trajectories);
}

TEST(Invariants, ReusingASimulationDoesNotLeakStateBetweenRuns) {
  const auto sc = scenario("scenarios/replay_2024.json");
  model::Simulation reused, fresh;
  model::RunOutput a, b;
  reused.run(sc.plan.sample(sc.seed, 5), sc.seed, 5, a);
  reused.run(sc.plan.sample(sc.seed, 9), sc.seed, 9, a);
  fresh.run(sc.plan.sample(sc.seed, 9), sc.seed, 9, b);
  EXPECT_EQ(a.trajectories, b.trajectories);
}
