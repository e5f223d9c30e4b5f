#include "model/world.h"

#include <Eigen/Dense>
#include <algorithm>

namespace simrun::model {

MeasureEffects effects_in_force(const World& w) {
  MeasureEffects e;
  double trade_keep = 1, oil_keep = 1, corridor_keep = 1;
  for (int side = 0; side < 2; ++side) {
    for (int a : w.stack[side]) {
      const Effects& fx = action(a).fx;
      trade_keep *= 1.0 - fx.trade_cut;
      oil_keep *= 1.0 - fx.oil_cut;
      corridor_keep *= 1.0 - fx.corridor_cut;
      e.raids = std::max<double>(e.raids, fx.raids);
      e.deport_migrants = std::max<double>(e.deport_migrants, fx.deport_migrants);
      e.deport_all = std::max<double>(e.deport_all, fx.deport_all);
      e.seize = std::max<double>(e.seize, fx.seize);
      e.conscript = std::max<double>(e.conscript, fx.conscript);
      e.visa = std::max<double>(e.visa, fx.visa);
      e.hold_russians = std::max<double>(e.hold_russians, fx.hold_russians);
    }
  }
  e.trade_cut = 1 - trade_keep;
  e.oil_cut = 1 - oil_keep;
  e.corridor_cut = 1 - corridor_keep;
  return e;
}

double allies_of(const World& w, int side) {
  Eigen::Matrix<double, kNumActors, 1> align, clout;
  for (int k = 0; k < kNumActors; ++k) {
    const bool third = k != RU && k != AZ && w.third[k].present;
    align(k) = third ? w.third[k].alignment : 0.0;
    clout(k) = third ? w.third[k].clout : 0.0;
  }
  // Positive alignment backs Azerbaijan, negative backs Russia.
  const double sign = side == AZ ? 1.0 : -1.0;
  return (sign * align).cwiseMax(0.0).dot(clout);
}

}  // namespace simrun::model
