// The build without MPI: one process, the engine as it is.
#include "app/distributed.h"

namespace simrun::app::dist {

void start(int&, char**&) {}
int finish(int code) { return code; }
int ranks() { return 1; }
bool is_worker() { return false; }

bool run_batches(const std::vector<const mc::RunPlan*>& plans, const mc::EngineOptions& opt,
                 const mc::BatchSink& sink) {
  return mc::run_batches(plans, opt, sink);
}
void serve_batches(const std::vector<const mc::RunPlan*>&, const mc::EngineOptions&) {}

bool run_sweep(const mc::SweepJob& job, const mc::PointPlanSource& plans, const mc::SweepOptions& opt,
               const mc::SweepSink& sink) {
  return mc::run_sweep(job, plans, opt, sink);
}
void serve_sweep(const mc::SweepJob&, const mc::PointPlanSource&, const mc::SweepOptions&) {}

}  // namespace simrun::app::dist
