#include "app/commands.h"

#include <spdlog/spdlog.h>

#include <signal.h>
#include <unistd.h>
#include <cctype>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>

#include "app/command_support.h"
#include "app/distributed.h"
#include "app/progress.h"
#include "input/json_schema.h"
#include "input/scenario.h"
#include "input/sweep.h"
#include "mc/engine.h"
#include "mc/summary.h"
#include "mc/workload.h"
#include "model/metrics.h"
#include "model/outcomes.h"
#include "output/results_file.h"
#include "output/results_layout.h"
#include "output/results_reader.h"
#include "output/results_writer.h"
#include "util/dates.h"
#include "util/diagnostics.h"
#include "util/random.h"

namespace simrun::app {

namespace fs = std::filesystem;

namespace {

std::atomic<bool> g_interrupted{false};
std::atomic<int> g_signal{0};                 // the first stop signal received
std::atomic<long long> g_first_signal_ns{0};  // when, on the monotonic clock

long long monotonic_ns() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<long long>(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
}

// The first signal asks the engine to stop after the runs in progress; a
// second one, a second or more later, stops at once and removes the
// temporary files (clock_gettime, unlink, write and _exit are
// async-signal-safe). One request may arrive twice at once: timeout(1)
// signals the process and then its process group.
extern "C" void on_stop_signal(int sig) {
  long long unset = 0;
  g_first_signal_ns.compare_exchange_strong(unset, monotonic_ns());
  int first = 0;
  if (g_signal.compare_exchange_strong(first, sig)) {
    g_interrupted.store(true);
    return;
  }
  if (monotonic_ns() - g_first_signal_ns.load() < 1000000000LL) return;
  output::remove_temporaries_now();
  static const char kMessage[] = "simrun: stopped at once by a second signal; temporary files removed\n";
  [[maybe_unused]] const auto ignored = ::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
  ::_exit(128 + first);
}

}  // namespace

const std::atomic<bool>& stop_requested() { return g_interrupted; }

// SIGINT, SIGTERM, SIGHUP (the terminal closed) and SIGQUIT stop a run
// cleanly; commands that write no file keep the default (immediate) exit.
void install_stop_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) ::sigaction(sig, &sa, nullptr);
}

namespace {

// A closed pipe or a file-size limit would kill the process without a word
// (and leave its temporary file); ignored, they become write errors
// (EPIPE, EFBIG) that end in exit code 1 with a message.
void ignore_write_signals() {
  std::signal(SIGPIPE, SIG_IGN);
  std::signal(SIGXFSZ, SIG_IGN);
}

const char* signal_name(int sig) {
  switch (sig) {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    case SIGHUP:
      return "SIGHUP";
    case SIGQUIT:
      return "SIGQUIT";
    default:
      return "a signal";
  }
}

}  // namespace

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

namespace {

// One part of an --out auto name: what filenames take without quoting.
std::string name_part(const std::string& text) {
  std::string out;
  for (const char c : text)
    out += (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '=' || c == '+' || c == '-')
               ? c
               : '_';
  return out;
}

// The name --out auto derives: the default name, then each --set (and
// --vary, --seed) in the order given, so that runs that differ in them get
// different files. The run count is left out: more runs of the same
// scenario estimate the same thing. Long names are cut and made unique by
// a hash of the whole.
std::string auto_name(const std::string& default_name, const Options& o) {
  std::string name = default_name;
  for (const auto& s : o.sets) name.append("_").append(name_part(s));
  for (const auto& v : o.vary) name.append("_vary_").append(name_part(v));
  if (o.seed) name.append("_seed=").append(std::to_string(*o.seed));
  constexpr std::size_t kMax = 200;  // bytes, well below the usual 255 with ".h5" and a temporary prefix
  if (name.size() > kMax) name = name.substr(0, kMax - 17) + fmt::format("_{:016x}", purpose_id(name));
  return name;
}

}  // namespace

// Where the results go, checked before anything is computed: a file name
// (not empty, not a folder), never one of the run's inputs, and nothing but a
// regular file replaced, that only with --force.
fs::path output_path(const Options& o, const std::string& default_name, const std::vector<std::string>& inputs) {
  if (o.out && o.out->empty()) throw UsageError("--out needs a file name, found an empty string");
  const bool derived = !o.out || *o.out == "auto";
  const fs::path out =
      derived ? fs::path("results") / ((o.out ? auto_name(default_name, o) : default_name) + ".h5") : fs::path(*o.out);
  const fs::path name = out.filename();
  if (name.empty() || name == "." || name == "..")
    throw UsageError("--out " + out.string() + " names a folder; --out needs a file name");
  std::error_code ec;
  const fs::file_status st = fs::symlink_status(out, ec);
  if (fs::exists(st)) {
    for (const auto& in : inputs)
      if (fs::equivalent(in, out, ec))
        throw UsageError(out.string() + " is an input of this run (" + in +
                         "); simrun never writes over its inputs, even with --force");
    if (fs::is_directory(st)) throw UsageError(out.string() + " is a directory; --out needs a file name");
    if (!fs::is_regular_file(st))
      throw UsageError(out.string() + " exists and is " + output::describe_file_type(st.type()) +
                       "; simrun replaces only regular files, and only with --force");
    if (!o.force) throw UsageError(out.string() + " exists; pass --force to replace it or --out to write elsewhere");
  }
  const fs::path dir = out.parent_path();
  if (!dir.empty() && !fs::exists(dir)) {
    fs::create_directories(dir, ec);
    if (ec) throw RuntimeFailure("cannot create folder " + dir.string() + ": " + ec.message());
  }
  if (!dir.empty() && !fs::is_directory(dir))
    throw RuntimeFailure("cannot write " + out.string() + ": " + dir.string() + " is not a folder");
  return out;
}

std::vector<std::string> inputs_of(const std::vector<const input::Scenario*>& scenarios) {
  std::vector<std::string> files;
  for (const auto* sc : scenarios) files.insert(files.end(), sc->chain.begin(), sc->chain.end());
  return files;
}

namespace {

std::string fmt_list(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s.empty() ? "(none)" : s;
}

}  // namespace

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

Interrupted::Interrupted() : Interrupted("interrupted") {}
Interrupted::Interrupted(const std::string& message)
    : std::runtime_error(message), signal(g_signal.load() ? g_signal.load() : SIGINT) {}

output::ScenarioRecord record_of(const input::Scenario& sc) {
  return {
      sc.name, sc.description, sc.file, sc.resolved.dump(), sc.chain, sc.sets, format_iso_date(sc.plan.base.start_day)};
}

// Runs `plans` on common random numbers with a progress display; throws
// Interrupted when a signal stops it. Under MPI this is rank 0, which hands
// chunks of runs to the other ranks (they run serve_runs instead).
void run_with_progress(const std::vector<const mc::RunPlan*>& plans, const std::string& label, std::uint64_t runs,
                       std::uint64_t seed, int threads, bool quiet, const mc::BatchSink& sink, double* seconds) {
  Progress progress(label, runs, !quiet);
  mc::EngineOptions eo;
  eo.threads = threads;
  eo.num_runs = runs;
  eo.seed = seed;
  eo.cancel = &g_interrupted;
  eo.progress = [&](std::uint64_t done, std::uint64_t) { progress.update(done); };
  const bool finished = dist::run_batches(plans, eo, sink);
  progress.finish();
  if (!finished) throw Interrupted();
  *seconds = progress.elapsed_seconds();
}

// A worker rank of an MPI job computes what rank 0 hands out, and writes
// and prints nothing (docs/distributed.md).
int serve_runs(const std::vector<const mc::RunPlan*>& plans, std::uint64_t seed, int threads) {
  mc::EngineOptions eo;
  eo.threads = threads;
  eo.seed = seed;
  eo.cancel = &g_interrupted;
  dist::serve_batches(plans, eo);
  return 0;
}

std::string human_bytes(double b) {
  const char* units[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB"};
  int u = 0;
  for (; b >= 1024 && u < 5; ++u) b /= 1024;
  return u == 0 ? fmt::format("{:.0f} {}", b, units[u]) : fmt::format("{:.1f} {}", b, units[u]);
}

// Refuses, before anything runs, a workload the machine cannot finish: more
// than three days of computing (mc/workload.h estimates it short), more
// memory than the machine has, or more data than the output folder can take.
// --allow-large skips the check.
void check_workload(const Options& o, const std::vector<const mc::RunPlan*>& plans, std::uint64_t runs, int threads,
                    const fs::path& out, std::optional<double> file_bytes) {
  if (o.allow_large) return;
  mc::Workload w = mc::estimate_workload(plans, runs, threads);
  if (file_bytes) w.file_bytes = *file_bytes;
  const std::string fix =
      "; lower run.runs (--runs), agents.diaspora.population or run.horizon_days, raise agents.diaspora.scale, or "
      "pass --allow-large to start anyway";
  constexpr double kMaxDays = 3;
  const double days = w.cpu_seconds / threads / 86400;
  if (days > kMaxDays)
    throw UsageError(
        fmt::format("this workload is {:.3g} agent-steps (diaspora agents x steps x runs) and about {:.3g} diaspora "
                    "events: at least {:.0f} days of computing on {}{}",
                    w.agent_steps, w.events, days, count_of(threads, "thread"), fix));
  const double memory = static_cast<double>(::sysconf(_SC_PHYS_PAGES)) * static_cast<double>(::sysconf(_SC_PAGESIZE));
  if (memory > 0 && w.peak_memory > 0.8 * memory)
    throw UsageError(
        fmt::format("this workload needs about {} of memory while it runs; the machine has {} (lower --threads, "
                    "agents.diaspora.population or run.horizon_days, or pass --allow-large)",
                    human_bytes(w.peak_memory), human_bytes(memory)));
  std::error_code ec;
  const fs::path dir = out.parent_path().empty() ? fs::path(".") : out.parent_path();
  const auto space = fs::space(dir, ec);
  if (!ec && w.file_bytes > static_cast<double>(space.available))
    throw UsageError(fmt::format("this workload writes about {}; {} has {} free{}", human_bytes(w.file_bytes),
                                 dir.string(), human_bytes(static_cast<double>(space.available)), fix));
}

void log_scenario(const input::Scenario& sc) {
  spdlog::debug("scenario chain: {}", fmt_list(sc.chain));
  spdlog::debug("--set applied: {}", fmt_list(sc.sets));
  for (const auto& u : sc.plan.uncertain) spdlog::debug("uncertain parameter {} (stream {:016x})", u.name, u.purpose);
  spdlog::debug("trajectories {}, event log {}", sc.store_trajectories ? "stored" : "not stored",
                sc.store_events ? "stored" : "not stored");
}

namespace {

int run_scenario(const Options& o) {
  const input::Scenario sc = input::load_scenario(o.inputs[0], effective_sets(o));
  const model::ModelParams& base = sc.plan.base;
  const fs::path out = output_path(o, sc.name, inputs_of({&sc}));
  const int threads = static_cast<int>(std::min<std::int64_t>(mc::resolve_threads(o.threads), sc.runs));
  check_workload(o, {&sc.plan}, static_cast<std::uint64_t>(sc.runs), threads, out);
  if (dist::is_worker()) return serve_runs({&sc.plan}, sc.seed, threads);
  spdlog::info("{}: {} runs of {} days from {}, seed {}, {} -> {}", sc.name, sc.runs, base.horizon_days,
               format_iso_date(base.start_day), sc.seed, count_of(threads, "thread"), out.string());
  log_scenario(sc);

  const output::Provenance prov = provenance(o, output::kFileTypeResults, threads, sc);
  output::ResultsFile file(out, prov, o.force);
  file.describe_scenario(record_of(sc));
  file.file().set_attr_string("title", "simrun results: " + sc.name + output::with_sets(sc.sets));
  ScenarioOutput result(file.file(), sc.store_trajectories ? file.file() : file.scratch(), sc, prov.runs);
  double seconds = 0;
  run_with_progress(
      {&sc.plan}, sc.name, prov.runs, sc.seed, threads, o.quiet, [&](const mc::Batch& b) { result.add(b.by_plan[0]); },
      &seconds);
  spdlog::info("{}: summarising {} runs (quantiles, probabilities, means)", sc.name, prov.runs);
  result.finish(threads);
  file.commit();
  spdlog::info("{}: {} runs in {:.2f}s ({} runs/s)", sc.name, prov.runs, seconds,
               format_rate(static_cast<double>(prov.runs), seconds));
  if (!o.quiet) std::cout << output::format_summary(output::read_summary(out.string()));
  std::cout << "results: " << out.string() << "\n";
  return 0;
}

namespace {
// "2000 parameter sets of 5 fields, " when the scenario has the block.
std::string parameter_sets_text(const mc::ParameterSets& sets) {
  if (sets.empty()) return "";
  return std::to_string(sets.rows) + " parameter sets of " + std::to_string(sets.columns.size()) + " fields, ";
}
}  // namespace

int validate(const Options& o) {
  const input::Scenario sc = input::load_scenario(o.inputs[0], effective_sets(o));
  log_scenario(sc);
  // The description may hold control characters (\u001b): not for the terminal.
  const std::string first_line = escape_control_characters(sc.description.substr(0, sc.description.find('\n')));
  const model::ModelParams& base = sc.plan.base;
  std::cout << "ok: " << sc.name << " (" << sc.runs << " runs, " << base.horizon_days << " days from "
            << format_iso_date(base.start_day) << ", " << sc.plan.uncertain.size() << " uncertain parameters, "
            << parameter_sets_text(sc.plan.parameter_sets) << base.events.size()
            << (base.events.size() == 1 ? " event): " : " events): ") << first_line << "\n";
  return 0;
}

int summary(const Options& o) {
  std::cout << output::describe_results(o.inputs[0], o.csv);
  return 0;
}

}  // namespace

int run_command(const Options& o) {
  ignore_write_signals();
  try {
    switch (o.command) {
      case Command::Run:
        install_stop_handlers();
        return run_scenario(o);
      case Command::Validate:
        return validate(o);
      case Command::Compare:
        install_stop_handlers();
        return compare(o);
      case Command::Summary:
        return summary(o);
      case Command::Scenario:
        return print_scenario(o);
      case Command::Export:
        return export_per_run(o);
      case Command::Score:
        return score(o);
      case Command::Calibrate:
        install_stop_handlers();
        return calibrate(o);
      case Command::Schema:
        std::cout << (o.sweep_schema ? input::sweep_schema_text() : input::json_schema_text());
        return 0;
      case Command::Sweep:
        install_stop_handlers();
        return sweep(o);
      case Command::Help:
      case Command::Version:
        return 0;
    }
  } catch (const Interrupted& e) {
    if (std::string_view(e.what()) != "interrupted") {
      spdlog::error("interrupted by {}; {}", signal_name(e.signal), e.what());
      return 128 + e.signal;
    }
    spdlog::error("interrupted by {}; no results written (the temporary file was removed)", signal_name(e.signal));
    return 128 + e.signal;
  }
  return 0;
}

}  // namespace simrun::app
