#pragma once
// A sweep as loaded: the base scenario, the factors (fields of the scenario
// set per point, as --set sets them), the design that places the points,
// the replications per point and the seed. Built from a sweep file
// (docs/sweeps.md, docs/sweep.schema.json) or from --vary options.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "input/json_source.h"
#include "mc/design.h"

namespace simrun::input {

struct SweepFactor {
  std::string name;  // identifier naming the factor's dimension in the results (e.g. "hawkishness")
  std::string path;  // the field it sets, in --set syntax (e.g. "actors.RU.hawkishness")
};

struct Sweep {
  std::string name;               // the results file's default stem
  std::string description;        // may be empty
  std::string file;               // the sweep file as given; "" when built from --vary
  std::string scenario;           // the base scenario's path, resolved relative to the sweep file
  std::vector<std::string> sets;  // fixed --set assignments applied to the base scenario at every point
  std::vector<SweepFactor> factors;
  mc::Design design;  // its factors are named as `factors`, in the same order
  std::int64_t replications = 100;
  std::uint64_t seed = 1;
  std::vector<int> outcomes;        // model::Outcome codes analysed by the sensitivity indices (default: all)
  std::vector<int> metrics;         // model::Metric codes analysed by the sensitivity indices (default: all)
  nlohmann::ordered_json resolved;  // the sweep with defaults filled in: stored in the results file
};

// The assignment (in --set syntax) that puts factor `f` at `value`: written
// with 17 significant digits, so it reads back as the same double.
std::string factor_assignment(const SweepFactor& f, double value);

// The units of the scenario field a --set path names ("" when it has none
// or the path is not a plain field).
std::string factor_units(const std::string& path);

// Loads and validates a sweep file. Throws InputError with every problem
// found (file, line, column, JSON path, did-you-mean).
Sweep load_sweep(const std::string& path);
Sweep load_sweep_text(const std::string& text, const std::string& label, const std::string& base_dir = ".");
// A sweep read from a parsed file that holds more than a sweep (a
// calibration file): its top-level keys `extra_keys` are the caller's.
Sweep load_sweep_source(JsonSource src, const std::vector<std::string>& extra_keys);

// A full-factorial grid over `scenario` from --vary PATH=LO:HI:N (N evenly
// spaced levels, both ends included) or PATH=V1,V2,... (a list). Throws
// UsageError/InputError naming the bad option.
Sweep sweep_from_vary(const std::string& scenario, const std::vector<std::string>& vary);

// The JSON Schema of sweep files (docs/sweep.schema.json), as `simrun schema --sweep` prints it.
std::string sweep_schema_text();

}  // namespace simrun::input
