// simrun sweep: runs a design's points on common random numbers, keeps each
// run's record in OUT.partial as it goes (so that --resume can continue
// after any interruption), then writes the results file from those records.
#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>

#include "app/command_support.h"
#include "app/distributed.h"
#include "app/progress.h"
#include "app/sweep_support.h"
#include "input/scenario.h"
#include "input/sweep.h"
#include "mc/summary.h"
#include "mc/sweep.h"
#include "output/results_reader.h"
#include "output/sweep_file.h"
#include "util/diagnostics.h"
#include "util/random.h"
#include "util/version.h"

namespace simrun::app {

namespace fs = std::filesystem;

namespace {

input::Sweep load(const Options& o) {
  input::Sweep sw = o.vary.empty() ? input::load_sweep(o.inputs[0]) : input::sweep_from_vary(o.inputs[0], o.vary);
  apply_command_line(o, sw);
  return sw;
}

std::string hex(std::uint64_t v) { return fmt::format("{:016x}", v); }

output::SweepFingerprint fingerprint_of(const input::Sweep& sw, const input::ScenarioTemplate& tpl) {
  std::string scenario;
  for (std::size_t i = 0; i < tpl.chain().size(); ++i)
    scenario.append(tpl.chain()[i]).append("\n").append(tpl.texts()[i]);
  return {hex(purpose_id(sw.resolved.dump())), hex(purpose_id(scenario)),
          std::string(kVersion) + " (git " + kGitSha + ")"};
}

// What must match for --resume, with a message naming what changed.
void check_fingerprint(const output::SweepFingerprint& was, const output::SweepFingerprint& now,
                       const fs::path& state) {
  auto refuse = [&](const std::string& what) {
    throw UsageError("cannot resume from " + state.string() + ": " + what +
                     " changed since the sweep started; run it again without --resume and with --force to start "
                     "over, or restore what changed");
  };
  if (was.sweep != now.sweep) refuse("the sweep (its file, --vary, --runs, --seed or --set)");
  if (was.scenario != now.scenario) refuse("the base scenario or a file of its extends chain");
  if (was.program != now.program) refuse("the program (simrun " + was.program + " then, " + now.program + " now)");
}

}  // namespace

// --runs is the replications per point, --seed the seed, --set adds to the
// sweep's own assignments.
void apply_command_line(const Options& o, input::Sweep& sw) {
  if (o.runs) sw.replications = *o.runs;
  if (o.seed) sw.seed = *o.seed;
  sw.sets.insert(sw.sets.end(), o.sets.begin(), o.sets.end());
  sw.resolved["replications"] = sw.replications;
  sw.resolved["seed"] = sw.seed;
  sw.resolved["set"] = sw.sets;
}

output::SweepHeader header_of(const SweepContext& c) {
  output::SweepHeader h;
  h.name = c.sweep.name;
  h.description = c.sweep.description;
  h.sweep_file = c.sweep.file;
  h.sweep_json = c.sweep.resolved.dump();
  for (const auto& f : c.sweep.factors) {
    h.factor_names.push_back(f.name);
    h.factor_paths.push_back(f.path);
    h.factor_units.push_back(input::factor_units(f.path));
  }
  h.design = &c.sweep.design;
  h.replications = static_cast<std::uint64_t>(c.sweep.replications);
  h.seed = c.sweep.seed;
  h.horizons = c.horizons;
  h.outcomes = c.sweep.outcomes;
  h.metrics = c.sweep.metrics;
  h.fingerprint = fingerprint_of(c.sweep, c.tpl);
  return h;
}

// The plan of a design point: the base scenario with the point's values set,
// exactly as `simrun SCENARIO --set ...` would build it.
mc::RunPlan plan_of(const SweepContext& c, std::size_t point) {
  std::vector<std::string> sets;
  for (std::size_t i = 0; i < c.sweep.factors.size(); ++i)
    sets.push_back(input::factor_assignment(c.sweep.factors[i], c.sweep.design.value(point, i)));
  input::Scenario sc = c.tpl.instantiate(sets);
  const auto& b = c.base.plan.base;
  if (sc.plan.base.step_days != b.step_days || sc.plan.base.horizon_days != b.horizon_days)
    throw std::runtime_error(
        "this point changes run.step_days or run.horizon_days; every point of a sweep needs the "
        "base scenario's");
  return std::move(sc.plan);
}

namespace {

// Pilot runs for --dry-run: a few runs of the first points, timed.
double seconds_per_run(const SweepContext& c) {
  mc::SweepJob job;
  job.points = std::min<std::size_t>(c.sweep.design.points, 4);
  job.replications = std::min<std::uint64_t>(static_cast<std::uint64_t>(c.sweep.replications), 2);
  job.seed = c.sweep.seed;
  job.horizons = c.horizons;
  mc::SweepOptions so;
  so.threads = 1;
  const auto start = std::chrono::steady_clock::now();
  mc::run_sweep(
      job, [&](std::size_t p) { return plan_of(c, p); }, so, [](auto) {});
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return s / static_cast<double>(job.total_runs());
}

// Bytes per run of the records and the run table, before compression.
double bytes_per_run(std::size_t horizons) {
  return 8.0 * (int{model::kNumOutcomes} + int{model::kNumMetrics}) +
         4.0 * int{model::kNumVars} * static_cast<double>(horizons) + 5;
}

int dry_run(const SweepContext& c, int threads, const fs::path& out) {
  const auto& d = c.sweep.design;
  const std::uint64_t runs = static_cast<std::uint64_t>(d.points) * static_cast<std::uint64_t>(c.sweep.replications);
  const double per_run = seconds_per_run(c);
  const double seconds = per_run * static_cast<double>(runs) / threads;
  std::cout << "sweep " << c.sweep.name << ": " << mc::design_kind_name(d.kind) << " design, " << d.points
            << " points x " << c.sweep.replications << " replications = " << runs << " runs of " << c.base.name << "\n";
  for (std::size_t i = 0; i < c.sweep.factors.size(); ++i)
    std::cout << "  factor " << c.sweep.factors[i].name << ": " << c.sweep.factors[i].path << "\n";
  std::cout << fmt::format("estimate: {:.3g} s per run (pilot of a few runs), about {} on {}\n", per_run,
                           format_duration(seconds), count_of(threads, "thread"))
            << "file: about " << human_bytes(bytes_per_run(c.horizons.size()) * static_cast<double>(runs))
            << " of run records before compression, written to " << out.string() << "\n"
            << "nothing was run or written (--dry-run)\n";
  return 0;
}

}  // namespace

output::SweepState open_state(const Options& o, const SweepContext& c, const fs::path& state_path,
                              std::vector<mc::RunStatus>& status) {
  std::error_code ec;
  if (fs::exists(fs::symlink_status(state_path, ec))) {
    if (o.resume) {
      output::SweepState st = output::SweepState::open(state_path);
      check_fingerprint(st.fingerprint(), c.header.fingerprint, state_path);
      status = st.status();
      return st;
    }
    if (!o.force)
      throw UsageError(state_path.string() +
                       " holds an interrupted sweep: pass --resume to continue it, or --force to start over");
    if (!fs::is_regular_file(fs::symlink_status(state_path, ec)))
      throw UsageError(state_path.string() + " is not a regular file; simrun does not replace it");
    fs::remove(state_path, ec);
  } else if (o.resume) {
    spdlog::info("{}: no interrupted sweep to resume; starting", state_path.string());
  }
  return output::SweepState::create(state_path, c.header);
}

namespace {

mc::SweepJob job_of(const SweepContext& c, std::vector<mc::RunStatus> status) {
  mc::SweepJob job;
  job.points = c.sweep.design.points;
  job.replications = static_cast<std::uint64_t>(c.sweep.replications);
  job.seed = c.sweep.seed;
  job.horizons = c.horizons;
  job.status = std::move(status);
  return job;
}

}  // namespace

int serve_sweep(const SweepContext& c, int threads, const RunFeatures& features) {
  mc::SweepOptions so;
  so.threads = threads;
  so.cancel = &stop_requested();
  so.features = features;
  dist::serve_sweep(
      job_of(c, {}), [&](std::size_t p) { return plan_of(c, p); }, so);
  return 0;
}

// Runs what is pending, recording each batch in the state file.
void run_pending(const Options& o, const SweepContext& c, output::SweepState& state, const fs::path& state_path,
                 std::vector<mc::RunStatus> status, int threads, const RunFeatures& features) {
  const mc::SweepJob job = job_of(c, std::move(status));
  const std::uint64_t pending = job.pending_runs(), total = job.total_runs();
  if (pending < total) spdlog::info("{}: resuming, {} of {} runs to go", c.sweep.name, pending, total);
  Progress progress("sweep " + c.sweep.name, pending, !o.quiet);
  mc::SweepOptions so;
  so.threads = threads;
  so.cancel = &stop_requested();
  so.features = features;
  std::size_t points_done = 0;  // points before the last recorded one are complete
  so.progress = [&](std::uint64_t done, std::uint64_t failed, std::uint64_t) {
    const std::string rate = format_rate(static_cast<double>(done), progress.elapsed_seconds());
    progress.update(done, fmt::format("{}/{} points, {} failed, {} runs/s", points_done, job.points, failed, rate));
  };
  const bool finished = dist::run_sweep(
      job, [&](std::size_t p) { return plan_of(c, p); }, so,
      [&](auto records) {
        state.record(records);
        points_done =
            records.back().replication + 1 == job.replications ? records.back().point + 1 : records.back().point;
        if (!o.fail_fast) return;
        for (const auto& r : records)
          if (r.status == mc::RunStatus::Failed)
            throw RuntimeFailure(
                fmt::format("run {} of point {} failed: {}; stopped (--fail-fast). Finished runs are "
                            "kept in {}: --resume continues",
                            r.replication, r.point, r.error, state_path.string()));
      });
  progress.finish();
  if (!finished)
    throw Interrupted("finished runs are kept in " + state_path.string() +
                      "; run the same command with --resume to continue");
}

void write_results(const Options& o, const SweepContext& c, output::SweepState& state, const fs::path& out, int threads,
                   const std::function<void(const h5::File&)>& extra) {
  output::ResultsFile file(out, provenance(o, output::kFileTypeSweep, threads, c.base), o.force);
  file.describe_scenario(record_of(c.base));
  file.file().set_attr_int64("runs", static_cast<std::int64_t>(c.sweep.design.points * c.sweep.replications));
  file.file().set_attr_int64("seed", static_cast<std::int64_t>(c.sweep.seed));
  output::describe_sweep(file.file(), c.header);
  output::SweepWriter writer(file.file(), c.header);
  std::vector<mc::SweepOutput> outputs;
  for (const int code : c.sweep.outcomes)
    for (std::size_t h = 0; h < c.horizons.size(); ++h) outputs.push_back({mc::SweepOutput::Kind::Outcome, code, h});
  for (const int code : c.sweep.metrics) outputs.push_back({mc::SweepOutput::Kind::Metric, code, 0});
  std::vector<std::vector<double>> values(outputs.size(), std::vector<double>(c.sweep.design.points));
  mc::PointRuns runs;
  std::string error;
  std::int64_t failed = 0;
  for (std::size_t p = 0; p < c.sweep.design.points; ++p) {
    state.read_point(p, runs, error);
    const mc::PointSummary s = mc::summarize_point(runs, c.horizons, c.base.plan.base.step_days);
    failed += s.failed;
    writer.write_point(p, runs, error, s);
    for (std::size_t k = 0; k < outputs.size(); ++k) values[k][p] = mc::output_value(outputs[k], s, c.horizons.size());
  }
  if (c.sweep.design.saltelli || c.sweep.design.morris) {
    spdlog::info("{}: sensitivity indices of {} outputs (bootstrap of 1000 resamples)", c.sweep.name, outputs.size());
    mc::BootstrapOptions bo;
    bo.seed = c.sweep.seed;
    writer.write_indices(mc::sweep_indices(c.sweep.design, outputs, values, bo));
  }
  if (extra) extra(file.file());
  writer.finish();
  file.commit();
  if (failed > 0)
    spdlog::warn(
        "{}: {} runs failed; the summaries leave them out (runs/status says which, the runs group's attribute errors "
        "why)",
        c.sweep.name, failed);
}

int sweep(const Options& o) {
  input::Sweep sw = load(o);
  input::ScenarioTemplate tpl(sw.scenario, sw.sets);
  input::Scenario base = tpl.instantiate({});
  SweepContext c{std::move(sw), std::move(tpl), std::move(base), {}, {}};
  c.horizons = mc::report_horizons(c.base.plan.num_times(), c.base.plan.base.step_days);
  c.header = header_of(c);
  const std::uint64_t total =
      static_cast<std::uint64_t>(c.sweep.design.points) * static_cast<std::uint64_t>(c.sweep.replications);
  const int threads = static_cast<int>(std::min<std::uint64_t>(
      static_cast<std::uint64_t>(mc::resolve_threads(o.threads)), std::max<std::uint64_t>(1, total)));
  if (o.dry_run) return dry_run(c, threads, o.out ? fs::path(*o.out) : fs::path("results") / (c.sweep.name + ".h5"));
  std::vector<std::string> inputs = c.tpl.chain();
  if (!c.sweep.file.empty()) inputs.push_back(c.sweep.file);
  const fs::path out = output_path(o, c.sweep.name, inputs);
  // The state file and the results file both hold every run's record.
  check_workload(o, {&c.base.plan}, total, threads, out,
                 2 * bytes_per_run(c.horizons.size()) * static_cast<double>(total));
  if (dist::is_worker()) return serve_sweep(c, threads, {});
  spdlog::info("{}: {} design of {} points x {} replications of {}, seed {}, {} -> {}", c.sweep.name,
               mc::design_kind_name(c.sweep.design.kind), c.sweep.design.points, c.sweep.replications, c.base.name,
               c.sweep.seed, count_of(threads, "thread"), out.string());
  const fs::path state_path = output::sweep_state_path(out);
  std::vector<mc::RunStatus> status;
  output::SweepState state = open_state(o, c, state_path, status);
  run_pending(o, c, state, state_path, std::move(status), threads, {});
  spdlog::info("{}: summarising {} points", c.sweep.name, c.sweep.design.points);
  write_results(o, c, state, out, threads, {});
  state.close();
  std::error_code ec;
  fs::remove(state_path, ec);
  if (!o.quiet) std::cout << output::describe_results(out.string(), false);
  std::cout << "results: " << out.string() << "\n";
  return 0;
}

}  // namespace simrun::app
