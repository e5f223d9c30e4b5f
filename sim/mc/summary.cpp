#include "mc/summary.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <mutex>
#include <system_error>
#include <thread>

#include "util/first_failure.h"

namespace simrun::mc {

std::vector<double> report_horizons(int num_times, double step_days) {
  const double end = (num_times - 1) * step_days;
  std::vector<double> h;
  for (double d : {30.0, 90.0, 180.0, 365.0, 730.0})
    if (d < end) h.push_back(d);
  h.push_back(end);
  return h;
}

int time_index_at(double day, double step_days) { return static_cast<int>(std::floor(day / step_days + 1e-9)); }

Interval wilson(std::int64_t k, std::int64_t n, double z) {
  if (n <= 0) return {0, 0, 1};
  const double nn = static_cast<double>(n), p = static_cast<double>(k) / nn;
  const double z2 = z * z;
  const double centre = (p + z2 / (2 * nn)) / (1 + z2 / nn);
  const double half = z * std::sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn)) / (1 + z2 / nn);
  // At k = 0 or k = n the bound is exactly 0 or 1; rounding would leave a
  // tiny residue.
  return {p, k == 0 ? 0.0 : std::max(0.0, centre - half), k == n ? 1.0 : std::min(1.0, centre + half)};
}

double quantile_inplace(std::vector<float>& v, double p) {
  if (v.empty()) return std::nan("");
  const double h = (static_cast<double>(v.size()) - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(lo), v.end());
  const double x_lo = v[lo];
  if (lo + 1 >= v.size()) return x_lo;
  const double x_hi = *std::min_element(v.begin() + static_cast<std::ptrdiff_t>(lo) + 1, v.end());
  return x_lo + (h - static_cast<double>(lo)) * (x_hi - x_lo);
}

double MeanAccumulator::mean() const { return n_ ? mean_ : std::nan(""); }

double MeanAccumulator::standard_error() const {
  if (n_ < 2) return std::nan("");
  const double n = static_cast<double>(n_);
  return std::sqrt(m2_ / (n - 1) / n);
}

Interval MeanAccumulator::interval95() const {
  if (n_ == 0) return {};
  const double m = mean(), se = n_ > 1 ? standard_error() : 0.0;
  return {m, m - kZ95 * se, m + kZ95 * se};
}

MomentAccumulator::MomentAccumulator(int num_times)
    : times_(num_times), acc_(static_cast<std::size_t>(model::kNumVars) * num_times) {}

void MomentAccumulator::add(const model::RunOutput& out) {
  for (std::size_t i = 0; i < acc_.size(); ++i) acc_[i].add(out.trajectories[i]);
}

OutcomeAccumulator::OutcomeAccumulator(int num_times, double step_days)
    : times_(num_times),
      step_days_(step_days),
      first_at_(static_cast<std::size_t>(model::kNumOutcomes) * num_times, 0) {}

void OutcomeAccumulator::add(const model::RunOutput& out) {
  ++n_;
  dirty_ = true;
  for (int o = 0; o < model::kNumOutcomes; ++o) {
    const double day = out.first_passage[static_cast<std::size_t>(o)];
    if (std::isnan(day)) continue;
    const int t = std::clamp(time_index_at(day, step_days_), 0, times_ - 1);
    ++first_at_[static_cast<std::size_t>(o) * times_ + t];
  }
}

std::int64_t OutcomeAccumulator::reached_by(int outcome, int t) const {
  if (dirty_) {
    cumulative_ = first_at_;
    for (int o = 0; o < model::kNumOutcomes; ++o)
      for (int i = 1; i < times_; ++i)
        cumulative_[static_cast<std::size_t>(o) * times_ + i] +=
            cumulative_[static_cast<std::size_t>(o) * times_ + i - 1];
    dirty_ = false;
  }
  return cumulative_[static_cast<std::size_t>(outcome) * times_ + std::clamp(t, 0, times_ - 1)];
}

PairedTables::PairedTables(int num_times, double step_days_)
    : step_days(step_days_),
      horizons(report_horizons(num_times, step_days_)),
      outcome(model::kNumOutcomes, std::vector<PairedAccumulator>(horizons.size())),
      metric(model::kNumMetrics) {}

void PairedTables::add(const RunResult& ra, const RunResult& rb) {
  const model::RunOutput &a = ra.output, &b = rb.output;
  // Reached by a horizon: first passage at or before the horizon's time
  // index, the rule of the summaries (OutcomeAccumulator).
  auto reached = [&](const model::RunOutput& r, int k, int t) {
    const double d = r.first_passage[static_cast<std::size_t>(k)];
    return !std::isnan(d) && time_index_at(d, step_days) <= t ? 1.0 : 0.0;
  };
  for (int k = 0; k < model::kNumOutcomes; ++k)
    for (std::size_t h = 0; h < horizons.size(); ++h) {
      const int t = time_index_at(horizons[h], step_days);
      outcome[static_cast<std::size_t>(k)][h].add(reached(a, k, t), reached(b, k, t));
    }
  for (std::size_t k = 0; k < model::kNumMetrics; ++k) metric[k].add(ra.metrics[k], rb.metrics[k]);
}

ScenarioSummary::ScenarioSummary(int num_times, double step_days)
    : times_(num_times), step_days_(step_days), moments_(num_times), outcomes_(num_times, step_days) {}

void ScenarioSummary::add(const RunResult& r) {
  moments_.add(r.output);
  outcomes_.add(r.output);
  for (std::size_t k = 0; k < model::kNumMetrics; ++k) metrics_[k].add(r.metrics[k]);
}

SummaryTables ScenarioSummary::finish(const TrajectoryBlockReader& read, int threads) const {
  SummaryTables s;
  s.runs = count();
  for (int t = 0; t < times_; ++t) s.time.push_back(t * step_days_);
  finish_variables(s, read, threads);
  finish_outcomes(s);
  for (const auto& m : metrics_) {
    const Interval iv = m.interval95();
    s.metric_mean.push_back(iv.estimate);
    s.metric_lower.push_back(iv.lower);
    s.metric_upper.push_back(iv.upper);
  }
  return s;
}

// Each variable is summarised by one thread, whichever takes it, so the
// tables are the same for any thread count. The quantiles' selection runs in
// parallel; the reads, which take about half the time, one at a time.
void ScenarioSummary::finish_variables(SummaryTables& s, const TrajectoryBlockReader& read, int threads) const {
  s.variables.resize(model::kNumVars);
  std::mutex reading;
  const TrajectoryBlockReader one_at_a_time = [&](int v, std::uint64_t row0, std::uint64_t rows, std::uint64_t t0,
                                                  std::uint64_t width, std::vector<float>& out) {
    const std::lock_guard lock(reading);
    read(v, row0, rows, t0, width, out);
  };
  std::atomic<int> next{0};
  util::FirstFailure failure;
  const auto work = [&] {
    try {
      for (int v = next++; v < model::kNumVars; v = next++)
        finish_variable(v, s.variables[static_cast<std::size_t>(v)], one_at_a_time);
    } catch (...) {
      failure.capture();
      next.store(model::kNumVars);
    }
  };
  {
    std::vector<std::jthread> pool;
    pool.reserve(static_cast<std::size_t>(std::max(0, threads - 1)));
    try {
      for (int i = 1; i < std::min(threads, static_cast<int>(model::kNumVars)); ++i) pool.emplace_back(work);
    } catch (const std::system_error&) {
      // No thread to spare: the ones started and this one do it all.
    }
    work();
  }  // joined here
  failure.rethrow_if_any();
}

void ScenarioSummary::finish_variable(int v, SummaryTables::Variable& out, const TrajectoryBlockReader& read) const {
  const auto T = static_cast<std::uint64_t>(times_);
  const std::size_t Q = kQuantiles.size();
  const auto runs = static_cast<std::uint64_t>(count());
  out.quantiles.assign(Q * T, 0.0);
  for (std::uint64_t t0 = 0; t0 < T; t0 += kQuantileTimeBlock) {
    const std::uint64_t w = std::min(kQuantileTimeBlock, T - t0);
    const auto block = streamed_quantiles(
        runs, w, kQuantiles, kQuantileRunBlock,
        [&](std::uint64_t row0, std::uint64_t rows, std::vector<float>& buf) { read(v, row0, rows, t0, w, buf); });
    for (std::size_t k = 0; k < Q; ++k)
      for (std::uint64_t j = 0; j < w; ++j) out.quantiles[k * T + t0 + j] = block[k * w + j];
  }
  for (int t = 0; t < times_; ++t) {
    out.mean.push_back(moments_.mean(v, t));
    out.se.push_back(moments_.standard_error(v, t));
  }
}

void ScenarioSummary::finish_outcomes(SummaryTables& s) const {
  auto put = [](SummaryTables::Probability& p, const Interval& w) {
    p.p.push_back(w.estimate);
    p.lower.push_back(w.lower);
    p.upper.push_back(w.upper);
  };
  s.outcome_by_time.resize(model::kNumOutcomes);
  for (int o = 0; o < model::kNumOutcomes; ++o)
    for (int t = 0; t < times_; ++t)
      put(s.outcome_by_time[static_cast<std::size_t>(o)], outcomes_.probability_by(o, t));
  s.horizons = report_horizons(times_, step_days_);
  for (int o = 0; o < model::kNumOutcomes; ++o)
    for (const double h : s.horizons)
      put(s.outcome_by_horizon, outcomes_.probability_by(o, time_index_at(h, step_days_)));
}

}  // namespace simrun::mc
