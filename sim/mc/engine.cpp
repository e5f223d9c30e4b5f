#include "mc/engine.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <memory>
#include <string>
#include <system_error>
#include <thread>

#include "util/first_failure.h"

namespace simrun::mc {

int resolve_threads(int requested) {
  if (requested > 0) return requested;
  const unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : static_cast<int>(hw);
}

void compute_run(const RunPlan& plan, std::uint64_t seed, std::uint64_t run, model::ModelParams& params,
                 model::Simulation& sim, RunResult& r) {
  r.run = run;
  plan.sample(seed, run, params, r.sampled);
  sim.run(params, seed, run, r.output);
  r.metrics = model::compute_metrics(r.output);
}

namespace {

// Computes batches of runs on `threads` threads in all: threads - 1 workers
// and the calling thread. The calling thread first hands the previous batch
// to the sink (writing overlaps the workers' computing), then computes runs
// of the current batch beside them, so its core does not idle once the
// writing is done.
class BatchRunner {
 public:
  BatchRunner(const std::vector<const RunPlan*>& plans, const EngineOptions& opt)
      : plans_(plans),
        opt_(opt),
        threads_(std::max(1, std::min<int>(resolve_threads(opt.threads),
                                           static_cast<int>(std::max<std::uint64_t>(1, opt.num_runs))))),
        sims_(static_cast<std::size_t>(threads_)),
        params_(static_cast<std::size_t>(threads_)) {
    for (auto& b : batches_) b.by_plan.resize(plans.size());
  }

  bool run(const BatchSink& sink);

 private:
  bool cancelled() const { return abort_.load() || (opt_.cancel && opt_.cancel->load()); }
  std::size_t count_at(std::uint64_t first) const {
    return static_cast<std::size_t>(std::min<std::uint64_t>(opt_.batch_size, opt_.first_run + opt_.num_runs - first));
  }
  std::vector<std::thread> launch(Batch& batch, std::uint64_t first, std::size_t count);
  void work(Batch& batch, std::atomic<std::size_t>& next, std::size_t worker, bool reports);
  template <class Work>
  void spawn(std::vector<std::thread>& pool, std::atomic<std::size_t>& next, std::size_t end_item, Work work);
  void join(std::vector<std::thread>& pool);
  void report_progress() const {
    if (opt_.progress) opt_.progress(std::min(completed_.load(), opt_.num_runs), opt_.num_runs);
  }

  const std::vector<const RunPlan*>& plans_;
  const EngineOptions& opt_;
  const int threads_;
  std::vector<model::Simulation> sims_;     // one per thread, buffers reused across runs
  std::vector<model::ModelParams> params_;  // one per thread
  std::array<Batch, 2> batches_;
  std::shared_ptr<std::atomic<std::size_t>> next_;  // the current batch's next work item
  std::atomic<bool> abort_{false};                  // set when the sink fails
  std::atomic<std::uint64_t> completed_{0};         // runs finished, for progress within a batch
  std::atomic<int> running_{0};                     // worker threads still computing
  util::FirstFailure failure_;
};

// Work items are (run, plan) pairs taken in order by whichever thread is
// free; where a result lands depends only on its indices. `worker` picks the
// thread's buffers (the calling thread has the last); the calling thread
// `reports` progress between its runs.
void BatchRunner::work(Batch& batch, std::atomic<std::size_t>& next, std::size_t worker, bool reports) {
  const std::size_t n_plans = plans_.size(), end_item = batch.count * n_plans;
  auto reported = std::chrono::steady_clock::now();
  for (;;) {
    const std::size_t item = next.fetch_add(1);
    if (item >= end_item || cancelled()) break;
    const std::size_t i = item / n_plans, s = item % n_plans;
    try {
      compute_run(*plans_[s], opt_.seed, batch.first + i, params_[worker], sims_[worker], batch.by_plan[s][i]);
      if (s + 1 == n_plans) completed_.fetch_add(1);
    } catch (...) {
      failure_.capture();
      next.store(end_item);
    }
    if (reports && std::chrono::steady_clock::now() - reported > std::chrono::milliseconds(50)) {
      report_progress();
      reported = std::chrono::steady_clock::now();
    }
  }
}

// Starts one worker. When the system cannot (no memory for another stack),
// the workers already started are stopped and joined before the error
// leaves: destroying a joinable std::thread would abort the program.
template <class Work>
void BatchRunner::spawn(std::vector<std::thread>& pool, std::atomic<std::size_t>& next, std::size_t end_item,
                        Work work) {
  auto stop_started = [&] {
    next.store(end_item);
    running_.fetch_sub(threads_ - 1 - static_cast<int>(pool.size()));
    for (auto& th : pool) th.join();
    pool.clear();
  };
  const int index = static_cast<int>(pool.size()) + 1;
  try {
    pool.emplace_back(std::move(work));
  } catch (const std::system_error& e) {
    stop_started();
    throw std::system_error(e.code(),
                            "cannot start worker thread " + std::to_string(index) + " of " + std::to_string(threads_));
  } catch (...) {
    stop_started();
    throw;
  }
}

// Starts the workers on runs [first, first + count) of `batch`; returns the
// threads to join. The calling thread joins in with work(..., next_, ...).
std::vector<std::thread> BatchRunner::launch(Batch& batch, std::uint64_t first, std::size_t count) {
  batch.first = first;
  batch.count = count;
  for (auto& v : batch.by_plan) v.resize(count);  // RunOutputs keep their buffers across batches
  next_ = std::make_shared<std::atomic<std::size_t>>(0);
  std::vector<std::thread> pool;
  pool.reserve(static_cast<std::size_t>(threads_ - 1));
  running_.store(threads_ - 1);
  for (int t = 0; t + 1 < threads_; ++t)
    spawn(pool, *next_, count * plans_.size(), [this, &batch, next = next_, t] {
      work(batch, *next, static_cast<std::size_t>(t), false);
      running_.fetch_sub(1);
    });
  return pool;
}

// Waits for the workers, reporting progress meanwhile (the calling thread
// owns the progress display). They have at most a run each left.
void BatchRunner::join(std::vector<std::thread>& pool) {
  for (int ticks = 0; running_.load() > 0; ++ticks) {
    if (ticks % 50 == 0) report_progress();
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  for (auto& th : pool) th.join();
  pool.clear();
}

bool BatchRunner::run(const BatchSink& sink) {
  if (opt_.num_runs == 0) return true;
  const std::uint64_t end = opt_.first_run + opt_.num_runs;
  std::uint64_t first = opt_.first_run;
  std::size_t cur = 0;
  std::vector<std::thread> pool = launch(batches_[cur], first, count_at(first));
  const Batch* done = nullptr;  // the batch to write
  for (;;) {
    try {
      if (done) sink(*done);
    } catch (...) {
      // Stop the workers before the sink's failure leaves this frame.
      abort_.store(true);
      join(pool);
      throw;
    }
    work(batches_[cur], *next_, static_cast<std::size_t>(threads_ - 1), true);
    join(pool);
    failure_.rethrow_if_any();
    if (cancelled()) return false;
    done = &batches_[cur];
    first += done->count;
    if (first >= end) break;
    cur = 1 - cur;
    pool = launch(batches_[cur], first, count_at(first));
  }
  sink(*done);  // the last batch: nothing left to compute beside it
  report_progress();
  return true;
}

}  // namespace

bool run_batches(const std::vector<const RunPlan*>& plans, const EngineOptions& opt, const BatchSink& sink) {
  BatchRunner runner(plans, opt);
  return runner.run(sink);
}

}  // namespace simrun::mc
