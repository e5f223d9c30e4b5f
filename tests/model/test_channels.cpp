// The channels side of the model: trends, scheduled channel shocks, the
// peacekeepers, the sanctions reference and the diaspora's two roles
// (docs/model.md §6.1, §6.2, §6.6, §6.8, §6.15). Expected values are worked
// out from the equations there; with every action disabled nothing but the
// exogenous inputs moves a run, so two runs of one seed differ only by them.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "model/decision.h"
#include "model/model.h"
#include "model/variables.h"
#include "support/run_helpers.h"

namespace simrun::testing {
namespace {

using model::kCorridorTransit;
using model::kLeverageRUoverAZ;
using model::kOilTransit;
using model::kTrade;

// One run of baseline with every action disabled and constant inputs, plus
// the given overrides.
model::RunOutput quiet_run(std::vector<std::string> sets, std::uint64_t run = 0) {
  std::vector<std::string> all = {"actions.disabled=[\"all\"]", "channels.oil_transit=1.5",
                                  "agents.diaspora.population=600000", "agents.diaspora.scale=100"};
  all.insert(all.end(), sets.begin(), sets.end());
  const auto sc = scenario("scenarios/baseline.json", all);
  model::Simulation sim;
  model::RunOutput out;
  sim.run(sc.plan.sample(sc.seed, run), sc.seed, run, out);
  return out;
}

// Guards against a trend that is ignored: a calm year (no measure, no shock)
// ends with more trade than it started with, close to Y0 exp(g) less the lag
// of the 60-day adjustment (about g·60/365 of the level).
TEST(ChannelTrends, ACalmYearShowsTradeGrowth) {
  const auto out = quiet_run({});
  const float end = out.at(kTrade, out.num_times - 1);
  EXPECT_GT(end, 4.8 * std::exp(0.09) * (1 - 0.09 * 60 / 365.0) - 0.01);
  EXPECT_LT(end, 4.8 * std::exp(0.09));
  // Trade never falls in a calm year.
  for (int t = 1; t < out.num_times; ++t) ASSERT_GE(out.at(kTrade, t), out.at(kTrade, t - 1));
}

// Guards against a shock applied on the wrong steps or not undone: a 90-day
// corridor shock of 0.5 due on day 30 (step 31) halves the corridor at time
// indices 31..120 and nowhere else.
TEST(ChannelShocks, HalveTheCorridorForTheirDurationOnly) {
  const auto base = quiet_run({});
  const auto shocked = quiet_run({R"(events=[{"id": "corridor_blocked", "type": "channel_shock",
      "channel": "corridor", "day": 30, "factor": 0.5, "duration_days": 90}])"});
  for (int t = 0; t < base.num_times; ++t) {
    const double ratio = shocked.at(kCorridorTransit, t) / base.at(kCorridorTransit, t);
    ASSERT_NEAR(ratio, t >= 31 && t <= 120 ? 0.5 : 1.0, 1e-6) << "time index " << t;
  }
  EXPECT_TRUE(shocked.events.empty()) << "a channel shock is not an act between the states";
}

// Overlapping shocks on one channel multiply; a permanent one (no duration)
// lasts to the end of the run.
TEST(ChannelShocks, OverlappingShocksMultiplyAndAPermanentOneStays) {
  const auto base = quiet_run({});
  const auto shocked = quiet_run({R"(events=[
      {"id": "a", "type": "channel_shock", "channel": "middle_corridor", "day": 10, "factor": 0.5},
      {"id": "b", "type": "channel_shock", "channel": "middle_corridor", "day": 20, "factor": 0.5, "duration_days": 10}])"});
  auto ratio = [&](int t) { return shocked.at(model::kMiddleCorridor, t) / base.at(model::kMiddleCorridor, t); };
  EXPECT_NEAR(ratio(10), 1.0, 1e-6);
  EXPECT_NEAR(ratio(11), 0.5, 1e-6);
  EXPECT_NEAR(ratio(25), 0.25, 1e-6);
  EXPECT_NEAR(ratio(31), 0.5, 1e-6);
  EXPECT_NEAR(ratio(base.num_times - 1), 0.5, 1e-6);
}

// Remittances follow their trend per person and their shocks on top of the
// diaspora's own counts, which neither changes.
TEST(ChannelShocks, RemittancesFollowTheirTrendAndShocks) {
  const auto base = quiet_run({});
  const auto moved = quiet_run({"channels.remittance_growth=0.2", R"(events=[{"id": "transfer_ban",
      "type": "channel_shock", "channel": "remittances", "day": 100, "factor": 0.4, "duration_days": 50}])"});
  for (int t : {0, 50, 100, 101, 150, 151, 300}) {
    const double shock = t >= 101 && t <= 150 ? 0.4 : 1.0;
    EXPECT_NEAR(moved.at(model::kRemittances, t) / base.at(model::kRemittances, t), std::exp(0.2 * t / 365.0) * shock,
                1e-5)
        << "time index " << t;
  }
  EXPECT_EQ(moved.at(model::kDiasporaPresent, 300), base.at(model::kDiasporaPresent, 300));
}

// Guards against the dead peacekeepers channel: 1,960 troops against the
// reference 1,960 add e_AZ,pk/(1 + resilience) = 0.6/1.5 = 0.4 to Moscow's
// leverage; against a reference of 980 twice that; withdrawn by a shock on
// day 10 (step 11), they add nothing from time index 11 on.
TEST(Peacekeepers, CountAgainstTheirReferenceAndCanBeWithdrawn) {
  const auto none = quiet_run({});
  const auto troops = quiet_run({"channels.peacekeepers=1960"});
  const auto half_ref = quiet_run({"channels.peacekeepers=1960", "parameters.leverage.peacekeepers_ref=980"});
  EXPECT_NEAR(troops.at(kLeverageRUoverAZ, 0) - none.at(kLeverageRUoverAZ, 0), 0.4, 1e-5);
  EXPECT_NEAR(half_ref.at(kLeverageRUoverAZ, 0) - none.at(kLeverageRUoverAZ, 0), 0.8, 1e-5);
  const auto withdrawn = quiet_run({"channels.peacekeepers=1960", R"(events=[{"id": "withdrawal",
      "type": "channel_shock", "channel": "peacekeepers", "day": 10, "factor": 0}])"});
  EXPECT_GT(withdrawn.at(kLeverageRUoverAZ, 10) - none.at(kLeverageRUoverAZ, 10), 0.3);
  for (int t = 11; t < none.num_times; ++t)
    ASSERT_NEAR(withdrawn.at(kLeverageRUoverAZ, t), none.at(kLeverageRUoverAZ, t), 1e-6) << t;
}

// Guards against flows normalised by the initial sanctions: oil_transit is
// the volume at sanctions_ref (0.9), so starting at 0.3 gives
// O0·(0.1 + 0.9·0.3)/(0.1 + 0.9·0.9) = 1.5·0.37/0.91, and the corridor
// (0.5 + 0.5·0.3)/(0.5 + 0.5·0.9) of its level.
TEST(SanctionsReference, TheInitialLevelMovesTheTransitVolumes) {
  const auto weak = quiet_run({"channels.sanctions=0.3"});
  EXPECT_NEAR(weak.at(kOilTransit, 0), 1.5 * 0.37 / 0.91, 1e-5);
  EXPECT_NEAR(weak.at(kCorridorTransit, 0), 0.814 * 0.65 / 0.95, 1e-5);
  const auto at_ref = quiet_run({});
  EXPECT_NEAR(at_ref.at(kOilTransit, 0), 1.5, 1e-5);
  EXPECT_LT(weak.at(model::kLeverageAZoverRU, 0), at_ref.at(model::kLeverageAZoverRU, 0) - 0.2);
}

// Guards against a diaspora whose size changes nothing: doubling it from
// 600,000 to 1,200,000 doubles the remittances, so Moscow's leverage rises by
// 0.3·(x_rem(1.2m) − x_rem(0.6m))/1.5 with x_rem = 847.5·N/500e6.
TEST(DiasporaBothWays, ItsSizeRaisesMoscowsLeverage) {
  const auto small = quiet_run({});
  const auto large = quiet_run({"agents.diaspora.population=1200000"});
  const double d_rem = 847.5 * 600000 / 500e6;
  EXPECT_NEAR(large.at(kLeverageRUoverAZ, 0) - small.at(kLeverageRUoverAZ, 0), 0.3 * d_rem / 1.5, 1e-5);
  EXPECT_NEAR(large.at(model::kRemittances, 0), 2 * small.at(model::kRemittances, 0), 1e-3);
}

// The two decision terms the channels feed, on a hand-built situation
// (§6.6): Moscow's cost of a measure against people scales with the people
// in Russia; Baku's self-cost of an economic measure falls with resilience.
TEST(DiasporaBothWays, MoscowsCostOfMeasuresAgainstPeopleScalesWithThePeoplePresent) {
  model::ModelParams p;
  p.step_days = 1;
  p.states[model::RU].pain_sensitivity = 0.5;
  p.leverage.ru_diaspora = 0.4;
  p.enabled.fill(false);
  p.enabled[model::kRaids] = true;
  model::World w;
  model::Outlook o;
  o.diaspora_rel = 1.0;
  const double u1 = model::options(p, w, model::RU, o).utility[model::kRaids];
  o.diaspora_rel = 2.5;
  const double u2 = model::options(p, w, model::RU, o).utility[model::kRaids];
  EXPECT_NEAR(u1 - u2, 0.4 * 0.5 * 1.5, 1e-12);
}

TEST(DiasporaBothWays, BakusHostilityCostsMoreWithMorePeopleAtRisk) {
  model::ModelParams p;
  p.step_days = 1;
  p.states[model::AZ].pain_sensitivity = 0.5;
  p.leverage.az_diaspora = 0.2;
  p.enabled.fill(false);
  p.enabled[model::kAccuse] = true;
  p.enabled[model::kPhoneCall] = true;
  model::World w;
  model::Outlook o;
  o.diaspora_rel = 1.0;
  const auto few = model::options(p, w, model::AZ, o);
  o.diaspora_rel = 3.0;
  const auto many = model::options(p, w, model::AZ, o);
  const double h = static_cast<double>(model::action(model::kAccuse).hostility);
  EXPECT_NEAR(few.utility[model::kAccuse] - many.utility[model::kAccuse], h * 0.2 * 0.5 * 2.0, 1e-12);
  EXPECT_EQ(few.utility[model::kPhoneCall], many.utility[model::kPhoneCall]) << "conciliation carries no such cost";
}

TEST(Resilience, LowersBakusSelfCostOfEconomicMeasuresOnly) {
  model::ModelParams p;
  p.step_days = 1;
  p.states[model::AZ].pain_sensitivity = 0.5;
  p.decision.self_cost_weight = 1;
  p.enabled.fill(false);
  p.enabled[model::kRestrictOilTransit] = true;
  p.enabled[model::kSuspendFlights] = true;
  model::World w;
  model::Outlook o;
  const auto bare = model::options(p, w, model::AZ, o);
  o.leverage.az_resilience = 1.0;
  const auto sheltered = model::options(p, w, model::AZ, o);
  const double c_oil = static_cast<double>(model::action(model::kRestrictOilTransit).self_cost);
  EXPECT_NEAR(sheltered.utility[model::kRestrictOilTransit] - bare.utility[model::kRestrictOilTransit],
              0.5 * c_oil - 0.5 * c_oil / 2.0, 1e-12);
  EXPECT_EQ(sheltered.utility[model::kSuspendFlights], bare.utility[model::kSuspendFlights])
      << "a diplomatic measure is not sheltered by other markets";
}

}  // namespace
}  // namespace simrun::testing
