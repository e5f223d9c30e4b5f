#pragma once
// One run of the agent-based model: takes a run's parameters and its random
// streams and fills a RunOutput. Independent of the Monte Carlo driver and of
// the results file, so tests drive it directly.
#include <array>
#include <cstdint>
#include <vector>

#include "model/diaspora.h"
#include "model/outcomes.h"
#include "model/params.h"
#include "model/variables.h"

namespace simrun::model {

// One entry of the event log. `actor`/`target` index the states (0 .. 8, see
// actors.h) or, from kNumActors on, the scenario's media agents.
struct EventRecord {
  std::int32_t step;
  std::int16_t actor;
  std::int16_t target;
  std::uint8_t action;  // ActionId
};

struct RunOutput {
  int num_times = 0;  // steps + 1 (the initial state is time 0)
  double step_days = 1;
  std::vector<float> trajectories;  // [var][time], var-major
  std::vector<EventRecord> events;
  std::array<double, kNumOutcomes> first_passage{};  // days since start; NaN when not reached

  void reset(int times);
  float at(int var, int t) const { return trajectories[static_cast<std::size_t>(var) * num_times + t]; }
};

// Holds the buffers of one worker; reuse it for many runs so that a run
// allocates nothing after its first.
class Simulation {
 public:
  void run(const ModelParams& p, std::uint64_t seed, std::uint64_t run_index, RunOutput& out);

 private:
  Diaspora diaspora_;
  std::vector<double> rhetoric_;
};

}  // namespace simrun::model
