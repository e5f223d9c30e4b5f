#pragma once
// Every number the model uses in one run, after the scenario was resolved and
// its distributions sampled. Plain data: the model reads it, never a scenario
// file or a JSON value. The members carry no defaults on purpose: the
// defaults of the scenario format (input/scenario_spec.cpp) are the only
// ones, so build parameters from a scenario. Symbols, units, ranges and
// sources are in docs/model.md.
#include <array>
#include <string>
#include <vector>

#include "model/actions.h"
#include "model/actors.h"

namespace simrun::model {

struct StateParams {
  double hawkishness{};             // weight of pressure, grievance and provocation in the desired stance
  double reputation_sensitivity{};  // face cost of conceding; weight of answering a slight
  double pain_sensitivity{};        // weight of economic cost and of the other side's leverage
  double nationalist_pressure{};    // baseline domestic pressure
  double attention{};               // initial share of capacity free for this dyad
  double activity{};                // per-day chance the dyad is on the agenda at full attention
};

struct ThirdPartyParams {
  bool present = false;
  double alignment{};  // -1 backs Russia .. +1 backs Azerbaijan
  double clout{};      // 0 .. 1, weight of its backing
};

struct MediaParams {
  std::string id;
  int actor = RU;          // the country whose domestic pressure it feeds
  double line{};           // editorial line: resting hostility 0 .. 1
  double gain{};           // how strongly hostile events from the other side raise its rhetoric
  double reach{};          // weight in its country's domestic pressure
  double incident_rate{};  // hardliner statements per year at full rhetoric
  double initial{};        // initial rhetoric; < 0 means start at the editorial line
};

enum DiasporaKind : int { kCitizen, kLabourMigrant, kTrader, kBusinessOwner, kNumKinds };
inline constexpr std::array<const char*, kNumKinds> kKindNames = {"citizen", "labour_migrant", "trader",
                                                                  "business_owner"};

struct DiasporaKindParams {
  double share{};               // share of the population
  double remittance_usd{};      // remittances per person per year, USD
  double departure_rate{};      // baseline departures per person per year
  double raid_exposure{};       // relative exposure to raids
  double deport_exposure{};     // relative exposure to deportation
  double seize_exposure{};      // relative exposure to business seizure
  double conscript_exposure{};  // relative exposure to conscription / revoked citizenship
};

struct DiasporaParams {
  double population{};  // Azerbaijanis in Russia represented
  int scale{};          // people per agent
  std::array<DiasporaKindParams, kNumKinds> kinds{};
  double rootedness_sigma{};     // lognormal sigma of individual rootedness
  double hostility_departure{};  // departure hazard multiplier per unit of hostile environment
  double visa_departure{};       // extra departure multiplier for migrants under a visa regime
  double visa_remittance_cut{};
  double conscript_departure{};      // extra departure multiplier for citizens under conscription
  double raid_rate{};                // detentions per exposed person per year under a raid campaign
  double deport_rate{};              // deportations per exposed person per year under deportation measures
  double seize_rate{};               // seizures per exposed business per year under a seizure campaign
  double release_days{};             // mean detention length
  double detained_deport_share{};    // share of detentions that end in deportation under deportation measures
  double seized_departure_factor{};  // departure multiplier after one's business was seized
  double tension_weight{};           // weight of tension/100 in the hostile environment
  double rhetoric_weight{};          // weight of Russian media rhetoric in the hostile environment
};

struct ChannelParams {
  double trade{};                   // 1e9 USD/year
  double trade_adjust_days{};       // time for trade to reach a new level
  double trade_growth{};            // trend of trade, per year (continuous rate: x exp(g t))
  double remittance_growth{};       // trend of remittances per person, per year (continuous rate)
  double oil_transit{};             // Mt/year at the reference sanctions
  double corridor{};                // Mt/year at the reference sanctions, at the start
  double corridor_growth{};         // trend of the corridor, per year (continuous rate)
  double middle_corridor{};         // Mt/year
  double middle_corridor_growth{};  // Mt/year per year
  double energy_eu{};               // bcm/year
  double energy_eu_growth{};        // bcm/year per year
  double peacekeepers{};            // troops
  double sanctions{};               // initial sanctions intensity
  double sanctions_ref{};           // sanctions intensity at which oil_transit and corridor are given
};

struct LeverageParams {
  // Salience of each channel to the side that would lose it (assumptions).
  double az_trade{}, az_remittances{}, az_peacekeepers{};
  double ru_trade{}, ru_oil{}, ru_corridor{};
  double az_energy_resilience{}, az_middle_corridor_resilience{};
  // The diaspora's weight in Russia's economy: a cost to Moscow of every
  // measure against people (it is not a lever of Baku's).
  double ru_diaspora{};
  // Baku's people in Russia at risk: a cost of each of Baku's hostile acts,
  // scaled by the number exposed (it is not a leverage entry either).
  double az_diaspora{};
  // Reference levels: a channel at its reference counts 1 in the leverage sum.
  double trade_ref{}, oil_ref{}, corridor_ref{}, energy_ref{}, middle_corridor_ref{}, peacekeepers_ref{};
  double remittances_ref{};  // 1e6 USD/year
  double diaspora_ref{};     // persons exposed in Russia
};

struct DecisionParams {
  double rationality{};         // lambda of the logit rule
  double reciprocity{};         // weight of the distance between an action's stance and the desired stance
  double provocation_weight{};  // weight of recent hostility received in the desired stance
  double pressure_weight{};
  double grievance_weight{};
  double conciliation_weight{};  // recent conciliation received lowers the desired stance
  double attention_drive{};      // Russia's drive to reassert influence per unit of free attention
  double leverage_weight{};      // cost of hostility per unit of the other side's leverage
  double ally_weight{};          // cost of hostility per unit of third-party backing of the target
  double self_cost_weight{};
  double face_weight{};          // cost of conceding under domestic pressure
  double status_quo{};           // utility bonus of doing nothing
  double reactivity{};           // agenda chance rises by this per unit of recent provocation
  double memory_days{};          // decay time of recent provocation and conciliation
  double hardliner_weight{};     // weight of hardliner statements as provocation
  double repeat_weight{};        // cost per recent use of the same action
  double repeat_memory_days{};   // decay time of that cost
  double deterrence{};           // accommodation per unit of leverage deficit
  double culpability_weight{};   // the culprit's wish to defuse the other side's grievance
  double shock_culpability{};    // the same for the fresh shock of an incident
  double ladder_step{};          // rung that may be climbed without extra cost
  double ladder_weight{};        // cost per unit of stance above the recent rung plus the step
  double ladder_memory_days{};   // decay time of the recent rung
  double caution{};              // cost of hostility per unit of tension/100 (fear of spiralling)
  double relationship_weight{};  // pull toward cooperation per unit of the relationship's value in calm times
  double calm_tension{};         // tension at which the relationship's pull has fallen by 1/e
  double crisis_weight{};        // pull toward de-escalation per unit of the crisis's recent cost
  double summit_weight{};        // utility of a leaders' meeting on the day of a summit both attend
};

struct DynamicsParams {
  double initial_tension{};
  double initial_grievance{};
  double tension_per_goldstein{};  // tension added per Goldstein point of hostility
  double tension_decay_days{};
  double measure_tension{};  // tension added per day per measure in force
  double grievance_decay_days{};
  double grievance_threshold{};
  double break_threshold{};  // tension needed to break relations or expel en masse
  double pressure_adjust_days{};
  double media_weight{};  // weight of media rhetoric in domestic pressure
  double media_decay_days{};
  double attention_adjust_days{};
  double crisis_days{};   // averaging time of the crisis's cost
  double measure_cost{};  // cost of the crisis per measure in force, in units of tension/100
  double held_rate{};     // Russians detained per year while Baku's detention campaign is in force
  double held_scale{};    // Russians held at which Moscow's grievance over them is full
};

enum class EventType : int { Downing, Incident, Settlement, Sanctions, Backing, ChannelShock, Attention, Summit };

struct EventParams {
  std::string id;
  EventType type = EventType::Incident;
  double day{};            // sampled day since start; < 0 means it does not happen in this run
  double probability{};    // chance that it happens at all in a run
  double rate_per_year{};  // > 0: recurring at random (Poisson) instead of on `day`
  int actor = RU;          // who causes it (downing, incident) or whose backing changes
  double severity{};       // downing / incident: grievance shock
  double sanctions_to{};   // settlement / sanctions: new target intensity
  double relief_days{};    // settlement / sanctions: time to reach it
  double attention_to{};   // settlement: Moscow's free attention afterwards
  double alignment_to{};   // backing: new alignment
  double clout_to{};       // backing: new clout
  int channel = 0;         // channel_shock: the channel hit (a Channel of leverage.h)
  double factor{};         // channel_shock: multiplier of the channel's level while it lasts
  double duration_days{};  // channel_shock: how long it lasts; 0 = to the end of the run
};

struct OutcomeParams {
  double mass_deportation_share{};
  double business_seizures{};
  double normalisation_tension{};
  double normalisation_days{};
};

struct ModelParams;

// Where a bound value belongs: the actor and the list item (event, media
// agent, diaspora kind) it was given for; -1 where none applies.
struct ParamIndex {
  int actor = -1;
  int item = -1;
};
// Writes one number into ModelParams; the scenario format binds each of its
// numeric fields to one of these, so a sampled value reaches the model.
using ParamSetter = void (*)(ModelParams&, const ParamIndex&, double);

struct ModelParams {
  long start_day = 0;  // days since 1970-01-01
  double step_days = 1;
  double horizon_days = 0;
  std::array<StateParams, 2> states{};
  std::array<ThirdPartyParams, kNumActors> third{};  // indices RU/AZ unused
  std::vector<MediaParams> media;
  DiasporaParams diaspora;
  ChannelParams channels;
  LeverageParams leverage;
  DecisionParams decision;
  DynamicsParams dynamics;
  std::vector<EventParams> events;
  OutcomeParams outcomes;
  std::array<bool, kNumChoosable> enabled{};  // set true for every action by default
  bool hardliners_enabled = true;
  std::array<std::vector<int>, 2> initial_measures;  // measures in force at the start

  int steps() const { return static_cast<int>(horizon_days / step_days + 1e-9); }
  ModelParams() { enabled.fill(true); }
};

}  // namespace simrun::model
