// The command line as a user meets it: help, version, usage errors and their
// exit codes, the protection of existing results, interruption.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/cli.h"
#include "util/version.h"

using namespace simrun::testing;
using ::testing::HasSubstr;

namespace {
// Small and fast: a few runs on a diaspora of 500 agents.
const std::string kSmall = " --runs 24 --set agents.diaspora.population=50000 ";
}  // namespace

TEST(Cli, HelpExplainsEveryOptionAndCommand) {
  TempDir dir;
  const auto r = run_cli("--help", dir.path);
  EXPECT_EQ(r.code, 0);
  for (const char* word :
       {"--runs", "--seed", "--threads", "--out", "--set", "--force", "--quiet", "--verbose", "--no-trajectories",
        "--no-events", "--csv", "--version", "validate", "compare", "summary", "sweep", "Exit codes"})
    EXPECT_THAT(r.out, HasSubstr(word));
}

TEST(Cli, VersionNamesLibraries) {
  TempDir dir;
  const auto r = run_cli("--version", dir.path);
  EXPECT_EQ(r.code, 0);
  EXPECT_THAT(r.out, HasSubstr(std::string("simrun ") + simrun::kVersion + " (git " + simrun::kGitSha + ")"));
  EXPECT_THAT(r.out, HasSubstr("Boost"));
  EXPECT_THAT(r.out, HasSubstr("HDF5"));
  EXPECT_THAT(r.out, HasSubstr("Eigen"));
}

TEST(Cli, UsageErrorsGiveOneLineAndExitCode2) {
  TempDir dir;
  struct Case {
    std::string args, fragment;
  };
  const Case cases[] = {
      {"--bogus", "unrecognised option"},
      {"run", "missing argument"},
      {"compare " + scenario_file("baseline.json"), "missing argument"},
      {"/no/such/file.json", "cannot read file"},
      {scenario_file("baseline.json") + " --runs 0", "--runs must be a whole number from 1"},
      {scenario_file("baseline.json") + " --seed -1", "--seed must be a whole number from 0"},
      {scenario_file("baseline.json") + " --runs 1e3", "--runs must be a whole number"},
      {scenario_file("baseline.json") + " --threads -1", "--threads"},
      {scenario_file("baseline.json") + " extra.json", "unexpected argument"},
      {"sweep " + scenario_file("baseline.json") + " --no-events", "do not apply to sweeps"},
      {"summary /no/such.h5", "no such file"},
  };
  for (const auto& c : cases) {
    const auto r = run_cli(c.args, dir.path);
    EXPECT_EQ(r.code, 2) << c.args << "\n" << r.err;
    EXPECT_THAT(r.err, HasSubstr(c.fragment)) << c.args;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "one line for: " << c.args << "\n" << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir.path / "results" / "baseline.h5"));
  }
}

TEST(Cli, RunWritesResultsAndPrintsASummaryTable) {
  TempDir dir;
  const auto r = run_cli(scenario_file("ukraine_deal.json") + kSmall, dir.path);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(std::filesystem::exists(dir.path / "results" / "ukraine_deal.h5"));
  EXPECT_THAT(r.out, HasSubstr("visa_regime"));
  EXPECT_THAT(r.out, HasSubstr("coercion_of_people"));
  EXPECT_THAT(r.out, HasSubstr("["));
  // Not a terminal: plain log lines, no carriage-return bar.
  EXPECT_THAT(r.err, HasSubstr("[info]"));
  EXPECT_EQ(r.err.find('\r'), std::string::npos);
  // No temporary or scratch file is left behind.
  for (const auto& e : std::filesystem::directory_iterator(dir.path / "results"))
    EXPECT_EQ(e.path().filename(), "ukraine_deal.h5");
}

TEST(Cli, QuietPrintsNoLogLines) {
  TempDir dir;
  const auto r = run_cli(scenario_file("baseline.json") + kSmall + "--quiet", dir.path);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "");
}

TEST(Cli, AnExistingResultsFileIsNeverDestroyedSilently) {
  TempDir dir;
  ASSERT_EQ(run_cli(scenario_file("baseline.json") + kSmall + "--out mine.h5", dir.path).code, 0);
  const auto before = slurp(dir.path / "mine.h5");
  const auto again = run_cli(scenario_file("baseline.json") + kSmall + "--out mine.h5 --seed 9", dir.path);
  EXPECT_EQ(again.code, 2);
  EXPECT_THAT(again.err, HasSubstr("--force"));
  EXPECT_EQ(slurp(dir.path / "mine.h5"), before);
  const auto forced = run_cli(scenario_file("baseline.json") + kSmall + "--out mine.h5 --seed 9 --force", dir.path);
  EXPECT_EQ(forced.code, 0) << forced.err;
  EXPECT_NE(slurp(dir.path / "mine.h5"), before);
}

TEST(Cli, AnUnwritableDestinationIsARuntimeFailureAndLeavesNothing) {
  TempDir dir;
  { std::ofstream(dir / "not_a_folder") << "x"; }
  const auto r = run_cli(scenario_file("baseline.json") + kSmall + "--out not_a_folder/r.h5", dir.path);
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr("not_a_folder"));
}

TEST(Cli, InterruptExitsWith130AndLeavesNoFile) {
  TempDir dir;
  // SIGINT after a second, into a run that takes much longer.
  const std::string cmd = "cd '" + dir.path.string() + "' && timeout --preserve-status -s INT 1 " +
                          std::string(SIMRUN_EXE) + " " + scenario_file("baseline.json") +
                          " --runs 100000 --out long.h5 >/dev/null 2>'" + (dir / "err") + "'";
  const int status = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130) << slurp(dir / "err");
  EXPECT_THAT(slurp(dir / "err"), HasSubstr("interrupted"));
  for (const auto& e : std::filesystem::directory_iterator(dir.path))
    EXPECT_EQ(e.path().filename(), "err") << "left behind: " << e.path();
}

TEST(Cli, AFullDiskIsARuntimeFailureAndKeepsTheEarlierResults) {
  TempDir dir;
  const std::string mnt = dir / "small";
  std::filesystem::create_directories(mnt);
  // A 600 KiB file system: needs root (CI runs as root); skipped otherwise.
  if (std::system(("mount -t tmpfs -o size=600k tmpfs '" + mnt + "' 2>/dev/null").c_str()) != 0)
    GTEST_SKIP() << "cannot mount a small tmpfs here";
  { std::ofstream(mnt + "/r.h5") << "earlier results"; }
  const std::string job = scenario_file("ukraine_deal.json") + " --runs 300 --set agents.diaspora.population=50000 " +
                          "--force --quiet --out '" + mnt + "/r.h5'";
  // The estimate sees that the data cannot fit and refuses before starting.
  const auto refused = run_cli(job, dir.path);
  EXPECT_EQ(refused.code, 2) << refused.err;
  EXPECT_THAT(refused.err, HasSubstr("free"));
  EXPECT_EQ(slurp(mnt + "/r.h5"), "earlier results");
  // Started anyway, the run meets the full disk: an I/O failure, nothing lost.
  const auto r = run_cli("--allow-large " + job, dir.path);
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr("No space left on device"));
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_EQ(slurp(mnt + "/r.h5"), "earlier results") << "the earlier file must survive";
  for (const auto& e : std::filesystem::directory_iterator(mnt))
    EXPECT_EQ(e.path().filename(), "r.h5") << "left behind: " << e.path();
  std::system(("umount '" + mnt + "'").c_str());
}
