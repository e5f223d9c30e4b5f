#pragma once
// Leverage of one state over the other: what the other stands to lose, by
// salience, if the channels the first controls were cut. Dense actor-by-
// channel quantities in Eigen: L = K * diag(x) * E^T, where K says who controls
// a channel, x is each channel's level relative to its reference and E is each
// side's exposure to it.
#include <Eigen/Dense>
#include <array>

#include "model/params.h"

namespace simrun::model {

enum Channel : int {
  kChTrade,
  kChRemittances,
  kChOil,
  kChCorridor,
  kChPeacekeepers,
  kChEnergyEU,
  kChMiddleCorridor,
  kNumChannels
};

using ChannelVector = Eigen::Matrix<double, kNumChannels, 1>;
using SideByChannel = Eigen::Matrix<double, 2, kNumChannels>;

// The channels a scheduled channel shock can hit, in Channel order: the
// scenario format's names for them.
inline constexpr int kNumShockChannels = kNumChannels;
inline constexpr std::array<const char*, kNumShockChannels> kShockChannelNames = {
    "trade", "remittances", "oil", "corridor", "peacekeepers", "energy_eu", "middle_corridor"};

struct LeverageResult {
  double ru_over_az = 0;
  double az_over_ru = 0;
  double az_resilience = 0;  // r_E x_E + r_MC x_MC: Baku's alternatives to Russia
};

class LeverageModel {
 public:
  explicit LeverageModel(const LeverageParams& p);
  // `relative` holds each channel's level divided by its reference level
  // (LeverageParams::*_ref), so that a larger flow is a larger lever.
  LeverageResult evaluate(const ChannelVector& relative) const;

 private:
  LeverageParams p_;
  SideByChannel control_;
};

}  // namespace simrun::model
