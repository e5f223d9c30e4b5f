#include "model/actions.h"

namespace simrun::model {

namespace {
using C = Category;

// Goldstein scores and CAMEO codes from the calibration table. `hostility` is
// the stance the decision rule uses: it follows the sign of the Goldstein
// score but is set by judgement for this dyad (an acknowledgement scores 0
// yet is a large concession to Baku; a visa regime scores -5 yet weighs on
// the diaspora more than a summons of -2). docs/model.md lists both.
// clang-format off
constexpr std::array<ActionDef, kNumActions> kTable = {{
    {kApologise, "apologise", "apologise", "055", 7.0f, -0.5f, C::DeEscalation, kByRU, false, false, Pre::Grievance, 0.0f, {.grievance_factor = 0.75f, .offers_apology = true}},
    // Admitting guilt and paying carry legal and political liability beyond face.
    {kAcknowledge, "acknowledge", "acknowledge responsibility", "015", 0.0f, -0.7f, C::DeEscalation, kByRU, false, true, Pre::Grievance, 0.6f, {.grievance_factor = 0.35f, .offers_apology = true}},
    {kCompensate, "compensate", "compensate the victims", "080", 5.0f, -0.6f, C::DeEscalation, kByRU, false, true, Pre::Grievance, 0.4f, {.grievance_factor = 0.5f, .offers_apology = true}},
    {kPhoneCall, "phone_call", "leaders' phone call", "041", 1.0f, -0.1f, C::Cooperation, kByBoth, false, false, Pre::RelationsIntact, 0.0f, {}},
    {kLeadersMeeting, "leaders_meeting", "leaders' meeting", "036", 4.0f, -0.4f, C::Cooperation, kByBoth, false, false, Pre::RelationsIntact, 0.0f, {.grievance_factor = 0.9f}, true},
    {kLiftMeasure, "lift_measure", "lift a measure / reopen", "085", 7.0f, -0.5f, C::DeEscalation, kByBoth, false, false, Pre::OwnMeasure, 0.0f, {.revoke = true}},
    {kReleaseDetainees, "release_detainees", "release detainees", "0841", 7.0f, -0.5f, C::DeEscalation, kByBoth, false, false, Pre::Detainees, 0.0f, {.release = true}},
    {kAccuse, "accuse", "accuse, criticise", "112", -2.0f, 0.2f, C::Words, kByBoth, false, false, Pre::None, 0.0f, {}},
    {kDemand, "demand", "demand", "100", -5.0f, 0.3f, C::Words, kByBoth, false, false, Pre::None, 0.0f, {}},
    {kThreaten, "threaten", "threaten", "130", -4.4f, 0.44f, C::Words, kByBoth, false, false, Pre::None, 0.0f, {}},
    {kMediaCampaign, "media_campaign", "state media campaign", "1125", -2.0f, 0.25f, C::Words, kByBoth, false, false, Pre::None, 0.0f, {.media_boost = 0.15f}},
    {kSummonAmbassador, "summon_ambassador", "summon the ambassador", "114", -2.0f, 0.2f, C::Diplomacy, kByBoth, false, false, Pre::RelationsIntact, 0.0f, {}},
    {kPersonaNonGrata, "persona_non_grata", "declare persona non grata", "172", -5.0f, 0.5f, C::Diplomacy, kByBoth, false, false, Pre::None, 0.0f, {}},
    {kCloseCulturalCentre, "close_cultural_centre", "close a cultural centre", "161", -4.0f, 0.4f, C::Diplomacy, kByBoth, true, false, Pre::None, 0.0f, {}},
    {kSuspendFlights, "suspend_flights", "suspend flights", "160", -4.0f, 0.4f, C::Diplomacy, kByBoth, true, false, Pre::None, 0.05f, {.trade_cut = 0.03f}},
    {kRestrictMedia, "restrict_media", "close the other side's media office", "1721", -5.0f, 0.5f, C::Diplomacy, kByBoth, true, false, Pre::None, 0.0f, {}},
    {kCancelVisit, "cancel_visit", "cancel a visit", "125", -5.0f, 0.45f, C::Diplomacy, kByBoth, false, false, Pre::None, 0.0f, {}},
    {kBreakRelations, "break_relations", "break diplomatic relations", "161", -4.0f, 0.95f, C::Diplomacy, kByBoth, true, false, Pre::HighTension, 0.5f, {.trade_cut = 0.3f}},
    // Trade hurts the side that cuts it too: Russia is Baku's third partner
    // and its first market for non-oil exports.
    {kRestrictTrade, "restrict_trade", "restrict trade (ban imports)", "163", -8.0f, 0.7f, C::Economy, kByBoth, true, false, Pre::None, 0.5f, {.trade_cut = 0.25f}},
    {kRestrictOilTransit, "restrict_oil_transit", "restrict Russian oil transit", "163", -8.0f, 0.75f, C::Economy, kByAZ, true, false, Pre::None, 0.5f, {.oil_cut = 0.8f}},
    {kRestrictCorridor, "restrict_corridor", "restrict North-South corridor transit", "163", -8.0f, 0.75f, C::Economy, kByAZ, true, false, Pre::None, 0.5f, {.corridor_cut = 0.6f}},
    {kVisaRegime, "visa_regime", "impose a visa regime", "172", -5.0f, 0.6f, C::Economy, kByRU, true, false, Pre::None, 0.15f, {.trade_cut = 0.05f, .visa = 1.0f}},
    {kRaids, "raids", "raids and detentions", "173", -5.0f, 0.55f, C::People, kByRU, true, false, Pre::None, 0.05f, {.raids = 1.0f}},
    {kDeportMigrants, "deport_migrants", "deport labour migrants", "174", -5.0f, 0.65f, C::People, kByRU, true, false, Pre::None, 0.1f, {.deport_migrants = 1.0f}},
    {kSeizeBusinesses, "seize_businesses", "seize businesses (Sadovod)", "171", -9.2f, 0.85f, C::People, kByRU, true, false, Pre::None, 0.15f, {.seize = 1.0f}},
    {kConscriptRevoke, "conscript_revoke", "conscript or revoke citizenship", "175", -9.0f, 0.85f, C::People, kByRU, true, false, Pre::None, 0.1f, {.conscript = 1.0f}},
    {kMassExpulsion, "mass_expulsion", "mass expulsion", "201", -9.5f, 0.95f, C::People, kByRU, true, false, Pre::HighTension, 0.3f, {.deport_all = 1.0f}},
    // Issue 10. In calm years the leaders met and called several times a
    // year and signed agreements (the 2022 Declaration on Allied
    // Interaction, trade and transit deals, 2021-2024).
    {kSignAgreement, "sign_agreement", "sign an agreement or declaration", "057", 8.0f, -0.5f, C::Cooperation, kByBoth, false, false, Pre::RelationsIntact, 0.0f, {}, true},
    {kEconomicCooperation, "economic_cooperation", "economic cooperation deal or joint project", "061", 6.4f, -0.4f, C::Cooperation, kByBoth, false, false, Pre::RelationsIntact, 0.0f, {}, true},
    // Baku's answer to an apology it deems sufficient (CAMEO 056, forgive).
    {kAcceptApology, "accept_apology", "accept an apology", "056", 7.0f, -0.3f, C::DeEscalation, kByAZ, false, false, Pre::ApologyOffered, 0.0f, {.grievance_factor = 0.5f, .accepts_apology = true}},
    {kExchangePrisoners, "exchange_prisoners", "exchange detainees", "0841", 7.0f, -0.4f, C::DeEscalation, kByBoth, false, false, Pre::BothHold, 0.0f, {.grievance_factor = 0.8f, .exchange = true}, true},
    // Baku's mirror of Moscow's raids (June-July 2025: Sputnik Azerbaijan's
    // staff and Russian IT workers detained); they fall on Russians in
    // Azerbaijan, not on the diaspora agents. Seizing Russian assets costs
    // Baku investment and some trade.
    {kDetainRussianNationals, "detain_russian_nationals", "detain Russian nationals", "173", -5.0f, 0.55f, C::People, kByAZ, true, false, Pre::None, 0.05f, {.hold_russians = 1.0f}},
    {kExpelRussianNationals, "expel_russian_nationals", "expel Russian nationals", "174", -5.0f, 0.6f, C::People, kByAZ, true, false, Pre::None, 0.1f, {}},
    {kSeizeRussianAssets, "seize_russian_assets", "seize Russian assets and institutions", "171", -9.2f, 0.85f, C::People, kByAZ, true, false, Pre::None, 0.3f, {.trade_cut = 0.05f}},
    {kRecallAmbassador, "recall_ambassador", "recall the ambassador", "161", -4.0f, 0.5f, C::Diplomacy, kByBoth, true, false, Pre::RelationsIntact, 0.0f, {}},
    {kExpelDiplomats, "expel_diplomats", "expel diplomats", "174", -5.0f, 0.5f, C::Diplomacy, kByBoth, false, false, Pre::RelationsIntact, 0.0f, {}},
    {kHardlinerStatement, "hardliner_statement", "hardliner insult or demand", "130", -4.4f, 0.3f, C::Hardliner, kByNone, false, false, Pre::None, 0.0f, {}},
    {kDowning, "downing", "downing of a civilian aircraft", "195", -10.0f, 1.0f, C::Exogenous, kByNone, false, false, Pre::None, 0.0f, {}},
    {kIncident, "incident", "new violent incident", "180", -9.0f, 0.9f, C::Exogenous, kByNone, false, false, Pre::None, 0.0f, {}},
    {kSettlement, "settlement", "US-Russia settlement on Ukraine", "057", 8.0f, -0.8f, C::Exogenous, kByNone, false, false, Pre::None, 0.0f, {}},
    {kSanctionsTightened, "sanctions_tightened", "EU embargo tightened", "163", -8.0f, 0.8f, C::Exogenous, kByNone, false, false, Pre::None, 0.0f, {}},
    {kSanctionsEased, "sanctions_eased", "sanctions eased", "085", 7.0f, -0.7f, C::Exogenous, kByNone, false, false, Pre::None, 0.0f, {}},
    {kBackingRaised, "backing_raised", "third party raises its backing", "051", 3.4f, -0.34f, C::Exogenous, kByNone, false, false, Pre::None, 0.0f, {}},
    {kBackingLowered, "backing_lowered", "third party steps back", "160", -4.0f, 0.4f, C::Exogenous, kByNone, false, false, Pre::None, 0.0f, {}},
}};
// clang-format on

constexpr bool table_in_order() {
  for (std::size_t i = 0; i < kTable.size(); ++i)
    if (static_cast<std::size_t>(kTable[i].id) != i) return false;
  return true;
}
static_assert(table_in_order(), "action table rows must be in ActionId order");

}  // namespace

const std::array<ActionDef, kNumActions>& action_table() { return kTable; }

std::optional<int> action_index(std::string_view name) {
  for (const auto& a : kTable)
    if (a.name == name) return static_cast<int>(a.id);
  return std::nullopt;
}

}  // namespace simrun::model
