#include "input/sweep_format.h"

#include "model/metrics.h"
#include "model/outcomes.h"

namespace simrun::input::sweep_format {

const std::vector<Key>& top_keys() {
  static const std::vector<Key> keys = {
      {"$schema", Type::String, false,
       "the JSON Schema an editor checks this file against, e.g. \"../../docs/sweep.schema.json\"; ignored by "
       "simrun"},
      {"name", Type::String, false, "the sweep's name, the results file's default stem (default: the file's stem)"},
      {"description", Type::String, false, "what the sweep asks (default: empty)"},
      {"scenario", Type::String, true, "the base scenario file, relative to the sweep file's folder"},
      {"set", Type::StringList, false,
       "PATH=VALUE assignments, as --set takes them, applied at every point before the factors"},
      {"factors", Type::ObjectList, true, "the scenario fields the sweep varies (1 to 64)"},
      {"design", Type::Object, true, "which points of the factor space run"},
      {"replications", Type::Integer, false, "runs at each point (default 100)"},
      {"seed", Type::Integer, false, "master seed of the runs and of random designs (default 1)"},
      {"outcomes", Type::StringList, false, "the outcomes the sensitivity indices analyse (default: all)"},
      {"metrics", Type::StringList, false, "the metrics the sensitivity indices analyse (default: all)"},
  };
  return keys;
}

const std::vector<Key>& factor_keys() {
  static const std::vector<Key> keys = {
      {"path", Type::String, true, "the field set, in --set syntax, e.g. actors.RU.hawkishness or events.0.day"},
      {"name", Type::String, false,
       "the factor's name in the results (default: the path's last component if unique, else the path with "
       "dots replaced by underscores)"},
      {"range", Type::NumberList, false, "[lo, hi]: the factor takes values from lo to hi"},
      {"count", Type::Integer, false, "with range, in a grid: that many evenly spaced levels from lo to hi"},
      {"levels", Type::NumberList, false, "the values the factor takes (distinct)"},
      {"distribution", Type::Object, false,
       "a distribution as in scenario files; the design's uniform u maps through its quantile function"},
  };
  return keys;
}

const std::vector<DesignForm>& design_forms() {
  using K = mc::DesignKind;
  static const Key seed{"seed", Type::Integer, false, "seed of the design (default: the sweep's seed)"};
  static const std::vector<DesignForm> forms = {
      {"grid", K::Grid, false, "every combination of the factors' levels, the first factor varying slowest", {}},
      {"points",
       K::Points,
       false,
       "explicit points",
       {{"points", Type::Points, true, "the points: each an array with one value per factor"}}},
      {"monte_carlo",
       K::MonteCarlo,
       true,
       "independent uniform points",
       {{"points", Type::Integer, true, "how many points"}, seed}},
      {"latin_hypercube",
       K::LatinHypercube,
       true,
       "a Latin hypercube sample",
       {{"points", Type::Integer, true, "how many points"}, seed}},
      {"saltelli",
       K::Saltelli,
       true,
       "Saltelli's design for Sobol' indices: base_points x (factors + 2) points (x (2 factors + 2) with "
       "second_order)",
       {{"base_points", Type::Integer, true, "N, the rows of each base matrix: a power of two"},
        {"second_order", Type::Boolean, false, "adds the blocks for second-order indices (default false)"},
        {"scramble", Type::Boolean, false, "scrambles the Sobol' points (default true)"},
        seed}},
      {"morris",
       K::Morris,
       true,
       "Morris elementary-effects trajectories: trajectories x (factors + 1) points",
       {{"trajectories", Type::Integer, true, "r, the number of trajectories"},
        {"levels", Type::Integer, false, "p, the grid levels per factor: even (default 4)"},
        seed}},
  };
  return forms;
}

const std::vector<std::string>& reserved_factor_names() {
  static const std::vector<std::string> names = {"point",   "replication", "parameter", "outcome", "metric",
                                                 "horizon", "quantile",    "variable",  "level"};
  return names;
}

std::vector<std::string> outcome_names() {
  std::vector<std::string> out;
  for (const auto& o : model::outcome_table()) out.emplace_back(o.name);
  return out;
}

std::vector<std::string> metric_names() {
  std::vector<std::string> out;
  for (const auto& m : model::metric_table()) out.emplace_back(m.name);
  return out;
}

}  // namespace simrun::input::sweep_format
