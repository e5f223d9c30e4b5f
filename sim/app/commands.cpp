#include "app/commands.h"

#include <spdlog/spdlog.h>

#include <cmath>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "app/progress.h"
#include "input/json_schema.h"
#include "input/scenario.h"
#include "mc/engine.h"
#include "mc/summary.h"
#include "model/metrics.h"
#include "model/outcomes.h"
#include "output/results_file.h"
#include "output/results_layout.h"
#include "output/results_reader.h"
#include "output/results_writer.h"
#include "util/dates.h"
#include "util/diagnostics.h"

namespace simrun::app {

namespace fs = std::filesystem;

namespace {

std::atomic<bool> g_interrupted{false};
extern "C" void on_signal(int) { g_interrupted.store(true); }

void install_signal_handlers() {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
}

// --runs, --seed and the storage switches become --set assignments, so the
// resolved scenario stored in the results file records what actually ran.
std::vector<std::string> effective_sets(const Options& o) {
  std::vector<std::string> sets = o.sets;
  if (o.runs) sets.push_back("run.runs=" + std::to_string(*o.runs));
  if (o.seed) sets.push_back("run.seed=" + std::to_string(*o.seed));
  if (o.no_trajectories) sets.push_back("run.trajectories=false");
  if (o.no_events) sets.push_back("run.event_log=false");
  return sets;
}

fs::path output_path(const Options& o, const std::string& default_name) {
  fs::path out = o.out.empty() ? fs::path("results") / (default_name + ".h5") : fs::path(o.out);
  if (fs::is_directory(out)) throw UsageError(out.string() + " is a directory; --out needs a file name");
  if (fs::exists(out) && !o.force)
    throw UsageError(out.string() + " exists; pass --force to replace it or --out to write elsewhere");
  const fs::path dir = out.parent_path();
  if (!dir.empty() && !fs::exists(dir)) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw RuntimeFailure("cannot create folder " + dir.string() + ": " + ec.message());
  }
  return out;
}

std::string fmt_list(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s.empty() ? "(none)" : s;
}

std::string fmt_days(double d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", d);
  return buf;
}

output::Provenance provenance(const Options& o, const char* file_type, int threads, const input::Scenario& sc) {
  output::Provenance prov;
  prov.file_type = file_type;
  prov.command_line = o.command_line;
  prov.threads = threads;
  prov.seed = sc.seed;
  prov.runs = static_cast<std::uint64_t>(sc.runs);
  prov.start_time = output::now_iso8601();
  return prov;
}

class Interrupted : public std::runtime_error {
 public:
  Interrupted() : std::runtime_error("interrupted") {}
};

int run_scenario(const Options& o) {
  const input::Scenario sc = input::load_scenario(o.inputs[0], effective_sets(o));
  const fs::path out = output_path(o, sc.name);
  const int threads = static_cast<int>(std::min<std::int64_t>(mc::resolve_threads(o.threads), sc.runs));
  spdlog::info("{}: {} runs of {} days from {}, seed {}, {} threads -> {}", sc.name, sc.runs, sc.base.horizon_days,
               format_iso_date(sc.base.start_day), sc.seed, threads, out.string());

  spdlog::debug("scenario chain: {}", fmt_list(sc.chain));
  spdlog::debug("--set applied: {}", fmt_list(sc.sets));
  for (const auto& u : sc.uncertain) spdlog::debug("uncertain parameter {} (stream param:{})", u.pointer, u.stream);
  spdlog::debug("trajectories {}, event log {}", sc.store_trajectories ? "stored" : "not stored",
                sc.store_events ? "stored" : "not stored");

  const output::Provenance prov = provenance(o, output::kFileTypeResults, threads, sc);
  output::ResultsFile file(out, prov);
  file.describe_scenario(sc);
  const h5::Group* scratch = sc.store_trajectories ? &file.file() : &file.scratch();
  output::GroupWriter writer(file.file(), *scratch, sc, prov.runs);

  Progress progress(sc.name, prov.runs, !o.quiet);
  mc::EngineOptions eo;
  eo.threads = threads;
  eo.num_runs = prov.runs;
  eo.seed = sc.seed;
  eo.cancel = &g_interrupted;
  eo.progress = [&](std::uint64_t done, std::uint64_t total) {
    (void)total;
    progress.update(done);
  };
  const bool finished = mc::run_batches({&sc}, eo, [&](const mc::Batch& b) { writer.write_batch(b.by_scenario[0]); });
  progress.finish();
  if (!finished) throw Interrupted();
  spdlog::info("{}: summarising {} runs (quantiles, probabilities, means)", sc.name, prov.runs);
  writer.finish();
  file.commit();
  spdlog::info("{}: {} runs in {:.2f}s ({:.0f} runs/s)", sc.name, prov.runs, progress.elapsed_seconds(),
               static_cast<double>(prov.runs) / std::max(1e-9, progress.elapsed_seconds()));
  if (!o.quiet) std::cout << output::format_summary(output::read_summary(out.string()));
  std::cout << "results: " << out.string() << "\n";
  return 0;
}

int validate(const Options& o) {
  const input::Scenario sc = input::load_scenario(o.inputs[0], effective_sets(o));
  // The description may hold control characters (\u001b): not for the terminal.
  const std::string first_line = escape_control_characters(sc.description.substr(0, sc.description.find('\n')));
  std::cout << "ok: " << sc.name << " (" << sc.runs << " runs, " << sc.base.horizon_days << " days from "
            << format_iso_date(sc.base.start_day) << ", " << sc.uncertain.size() << " uncertain parameters, "
            << sc.base.events.size() << (sc.base.events.size() == 1 ? " event): " : " events): ") << first_line << "\n";
  return 0;
}

int compare(const Options& o) {
  const auto sets = effective_sets(o);
  const input::Scenario a = input::load_scenario(o.inputs[0], sets);
  // B runs with A's run count and seed so that run i of each shares streams.
  std::vector<std::string> bsets;
  for (const auto& set : sets)
    if (set.rfind("run.runs=", 0) != 0 && set.rfind("run.seed=", 0) != 0) bsets.push_back(set);
  bsets.push_back("run.runs=" + std::to_string(a.runs));
  bsets.push_back("run.seed=" + std::to_string(a.seed));
  const input::Scenario b = input::load_scenario(o.inputs[1], bsets);
  if (a.base.step_days != b.base.step_days || a.base.horizon_days != b.base.horizon_days)
    throw UsageError("compare needs the same step_days and horizon_days in both scenarios (" + a.name + ": " +
                     fmt_days(a.base.step_days) + "-day steps for " + fmt_days(a.base.horizon_days) + " days, " +
                     b.name + ": " + fmt_days(b.base.step_days) + "-day steps for " + fmt_days(b.base.horizon_days) +
                     " days)");
  const fs::path out = output_path(o, "compare_" + a.name + "_vs_" + b.name);
  const int threads = static_cast<int>(std::min<std::int64_t>(mc::resolve_threads(o.threads), a.runs));

  const output::Provenance prov = provenance(o, output::kFileTypeComparison, threads, a);
  output::ResultsFile file(out, prov);
  file.describe_scenario(a, "a_");
  file.describe_scenario(b, "b_");
  const h5::Group ga = file.file().create_group("a");
  const h5::Group gb = file.file().create_group("b");
  const h5::Group sa = file.scratch().create_group("a");
  const h5::Group sb = file.scratch().create_group("b");
  output::GroupWriter wa(ga, a.store_trajectories ? ga : sa, a, prov.runs);
  output::GroupWriter wb(gb, b.store_trajectories ? gb : sb, b, prov.runs);

  mc::PairedTables pt(a.num_times(), a.base.step_days);

  Progress progress("compare " + a.name + " vs " + b.name, prov.runs, !o.quiet);
  mc::EngineOptions eo;
  eo.threads = threads;
  eo.num_runs = prov.runs;
  eo.seed = a.seed;
  eo.cancel = &g_interrupted;
  eo.progress = [&](std::uint64_t done, std::uint64_t) { progress.update(done); };
  const bool finished = mc::run_batches({&a, &b}, eo, [&](const mc::Batch& batch) {
    wa.write_batch(batch.by_scenario[0]);
    wb.write_batch(batch.by_scenario[1]);
    for (std::size_t i = 0; i < batch.count; ++i)
      pt.add(batch.by_scenario[0][i].output, batch.by_scenario[1][i].output);
  });
  progress.finish();
  if (!finished) throw Interrupted();
  wa.finish();
  wb.finish();

  output::write_differences(file.file(), pt);
  file.commit();

  // Printed from the file just written, so that `simrun summary` of the
  // file says exactly the same.
  if (!o.quiet) std::cout << output::describe_results(out.string(), false);
  std::printf("results: %s\n", out.string().c_str());
  return 0;
}

int summary(const Options& o) {
  std::cout << output::describe_results(o.inputs[0], o.csv);
  return 0;
}

}  // namespace

int run_command(const Options& o) {
  install_signal_handlers();
  try {
    switch (o.command) {
      case Command::Run:
        return run_scenario(o);
      case Command::Validate:
        return validate(o);
      case Command::Compare:
        return compare(o);
      case Command::Summary:
        return summary(o);
      case Command::Schema:
        std::cout << input::json_schema_text();
        return 0;
      case Command::Sweep:
        throw UsageError(
            "simrun sweep is not implemented yet (planned: grid, Latin hypercube, Sobol, Morris designs "
            "with resume); run single scenarios with --set for now");
      case Command::Help:
      case Command::Version:
        return 0;
    }
  } catch (const Interrupted&) {
    spdlog::error("interrupted; no results written (the temporary file was removed)");
    return 130;
  }
  return 0;
}

}  // namespace simrun::app
