#include "model/decision.h"

#include <algorithm>
#include <cmath>

namespace simrun::model {

bool feasible(const ModelParams& p, const World& w, int side, int a, std::int64_t detained) {
  const ActionDef& d = action(a);
  if (!p.enabled[a]) return false;
  if (!(d.by & (side == RU ? kByRU : kByAZ))) return false;
  if (d.persistent && w.in_force[side][a]) return false;
  if (d.once && w.taken[side][a]) return false;
  const bool broken = w.in_force[RU][kBreakRelations] || w.in_force[AZ][kBreakRelations];
  switch (d.pre) {
    case Pre::None:
      return true;
    case Pre::Grievance:
      return w.grievance > p.dynamics.grievance_threshold;
    case Pre::OwnMeasure:
      return !w.stack[side].empty();
    case Pre::Detainees:
      return side == RU ? detained > 0 : w.held_ru >= 1.0;
    case Pre::HighTension:
      return w.tension >= p.dynamics.break_threshold;
    case Pre::RelationsIntact:
      return !broken;
    case Pre::ApologyOffered:
      return w.apology_offered;
    case Pre::BothHold:
      return detained > 0 && w.held_ru >= 1.0;
  }
  return false;
}

double held_grievance(const ModelParams& p, const World& w) {
  return std::min(1.0, w.held_ru / std::max(1e-9, p.dynamics.held_scale));
}

// A side acts on a grievance as far as it is free to: its leverage over the
// other as a share of both, doubled (1 on equal footing, 1 with no leverage
// either way), each leverage blunted by the target's backers as in the cost
// of hostility (§6.6). Moscow, needing Baku's transit routes, swallows the
// detention of its nationals; with those levers gone it answers in full.
double freedom(const LeverageResult& lev, const std::array<double, 2>& allies, double ally_weight, int side) {
  const double ru = lev.ru_over_az / (1.0 + ally_weight * allies[AZ]);
  const double az = lev.az_over_ru / (1.0 + ally_weight * allies[RU]);
  if (!(ru + az > 0)) return 1.0;
  return 2.0 * (side == RU ? ru : az) / (ru + az);
}

// What the relationship is worth to `side` when nothing troubles it (its
// stake, §6.5), discounted by tension (a factor 1/e at `calm_tension`) and
// by the side's own grievance. In calm years this makes summits, calls and
// agreements the normal business (2021-2024); a shock or a grievance
// removes it.
double relationship_value(const ModelParams& p, const World& w, int side, double stake) {
  const double own_grievance = side == AZ ? w.grievance : held_grievance(p, w);
  const double calm = std::exp(-w.tension / std::max(1e-9, p.decision.calm_tension)) * (1.0 - own_grievance);
  return p.decision.relationship_weight * stake * calm;
}

// Driven by domestic pressure, recent provocation, grievance (Baku's over
// the downing, Moscow's over its nationals held in Baku) and (for Moscow)
// free attention; lowered by recent conciliation, the relationship's value
// and the recent cost of the crisis; tanh keeps it in the ladder's range.
double desired_stance(const ModelParams& p, const World& w, int side, const Outlook& o) {
  const LeverageResult& lev = o.leverage;
  const StateParams& s = p.states[side];
  const DecisionParams& dp = p.decision;
  double drive = dp.pressure_weight * w.pressure[side] +
                 dp.provocation_weight * (0.5 + s.reputation_sensitivity) * w.provocation[side];
  if (side == AZ) drive += dp.grievance_weight * w.grievance;
  if (side == RU)
    drive += dp.attention_drive * w.attention_ru +
             dp.grievance_weight * freedom(lev, o.allies, dp.ally_weight, RU) * held_grievance(p, w);
  // The side that caused the grievance wants to defuse it (Putin's apology).
  const double culpability = side == RU ? dp.culpability_weight * w.grievance + dp.shock_culpability * w.shock : 0.0;
  // The weaker side in leverage leans toward accommodation; the article's
  // "equal footing" is the case where neither is weaker.
  const double mine = side == RU ? lev.ru_over_az : lev.az_over_ru;
  const double theirs = side == RU ? lev.az_over_ru : lev.ru_over_az;
  const double deterred = dp.deterrence * s.pain_sensitivity * std::max(0.0, theirs - mine);
  // A prolonged crisis costs both economies; the pain-sensitive tire first.
  const double weary = dp.crisis_weight * s.pain_sensitivity * w.crisis;
  return std::tanh(s.hawkishness * drive - dp.conciliation_weight * w.conciliation[side] - culpability - deterred -
                   relationship_value(p, w, side, o.stake[side]) - weary);
}

Options options(const ModelParams& p, const World& w, int side, const Outlook& o) {
  const StateParams& s = p.states[side];
  const DecisionParams& dp = p.decision;
  const double desired = desired_stance(p, w, side, o);
  const double other_leverage = side == RU ? o.leverage.az_over_ru : o.leverage.ru_over_az;
  const double allies_self = o.allies[side], allies_target = o.allies[other(side)];

  Options opt;
  // Doing nothing is stance 0.
  opt.utility[kDoNothing] = -dp.reciprocity * desired * desired + dp.status_quo;
  opt.feasible[kDoNothing] = true;
  opt.best = opt.utility[kDoNothing];
  for (int a = 0; a < kNumChoosable; ++a) {
    opt.feasible[a] = feasible(p, w, side, a, o.detained);
    if (!opt.feasible[a]) continue;
    const ActionDef& d = action(a);
    const double h = d.hostility;
    // Baku's other markets (gas to Europe, the Middle Corridor) make an
    // economic break with Russia cheaper for it.
    const double sheltered = side == AZ && d.category == Category::Economy ? 1.0 + o.leverage.az_resilience : 1.0;
    double cost =
        dp.self_cost_weight * s.pain_sensitivity * d.self_cost / sheltered + dp.repeat_weight * w.recent_use[side][a];
    // Measures that fall on the diaspora cost Moscow the labour it would
    // lose, in proportion to the people still in Russia.
    if (side == RU && (d.category == Category::People || a == kVisaRegime))
      cost += p.leverage.ru_diaspora * s.pain_sensitivity * o.diaspora_rel;
    // States climb the ladder a rung at a time: a step far above the recent
    // level of the crisis costs extra (escalation is gradual).
    if (h > 0) cost += dp.ladder_weight * std::max(0.0, h - w.ladder - dp.ladder_step);
    // Baku's people in Russia are at risk when it escalates: its hostility
    // costs more the more of them there are.
    if (h > 0 && side == AZ) cost += h * p.leverage.az_diaspora * s.pain_sensitivity * o.diaspora_rel;
    if (h > 0)
      // One's own backers blunt the other side's leverage; the target's
      // backers raise the price of hostility.
      cost += h * (dp.leverage_weight * s.pain_sensitivity * other_leverage / (1.0 + dp.ally_weight * allies_self) +
                   dp.ally_weight * allies_target + dp.caution * w.tension / 100.0);
    else
      cost += dp.face_weight * s.reputation_sensitivity * w.pressure[side] * (-h);
    opt.utility[a] = -dp.reciprocity * (h - desired) * (h - desired) - cost;
    // On a summit's sidelines a meeting needs no visit of its own.
    if (a == kLeadersMeeting && w.summit) opt.utility[a] += dp.summit_weight;
    opt.best = std::max(opt.best, opt.utility[a]);
  }
  return opt;
}

std::array<double, kNumOptions> logit_weights(const Options& o, double rationality) {
  std::array<double, kNumOptions> weight{};
  for (int a = 0; a < kNumOptions; ++a)
    weight[a] = o.feasible[a] ? std::exp(rationality * (o.utility[a] - o.best)) : 0.0;
  return weight;
}

std::array<double, kNumOptions> choice_probabilities(const Options& o, double rationality) {
  std::array<double, kNumOptions> prob = logit_weights(o, rationality);
  double total = 0;
  for (double w : prob) total += w;
  for (double& w : prob) w /= total;
  return prob;
}

int choose(const ModelParams& p, const World& w, int side, const Outlook& o, double u) {
  const std::array<double, kNumOptions> weight = logit_weights(options(p, w, side, o), p.decision.rationality);
  double total = 0;
  for (double v : weight) total += v;
  const double target = u * total;
  double acc = 0;
  for (int a = 0; a < kNumChoosable; ++a) {
    acc += weight[a];
    if (target < acc && weight[a] > 0) return a;
  }
  return -1;
}

float hazard_prob(double per_year, double dt) {
  return static_cast<float>(per_year <= 0 ? 0.0 : -std::expm1(-per_year * dt / 365.0));
}

DiasporaRates diaspora_rates(const ModelParams& p, const World& w, const MeasureEffects& m, double rhetoric_ru) {
  const DiasporaParams& d = p.diaspora;
  const double dt = p.step_days;
  const double env = d.tension_weight * w.tension / 100.0 + d.rhetoric_weight * rhetoric_ru;
  DiasporaRates r;
  for (int k = 0; k < kNumKinds; ++k) {
    const DiasporaKindParams& kp = d.kinds[k];
    double dep = kp.departure_rate * (1.0 + d.hostility_departure * env);
    if (k == kLabourMigrant) dep *= 1.0 + d.visa_departure * m.visa;
    dep *= 1.0 + d.conscript_departure * m.conscript * kp.conscript_exposure;
    r.depart[k] = hazard_prob(dep, dt);
    // Deporting migrants follows each kind's exposure; a mass expulsion
    // reaches every kind at least at half the migrants' rate.
    const double deport_intensity = (k == kLabourMigrant ? m.deport_migrants : 0.0) * kp.deport_exposure +
                                    m.deport_all * std::max(0.5, kp.deport_exposure);
    r.deport[k] = hazard_prob(d.deport_rate * deport_intensity, dt);
    r.detain[k] =
        hazard_prob(d.raid_rate * (m.raids + 0.5 * m.conscript * kp.conscript_exposure) * kp.raid_exposure, dt);
    r.seize[k] = hazard_prob(d.seize_rate * m.seize * kp.seize_exposure, dt);
    double remit = kp.remittance_usd;
    if (k == kLabourMigrant) remit *= 1.0 - d.visa_remittance_cut * m.visa;
    r.remittance[k] = static_cast<float>(remit);
  }
  // A detention ends with probability p_end per step; under deportation
  // measures a share of the endings is a deportation instead of a release.
  const double p_end = -std::expm1(-dt / std::max(1e-9, d.release_days));
  const double deported_share = d.detained_deport_share * std::min(1.0, m.deport_migrants + m.deport_all);
  r.release = static_cast<float>(p_end * (1.0 - deported_share));
  r.detained_deport = static_cast<float>(p_end * deported_share);
  r.seized_departure_factor = static_cast<float>(d.seized_departure_factor);
  return r;
}

}  // namespace simrun::model
