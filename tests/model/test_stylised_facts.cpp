// The stylised facts of the model outline, each checked as a paired
// comparison on common random numbers (run i of both arms shares its random
// streams) with a 95% interval that must exclude zero in the claimed
// direction. Fixed seeds; run counts large enough that the intervals are
// far from zero (see the printed estimates).
#include <gtest/gtest.h>

#include "mc/summary.h"
#include "support/run_helpers.h"

using namespace simrun;
using simrun::testing::run_paired;
using simrun::testing::scenario;

namespace {

constexpr std::uint64_t kRuns = 600;
constexpr std::uint64_t kLeverageRuns = 2000;
constexpr std::uint64_t kSeed = 424242;

mc::Interval paired_metric(const simrun::testing::PairedRuns& p, model::Metric m) {
  mc::PairedAccumulator acc;
  for (std::size_t i = 0; i < p.a.size(); ++i) acc.add(p.a[i][m], p.b[i][m]);
  return acc.difference();
}

mc::Interval paired_outcome(const simrun::testing::PairedRuns& p, model::Outcome o, double by_day) {
  mc::PairedAccumulator acc;
  auto hit = [&](double d) { return !std::isnan(d) && d <= by_day ? 1.0 : 0.0; };
  for (std::size_t i = 0; i < p.fa.size(); ++i) acc.add(hit(p.fa[i][o]), hit(p.fb[i][o]));
  return acc.difference();
}

void print(const char* what, const mc::Interval& iv) {
  std::printf("  %-58s %+.3f [%+.3f, %+.3f]\n", what, iv.estimate, iv.lower, iv.upper);
}

}  // namespace

// Fact 1: after the downing, a spiral of tit-for-tat measures within weeks is
// likely; a full break of relations is unlikely.
TEST(StylisedFacts, DowningStartsATitForTatSpiralButNoBreak) {
  const auto without = scenario("scenarios/replay_2024.json", {"events=[]"});
  const auto with = scenario("scenarios/replay_2024.json");
  const int sixty_days = 60;
  const auto p = run_paired(without, with, kRuns, kSeed, sixty_days);

  const auto az = paired_metric(p, model::kHostileAZ);
  // Moscow's side answers through its state media and hardliners as much as
  // through the state (February 2025: Valuev, Tsargrad, the bloggers).
  mc::PairedAccumulator ru_side;
  for (std::size_t i = 0; i < p.a.size(); ++i)
    ru_side.add(p.a[i][model::kHostileRU] + p.a[i][model::kHardlinerRU],
                p.b[i][model::kHostileRU] + p.b[i][model::kHardlinerRU]);
  const auto ru = ru_side.difference();
  print("hostile AZ actions in 60 days, downing - none", az);
  print("hostile RU state and hardliner acts in 60 days, downing - none", ru);
  print("  of which the Russian state", paired_metric(p, model::kHostileRU));
  EXPECT_GT(az.lower, 0.0);
  EXPECT_GT(ru.lower, 0.0);

  // "Likely": most runs with the downing see at least three hostile steps
  // from Baku and at least one answer from Moscow's side (the state, or its
  // hardliners and state media, as in February 2025) within 60 days.
  std::int64_t spiral = 0;
  for (const auto& m : p.b) spiral += m[model::kHostileAZ] >= 3 && m[model::kHostileRU] + m[model::kHardlinerRU] >= 1;
  const auto likely = mc::wilson(spiral, static_cast<std::int64_t>(p.b.size()));
  std::printf("  P(tit-for-tat spiral within 60 days) = %.3f [%.3f, %.3f]\n", likely.estimate, likely.lower,
              likely.upper);
  EXPECT_GT(likely.lower, 0.5);

  // "Unlikely": a break of relations within the year stays rare.
  std::int64_t breaks = 0;
  for (const auto& f : p.fb) breaks += !std::isnan(f[model::kBreakOfRelations]);
  const auto brk = mc::wilson(breaks, static_cast<std::int64_t>(p.fb.size()));
  std::printf("  P(break of relations within a year) = %.3f [%.3f, %.3f]\n", brk.estimate, brk.lower, brk.upper);
  EXPECT_LT(brk.upper, 0.2);
}

// Fact 2: Azerbaijan does not capitulate: its leverage (transit, corridor,
// energy, allies) lets it answer Russia on equal footing. Stripping that
// leverage makes Baku answer less and Moscow coerce more.
TEST(StylisedFacts, AzerbaijansLeverageLetsItAnswerOnEqualFooting) {
  const auto stripped =
      scenario("scenarios/replay_2024.json",
               {"channels.oil_transit=0", "channels.corridor=0", "channels.energy_eu=0", "channels.energy_eu_growth=0",
                "channels.middle_corridor=0", "channels.middle_corridor_growth=0", "actors.TR.alignment=0",
                "actors.IL.alignment=0", "actors.EU.alignment=0"});
  const auto real = scenario("scenarios/replay_2024.json");
  // Moscow's answer to the loss of Baku's levers is the smallest of the
  // effects here, against the spread of the calibrated posterior's sets.
  const auto p = run_paired(stripped, real, kLeverageRuns, kSeed);
  const auto concessions = paired_metric(p, model::kConcessionsAZ);
  const auto coercion = paired_metric(p, model::kEconomicRU);
  print("AZ conciliatory actions, real - stripped", concessions);
  print("RU economic and people measures, real - stripped", coercion);
  EXPECT_LT(concessions.upper, 0.0);
  EXPECT_LT(coercion.upper, 0.0);
}

// Fact 3: a US-Russia settlement raises the probability and intensity of
// Russian coercion of Azerbaijan, compared with the same runs without it.
TEST(StylisedFacts, SettlementRaisesRussianCoercion) {
  const auto no_deal = scenario("scenarios/ukraine_deal.json", {"events.0.probability=0"});
  const auto deal = scenario("scenarios/ukraine_deal.json", {"events.0.probability=1"});
  const auto p = run_paired(no_deal, deal, kRuns, kSeed);
  const auto intensity = paired_metric(p, model::kEconomicRU);
  const auto probability = paired_outcome(p, model::kCoercionOfPeople, 365);
  print("RU economic and people measures, deal - no deal", intensity);
  print("P(coercion of people within a year), deal - no deal", probability);
  EXPECT_GT(intensity.lower, 0.0);
  EXPECT_GT(probability.lower, 0.0);
}

// Fact 4: stronger Turkish backing makes Russian coercion less likely to pay
// off: Moscow coerces less, and Baku concedes no more.
TEST(StylisedFacts, TurkishBackingDetersRussianCoercion) {
  const auto weak = scenario("scenarios/ukraine_deal.json",
                             {"actors.TR.alignment=0.1", "actors.TR.clout=0.2", "events.0.probability=1"});
  const auto strong = scenario("scenarios/ukraine_deal.json",
                               {"actors.TR.alignment=1", "actors.TR.clout=0.9", "events.0.probability=1"});
  const auto p = run_paired(weak, strong, kRuns, kSeed);
  const auto coercion = paired_metric(p, model::kEconomicRU);
  const auto probability = paired_outcome(p, model::kCoercionOfPeople, 365);
  print("RU economic and people measures, strong - weak backing", coercion);
  print("P(coercion of people within a year), strong - weak", probability);
  EXPECT_LT(coercion.upper, 0.0);
  EXPECT_LT(probability.upper, 0.0);
}
