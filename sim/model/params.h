#pragma once
// Every number the model uses in one run, after the scenario was resolved and
// its distributions sampled. Plain data: the model reads it, never a scenario
// file or a JSON value. Symbols, units, defaults, ranges and sources are in
// docs/model.md (and the scenario field table in input/scenario_spec.cpp).
#include <array>
#include <string>
#include <vector>

#include "model/actions.h"
#include "model/actors.h"

namespace simrun::model {

struct StateParams {
  double hawkishness = 0.5;             // weight of pressure, grievance and provocation in the desired stance
  double reputation_sensitivity = 0.5;  // face cost of conceding; weight of answering a slight
  double pain_sensitivity = 0.5;        // weight of economic cost and of the other side's leverage
  double nationalist_pressure = 0.2;    // baseline domestic pressure
  double attention = 1.0;               // initial share of capacity free for this dyad
  double activity = 0.1;                // per-day chance the dyad is on the agenda at full attention
};

struct ThirdPartyParams {
  bool present = false;
  double alignment = 0;  // -1 backs Russia .. +1 backs Azerbaijan
  double clout = 0;      // 0 .. 1, weight of its backing
};

struct MediaParams {
  std::string id;
  int actor = RU;             // the country whose domestic pressure it feeds
  double line = 0.3;          // editorial line: resting hostility 0 .. 1
  double gain = 0.5;          // how strongly hostile events from the other side raise its rhetoric
  double reach = 0.5;         // weight in its country's domestic pressure
  double incident_rate = 0;   // hardliner statements per year at full rhetoric
  double initial = -1;        // initial rhetoric; < 0 means start at the editorial line
};

enum DiasporaKind : int { kCitizen, kLabourMigrant, kTrader, kBusinessOwner, kNumKinds };
inline constexpr std::array<const char*, kNumKinds> kKindNames = {"citizen", "labour_migrant", "trader",
                                                                   "business_owner"};

struct DiasporaKindParams {
  double share = 0.25;           // share of the population
  double remittance_usd = 0;     // remittances per person per year, USD
  double departure_rate = 0.02;  // baseline departures per person per year
  double raid_exposure = 1;      // relative exposure to raids
  double deport_exposure = 0;    // relative exposure to deportation
  double seize_exposure = 0;     // relative exposure to business seizure
  double conscript_exposure = 0; // relative exposure to conscription / revoked citizenship
};

struct DiasporaParams {
  double population = 475000;     // Azerbaijanis in Russia represented
  int scale = 100;                // people per agent
  std::array<DiasporaKindParams, kNumKinds> kinds{};
  double rootedness_sigma = 0.5;  // lognormal sigma of individual rootedness
  double hostility_departure = 4; // departure hazard multiplier per unit of hostile environment
  double visa_departure = 3;      // extra departure multiplier for migrants under a visa regime
  double visa_remittance_cut = 0.3;
  double conscript_departure = 6; // extra departure multiplier for citizens under conscription
  double raid_rate = 0.5;         // detentions per exposed person per year under a raid campaign
  double deport_rate = 0.6;       // deportations per exposed person per year under deportation measures
  double seize_rate = 0.5;        // seizures per exposed business per year under a seizure campaign
  double release_days = 10;       // mean detention length
  double detained_deport_share = 0.3; // share of detentions that end in deportation under deportation measures
  double seized_departure_factor = 10; // departure multiplier after one's business was seized
  double tension_weight = 1.0;    // weight of tension/100 in the hostile environment
  double rhetoric_weight = 0.5;   // weight of Russian media rhetoric in the hostile environment
};

struct ChannelParams {
  double trade = 4.8;                  // 1e9 USD/year
  double trade_adjust_days = 60;       // time for trade to reach a new level
  double oil_transit = 1.0;            // Mt/year at initial sanctions
  double corridor = 0.814;             // Mt/year
  double middle_corridor = 4.5;        // Mt/year
  double middle_corridor_growth = 0.5; // Mt/year per year
  double energy_eu = 12.9;             // bcm/year
  double energy_eu_growth = 1.0;       // bcm/year per year
  double peacekeepers = 0;             // troops
  double sanctions = 0.9;              // initial sanctions intensity
};

struct LeverageParams {
  // Salience of each channel to the side that would lose it (assumptions).
  double az_trade = 0.5, az_remittances = 0.3, az_peacekeepers = 0.6;
  double ru_trade = 0.15, ru_diaspora = 0.1, ru_oil = 0.4, ru_corridor = 0.5;
  double az_energy_resilience = 0.3, az_middle_corridor_resilience = 0.2;
};

struct DecisionParams {
  double rationality = 6;           // lambda of the logit rule
  double reciprocity = 4;           // weight of the distance between an action's stance and the desired stance
  double provocation_weight = 1.0;  // weight of recent hostility received in the desired stance
  double pressure_weight = 0.4;
  double grievance_weight = 0.6;
  double conciliation_weight = 0.6; // recent conciliation received lowers the desired stance
  double attention_drive = 0.3;     // Russia's drive to reassert influence per unit of free attention
  double leverage_weight = 1.0;     // cost of hostility per unit of the other side's leverage
  double ally_weight = 1.0;         // cost of hostility per unit of third-party backing of the target
  double self_cost_weight = 1.0;
  double face_weight = 0.6;         // cost of conceding under domestic pressure
  double status_quo = 0.3;          // utility bonus of doing nothing
  double reactivity = 3;            // agenda chance rises by this per unit of recent provocation
  double memory_days = 14;          // decay time of recent provocation and conciliation
  double hardliner_weight = 0.4;    // weight of hardliner statements as provocation
  double repeat_weight = 1.0;       // cost per recent use of the same action
  double repeat_memory_days = 60;   // decay time of that cost
  double deterrence = 0.5;          // accommodation per unit of leverage deficit
  double culpability_weight = 0.5;  // the culprit's wish to defuse the other side's grievance
  double caution = 0.5;             // cost of hostility per unit of tension/100 (fear of spiralling)
};

struct DynamicsParams {
  double initial_tension = 0;
  double initial_grievance = 0;
  double tension_per_goldstein = 1.5;  // tension added per Goldstein point of hostility
  double tension_decay_days = 60;
  double measure_tension = 0.05;       // tension added per day per measure in force
  double grievance_decay_days = 720;
  double grievance_threshold = 0.05;
  double break_threshold = 75;         // tension needed to break relations or expel en masse
  double pressure_adjust_days = 20;
  double media_weight = 0.6;           // weight of media rhetoric in domestic pressure
  double media_decay_days = 30;
  double attention_adjust_days = 90;
};

enum class EventType : int { Downing, Incident, Settlement, Sanctions, Backing };

struct EventParams {
  std::string id;
  EventType type = EventType::Incident;
  double day = -1;          // sampled day since start; < 0 means it does not happen in this run
  double probability = 1;   // chance that it happens at all in a run
  double rate_per_year = 0; // > 0: recurring at random (Poisson) instead of on `day`
  int actor = RU;           // who causes it (downing, incident) or whose backing changes
  double severity = 0.8;    // downing / incident: grievance shock
  double sanctions_to = 0.2;      // settlement / sanctions: new target intensity
  double relief_days = 180;       // settlement / sanctions: time to reach it
  double attention_to = 0.8;      // settlement: Moscow's free attention afterwards
  double alignment_to = 0;        // backing: new alignment
  double clout_to = 0;            // backing: new clout
};

struct OutcomeParams {
  double mass_deportation_share = 0.05;
  double business_seizures = 1000;
  double normalisation_tension = 10;
  double normalisation_days = 30;
};

struct ModelParams {
  long start_day = 0;         // days since 1970-01-01
  double step_days = 1;
  double horizon_days = 365;
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
