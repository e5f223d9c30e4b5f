#include "app/options.h"

#include <H5public.h>
#include <Eigen/Core>
#include <algorithm>
#include <boost/program_options.hpp>
#include <boost/version.hpp>
#include <map>
#include <optional>
#include <sstream>

#include "input/scenario_spec.h"
#include "util/diagnostics.h"
#include "util/version.h"

namespace simrun::app {

namespace po = boost::program_options;

namespace {

// The ranges of --runs and --seed are those of run.runs and run.seed in the
// scenario format.
const input::Field& run_field(const char* name) { return *input::scenario_spec().member("run")->member(name); }

std::string range_text(const input::Field& f) {
  return std::to_string(static_cast<unsigned long long>(f.min)) + " .. " +
         std::to_string(static_cast<unsigned long long>(f.max));
}

po::options_description visible_options() {
  const std::string runs_help =
      "number of Monte Carlo runs, " + range_text(run_field("runs")) + " (overrides run.runs)";
  const std::string seed_help = "master seed, " + range_text(run_field("seed")) + " (overrides run.seed)";
  const std::string threads_help = "worker threads, 0 .. " + std::to_string(kMaxThreads) + "; 0 uses every core";
  po::options_description d("Options");
  // clang-format off
  d.add_options()
      ("runs,n", po::value<std::string>(), runs_help.c_str())
      ("seed,s", po::value<std::string>(), seed_help.c_str())
      ("threads,t", po::value<std::string>()->default_value("0"), threads_help.c_str())
      ("out,o", po::value<std::string>(), "results file (default results/<scenario name>.h5)")
      ("set", po::value<std::vector<std::string>>()->composing(),
       "override a scenario value: --set actors.RU.hawkishness=0.7 (repeatable)")
      ("force,f", "replace an existing results file (a regular file, never an input)")
      ("no-trajectories", "do not store per-run trajectories (summaries are still computed)")
      ("no-events", "do not store the per-run event log")
      ("allow-large", "start even a workload that exceeds the time, memory or disk limits")
      ("vary", po::value<std::vector<std::string>>()->composing(),
       "sweep a scenario over a grid: --vary PATH=LO:HI:N (N levels) or PATH=V1,V2,... (repeatable)")
      ("dry-run", "sweep: print the design size, total runs and an estimate of time and file size; run nothing")
      ("resume", "sweep: continue an interrupted sweep from OUT.partial (or start one)")
      ("fail-fast", "sweep: stop at the first failed run (default: record it and go on)")
      ("sweep", "schema: print the JSON Schema of sweep files instead")
      ("csv", "summary: print CSV instead of a table")
      ("quiet,q", "only warnings and errors on stderr")
      ("verbose,v", "debug messages on stderr (scenario chain, uncertain parameters, batches)")
      ("help,h", "show this help")
      ("version", "show version, git sha and library versions");
  // clang-format on
  return d;
}

}  // namespace

std::string help_text() {
  std::ostringstream out;
  out << "simrun - agent-based Monte Carlo scenarios of Russia-Azerbaijan relations\n\n"
         "Usage:\n"
         "  simrun SCENARIO.json [options]      run the scenario's replications, write results/<name>.h5\n"
         "  simrun validate SCENARIO.json       check a scenario; print all errors, or ok and a description\n"
         "  simrun compare A.json B.json [options]\n"
         "                                      run both on common random numbers, report paired differences\n"
         "  simrun summary RESULTS.h5 [--csv]   print the summary table of a results file\n"
         "  simrun sweep SWEEP.json [options] [--dry-run] [--resume] [--fail-fast]\n"
         "                                      run a sweep file's design, write results/<name>.h5\n"
         "  simrun sweep SCENARIO.json --vary PATH=LO:HI:N|V1,V2,... [--vary ...] [options]\n"
         "                                      a grid sweep of one scenario (--runs: replications per point)\n"
         "  simrun schema [--sweep]             print the JSON Schema of scenario (or sweep) files\n"
         "  simrun --help | --version\n\n"
      << visible_options()
      << "\nExit codes: 0 success; 2 invalid input or usage; 1 runtime failure (I/O, disk full, out of memory);\n"
         "128 + the signal number when stopped by a signal (130 SIGINT, 129 SIGHUP, 131 SIGQUIT, 143 SIGTERM).\n"
         "Docs: README.md and docs/ (cli.md, scenario-format.md, output-format.md, model.md).\n";
  return out.str();
}

std::string version_text() {
  std::ostringstream out;
  out << "simrun " << kVersion << " (git " << kGitSha << ")\n"
      << "Boost " << BOOST_LIB_VERSION << ", HDF5 " << H5_VERS_MAJOR << "." << H5_VERS_MINOR << "." << H5_VERS_RELEASE
      << ", Eigen " << EIGEN_WORLD_VERSION << "." << EIGEN_MAJOR_VERSION << "." << EIGEN_MINOR_VERSION << "\n";
  return out.str();
}

namespace {

// --help and --version ignore every other argument, even a bad one, so they
// are looked for before Boost parses (and may refuse) the rest.
std::optional<Command> help_or_version(int argc, char** argv) {
  bool version = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--") break;
    if (a == "--help" || a == "-h") return Command::Help;
    version |= a == "--version";
  }
  if (version) return Command::Version;
  return std::nullopt;
}

// Parsed by hand: Boost would wrap "-1" into a huge unsigned number.
unsigned long long whole_number(const std::string& opt, const std::string& text, unsigned long long lo,
                                unsigned long long hi) {
  const bool digits = !text.empty() && text.size() <= 19 &&
                      std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  const unsigned long long v = digits ? std::stoull(text) : 0;
  if (!digits || v < lo || v > hi)
    throw UsageError("--" + opt + " must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi) +
                     ", found \"" + text + "\"");
  return v;
}

unsigned long long spec_number(const po::variables_map& vm, const char* name) {
  const input::Field& f = run_field(name);
  return whole_number(name, vm[name].as<std::string>(), static_cast<unsigned long long>(f.min),
                      static_cast<unsigned long long>(f.max));
}

po::variables_map parse_command_line(int argc, char** argv) {
  po::options_description hidden;
  hidden.add_options()("args", po::value<std::vector<std::string>>(), "positional arguments");
  po::options_description all;
  all.add(visible_options()).add(hidden);
  po::positional_options_description pos;
  pos.add("args", -1);
  // No guessing: "--run" must not silently mean "--runs".
  const int style = po::command_line_style::default_style & ~po::command_line_style::allow_guessing;
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(pos).style(style).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(std::string(e.what()) + " (see simrun --help)");
  }
  return vm;
}

// The command word, if any, and the number of arguments it takes.
void read_arguments(const po::variables_map& vm, Options& o) {
  std::vector<std::string> args =
      vm.count("args") ? vm["args"].as<std::vector<std::string>>() : std::vector<std::string>{};
  static const std::map<std::string, Command> kCommands = {
      {"validate", Command::Validate}, {"sweep", Command::Sweep},   {"compare", Command::Compare},
      {"summary", Command::Summary},   {"schema", Command::Schema}, {"run", Command::Run}};
  if (!args.empty() && kCommands.count(args.front())) {
    o.command = kCommands.at(args.front());
    args.erase(args.begin());
  }
  o.inputs = args;
  const std::size_t wanted = o.command == Command::Compare ? 2 : o.command == Command::Schema ? 0 : 1;
  const char* what = o.command == Command::Summary   ? "a results file (RESULTS.h5)"
                     : o.command == Command::Compare ? "two scenario files (A.json B.json)"
                     : o.command == Command::Sweep   ? "a sweep file (SWEEP.json)"
                                                     : "a scenario file (SCENARIO.json)";
  if (o.inputs.size() < wanted)
    throw UsageError(std::string("missing argument: expected ") + what + " (see simrun --help)");
  if (o.inputs.size() > wanted)
    throw UsageError("unexpected argument \"" + o.inputs[wanted] + "\" (see simrun --help)");
}

// Options that only one command takes are refused elsewhere, so that a
// misplaced one is never silently ignored.
void check_command_options(const Options& o) {
  const bool sweep = o.command == Command::Sweep;
  if (!sweep && (!o.vary.empty() || o.dry_run || o.resume || o.fail_fast))
    throw UsageError("--vary, --dry-run, --resume and --fail-fast are options of simrun sweep");
  if (sweep && (o.no_trajectories || o.no_events))
    throw UsageError(
        "--no-trajectories and --no-events do not apply to sweeps: a sweep keeps each run's record "
        "at the report horizons, never whole trajectories or event logs");
  if (o.sweep_schema && o.command != Command::Schema) throw UsageError("--sweep is an option of simrun schema");
}

}  // namespace

Options parse_options(int argc, char** argv) {
  Options o;
  for (int i = 0; i < argc; ++i) o.command_line.append(i ? " " : "").append(argv[i]);
  if (const auto early = help_or_version(argc, argv)) {
    o.command = *early;
    return o;
  }
  const po::variables_map vm = parse_command_line(argc, argv);
  read_arguments(vm, o);
  if (vm.count("runs")) o.runs = static_cast<long long>(spec_number(vm, "runs"));
  if (vm.count("seed")) o.seed = spec_number(vm, "seed");
  o.threads = static_cast<int>(whole_number("threads", vm["threads"].as<std::string>(), 0, kMaxThreads));
  if (vm.count("out")) o.out = vm["out"].as<std::string>();
  if (vm.count("set")) o.sets = vm["set"].as<std::vector<std::string>>();
  o.force = vm.count("force") > 0;
  o.quiet = vm.count("quiet") > 0;
  o.verbose = vm.count("verbose") > 0;
  if (o.quiet && o.verbose) throw UsageError("--quiet and --verbose exclude each other");
  o.csv = vm.count("csv") > 0;
  o.no_trajectories = vm.count("no-trajectories") > 0;
  o.no_events = vm.count("no-events") > 0;
  o.allow_large = vm.count("allow-large") > 0;
  if (vm.count("vary")) o.vary = vm["vary"].as<std::vector<std::string>>();
  o.dry_run = vm.count("dry-run") > 0;
  o.resume = vm.count("resume") > 0;
  o.fail_fast = vm.count("fail-fast") > 0;
  o.sweep_schema = vm.count("sweep") > 0;
  check_command_options(o);
  return o;
}

}  // namespace simrun::app
