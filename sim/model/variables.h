#pragma once
// The trajectory variables a run records, defined once: the model fills them
// by index, the results file takes its dataset names, units and long names
// from here, and the invariant tests check every value against its range.
#include <array>
#include <string_view>

namespace simrun::model {

enum Var : int {
  kTension,
  kGrievance,
  kPressureRU,
  kPressureAZ,
  kRhetoricRU,
  kRhetoricAZ,
  kAttentionRU,
  kSanctions,
  kLeverageRUoverAZ,
  kLeverageAZoverRU,
  kAlliesAZ,
  kTrade,
  kOilTransit,
  kCorridorTransit,
  kMiddleCorridor,
  kEnergyEU,
  kRemittances,
  kDiasporaPresent,
  kDiasporaDetained,
  kDiasporaDeported,
  kDiasporaDeparted,
  kBusinessesSeized,
  kMeasuresRU,
  kMeasuresAZ,
  kNumVars
};

struct VarDef {
  Var id;
  std::string_view name;
  std::string_view long_name;
  std::string_view units;
  double min;  // every recorded value lies in [min, max]
  double max;
};

const std::array<VarDef, kNumVars>& variable_table();

}  // namespace simrun::model
