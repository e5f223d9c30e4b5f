#include "mc/engine.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>

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

bool run_batches(const std::vector<const RunPlan*>& plans, const EngineOptions& opt, const BatchSink& sink) {
  const int threads = std::max(
      1, std::min<int>(resolve_threads(opt.threads), static_cast<int>(std::max<std::uint64_t>(1, opt.num_runs))));
  const std::size_t n_sc = plans.size();
  std::vector<model::Simulation> sims(static_cast<std::size_t>(threads));
  std::vector<model::ModelParams> params(static_cast<std::size_t>(threads));
  std::atomic<bool> abort{false};  // set when the sink fails
  auto cancelled = [&] { return abort.load() || (opt.cancel && opt.cancel->load()); };

  // Two batches: workers fill one while the calling thread hands the other
  // to the sink (writing overlaps computing).
  std::array<Batch, 2> batches;
  for (auto& b : batches) b.by_plan.resize(n_sc);
  std::exception_ptr failure;
  std::mutex failure_mutex;

  // Starts computing runs [first, first + count) into `batch`; returns the
  // threads to join.
  std::atomic<std::uint64_t> completed{0};  // runs finished, for progress between batches
  std::atomic<int> running{0};              // worker threads still computing
  // Starts one worker. When the system cannot (no memory for another stack),
  // the workers already started are stopped and joined before the error
  // leaves: destroying a joinable std::thread would abort the program.
  auto spawn = [&](std::vector<std::thread>& pool, std::atomic<std::size_t>& next, std::size_t end_item, auto work) {
    auto stop_started = [&] {
      next.store(end_item);
      running.fetch_sub(threads - static_cast<int>(pool.size()));
      for (auto& th : pool) th.join();
      pool.clear();
    };
    const int index = static_cast<int>(pool.size()) + 1;
    try {
      pool.emplace_back(std::move(work));
    } catch (const std::system_error& e) {
      stop_started();
      throw std::system_error(e.code(),
                              "cannot start worker thread " + std::to_string(index) + " of " + std::to_string(threads));
    } catch (...) {
      stop_started();
      throw;
    }
  };
  auto launch = [&](Batch& batch, std::uint64_t first, std::size_t count) {
    batch.first = first;
    batch.count = count;
    for (auto& v : batch.by_plan) v.resize(count);  // RunOutputs keep their buffers across batches
    auto next = std::make_shared<std::atomic<std::size_t>>(0);
    std::vector<std::thread> pool;
    pool.reserve(static_cast<std::size_t>(threads));
    // Work items are (run, scenario) pairs taken in order by whichever
    // thread is free; where a result lands depends only on its indices.
    running.store(threads);
    for (int t = 0; t < threads; ++t) {
      spawn(pool, *next, count * n_sc, [&, next, t, first, count] {
        for (;;) {
          const std::size_t item = next->fetch_add(1);
          if (item >= count * n_sc || cancelled()) break;
          const std::size_t i = item / n_sc, s = item % n_sc;
          try {
            const auto w = static_cast<std::size_t>(t);
            compute_run(*plans[s], opt.seed, first + i, params[w], sims[w], batch.by_plan[s][i]);
            if (s + 1 == n_sc) completed.fetch_add(1);
          } catch (...) {
            std::lock_guard lock(failure_mutex);
            if (!failure) failure = std::current_exception();
            next->store(count * n_sc);
          }
        }
        running.fetch_sub(1);
      });
    }
    return pool;
  };
  // Waits for the workers, reporting progress meanwhile (the calling thread
  // owns the progress display).
  auto join = [&](std::vector<std::thread>& pool) {
    while (running.load() > 0) {
      if (opt.progress) opt.progress(std::min(completed.load(), opt.num_runs), opt.num_runs);
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    for (auto& th : pool) th.join();
    pool.clear();
  };

  const std::uint64_t end = opt.first_run + opt.num_runs;
  auto count_at = [&](std::uint64_t first) {
    return static_cast<std::size_t>(std::min<std::uint64_t>(opt.batch_size, end - first));
  };
  if (opt.num_runs == 0) return true;
  std::uint64_t first = opt.first_run;
  std::size_t cur = 0;
  std::vector<std::thread> pool = launch(batches[cur], first, count_at(first));
  for (;;) {
    join(pool);
    if (failure) std::rethrow_exception(failure);
    if (cancelled()) return false;
    const Batch& done = batches[cur];
    const std::uint64_t next_first = first + done.count;
    if (next_first < end) pool = launch(batches[1 - cur], next_first, count_at(next_first));
    try {
      sink(done);
    } catch (...) {
      // Stop the workers before the sink's failure leaves this frame.
      abort.store(true);
      join(pool);
      throw;
    }
    if (next_first >= end) {
      if (opt.progress) opt.progress(opt.num_runs, opt.num_runs);
      return true;
    }
    first = next_first;
    cur = 1 - cur;
  }
}

}  // namespace simrun::mc
