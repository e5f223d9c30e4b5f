// The decision rules on situations built by hand. Expected values are worked
// out from the equations of docs/model.md (§6.5 desired stance, §6.6
// utilities and logit rule, §6.9 feasibility, §6.16 diaspora rates), not
// from the code; each test names the bug it guards against.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <numeric>

#include "model/decision.h"

using namespace simrun::model;

namespace {

// Every weight 0 (ModelParams value-initialises its members) except those a
// test sets, so each term can be checked on its own.
ModelParams blank() {
  ModelParams p;
  p.step_days = 1;
  return p;
}

// Only the listed actions enabled.
void enable_only(ModelParams& p, std::initializer_list<int> actions) {
  p.enabled.fill(false);
  for (int a : actions) p.enabled[a] = true;
}

// The action table stores stances and costs as floats (docs/model.md §8).
double f(float v) { return static_cast<double>(v); }

// Russia deciding with every term of the utility switched on:
//   D_RU = tanh(hawk·w_press·P_RU) = tanh(1·1·0.5) = tanh(0.5) = 0.462117157
//   the leverage/allies/caution factor of hostile actions
//   H = w_lev·pain·L_AZ→RU/(1 + w_ally·Al_RU) + w_ally·Al_AZ + κ·T/100
//     = 1·2·0.6/1.1 + 0.5·0.4 + 1·40/100 = 1.690909091
struct RussiaDeciding {
  ModelParams p = blank();
  World w;
  Outlook o;
  RussiaDeciding() {
    p.states[RU] = {.hawkishness = 1, .reputation_sensitivity = 0.5, .pain_sensitivity = 2};
    p.decision.pressure_weight = 1;
    p.decision.reciprocity = 2;
    p.decision.status_quo = 0.1;
    p.decision.self_cost_weight = 1;
    p.decision.repeat_weight = 0.5;
    p.decision.ladder_weight = 1;
    p.decision.ladder_step = 0.1;
    p.decision.leverage_weight = 1;
    p.decision.ally_weight = 0.5;
    p.decision.caution = 1;
    p.decision.face_weight = 1;
    p.leverage.ru_diaspora = 0.3;
    enable_only(p, {kAccuse, kPhoneCall, kRaids, kRestrictTrade});
    w.pressure[RU] = 0.5;
    w.tension = 40;
    w.ladder = 0.2;
    w.recent_use[RU][kAccuse] = 1;
    o.leverage = {.ru_over_az = 1.0, .az_over_ru = 0.6};
    o.allies = {0.2, 0.4};
  }
};

int count_feasible(const Options& opt) {
  return static_cast<int>(std::count(opt.feasible.begin(), opt.feasible.end(), true));
}

}  // namespace

// Guards the terms of the desired stance: AZ's grievance and deterrence by a
// leverage deficit, RU's attention drive and culpability (a term given to the
// wrong side, or a leverage difference taken the wrong way round, fails).
TEST(Decision, DesiredStanceOfAKnownSituation) {
  ModelParams p = blank();
  p.states[RU] = {.hawkishness = 1, .reputation_sensitivity = 0.5, .pain_sensitivity = 1};
  p.states[AZ] = p.states[RU];
  p.decision.pressure_weight = 1;
  p.decision.provocation_weight = 1;
  p.decision.grievance_weight = 1;
  p.decision.conciliation_weight = 1;
  p.decision.deterrence = 1;
  p.decision.attention_drive = 0.5;
  p.decision.culpability_weight = 1;
  p.decision.shock_culpability = 2;
  World w;
  w.pressure = {0.5, 0.2};
  w.provocation = {0.0, 0.1};
  w.conciliation = {0.1, 0.1};
  w.grievance = 0.3;
  w.shock = 0.05;
  w.attention_ru = 0.4;
  const LeverageResult lev{.ru_over_az = 0.5, .az_over_ru = 0.3};
  // AZ: drive = 0.2 + (0.5 + 0.5)·0.1 + 0.3 = 0.6; deterred = 1·1·(0.5 − 0.3) = 0.2;
  //     D = tanh(0.6 − 0.1 − 0.2) = tanh(0.3)
  EXPECT_NEAR(desired_stance(p, w, AZ, Outlook{lev}), 0.291312612451591, 1e-12);
  // RU: drive = 0.5 + 0.5·0.4 = 0.7; culpability = 1·0.3 + 2·0.05 = 0.4; no
  //     deficit (0.5 > 0.3); D = tanh(0.7 − 0.1 − 0.4) = tanh(0.2)
  EXPECT_NEAR(desired_stance(p, w, RU, Outlook{lev}), 0.197375320224904, 1e-12);
}

// Guards each cost term of §6.6: the repeat cost, the ladder above the rung,
// the leverage term softened by one's own allies and raised by the target's,
// caution, Moscow's diaspora cost on people-measures, the face cost of
// concessions, and the distance to the desired stance (a sign error, a
// swapped ally or a term charged to the wrong kind of action fails).
TEST(Decision, UtilitiesOfAKnownSituation) {
  const RussiaDeciding s;
  const Options opt = options(s.p, s.w, RU, s.o);
  const double D = std::tanh(0.5);
  const double H = 1.0 * 2 * 0.6 / 1.1 + 0.5 * 0.4 + 1.0 * 40 / 100;
  // doing nothing: −β·D² + u_sq = −2·0.213552 + 0.1
  EXPECT_NEAR(opt.utility[kDoNothing], -0.327104534068145, 1e-12);
  // accuse (s = 0.2, below the rung plus the step): repeat 0.5·1 + 0.2·H
  const double accuse = f(action(kAccuse).hostility);
  EXPECT_NEAR(opt.utility[kAccuse], -2 * (accuse - D) * (accuse - D) - (0.5 + accuse * H), 1e-12);
  EXPECT_NEAR(opt.utility[kAccuse], -0.975592628356577, 1e-9);
  // phone call (s = −0.1): face cost w_face·rep·P·0.1 = 0.025 only
  EXPECT_NEAR(opt.utility[kPhoneCall], -0.656951400695158, 1e-9);
  // raids (s = 0.55, self-cost 0.05): 2·0.05 + diaspora 0.3·2 + ladder (0.55 − 0.2 − 0.1) + 0.55·H
  EXPECT_NEAR(opt.utility[kRaids], -1.895446825854957, 1e-9);
  // restrict trade (s = 0.7, self-cost 0.5): 2·0.5 + ladder 0.4 + 0.7·H, no diaspora cost
  EXPECT_NEAR(opt.utility[kRestrictTrade], -2.696812813955208, 1e-9);
  EXPECT_DOUBLE_EQ(opt.best, opt.utility[kDoNothing]);
  EXPECT_EQ(count_feasible(opt), 5);
}

// Guards the summit term of §6.6: on a summit day the meeting, and only the
// meeting, gains summit_weight (a bonus given to the call, or taken away
// on ordinary days, fails).
TEST(Decision, ASummitRaisesTheMeetingAndNothingElse) {
  RussiaDeciding s;
  enable_only(s.p, {kAccuse, kPhoneCall, kLeadersMeeting, kSignAgreement, kRaids});
  s.p.decision.summit_weight = 1.5;
  const Options ordinary = options(s.p, s.w, RU, s.o);
  s.w.summit = true;
  const Options summit = options(s.p, s.w, RU, s.o);
  EXPECT_NEAR(summit.utility[kLeadersMeeting] - ordinary.utility[kLeadersMeeting], 1.5, 1e-12);
  for (int a : {int{kDoNothing}, int{kAccuse}, int{kPhoneCall}, int{kSignAgreement}, int{kRaids}})
    EXPECT_EQ(summit.utility[a], ordinary.utility[a]) << a;
}

// Guards the normalisation of the logit rule and that infeasible options get
// no weight (a missing or double-counted slot breaks the sum).
TEST(Decision, ChoiceProbabilitiesSumToOne) {
  RussiaDeciding s;
  s.p.enabled.fill(true);
  s.w.grievance = 0.5;  // apologies become feasible
  for (double rationality : {0.0, 0.5, 3.0, 40.0}) {
    const Options opt = options(s.p, s.w, RU, s.o);
    const auto prob = choice_probabilities(opt, rationality);
    EXPECT_NEAR(std::accumulate(prob.begin(), prob.end(), 0.0), 1.0, 1e-12) << rationality;
    for (int a = 0; a < kNumChoosable; ++a) {
      if (!opt.feasible[a]) {
        EXPECT_EQ(prob[a], 0.0) << action(a).name;
      }
    }
  }
}

// Guards the direction of the rationality parameter: at 0 every feasible
// option is equally likely, as it grows the best option gains, and in the
// limit the rule picks the argmax whatever the uniform (a rule that scaled
// utilities by 1/λ, or picked the worst, fails).
TEST(Decision, RationalityMovesFromUniformToTheArgmax) {
  RussiaDeciding s;
  s.p.decision.status_quo = -1;  // doing nothing (−1.327) is no longer best: the phone call is
  const Options opt = options(s.p, s.w, RU, s.o);
  ASSERT_DOUBLE_EQ(opt.best, opt.utility[kPhoneCall]);

  const auto uniform = choice_probabilities(opt, 0.0);
  for (int a = 0; a < kNumOptions; ++a) EXPECT_DOUBLE_EQ(uniform[a], opt.feasible[a] ? 0.2 : 0.0);

  double previous = 0;
  for (double rationality : {0.0, 1.0, 3.0, 10.0, 30.0}) {
    const double p_best = choice_probabilities(opt, rationality)[kPhoneCall];
    EXPECT_GT(p_best, previous) << rationality;
    previous = p_best;
  }
  s.p.decision.rationality = 1e6;
  EXPECT_DOUBLE_EQ(choice_probabilities(opt, 1e6)[kPhoneCall], 1.0);
  for (double u : {0.0, 0.3, 0.7, 0.999999}) EXPECT_EQ(choose(s.p, s.w, RU, s.o, u), kPhoneCall) << u;
}

// Guards the inverse-CDF selection: at rationality 0 the uniform falls into
// the feasible options in table order, doing nothing last (an off-by-one in
// the scan, or a scan that skipped infeasible slots wrongly, fails).
TEST(Decision, ChoiceFollowsTheUniformInTableOrder) {
  RussiaDeciding s;
  s.p.decision.rationality = 0;
  const int expected[] = {kPhoneCall, kAccuse, kRestrictTrade, kRaids, -1};  // table order, then nothing
  for (int k = 0; k < 5; ++k) EXPECT_EQ(choose(s.p, s.w, RU, s.o, (k + 0.5) / 5), expected[k]) << k;
}

// Guards the preconditions of §6.9 one by one: each action below would be
// chosen if it were feasible, so a missing check makes choose() return it.
TEST(Decision, AnInfeasibleActionIsNeverChosen) {
  ModelParams p = blank();
  p.decision.rationality = 0;  // every feasible option equally likely
  World w;
  Outlook o;
  auto only_option = [&](int side, int a) {
    enable_only(p, {a});
    // With one action enabled, u < 0.5 picks it if feasible, else nothing.
    return choose(p, w, side, o, 0.25);
  };
  // Lifting a measure needs one in force.
  EXPECT_FALSE(feasible(p, w, AZ, kLiftMeasure, 0));
  EXPECT_EQ(only_option(AZ, kLiftMeasure), -1);
  w.put_in_force(AZ, kRestrictCorridor);
  EXPECT_EQ(only_option(AZ, kLiftMeasure), kLiftMeasure);
  EXPECT_EQ(only_option(RU, kLiftMeasure), -1) << "AZ's measure is not RU's to lift";

  // Releasing needs detainees, and only Moscow may release.
  EXPECT_EQ(only_option(RU, kReleaseDetainees), -1);
  o.detained = 3;
  EXPECT_EQ(only_option(RU, kReleaseDetainees), kReleaseDetainees);
  EXPECT_EQ(only_option(AZ, kReleaseDetainees), -1);

  // A persistent measure already in force cannot be taken again; a once-only
  // action only once; a disabled action never.
  EXPECT_EQ(only_option(AZ, kRestrictCorridor), -1);
  w.grievance = 0.5;
  EXPECT_EQ(only_option(RU, kAcknowledge), kAcknowledge);
  w.taken[RU][kAcknowledge] = true;
  EXPECT_EQ(only_option(RU, kAcknowledge), -1);
  p.enabled.fill(false);
  EXPECT_EQ(choose(p, w, RU, o, 0.25), -1);

  // Apologies need a grievance above the threshold; breaking relations needs
  // high tension; a phone call needs relations intact.
  p.dynamics.grievance_threshold = 0.5;
  EXPECT_EQ(only_option(RU, kApologise), -1);
  p.dynamics.break_threshold = 60;
  w.tension = 59.9;
  EXPECT_EQ(only_option(AZ, kBreakRelations), -1);
  w.tension = 60;
  EXPECT_EQ(only_option(AZ, kBreakRelations), kBreakRelations);
  EXPECT_EQ(only_option(RU, kPhoneCall), kPhoneCall);
  w.put_in_force(AZ, kBreakRelations);
  EXPECT_EQ(only_option(RU, kPhoneCall), -1);
  // Azerbaijan cannot take Moscow's measures against people.
  EXPECT_EQ(only_option(AZ, kRaids), -1);
}

// Guards §6.16 term by term: the hostile environment, the visa and
// conscription multipliers on departures, who deportations and raids reach,
// seizures, the visa cut of migrants' remittances and the split of
// detention endings (a multiplier on the wrong kind, or release and
// deportation swapped, fails).
TEST(Decision, DiasporaRatesOfAKnownSituation) {
  ModelParams p = blank();
  DiasporaParams& d = p.diaspora;
  d.tension_weight = 1;
  d.rhetoric_weight = 0.5;
  d.hostility_departure = 2;
  d.visa_departure = 1;
  d.conscript_departure = 0.5;
  d.visa_remittance_cut = 0.6;
  d.deport_rate = 10;
  d.raid_rate = 20;
  d.seize_rate = 4;
  d.release_days = 30;
  d.detained_deport_share = 0.5;
  d.seized_departure_factor = 3;
  d.kinds[kCitizen] = {.remittance_usd = 150, .departure_rate = 0.1, .raid_exposure = 0.5, .conscript_exposure = 1};
  d.kinds[kLabourMigrant] = {.remittance_usd = 1200, .departure_rate = 0.5, .raid_exposure = 1, .deport_exposure = 1};
  d.kinds[kTrader] = {.seize_exposure = 1};
  World w;
  w.tension = 50;
  MeasureEffects m;
  m.visa = 1;
  m.conscript = 1;
  m.raids = 1;
  m.deport_migrants = 1;
  m.seize = 1;
  const DiasporaRates r = diaspora_rates(p, w, m, 0.4);
  // hazard(λ) = 1 − exp(−λ·dt/365) with dt = 1
  auto hazard = [](double per_year) { return static_cast<float>(1.0 - std::exp(-per_year / 365.0)); };
  // env = 1·50/100 + 0.5·0.4 = 0.7, so departures are multiplied by 1 + 2·0.7 = 2.4
  EXPECT_FLOAT_EQ(r.depart[kCitizen], hazard(0.1 * 2.4 * 1.5));      // conscription: 1 + 0.5·1·1
  EXPECT_FLOAT_EQ(r.depart[kLabourMigrant], hazard(0.5 * 2.4 * 2));  // visa: 1 + 1·1
  EXPECT_FLOAT_EQ(r.depart[kTrader], 0.0f);
  EXPECT_FLOAT_EQ(r.deport[kLabourMigrant], hazard(10 * 1));
  EXPECT_FLOAT_EQ(r.deport[kCitizen], 0.0f) << "deporting migrants does not reach citizens";
  EXPECT_FLOAT_EQ(r.detain[kCitizen], hazard(20 * (1 + 0.5 * 1 * 1) * 0.5));
  EXPECT_FLOAT_EQ(r.detain[kLabourMigrant], hazard(20 * 1 * 1));
  EXPECT_FLOAT_EQ(r.seize[kTrader], hazard(4 * 1 * 1));
  EXPECT_FLOAT_EQ(r.seize[kLabourMigrant], 0.0f);
  EXPECT_FLOAT_EQ(r.remittance[kLabourMigrant], 480.0f);  // 1200·(1 − 0.6)
  EXPECT_FLOAT_EQ(r.remittance[kCitizen], 150.0f);
  // A detention ends with 1 − exp(−1/30); half of the endings are deportations.
  const double p_end = 1.0 - std::exp(-1.0 / 30.0);
  EXPECT_FLOAT_EQ(r.release, static_cast<float>(0.5 * p_end));
  EXPECT_FLOAT_EQ(r.detained_deport, static_cast<float>(0.5 * p_end));
  EXPECT_FLOAT_EQ(r.seized_departure_factor, 3.0f);

  // A mass expulsion reaches citizens (exposure 0) at half the migrants' rate,
  // and migrants under both measures face the sum.
  m.deport_all = 1;
  const DiasporaRates expelled = diaspora_rates(p, w, m, 0.4);
  EXPECT_FLOAT_EQ(expelled.deport[kCitizen], hazard(10 * 0.5));
  EXPECT_FLOAT_EQ(expelled.deport[kLabourMigrant], hazard(10 * (1 + 1)));
  EXPECT_FLOAT_EQ(expelled.release, static_cast<float>(0.5 * p_end)) << "the share is capped at 1·s_dd";
}

// Guards hazard(): no events at a rate of 0 or below, and the chance of at
// least one event (not the expected count) at a high rate.
TEST(Decision, HazardIsTheChanceOfAtLeastOneEvent) {
  EXPECT_EQ(hazard_prob(0, 1), 0.0f);
  EXPECT_EQ(hazard_prob(-5, 1), 0.0f);
  EXPECT_FLOAT_EQ(hazard_prob(365, 1), static_cast<float>(1 - std::exp(-1.0)));
  EXPECT_FLOAT_EQ(hazard_prob(365 * 50, 1), 1.0f);
}

// Issue 10's preconditions: Baku accepts only an apology on offer; it
// releases only Russians it holds; an exchange needs detainees on both sides.
TEST(Decision, ApologiesAndExchangesNeedTheirCounterparts) {
  ModelParams p = blank();
  World w;
  EXPECT_FALSE(feasible(p, w, AZ, kAcceptApology, 0));
  w.apology_offered = true;
  EXPECT_TRUE(feasible(p, w, AZ, kAcceptApology, 0));
  EXPECT_FALSE(feasible(p, w, RU, kAcceptApology, 0)) << "only Baku accepts";

  EXPECT_FALSE(feasible(p, w, AZ, kReleaseDetainees, 5)) << "diaspora detainees are not Baku's to release";
  w.held_ru = 0.9;
  EXPECT_FALSE(feasible(p, w, AZ, kReleaseDetainees, 0));
  EXPECT_FALSE(feasible(p, w, AZ, kExchangePrisoners, 5)) << "fewer than one Russian held";
  w.held_ru = 2;
  EXPECT_TRUE(feasible(p, w, AZ, kReleaseDetainees, 0));
  EXPECT_FALSE(feasible(p, w, RU, kExchangePrisoners, 0)) << "no diaspora detainees";
  EXPECT_TRUE(feasible(p, w, RU, kExchangePrisoners, 5));
  EXPECT_TRUE(feasible(p, w, AZ, kExchangePrisoners, 5));
  EXPECT_FALSE(feasible(p, w, RU, kDetainRussianNationals, 0)) << "Baku's mirror measures are Baku's";
}

// §6.5: the relationship's value pulls both sides toward cooperation in calm
// times, fades with tension and with the side's own grievance, and the
// crisis's cost wears the pain-sensitive down.
TEST(Decision, RelationshipValueAndCrisisCostInTheDesiredStance) {
  ModelParams p = blank();
  p.states[RU].hawkishness = p.states[AZ].hawkishness = 1;
  p.states[RU].pain_sensitivity = 0.5;
  p.decision.pressure_weight = 1;
  p.decision.grievance_weight = 1;
  p.decision.relationship_weight = 2;
  p.decision.calm_tension = 20;
  p.decision.crisis_weight = 1;
  p.dynamics.held_scale = 10;
  World w;
  w.pressure = {0.5, 0.5};
  Outlook o;
  o.stake = {1.0, 1.0};
  // Calm: D = tanh(0.5 − 2·1·1·1) = tanh(−1.5).
  EXPECT_NEAR(desired_stance(p, w, AZ, o), std::tanh(-1.5), 1e-12);
  // Tension 20 discounts the pull by 1/e.
  w.tension = 20;
  EXPECT_NEAR(desired_stance(p, w, AZ, o), std::tanh(0.5 - 2 * std::exp(-1.0)), 1e-12);
  // Baku's grievance 0.75: drive +0.75, the pull keeps a quarter.
  w.grievance = 0.75;
  EXPECT_NEAR(desired_stance(p, w, AZ, o), std::tanh(1.25 - 0.5 * std::exp(-1.0)), 1e-12);
  // Moscow's grievance is its nationals held: 5 of 10 add 0.5 to its drive
  // and halve its pull; Baku's grievance does not discount Moscow's pull.
  w.held_ru = 5;
  EXPECT_NEAR(desired_stance(p, w, RU, o), std::tanh(1.0 - std::exp(-1.0)), 1e-12);
  // The crisis's cost: −w_crisis·pain·B.
  w.crisis = 0.4;
  EXPECT_NEAR(desired_stance(p, w, RU, o), std::tanh(1.0 - std::exp(-1.0) - 0.2), 1e-12);
}

// §6.5: a side acts on a grievance as far as its leverage frees it to: equal
// footing (or no leverage either way) leaves the grievance's weight as it
// is; Moscow, needing Baku's routes three times as much as Baku needs its
// levers, acts on half of its grievance, and with Baku's levers gone on twice.
TEST(Decision, AGrievanceIsActedOnAsFarAsLeverageAllows) {
  const std::array<double, 2> none{0, 0};
  EXPECT_DOUBLE_EQ(freedom({0.6, 0.6, 0}, none, 1, RU), 1.0);
  EXPECT_DOUBLE_EQ(freedom({0, 0, 0}, none, 1, AZ), 1.0);
  EXPECT_DOUBLE_EQ(freedom({0.3, 0.9, 0}, none, 1, RU), 0.5);
  EXPECT_DOUBLE_EQ(freedom({0.3, 0.9, 0}, none, 1, AZ), 1.5);
  EXPECT_DOUBLE_EQ(freedom({0.9, 0, 0}, none, 1, RU), 2.0);
  // Baku's backers (1 at ally weight 2) blunt Moscow's lever to a third:
  // 0.6/3 against 0.2, equal footing.
  EXPECT_DOUBLE_EQ(freedom({0.6, 0.2, 0}, {0, 1}, 2, RU), 1.0);

  ModelParams p = blank();
  p.states[RU].hawkishness = 1;
  p.decision.grievance_weight = 1;
  p.dynamics.held_scale = 10;
  World w;
  w.held_ru = 5;  // half of Moscow's full grievance
  Outlook o;
  o.leverage = {0.3, 0.9, 0};
  EXPECT_NEAR(desired_stance(p, w, RU, o), std::tanh(0.5 * 0.5), 1e-12);
  o.leverage = {0.9, 0, 0};
  EXPECT_NEAR(desired_stance(p, w, RU, o), std::tanh(2 * 0.5), 1e-12);
}
