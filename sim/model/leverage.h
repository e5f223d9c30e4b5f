#pragma once
// Leverage of one state over the other: what the other stands to lose, by
// salience, if the channels the first controls were cut. Dense actor-by-
// channel quantities in Eigen: L = K * diag(x) * E^T, where K says who controls
// a channel, x is each channel's level relative to its reference and E is each
// side's exposure to it.
#include <Eigen/Dense>

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

struct LeverageResult {
  double ru_over_az = 0;
  double az_over_ru = 0;
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
