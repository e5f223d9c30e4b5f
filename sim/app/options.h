#pragma once
// The command line of simrun, parsed with Boost.Program_options. The
// contract (names, exit codes) is in docs/cli.md and product.md.
#include <optional>
#include <string>
#include <vector>

namespace simrun::app {

// Worker threads beyond this gain nothing on any machine simrun targets and
// only risk running out of memory for their stacks.
constexpr int kMaxThreads = 256;

enum class Command {
  Run,
  Validate,
  Sweep,
  Compare,
  Summary,
  Schema,
  Scenario,
  Export,
  Score,
  Calibrate,
  Help,
  Version
};

struct Options {
  Command command = Command::Run;
  std::vector<std::string> inputs;  // scenario files, or the results file for summary
  std::optional<long long> runs;
  std::optional<unsigned long long> seed;
  int threads = 0;                 // 0: all cores
  std::optional<std::string> out;  // --out as given (possibly empty, which is an error)
  std::vector<std::string> sets;
  bool force = false;
  bool quiet = false;
  bool verbose = false;
  bool csv = false;
  bool no_trajectories = false;
  bool no_events = false;
  bool allow_large = false;             // skip the workload limits (docs/cli.md)
  std::vector<std::string> vary;        // sweep: --vary PATH=LO:HI:N or PATH=V1,V2,...
  bool dry_run = false;                 // sweep: estimate, run nothing
  bool resume = false;                  // sweep: continue an interrupted sweep
  bool fail_fast = false;               // sweep: stop at the first failed run
  bool sweep_schema = false;            // schema --sweep
  bool per_run = false;                 // export --per-run
  std::optional<std::string> from, to;       // score: the scoring window (YYYY-MM-DD)
  std::vector<std::string> exclude_actions;  // score: as given, comma-separated lists
  std::optional<std::string> fragment;  // calibrate: where the scenario fragment goes
  std::string help_topic;               // Help: the command whose help to print, or "" for all
  bool bare = false;                    // Help: no arguments at all (short usage, exit code 2)
  std::string command_line;             // as typed, for provenance
};

// Throws UsageError for unknown options, bad values or missing arguments.
// --help (or -h) anywhere wins over everything else, then --version; with a
// command word before it (`simrun run --help`), that command's help.
Options parse_options(int argc, char** argv);
// The help of every command, or of one ("run", "sweep", ...; "" for all).
std::string help_text(const std::string& command = "");
// The few lines a bare `simrun` prints.
std::string short_usage();
std::string version_text();

}  // namespace simrun::app
