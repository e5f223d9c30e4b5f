#pragma once
// The group `calibration` that simrun calibrate adds to its sweep file
// (docs/output-format.md, "Calibration files"): writes what it is handed.
#include <cstdint>
#include <string>
#include <vector>

#include "mc/abc.h"
#include "output/h5.h"

namespace simrun::output {

struct CalibrationTables {
  std::vector<std::string> factor_names, statistic_names;
  std::vector<double> observed, scale;  // [statistic]
  std::vector<double> simulated;        // [point][statistic]
  std::vector<double> distance;         // [point]
  std::vector<std::int8_t> accepted;    // [point]
  mc::PosteriorSummary posterior;
};

void write_calibration(const h5::Group& group, const CalibrationTables& t);

}  // namespace simrun::output
