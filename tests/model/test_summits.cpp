// Summits (docs/model.md §6.1, §6.4, §6.6): on the day of a summit both
// leaders attend, the dyad is on both agendas and a meeting gains
// summit_weight; a joint act both sides choose on one day is one act.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "model/actions.h"
#include "model/model.h"
#include "support/run_helpers.h"

namespace simrun::testing {
namespace {

constexpr int kRuns = 300;
constexpr int kSummitDay = 30;  // due in step 31

// Every action but the leaders' meeting disabled, and so little activity
// that neither side puts the dyad on its agenda of its own accord.
std::vector<std::string> meetings_only(const std::string& summit_weight, bool summit) {
  std::string disabled;
  for (int a = 0; a < model::kNumChoosable; ++a)
    if (a != model::kLeadersMeeting)
      disabled += std::string(disabled.empty() ? "" : ", ") + "\"" + std::string(model::action(a).name) + "\"";
  std::vector<std::string> sets = {"actions.disabled=[" + disabled + ", \"hardliners\"]",
                                   "actors.RU.activity=0.0001",
                                   "actors.AZ.activity=0.0001",
                                   "agents.diaspora.population=600000",
                                   "agents.diaspora.scale=1000",
                                   "run.horizon_days=60",
                                   "parameters.decision.summit_weight=" + summit_weight};
  if (summit) sets.push_back(R"(events=[{"id": "cis", "type": "summit", "day": )" + std::to_string(kSummitDay) + "}]");
  return sets;
}

// Per run: the steps with a leaders' meeting, and how many on each; with
// `actor` >= 0, only that state's meetings.
std::vector<std::map<int, int>> meeting_steps(const std::vector<std::string>& sets, int actor = -1) {
  const auto sc = scenario("scenarios/baseline.json", sets);
  model::Simulation sim;
  model::RunOutput out;
  std::vector<std::map<int, int>> runs;
  for (int r = 0; r < kRuns; ++r) {
    sim.run(sc.plan.sample(sc.seed, r), sc.seed, r, out);
    std::map<int, int> steps;
    for (const auto& e : out.events)
      if (e.action == model::kLeadersMeeting && (actor < 0 || e.actor == actor)) ++steps[e.step];
    runs.push_back(steps);
  }
  return runs;
}

int met_on(const std::vector<std::map<int, int>>& runs, int step) {
  int n = 0;
  for (const auto& r : runs) n += r.count(step) ? 1 : 0;
  return n;
}

// Guards the forced agenda (Moscow's side; Baku's is the next test): without
// the summit almost no run meets at all (activity 0.0001 a day); with it
// most meet, and only on the summit's step.
TEST(Summits, BringTheMeetingOnTheirDayOnly) {
  const auto without = meeting_steps(meetings_only("1", false));
  const auto with = meeting_steps(meetings_only("1", true));
  int any_without = 0, off_day = 0;
  for (const auto& r : without) any_without += r.empty() ? 0 : 1;
  for (const auto& r : with)
    for (const auto& [step, n] : r) off_day += step == kSummitDay + 1 ? 0 : n;
  EXPECT_LE(any_without, 3);
  EXPECT_LE(off_day, 3);
  EXPECT_GT(met_on(with, kSummitDay + 1), kRuns / 2);
}

// Guards the forced agenda on Baku's side: with a Moscow that wants no
// meeting (fully hawkish, under full domestic pressure and sensitive to face)
// and a dovish Baku, the summit's meetings are Baku's; with Baku's agenda
// left to its own activity they would not happen.
TEST(Summits, PutTheMeetingOnBakusAgendaToo) {
  auto sets = meetings_only("1", true);
  for (const char* s : {"actors.RU.hawkishness=1", "actors.RU.nationalist_pressure=1",
                        "actors.RU.reputation_sensitivity=1", "actors.AZ.hawkishness=0"})
    sets.emplace_back(s);
  const int step = kSummitDay + 1;
  EXPECT_LE(met_on(meeting_steps(sets, model::RU), step), 3);
  EXPECT_GT(met_on(meeting_steps(sets, model::AZ), step), kRuns / 4);
}

// Guards the sign and the pairing of summit_weight: on common random numbers
// a larger weight widens the meeting's share of the logit, so every run that
// met at weight 0 meets at weight 3, and more runs do.
TEST(Summits, AHigherWeightMeetsInEveryRunAWeightOfZeroDidAndMore) {
  const auto low = meeting_steps(meetings_only("0", true));
  const auto high = meeting_steps(meetings_only("3", true));
  const int step = kSummitDay + 1;
  for (std::size_t r = 0; r < low.size(); ++r) {
    if (!low[r].count(step)) continue;
    EXPECT_TRUE(high[r].count(step)) << "run " << r;
  }
  EXPECT_GT(met_on(high, step), met_on(low, step) + kRuns / 10);
}

// Guards the one-act rule: at a high weight both sides pick the meeting in
// most runs, yet no step ever holds two meetings.
TEST(Summits, AJointActBothSidesChooseOnOneDayIsOneAct) {
  const auto runs = meeting_steps(meetings_only("6", true));
  EXPECT_GT(met_on(runs, kSummitDay + 1), kRuns * 9 / 10);
  for (const auto& r : runs)
    for (const auto& [step, n] : r) EXPECT_EQ(n, 1) << "step " << step;
}

}  // namespace
}  // namespace simrun::testing
