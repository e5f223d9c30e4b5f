// Extreme but valid inputs run to the end and produce no NaN or infinity
// anywhere a number is expected: the only non-finite values are the
// documented missing first-passage times (NaN: not reached).
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "mc/engine.h"
#include "support/run_helpers.h"

using namespace simrun;
using simrun::testing::scenario;

namespace {

struct Case {
  const char* what;
  std::vector<std::string> sets;
};

// Runs `runs` runs of ukraine_deal with `sets` and checks every number.
void expect_finite(const Case& c, std::uint64_t runs = 24) {
  std::vector<std::string> sets = c.sets;
  sets.push_back("run.runs=" + std::to_string(runs));
  const auto sc = scenario("scenarios/ukraine_deal.json", sets);
  mc::EngineOptions o;
  o.num_runs = runs;
  o.seed = 11;
  o.threads = 2;
  std::uint64_t seen = 0;
  mc::run_batches({&sc.plan}, o, [&](const mc::Batch& b) {
    for (const auto& r : b.by_plan[0]) {
      ++seen;
      for (std::size_t i = 0; i < r.output.trajectories.size(); ++i)
        ASSERT_TRUE(std::isfinite(r.output.trajectories[i]))
            << c.what << ": run " << r.run << " variable " << i / r.output.num_times << " time "
            << i % r.output.num_times;
      for (double m : r.metrics) ASSERT_TRUE(std::isfinite(m)) << c.what;
      for (double v : r.sampled.values) ASSERT_TRUE(std::isfinite(v)) << c.what;
      for (double d : r.output.first_passage) ASSERT_TRUE(std::isnan(d) || (d >= 0 && std::isfinite(d))) << c.what;
    }
  });
  EXPECT_EQ(seen, runs) << c.what;
}

}  // namespace

TEST(Extremes, ValidExtremesProduceOnlyFiniteNumbers) {
  const std::vector<Case> cases = {
      {"a diaspora of one person", {"agents.diaspora.population=1", "agents.diaspora.scale=1"}},
      {"no trade", {"channels.trade=0"}},
      {"no trade, oil, corridors or gas",
       {"channels.trade=0", "channels.oil_transit=0", "channels.corridor=0", "channels.middle_corridor=0",
        "channels.energy_eu=0"}},
      {"rationality 0 (uniform choice)", {"parameters.decision.rationality=0"}},
      {"rationality at its maximum", {"parameters.decision.rationality=100"}},
      {"a one-day horizon", {"run.horizon_days=1"}},
      {"one step of 30 days", {"run.step_days=30", "run.horizon_days=30"}},
      {"every action disabled", {R"(actions.disabled=["all"])"}},
      {"the settlement on day 0", {"events.0.day=0", "events.0.probability=1"}},
      {"steps of a quarter day", {"run.step_days=0.25", "run.horizon_days=30"}},
  };
  for (const auto& c : cases) expect_finite(c);
}

TEST(Extremes, OneRunIsEnough) { expect_finite({"one run", {}}, 1); }
