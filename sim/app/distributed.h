#pragma once
// The one door between the commands and MPI (docs/distributed.md). Built
// without SIMRUN_MPI, or started without mpirun/srun, everything here is the
// single process of before: run_batches and run_sweep are the engine's, and
// no process is a worker. Under MPI, rank 0 runs the command (the only
// writer, the only one that prints) and hands out chunks of work; ranks > 0
// compute the chunks they are handed (serve_*) and send the results back.
#include <vector>

#include "mc/engine.h"
#include "mc/sweep.h"

namespace simrun::app::dist {

// Called first by main: joins the MPI job when launched by mpirun or srun.
// Workers' standard output is dropped and their error messages go to rank 0.
void start(int& argc, char**& argv);
// Called last by main with the exit code: leaves the MPI job, or ends every
// rank when `code` is not 0. Returns the code to exit with.
int finish(int code);

int ranks();       // 1 without MPI
bool is_worker();  // rank > 0

// Rank 0: mc::run_batches with the runs spread over every rank; the sink
// sees the same batches, in the same order, as one process's.
bool run_batches(const std::vector<const mc::RunPlan*>& plans, const mc::EngineOptions& opt, const mc::BatchSink& sink);
// Ranks > 0: computes the chunks of runs rank 0 hands out until it is done.
void serve_batches(const std::vector<const mc::RunPlan*>& plans, const mc::EngineOptions& opt);

// The same for sweeps: the job's pending items in chunks, the records handed
// to the sink in item order.
bool run_sweep(const mc::SweepJob& job, const mc::PointPlanSource& plans, const mc::SweepOptions& opt,
               const mc::SweepSink& sink);
// `job` without its status table (rank 0 sends each chunk's).
void serve_sweep(const mc::SweepJob& job, const mc::PointPlanSource& plans, const mc::SweepOptions& opt);

}  // namespace simrun::app::dist
