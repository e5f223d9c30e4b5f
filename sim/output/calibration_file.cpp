#include "output/calibration_file.h"

#include <numeric>

#include "mc/summary.h"
#include "output/layout_io.h"
#include "output/results_layout.h"

namespace simrun::output {

namespace {

h5::Dataset named(const h5::Group& g, std::string_view name, const std::vector<std::string>& names) {
  return names_coordinate(g, layout("calibration", name), names);
}

template <class T>
void table(const h5::Group& g, std::string_view name, const std::vector<T>& values,
           std::initializer_list<const h5::Dataset*> dims) {
  write_over(g, layout("calibration", name), values, dims);
}

}  // namespace

void write_calibration(const h5::Group& g, const CalibrationTables& t) {
  std::vector<std::int64_t> points(t.distance.size());
  std::iota(points.begin(), points.end(), 0);
  const h5::Dataset point = coordinate(g, layout("calibration", "point"), points, "1");
  const h5::Dataset parameter = named(g, "parameter", t.factor_names);
  const h5::Dataset statistic = named(g, "statistic", t.statistic_names);
  const h5::Dataset quantile = coordinate(g, layout("calibration", "quantile"),
                                          std::vector<double>(mc::kQuantiles.begin(), mc::kQuantiles.end()), "1");
  table(g, "observed", t.observed, {&statistic});
  table(g, "scale", t.scale, {&statistic});
  table(g, "simulated", t.simulated, {&point, &statistic});
  table(g, "distance", t.distance, {&point});
  table(g, "accepted", t.accepted, {&point});
  table(g, "posterior_mean", t.posterior.mean, {&parameter});
  table(g, "posterior_sd", t.posterior.sd, {&parameter});
  table(g, "posterior_quantile", t.posterior.quantiles, {&quantile, &parameter});
}

}  // namespace simrun::output
