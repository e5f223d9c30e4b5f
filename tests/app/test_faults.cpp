// Faults from outside, as a user or the system causes them: another run
// writing the same file, odd things at the --out path, signals, file-size and
// memory limits, a full standard output. Each ends with its documented exit
// code and message, nothing truncated under a final name, no temporary file
// left behind (docs/reliability.md).
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>

#include <chrono>
#include <thread>

#include "output/results_file.h"
#include "support/cli.h"

using namespace simrun;
using namespace simrun::testing;
using ::testing::HasSubstr;
using ::testing::Not;
namespace fs = std::filesystem;

namespace {

const std::string kSmall = " --runs 24 --set agents.diaspora.population=50000 ";
// Runs made slow by events, the sparse diaspora engine's cost driver:
// people under raids that detain each about once in four days, released
// after half a day on average. One run that takes seconds (200,000 people):
// time to act while it computes.
const std::string kRaidChurn =
    " --runs 1 --threads 1 --set agents.diaspora.scale=1 --set agents.diaspora.raid_rate=100"
    " --set agents.diaspora.release_days=0.5 --set 'actions.initial_measures.RU=[\"raids\"]'"
    " --set run.horizon_days=365 ";
const std::string kSlow = kRaidChurn + " --set agents.diaspora.population=200000 ";
// One run that takes most of a minute (five million people).
const std::string kVerySlow = kRaidChurn + " --set agents.diaspora.population=5000000 ";

// `simrun ARGS` run by /bin/sh in `dir` after `before` (e.g. "ulimit -f 200;"),
// stdout to `out`; stderr is captured outside `dir`.
CliResult run_sh(const TempDir& dir, const std::string& before, const std::string& args,
                 const std::string& out = "/dev/null") {
  TempDir logs;
  const std::string cmd = "cd '" + dir.path.string() + "' && (" + before + " " + SIMRUN_EXE + " " + args + " >" + out +
                          " 2>'" + (logs / "err") + "' </dev/null)";
  const int status = std::system(cmd.c_str());
  CliResult r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = slurp(logs / "err");
  return r;
}

std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

bool has_temporary(const fs::path& dir) {
  for (const auto& name : names_in(dir))
    if (name.rfind(".simrun-", 0) == 0) return true;
  return false;
}

// Starts `simrun ARGS` in the background in `dir`; its exit code lands in
// the file `code` of `logs`, its stderr in `err`. Returns its process id.
pid_t start_background(const TempDir& dir, const TempDir& logs, const std::string& args) {
  const std::string cmd = "cd '" + dir.path.string() + "' && { " + SIMRUN_EXE + " " + args + " >/dev/null 2>'" +
                          (logs / "err") + "' </dev/null & echo $! >'" + (logs / "pid") + "'; wait $!; echo $? >'" +
                          (logs / "code") + "'; } >/dev/null 2>&1 &";
  if (std::system(cmd.c_str()) != 0) return -1;
  for (int i = 0; i < 500 && slurp(logs / "pid").empty(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  const std::string pid = slurp(logs / "pid");
  return pid.empty() ? -1 : static_cast<pid_t>(std::stol(pid));
}

// The exit code written by start_background's shell, or -1 on timeout.
int wait_for_code(const TempDir& logs, int seconds) {
  for (int i = 0; i < seconds * 20; ++i) {
    const std::string code = slurp(logs / "code");
    if (!code.empty() && code.back() == '\n') return std::stoi(code);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return -1;
}

bool wait_for_temporary(const fs::path& dir, int seconds) {
  for (int i = 0; i < seconds * 100; ++i) {
    if (has_temporary(dir)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

}  // namespace

// --- output safety ---------------------------------------------------------

TEST(Faults, AFileThatAppearsDuringTheRunIsNotReplacedWithoutForce) {
  TempDir dir, logs;
  const pid_t pid = start_background(dir, logs, scenario_file("baseline.json") + kSlow + "--out r.h5");
  ASSERT_GT(pid, 0);
  ASSERT_TRUE(wait_for_temporary(dir.path, 30)) << slurp(logs / "err");
  // Another run (here: anyone) finishes first with the same name.
  { std::ofstream(dir / "r.h5") << "the other run's results"; }
  ASSERT_EQ(wait_for_code(logs, 120), 1) << slurp(logs / "err");
  EXPECT_THAT(slurp(logs / "err"), HasSubstr("r.h5 appeared while this run was computing"));
  EXPECT_EQ(slurp(dir / "r.h5"), "the other run's results");
  EXPECT_EQ(names_in(dir.path), std::vector<std::string>{"r.h5"});
}

TEST(Faults, ForceNeverReplacesAnythingButARegularFile) {
  TempDir dir;
  fs::create_directory(dir.path / "folder");
  ASSERT_EQ(::mkfifo((dir / "fifo").c_str(), 0600), 0);
  fs::create_symlink("folder", dir.path / "link");
  std::vector<std::pair<std::string, std::string>> cases = {
      {"folder", "is a directory"}, {"fifo", "is a FIFO (named pipe)"}, {"link", "is a symbolic link"}};
  // A device node (a copy of /dev/null's numbers) only where mknod is allowed.
  if (::mknod((dir / "device").c_str(), S_IFCHR | 0600, makedev(1, 3)) == 0)
    cases.emplace_back("device", "is a character device");
  for (const auto& [name, fragment] : cases) {
    const auto before = fs::symlink_status(dir.path / name).type();
    const auto r = run_sh(dir, "", scenario_file("baseline.json") + kSmall + "--force --out " + name);
    EXPECT_EQ(r.code, 2) << name << ": " << r.err;
    EXPECT_THAT(r.err, HasSubstr(fragment)) << name;
    EXPECT_EQ(fs::symlink_status(dir.path / name).type(), before) << name << " was replaced";
  }
  EXPECT_FALSE(has_temporary(dir.path));
}

TEST(Faults, NoInputIsEverOverwrittenEvenWithForce) {
  TempDir dir;
  for (const char* f : {"baseline.json", "ukraine_deal.json"}) fs::copy_file(scenario_file(f), dir.path / f);
  fs::create_directory(dir.path / "calibration");
  fs::copy_file(scenario_file("calibration/posterior.json"), dir.path / "calibration/posterior.json");
  const std::string base = slurp(dir / "baseline.json"), deal = slurp(dir / "ukraine_deal.json");
  // The scenario itself, and the base it extends.
  for (const char* out : {"ukraine_deal.json", "baseline.json"}) {
    const auto r = run_sh(dir, "", "ukraine_deal.json" + kSmall + "--force --out " + out);
    EXPECT_EQ(r.code, 2) << out << ": " << r.err;
    EXPECT_THAT(r.err, HasSubstr("is an input of this run")) << out;
  }
  const auto c = run_sh(dir, "", "compare baseline.json ukraine_deal.json" + kSmall + "--force --out baseline.json");
  EXPECT_EQ(c.code, 2) << c.err;
  EXPECT_EQ(slurp(dir / "baseline.json"), base);
  EXPECT_EQ(slurp(dir / "ukraine_deal.json"), deal);
}

TEST(Faults, ADanglingSymbolicLinkCountsAsAnExistingFile) {
  TempDir dir;
  fs::create_symlink("nowhere.h5", dir.path / "r.h5");
  const auto r = run_sh(dir, "", scenario_file("baseline.json") + kSmall + "--out r.h5");
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_THAT(r.err, HasSubstr("r.h5 exists and is a symbolic link"));
  EXPECT_TRUE(fs::is_symlink(fs::symlink_status(dir.path / "r.h5")));
  EXPECT_FALSE(fs::exists(dir.path / "nowhere.h5"));
}

TEST(Faults, OutNamesUpTo255CharactersWork) {
  TempDir dir;
  for (std::size_t length : {241u, 255u}) {
    const std::string name = std::string(length - 3, 'r') + ".h5";
    const auto r = run_sh(dir, "", scenario_file("baseline.json") + kSmall + "--quiet --out " + name);
    EXPECT_EQ(r.code, 0) << length << ": " << r.err;
    EXPECT_TRUE(fs::is_regular_file(dir.path / name)) << length;
  }
  EXPECT_FALSE(has_temporary(dir.path));
}

TEST(Faults, AnOutThatIsNoFileNameIsRefusedBeforeAnyRun) {
  TempDir dir;
  // 10^8 runs: a check made after computing would never be reached.
  const std::string many = scenario_file("baseline.json") + " --runs 100000000 ";
  const auto slash = run_sh(dir, "", many + "--out newdir/");
  EXPECT_EQ(slash.code, 2) << slash.err;
  EXPECT_THAT(slash.err, HasSubstr("--out newdir/ names a folder"));
  EXPECT_FALSE(fs::exists(dir.path / "newdir"));
  const auto empty = run_sh(dir, "", many + "--out ''");
  EXPECT_EQ(empty.code, 2) << empty.err;
  EXPECT_THAT(empty.err, HasSubstr("--out needs a file name, found an empty string"));
  EXPECT_TRUE(names_in(dir.path).empty());
}

TEST(Faults, StaleTemporaryFilesOfDeadProcessesAreRemovedAtStart) {
  TempDir dir;
  // Process ids that no longer run: children that have exited.
  std::vector<pid_t> dead;
  for (int i = 0; i < 2; ++i) {
    const pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    ::waitpid(child, nullptr, 0);
    dead.push_back(child);
  }
  // This process's name pattern, with another process id put in.
  auto named_for = [&](pid_t pid, const std::string& suffix) {
    const std::string mine = output::temporary_path(dir.path).filename().string();
    const std::string own = std::string("-").append(std::to_string(::getpid())).append("-");
    const std::string name = mine.substr(0, mine.find(own)) + "-" + std::to_string(pid) + "-" + suffix;
    { std::ofstream(dir.path / name) << "x"; }
    return name;
  };
  const std::string stale = named_for(dead[0], "0.tmp");
  const std::string stale_scratch = named_for(dead[1], "7.tmp");
  const std::string live = named_for(::getpid(), "0.tmp");  // a process that runs: this one
  const std::string not_ours = named_for(dead[0], "0.tmp.bak");
  // A file that a process holds locked is in use, whatever its name says
  // (as HDF5 locks every file it writes).
  const std::string locked = named_for(dead[0], "9.tmp");
  const int fd = ::open((dir.path / locked).c_str(), O_RDONLY);
  ASSERT_EQ(::flock(fd, LOCK_EX), 0);
  const std::string other_host = ".simrun-some-other-host-" + std::to_string(dead[0]) + "-0.tmp";
  { std::ofstream(dir.path / other_host) << "x"; }
  const auto r = run_sh(dir, "", scenario_file("baseline.json") + kSmall + "--out r.h5");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("a temporary file of a simrun process that no longer runs"));
  ::close(fd);
  std::vector<std::string> expected = {live, not_ours, other_host, locked, "r.h5"};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(names_in(dir.path), expected) << stale << " and " << stale_scratch << " should be gone";
}

// --- signals and limits ----------------------------------------------------

TEST(Faults, StopSignalsExitWith128PlusTheSignalAndLeaveNothing) {
  const std::pair<const char*, int> cases[] = {{"HUP", 129}, {"QUIT", 131}, {"TERM", 143}};
  for (const auto& [sig, code] : cases) {
    TempDir dir;
    const auto r = run_sh(dir, std::string("timeout --preserve-status -s ") + sig + " 1",
                          scenario_file("baseline.json") + " --runs 100000 --out long.h5");
    EXPECT_EQ(r.code, code) << sig << ": " << r.err;
    EXPECT_THAT(r.err, HasSubstr(std::string("interrupted by SIG") + sig)) << sig;
    EXPECT_TRUE(names_in(dir.path).empty()) << sig << " left files behind";
  }
}

TEST(Faults, ASecondSignalStopsAtOnceAndRemovesTheTemporaryFile) {
  TempDir dir, logs;
  const pid_t pid = start_background(dir, logs, scenario_file("baseline.json") + kVerySlow + "--out slow.h5");
  ASSERT_GT(pid, 0);
  ASSERT_TRUE(wait_for_temporary(dir.path, 30));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // the run has started
  const auto start = std::chrono::steady_clock::now();
  ::kill(pid, SIGINT);  // waits for the run in progress: most of a minute
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  ::kill(pid, SIGTERM);
  EXPECT_EQ(wait_for_code(logs, 120), 130) << slurp(logs / "err");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(15));
  EXPECT_THAT(slurp(logs / "err"), HasSubstr("stopped at once by a second signal"));
  EXPECT_TRUE(names_in(dir.path).empty());
}

TEST(Faults, AFileSizeLimitIsARuntimeFailureAndKeepsTheEarlierFile) {
  TempDir dir;
  { std::ofstream(dir / "r.h5") << "earlier results"; }
  // 200 blocks of 512 bytes (dash) or 1 KiB (bash): far below a results file.
  const auto r = run_sh(dir, "ulimit -f 200;", scenario_file("baseline.json") + kSmall + "--quiet --force --out r.h5");
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr("File too large"));
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_EQ(slurp(dir / "r.h5"), "earlier results");
  EXPECT_EQ(names_in(dir.path), std::vector<std::string>{"r.h5"});
}

TEST(Faults, ThreadsThatCannotStartAreARuntimeFailure) {
#if defined(__SANITIZE_ADDRESS__)
#define SIMRUN_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SIMRUN_ASAN 1
#endif
#endif
#ifdef SIMRUN_ASAN
  GTEST_SKIP() << "AddressSanitizer reserves more address space than the limit";
#endif
  TempDir dir;
  // 256 stacks of 8 MiB do not fit in 1 GB of address space.
  const auto r = run_sh(dir, "ulimit -s 8192; ulimit -v 1000000;",
                        scenario_file("baseline.json") + " --runs 300 --set agents.diaspora.population=50000 " +
                            "--threads 256 --quiet --out r.h5");
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr("cannot start worker thread"));
  EXPECT_TRUE(names_in(dir.path).empty());
}

// --- options and standard output --------------------------------------------

TEST(Faults, OptionNamesAreNeverGuessedAndThreadsAreCapped) {
  TempDir dir;
  const auto run = run_sh(dir, "", scenario_file("baseline.json") + " --run 5");
  EXPECT_EQ(run.code, 2);
  EXPECT_THAT(run.err, HasSubstr("unrecognised option '--run'"));
  const auto threads = run_sh(dir, "", scenario_file("baseline.json") + " --threads 257");
  EXPECT_EQ(threads.code, 2);
  EXPECT_THAT(threads.err, HasSubstr("--threads must be a whole number from 0 to 256"));
  EXPECT_TRUE(names_in(dir.path).empty());
}

TEST(Faults, HelpAndVersionIgnoreEveryOtherArgument) {
  TempDir dir;
  for (const char* args : {"--help --bogus", "--bogus -h", "--runs 0 --help", "--version --bogus"}) {
    const auto r = run_cli(args, dir.path);
    EXPECT_EQ(r.code, 0) << args << ": " << r.err;
    EXPECT_EQ(r.err, "") << args;
    EXPECT_THAT(r.out, HasSubstr("simrun")) << args;
  }
}

TEST(Faults, WriteErrorsOnStandardOutputAreRuntimeFailures) {
  TempDir dir;
  ASSERT_EQ(run_sh(dir, "", scenario_file("baseline.json") + kSmall + "--quiet --out r.h5").code, 0);
  for (const std::string& args : {std::string("summary r.h5 --csv"), std::string("summary r.h5"), std::string("schema"),
                                  "validate " + scenario_file("baseline.json"), std::string("--help")}) {
    const auto r = run_sh(dir, "", args, "/dev/full");
    EXPECT_EQ(r.code, 1) << args << ": " << r.err;
    EXPECT_THAT(r.err, HasSubstr("cannot write to standard output: No space left on device")) << args;
  }
  // A run whose table cannot be printed: the results file is complete anyway.
  const auto run = run_sh(dir, "", scenario_file("baseline.json") + kSmall + "--out s.h5", "/dev/full");
  EXPECT_EQ(run.code, 1) << run.err;
  EXPECT_THAT(run.err, HasSubstr("cannot write to standard output"));
  EXPECT_EQ(run_cli("summary s.h5", dir.path).code, 0);
  EXPECT_FALSE(has_temporary(dir.path));
}

// A workload that cannot finish is refused before anything runs, naming what
// to change; --allow-large starts it anyway.
TEST(Faults, WorkloadsBeyondTheMachineAreRefusedBeforeStarting) {
  TempDir dir;
  const std::string people = " --set agents.diaspora.scale=1 --set agents.diaspora.population=5000000 --threads 1";
  auto r = run_cli(scenario_file("baseline.json") + " --runs 100000000" + people + " --out r.h5", dir.path);
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("days of computing"));
  EXPECT_THAT(r.err, HasSubstr("diaspora events"));
  EXPECT_THAT(r.err, HasSubstr("--allow-large"));
  EXPECT_FALSE(std::filesystem::exists(dir / "r.h5"));
  r = run_cli(scenario_file("baseline.json") + " --runs 100000000 --out r.h5", dir.path);
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("run.runs"));
  // With the override the run starts (and is stopped at once by a signal).
  r = run_cli("--allow-large " + scenario_file("baseline.json") +
                  " --runs 100000000 --quiet --out r.h5 & sleep 1; kill -INT $!; wait $!; echo exit=$?",
              dir.path);
  EXPECT_THAT(r.out, HasSubstr("exit=130"));
  EXPECT_FALSE(std::filesystem::exists(dir / "r.h5"));
}

// Five million people for 30,000 runs (5.5e13 agent-steps, four days at the
// dense engine's speed) is a job of minutes for the sparse engine: it
// starts (and is stopped at once by a signal).
TEST(Faults, BigSparseWorkloadsAreAccepted) {
  TempDir dir;
  const auto r = run_cli(scenario_file("baseline.json") +
                             " --runs 30000 --set agents.diaspora.scale=1 --set agents.diaspora.population=5000000 "
                             "--threads 1 --quiet --out r.h5 & sleep 1; kill -INT $!; wait $!; echo exit=$?",
                         dir.path);
  EXPECT_THAT(r.out, HasSubstr("exit=130"));
  EXPECT_THAT(r.err, Not(HasSubstr("days of computing")));
}
