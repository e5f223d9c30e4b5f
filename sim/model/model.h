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
#include "util/random.h"

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

// What a Simulation keeps from run to run so that the buffers keep their
// capacity: the diaspora's agent arrays, each outlet's rhetoric and each
// event's stream, next due day and the end of the channel shock it started.
struct RunBuffers {
  Diaspora diaspora;
  std::vector<double> rhetoric;   // per media agent
  std::vector<Engine> event_rng;  // per event
  std::vector<double> next_due;   // per event: the day it is next due, < 0 for never
  std::vector<double> shock_end;  // per event: the day a channel shock it started ends, < 0 for none
};

// One worker's model; reuse it, and the RunOutput, for many runs. The first
// run sizes the buffers. After that the steps of a run allocate nothing,
// except that the event log grows when a run logs more events than `out` has
// room for; setting a run up still allocates a little: each random stream's
// seeding (Boost's seed_seq keeps its words in a vector) and each event
// stream's name when it is too long for the string's own buffer.
// RunAllocations in tests/model checks this.
class Simulation {
 public:
  // Initialises a run (docs/model.md §3) and runs its steps (§1.3).
  void run(const ModelParams& p, std::uint64_t seed, std::uint64_t run_index, RunOutput& out);
  // The diaspora's update algorithm (same distribution either way); kAuto
  // unless a test or benchmark asks for one.
  void set_diaspora_engine(DiasporaEngine e) { buffers_.diaspora.set_engine(e); }

 private:
  RunBuffers buffers_;
};

}  // namespace simrun::model
