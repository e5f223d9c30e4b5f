#pragma once
// The agents' decision rules, apart from the run that applies them: which
// actions a state may take, the stance it wants, the utilities of its
// options and the logit choice among them (docs/model.md §6.5-6.9), and the
// diaspora's per-step transition probabilities (§6.16). Pure functions of the
// parameters and a World, so tests call them on situations built by hand.
#include <array>
#include <cstdint>

#include "model/diaspora.h"
#include "model/leverage.h"
#include "model/params.h"
#include "model/world.h"

namespace simrun::model {

// What a state sees when it decides, besides the World.
struct Outlook {
  LeverageResult leverage;         // both leverages, from the end of the previous step
  std::array<double, 2> allies{};  // backing of RU and of AZ (allies_of)
  std::int64_t detained = 0;       // detained diaspora agents, end of the previous step
  double diaspora_rel = 1.0;       // Azerbaijanis in Russia (present or detained) over diaspora_ref
  std::array<double, 2> stake{};   // what the relationship is worth to RU and to AZ (§6.5)
};

// A state's options: the choosable actions in table order, then doing nothing.
inline constexpr int kNumOptions = kNumChoosable + 1;
inline constexpr int kDoNothing = kNumChoosable;

struct Options {
  std::array<double, kNumOptions> utility{};  // meaningful where feasible
  std::array<bool, kNumOptions> feasible{};   // doing nothing always is
  double best = 0;                            // the largest utility of a feasible option
};

// Whether `side` may take action `a` now (§6.9).
bool feasible(const ModelParams& p, const World& w, int side, int a, std::int64_t detained);

// Moscow's grievance over its nationals held by Baku, in [0, 1] (§6.5).
double held_grievance(const ModelParams& p, const World& w);

// How free `side` is to act on a grievance: its leverage over the other as
// a share of both, doubled, each blunted by the target's backers (§6.5).
double freedom(const LeverageResult& lev, const std::array<double, 2>& allies, double ally_weight, int side);

// The pull of the relationship's value toward cooperation (§6.5).
double relationship_value(const ModelParams& p, const World& w, int side, double stake);

// The stance `side` wants to take toward the other, in (-1, 1) (§6.5).
double desired_stance(const ModelParams& p, const World& w, int side, const Outlook& o);

// Feasibility and utility of every option of `side` (§6.6).
Options options(const ModelParams& p, const World& w, int side, const Outlook& o);

// Logit weights exp(rationality * (U - U_max)), 0 for infeasible options.
std::array<double, kNumOptions> logit_weights(const Options& o, double rationality);

// The weights normalised: the probability of each option.
std::array<double, kNumOptions> choice_probabilities(const Options& o, double rationality);

// The option picked by the uniform `u` in [0, 1), by inverse CDF over the
// options in table order: an action, or -1 for doing nothing.
int choose(const ModelParams& p, const World& w, int side, const Outlook& o, double u);

// Probability of at least one event in `dt` days at `per_year` events a year.
float hazard_prob(double per_year, double dt);

// The diaspora's transition probabilities for one step, given the measures
// in force and Russia's reach-weighted rhetoric (§6.16).
DiasporaRates diaspora_rates(const ModelParams& p, const World& w, const MeasureEffects& m, double rhetoric_ru);

}  // namespace simrun::model
