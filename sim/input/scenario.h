#pragma once
// A scenario as loaded: the fully resolved JSON (extends applied, --set
// applied, defaults filled in), the run settings, the model parameters with
// constants bound, and the uncertain parameters to sample once per run.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "input/distribution.h"
#include "input/scenario_spec.h"
#include "model/params.h"

namespace simrun::input {

struct UncertainParam {
  std::string pointer;  // JSON pointer of the field, e.g. /channels/oil_transit
  // Names its random stream: the pointer with list positions replaced by
  // ids (/events/us_russia_settlement/day), so that adding or reordering
  // events does not change another event's draws.
  std::string stream;
  Distribution dist;
  NumBind bind = nullptr;
  BindIndex index;
};

struct Scenario {
  std::string name;
  std::string description;
  std::string file;                 // the file given by the user
  std::vector<std::string> chain;   // the file, then its extends chain
  std::vector<std::string> sets;    // --set assignments applied
  nlohmann::ordered_json resolved;  // what runs, and what the results file stores
  std::int64_t runs = 1000;
  std::uint64_t seed = 1;
  bool store_trajectories = true;
  bool store_events = true;
  model::ModelParams base;  // every constant bound
  std::vector<UncertainParam> uncertain;

  // The parameters of run `run`: the uncertain parameters drawn from streams
  // of (seed, run, "param:" + stream key), events' occurrence from (seed,
  // run, "occurs:" + id). Depends on nothing else.
  // `sampled`, when given, receives the drawn value of each uncertain entry.
  model::ModelParams sample(std::uint64_t seed, std::uint64_t run, std::vector<double>* sampled = nullptr) const;
  // Number of days in one run (a convenience for the writers).
  int num_times() const { return base.steps() + 1; }
};

// Loads, resolves and validates a scenario file. Throws InputError with every
// problem found (file, line, column, JSON path, what was found and expected).
Scenario load_scenario(const std::string& path, const std::vector<std::string>& sets = {});

// The same from text (tests, fuzzing). `label` names it in diagnostics;
// `extends` is resolved relative to `base_dir`.
Scenario load_scenario_text(const std::string& text, const std::string& label, const std::string& base_dir = ".",
                            const std::vector<std::string>& sets = {});

// The closest candidate within a small edit distance, for "did you mean".
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace simrun::input
