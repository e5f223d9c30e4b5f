#include "model/model.h"

#include <algorithm>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <cmath>
#include <limits>

#include "model/leverage.h"

namespace simrun::model {

void RunOutput::reset(int times) {
  num_times = times;
  trajectories.assign(static_cast<std::size_t>(kNumVars) * times, 0.0f);
  events.clear();
  first_passage.fill(std::numeric_limits<double>::quiet_NaN());
}

namespace {

double clamp01(double v) { return std::clamp(v, 0.0, 1.0); }

// How much of Moscow's use of the Azerbaijani routes depends on sanctions:
// oil goes that way mostly because of the embargo, the North-South corridor
// half because of it. Both stay positive, so ratios are bounded.
double oil_need(double sanctions) { return 0.1 + 0.9 * sanctions; }
double corridor_need(double sanctions) { return 0.5 + 0.5 * sanctions; }
// Probability of at least one event in `dt` days at `per_year` events a year.
float hazard_prob(double per_year, double dt) {
  return static_cast<float>(per_year <= 0 ? 0.0 : -std::expm1(-per_year * dt / 365.0));
}

// The mutable state of one run that is not agent arrays: the two states'
// memories, measures in force and the scalar environment.
struct World {
  double tension = 0, grievance = 0, sanctions = 0, sanctions_target = 0, sanctions_days = 1;
  double attention_ru = 1, attention_target = 1;
  std::array<double, 2> pressure{}, provocation{}, conciliation{};
  double shock = 0;   // fresh grievance: the downing's first weeks, decaying with the memory time
  double ladder = 0;  // hostility of the recent rung of the ladder reached by either state
  std::array<std::array<bool, kNumChoosable>, 2> in_force{};
  std::array<std::array<bool, kNumChoosable>, 2> taken{};
  std::array<std::vector<int>, 2> stack;                          // measures in force, most recent last
  std::array<std::array<double, kNumChoosable>, 2> recent_use{};  // decaying count of recent uses
  std::array<ThirdPartyParams, kNumActors> third{};
  double trade = 0;
  double normal_days = 0;
  // Hostility received this step, by side, to feed media and memory.
  std::array<double, 2> hostile_in{}, hostile_in_media{}, concil_in{};
  double goldstein_hostile = 0;  // sum of -goldstein of this step's events
  double goldstein_friendly = 0;
};

struct MeasureEffects {
  double trade_cut = 0, oil_cut = 0, corridor_cut = 0, raids = 0, deport_migrants = 0, deport_all = 0, seize = 0,
         conscript = 0, visa = 0;
};

MeasureEffects effects_in_force(const World& w) {
  MeasureEffects e;
  double trade_keep = 1, oil_keep = 1, corridor_keep = 1;
  for (int side = 0; side < 2; ++side) {
    for (int a : w.stack[side]) {
      const Effects& fx = action(a).fx;
      trade_keep *= 1.0 - fx.trade_cut;
      oil_keep *= 1.0 - fx.oil_cut;
      corridor_keep *= 1.0 - fx.corridor_cut;
      e.raids = std::max<double>(e.raids, fx.raids);
      e.deport_migrants = std::max<double>(e.deport_migrants, fx.deport_migrants);
      e.deport_all = std::max<double>(e.deport_all, fx.deport_all);
      e.seize = std::max<double>(e.seize, fx.seize);
      e.conscript = std::max<double>(e.conscript, fx.conscript);
      e.visa = std::max<double>(e.visa, fx.visa);
    }
  }
  e.trade_cut = 1 - trade_keep;
  e.oil_cut = 1 - oil_keep;
  e.corridor_cut = 1 - corridor_keep;
  return e;
}

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
      return detained > 0;
    case Pre::HighTension:
      return w.tension >= p.dynamics.break_threshold;
    case Pre::RelationsIntact:
      return !broken;
  }
  return false;
}

// Backing of `side` by the scenario's third parties (alignment times clout).
double allies_of(const World& w, int side) {
  Eigen::Matrix<double, kNumActors, 1> align, clout;
  for (int k = 0; k < kNumActors; ++k) {
    const bool third = k != RU && k != AZ && w.third[k].present;
    align(k) = third ? w.third[k].alignment : 0.0;
    clout(k) = third ? w.third[k].clout : 0.0;
  }
  // Positive alignment backs Azerbaijan, negative backs Russia.
  const double sign = side == AZ ? 1.0 : -1.0;
  return (sign * align).cwiseMax(0.0).dot(clout);
}

struct Context {
  const ModelParams& p;
  World& w;
  RunOutput& out;
  int step;
};

void log_event(Context& c, int actor, int target, int a) {
  c.out.events.push_back(
      {c.step, static_cast<std::int16_t>(actor), static_cast<std::int16_t>(target), static_cast<std::uint8_t>(a)});
  // Only events between the two sides (or their hardliners) move bilateral
  // tension; a settlement with Washington or an EU decision does not.
  const bool dyad = (target == RU || target == AZ) && (actor == RU || actor == AZ || actor >= kNumActors);
  if (!dyad) return;
  const double g = action(a).goldstein;
  if (g < 0)
    c.w.goldstein_hostile += -g;
  else
    c.w.goldstein_friendly += g;
}

// A state's chosen action takes effect.
void apply_action(Context& c, int side, int a, Diaspora& diaspora) {
  World& w = c.w;
  const ActionDef& d = action(a);
  const int target = other(side);
  log_event(c, side, target, a);
  w.taken[side][a] = true;
  w.recent_use[side][a] += 1.0;
  if (d.hostility > 0)
    w.hostile_in[target] += d.hostility;
  else
    w.concil_in[target] += -d.hostility;
  if (d.persistent) {
    w.in_force[side][a] = true;
    w.stack[side].push_back(a);
  }
  if (d.fx.revoke && !w.stack[side].empty()) {
    w.in_force[side][w.stack[side].back()] = false;
    w.stack[side].pop_back();
  }
  if (side == RU) w.grievance *= d.fx.grievance_factor;
  if (d.fx.release) diaspora.release_all();
}

// The stance a state wants to take toward the other, in (-1, 1): driven by
// domestic pressure, recent provocation, grievance and (for Moscow) free
// attention, lowered by recent conciliation; tanh keeps it in the ladder's range.
double desired_stance(const ModelParams& p, const World& w, int side, const LeverageResult& lev) {
  const StateParams& s = p.states[side];
  const DecisionParams& dp = p.decision;
  double drive = dp.pressure_weight * w.pressure[side] +
                 dp.provocation_weight * (0.5 + s.reputation_sensitivity) * w.provocation[side];
  if (side == AZ) drive += dp.grievance_weight * w.grievance;
  if (side == RU) drive += dp.attention_drive * w.attention_ru;
  // The side that caused the grievance wants to defuse it (Putin's apology).
  const double culpability = side == RU ? dp.culpability_weight * w.grievance + dp.shock_culpability * w.shock : 0.0;
  // The weaker side in leverage leans toward accommodation; the article's
  // "equal footing" is the case where neither is weaker.
  const double mine = side == RU ? lev.ru_over_az : lev.az_over_ru;
  const double theirs = side == RU ? lev.az_over_ru : lev.ru_over_az;
  const double deterred = dp.deterrence * s.pain_sensitivity * std::max(0.0, theirs - mine);
  return std::tanh(s.hawkishness * drive - dp.conciliation_weight * w.conciliation[side] - culpability - deterred);
}

// Logit (quantal-response) choice among feasible actions and doing nothing.
// Returns the action, or -1 for nothing.
int choose(const ModelParams& p, const World& w, int side, const LeverageResult& lev, double allies_target,
           double allies_self, std::int64_t detained, double u) {
  const StateParams& s = p.states[side];
  const DecisionParams& dp = p.decision;
  const double desired = desired_stance(p, w, side, lev);
  const double other_leverage = side == RU ? lev.az_over_ru : lev.ru_over_az;

  std::array<double, kNumChoosable + 1> util{};
  std::array<bool, kNumChoosable + 1> ok{};
  // Index kNumChoosable stands for doing nothing (stance 0).
  util[kNumChoosable] = -dp.reciprocity * desired * desired + dp.status_quo;
  ok[kNumChoosable] = true;
  double best = util[kNumChoosable];
  for (int a = 0; a < kNumChoosable; ++a) {
    ok[a] = feasible(p, w, side, a, detained);
    if (!ok[a]) continue;
    const ActionDef& d = action(a);
    const double h = d.hostility;
    double cost = dp.self_cost_weight * s.pain_sensitivity * d.self_cost + dp.repeat_weight * w.recent_use[side][a];
    // Measures that fall on the diaspora cost Moscow its economic weight.
    if (side == RU && (d.category == Category::People || a == kVisaRegime))
      cost += p.leverage.ru_diaspora * s.pain_sensitivity;
    // States climb the ladder a rung at a time: a step far above the recent
    // level of the crisis costs extra (escalation is gradual).
    if (h > 0) cost += dp.ladder_weight * std::max(0.0, h - w.ladder - dp.ladder_step);
    if (h > 0)
      // One's own backers blunt the other side's leverage; the target's
      // backers raise the price of hostility.
      cost += h * (dp.leverage_weight * s.pain_sensitivity * other_leverage / (1.0 + dp.ally_weight * allies_self) +
                   dp.ally_weight * allies_target + dp.caution * w.tension / 100.0);
    else
      cost += dp.face_weight * s.reputation_sensitivity * w.pressure[side] * (-h);
    util[a] = -dp.reciprocity * (h - desired) * (h - desired) - cost;
    best = std::max(best, util[a]);
  }
  std::array<double, kNumChoosable + 1> weight{};
  double total = 0;
  for (int a = 0; a <= kNumChoosable; ++a) {
    weight[a] = ok[a] ? std::exp(dp.rationality * (util[a] - best)) : 0.0;
    total += weight[a];
  }
  const double target = u * total;
  double acc = 0;
  for (int a = 0; a < kNumChoosable; ++a) {
    acc += weight[a];
    if (target < acc && weight[a] > 0) return a;
  }
  return -1;
}

void apply_exogenous(Context& c, const EventParams& e) {
  World& w = c.w;
  switch (e.type) {
    case EventType::Downing:
      log_event(c, e.actor, other(e.actor), kDowning);
      w.grievance = std::max(w.grievance, e.severity);
      w.shock = std::max(w.shock, e.severity);
      w.hostile_in[other(e.actor)] += action(kDowning).hostility;
      break;
    case EventType::Incident:
      log_event(c, e.actor, other(e.actor), kIncident);
      w.grievance = std::min(1.0, w.grievance + e.severity * (1.0 - w.grievance));
      w.shock = std::max(w.shock, e.severity);
      w.hostile_in[other(e.actor)] += action(kIncident).hostility;
      break;
    case EventType::Settlement:
      log_event(c, RU, US, kSettlement);
      w.sanctions_target = e.sanctions_to;
      w.sanctions_days = std::max(1.0, e.relief_days);
      w.attention_target = e.attention_to;
      break;
    case EventType::Sanctions:
      log_event(c, EU, RU, e.sanctions_to > w.sanctions ? kSanctionsTightened : kSanctionsEased);
      w.sanctions_target = e.sanctions_to;
      w.sanctions_days = std::max(1.0, e.relief_days);
      break;
    case EventType::Backing: {
      ThirdPartyParams& t = w.third[e.actor];
      const bool raised = e.alignment_to * e.clout_to > t.alignment * t.clout;
      log_event(c, e.actor, AZ, raised ? kBackingRaised : kBackingLowered);
      t.present = true;
      t.alignment = e.alignment_to;
      t.clout = e.clout_to;
      break;
    }
  }
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

}  // namespace

void Simulation::run(const ModelParams& p, std::uint64_t seed, std::uint64_t run_index, RunOutput& out) {
  const int steps = p.steps();
  const double dt = p.step_days;
  out.reset(steps + 1);
  out.step_days = dt;

  Engine init_rng = make_stream(seed, run_index, "diaspora_init");
  Engine agent_rng = make_stream(seed, run_index, "diaspora");
  Engine decide_rng = make_stream(seed, run_index, "decisions");
  Engine media_rng = make_stream(seed, run_index, "media");
  boost::random::uniform_01<double> unif;

  diaspora_.init(p.diaspora, init_rng);
  const double scale = diaspora_.scale();
  const double population = static_cast<double>(diaspora_.size()) * scale;

  World w;
  w.tension = p.dynamics.initial_tension;
  w.grievance = p.dynamics.initial_grievance;
  w.sanctions = w.sanctions_target = p.channels.sanctions;
  w.attention_ru = w.attention_target = p.states[RU].attention;
  w.third = p.third;
  w.trade = p.channels.trade;
  for (int side = 0; side < 2; ++side) {
    w.pressure[side] = p.states[side].nationalist_pressure;
    for (int a : p.initial_measures[side]) {
      if (a < 0 || a >= kNumChoosable || !action(a).persistent || w.in_force[side][a]) continue;
      w.in_force[side][a] = true;
      w.stack[side].push_back(a);
    }
  }
  const std::size_t n_media = p.media.size();
  rhetoric_.resize(n_media);
  for (std::size_t m = 0; m < n_media; ++m)
    rhetoric_[m] = p.media[m].initial >= 0 ? p.media[m].initial : p.media[m].line;

  // Recurring events: the next occurrence of each, drawn from its own stream
  // so that other events' draws are unaffected.
  std::vector<Engine> event_rng;
  std::vector<double> next_due(p.events.size(), -1.0);
  event_rng.reserve(p.events.size());
  for (std::size_t e = 0; e < p.events.size(); ++e) {
    event_rng.push_back(make_stream(seed, run_index, "event:" + p.events[e].id));
    if (p.events[e].rate_per_year > 0)
      next_due[e] = boost::random::exponential_distribution<double>(p.events[e].rate_per_year / 365.0)(event_rng[e]);
    else
      next_due[e] = p.events[e].day;
  }

  const LeverageModel leverage(p.leverage);
  const ChannelParams& ch = p.channels;
  auto rel = [](double v, double ref) { return ref > 0 ? v / ref : 0.0; };
  auto reach_weighted = [&](int actor) {
    double num = 0, den = 0;
    for (std::size_t m = 0; m < n_media; ++m)
      if (p.media[m].actor == actor) {
        num += p.media[m].reach * rhetoric_[m];
        den += p.media[m].reach;
      }
    return den > 0 ? num / den : 0.0;
  };

  double oil = ch.oil_transit, corridor = ch.corridor, middle = ch.middle_corridor, energy = ch.energy_eu;
  LeverageResult lev{};
  DiasporaCounts counts{};

  const LeverageParams& lp = p.leverage;
  auto evaluate_leverage = [&](double remittance_rel) {
    ChannelVector x;
    x(kChTrade) = rel(w.trade, lp.trade_ref);
    x(kChRemittances) = remittance_rel;
    x(kChOil) = rel(oil, lp.oil_ref);
    x(kChCorridor) = rel(corridor, lp.corridor_ref);
    x(kChPeacekeepers) = rel(ch.peacekeepers, lp.peacekeepers_ref);
    x(kChEnergyEU) = rel(energy, lp.energy_ref);
    x(kChMiddleCorridor) = rel(middle, lp.middle_corridor_ref);
    lev = leverage.evaluate(x);
  };

  const MeasureEffects m0 = effects_in_force(w);
  DiasporaRates rates = diaspora_rates(p, w, m0, reach_weighted(RU));
  counts = diaspora_.count(rates);
  const double remit0 = std::max(1e-9, counts.remittances);
  evaluate_leverage(1.0);

  auto record = [&](int t) {
    float* v = out.trajectories.data();
    const std::size_t T = static_cast<std::size_t>(out.num_times);
    auto put = [&](Var var, double value) { v[var * T + t] = static_cast<float>(value); };
    put(kTension, w.tension);
    put(kGrievance, w.grievance);
    put(kPressureRU, w.pressure[RU]);
    put(kPressureAZ, w.pressure[AZ]);
    put(kRhetoricRU, reach_weighted(RU));
    put(kRhetoricAZ, reach_weighted(AZ));
    put(kAttentionRU, w.attention_ru);
    put(kSanctions, w.sanctions);
    put(kLeverageRUoverAZ, lev.ru_over_az);
    put(kLeverageAZoverRU, lev.az_over_ru);
    put(kAlliesAZ, allies_of(w, AZ) - allies_of(w, RU));
    put(kTrade, w.trade);
    put(kOilTransit, oil);
    put(kCorridorTransit, corridor);
    put(kMiddleCorridor, middle);
    put(kEnergyEU, energy);
    put(kRemittances, counts.remittances * scale / 1e6);
    put(kDiasporaPresent, static_cast<double>(counts.present) * scale);
    put(kDiasporaDetained, static_cast<double>(counts.detained) * scale);
    put(kDiasporaDeported, static_cast<double>(counts.deported) * scale);
    put(kDiasporaDeparted, static_cast<double>(counts.departed) * scale);
    put(kBusinessesSeized, static_cast<double>(counts.seized) * scale);
    put(kMeasuresRU, static_cast<double>(w.stack[RU].size()));
    put(kMeasuresAZ, static_cast<double>(w.stack[AZ].size()));
  };
  record(0);

  auto reach_outcome = [&](Outcome o, double day) {
    if (std::isnan(out.first_passage[o])) out.first_passage[o] = day;
  };

  const double mem = std::exp(-dt / p.decision.memory_days);
  const double repeat_keep = std::exp(-dt / p.decision.repeat_memory_days);
  const double ladder_keep = std::exp(-dt / p.decision.ladder_memory_days);
  const double tension_keep = std::exp(-dt / p.dynamics.tension_decay_days);
  const double grievance_keep = std::exp(-dt / p.dynamics.grievance_decay_days);
  const double media_rate = 1.0 - std::exp(-dt / p.dynamics.media_decay_days);
  const double pressure_rate = 1.0 - std::exp(-dt / p.dynamics.pressure_adjust_days);
  const double attention_rate = 1.0 - std::exp(-dt / p.dynamics.attention_adjust_days);
  const double trade_rate = 1.0 - std::exp(-dt / p.channels.trade_adjust_days);

  for (int step = 1; step <= steps; ++step) {
    const double t0 = (step - 1) * dt, t1 = step * dt;  // this step covers days [t0, t1)
    Context c{p, w, out, step};
    w.hostile_in = {0, 0};
    w.hostile_in_media = {0, 0};
    w.concil_in = {0, 0};
    w.goldstein_hostile = w.goldstein_friendly = 0;

    // 1. Exogenous events due in this step, in scenario order.
    for (std::size_t e = 0; e < p.events.size(); ++e) {
      while (next_due[e] >= t0 && next_due[e] < t1) {
        apply_exogenous(c, p.events[e]);
        if (p.events[e].rate_per_year > 0)
          next_due[e] +=
              boost::random::exponential_distribution<double>(p.events[e].rate_per_year / 365.0)(event_rng[e]);
        else
          next_due[e] = -1;
      }
    }

    // 2. Exogenous trends.
    w.sanctions += (w.sanctions_target - w.sanctions) * (1.0 - std::exp(-dt / w.sanctions_days));
    w.attention_ru += (w.attention_target - w.attention_ru) * attention_rate;
    middle = std::max(0.0, ch.middle_corridor + ch.middle_corridor_growth * t1 / 365.0);
    energy = std::max(0.0, ch.energy_eu + ch.energy_eu_growth * t1 / 365.0);

    // 3. Hardliners may create incidents; their rhetoric drives pressure.
    if (p.hardliners_enabled) {
      for (std::size_t m = 0; m < n_media; ++m) {
        const double pr = hazard_prob(p.media[m].incident_rate * rhetoric_[m], dt);
        if (unif(media_rng) < pr) {
          const int home = p.media[m].actor;
          log_event(c, kNumActors + static_cast<int>(m), other(home), kHardlinerStatement);
          w.hostile_in_media[other(home)] += action(kHardlinerStatement).hostility;
        }
      }
    }

    // 4. Decisions: both states choose on the same information, then act.
    const std::array<double, 2> allies = {allies_of(w, RU), allies_of(w, AZ)};
    std::array<int, 2> chosen = {-1, -1};
    for (int side = 0; side < 2; ++side) {
      const double attention = side == RU ? w.attention_ru : p.states[side].attention;
      // A fresh shock puts the crisis on both agendas.
      const double urgency = w.provocation[side] + w.shock;
      const double agenda =
          -std::expm1(-p.states[side].activity * attention * (1.0 + p.decision.reactivity * urgency) * dt);
      const double u_agenda = unif(decide_rng);
      const double u_pick = unif(decide_rng);  // always drawn: the stream stays aligned across scenarios
      if (u_agenda < agenda)
        chosen[side] = choose(p, w, side, lev, allies[other(side)], allies[side], counts.detained, u_pick);
    }
    for (int side = 0; side < 2; ++side)
      if (chosen[side] >= 0) apply_action(c, side, chosen[side], diaspora_);

    // 5. Memories, media and domestic pressure take in this step's events.
    for (int side = 0; side < 2; ++side) {
      const double received = w.hostile_in[side] + p.decision.hardliner_weight * w.hostile_in_media[side];
      w.provocation[side] = std::min(1.0, w.provocation[side] * mem + received);
      w.conciliation[side] = std::min(1.0, w.conciliation[side] * mem + w.concil_in[side]);
      for (auto& r : w.recent_use[side]) r *= repeat_keep;
    }
    w.shock *= mem;
    w.ladder *= ladder_keep;
    for (int side = 0; side < 2; ++side)
      if (chosen[side] >= 0) w.ladder = std::max<double>(w.ladder, action(chosen[side]).hostility);
    for (std::size_t m = 0; m < n_media; ++m) {
      const MediaParams& mp = p.media[m];
      double r = rhetoric_[m] + media_rate * (mp.line - rhetoric_[m]);
      r += mp.gain * (w.hostile_in[mp.actor] + w.hostile_in_media[mp.actor]);
      r -= 0.5 * mp.gain * w.concil_in[mp.actor];
      if (chosen[mp.actor] == kMediaCampaign) r += action(kMediaCampaign).fx.media_boost;
      rhetoric_[m] = clamp01(r);
    }
    for (int side = 0; side < 2; ++side) {
      const double target =
          clamp01(p.states[side].nationalist_pressure + p.dynamics.media_weight * reach_weighted(side));
      w.pressure[side] = clamp01(w.pressure[side] + pressure_rate * (target - w.pressure[side]));
    }

    // 6. Channels follow the measures in force.
    const MeasureEffects m = effects_in_force(w);
    w.trade += (ch.trade * (1.0 - m.trade_cut) - w.trade) * trade_rate;
    oil = ch.oil_transit * oil_need(w.sanctions) / oil_need(ch.sanctions) * (1.0 - m.oil_cut);
    corridor = ch.corridor * corridor_need(w.sanctions) / corridor_need(ch.sanctions) * (1.0 - m.corridor_cut);

    // 7. The diaspora: every agent updates.
    rates = diaspora_rates(p, w, m, reach_weighted(RU));
    counts = diaspora_.step(rates, agent_rng);

    // 8. Tension and grievance.
    const double measures = static_cast<double>(w.stack[RU].size() + w.stack[AZ].size());
    w.tension = std::clamp(w.tension * tension_keep +
                               p.dynamics.tension_per_goldstein * (w.goldstein_hostile - 0.5 * w.goldstein_friendly) +
                               p.dynamics.measure_tension * measures * dt,
                           0.0, 100.0);
    w.grievance = clamp01(w.grievance * grievance_keep);
    evaluate_leverage(counts.remittances / remit0);

    // 9. Record and check outcomes.
    record(step);
    const double day = t1;
    if (w.in_force[RU][kVisaRegime]) reach_outcome(kVisaRegimeOutcome, day);
    if (static_cast<double>(counts.deported) * scale >= p.outcomes.mass_deportation_share * population)
      reach_outcome(kMassDeportation, day);
    if (static_cast<double>(counts.seized) * scale >= p.outcomes.business_seizures)
      reach_outcome(kBusinessSeizure, day);
    if (w.in_force[AZ][kRestrictOilTransit] || w.in_force[AZ][kRestrictCorridor])
      reach_outcome(kTransitRestriction, day);
    if (w.in_force[RU][kBreakRelations] || w.in_force[AZ][kBreakRelations]) reach_outcome(kBreakOfRelations, day);
    if (chosen[RU] >= 0 && action(chosen[RU]).category == Category::People) reach_outcome(kCoercionOfPeople, day);
    bool coercive_measures = false;
    for (int side = 0; side < 2; ++side)
      for (int a : w.stack[side])
        coercive_measures |=
            action(a).category == Category::Economy || action(a).category == Category::People || a == kBreakRelations;
    w.normal_days = (w.tension < p.outcomes.normalisation_tension && !coercive_measures) ? w.normal_days + dt : 0.0;
    if (w.normal_days >= p.outcomes.normalisation_days) reach_outcome(kNormalisation, day);
  }
}

}  // namespace simrun::model
