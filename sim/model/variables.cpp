#include "model/variables.h"

#include <limits>

namespace simrun::model {
namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();

constexpr std::array<VarDef, kNumVars> kVars = {{
    {kTension, "tension", "bilateral tension index", "1", 0, 100},
    {kGrievance, "grievance_az", "Azerbaijan's unresolved grievance over the downing", "1", 0, 1},
    {kPressureRU, "pressure_ru", "domestic nationalist pressure in Russia", "1", 0, 1},
    {kPressureAZ, "pressure_az", "domestic nationalist pressure in Azerbaijan", "1", 0, 1},
    {kRhetoricRU, "rhetoric_ru", "hostility of Russian media and hardliners (reach-weighted)", "1", 0, 1},
    {kRhetoricAZ, "rhetoric_az", "hostility of Azerbaijani media (reach-weighted)", "1", 0, 1},
    {kAttentionRU, "attention_ru", "share of Moscow's capacity free for the South Caucasus", "1", 0, 1},
    {kSanctions, "sanctions", "intensity of Western sanctions on Russian oil", "1", 0, 1},
    {kLeverageRUoverAZ, "leverage_ru_over_az", "Russia's leverage over Azerbaijan", "1", 0, kInf},
    {kLeverageAZoverRU, "leverage_az_over_ru", "Azerbaijan's leverage over Russia", "1", 0, kInf},
    {kAlliesAZ, "allies_az", "third-party backing of Azerbaijan", "1", -kInf, kInf},
    {kTrade, "trade", "bilateral trade turnover (annual rate)", "1e9 USD/year", 0, kInf},
    {kOilTransit, "oil_transit", "Russian oil routed via Azerbaijan (annual rate)", "Mt/year", 0, kInf},
    {kCorridorTransit, "corridor_transit", "North-South corridor transit via Azerbaijan (annual rate)", "Mt/year", 0,
     kInf},
    {kMiddleCorridor, "middle_corridor", "Middle Corridor transit via Azerbaijan (annual rate)", "Mt/year", 0, kInf},
    {kEnergyEU, "energy_eu", "Azerbaijani gas exports to Europe (annual rate)", "bcm/year", 0, kInf},
    {kRemittances, "remittances", "remittances from the diaspora in Russia (annual rate)", "1e6 USD/year", 0, kInf},
    {kDiasporaPresent, "diaspora_present", "Azerbaijanis in Russia present and free", "persons", 0, kInf},
    {kDiasporaDetained, "diaspora_detained", "Azerbaijanis in Russia detained", "persons", 0, kInf},
    {kDiasporaDeported, "diaspora_deported", "Azerbaijanis deported from Russia (cumulative)", "persons", 0, kInf},
    {kDiasporaDeparted, "diaspora_departed", "Azerbaijanis who left Russia of their own accord (cumulative)", "persons",
     0, kInf},
    {kBusinessesSeized, "businesses_seized", "Azerbaijani businesses and market stalls seized (cumulative)",
     "businesses", 0, kInf},
    {kMeasuresRU, "measures_ru", "Russian measures in force against Azerbaijan", "count", 0, 32},
    {kMeasuresAZ, "measures_az", "Azerbaijani measures in force against Russia", "count", 0, 32},
}};

constexpr bool in_order() {
  for (std::size_t i = 0; i < kVars.size(); ++i)
    if (static_cast<std::size_t>(kVars[i].id) != i) return false;
  return true;
}
static_assert(in_order(), "variable table rows must be in Var order");
}  // namespace

const std::array<VarDef, kNumVars>& variable_table() { return kVars; }

}  // namespace simrun::model
