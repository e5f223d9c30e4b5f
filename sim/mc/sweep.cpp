#include "mc/sweep.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>
#include <map>
#include <memory>
#include <optional>
#include <system_error>
#include <thread>

#include "util/first_failure.h"

namespace simrun::mc {

std::uint64_t SweepJob::pending_runs() const {
  const std::uint64_t end = range_end();
  if (first_item >= end) return 0;
  if (status.empty()) return end - first_item;
  return static_cast<std::uint64_t>(std::count(status.begin() + static_cast<std::ptrdiff_t>(first_item),
                                               status.begin() + static_cast<std::ptrdiff_t>(end), RunStatus::Pending));
}

namespace {

// A point's plan, or why it could not be built.
struct PointPlan {
  std::optional<RunPlan> plan;
  std::string error;
};

// One batch: consecutive pending items and the plans they run.
struct SweepBatch {
  std::vector<SweepRecord> records;
  std::vector<const PointPlan*> plans;
  std::size_t count = 0;
};

// The parts of a run a sweep keeps.
void keep(const RunResult& r, const std::vector<double>& horizons, SweepRecord& rec) {
  rec.first_passage = r.output.first_passage;
  rec.metrics = r.metrics;
  const std::size_t H = horizons.size();
  rec.at_horizon.resize(static_cast<std::size_t>(model::kNumVars) * H);
  for (int v = 0; v < model::kNumVars; ++v)
    for (std::size_t h = 0; h < H; ++h) {
      const int t = std::min(time_index_at(horizons[h], r.output.step_days), r.output.num_times - 1);
      rec.at_horizon[static_cast<std::size_t>(v) * H + h] = r.output.at(v, t);
    }
}

class SweepRunner {
 public:
  SweepRunner(const SweepJob& job, const PointPlanSource& source, const SweepOptions& opt)
      : job_(job),
        source_(source),
        opt_(opt),
        total_(job.pending_runs()),
        threads_(static_cast<int>(std::clamp<std::uint64_t>(static_cast<std::uint64_t>(resolve_threads(opt.threads)), 1,
                                                            std::max<std::uint64_t>(1, total_)))),
        cursor_(job.first_item) {}

  bool run(const SweepSink& sink);

 private:
  bool cancelled() const { return abort_.load() || (opt_.cancel && opt_.cancel->load()); }
  bool fill(SweepBatch& batch);
  const PointPlan* plan_of(std::size_t point);
  std::vector<std::thread> launch(SweepBatch& batch);
  void work(SweepBatch& batch, std::atomic<std::size_t>& next);
  void compute(const PointPlan& plan, SweepRecord& rec, model::ModelParams& params, model::Simulation& sim,
               RunResult& result) const;
  void join(std::vector<std::thread>& pool);

  const SweepJob& job_;
  const PointPlanSource& source_;
  const SweepOptions& opt_;
  const std::uint64_t total_;
  const int threads_;
  std::uint64_t cursor_;                                     // next item to consider
  std::map<std::size_t, std::unique_ptr<PointPlan>> plans_;  // points of the batches in flight
  std::array<SweepBatch, 2> batches_;
  std::atomic<bool> abort_{false};
  std::atomic<std::uint64_t> done_{0}, failed_{0};
  std::atomic<int> running_{0};
  util::FirstFailure failure_;
};

const PointPlan* SweepRunner::plan_of(std::size_t point) {
  auto& slot = plans_[point];
  if (!slot) {
    slot = std::make_unique<PointPlan>();
    try {
      slot->plan = source_(point);
    } catch (const std::bad_alloc&) {
      throw;
    } catch (const std::exception& e) {
      slot->error = e.what();
    }
  }
  return slot.get();
}

// Takes the next pending items, up to a batch, and builds their plans; the
// plans of points before the batch are done with (items come in order).
bool SweepRunner::fill(SweepBatch& batch) {
  const std::uint64_t end = job_.range_end();
  const std::size_t cap = std::max<std::size_t>(1, opt_.batch_size);
  batch.records.resize(cap);
  batch.plans.resize(cap);
  batch.count = 0;
  for (; cursor_ < end && batch.count < cap; ++cursor_) {
    if (!job_.status.empty() && job_.status[cursor_] != RunStatus::Pending) continue;
    SweepRecord& rec = batch.records[batch.count];
    rec.point = static_cast<std::size_t>(cursor_ / job_.replications);
    rec.replication = cursor_ % job_.replications;
    if (batch.count == 0) plans_.erase(plans_.begin(), plans_.lower_bound(rec.point));
    batch.plans[batch.count++] = plan_of(rec.point);
  }
  return batch.count > 0;
}

void SweepRunner::compute(const PointPlan& plan, SweepRecord& rec, model::ModelParams& params, model::Simulation& sim,
                          RunResult& result) const {
  rec.error.clear();
  rec.features.clear();
  rec.seconds = 0;
  if (!plan.plan) {
    rec.status = RunStatus::Failed;
    rec.error = plan.error;
    return;
  }
  const auto start = std::chrono::steady_clock::now();
  try {
    compute_run(*plan.plan, job_.seed, rec.replication, params, sim, result);
    keep(result, job_.horizons, rec);
    if (opt_.features) opt_.features(result, rec.features);
    rec.status = RunStatus::Succeeded;
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    rec.status = RunStatus::Failed;
    rec.error = e.what();
  }
  rec.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void SweepRunner::work(SweepBatch& batch, std::atomic<std::size_t>& next) {
  model::ModelParams params;
  model::Simulation sim;
  RunResult result;
  for (;;) {
    const std::size_t i = next.fetch_add(1);
    if (i >= batch.count || cancelled()) break;
    try {
      compute(*batch.plans[i], batch.records[i], params, sim, result);
      if (batch.records[i].status == RunStatus::Failed) failed_.fetch_add(1);
      done_.fetch_add(1);
    } catch (...) {
      failure_.capture();
      next.store(batch.count);
    }
  }
  running_.fetch_sub(1);
}

std::vector<std::thread> SweepRunner::launch(SweepBatch& batch) {
  auto next = std::make_shared<std::atomic<std::size_t>>(0);
  std::vector<std::thread> pool;
  running_.store(threads_);
  for (int t = 0; t < threads_; ++t) {
    try {
      pool.emplace_back([this, &batch, next] { work(batch, *next); });
    } catch (...) {
      // No thread for this worker: stop the others before the error leaves.
      next->store(batch.count);
      running_.fetch_sub(threads_ - static_cast<int>(pool.size()));
      for (auto& th : pool) th.join();
      throw;
    }
  }
  return pool;
}

void SweepRunner::join(std::vector<std::thread>& pool) {
  while (running_.load() > 0) {
    if (opt_.progress) opt_.progress(done_.load(), failed_.load(), total_);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  for (auto& th : pool) th.join();
  pool.clear();
}

bool SweepRunner::run(const SweepSink& sink) {
  std::size_t cur = 0;
  if (!fill(batches_[cur])) return true;
  std::vector<std::thread> pool = launch(batches_[cur]);
  for (;;) {
    join(pool);
    failure_.rethrow_if_any();
    if (cancelled()) return false;
    const bool more = fill(batches_[1 - cur]);
    if (more) pool = launch(batches_[1 - cur]);
    try {
      sink(std::span<const SweepRecord>(batches_[cur].records.data(), batches_[cur].count));
    } catch (...) {
      abort_.store(true);
      join(pool);
      throw;
    }
    if (!more) {
      if (opt_.progress) opt_.progress(done_.load(), failed_.load(), total_);
      return true;
    }
    cur = 1 - cur;
  }
}

}  // namespace

bool run_sweep(const SweepJob& job, const PointPlanSource& plans, const SweepOptions& options, const SweepSink& sink) {
  if (job.replications == 0 || job.points == 0) return true;
  if (!job.status.empty() && job.status.size() != job.total_runs())
    throw std::invalid_argument("run_sweep: the status table does not match the design");
  SweepRunner runner(job, plans, options);
  return runner.run(sink);
}

void PointRuns::resize(std::size_t reps, std::size_t num_horizons, std::size_t features_per_run) {
  replications = reps;
  horizons = num_horizons;
  status.assign(reps, RunStatus::Pending);
  seconds.assign(reps, std::nanf(""));
  first_passage.assign(reps * model::kNumOutcomes, std::nan(""));
  metrics.assign(reps * model::kNumMetrics, std::nan(""));
  at_horizon.assign(reps * model::kNumVars * num_horizons, std::nanf(""));
  num_features = features_per_run;
  features.assign(reps * features_per_run, std::nan(""));
}

namespace {

void summarize_outcomes(const PointRuns& runs, const std::vector<double>& horizons, double step_days, PointSummary& s) {
  const std::size_t H = horizons.size();
  s.outcome.assign(model::kNumOutcomes * H, Interval{});
  for (int o = 0; o < model::kNumOutcomes; ++o)
    for (std::size_t h = 0; h < H; ++h) {
      const int th = time_index_at(horizons[h], step_days);
      std::int64_t k = 0;
      for (std::size_t r = 0; r < runs.replications; ++r) {
        const double fp = runs.first_passage[r * model::kNumOutcomes + static_cast<std::size_t>(o)];
        if (runs.status[r] == RunStatus::Succeeded && std::isfinite(fp) && time_index_at(fp, step_days) <= th) ++k;
      }
      s.outcome[static_cast<std::size_t>(o) * H + h] =
          s.succeeded ? wilson(k, s.succeeded) : Interval{std::nan(""), std::nan(""), std::nan("")};
    }
}

void summarize_metrics(const PointRuns& runs, PointSummary& s) {
  s.metric_mean.assign(model::kNumMetrics, std::nan(""));
  s.metric_se.assign(model::kNumMetrics, std::nan(""));
  for (int m = 0; m < model::kNumMetrics; ++m) {
    MeanAccumulator acc;
    for (std::size_t r = 0; r < runs.replications; ++r)
      if (runs.status[r] == RunStatus::Succeeded)
        acc.add(runs.metrics[r * model::kNumMetrics + static_cast<std::size_t>(m)]);
    s.metric_mean[static_cast<std::size_t>(m)] = acc.mean();
    s.metric_se[static_cast<std::size_t>(m)] = acc.standard_error();
  }
}

void summarize_quantiles(const PointRuns& runs, std::size_t H, PointSummary& s) {
  const std::size_t Q = kQuantiles.size(), V = model::kNumVars;
  s.quantiles.assign(V * Q * H, std::nan(""));
  std::vector<float> values;
  for (std::size_t v = 0; v < V; ++v)
    for (std::size_t h = 0; h < H; ++h) {
      values.clear();
      for (std::size_t r = 0; r < runs.replications; ++r)
        if (runs.status[r] == RunStatus::Succeeded) values.push_back(runs.at_horizon[(r * V + v) * H + h]);
      for (std::size_t q = 0; q < Q; ++q) s.quantiles[(v * Q + q) * H + h] = quantile_inplace(values, kQuantiles[q]);
    }
}

}  // namespace

PointSummary summarize_point(const PointRuns& runs, const std::vector<double>& horizons, double step_days) {
  PointSummary s;
  for (const RunStatus st : runs.status) {
    s.succeeded += st == RunStatus::Succeeded;
    s.failed += st == RunStatus::Failed;
  }
  summarize_outcomes(runs, horizons, step_days, s);
  summarize_metrics(runs, s);
  summarize_quantiles(runs, horizons.size(), s);
  return s;
}

double output_value(const SweepOutput& out, const PointSummary& s, std::size_t num_horizons) {
  if (out.kind == SweepOutput::Kind::Metric) return s.metric_mean[static_cast<std::size_t>(out.code)];
  return s.outcome[static_cast<std::size_t>(out.code) * num_horizons + out.horizon].estimate;
}

SweepIndices sweep_indices(const Design& design, std::vector<SweepOutput> outputs,
                           const std::vector<std::vector<double>>& values, const BootstrapOptions& bootstrap) {
  SweepIndices ix;
  ix.outputs = std::move(outputs);
  for (std::size_t k = 0; k < ix.outputs.size(); ++k) {
    if (design.saltelli) ix.sobol.push_back(sobol_indices(design, values[k], bootstrap));
    if (design.morris) ix.morris.push_back(morris_indices(design, values[k], EffectScale::UnitCube, bootstrap));
  }
  return ix;
}

}  // namespace simrun::mc
