#pragma once
// What a batch of runs will cost before it starts: computing time, memory
// held while computing, and bytes written. The program refuses a workload
// that cannot finish on the machine (docs/cli.md, "Workload limits") instead
// of meeting an out-of-memory kill or a full disk halfway.
//
// The time follows the diaspora engine a run uses (model/diaspora.h): the
// dense reference costs per agent-step, the sparse engine per step and per
// event, at a nominal event rate. Every figure errs short (a quiet machine,
// a quiet year), so only a workload that cannot finish even then is refused.
#include <cstdint>
#include <vector>

#include "mc/run_plan.h"

namespace simrun::mc {

struct Workload {
  double agent_steps = 0;  // diaspora agents x steps x runs, over all plans
  double events = 0;       // diaspora events the sparse engine visits, at the nominal rate
  double cpu_seconds = 0;  // computing time on one core of a quiet machine
  double peak_memory = 0;  // bytes: two batches of results and each worker's agents
  double file_bytes = 0;   // bytes of per-run data on disk (uncompressed; trajectories
                           // go to the results file or to its scratch file)
};

// `threads` as resolved.
Workload estimate_workload(const std::vector<const RunPlan*>& plans, std::uint64_t runs, int threads,
                           std::size_t batch_size = 256);

// Agents of one run of `plan` (the diaspora at its scale).
double agents_per_run(const RunPlan& plan);

}  // namespace simrun::mc
