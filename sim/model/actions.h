#pragma once
// The escalation ladder, defined once as data. Each entry carries its CAMEO
// event code and Goldstein score (so the model's event stream is comparable
// with GDELT/ICEWS), who may take it, its preconditions, its effects and
// whether it stays in force until revoked. Exogenous events and hardliner
// statements share the table so the event log has one code space.
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace simrun::model {

// Cooperation is the ordinary business of calm years (calls, summits,
// agreements); de-escalation is a step down from a crisis (apologies,
// releases, lifting a measure): only the latter counts as a concession.
enum class Category : std::uint8_t {
  DeEscalation,
  Words,
  Diplomacy,
  Economy,
  People,
  Exogenous,
  Hardliner,
  Cooperation
};

enum class Pre : std::uint8_t {
  None,
  Grievance,        // the other side holds a grievance above the threshold
  OwnMeasure,       // the actor has a measure in force to revoke
  Detainees,        // the actor holds detainees: RU diaspora agents, AZ Russian nationals
  HighTension,      // tension at or above the break threshold
  RelationsIntact,  // relations not broken
  ApologyOffered,   // Moscow apologised (or admitted or paid) and Baku has not yet accepted
  BothHold,         // each side holds the other's people: diaspora detainees and Russians held by Baku
};

// Who may choose an action (bit mask); 0 means not chosen by a state.
inline constexpr std::uint8_t kByRU = 1, kByAZ = 2, kByBoth = 3, kByNone = 0;

// Effects while a persistent measure is in force (rates, cuts), or once on
// the step it is taken (the one-shot fields).
struct Effects {
  float trade_cut = 0;           // fraction of bilateral trade cut
  float oil_cut = 0;             // fraction of Russian oil transit via AZ cut
  float corridor_cut = 0;        // fraction of North-South corridor transit cut
  float raids = 0;               // diaspora detention intensity (multiplier on the raid hazard)
  float deport_migrants = 0;     // deportation intensity on labour migrants
  float deport_all = 0;          // deportation intensity on every category (mass expulsion)
  float seize = 0;               // seizure intensity on traders and business owners
  float conscript = 0;           // conscription / revoking citizenship, on citizens
  float visa = 0;                // visa regime: raises migrants' departure and lowers remittances
  float hold_russians = 0;       // Baku detains Russian nationals (multiplier on the detention rate)
  float grievance_factor = 1;    // one-shot: the other side's grievance is multiplied by this
  float media_boost = 0;         // one-shot: own media rhetoric rises by this
  bool release = false;          // one-shot: the actor's detainees are released
  bool exchange = false;         // one-shot: both sides release their detainees
  bool revoke = false;           // one-shot: revokes the actor's most recent measure
  bool offers_apology = false;   // one-shot: an apology Baku may accept
  bool accepts_apology = false;  // one-shot: the offered apology is accepted
};

enum ActionId : std::uint8_t {
  // de-escalation
  kApologise,
  kAcknowledge,
  kCompensate,
  kPhoneCall,
  kLeadersMeeting,
  kLiftMeasure,
  kReleaseDetainees,
  // words
  kAccuse,
  kDemand,
  kThreaten,
  kMediaCampaign,
  // diplomacy
  kSummonAmbassador,
  kPersonaNonGrata,
  kCloseCulturalCentre,
  kSuspendFlights,
  kRestrictMedia,
  kCancelVisit,
  kBreakRelations,
  // economy
  kRestrictTrade,
  kRestrictOilTransit,
  kRestrictCorridor,
  kVisaRegime,
  // coercion of people
  kRaids,
  kDeportMigrants,
  kSeizeBusinesses,
  kConscriptRevoke,
  kMassExpulsion,
  // cooperation and ways down the ladder (issue 10)
  kSignAgreement,
  kEconomicCooperation,
  kAcceptApology,
  kExchangePrisoners,
  // Baku's mirror measures against Russian nationals and institutions
  kDetainRussianNationals,
  kExpelRussianNationals,
  kSeizeRussianAssets,
  // recall and expulsion of diplomats
  kRecallAmbassador,
  kExpelDiplomats,
  // not chosen by states
  kHardlinerStatement,
  kDowning,
  kIncident,
  kSettlement,
  kSanctionsTightened,
  kSanctionsEased,
  kBackingRaised,
  kBackingLowered,
  kNumActions
};

inline constexpr int kNumChoosable = kHardlinerStatement;  // states choose among [0, kNumChoosable)

struct ActionDef {
  ActionId id;
  std::string_view name;   // snake_case key used in scenarios and in the results file
  std::string_view label;  // human-readable
  std::string_view cameo;  // CAMEO event code
  float goldstein;         // Goldstein score, -10 .. +10
  float hostility;         // stance used in decisions, -1 (conciliatory) .. 1 (hostile)
  Category category;
  std::uint8_t by;  // kByRU / kByAZ / kByBoth / kByNone
  bool persistent;  // stays in force until revoked
  bool once;        // may be taken at most once per run
  Pre pre;
  float self_cost;  // economic cost to the actor itself, 0 .. 1
  Effects fx;
  // Both sides take part in the one act (a meeting, a signed text, a deal,
  // an exchange): one event in the model's log, which a dyadic event record
  // codes as two rows, one each way (mc/score counts it so).
  bool joint = false;
};

const std::array<ActionDef, kNumActions>& action_table();
inline const ActionDef& action(int id) { return action_table()[static_cast<std::size_t>(id)]; }
std::optional<int> action_index(std::string_view name);

}  // namespace simrun::model
