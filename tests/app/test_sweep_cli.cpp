// simrun sweep as a user runs it: a grid point's runs are a plain run's with
// that point's --set (common random numbers); the file does not depend on
// the thread count; a sweep killed mid-way resumes to the same file; --resume
// refuses a changed sweep; --dry-run writes nothing; failed runs are recorded,
// or stop the sweep with --fail-fast.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "model/metrics.h"
#include "model/outcomes.h"
#include "model/variables.h"
#include "output/h5.h"
#include "support/cli.h"
#include "support/h5_digest.h"

using namespace simrun;
using namespace simrun::testing;
using ::testing::HasSubstr;
namespace fs = std::filesystem;

namespace {

const std::string kSmall = " --set agents.diaspora.population=50000 --quiet ";
const std::string kGrid = "sweep " + scenario_file("ukraine_deal.json") +
                          " --vary actors.RU.hawkishness=0.3:0.7:2 --vary events.0.day=60,200" + kSmall;

// Every numeric dataset but the run times, which no two runs share.
std::map<std::string, std::uint64_t> numbers_of(const fs::path& file) {
  auto d = dataset_digests(file.string());
  d.erase("runs/seconds");
  return d;
}

// Starts `args` in `cwd`, waits until `path` exists, lets it run a little
// longer, then sends `sig` (SIGKILL: what a power cut does to a sweep).
// Returns the exit code (128 + n for a signal) and leaves stderr in cwd/err.
int kill_when(const std::string& args, const fs::path& cwd, const fs::path& path, std::chrono::milliseconds after,
              int sig = SIGKILL) {
  const std::string cmd =
      "cd '" + cwd.string() + "' && exec " + std::string(SIMRUN_EXE) + " " + args + " >/dev/null 2>err </dev/null";
  const pid_t pid = ::fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    ::execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  for (int i = 0; i < 6000 && !fs::exists(path); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  std::this_thread::sleep_for(after);
  ::kill(pid, sig);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

TEST(SweepCli, AGridPointsRunsAreThePlainRunWithThatPointsSet) {
  TempDir dir;
  const auto s = run_cli(kGrid + " --runs 12 --out grid.h5", dir.path);
  ASSERT_EQ(s.code, 0) << s.err;
  // Point 3 is the last combination: hawkishness 0.7, day 200.
  const auto r = run_cli(scenario_file("ukraine_deal.json") + kSmall +
                             " --runs 12 --set actors.RU.hawkishness=0.7 --set events.0.day=200 --out plain.h5",
                         dir.path);
  ASSERT_EQ(r.code, 0) << r.err;
  const auto sweep = h5::File::open_read(dir.path / "grid.h5");
  const auto plain = h5::File::open_read(dir.path / "plain.h5");
  const auto runs = sweep.open_group("runs"), outcomes = plain.open_group("outcomes");
  std::vector<double> row(12);
  for (const auto& o : model::outcome_table()) {
    runs.open_dataset(o.name).read_block_into({3, 0}, {1, 12}, row);
    const auto want = outcomes.open_dataset(o.name).read<double>();
    for (std::size_t i = 0; i < 12; ++i)
      ASSERT_TRUE(row[i] == want[i] || (std::isnan(row[i]) && std::isnan(want[i]))) << o.name << " run " << i;
  }
  for (const auto& m : model::metric_table()) {
    runs.open_dataset(m.name).read_block_into({3, 0}, {1, 12}, row);
    EXPECT_EQ(row, outcomes.open_dataset(m.name).read<double>()) << m.name;
  }
  // The trajectories at the horizons (days 30, 90, 180, 365 on daily steps).
  const auto horizons = runs.open_dataset("horizon").read<double>();
  const auto tension = plain.open_group("trajectories").open_dataset("tension").read<float>();
  const std::size_t times = plain.open_group("trajectories").open_dataset("time").size();
  std::vector<float> at(12 * horizons.size());
  runs.open_dataset("tension").read_block_into({3, 0, 0}, {1, 12, horizons.size()}, at);
  for (std::size_t i = 0; i < 12; ++i)
    for (std::size_t h = 0; h < horizons.size(); ++h)
      EXPECT_EQ(at[i * horizons.size() + h], tension[i * times + static_cast<std::size_t>(horizons[h])]);
}

TEST(SweepCli, TheFileIsTheSameForAnyThreadCount) {
  TempDir dir;
  ASSERT_EQ(run_cli(kGrid + " --runs 10 --threads 1 --out one.h5", dir.path).code, 0);
  ASSERT_EQ(run_cli(kGrid + " --runs 10 --threads 3 --out three.h5", dir.path).code, 0);
  const auto a = numbers_of(dir.path / "one.h5"), b = numbers_of(dir.path / "three.h5");
  EXPECT_GT(a.size(), 60u);
  EXPECT_EQ(a, b);
}

TEST(SweepCli, AKilledSweepResumesToTheSameFileAndRefusesAChangedOne) {
  TempDir dir;
  const std::string args = kGrid + " --runs 150 --threads 2";
  ASSERT_EQ(run_cli(args + " --out whole.h5", dir.path).code, 0);
  kill_when(args + " --out cut.h5", dir.path, dir.path / "cut.h5.partial", std::chrono::milliseconds(400));
  ASSERT_TRUE(fs::exists(dir.path / "cut.h5.partial")) << "the sweep finished before it could be killed";
  ASSERT_FALSE(fs::exists(dir.path / "cut.h5"));

  const auto again = run_cli(args + " --out cut.h5", dir.path);
  EXPECT_EQ(again.code, 2);
  EXPECT_THAT(again.err, HasSubstr("pass --resume to continue it"));
  const auto changed = run_cli(args + " --seed 7 --out cut.h5 --resume", dir.path);
  EXPECT_EQ(changed.code, 2);
  EXPECT_THAT(changed.err, HasSubstr("the sweep (its file, --vary, --runs, --seed or --set) changed"));

  const auto resumed = run_cli(args + " --out cut.h5 --resume", dir.path);
  ASSERT_EQ(resumed.code, 0) << resumed.err;
  EXPECT_FALSE(fs::exists(dir.path / "cut.h5.partial"));
  EXPECT_EQ(numbers_of(dir.path / "whole.h5"), numbers_of(dir.path / "cut.h5"));
}

TEST(SweepCli, CtrlCKeepsTheFinishedRunsAndSaysHowToResume) {
  TempDir dir;
  const std::string args = kGrid + " --runs 150 --threads 2 --out i.h5";
  const int code = kill_when(args, dir.path, dir.path / "i.h5.partial", std::chrono::milliseconds(300), SIGINT);
  EXPECT_EQ(code, 130);
  EXPECT_THAT(slurp(dir.path / "err"), HasSubstr("interrupted by SIGINT; finished runs are kept in i.h5.partial"));
  EXPECT_TRUE(fs::exists(dir.path / "i.h5.partial"));
  EXPECT_FALSE(fs::exists(dir.path / "i.h5"));
  const auto resumed = run_cli(args + " --resume", dir.path);
  EXPECT_EQ(resumed.code, 0) << resumed.err;
  EXPECT_FALSE(fs::exists(dir.path / "i.h5.partial"));
  EXPECT_TRUE(fs::exists(dir.path / "i.h5"));
}

TEST(SweepCli, DryRunEstimatesAndWritesNothing) {
  TempDir dir;
  const auto r = run_cli(kGrid + " --runs 500 --dry-run", dir.path);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("4 points x 500 replications = 2000 runs"));
  EXPECT_THAT(r.out, HasSubstr("estimate:"));
  EXPECT_THAT(r.out, HasSubstr("nothing was run or written"));
  EXPECT_FALSE(fs::exists(dir.path / "results"));
}

TEST(SweepCli, FailedRunsAreRecordedAndTheSweepGoesOnUnlessFailFast) {
  TempDir dir;
  // A sweep's points must share the base scenario's horizon: the second cannot run.
  const std::string args =
      "sweep " + scenario_file("ukraine_deal.json") + " --vary run.horizon_days=365,300 --runs 6" + kSmall;
  const auto r = run_cli(args + " --out f.h5", dir.path);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("6 runs failed"));
  const auto f = h5::File::open_read(dir.path / "f.h5");
  const auto status = f.open_group("runs").open_dataset("status").read<std::int8_t>();
  EXPECT_EQ(status, (std::vector<std::int8_t>{1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2}));
  EXPECT_EQ(f.open_group("runs").attr_int64("failed_points"), 1);
  const auto errors = f.open_group("runs").attr_strings("errors");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0], ::testing::StartsWith("point 1: "));
  EXPECT_THAT(errors[0], HasSubstr("horizon_days"));
  const auto p = f.open_group("points").open_dataset("outcome_probability").read<double>();
  EXPECT_FALSE(std::isnan(p.front()));
  EXPECT_TRUE(std::isnan(p.back()));

  const auto ff = run_cli(args + " --out g.h5 --fail-fast", dir.path);
  EXPECT_EQ(ff.code, 1);
  EXPECT_THAT(ff.err, HasSubstr("stopped (--fail-fast)"));
  EXPECT_FALSE(fs::exists(dir.path / "g.h5"));
  EXPECT_TRUE(fs::exists(dir.path / "g.h5.partial"));
}

TEST(SweepCli, AFactorTheModelNeverUsesHasATotalIndexWhoseIntervalHoldsZero) {
  TempDir dir;
  const auto r = run_cli(
      "sweep " + std::string(SIMRUN_SOURCE_DIR) + "/tests/data/sweeps/dummy_factor_sobol.json" + " --quiet --out s.h5",
      dir.path);
  ASSERT_EQ(r.code, 0) << r.err;
  const auto sobol = h5::File::open_read(dir.path / "s.h5").open_group("sobol");
  // [metric = hostile_ru][parameter]: hawkishness, then the unused day.
  const auto total = sobol.open_dataset("metric_total").read<double>();
  const auto lower = sobol.open_dataset("metric_total_lower").read<double>();
  const auto upper = sobol.open_dataset("metric_total_upper").read<double>();
  EXPECT_LE(lower[1], 0.0);
  EXPECT_GE(upper[1], 0.0);
  EXPECT_NEAR(total[1], 0.0, 1e-12) << "on common random numbers an unused factor changes no run";
  // The factor that is used is found: its interval lies above zero.
  EXPECT_GT(lower[0], 0.0);
  EXPECT_GT(total[0], 0.5);
  // The same for the outcome, at the last horizon.
  const auto ot = sobol.open_dataset("outcome_total").read<double>();
  EXPECT_NEAR(ot[ot.size() - 1], 0.0, 1e-12);

  // summary prints the points and the indices, largest total index first...
  const auto text = run_cli("summary s.h5", dir.path);
  ASSERT_EQ(text.code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("saltelli design, 128 points x 8 replications"));
  EXPECT_THAT(text.out, HasSubstr("(88 more points"));
  const auto idx = text.out.find("Sobol' indices");
  ASSERT_NE(idx, std::string::npos);
  EXPECT_LT(text.out.find("\n    hawkishness", idx), text.out.find("\n    day ", idx));
  // ...and --csv every point, outcome, horizon and metric, and every index:
  // 128 points x (7 outcomes x 4 horizons + 10 metrics) + 2 x (4 + 1) x 2.
  const auto csv = run_cli("summary s.h5 --csv", dir.path);
  ASSERT_EQ(csv.code, 0) << csv.err;
  EXPECT_EQ(csv.out.substr(0, csv.out.find('\n')),
            "table,point,parameter,hawkishness,day,quantity,horizon_days,estimate,lower,upper");
  EXPECT_EQ(std::count(csv.out.begin(), csv.out.end(), '\n'), 1 + 128 * 38 + 20);
  EXPECT_THAT(csv.out, HasSubstr("\nsobol_total,,day,,,hostile_ru,365,0,0,0\n"));
}

TEST(SweepCli, EveryExampleSweepLoadsAndEstimates) {
  TempDir dir;
  for (const auto& entry : fs::directory_iterator(fs::path(SIMRUN_SOURCE_DIR) / "scenarios" / "sweeps")) {
    const auto r = run_cli("sweep " + entry.path().string() + " --dry-run", dir.path);
    EXPECT_EQ(r.code, 0) << entry.path() << "\n" << r.err;
    EXPECT_THAT(r.out, HasSubstr("nothing was run or written")) << entry.path();
  }
  EXPECT_TRUE(fs::is_empty(dir.path));
}
