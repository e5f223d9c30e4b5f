#include "app/options.h"

#include <H5public.h>
#include <Eigen/Core>
#include <algorithm>
#include <boost/program_options.hpp>
#include <boost/shared_ptr.hpp>
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
      ("out,o", po::value<std::string>(),
       "the file to write (run: results/<scenario name>.h5; scenario, export: standard output); "
       "--out auto adds the --set and --seed values to the default name")
      ("set", po::value<std::vector<std::string>>()->composing(),
       "override a scenario value: --set actors.RU.hawkishness=0.7 (repeatable)")
      ("force,f", "replace an existing output file (a regular file, never an input)")
      ("no-trajectories", "do not store per-run trajectories (summaries are still computed)")
      ("no-events", "do not store the per-run event log")
      ("allow-large", "start even a workload that exceeds the time, memory or disk limits")
      ("vary", po::value<std::vector<std::string>>()->composing(),
       "sweep a scenario over a grid: --vary PATH=LO:HI:N (N levels) or PATH=V1,V2,... (repeatable)")
      ("dry-run", "sweep: print the design size, total runs and an estimate of time and file size; run nothing")
      ("resume", "sweep: continue an interrupted sweep from OUT.partial (or start one)")
      ("fail-fast", "sweep: stop at the first failed run (default: record it and go on)")
      ("sweep", "schema: print the JSON Schema of sweep files instead")
      ("csv", "summary, score: print CSV instead of a table")
      ("per-run", "export: one CSV row per run (sampled parameters, first-passage days, metrics)")
      ("from", po::value<std::string>(), "score: the first month scored, as a date YYYY-MM-DD in it")
      ("to", po::value<std::string>(), "score: the last month scored, as a date YYYY-MM-DD in it")
      ("exclude-actions", po::value<std::vector<std::string>>()->composing(),
       "score: model actions left out of scoring, comma-separated (kinds of act the record does not code)")
      ("fragment", po::value<std::string>(),
       "calibrate: the scenario fragment to write (default: next to the results file, <name>.fragment.json)")
      ("quiet,q", "only warnings and errors on stderr")
      ("verbose,v", "debug messages on stderr (scenario chain, --set applied, uncertain parameters)")
      ("help,h", "show this help (simrun COMMAND --help: that command's)")
      ("version", "show version, git sha and library versions");
  // clang-format on
  return d;
}

// One command as its help describes it: how it is called, what it does, and
// the options that apply to it.
struct CommandInfo {
  const char* word;
  Command command;
  const char* usage;
  const char* what;
  std::vector<const char*> options;
};

const std::vector<CommandInfo>& commands() {
  static const std::vector<const char*> run_like = {"runs",        "seed",  "threads",         "out",
                                                    "set",         "force", "no-trajectories", "no-events",
                                                    "allow-large", "quiet", "verbose"};
  static const std::vector<CommandInfo> table = {
      {"run", Command::Run, "simrun [run] SCENARIO.json [options]",
       "Runs the scenario's replications, writes results/<scenario name>.h5 and prints its summary table.", run_like},
      {"validate",
       Command::Validate,
       "simrun validate SCENARIO.json [--set PATH=VALUE ...] [-v]",
       "Checks a scenario as a run would (extends, every field, every --set); prints every error, or ok and a\n"
       "description. -v also prints the extends chain and the --set assignments applied.",
       {"set", "runs", "seed", "no-trajectories", "no-events", "quiet", "verbose"}},
      {"compare", Command::Compare, "simrun compare A B [options]",
       "Compares B with A on common random numbers and prints the paired differences B - A with 95% intervals.\n"
       "A and B are scenario files (.json), run now, or results files (.h5) of earlier runs, whose stored runs\n"
       "are reused when their seed, runs, step and horizon allow pairing. --set applies to the scenarios run.",
       run_like},
      {"summary",
       Command::Summary,
       "simrun summary RESULTS.h5 [--csv]",
       "Prints the summary table of a results, comparison or sweep file.",
       {"csv"}},
      {"sweep",
       Command::Sweep,
       "simrun sweep SWEEP.json [options]\n  simrun sweep SCENARIO.json --vary PATH=LO:HI:N|V1,V2,... [--vary ...] "
       "[options]",
       "Runs a sweep file's design (or a grid of one scenario) on common random numbers and writes one sweep\n"
       "file; --runs is the replications per point.",
       {"runs", "seed", "threads", "out", "set", "force", "allow-large", "vary", "dry-run", "resume", "fail-fast",
        "quiet", "verbose"}},
      {"schema",
       Command::Schema,
       "simrun schema [--sweep]",
       "Prints the JSON Schema of scenario files (or of sweep files).",
       {"sweep"}},
      {"scenario",
       Command::Scenario,
       "simrun scenario RESULTS.h5 [--out FILE] [--force]",
       "Prints the resolved scenario a results file stores (extends and every --set applied): a scenario file\n"
       "that simrun runs again to the same numbers. Of a sweep file, the base scenario.",
       {"out", "force"}},
      {"export",
       Command::Export,
       "simrun export RESULTS.h5 --per-run [--out FILE] [--force]",
       "Prints CSV with one row per run: the sampled parameters, the first-passage day of each outcome (empty\n"
       "when not reached) and the metrics. Of a sweep file, also the point, replication and factor values.",
       {"per-run", "out", "force"}},
      {"score",
       Command::Score,
       "simrun score RESULTS.h5 RECORD.csv [--from DATE] [--to DATE] [--exclude-actions LIST] [--csv] [--out FILE] "
       "[--force]",
       "Scores a results file's event log against a dated record, month by month: Brier and log scores of the\n"
       "dyad's (actor, action) items, CRPS and 50%/90% band coverage of the monthly event count and net\n"
       "Goldstein, against a base rate, persistence and 0.5, with bootstrap intervals on the differences.\n"
       "--out writes the scores as HDF5 (group score) to a new file.",
       {"from", "to", "exclude-actions", "csv", "out", "force"}},
      {"calibrate",
       Command::Calibrate,
       "simrun calibrate CALIBRATION.json [options]",
       "Fits a scenario's uncertain parameters to a dated record by approximate Bayesian computation (rejection)\n"
       "on the sweep machinery; writes the design, distances and accepted sets, and a scenario fragment with the\n"
       "accepted parameter sets. --runs is the replications per point.",
       {"runs", "seed", "threads", "out", "fragment", "set", "force", "allow-large", "resume", "fail-fast", "quiet",
        "verbose"}},
      {"help", Command::Help, "simrun help [COMMAND]", "Prints the help of simrun, or of one command.", {}},
  };
  return table;
}

const CommandInfo* find_command(const std::string& word) {
  for (const auto& c : commands())
    if (word == c.word) return &c;
  return nullptr;
}

const char* kExitCodes =
    "Exit codes: 0 success; 2 invalid input or usage; 1 runtime failure (I/O, disk full, out of memory);\n"
    "128 + the signal number when stopped by a signal (130 SIGINT, 129 SIGHUP, 131 SIGQUIT, 143 SIGTERM).\n";

std::string command_help(const CommandInfo& c) {
  const po::options_description all = visible_options();
  po::options_description mine("Options");
  // Boost's descriptions are shared through boost::shared_ptr.
  auto copy = [&](const char* name) {
    return boost::shared_ptr<po::option_description>(new po::option_description(all.find(name, false)));
  };
  for (const char* name : c.options) mine.add(copy(name));
  mine.add(copy("help"));
  std::ostringstream out;
  out << "Usage:\n  " << c.usage << "\n\n"
      << c.what << "\n\n"
      << mine << "\n"
      << kExitCodes << "Docs: docs/cli.md (section " << c.word << ").\n";
  return out.str();
}

}  // namespace

std::string short_usage() {
  std::ostringstream out;
  out << "Usage: simrun COMMAND ARGUMENTS [options]\n";
  for (const auto& c : commands()) out << "  " << c.usage << "\n";
  out << "simrun --help lists every option; simrun COMMAND --help (or simrun help COMMAND) explains one command.\n";
  return out.str();
}

std::string help_text(const std::string& command) {
  if (const CommandInfo* c = find_command(command); c && c->command != Command::Help) return command_help(*c);
  std::ostringstream out;
  out << "simrun - agent-based Monte Carlo scenarios of Russia-Azerbaijan relations\n\n"
         "Usage:\n";
  for (const auto& c : commands()) {
    out << "  " << c.usage << "\n";
    const std::string what = c.what;
    out << "      " << what.substr(0, what.find('.') + 1) << "\n";
  }
  out << "  simrun --help | --version\n\n"
      << visible_options() << "\n"
      << kExitCodes
      << "simrun COMMAND --help (or simrun help COMMAND) shows one command's usage and options.\n"
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

// Options that take a value, so that the value is not taken for a command.
bool takes_value(const std::string& a) {
  static const char* kWithValue[] = {"--runs", "-n",    "--seed", "-s",     "--threads", "-t",        "--out",
                                     "-o",     "--set", "--vary", "--from", "--to",      "--fragment"};
  for (const char* o : kWithValue)
    if (a == o) return true;
  return false;
}

// --help and --version ignore every other argument, even a bad one, so they
// are looked for before Boost parses (and may refuse) the rest. The first
// positional word names the command whose help is wanted.
std::optional<Command> help_or_version(int argc, char** argv, std::string& topic) {
  bool version = false, help = false;
  std::string first_word;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--") break;
    if (a == "--help" || a == "-h") help = true;
    version |= a == "--version";
    if (takes_value(a)) {
      ++i;
    } else if (first_word.empty() && !a.empty() && a[0] != '-') {
      first_word = a;
    }
  }
  if (help) {
    topic = find_command(first_word) ? first_word : "";
    return Command::Help;
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
  const CommandInfo* info = args.empty() ? nullptr : find_command(args.front());
  if (info) {
    o.command = info->command;
    args.erase(args.begin());
  }
  o.inputs = args;
  const std::string see = " (see simrun " + std::string(info ? info->word : "run") + " --help)";
  if (o.command == Command::Help) {
    if (args.size() > 1) throw UsageError("unexpected argument \"" + args[1] + "\"" + see);
    if (!args.empty() && !find_command(args[0]))
      throw UsageError("no command \"" + args[0] +
                       "\"; the commands are run, validate, compare, summary, sweep, "
                       "schema, scenario, export, score, calibrate and help");
    o.help_topic = args.empty() ? "" : args[0];
    return;
  }
  const bool two = o.command == Command::Compare || o.command == Command::Score;
  const std::size_t wanted = two ? 2 : o.command == Command::Schema ? 0 : 1;
  const bool reads_results =
      o.command == Command::Summary || o.command == Command::Scenario || o.command == Command::Export;
  const char* what = reads_results                     ? "a results file (RESULTS.h5)"
                     : o.command == Command::Compare   ? "two scenario or results files (A.json B.json, A.h5 B.json)"
                     : o.command == Command::Sweep     ? "a sweep file (SWEEP.json)"
                     : o.command == Command::Score     ? "a results file and a record (RESULTS.h5 RECORD.csv)"
                     : o.command == Command::Calibrate ? "a calibration file (CALIBRATION.json)"
                                                       : "a scenario file (SCENARIO.json)";
  if (o.inputs.size() < wanted) throw UsageError(std::string("missing argument: expected ") + what + see);
  if (o.inputs.size() > wanted) throw UsageError("unexpected argument \"" + o.inputs[wanted] + "\"" + see);
}

// Options that only one command takes are refused elsewhere, so that a
// misplaced one is never silently ignored.
void check_command_options(const Options& o) {
  const bool sweep = o.command == Command::Sweep, calibrate = o.command == Command::Calibrate;
  if (!sweep && (!o.vary.empty() || o.dry_run)) throw UsageError("--vary and --dry-run are options of simrun sweep");
  if (!sweep && !calibrate && (o.resume || o.fail_fast))
    throw UsageError("--resume and --fail-fast are options of simrun sweep and simrun calibrate");
  if ((o.from || o.to || !o.exclude_actions.empty()) && o.command != Command::Score)
    throw UsageError("--from, --to and --exclude-actions are options of simrun score");
  if (o.fragment && !calibrate) throw UsageError("--fragment is an option of simrun calibrate");
  if (calibrate && (o.no_trajectories || o.no_events))
    throw UsageError("--no-trajectories and --no-events do not apply to calibrate, which keeps no trajectories");
  if (sweep && (o.no_trajectories || o.no_events))
    throw UsageError(
        "--no-trajectories and --no-events do not apply to sweeps: a sweep keeps each run's record "
        "at the report horizons, never whole trajectories or event logs");
  if (o.sweep_schema && o.command != Command::Schema) throw UsageError("--sweep is an option of simrun schema");
  if (o.per_run && o.command != Command::Export) throw UsageError("--per-run is an option of simrun export");
  if (o.command == Command::Export && !o.per_run)
    throw UsageError("simrun export needs --per-run (one CSV row per run), the only export there is so far");
}

}  // namespace

Options parse_options(int argc, char** argv) {
  Options o;
  for (int i = 0; i < argc; ++i) o.command_line.append(i ? " " : "").append(argv[i]);
  if (const auto early = help_or_version(argc, argv, o.help_topic)) {
    o.command = *early;
    return o;
  }
  if (argc <= 1) {
    o.command = Command::Help;
    o.bare = true;
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
  o.per_run = vm.count("per-run") > 0;
  if (vm.count("from")) o.from = vm["from"].as<std::string>();
  if (vm.count("to")) o.to = vm["to"].as<std::string>();
  if (vm.count("exclude-actions")) o.exclude_actions = vm["exclude-actions"].as<std::vector<std::string>>();
  if (vm.count("fragment")) o.fragment = vm["fragment"].as<std::string>();
  check_command_options(o);
  return o;
}

}  // namespace simrun::app
