#pragma once
// Shared helpers for tests that drive the engine directly.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "input/scenario.h"
#include "mc/engine.h"
#include "model/metrics.h"
#include "model/outcomes.h"

namespace simrun::testing {

inline std::string source_path(const std::string& rel) { return std::string(SIMRUN_SOURCE_DIR) + "/" + rel; }

inline input::Scenario scenario(const std::string& rel, std::vector<std::string> sets = {}) {
  return input::load_scenario(source_path(rel), sets);
}

// Per-run summaries of a paired run of two scenarios on common random numbers.
struct PairedRuns {
  std::vector<std::array<double, model::kNumMetrics>> a, b;
  std::vector<std::array<double, model::kNumOutcomes>> fa, fb;
};

inline PairedRuns run_paired(const input::Scenario& a, const input::Scenario& b, std::uint64_t runs, std::uint64_t seed,
                             int until_step = -1) {
  PairedRuns p;
  mc::EngineOptions o;
  o.num_runs = runs;
  o.seed = seed;
  o.threads = 2;
  mc::run_batches({&a.plan, &b.plan}, o, [&](const mc::Batch& batch) {
    for (std::size_t i = 0; i < batch.count; ++i) {
      p.a.push_back(until_step < 0 ? batch.by_plan[0][i].metrics : model::compute_metrics(batch.by_plan[0][i].output, until_step));
      p.b.push_back(until_step < 0 ? batch.by_plan[1][i].metrics : model::compute_metrics(batch.by_plan[1][i].output, until_step));
      p.fa.push_back(batch.by_plan[0][i].output.first_passage);
      p.fb.push_back(batch.by_plan[1][i].output.first_passage);
    }
  });
  return p;
}

}  // namespace simrun::testing
