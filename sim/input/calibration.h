#pragma once
// Calibration files (docs/calibration.md, "Calibration"): a sweep file whose
// factors carry the prior ranges or distributions, plus a `calibration`
// block naming the record, the fit window, the summary statistics and how
// many points to accept.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "input/sweep.h"

namespace simrun::input {

struct CalibrationSpec {
  std::string record;             // the record file, resolved relative to the calibration file's folder
  long fit_from = 0, fit_to = 0;  // days since 1970-01-01, both included
  bool use_count = true, use_goldstein = true, use_items = true;
  std::vector<int> exclude_actions;  // model::ActionId, sorted: acts the record does not code
  double accept_fraction = 0;     // in (0, 1); 0 when a count is given
  std::int64_t accept_count = 0;  // at least 1; 0 when a fraction is given
  nlohmann::ordered_json resolved;

  // The number of points to accept out of `points`: at least 1.
  std::size_t accepted_of(std::size_t points) const;
};

struct Calibration {
  Sweep sweep;
  CalibrationSpec spec;
};

// Loads and validates a calibration file. Throws InputError with every
// problem found in the sweep part and the calibration block (file, line,
// column, JSON pointer).
Calibration load_calibration(const std::string& path);

}  // namespace simrun::input
