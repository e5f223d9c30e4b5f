#pragma once
// What the two ways of building a sweep (a sweep file, sweep_file.cpp, and
// --vary options, sweep_vary.cpp) share: the factor as read, the design
// choice, and the checks against the base scenario. Not part of the
// interface (input/sweep.h).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "input/scenario.h"
#include "mc/design.h"
#include "mc/distribution.h"

namespace simrun::input::sweep_detail {

// A factor as written: its path, its name (given or defaulted) and one form.
struct FactorSpec {
  enum class Form { None, Range, Levels, Distribution };
  std::string path, name;
  bool named = false;  // the name was given
  Form form = Form::None;
  double lo = 0, hi = 1;
  std::size_t count = 0;  // Range: levels of a grid; 0 for none
  std::vector<double> levels;
  Distribution dist;
  nlohmann::ordered_json dist_json;  // the distribution as written
  bool ok = true;                    // read without a problem

  // The levels (a level list, or a range with a count); empty otherwise.
  std::vector<double> values() const;
  // A value in the factor's support, to try the path on the scenario.
  double representative() const;
  mc::Factor to_mc() const;
  nlohmann::ordered_json resolved() const;
  std::string form_suffix() const;  // "/range", "/levels" or "/distribution"
};

// Reports a problem of factor i; `suffix` is the pointer below the factor
// ("/path", "/levels/2"), which a sweep file locates and --vary ignores.
using FactorReport = std::function<void(std::size_t i, const std::string& suffix, std::string message)>;

struct DesignChoice {
  mc::DesignKind kind = mc::DesignKind::Grid;
  std::size_t n = 0;  // points, base_points or trajectories
  bool second_order = false, scramble = true;
  int morris_levels = 4;
  std::uint64_t seed = 0;
  std::vector<std::vector<double>> rows;  // Points
};

std::string shown(double v);  // the shortest text that reads back as v
std::vector<double> even_levels(double lo, double hi, std::size_t count);
bool is_identifier(const std::string& s);
bool is_reserved(const std::string& s);

void assign_names(std::vector<FactorSpec>& factors, const FactorReport& report);

// The design's points before it is built (0 when a grid factor has no
// levels); a grid's product is capped at 10^15 rather than overflowed.
std::size_t predicted_points(const DesignChoice& c, const std::vector<FactorSpec>& factors);
// Throws std::invalid_argument as the designs of mc/design.h do.
mc::Design build_design(const DesignChoice& c, const std::vector<FactorSpec>& factors);

// Tries every factor on the scenario: its values against the field's kind
// and range in the spec, then the scenario built with the factor at one
// value (a path that does not exist, a value of the wrong kind). When all
// pass and `design` is given, the scenario at the design's point 0 too.
void check_factors_against_scenario(const ScenarioTemplate& base, const std::vector<FactorSpec>& factors,
                                    const mc::Design* design, const FactorReport& report,
                                    const std::function<void(std::string)>& report_design);

}  // namespace simrun::input::sweep_detail
