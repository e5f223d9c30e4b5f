#include "mc/engine.h"

#include <algorithm>
#include <exception>
#include <mutex>
#include <thread>

namespace simrun::mc {

int resolve_threads(int requested) {
  if (requested > 0) return requested;
  const unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : static_cast<int>(hw);
}

namespace {

void compute_run(const input::Scenario& sc, std::uint64_t seed, std::uint64_t run, model::Simulation& sim,
                 RunResult& r) {
  r.run = run;
  const model::ModelParams p = sc.sample(seed, run, &r.sampled);
  r.occurs.resize(p.events.size());
  for (std::size_t e = 0; e < p.events.size(); ++e)
    r.occurs[e] = p.events[e].day >= 0 || p.events[e].rate_per_year > 0;
  sim.run(p, seed, run, r.output);
}

}  // namespace

bool run_batches(const std::vector<const input::Scenario*>& scenarios, const EngineOptions& opt,
                 const BatchSink& sink) {
  const int threads = std::max(1, std::min<int>(resolve_threads(opt.threads),
                                                static_cast<int>(std::max<std::uint64_t>(1, opt.num_runs))));
  const std::size_t n_sc = scenarios.size();
  Batch batch;
  batch.by_scenario.resize(n_sc);
  std::vector<model::Simulation> sims(static_cast<std::size_t>(threads));

  const std::uint64_t end = opt.first_run + opt.num_runs;
  for (std::uint64_t first = opt.first_run; first < end; first += opt.batch_size) {
    if (opt.cancel && opt.cancel->load()) return false;
    const std::size_t count = static_cast<std::size_t>(std::min<std::uint64_t>(opt.batch_size, end - first));
    batch.first = first;
    batch.count = count;
    for (auto& v : batch.by_scenario) v.resize(count);  // RunOutputs keep their buffers across batches

    // Work items are (run, scenario) pairs taken in order by whichever
    // thread is free; where a result lands depends only on its indices.
    std::atomic<std::size_t> next{0};
    std::exception_ptr failure;
    std::mutex failure_mutex;
    auto worker = [&](std::size_t t) {
      for (;;) {
        const std::size_t item = next.fetch_add(1);
        if (item >= count * n_sc) return;
        if (opt.cancel && opt.cancel->load()) return;
        const std::size_t i = item / n_sc, s = item % n_sc;
        try {
          compute_run(*scenarios[s], opt.seed, first + i, sims[t], batch.by_scenario[s][i]);
        } catch (...) {
          std::lock_guard lock(failure_mutex);
          if (!failure) failure = std::current_exception();
          next.store(count * n_sc);
        }
      }
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t) pool.emplace_back(worker, static_cast<std::size_t>(t));
    worker(0);
    for (auto& th : pool) th.join();
    if (failure) std::rethrow_exception(failure);
    if (opt.cancel && opt.cancel->load()) return false;
    sink(batch);
    if (opt.progress) opt.progress(first + count - opt.first_run, opt.num_runs);
  }
  return true;
}

}  // namespace simrun::mc
