// simrun under mpirun, as a cluster user runs it: a batch, a comparison and a
// sweep on several ranks write every numeric dataset exactly as one process
// does; a sweep stopped on two ranks resumes on one to the same file; a stop
// on one worker ends the whole job with no results file claimed complete.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "support/cli.h"
#include "support/h5_digest.h"

using namespace simrun::testing;
using ::testing::HasSubstr;
namespace fs = std::filesystem;

namespace {

const std::string kSmall = " --set agents.diaspora.population=20000 --quiet ";

std::string mpirun(int ranks) {
  return std::string(SIMRUN_MPIEXEC) + " --allow-run-as-root --oversubscribe -np " + std::to_string(ranks) + " " +
         SIMRUN_EXE + " ";
}

// Every numeric dataset but the run times, which no two runs share.
std::map<std::string, std::uint64_t> numbers_of(const fs::path& file) {
  auto d = dataset_digests(file.string());
  d.erase("runs/seconds");
  return d;
}

// Starts `cmd` in `cwd`, waits for `path` to appear and `after` more, then
// calls `stop` with the shell's pid (exec'd into the command); returns the
// exit code and leaves stderr in cwd/err.
template <class Stop>
int stop_when(const std::string& cmd, const fs::path& cwd, const fs::path& path, std::chrono::milliseconds after,
              Stop stop) {
  const std::string line = "cd '" + cwd.string() + "' && exec " + cmd + " >/dev/null 2>err </dev/null";
  const pid_t pid = ::fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    ::execl("/bin/sh", "sh", "-c", line.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  for (int i = 0; i < 6000 && !path.empty() && !fs::exists(path); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  std::this_thread::sleep_for(after);
  stop(pid);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// The pid of rank `rank` among mpirun's children, or 0.
pid_t rank_pid(pid_t mpirun_pid, int rank) {
  const std::string want = "OMPI_COMM_WORLD_RANK=" + std::to_string(rank);
  for (const auto& e : fs::directory_iterator("/proc")) {
    const std::string name = e.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat(e.path() / "stat");
    std::string line;
    std::getline(stat, line);
    const auto close = line.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(line.substr(close + 2));
    char state;
    pid_t ppid = 0;
    rest >> state >> ppid;
    if (ppid != mpirun_pid) continue;
    const std::string env = slurp(e.path() / "environ");
    std::size_t at = 0;
    for (std::size_t end; (end = env.find('\0', at)) != std::string::npos; at = end + 1)
      if (env.compare(at, end - at, want) == 0) return static_cast<pid_t>(std::stoi(name));
  }
  return 0;
}

bool has_temporaries(const fs::path& dir) {
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename().string().rfind(".simrun-", 0) == 0) return true;
  return false;
}

}  // namespace

TEST(MpiCli, ABatchOnTwoAndThreeRanksIsTheOneProcessFile) {
  TempDir dir;
  const std::string args = scenario_file("ukraine_deal.json") + kSmall + " --runs 600 --seed 9";
  const auto one = run_cli(args + " --threads 2 --out one.h5", dir.path);
  ASSERT_EQ(one.code, 0) << one.err;
  const auto two = run_shell(mpirun(2) + args + " --threads 1 --out two.h5", dir.path);
  ASSERT_EQ(two.code, 0) << two.err;
  const auto three = run_shell(mpirun(3) + args + " --threads 1 --out three.h5", dir.path);
  ASSERT_EQ(three.code, 0) << three.err;
  const auto a = numbers_of(dir.path / "one.h5");
  EXPECT_GT(a.size(), 40u);
  EXPECT_TRUE(a.count("trajectories/tension") && a.count("events/run")) << "trajectories and events are compared";
  EXPECT_EQ(a, numbers_of(dir.path / "two.h5"));
  EXPECT_EQ(a, numbers_of(dir.path / "three.h5"));
  // Rank 0 alone prints: one "results:" line, not one per rank.
  EXPECT_EQ(two.out, "results: two.h5\n");
}

TEST(MpiCli, AComparisonOnTwoRanksIsTheOneProcessFile) {
  TempDir dir;
  const std::string args =
      "compare " + scenario_file("baseline.json") + " " + scenario_file("ukraine_deal.json") + kSmall + " --runs 300";
  ASSERT_EQ(run_cli(args + " --threads 2 --out one.h5", dir.path).code, 0);
  const auto two = run_shell(mpirun(2) + args + " --threads 1 --out two.h5", dir.path);
  ASSERT_EQ(two.code, 0) << two.err;
  const auto a = numbers_of(dir.path / "one.h5");
  EXPECT_TRUE(a.count("differences/metric_mean_diff") || a.size() > 80u);
  EXPECT_EQ(a, numbers_of(dir.path / "two.h5"));
}

// A stored side (a results file) is read by rank 0 alone; with both sides
// stored no rank computes anything and the workers must still end cleanly.
TEST(MpiCli, AComparisonWithStoredSidesOnTwoRanksIsTheOneProcessFile) {
  TempDir dir;
  const std::string stored = kSmall + " --runs 200";
  ASSERT_EQ(run_cli(scenario_file("baseline.json") + stored + " --out a.h5", dir.path).code, 0);
  ASSERT_EQ(run_cli(scenario_file("ukraine_deal.json") + stored + " --out b.h5", dir.path).code, 0);
  for (const std::string& b : {scenario_file("ukraine_deal.json"), std::string("b.h5")}) {
    // --set is refused when no side runs now.
    const std::string args = "compare a.h5 " + b + (b == "b.h5" ? std::string(" --quiet") : kSmall);
    ASSERT_EQ(run_cli(args + " --threads 2 --out one.h5 --force", dir.path).code, 0);
    const auto two = run_shell(mpirun(2) + args + " --threads 1 --out two.h5 --force", dir.path);
    ASSERT_EQ(two.code, 0) << b << ": " << two.err;
    EXPECT_EQ(numbers_of(dir.path / "one.h5"), numbers_of(dir.path / "two.h5")) << b;
  }
}

TEST(MpiCli, ASweepOnTwoRanksIsTheOneProcessFile) {
  TempDir dir;
  const std::string args = "sweep " + scenario_file("ukraine_deal.json") +
                           " --vary actors.RU.hawkishness=0.3:0.7:3 --vary events.0.day=60,200" + kSmall + " --runs 70";
  ASSERT_EQ(run_cli(args + " --threads 2 --out one.h5", dir.path).code, 0);
  const auto two = run_shell(mpirun(2) + args + " --threads 1 --out two.h5", dir.path);
  ASSERT_EQ(two.code, 0) << two.err;
  const auto a = numbers_of(dir.path / "one.h5");
  EXPECT_GT(a.size(), 60u);
  EXPECT_EQ(a, numbers_of(dir.path / "two.h5"));
  EXPECT_FALSE(fs::exists(dir.path / "two.h5.partial"));
}

// A calibration's per-run statistics travel between ranks with the records.
TEST(MpiCli, ACalibrationOnTwoRanksIsTheOneProcessFitAndFragment) {
  TempDir dir;
  const std::string args =
      "calibrate " + std::string(SIMRUN_SOURCE_DIR) + "/tests/data/calibration/tiny.json --quiet";
  ASSERT_EQ(run_cli(args + " --threads 2 --out one.h5", dir.path).code, 0);
  const auto two = run_shell(mpirun(2) + args + " --threads 1 --out two.h5", dir.path);
  ASSERT_EQ(two.code, 0) << two.err;
  const auto a = numbers_of(dir.path / "one.h5");
  EXPECT_TRUE(a.count("calibration/distance")) << "the fit is compared";
  EXPECT_EQ(a, numbers_of(dir.path / "two.h5"));
  auto fragment = [&](const char* name) {
    std::string text = slurp(dir.path / name);
    // The fragment names the results file it came from.
    for (auto at = text.find("two.h5"); at != std::string::npos; at = text.find("two.h5")) text.replace(at, 6, "one.h5");
    return text;
  };
  EXPECT_EQ(fragment("one.h5.fragment.json"), fragment("two.h5.fragment.json"));
}

TEST(MpiCli, AStoppedTwoRankSweepResumesOnOneRankToTheSameFile) {
  TempDir dir;
  const std::string args = "sweep " + scenario_file("ukraine_deal.json") +
                           " --vary actors.RU.hawkishness=0.3:0.7:2 --vary events.0.day=60,200" +
                           " --set agents.diaspora.population=50000 --quiet --runs 600 --threads 1";
  ASSERT_EQ(run_cli(args + " --out whole.h5", dir.path).code, 0);
  const int code = stop_when(mpirun(2) + args + " --out cut.h5", dir.path, dir.path / "cut.h5.partial",
                             std::chrono::milliseconds(600), [](pid_t pid) { ::kill(pid, SIGTERM); });
  EXPECT_NE(code, 0);
  ASSERT_TRUE(fs::exists(dir.path / "cut.h5.partial")) << "the sweep finished before it could be stopped";
  EXPECT_FALSE(fs::exists(dir.path / "cut.h5"));
  EXPECT_THAT(slurp(dir.path / "err"), HasSubstr("finished runs are kept in cut.h5.partial"));
  const auto resumed = run_shell(mpirun(1) + args + " --out cut.h5 --resume", dir.path);
  ASSERT_EQ(resumed.code, 0) << resumed.err;
  EXPECT_FALSE(fs::exists(dir.path / "cut.h5.partial"));
  EXPECT_EQ(numbers_of(dir.path / "whole.h5"), numbers_of(dir.path / "cut.h5"));
}

TEST(MpiCli, AStopOnOneWorkerEndsEveryRankAndWritesNoFile) {
  TempDir dir;
  const std::string cmd =
      mpirun(2) + scenario_file("ukraine_deal.json") + kSmall + " --runs 20000 --threads 1 --out x.h5";
  pid_t worker = 0;
  const int code = stop_when(cmd, dir.path, fs::path{}, std::chrono::milliseconds(2500), [&](pid_t pid) {
    worker = rank_pid(pid, 1);
    if (worker > 0) ::kill(worker, SIGTERM);
  });
  ASSERT_GT(worker, 0) << "rank 1 not found";
  EXPECT_EQ(code, 128 + SIGTERM);
  const std::string err = slurp(dir.path / "err");
  EXPECT_THAT(err, HasSubstr("rank 1 of 2"));
  EXPECT_THAT(err, HasSubstr("interrupted by SIGTERM"));
  EXPECT_FALSE(fs::exists(dir.path / "x.h5"));
  EXPECT_FALSE(has_temporaries(dir.path));
}
