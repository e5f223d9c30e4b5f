#include "input/scenario_spec.h"

#include "model/actions.h"
#include "model/actors.h"
#include "model/leverage.h"

namespace simrun::input {

using model::ModelParams;
using nlohmann::ordered_json;

const Field* Field::member(const std::string& key) const {
  for (const auto& m : members)
    if (m.name == key) return &m;
  return nullptr;
}

namespace {

// Binders: one template per parameter group, instantiated per member.
template <double model::StateParams::*M>
void bind_state(ModelParams& p, const BindIndex& i, double v) {
  p.states[static_cast<std::size_t>(i.actor)].*M = v;
}
template <double model::ThirdPartyParams::*M>
void bind_third(ModelParams& p, const BindIndex& i, double v) {
  auto& t = p.third[static_cast<std::size_t>(i.actor)];
  t.present = true;
  t.*M = v;
}
template <double model::ChannelParams::*M>
void bind_channel(ModelParams& p, const BindIndex&, double v) {
  p.channels.*M = v;
}
template <double model::DiasporaParams::*M>
void bind_diaspora(ModelParams& p, const BindIndex&, double v) {
  p.diaspora.*M = v;
}
template <double model::DiasporaKindParams::*M>
void bind_kind(ModelParams& p, const BindIndex& i, double v) {
  p.diaspora.kinds[static_cast<std::size_t>(i.item)].*M = v;
}
template <double model::MediaParams::*M>
void bind_media(ModelParams& p, const BindIndex& i, double v) {
  p.media[static_cast<std::size_t>(i.item)].*M = v;
}
template <double model::EventParams::*M>
void bind_event(ModelParams& p, const BindIndex& i, double v) {
  p.events[static_cast<std::size_t>(i.item)].*M = v;
}
template <double model::DecisionParams::*M>
void bind_decision(ModelParams& p, const BindIndex&, double v) {
  p.decision.*M = v;
}
template <double model::DynamicsParams::*M>
void bind_dynamics(ModelParams& p, const BindIndex&, double v) {
  p.dynamics.*M = v;
}
template <double model::LeverageParams::*M>
void bind_leverage(ModelParams& p, const BindIndex&, double v) {
  p.leverage.*M = v;
}
template <double model::OutcomeParams::*M>
void bind_outcome(ModelParams& p, const BindIndex&, double v) {
  p.outcomes.*M = v;
}

Field number(std::string name, double def, double lo, double hi, std::string unit, std::string desc, std::string source,
             NumBind bind, bool uncertain = true) {
  Field f;
  f.name = std::move(name);
  f.kind = FieldKind::Number;
  f.default_value = def;
  f.min = lo;
  f.max = hi;
  f.unit = std::move(unit);
  f.description = std::move(desc);
  f.source = std::move(source);
  f.num = bind;
  f.uncertain = uncertain;
  return f;
}

Field object(std::string name, bool required, std::string desc, std::vector<Field> members,
             IndexRole role = IndexRole::None) {
  Field f;
  f.name = std::move(name);
  f.kind = FieldKind::Object;
  f.required = required;
  f.description = std::move(desc);
  f.members = std::move(members);
  f.role = role;
  return f;
}

Field simple(std::string name, FieldKind kind, bool required, ordered_json def, std::string desc) {
  Field f;
  f.name = std::move(name);
  f.kind = kind;
  f.required = required;
  f.default_value = std::move(def);
  f.description = std::move(desc);
  return f;
}

std::vector<std::string> actor_codes() {
  std::vector<std::string> v;
  for (auto c : model::kActorCodes) v.emplace_back(c);
  return v;
}

const char* kAssume = "assumption";

Field state_actor(const std::string& code, bool ru) {
  // Defaults differ between the two leaders; all are assumptions read from
  // the article's account (see docs/model.md, "Parameters").
  return object(code, true, code == "RU" ? "Russia (always present)" : "Azerbaijan (always present)",
                {
                    number("hawkishness", 0.6, 0, 1, "1",
                           "leader's readiness to answer pressure, grievance and provocation with hostility", kAssume,
                           bind_state<&model::StateParams::hawkishness>),
                    number("reputation_sensitivity", ru ? 0.6 : 0.7, 0, 1, "1",
                           "weight of face: the cost of conceding and the urge to answer a slight", kAssume,
                           bind_state<&model::StateParams::reputation_sensitivity>),
                    number("pain_sensitivity", ru ? 0.4 : 0.5, 0, 1, "1",
                           "weight of economic cost and of the other side's leverage", kAssume,
                           bind_state<&model::StateParams::pain_sensitivity>),
                    number("nationalist_pressure", ru ? 0.25 : 0.2, 0, 1, "1", "baseline domestic nationalist pressure",
                           kAssume, bind_state<&model::StateParams::nationalist_pressure>),
                    number("attention", ru ? 0.3 : 1.0, 0, 1, "1",
                           ru ? "share of Moscow's capacity not absorbed by the war in Ukraine"
                              : "share of Baku's capacity free for relations with Russia",
                           kAssume, bind_state<&model::StateParams::attention>),
                    number("activity", 0.06, 0, 1, "1/day",
                           "chance per day that the relationship is on the leader's agenda at full attention", kAssume,
                           bind_state<&model::StateParams::activity>),
                },
                IndexRole::ActorKey);
}

Field third_actor(const std::string& code, double alignment, double clout, const std::string& desc) {
  return object(code, false, desc,
                {
                    number("alignment", alignment, -1, 1, "1", "-1 backs Russia .. +1 backs Azerbaijan", kAssume,
                           bind_third<&model::ThirdPartyParams::alignment>),
                    number("clout", clout, 0, 1, "1", "weight of its backing", kAssume,
                           bind_third<&model::ThirdPartyParams::clout>),
                },
                IndexRole::ActorKey);
}

Field diaspora_kind(const std::string& name, double share, double remit, double departure, double raid, double deport,
                    double seize, double conscript, const std::string& desc) {
  using K = model::DiasporaKindParams;
  return object(
      name, false, desc,
      {
          number("share", share, 0, 1, "1", "share of the diaspora", "calibration.md (about half citizens)",
                 bind_kind<&K::share>),
          number("remittance_usd", remit, 0, 1e6, "USD/person/year", "remittances sent home while present",
                 "calibration.md ($287m in H1 2024, about $0.5bn a year in total)", bind_kind<&K::remittance_usd>),
          number("departure_rate", departure, 0, 10, "1/year", "baseline departures per person per year", kAssume,
                 bind_kind<&K::departure_rate>),
          number("raid_exposure", raid, 0, 10, "1", "relative exposure to raids", kAssume,
                 bind_kind<&K::raid_exposure>),
          number("deport_exposure", deport, 0, 10, "1", "relative exposure to deportation", kAssume,
                 bind_kind<&K::deport_exposure>),
          number("seize_exposure", seize, 0, 10, "1", "relative exposure to business seizure", kAssume,
                 bind_kind<&K::seize_exposure>),
          number("conscript_exposure", conscript, 0, 10, "1",
                 "relative exposure to conscription or revoked citizenship", kAssume,
                 bind_kind<&K::conscript_exposure>),
      },
      IndexRole::KindKey);
}

// Names and ids: the characters the validator accepts (it checks this class
// directly, without a regex engine) and a length that keeps file names such
// as results/compare_<name>_vs_<name>.h5.tmp-<pid> within 255 bytes.
void name_like(Field& f) {
  f.pattern = "^[A-Za-z0-9_.-]+$";
  f.max_length = 100;
}

// Joint draws of some uncertain fields (a calibrated posterior): each run
// takes one row of `sets`. The values are checked against the fields the
// paths name, once the scenario is resolved (input/parameter_sets.cpp).
Field parameter_sets_block() {
  Field source = simple("source", FieldKind::String, false, nullptr, "how the sets were obtained (free text)");
  Field paths = simple("paths", FieldKind::StringList, true, nullptr,
                       "the fields each set gives values to, in --set syntax (e.g. actors.RU.hawkishness); each "
                       "a field that may be given as a distribution");
  paths.max_length = kMaxParameterSetPaths;
  Field sets = simple("sets", FieldKind::NumberTable, true, nullptr,
                      "the sets: one row per set, one value per path, each in the range of its field");
  sets.max_length = kMaxParameterSets;
  Field weights = simple("weights", FieldKind::NumberList, false, nullptr,
                         "relative weight of each set, one per set (>= 0, not all zero); equal weights when omitted");
  weights.min = 0;
  weights.max_length = kMaxParameterSets;
  Field block = object("parameter_sets", false,
                       "parameter values drawn jointly: each run takes one set, chosen in proportion to the weights",
                       {source, paths, sets, weights});
  block.optional_block = true;
  return block;
}

Field build_spec() {
  using namespace model;
  Field root = object("", true, "a simrun scenario", {});
  auto& r = root.members;

  Field name =
      simple("name", FieldKind::String, true, nullptr, "scenario name; the default results file is results/<name>.h5");
  name_like(name);
  r.push_back(name);
  r.push_back(simple("description", FieldKind::String, true, nullptr, "what question the scenario answers"));
  r.push_back(simple("extends", FieldKind::String, false, nullptr,
                     "a base scenario file (relative to this file) that this one overrides"));
  // Editors look for "$schema" in the file itself; simrun only checks it is a string.
  r.push_back(simple(
      "$schema", FieldKind::String, false, nullptr,
      "the JSON Schema an editor checks this file against, e.g. \"../docs/scenario.schema.json\"; ignored by simrun"));

  {
    Field runs = simple("runs", FieldKind::Integer, false, 1000, "Monte Carlo replications");
    runs.min = 1;
    runs.max = 100000000;
    Field seed = simple("seed", FieldKind::Integer, false, 1, "master seed; run i uses streams of (seed, i)");
    seed.min = 0;
    seed.max = 9007199254740991.0;
    Field start = simple("start_date", FieldKind::Date, true, nullptr, "first day of the simulation (YYYY-MM-DD)");
    start.num = [](ModelParams& p, const BindIndex&, double v) { p.start_day = static_cast<long>(v); };
    Field step = number(
        "step_days", 1, 0.25, 30, "days", "length of a step", "assumption",
        [](ModelParams& p, const BindIndex&, double v) { p.step_days = v; }, false);
    Field horizon = number(
        "horizon_days", 365, 1, 3650, "days", "length of the simulation", "assumption",
        [](ModelParams& p, const BindIndex&, double v) { p.horizon_days = v; }, false);
    r.push_back(object("run", true, "run settings",
                       {runs, seed, start, step, horizon,
                        simple("trajectories", FieldKind::Bool, false, true,
                               "store every run's trajectories (summaries are computed either way)"),
                        simple("event_log", FieldKind::Bool, false, true, "store every run's event log")}));
  }

  r.push_back(object("actors", true, "the states: RU and AZ always, third parties as declared",
                     {
                         state_actor("RU", true),
                         state_actor("AZ", false),
                         third_actor("TR", 0.8, 0.6, "Turkey: Baku's closest ally"),
                         third_actor("US", 0.0, 0.5, "United States"),
                         third_actor("IR", 0.0, 0.3, "Iran: the far end of the North-South corridor"),
                         third_actor("KZ", 0.1, 0.2, "Kazakhstan: the crash site, Moscow's other candidate target"),
                         third_actor("EU", 0.3, 0.4, "European Union: buyer of Azerbaijani gas"),
                         third_actor("AM", -0.2, 0.1, "Armenia"),
                         third_actor("IL", 0.5, 0.3, "Israel: arms and oil partner of Baku"),
                     }));

  {
    using C = ChannelParams;
    r.push_back(object(
        "channels", false, "leverage channels at the start",
        {
            number("trade", 4.8, 0, 100, "1e9 USD/year", "bilateral trade turnover", "article ($4.8bn last year)",
                   bind_channel<&C::trade>),
            number("trade_adjust_days", 60, 1, 3650, "days", "time for trade to reach a new level", kAssume,
                   bind_channel<&C::trade_adjust_days>),
            number("trade_growth", 0.09, -2, 2, "1/year",
                   "trend of trade: continuous growth rate, the level without measures is trade x exp(g t)",
                   "calibration.md ($4.4bn in 2023 to $4.8bn in 2024)", bind_channel<&C::trade_growth>),
            number("remittance_growth", 0, -2, 2, "1/year", "trend of remittances per person: continuous growth rate",
                   kAssume, bind_channel<&C::remittance_growth>),
            number("oil_transit", 1.0, 0, 50, "Mt/year", "Russian oil routed via Azerbaijan at the reference sanctions",
                   "calibration.md (near zero to a few Mt; uncertain)", bind_channel<&C::oil_transit>),
            number("corridor", 0.814, 0, 50, "Mt/year",
                   "North-South corridor transit via Azerbaijan at the start, at the reference sanctions",
                   "calibration.md (814,000 t in 2024)", bind_channel<&C::corridor>),
            number("corridor_growth", 0.25, -2, 2, "1/year",
                   "trend of the North-South corridor: continuous growth rate", "calibration.md (+28% in 2024)",
                   bind_channel<&C::corridor_growth>),
            number("middle_corridor", 4.5, 0, 100, "Mt/year", "Middle Corridor transit via Azerbaijan",
                   "calibration.md (4.5 Mt in 2024)", bind_channel<&C::middle_corridor>),
            number("middle_corridor_growth", 0.5, -10, 10, "Mt/year per year", "trend of the Middle Corridor", kAssume,
                   bind_channel<&C::middle_corridor_growth>),
            number("energy_eu", 12.9, 0, 100, "bcm/year", "Azerbaijani gas exports to Europe",
                   "calibration.md (12.9 bcm in 2024)", bind_channel<&C::energy_eu>),
            number("energy_eu_growth", 1.0, -10, 10, "bcm/year per year", "trend of gas exports to Europe",
                   "calibration.md (target 20 bcm by 2027)", bind_channel<&C::energy_eu_growth>),
            number("peacekeepers", 0, 0, 10000, "troops", "Russian peacekeepers in Karabakh at the start",
                   "calibration.md (1,960 in 2020-2024; withdrawn)", bind_channel<&C::peacekeepers>),
            number("sanctions", 0.9, 0, 1, "1", "intensity of Western sanctions on Russian oil at the start", kAssume,
                   bind_channel<&C::sanctions>),
            number("sanctions_ref", 0.9, 0, 1, "1",
                   "sanctions intensity at which oil_transit and corridor are given (the 2024 level)", kAssume,
                   bind_channel<&C::sanctions_ref>, false),
        }));
  }

  {
    using D = DiasporaParams;
    Field scale = simple("scale", FieldKind::Integer, false, 1, "people represented by one agent");
    scale.min = 1;
    scale.max = 1000000;
    scale.num = [](ModelParams& p, const BindIndex&, double v) { p.diaspora.scale = static_cast<int>(v); };
    Field diaspora = object(
        "diaspora", false, "Azerbaijanis in Russia, as individual agents",
        {
            number("population", 600000, 1, 5e6, "persons", "Azerbaijanis in Russia represented",
                   "calibration.md (474,576 in the 2021 census; estimates up to 1 million)",
                   bind_diaspora<&D::population>),
            scale,
            object("kinds", false, "the four kinds of diaspora agent",
                   {
                       diaspora_kind("citizen", 0.45, 150, 0.005, 0.3, 0.0, 0.0, 1.0, "Russian citizens"),
                       diaspora_kind("labour_migrant", 0.40, 1200, 0.05, 1.0, 1.0, 0.0, 0.0,
                                     "labour and seasonal migrants"),
                       diaspora_kind("trader", 0.10, 1500, 0.02, 1.0, 0.3, 1.0, 0.0, "market traders (Sadovod)"),
                       diaspora_kind("business_owner", 0.05, 3000, 0.01, 0.5, 0.1, 1.0, 0.3, "business owners"),
                   }),
            number("rootedness_sigma", 0.5, 0, 3, "1", "lognormal spread of individual rootedness", kAssume,
                   bind_diaspora<&D::rootedness_sigma>),
            number("hostility_departure", 2, 0, 100, "1", "departure multiplier per unit of hostile environment",
                   kAssume, bind_diaspora<&D::hostility_departure>),
            number("visa_departure", 3, 0, 100, "1", "extra departure multiplier for migrants under a visa regime",
                   kAssume, bind_diaspora<&D::visa_departure>),
            number("visa_remittance_cut", 0.3, 0, 1, "1", "share of migrants' remittances lost under a visa regime",
                   kAssume, bind_diaspora<&D::visa_remittance_cut>),
            number("conscript_departure", 6, 0, 100, "1", "extra departure multiplier under conscription", kAssume,
                   bind_diaspora<&D::conscript_departure>),
            number("raid_rate", 0.2, 0, 100, "1/year", "detentions per exposed person per year under raids", kAssume,
                   bind_diaspora<&D::raid_rate>),
            number("deport_rate", 0.1, 0, 100, "1/year", "deportations per exposed person per year", kAssume,
                   bind_diaspora<&D::deport_rate>),
            number("seize_rate", 0.5, 0, 100, "1/year", "seizures per exposed business per year", kAssume,
                   bind_diaspora<&D::seize_rate>),
            number("release_days", 10, 0.5, 3650, "days", "mean length of a detention", kAssume,
                   bind_diaspora<&D::release_days>),
            number("detained_deport_share", 0.3, 0, 1, "1",
                   "share of detentions ending in deportation under deportation measures", kAssume,
                   bind_diaspora<&D::detained_deport_share>),
            number("seized_departure_factor", 10, 1, 1000, "1", "departure multiplier after a seizure", kAssume,
                   bind_diaspora<&D::seized_departure_factor>),
            number("tension_weight", 1.0, 0, 100, "1", "weight of tension/100 in the hostile environment", kAssume,
                   bind_diaspora<&D::tension_weight>),
            number("rhetoric_weight", 0.5, 0, 100, "1", "weight of Russian media rhetoric in the hostile environment",
                   kAssume, bind_diaspora<&D::rhetoric_weight>),
        });

    using M = MediaParams;
    Field media_id = simple("id", FieldKind::String, true, nullptr, "unique id of the outlet or figure");
    name_like(media_id);
    media_id.str = [](ModelParams& p, const BindIndex& i, const std::string& s) {
      p.media[static_cast<std::size_t>(i.item)].id = s;
    };
    Field media_actor = simple("actor", FieldKind::Enum, true, nullptr, "the country whose domestic pressure it feeds");
    media_actor.choices = {"RU", "AZ"};
    media_actor.num = [](ModelParams& p, const BindIndex& i, double v) {
      p.media[static_cast<std::size_t>(i.item)].actor = static_cast<int>(v);
    };
    Field media =
        object("media", false, "media outlets and hardliners",
               {
                   media_id,
                   media_actor,
                   number("line", 0.3, 0, 1, "1", "editorial line: resting hostility", kAssume, bind_media<&M::line>),
                   number("gain", 0.5, 0, 10, "1", "rise of rhetoric per unit of hostility received", kAssume,
                          bind_media<&M::gain>),
                   number("reach", 0.5, 0, 1, "1", "audience weight relative to the other outlets of the same country",
                          kAssume, bind_media<&M::reach>),
                   number("incident_rate", 0, 0, 365, "1/year", "hardliner statements per year at full rhetoric",
                          kAssume, bind_media<&M::incident_rate>),
                   number("initial", -1, -1, 1, "1", "initial rhetoric; -1 starts at the editorial line", kAssume,
                          bind_media<&M::initial>),
               },
               IndexRole::Item);
    media.kind = FieldKind::Array;
    media.resize = [](ModelParams& p, std::size_t n) { p.media.resize(n); };
    media.default_value = ordered_json::array();
    r.push_back(object("agents", false, "agent populations", {diaspora, media}));
  }

  {
    using E = EventParams;
    Field id = simple("id", FieldKind::String, true, nullptr, "unique id of the event");
    name_like(id);
    id.str = [](ModelParams& p, const BindIndex& i, const std::string& s) {
      p.events[static_cast<std::size_t>(i.item)].id = s;
    };
    Field type = simple("type", FieldKind::Enum, true, nullptr, "what happens");
    type.choices = {"downing", "incident", "settlement", "sanctions", "backing", "channel_shock", "attention", "summit"};
    type.num = [](ModelParams& p, const BindIndex& i, double v) {
      p.events[static_cast<std::size_t>(i.item)].type = static_cast<EventType>(static_cast<int>(v));
    };
    Field date = simple("date", FieldKind::Date, false, nullptr, "the day it happens (YYYY-MM-DD)");
    date.num = [](ModelParams& p, const BindIndex& i, double v) {
      p.events[static_cast<std::size_t>(i.item)].day = v - static_cast<double>(p.start_day);
    };
    Field day = number("day", 0, 0, 36500, "days since start_date",
                       "the day it happens, or a distribution of it (instead of date)", kAssume, bind_event<&E::day>);
    day.default_value = nullptr;
    Field actor = simple("actor", FieldKind::Enum, false, "RU",
                         "who causes it (downing, incident) or whose backing changes (backing)");
    actor.choices = actor_codes();
    actor.num = [](ModelParams& p, const BindIndex& i, double v) {
      p.events[static_cast<std::size_t>(i.item)].actor = static_cast<int>(v);
    };
    Field rate =
        number("rate_per_year", 0, 0, 365, "1/year", "recurring at random at this rate instead of once (incidents)",
               kAssume, bind_event<&E::rate_per_year>);
    Field channel = simple("channel", FieldKind::Enum, false, nullptr, "channel_shock: the channel it hits (required)");
    channel.choices.assign(kShockChannelNames.begin(), kShockChannelNames.end());
    channel.num = [](ModelParams& p, const BindIndex& i, double v) {
      p.events[static_cast<std::size_t>(i.item)].channel = static_cast<int>(v);
    };
    Field factor = number("factor", 0, 0, 10, "1",
                          "channel_shock: multiplier of the channel's level while the shock lasts (required)", kAssume,
                          bind_event<&E::factor>);
    factor.default_value = nullptr;
    Field duration = number("duration_days", 0, 0, 36500, "days",
                            "channel_shock: how long it lasts; 0 or absent: to the end of the run", kAssume,
                            bind_event<&E::duration_days>);
    duration.default_value = nullptr;
    Field events = object(
        "events", false, "exogenous events, scheduled or random",
        {
            id,
            type,
            date,
            day,
            number("probability", 1, 0, 1, "1", "chance that the event happens at all in a run", kAssume,
                   bind_event<&E::probability>, false),
            rate,
            actor,
            number("severity", 0.8, 0, 1, "1", "downing/incident: grievance shock", kAssume, bind_event<&E::severity>),
            number("sanctions_to", 0.2, 0, 1, "1", "settlement/sanctions: target sanctions intensity", kAssume,
                   bind_event<&E::sanctions_to>),
            number("relief_days", 180, 1, 3650, "days", "settlement/sanctions: time to reach the target", kAssume,
                   bind_event<&E::relief_days>),
            number("attention_to", 0.8, 0, 1, "1", "settlement/attention: Moscow's free attention afterwards", kAssume,
                   bind_event<&E::attention_to>),
            number("alignment_to", 0, -1, 1, "1", "backing: the third party's new alignment", kAssume,
                   bind_event<&E::alignment_to>),
            number("clout_to", 0, 0, 1, "1", "backing: the third party's new clout", kAssume, bind_event<&E::clout_to>),
            channel,
            factor,
            duration,
        },
        IndexRole::Item);
    events.kind = FieldKind::Array;
    events.resize = [](ModelParams& p, std::size_t n) { p.events.resize(n); };
    events.default_value = ordered_json::array();
    r.push_back(events);
  }

  {
    using Dp = DecisionParams;
    using Dy = DynamicsParams;
    using L = LeverageParams;
    r.push_back(object(
        "parameters", false, "behavioural and dynamic parameters",
        {
            object("decision", false, "how states choose actions (logit over utilities)",
                   {
                       number("rationality", 6, 0, 100, "1", "lambda of the logit rule", kAssume,
                              bind_decision<&Dp::rationality>),
                       number("reciprocity", 4, 0, 100, "1", "weight of matching the desired stance", kAssume,
                              bind_decision<&Dp::reciprocity>),
                       number("provocation_weight", 0.5, 0, 10, "1", "weight of hostility received", kAssume,
                              bind_decision<&Dp::provocation_weight>),
                       number("pressure_weight", 0.6, 0, 10, "1", "weight of domestic pressure", kAssume,
                              bind_decision<&Dp::pressure_weight>),
                       number("grievance_weight", 0.5, 0, 10, "1", "weight of Baku's grievance", kAssume,
                              bind_decision<&Dp::grievance_weight>),
                       number("conciliation_weight", 0.6, 0, 10, "1", "weight of conciliation received", kAssume,
                              bind_decision<&Dp::conciliation_weight>),
                       number("attention_drive", 0.6, 0, 10, "1", "Moscow's drive to reassert influence", kAssume,
                              bind_decision<&Dp::attention_drive>),
                       number("leverage_weight", 1.0, 0, 10, "1", "cost of hostility per unit of the other's leverage",
                              kAssume, bind_decision<&Dp::leverage_weight>),
                       number("ally_weight", 0.5, 0, 10, "1", "cost of hostility per unit of the target's backing",
                              kAssume, bind_decision<&Dp::ally_weight>),
                       number("self_cost_weight", 1.0, 0, 10, "1", "weight of an action's cost to oneself", kAssume,
                              bind_decision<&Dp::self_cost_weight>),
                       number("face_weight", 0.6, 0, 10, "1", "cost of conceding under domestic pressure", kAssume,
                              bind_decision<&Dp::face_weight>),
                       number("status_quo", 0.5, -10, 10, "1", "utility of doing nothing", kAssume,
                              bind_decision<&Dp::status_quo>),
                       number("reactivity", 3, 0, 100, "1", "rise of the agenda chance per unit of provocation",
                              kAssume, bind_decision<&Dp::reactivity>),
                       number("memory_days", 14, 1, 3650, "days", "decay time of provocation and conciliation", kAssume,
                              bind_decision<&Dp::memory_days>),
                       number("hardliner_weight", 0.4, 0, 10, "1", "weight of hardliner statements as provocation",
                              kAssume, bind_decision<&Dp::hardliner_weight>),
                       number("repeat_weight", 1.0, 0, 10, "1", "cost per recent use of the same action", kAssume,
                              bind_decision<&Dp::repeat_weight>),
                       number("repeat_memory_days", 60, 1, 3650, "days", "decay time of the repeat cost", kAssume,
                              bind_decision<&Dp::repeat_memory_days>),
                       number("deterrence", 0.5, 0, 10, "1",
                              "accommodation per unit of leverage deficit toward the other side", kAssume,
                              bind_decision<&Dp::deterrence>),
                       number("culpability_weight", 0.25, 0, 10, "1",
                              "Moscow's wish to defuse Baku's grievance over the downing", kAssume,
                              bind_decision<&Dp::culpability_weight>),
                       number("shock_culpability", 1.0, 0, 10, "1",
                              "Moscow's wish to defuse the fresh shock of an incident it caused", kAssume,
                              bind_decision<&Dp::shock_culpability>),
                       number("ladder_step", 0.35, 0, 2, "1",
                              "how far above the crisis's recent rung a state may step at no extra cost", kAssume,
                              bind_decision<&Dp::ladder_step>),
                       number("ladder_weight", 2.0, 0, 100, "1", "cost per unit of stance above that", kAssume,
                              bind_decision<&Dp::ladder_weight>),
                       number("ladder_memory_days", 30, 1, 3650, "days", "decay time of the recent rung", kAssume,
                              bind_decision<&Dp::ladder_memory_days>),
                       number("caution", 0.5, 0, 10, "1", "cost of hostility per unit of tension/100", kAssume,
                              bind_decision<&Dp::caution>),
                       number("relationship_weight", 1.2, 0, 10, "1",
                              "pull toward cooperation per unit of the relationship's value in calm times", kAssume,
                              bind_decision<&Dp::relationship_weight>),
                       number("calm_tension", 20, 1, 100, "1",
                              "tension at which the relationship's pull has fallen by a factor 1/e", kAssume,
                              bind_decision<&Dp::calm_tension>),
                       number("crisis_weight", 0.2, 0, 10, "1",
                              "pull toward de-escalation per unit of the crisis's recent cost", kAssume,
                              bind_decision<&Dp::crisis_weight>),
                       number("summit_weight", 1.0, 0, 10, "1",
                              "utility of a leaders' meeting on the day of a summit both leaders attend",
                              "calibration.md §2.4 (summits of 2021-2022)", bind_decision<&Dp::summit_weight>),
                   }),
            object("dynamics", false, "tension, grievance, media and pressure",
                   {
                       number("initial_tension", 0, 0, 100, "1", "tension at the start", kAssume,
                              bind_dynamics<&Dy::initial_tension>),
                       number("initial_grievance", 0, 0, 1, "1", "Baku's grievance at the start", kAssume,
                              bind_dynamics<&Dy::initial_grievance>),
                       number("tension_per_goldstein", 1.5, 0, 100, "1/point", "tension per Goldstein point", kAssume,
                              bind_dynamics<&Dy::tension_per_goldstein>),
                       number("tension_decay_days", 60, 1, 3650, "days", "decay time of tension", kAssume,
                              bind_dynamics<&Dy::tension_decay_days>),
                       number("measure_tension", 0.05, 0, 10, "1/day", "tension per measure in force per day", kAssume,
                              bind_dynamics<&Dy::measure_tension>),
                       number("grievance_decay_days", 720, 1, 36500, "days", "decay time of the grievance", kAssume,
                              bind_dynamics<&Dy::grievance_decay_days>),
                       number("grievance_threshold", 0.05, 0, 1, "1",
                              "grievance above which apology, acknowledgement and compensation are possible", kAssume,
                              bind_dynamics<&Dy::grievance_threshold>),
                       number("break_threshold", 75, 0, 100, "1", "tension needed to break relations or expel en masse",
                              kAssume, bind_dynamics<&Dy::break_threshold>),
                       number("pressure_adjust_days", 20, 1, 3650, "days", "adjustment time of domestic pressure",
                              kAssume, bind_dynamics<&Dy::pressure_adjust_days>),
                       number("media_weight", 0.6, 0, 10, "1", "weight of media rhetoric in domestic pressure", kAssume,
                              bind_dynamics<&Dy::media_weight>),
                       number("media_decay_days", 30, 1, 3650, "days", "return time of rhetoric to the line", kAssume,
                              bind_dynamics<&Dy::media_decay_days>),
                       number("attention_adjust_days", 90, 1, 3650, "days", "adjustment time of Moscow's attention",
                              kAssume, bind_dynamics<&Dy::attention_adjust_days>),
                       number("crisis_days", 240, 1, 3650, "days", "averaging time of the crisis's cost", kAssume,
                              bind_dynamics<&Dy::crisis_days>),
                       number("measure_cost", 0.1, 0, 10, "1",
                              "cost of the crisis per measure in force, in units of tension/100", kAssume,
                              bind_dynamics<&Dy::measure_cost>),
                       number("held_rate", 24, 0, 3650, "1/year",
                              "Russians detained per year while Baku's detention campaign is in force", kAssume,
                              bind_dynamics<&Dy::held_rate>),
                       number("held_scale", 10, 1, 10000, "persons",
                              "Russians held by Baku at which Moscow's grievance over them is full", kAssume,
                              bind_dynamics<&Dy::held_scale>),
                   }),
            object(
                "leverage", false, "salience of each channel to the side that would lose it",
                {
                    number("az_trade", 0.5, 0, 10, "1", "Baku's exposure to trade", kAssume,
                           bind_leverage<&L::az_trade>),
                    number("az_remittances", 0.3, 0, 10, "1", "Baku's exposure to remittances", kAssume,
                           bind_leverage<&L::az_remittances>),
                    number("az_peacekeepers", 0.6, 0, 10, "1", "Baku's exposure to peacekeepers", kAssume,
                           bind_leverage<&L::az_peacekeepers>),
                    number("ru_trade", 0.15, 0, 10, "1", "Moscow's exposure to trade", kAssume,
                           bind_leverage<&L::ru_trade>),
                    number(
                        "ru_diaspora", 0.1, 0, 10, "1",
                        "cost to Moscow of measures against people per diaspora_ref of people in Russia (their labour)",
                        kAssume, bind_leverage<&L::ru_diaspora>),
                    number("az_diaspora", 0.2, 0, 10, "1",
                           "cost to Baku of its hostile acts per unit of stance, per diaspora_ref of its people in "
                           "Russia (people at risk)",
                           kAssume, bind_leverage<&L::az_diaspora>),
                    number("ru_oil", 0.4, 0, 10, "1", "Moscow's exposure to oil transit at the reference volume",
                           kAssume, bind_leverage<&L::ru_oil>),
                    number("ru_corridor", 0.5, 0, 10, "1", "Moscow's exposure to the North-South corridor", kAssume,
                           bind_leverage<&L::ru_corridor>),
                    number("az_energy_resilience", 0.3, 0, 10, "1",
                           "how much gas exports to Europe lower Baku's exposure", kAssume,
                           bind_leverage<&L::az_energy_resilience>),
                    number("az_middle_corridor_resilience", 0.2, 0, 10, "1",
                           "how much the Middle Corridor lowers Baku's exposure", kAssume,
                           bind_leverage<&L::az_middle_corridor_resilience>),
                    number("trade_ref", 4.8, 0.001, 1000, "1e9 USD/year", "trade that counts as one unit of leverage",
                           "article ($4.8bn)", bind_leverage<&L::trade_ref>, false),
                    number("oil_ref", 1.0, 0.001, 1000, "Mt/year", "oil transit that counts as one unit", kAssume,
                           bind_leverage<&L::oil_ref>, false),
                    number("corridor_ref", 0.814, 0.001, 1000, "Mt/year", "corridor transit that counts as one unit",
                           "calibration.md (814,000 t in 2024)", bind_leverage<&L::corridor_ref>, false),
                    number("energy_ref", 12.9, 0.001, 1000, "bcm/year", "gas exports to Europe that count as one unit",
                           "calibration.md (12.9 bcm in 2024)", bind_leverage<&L::energy_ref>, false),
                    number("middle_corridor_ref", 4.5, 0.001, 1000, "Mt/year",
                           "Middle Corridor transit that counts as one unit", "calibration.md (4.5 Mt in 2024)",
                           bind_leverage<&L::middle_corridor_ref>, false),
                    number("peacekeepers_ref", 1960, 1, 100000, "troops", "peacekeepers that count as one unit",
                           "calibration.md (1,960 in 2020-2024)", bind_leverage<&L::peacekeepers_ref>, false),
                    number("remittances_ref", 500, 0.001, 100000, "1e6 USD/year", "remittances that count as one unit",
                           "calibration.md ($287m in H1 2024, about $0.5bn a year)", bind_leverage<&L::remittances_ref>,
                           false),
                    number("diaspora_ref", 600000, 1, 1e7, "persons",
                           "Azerbaijanis in Russia (present or detained) that count as one unit", kAssume,
                           bind_leverage<&L::diaspora_ref>, false),
                }),
        }));
  }

  {
    std::vector<std::string> names;
    for (int a = 0; a < kNumChoosable; ++a) names.emplace_back(action(a).name);
    Field disabled = simple("disabled", FieldKind::StringList, false, ordered_json::array(),
                            "actions no state may take; \"all\" disables every action, \"hardliners\" the "
                            "hardliners' statements");
    disabled.choices = names;
    disabled.choices.push_back("all");
    disabled.choices.push_back("hardliners");
    std::vector<std::string> persistent;
    for (int a = 0; a < kNumChoosable; ++a)
      if (action(a).persistent) persistent.emplace_back(action(a).name);
    Field ru = simple("RU", FieldKind::StringList, false, ordered_json::array(), "Russian measures in force");
    ru.choices = persistent;
    Field az = simple("AZ", FieldKind::StringList, false, ordered_json::array(), "Azerbaijani measures in force");
    az.choices = persistent;
    r.push_back(object("actions", false, "the escalation ladder: what is allowed and what is in force",
                       {disabled, object("initial_measures", false, "measures in force at the start", {ru, az})}));
  }

  {
    using O = OutcomeParams;
    r.push_back(object(
        "outcomes", false, "thresholds of the first-passage outcomes",
        {
            number("mass_deportation_share", 0.05, 0, 1, "1",
                   "deported share of the diaspora that counts as mass deportation", kAssume,
                   bind_outcome<&O::mass_deportation_share>, false),
            number("business_seizures", 1000, 0, 1e7, "businesses", "seized businesses that count as business seizures",
                   kAssume, bind_outcome<&O::business_seizures>, false),
            number("normalisation_tension", 10, 0, 100, "1", "tension below which relations are normal", kAssume,
                   bind_outcome<&O::normalisation_tension>, false),
            number("normalisation_days", 30, 1, 3650, "days", "days of normal relations with no measures in force",
                   kAssume, bind_outcome<&O::normalisation_days>, false),
        }));
  }

  r.push_back(parameter_sets_block());
  return root;
}

}  // namespace

const Field& scenario_spec() {
  static const Field spec = build_spec();
  return spec;
}

}  // namespace simrun::input
