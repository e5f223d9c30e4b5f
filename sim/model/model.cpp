#include "model/model.h"

#include <algorithm>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <cmath>
#include <limits>

#include "model/decision.h"
#include "model/leverage.h"
#include "model/world.h"

namespace simrun::model {

void RunOutput::reset(int times) {
  num_times = times;
  trajectories.assign(static_cast<std::size_t>(kNumVars) * times, 0.0f);
  events.clear();
  first_passage.fill(std::numeric_limits<double>::quiet_NaN());
}

namespace {

double clamp01(double v) { return std::clamp(v, 0.0, 1.0); }
double relative(double v, double ref) { return ref > 0 ? v / ref : 0.0; }

// How much of Moscow's use of the Azerbaijani routes depends on sanctions:
// oil goes that way mostly because of the embargo, the North-South corridor
// half because of it. Both stay positive, so ratios are bounded.
double oil_need(double sanctions) { return 0.1 + 0.9 * sanctions; }
double corridor_need(double sanctions) { return 0.5 + 0.5 * sanctions; }

// Days until a recurring event's next occurrence.
double inter_arrival(const EventParams& e, Engine& rng) {
  return boost::random::exponential_distribution<double>(e.rate_per_year / 365.0)(rng);
}

// The per-step decay factors keep(tau) and adjustment rates rate(tau) of
// docs/model.md, fixed for a run.
struct StepFactors {
  double mem, repeat_keep, ladder_keep, tension_keep, grievance_keep;
  double media_rate, pressure_rate, attention_rate, trade_rate, crisis_rate;

  explicit StepFactors(const ModelParams& p) {
    const double dt = p.step_days;
    mem = std::exp(-dt / p.decision.memory_days);
    repeat_keep = std::exp(-dt / p.decision.repeat_memory_days);
    ladder_keep = std::exp(-dt / p.decision.ladder_memory_days);
    tension_keep = std::exp(-dt / p.dynamics.tension_decay_days);
    grievance_keep = std::exp(-dt / p.dynamics.grievance_decay_days);
    media_rate = 1.0 - std::exp(-dt / p.dynamics.media_decay_days);
    pressure_rate = 1.0 - std::exp(-dt / p.dynamics.pressure_adjust_days);
    attention_rate = 1.0 - std::exp(-dt / p.dynamics.attention_adjust_days);
    trade_rate = 1.0 - std::exp(-dt / p.channels.trade_adjust_days);
    crisis_rate = 1.0 - std::exp(-dt / p.dynamics.crisis_days);
  }
};

// One run in progress. The constructor is the initialisation of
// docs/model.md §3; step() runs one step, and the functions it calls are the
// steps of §1.3, in that order. Everything lives on the stack or in the
// Simulation's buffers, so a step allocates nothing but event-log growth.
class Run {
 public:
  Run(const ModelParams& p, std::uint64_t seed, std::uint64_t run_index, RunBuffers& buf, RunOutput& out);
  void step(int n);

 private:
  void init_world();
  void init_media();
  void schedule_events(std::uint64_t seed, std::uint64_t run_index);
  void init_diaspora_and_leverage();

  void clear_step_accumulators();
  void apply_due_events(double t0, double t1);  // step 1
  void follow_trends(double t0);                // step 2
  void hardliner_statements();                  // step 3
  void decide();                                // step 4
  void act();                                   // step 4
  void update_memories();                       // step 5
  void update_media();                          // step 5
  void update_pressure();                       // step 5
  void update_channels();                       // step 6
  void step_diaspora();                         // step 7
  void update_tension();                        // step 8
  void record(int t);                           // step 9
  void check_outcomes(double day);              // step 9

  void apply_exogenous(std::size_t e, double day);
  void update_flows(double t);
  void apply_action(int side, int a);
  void log_event(int actor, int target, int a);
  double reach_weighted(int actor) const;
  void evaluate_leverage();
  double trend(double growth_per_year) const { return std::exp(growth_per_year * t_ / 365.0); }
  void reach_outcome(Outcome o, double day);
  std::array<double, 2> stakes() const;

  const ModelParams& p_;
  const ChannelParams& ch_;
  const double dt_;
  const StepFactors f_;
  const LeverageModel leverage_;
  RunBuffers& buf_;
  RunOutput& out_;
  Engine decide_rng_, media_rng_;
  boost::random::uniform_01<double> unif_;

  World w_;
  int step_ = 0;
  double t_ = 0;  // the end of the current step, days since start
  double oil_ = 0, corridor_ = 0, middle_ = 0, energy_ = 0, peacekeepers_ = 0;
  double remittances_ = 0;                           // USD/year, in persons
  std::array<double, kNumShockChannels> shocked_{};  // product of the channel shocks in force, per channel
  LeverageResult lev_{};
  double people_rel_ = 1;  // Azerbaijanis in Russia (present or detained) over diaspora_ref
  MeasureEffects effects_{};
  DiasporaCounts counts_{};
  double scale_ = 1, population_ = 0;
  std::array<int, 2> chosen_ = {-1, -1};  // this step's actions, -1 for none
};

Run::Run(const ModelParams& p, std::uint64_t seed, std::uint64_t run_index, RunBuffers& buf, RunOutput& out)
    : p_(p),
      ch_(p.channels),
      dt_(p.step_days),
      f_(p),
      leverage_(p.leverage),
      buf_(buf),
      out_(out),
      decide_rng_(make_stream(seed, run_index, "decisions")),
      media_rng_(make_stream(seed, run_index, "media")) {
  out_.reset(p.steps() + 1);
  out_.step_days = dt_;
  buf_.diaspora.init(p.diaspora, seed, run_index);
  scale_ = buf_.diaspora.scale();
  population_ = static_cast<double>(buf_.diaspora.size()) * scale_;
  init_world();
  init_media();
  schedule_events(seed, run_index);
  init_diaspora_and_leverage();
  record(0);
}

// Initial memories, environment and measures in force (§3 item 4).
void Run::init_world() {
  w_.tension = p_.dynamics.initial_tension;
  w_.grievance = p_.dynamics.initial_grievance;
  w_.sanctions = w_.sanctions_target = ch_.sanctions;
  w_.attention_ru = w_.attention_target = p_.states[RU].attention;
  w_.third = p_.third;
  w_.trade = ch_.trade;
  shocked_.fill(1.0);
  update_flows(0.0);
  for (int side = 0; side < 2; ++side) {
    w_.pressure[side] = p_.states[side].nationalist_pressure;
    for (int a : p_.initial_measures[side]) {
      if (a < 0 || a >= kNumChoosable || !action(a).persistent || w_.in_force[side][a]) continue;
      w_.put_in_force(side, a);
    }
  }
}

void Run::init_media() {
  buf_.rhetoric.resize(p_.media.size());
  for (std::size_t m = 0; m < p_.media.size(); ++m)
    buf_.rhetoric[m] = p_.media[m].initial >= 0 ? p_.media[m].initial : p_.media[m].line;
}

// Each event's first due day. Recurring events draw their times from a
// stream of their own, so that other events' draws are unaffected (§3 item 5).
void Run::schedule_events(std::uint64_t seed, std::uint64_t run_index) {
  const std::size_t n = p_.events.size();
  buf_.event_rng.clear();
  buf_.next_due.resize(n);
  buf_.shock_end.assign(n, -1.0);
  for (std::size_t e = 0; e < n; ++e) {
    const EventParams& ev = p_.events[e];
    buf_.event_rng.push_back(make_stream(seed, run_index, "event:" + ev.id));
    buf_.next_due[e] = ev.rate_per_year > 0 ? inter_arrival(ev, buf_.event_rng[e]) : ev.day;
  }
}

// The diaspora counted under the initial measures and its remittances; then
// the initial leverage (§3 item 6).
void Run::init_diaspora_and_leverage() {
  const DiasporaRates rates = diaspora_rates(p_, w_, effects_in_force(w_), reach_weighted(RU));
  counts_ = buf_.diaspora.count(rates);
  remittances_ = counts_.remittances * scale_;
  evaluate_leverage();
}

void Run::step(int n) {
  const double t0 = (n - 1) * dt_, t1 = n * dt_;  // this step covers days [t0, t1)
  step_ = n;
  t_ = t1;
  clear_step_accumulators();
  apply_due_events(t0, t1);
  follow_trends(t0);
  hardliner_statements();
  decide();
  act();
  update_memories();
  update_media();
  update_pressure();
  update_channels();
  step_diaspora();
  update_tension();
  record(n);
  check_outcomes(t1);
}

void Run::clear_step_accumulators() {
  w_.hostile_in = {0, 0};
  w_.hostile_in_media = {0, 0};
  w_.concil_in = {0, 0};
  w_.goldstein_hostile = w_.goldstein_friendly = 0;
  w_.summit = false;
}

// Step 1: exogenous events due in [t0, t1), in scenario order (§6.1).
void Run::apply_due_events(double t0, double t1) {
  for (std::size_t e = 0; e < p_.events.size(); ++e) {
    const EventParams& ev = p_.events[e];
    double& due = buf_.next_due[e];
    while (due >= t0 && due < t1) {
      apply_exogenous(e, due);
      due = ev.rate_per_year > 0 ? due + inter_arrival(ev, buf_.event_rng[e]) : -1;
    }
  }
}

// Step 2: sanctions and Moscow's attention approach their targets; the
// channel shocks still in force at the start of the step, multiplied per
// channel, scale the channels this step (§6.2).
void Run::follow_trends(double t0) {
  w_.sanctions += (w_.sanctions_target - w_.sanctions) * (1.0 - std::exp(-dt_ / w_.sanctions_days));
  w_.attention_ru += (w_.attention_target - w_.attention_ru) * f_.attention_rate;
  shocked_.fill(1.0);
  for (std::size_t e = 0; e < p_.events.size(); ++e)
    if (buf_.shock_end[e] > t0) shocked_[static_cast<std::size_t>(p_.events[e].channel)] *= p_.events[e].factor;
}

// Step 3: each outlet's hardliners may make a statement against the other
// side; one uniform per outlet is always drawn (§6.3).
void Run::hardliner_statements() {
  if (!p_.hardliners_enabled) return;
  for (std::size_t m = 0; m < p_.media.size(); ++m) {
    const double pr = hazard_prob(p_.media[m].incident_rate * buf_.rhetoric[m], dt_);
    if (unif_(media_rng_) < pr) {
      const int home = p_.media[m].actor;
      log_event(kNumActors + static_cast<int>(m), other(home), kHardlinerStatement);
      w_.hostile_in_media[other(home)] += action(kHardlinerStatement).hostility;
    }
  }
}

// Step 4a: RU then AZ draw whether the dyad is on their agenda and the
// uniform of their pick; both choose on the same information (§6.4).
void Run::decide() {
  const Outlook o{lev_, {allies_of(w_, RU), allies_of(w_, AZ)}, counts_.detained, people_rel_, stakes()};
  for (int side = 0; side < 2; ++side) {
    const double attention = side == RU ? w_.attention_ru : p_.states[side].attention;
    // A fresh shock puts the crisis on both agendas.
    const double urgency = w_.provocation[side] + w_.shock;
    // A summit seats both leaders in one place: the dyad is on both agendas.
    const double agenda =
        w_.summit ? 1.0
                  : -std::expm1(-p_.states[side].activity * attention * (1.0 + p_.decision.reactivity * urgency) * dt_);
    const double u_agenda = unif_(decide_rng_);
    const double u_pick = unif_(decide_rng_);  // always drawn: the stream stays aligned across scenarios
    chosen_[side] = u_agenda < agenda ? choose(p_, w_, side, o, u_pick) : -1;
  }
}

// Step 4b: the chosen actions take effect, RU's first (§6.10). A joint act
// (a meeting, an agreement) that both sides chose on one day is one act:
// Moscow's.
void Run::act() {
  if (chosen_[AZ] >= 0 && chosen_[AZ] == chosen_[RU] && action(chosen_[AZ]).joint) chosen_[AZ] = -1;
  for (int side = 0; side < 2; ++side)
    if (chosen_[side] >= 0) apply_action(side, chosen_[side]);
}

// Step 5a: provocation, conciliation and recent-use memories, the shock and
// the ladder's rung take in this step's events (§6.11).
void Run::update_memories() {
  for (int side = 0; side < 2; ++side) {
    const double received = w_.hostile_in[side] + p_.decision.hardliner_weight * w_.hostile_in_media[side];
    w_.provocation[side] = std::min(1.0, w_.provocation[side] * f_.mem + received);
    w_.conciliation[side] = std::min(1.0, w_.conciliation[side] * f_.mem + w_.concil_in[side]);
    for (auto& r : w_.recent_use[side]) r *= f_.repeat_keep;
  }
  w_.shock *= f_.mem;
  w_.ladder *= f_.ladder_keep;
  for (int side = 0; side < 2; ++side)
    if (chosen_[side] >= 0) w_.ladder = std::max<double>(w_.ladder, action(chosen_[side]).hostility);
}

// Step 5b: each outlet's rhetoric relaxes toward its line and answers the
// hostility and conciliation its country received (§6.12).
void Run::update_media() {
  for (std::size_t m = 0; m < p_.media.size(); ++m) {
    const MediaParams& mp = p_.media[m];
    double& rhetoric = buf_.rhetoric[m];
    double r = rhetoric + f_.media_rate * (mp.line - rhetoric);
    r += mp.gain * (w_.hostile_in[mp.actor] + w_.hostile_in_media[mp.actor]);
    r -= 0.5 * mp.gain * w_.concil_in[mp.actor];
    if (chosen_[mp.actor] == kMediaCampaign) r += action(kMediaCampaign).fx.media_boost;
    rhetoric = clamp01(r);
  }
}

// Step 5c: domestic pressure follows the country's media (§6.13).
void Run::update_pressure() {
  for (int side = 0; side < 2; ++side) {
    const double target =
        clamp01(p_.states[side].nationalist_pressure + p_.dynamics.media_weight * reach_weighted(side));
    w_.pressure[side] = clamp01(w_.pressure[side] + f_.pressure_rate * (target - w_.pressure[side]));
  }
}

// Step 6: the channels follow their trends, the measures in force, the
// sanctions and the channel shocks (§6.14-6.15).
void Run::update_channels() {
  effects_ = effects_in_force(w_);
  const double trade_target = ch_.trade * trend(ch_.trade_growth) * (1.0 - effects_.trade_cut) * shocked_[kChTrade];
  w_.trade += (trade_target - w_.trade) * f_.trade_rate;
  update_flows(t_);
}

// The transit, export and troop levels at day t under the current sanctions,
// cuts and shocks. Oil and the corridor are given at the reference sanctions
// level, so a scenario's initial sanctions move them (§6.15).
void Run::update_flows(double t) {
  const double s = w_.sanctions, s_ref = ch_.sanctions_ref;
  oil_ = ch_.oil_transit * oil_need(s) / oil_need(s_ref) * (1.0 - effects_.oil_cut) * shocked_[kChOil];
  corridor_ = ch_.corridor * std::exp(ch_.corridor_growth * t / 365.0) * corridor_need(s) / corridor_need(s_ref) *
              (1.0 - effects_.corridor_cut) * shocked_[kChCorridor];
  middle_ = std::max(0.0, ch_.middle_corridor + ch_.middle_corridor_growth * t / 365.0) * shocked_[kChMiddleCorridor];
  energy_ = std::max(0.0, ch_.energy_eu + ch_.energy_eu_growth * t / 365.0) * shocked_[kChEnergyEU];
  peacekeepers_ = ch_.peacekeepers * shocked_[kChPeacekeepers];
}

// Step 7: the diaspora's transition probabilities, then every agent updates
// (§6.16-6.18).
void Run::step_diaspora() {
  const DiasporaRates rates = diaspora_rates(p_, w_, effects_, reach_weighted(RU));
  counts_ = buf_.diaspora.step(rates, step_);
  remittances_ = counts_.remittances * scale_ * trend(ch_.remittance_growth) * shocked_[kChRemittances];
}

// Step 8: tension takes in the step's events and the measures in force,
// grievance decays, Baku's detention campaign holds more Russians, and the
// crisis's cost follows tension and the measures in force, scaled by the
// trade at stake; then leverage is evaluated for the next step (§6.19).
void Run::update_tension() {
  const DynamicsParams& dy = p_.dynamics;
  const double measures = static_cast<double>(w_.stack[RU].size() + w_.stack[AZ].size());
  w_.tension = std::clamp(w_.tension * f_.tension_keep +
                              dy.tension_per_goldstein * (w_.goldstein_hostile - 0.5 * w_.goldstein_friendly) +
                              dy.measure_tension * measures * dt_,
                          0.0, 100.0);
  w_.grievance = clamp01(w_.grievance * f_.grievance_keep);
  w_.held_ru += dy.held_rate * effects_.hold_russians * dt_ / 365.0;
  const double cost = relative(w_.trade, p_.leverage.trade_ref) * (w_.tension / 100.0 + dy.measure_cost * measures);
  w_.crisis += (cost - w_.crisis) * f_.crisis_rate;
  evaluate_leverage();
}

// Step 9a (and time 0): every trajectory variable at time index t (§10.1).
void Run::record(int t) {
  float* v = out_.trajectories.data();
  const std::size_t T = static_cast<std::size_t>(out_.num_times);
  auto put = [&](Var var, double value) { v[var * T + t] = static_cast<float>(value); };
  put(kTension, w_.tension);
  put(kGrievance, w_.grievance);
  put(kPressureRU, w_.pressure[RU]);
  put(kPressureAZ, w_.pressure[AZ]);
  put(kRhetoricRU, reach_weighted(RU));
  put(kRhetoricAZ, reach_weighted(AZ));
  put(kAttentionRU, w_.attention_ru);
  put(kSanctions, w_.sanctions);
  put(kLeverageRUoverAZ, lev_.ru_over_az);
  put(kLeverageAZoverRU, lev_.az_over_ru);
  put(kAlliesAZ, allies_of(w_, AZ) - allies_of(w_, RU));
  put(kTrade, w_.trade);
  put(kOilTransit, oil_);
  put(kCorridorTransit, corridor_);
  put(kMiddleCorridor, middle_);
  put(kEnergyEU, energy_);
  put(kRemittances, remittances_ / 1e6);
  put(kDiasporaPresent, static_cast<double>(counts_.present) * scale_);
  put(kDiasporaDetained, static_cast<double>(counts_.detained) * scale_);
  put(kDiasporaDeported, static_cast<double>(counts_.deported) * scale_);
  put(kDiasporaDeparted, static_cast<double>(counts_.departed) * scale_);
  put(kBusinessesSeized, static_cast<double>(counts_.seized) * scale_);
  put(kMeasuresRU, static_cast<double>(w_.stack[RU].size()));
  put(kMeasuresAZ, static_cast<double>(w_.stack[AZ].size()));
}

// Step 9b: first passages reached at the end of the step, at `day` (§6.20).
void Run::check_outcomes(double day) {
  if (w_.in_force[RU][kVisaRegime]) reach_outcome(kVisaRegimeOutcome, day);
  if (static_cast<double>(counts_.deported) * scale_ >= p_.outcomes.mass_deportation_share * population_)
    reach_outcome(kMassDeportation, day);
  if (static_cast<double>(counts_.seized) * scale_ >= p_.outcomes.business_seizures)
    reach_outcome(kBusinessSeizure, day);
  if (w_.in_force[AZ][kRestrictOilTransit] || w_.in_force[AZ][kRestrictCorridor])
    reach_outcome(kTransitRestriction, day);
  if (w_.in_force[RU][kBreakRelations] || w_.in_force[AZ][kBreakRelations]) reach_outcome(kBreakOfRelations, day);
  if (chosen_[RU] >= 0 && action(chosen_[RU]).category == Category::People) reach_outcome(kCoercionOfPeople, day);
  bool coercive_measures = false;
  for (int side = 0; side < 2; ++side)
    for (int a : w_.stack[side])
      coercive_measures |=
          action(a).category == Category::Economy || action(a).category == Category::People || a == kBreakRelations;
  w_.normal_days = (w_.tension < p_.outcomes.normalisation_tension && !coercive_measures) ? w_.normal_days + dt_ : 0.0;
  if (w_.normal_days >= p_.outcomes.normalisation_days) reach_outcome(kNormalisation, day);
}

void Run::apply_exogenous(std::size_t index, double day) {
  const EventParams& e = p_.events[index];
  switch (e.type) {
    case EventType::Downing:
      log_event(e.actor, other(e.actor), kDowning);
      w_.grievance = std::max(w_.grievance, e.severity);
      w_.shock = std::max(w_.shock, e.severity);
      w_.hostile_in[other(e.actor)] += action(kDowning).hostility;
      break;
    case EventType::Incident:
      log_event(e.actor, other(e.actor), kIncident);
      w_.grievance = std::min(1.0, w_.grievance + e.severity * (1.0 - w_.grievance));
      w_.shock = std::max(w_.shock, e.severity);
      w_.hostile_in[other(e.actor)] += action(kIncident).hostility;
      break;
    case EventType::Settlement:
      log_event(RU, US, kSettlement);
      w_.sanctions_target = e.sanctions_to;
      w_.sanctions_days = std::max(1.0, e.relief_days);
      w_.attention_target = e.attention_to;
      break;
    case EventType::Sanctions:
      log_event(EU, RU, e.sanctions_to > w_.sanctions ? kSanctionsTightened : kSanctionsEased);
      w_.sanctions_target = e.sanctions_to;
      w_.sanctions_days = std::max(1.0, e.relief_days);
      break;
    case EventType::Backing: {
      ThirdPartyParams& t = w_.third[e.actor];
      const bool raised = e.alignment_to * e.clout_to > t.alignment * t.clout;
      log_event(e.actor, AZ, raised ? kBackingRaised : kBackingLowered);
      t.present = true;
      t.alignment = e.alignment_to;
      t.clout = e.clout_to;
      break;
    }
    // Not acts between the two states: none of the three is logged.
    case EventType::ChannelShock:
      buf_.shock_end[index] = e.duration_days > 0 ? day + e.duration_days : std::numeric_limits<double>::infinity();
      break;
    case EventType::Attention:
      w_.attention_target = e.attention_to;
      break;
    case EventType::Summit:
      w_.summit = true;
      break;
  }
}

void Run::apply_action(int side, int a) {
  const ActionDef& d = action(a);
  const int target = other(side);
  log_event(side, target, a);
  w_.taken[side][a] = true;
  w_.recent_use[side][a] += 1.0;
  if (d.hostility > 0)
    w_.hostile_in[target] += d.hostility;
  else
    w_.concil_in[target] += -d.hostility;
  if (d.persistent) w_.put_in_force(side, a);
  if (d.fx.revoke && !w_.stack[side].empty()) {
    w_.in_force[side][w_.stack[side].back()] = false;
    w_.stack[side].pop();
  }
  w_.grievance *= d.fx.grievance_factor;
  w_.apology_offered = (w_.apology_offered || d.fx.offers_apology) && !d.fx.accepts_apology;
  // Each side releases the people it holds: Moscow the diaspora's
  // detainees, Baku the Russians; an exchange releases both.
  if ((d.fx.release && side == RU) || d.fx.exchange) buf_.diaspora.release_all();
  if ((d.fx.release && side == AZ) || d.fx.exchange) w_.held_ru = 0;
}

void Run::log_event(int actor, int target, int a) {
  out_.events.push_back(
      {step_, static_cast<std::int16_t>(actor), static_cast<std::int16_t>(target), static_cast<std::uint8_t>(a)});
  // Only events between the two sides (or their hardliners) move bilateral
  // tension; a settlement with Washington or an EU decision does not.
  const bool dyad = (target == RU || target == AZ) && (actor == RU || actor == AZ || actor >= kNumActors);
  if (!dyad) return;
  const double g = action(a).goldstein;
  if (g < 0)
    w_.goldstein_hostile += -g;
  else
    w_.goldstein_friendly += g;
}

double Run::reach_weighted(int actor) const {
  double num = 0, den = 0;
  for (std::size_t m = 0; m < p_.media.size(); ++m)
    if (p_.media[m].actor == actor) {
      num += p_.media[m].reach * buf_.rhetoric[m];
      den += p_.media[m].reach;
    }
  return den > 0 ? num / den : 0.0;
}

// Each channel's level over its reference level (§6.8).
void Run::evaluate_leverage() {
  const LeverageParams& lp = p_.leverage;
  people_rel_ = relative(static_cast<double>(counts_.present + counts_.detained) * scale_, lp.diaspora_ref);
  ChannelVector x;
  x(kChTrade) = relative(w_.trade, lp.trade_ref);
  x(kChRemittances) = relative(remittances_ / 1e6, lp.remittances_ref);
  x(kChOil) = relative(oil_, lp.oil_ref);
  x(kChCorridor) = relative(corridor_, lp.corridor_ref);
  x(kChPeacekeepers) = relative(peacekeepers_, lp.peacekeepers_ref);
  x(kChEnergyEU) = relative(energy_, lp.energy_ref);
  x(kChMiddleCorridor) = relative(middle_, lp.middle_corridor_ref);
  lev_ = leverage_.evaluate(x);
}

// What the relationship is worth to each side (§6.5): the trade it carries
// and the diaspora's remittances and labour (Baku's income, Moscow's
// workers), the same stake for both, each 1 at its reference level.
std::array<double, 2> Run::stakes() const {
  const LeverageParams& lp = p_.leverage;
  const double common = 0.5 * (relative(w_.trade, lp.trade_ref) + relative(remittances_ / 1e6, lp.remittances_ref));
  return {common, common};
}

void Run::reach_outcome(Outcome o, double day) {
  if (std::isnan(out_.first_passage[o])) out_.first_passage[o] = day;
}

}  // namespace

void Simulation::run(const ModelParams& p, std::uint64_t seed, std::uint64_t run_index, RunOutput& out) {
  Run r(p, seed, run_index, buffers_, out);
  for (int n = 1; n <= p.steps(); ++n) r.step(n);
}

}  // namespace simrun::model
