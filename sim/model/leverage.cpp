#include "model/leverage.h"

namespace simrun::model {

LeverageModel::LeverageModel(const LeverageParams& p) : p_(p) {
  control_.setZero();
  control_(RU, kChTrade) = 1;  // either side can restrict trade
  control_(AZ, kChTrade) = 1;
  control_(RU, kChRemittances) = 1;  // the diaspora lives in Russia
  control_(RU, kChPeacekeepers) = 1;
  control_(AZ, kChOil) = 1;  // transit runs through Azerbaijan
  control_(AZ, kChCorridor) = 1;
}

LeverageResult LeverageModel::evaluate(const ChannelVector& x) const {
  // Saliences are constant; how much Moscow needs the transit routes enters
  // through the flows in `x`, which follow the sanctions.
  SideByChannel exposure = SideByChannel::Zero();
  exposure(RU, kChTrade) = p_.ru_trade;
  exposure(RU, kChOil) = p_.ru_oil;
  exposure(RU, kChCorridor) = p_.ru_corridor;
  exposure(AZ, kChTrade) = p_.az_trade;
  exposure(AZ, kChRemittances) = p_.az_remittances;
  exposure(AZ, kChPeacekeepers) = p_.az_peacekeepers;

  // L(i, j) = sum_c K(i, c) x_c E(j, c)
  const Eigen::Matrix2d l = control_ * x.asDiagonal() * exposure.transpose();
  // Energy exports to Europe and the Middle Corridor do not give Baku a lever
  // over Moscow; they lower its exposure to Russia's levers.
  const double resilience =
      p_.az_energy_resilience * x(kChEnergyEU) + p_.az_middle_corridor_resilience * x(kChMiddleCorridor);
  return {l(RU, AZ) / (1.0 + resilience), l(AZ, RU), resilience};
}

}  // namespace simrun::model
