#pragma once
// A scenario as loaded: the fully resolved JSON (extends applied, --set
// applied, defaults filled in), the run settings, and the run plan the
// Monte Carlo engine samples and runs.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "input/distribution.h"
#include "input/json_source.h"
#include "input/scenario_spec.h"
#include "mc/run_plan.h"

namespace simrun::input {

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
  // What the engine runs: every constant bound, the uncertain parameters
  // with their distributions and stream purposes.
  mc::RunPlan plan;
};

// Loads, resolves and validates a scenario file. Throws InputError with every
// problem found (file, line, column, JSON path, what was found and expected).
Scenario load_scenario(const std::string& path, const std::vector<std::string>& sets = {});

// The same from text (tests, fuzzing). `label` names it in diagnostics;
// `extends` is resolved relative to `base_dir`.
Scenario load_scenario_text(const std::string& text, const std::string& label, const std::string& base_dir = ".",
                            const std::vector<std::string>& sets = {});

// A scenario file read once (its extends chain resolved and merged) and
// then built many times with different --set assignments: what a sweep does
// at each of its points. instantiate(extra) equals
// load_scenario(path, sets + extra) for the files as they were when read.
class ScenarioTemplate {
 public:
  ScenarioTemplate(const std::string& path, std::vector<std::string> sets);
  Scenario instantiate(const std::vector<std::string>& extra_sets) const;
  // The file, then its extends chain, and the text of each as read.
  const std::vector<std::string>& chain() const { return files_; }
  const std::vector<std::string>& texts() const { return texts_; }
  const std::vector<std::string>& sets() const { return sets_; }

 private:
  std::string path_;
  std::vector<std::string> sets_, files_, texts_;
  std::vector<JsonSource> sources_;  // most derived first
  nlohmann::ordered_json merged_;
};

// The closest candidate within a small edit distance, for "did you mean".
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace simrun::input
