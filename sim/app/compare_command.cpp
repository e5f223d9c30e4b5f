// simrun compare: B against A on common random numbers. Each side is a
// scenario run now or a results file whose stored runs are reused; runs
// stay paired because run i of every side uses the streams of run i under
// one seed, so a stored side fixes the run count and seed of the other.
#include <spdlog/spdlog.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>

#include "app/command_support.h"
#include "app/distributed.h"
#include "app/progress.h"
#include "input/scenario.h"
#include "mc/engine.h"
#include "mc/summary.h"
#include "mc/workload.h"
#include "output/h5.h"
#include "output/results_file.h"
#include "output/results_layout.h"
#include "output/results_reader.h"
#include "output/results_writer.h"
#include "util/diagnostics.h"
#include "util/text.h"

namespace simrun::app {

namespace fs = std::filesystem;

namespace {

std::string fmt_days(double d) { return fmt::format("{:g}", d); }

// One side of a comparison: a scenario run now, or the runs of a results file.
struct Side {
  std::string path;
  std::optional<input::Scenario> scenario;
  std::optional<output::StoredRuns> stored;
  double step_days = 1, horizon_days = 0;

  const std::string& name() const { return scenario ? scenario->name : stored->name; }
  long long runs() const { return scenario ? scenario->runs : stored->runs; }
  unsigned long long seed() const { return scenario ? scenario->seed : static_cast<unsigned long long>(stored->seed); }
  output::ScenarioRecord record() const {
    if (scenario) return record_of(*scenario);
    const auto& s = *stored;
    return {s.name, s.description, s.scenario_file, s.scenario_json, s.chain, s.sets, s.start_date};
  }
};

// The step and horizon a stored scenario ran with, from its resolved JSON.
void read_time_grid(Side& side) {
  try {
    const auto doc = nlohmann::json::parse(side.stored->scenario_json);
    side.step_days = doc.at("run").at("step_days").get<double>();
    side.horizon_days = doc.at("run").at("horizon_days").get<double>();
  } catch (const nlohmann::json::exception& e) {
    throw InputError(Diagnostic{side.path, 0, 0, "/scenario",
                                std::string("damaged results file: no run.step_days and run.horizon_days in the "
                                            "stored scenario: ") +
                                    e.what()});
  }
}

Side stored_side(const std::string& path) {
  Side s;
  s.path = path;
  s.stored = output::read_stored_runs(path);
  read_time_grid(s);
  return s;
}

// A stored side fixes the runs and seed; an explicit --runs or --seed that
// differs cannot be honoured without breaking the pairing.
void check_options_fit(const Options& o, const Side& stored) {
  auto refuse = [&](const std::string& what, const std::string& given, const std::string& has) {
    throw UsageError("cannot pair with " + stored.path + ": " + what + " " + given + " was asked for, but its runs " +
                     "were made with " + has + "; drop the option (the scenario side takes the file's " + what +
                     ") or compare scenario files");
  };
  if (o.runs && *o.runs != stored.runs()) refuse("--runs", std::to_string(*o.runs), std::to_string(stored.runs()));
  if (o.seed && *o.seed != stored.seed()) refuse("--seed", std::to_string(*o.seed), std::to_string(stored.seed()));
}

// The scenario side, with the other side's run count and seed when given.
Side scenario_side(const std::string& path, std::vector<std::string> sets, const Side* partner) {
  if (partner) {
    std::erase_if(sets,
                  [](const std::string& s) { return s.rfind("run.runs=", 0) == 0 || s.rfind("run.seed=", 0) == 0; });
    sets.push_back("run.runs=" + std::to_string(partner->runs()));
    sets.push_back("run.seed=" + std::to_string(partner->seed()));
  }
  Side s;
  s.path = path;
  s.scenario = input::load_scenario(path, sets);
  s.step_days = s.scenario->plan.base.step_days;
  s.horizon_days = s.scenario->plan.base.horizon_days;
  return s;
}

// Loads A and B: B (or a scenario beside a results file) takes the run
// count and seed of A (of the results file).
std::pair<Side, Side> load_sides(const Options& o) {
  const bool a_stored = is_hdf5_file(o.inputs[0]), b_stored = is_hdf5_file(o.inputs[1]);
  const auto sets = effective_sets(o);
  if (a_stored && b_stored) {
    if (!o.sets.empty() || o.no_trajectories || o.no_events)
      throw UsageError("--set, --no-trajectories and --no-events change scenarios run now; " + o.inputs[0] + " and " +
                       o.inputs[1] + " are both results files, whose runs are reused as stored");
    Side a = stored_side(o.inputs[0]), b = stored_side(o.inputs[1]);
    check_options_fit(o, a);
    if (a.runs() != b.runs() || a.seed() != b.seed())
      throw UsageError(fmt::format(
          "cannot pair the runs of {} ({} runs, seed {}) with those of {} ({} runs, seed {}): paired runs need the "
          "same run count and seed; run one of the scenarios again with the other's --runs and --seed",
          a.path, a.runs(), a.seed(), b.path, b.runs(), b.seed()));
    return {std::move(a), std::move(b)};
  }
  if (a_stored) {
    Side a = stored_side(o.inputs[0]);
    check_options_fit(o, a);
    Side b = scenario_side(o.inputs[1], sets, &a);
    return {std::move(a), std::move(b)};
  }
  if (b_stored) {
    Side b = stored_side(o.inputs[1]);
    check_options_fit(o, b);
    Side a = scenario_side(o.inputs[0], sets, &b);
    return {std::move(a), std::move(b)};
  }
  Side a = scenario_side(o.inputs[0], sets, nullptr);
  Side b = scenario_side(o.inputs[1], sets, &a);
  return {std::move(a), std::move(b)};
}

void check_time_grids(const Side& a, const Side& b) {
  if (a.step_days != b.step_days || a.horizon_days != b.horizon_days)
    throw UsageError("compare needs the same step_days and horizon_days in both scenarios (" + a.name() + ": " +
                     fmt_days(a.step_days) + "-day steps for " + fmt_days(a.horizon_days) + " days, " + b.name() +
                     ": " + fmt_days(b.step_days) + "-day steps for " + fmt_days(b.horizon_days) + " days)");
}

// Run `run` of a stored side as the pairing sees it: first passages and metrics.
mc::RunResult stored_run(const output::StoredRuns& s, std::size_t run) {
  mc::RunResult r;
  r.run = run;
  for (std::size_t k = 0; k < s.first_passage.size(); ++k) r.output.first_passage[k] = s.first_passage[k][run];
  for (std::size_t k = 0; k < s.metrics.size(); ++k) r.metrics[k] = s.metrics[k][run];
  return r;
}

// A stored side's whole results layout, copied into group `dest` of the
// comparison file as the runs left it.
void copy_stored(const Side& side, const h5::Group& dest) {
  const h5::File src = h5::File::open_read(side.path);
  for (const auto& name : src.member_names()) src.copy_member(name, dest, name);
}

std::vector<std::string> inputs_of_sides(const Side& a, const Side& b) {
  std::vector<std::string> files;
  for (const Side* s : {&a, &b}) {
    if (s->scenario) files.insert(files.end(), s->scenario->chain.begin(), s->scenario->chain.end());
    if (s->stored) files.push_back(s->path);
  }
  return files;
}

std::string side_sets_title(const Side& a, const Side& b) {
  return "simrun comparison: " + a.name() + output::with_sets(a.record().sets) + " vs " + b.name() +
         output::with_sets(b.record().sets);
}

}  // namespace

int compare(const Options& o) {
  // Named references, not a structured binding: clang 14 (the fuzz build)
  // cannot capture structured bindings in the lambda below.
  std::pair<Side, Side> sides = load_sides(o);
  Side& a = sides.first;
  Side& b = sides.second;
  check_time_grids(a, b);
  const fs::path out = output_path(o, "compare_" + a.name() + "_vs_" + b.name(), inputs_of_sides(a, b));
  const auto runs = static_cast<std::uint64_t>(a.runs());
  std::vector<const mc::RunPlan*> plans;
  for (const Side* s : {&a, &b})
    if (s->scenario) plans.push_back(&s->scenario->plan);
  const int threads = static_cast<int>(std::min<std::int64_t>(mc::resolve_threads(o.threads), a.runs()));
  if (!plans.empty()) check_workload(o, plans, runs, threads, out);
  // Stored sides are read by rank 0 alone; workers only compute runs.
  if (dist::is_worker()) return plans.empty() ? 0 : serve_runs(plans, a.seed(), threads);
  for (const Side* s : {&a, &b})
    if (s->stored) spdlog::info("{}: reusing the {} stored runs of {} (seed {})", s->name(), runs, s->path, s->seed());

  output::Provenance prov;
  prov.file_type = output::kFileTypeComparison;
  prov.command_line = o.command_line;
  prov.threads = threads;
  prov.seed = a.seed();
  prov.runs = runs;
  prov.start_time = output::now_iso8601();
  output::ResultsFile file(out, prov, o.force);
  file.describe_scenario(a.record(), "a_");
  file.describe_scenario(b.record(), "b_");
  file.file().set_attr_string("title", side_sets_title(a, b));
  for (const auto& [side, prefix] : {std::pair{&a, "a_"}, std::pair{&b, "b_"}})
    if (side->stored) file.file().set_attr_string(std::string(prefix) + "results_file", side->path);

  const h5::Group ga = file.file().create_group("a");
  const h5::Group gb = file.file().create_group("b");
  std::optional<ScenarioOutput> ra, rb;
  if (a.scenario) ra.emplace(ga, file.scratch().create_group("a"), *a.scenario, runs);
  if (b.scenario) rb.emplace(gb, file.scratch().create_group("b"), *b.scenario, runs);
  if (a.stored) copy_stored(a, ga);
  if (b.stored) copy_stored(b, gb);

  // The model's own step count (ModelParams::steps), for stored sides too.
  const int num_times = a.scenario   ? a.scenario->plan.num_times()
                        : b.scenario ? b.scenario->plan.num_times()
                                     : static_cast<int>(a.horizon_days / a.step_days + 1e-9) + 1;
  mc::PairedTables pt(num_times, a.step_days);
  if (plans.empty()) {
    for (std::size_t i = 0; i < runs; ++i) pt.add(stored_run(*a.stored, i), stored_run(*b.stored, i));
  } else {
    // The scenarios run now are plans 0 (and 1); a stored side is read per run.
    const std::size_t b_plan = a.scenario ? 1 : 0;
    double seconds = 0;
    run_with_progress(
        plans, "compare " + a.name() + " vs " + b.name(), runs, a.seed(), threads, o.quiet,
        [&](const mc::Batch& batch) {
          if (ra) ra->add(batch.by_plan[0]);
          if (rb) rb->add(batch.by_plan[b_plan]);
          for (std::size_t i = 0; i < batch.count; ++i) {
            const std::size_t run = batch.first + i;
            pt.add(ra ? batch.by_plan[0][i] : stored_run(*a.stored, run),
                   rb ? batch.by_plan[b_plan][i] : stored_run(*b.stored, run));
          }
        },
        &seconds);
  }
  if (ra) ra->finish(threads);
  if (rb) rb->finish(threads);
  output::write_differences(file.file(), pt);
  file.commit();

  // Printed from the file just written, so that `simrun summary` of the
  // file says exactly the same.
  if (!o.quiet) std::cout << output::describe_results(out.string(), false);
  std::printf("results: %s\n", out.string().c_str());
  return 0;
}

}  // namespace simrun::app
