// The command line from a question to a shareable table: per-command help,
// distinct names with --out auto, tables that say what their numbers are,
// compare against stored runs, and the scenario and export commands that
// turn a results file back into a scenario or into CSV.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "output/h5.h"
#include "support/cli.h"

using namespace simrun;
using namespace simrun::testing;
using ::testing::HasSubstr;
using ::testing::Not;
namespace fs = std::filesystem;

namespace {

const std::string kSmall = " --runs 16 --set agents.diaspora.population=50000 -q ";

std::size_t lines_of(const std::string& s) { return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n')); }

std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

}  // namespace

TEST(HelpCli, EachCommandHasItsOwnHelp) {
  TempDir dir;
  const auto run = run_cli("run --help", dir.path);
  EXPECT_EQ(run.code, 0);
  EXPECT_THAT(run.out, HasSubstr("simrun [run] SCENARIO.json"));
  EXPECT_THAT(run.out, HasSubstr("--no-trajectories"));
  EXPECT_THAT(run.out, Not(HasSubstr("--csv")));
  const auto sweep = run_cli("help sweep", dir.path);
  EXPECT_EQ(sweep.code, 0);
  EXPECT_THAT(sweep.out, HasSubstr("--vary"));
  EXPECT_THAT(sweep.out, HasSubstr("--resume"));
  const auto summary = run_cli("summary --help", dir.path);
  EXPECT_THAT(summary.out, HasSubstr("--csv"));
  EXPECT_THAT(summary.out, Not(HasSubstr("--runs")));
  const auto exp = run_cli("export -h", dir.path);
  EXPECT_THAT(exp.out, HasSubstr("--per-run"));
  // The general help lists every command, run included.
  const auto all = run_cli("help", dir.path);
  EXPECT_EQ(all.code, 0);
  for (const char* word : {"simrun [run] SCENARIO.json", "simrun scenario RESULTS.h5", "simrun export RESULTS.h5"})
    EXPECT_THAT(all.out, HasSubstr(word));
  const auto bad = run_cli("help nosuch", dir.path);
  EXPECT_EQ(bad.code, 2);
  EXPECT_THAT(bad.err, HasSubstr("no command \"nosuch\""));
}

TEST(HelpCli, ABareSimrunPrintsAShortUsageAndExits2) {
  TempDir dir;
  const auto r = run_cli("", dir.path);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_THAT(r.err, HasSubstr("Usage: simrun COMMAND"));
  EXPECT_THAT(r.err, HasSubstr("simrun compare A B"));
  EXPECT_LT(lines_of(r.err), 20u);
}

TEST(HelpCli, ValidateVerbosePrintsTheChainAndTheSets) {
  TempDir dir;
  const auto r =
      run_cli("validate " + scenario_file("ukraine_deal.json") + " --set actors.RU.hawkishness=0.7 -v", dir.path);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("scenario chain: "));
  EXPECT_THAT(r.err, HasSubstr("baseline.json"));
  EXPECT_THAT(r.err, HasSubstr("--set applied: actors.RU.hawkishness=0.7"));
}

TEST(OutAuto, NamesFollowTheSetsAndTheSeedAndTheTableAndTitleShowThem) {
  TempDir dir;
  const std::string base = scenario_file("baseline.json") + kSmall + "--out auto";
  const auto plain = run_cli(base, dir.path);
  ASSERT_EQ(plain.code, 0) << plain.err;
  const auto hawk = run_cli(base + " --set actors.RU.hawkishness=0.8 --threads 1", dir.path);
  ASSERT_EQ(hawk.code, 0) << hawk.err;
  const auto seeded = run_cli(base + " --seed 7", dir.path);
  ASSERT_EQ(seeded.code, 0) << seeded.err;
  EXPECT_EQ(plain.out, "results: results/baseline_agents.diaspora.population=50000.h5\n");
  EXPECT_EQ(hawk.out, "results: results/baseline_agents.diaspora.population=50000_actors.RU.hawkishness=0.8.h5\n");
  EXPECT_EQ(seeded.out, "results: results/baseline_agents.diaspora.population=50000_seed=7.h5\n");
  const fs::path file = dir.path / "results/baseline_agents.diaspora.population=50000_actors.RU.hawkishness=0.8.h5";
  const auto table = run_cli("summary '" + file.string() + "'", dir.path);
  EXPECT_THAT(
      first_line(table.out),
      HasSubstr("baseline with --set agents.diaspora.population=50000, --set actors.RU.hawkishness=0.8: 16 runs"));
  const auto f = h5::File::open_read(file);
  EXPECT_EQ(f.attr_string("title"),
            "simrun results: baseline with --set agents.diaspora.population=50000, --set actors.RU.hawkishness=0.8");
  // The same command again names the same file, which is never replaced silently.
  EXPECT_EQ(run_cli(base, dir.path).code, 2);
  EXPECT_EQ(run_cli("scenario '" + file.string() + "' --out auto", dir.path).code, 2);
}

TEST(OutAuto, OneThreadIsSaidInTheSingular) {
  TempDir dir;
  const auto r =
      run_cli(scenario_file("baseline.json") + " --runs 4 --set agents.diaspora.population=50000 -t 1", dir.path);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("1 thread ->"));
  EXPECT_THAT(r.err, Not(HasSubstr("(0 runs/s)")));
}

TEST(Tables, SayWhatTheNumbersAre) {
  TempDir dir;
  const auto r = run_cli(scenario_file("baseline.json") + " --runs 8 --set agents.diaspora.population=50000", dir.path);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("P(reached by day 365)"));
  EXPECT_THAT(r.out, HasSubstr("hostile_ru (count)"));
  EXPECT_THAT(r.out, HasSubstr("goldstein_sum (points)"));
  EXPECT_THAT(r.out, HasSubstr("docs/model.md"));
}

// The comparison of a scenario with itself: no outcome is reached in one
// run without the other, and one never reached has no interval at all.
TEST(Tables, APairedIntervalOfAnOutcomeNoRunReachedIsNotAvailable) {
  TempDir dir;
  const std::string s = scenario_file("baseline.json");
  const auto r = run_cli("compare " + s + " " + s + " --runs 4 --set agents.diaspora.population=50000", dir.path);
  ASSERT_EQ(r.code, 0) << r.err;
  std::istringstream in(r.out);
  int unavailable = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("mass_deportation", 0) == 0) {
      EXPECT_THAT(line, HasSubstr("n/a")) << line;
    }
    if (line.find("0.000   0.000") != std::string::npos) {
      EXPECT_THAT(line, HasSubstr("n/a")) << line;
    }
    unavailable += line.find("n/a") != std::string::npos;
  }
  EXPECT_GT(unavailable, 0);
}

class CompareStored : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(run_cli(scenario_file("baseline.json") + kSmall + "--out a.h5", dir.path).code, 0);
    ASSERT_EQ(run_cli(scenario_file("ukraine_deal.json") + kSmall + "--out b.h5", dir.path).code, 0);
    ASSERT_EQ(run_cli("compare " + scenario_file("baseline.json") + " " + scenario_file("ukraine_deal.json") + kSmall +
                          "--out full.h5",
                      dir.path)
                  .code,
              0);
  }
  std::string csv(const std::string& file) { return run_cli("summary " + file + " --csv", dir.path).out; }
  TempDir dir;
};

TEST_F(CompareStored, ReusedRunsGiveTheSameComparisonAsRunningBoth) {
  const std::string sets = " --set agents.diaspora.population=50000 -q ";
  const std::string expected = csv("full.h5");
  ASSERT_THAT(expected, HasSubstr("baseline vs ukraine_deal,outcome"));
  struct Case {
    std::string args, out;
  } cases[] = {{"a.h5 " + scenario_file("ukraine_deal.json") + sets, "c1.h5"},
               {scenario_file("baseline.json") + " b.h5" + sets, "c2.h5"},
               {"a.h5 b.h5 -q", "c3.h5"}};
  for (const auto& c : cases) {
    const auto r = run_cli("compare " + c.args + " --out " + c.out, dir.path);
    ASSERT_EQ(r.code, 0) << c.args << "\n" << r.err;
    EXPECT_EQ(csv(c.out), expected) << c.args;
    // The stored side is copied whole, dimension scales included.
    const auto f = h5::File::open_read(dir.path / c.out);
    EXPECT_TRUE(f.has("a/outcomes/visa_regime"));
    EXPECT_TRUE(f.has("b/summary/outcome_probability"));
  }
  EXPECT_EQ(h5::File::open_read(dir.path / "c3.h5").attr_string("a_results_file"), "a.h5");
}

TEST_F(CompareStored, RunsThatCannotBePairedAreRefused) {
  ASSERT_EQ(run_cli(scenario_file("ukraine_deal.json") + kSmall + "--seed 3 --out b3.h5", dir.path).code, 0);
  struct Case {
    std::string args, fragment;
  } cases[] = {
      {"a.h5 b3.h5", "cannot pair the runs of a.h5 (16 runs, seed 20250301) with those of b3.h5"},
      {"a.h5 " + scenario_file("ukraine_deal.json") + " --runs 20", "cannot pair with a.h5: --runs 20"},
      {scenario_file("ukraine_deal.json") + " a.h5 --seed 4", "cannot pair with a.h5: --seed 4"},
      {"a.h5 b.h5 --set actors.RU.hawkishness=0.5", "both results files"},
      {"full.h5 b.h5", "a comparison file"},
  };
  for (const auto& c : cases) {
    const auto r = run_cli("compare " + c.args + " --out x.h5", dir.path);
    EXPECT_EQ(r.code, 2) << c.args;
    EXPECT_THAT(r.err, HasSubstr(c.fragment)) << c.args;
    EXPECT_FALSE(fs::exists(dir.path / "x.h5"));
  }
}

TEST_F(CompareStored, AResultsFileWhereAScenarioBelongsIsNamed) {
  for (const std::string cmd : {"a.h5", "validate a.h5", "sweep a.h5 --vary actors.RU.hawkishness=0.1,0.2"}) {
    const auto r = run_cli(cmd, dir.path);
    EXPECT_EQ(r.code, 2) << cmd;
    EXPECT_THAT(r.err, HasSubstr("a.h5: an HDF5 file (a simrun results file?)")) << cmd;
    EXPECT_THAT(r.err, HasSubstr("simrun scenario a.h5")) << cmd;
    EXPECT_THAT(r.err, Not(HasSubstr("UTF-8"))) << cmd;
  }
}

TEST_F(CompareStored, TheStoredScenarioRunsAgainToTheSameNumbers) {
  const auto printed = run_cli("scenario a.h5", dir.path);
  ASSERT_EQ(printed.code, 0) << printed.err;
  const auto doc = nlohmann::json::parse(printed.out);
  EXPECT_EQ(doc["name"], "baseline");
  EXPECT_EQ(doc["run"]["runs"], 16);
  ASSERT_EQ(run_cli("scenario a.h5 --out again.json", dir.path).code, 0);
  EXPECT_EQ(slurp(dir.path / "again.json"), printed.out);
  // Never replaced without --force; never written over the results file.
  EXPECT_EQ(run_cli("scenario a.h5 --out again.json", dir.path).code, 2);
  EXPECT_EQ(run_cli("scenario a.h5 --out again.json --force", dir.path).code, 0);
  EXPECT_EQ(run_cli("scenario a.h5 --out a.h5 --force", dir.path).code, 2);
  ASSERT_EQ(run_cli("again.json -q --out again.h5", dir.path).code, 0);
  EXPECT_EQ(csv("again.h5"), csv("a.h5"));
  const auto refused = run_cli("scenario full.h5", dir.path);
  EXPECT_EQ(refused.code, 2);
  EXPECT_THAT(refused.err, HasSubstr("a_scenario"));
}

TEST_F(CompareStored, ExportPerRunGivesOneRowPerRun) {
  const auto r = run_cli("export a.h5 --per-run", dir.path);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(lines_of(r.out), 17u);
  const std::string header = first_line(r.out);
  // The sampled parameters first, then the calibrated sets' fields and the set drawn.
  EXPECT_EQ(header.rfind("run,actors.RU.attention,", 0), 0u) << header;
  for (const char* col : {",channels.oil_transit,", ",actors.RU.hawkishness,", ",parameter_set,", ",visa_regime_day,",
                          ",coercion_of_people_day,", ",hostile_ru,", ",goldstein_sum"})
    EXPECT_THAT(header, HasSubstr(col));
  std::istringstream in(r.out);
  std::string line;
  std::getline(in, line);
  const auto columns = std::count(header.begin(), header.end(), ',');
  for (int i = 0; std::getline(in, line); ++i) {
    EXPECT_EQ(line.rfind(std::to_string(i) + ",", 0), 0u) << line;
    EXPECT_EQ(std::count(line.begin(), line.end(), ','), columns) << line;
  }
  EXPECT_EQ(run_cli("export a.h5", dir.path).code, 2);
  ASSERT_EQ(run_cli("export a.h5 --per-run --out runs.csv", dir.path).code, 0);
  EXPECT_EQ(slurp(dir.path / "runs.csv"), r.out);
}

TEST(ExportCli, ASweepFileGivesPointReplicationAndFactors) {
  TempDir dir;
  ASSERT_EQ(run_cli("sweep " + scenario_file("ukraine_deal.json") +
                        " --vary actors.RU.hawkishness=0.3,0.7 --runs 3 --set agents.diaspora.population=50000 -q "
                        "--out s.h5",
                    dir.path)
                .code,
            0);
  const auto r = run_cli("export s.h5 --per-run", dir.path);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(lines_of(r.out), 7u);
  EXPECT_EQ(first_line(r.out).rfind("point,replication,status,hawkishness,visa_regime_day,", 0), 0u)
      << first_line(r.out);
  EXPECT_THAT(r.out, HasSubstr("\n1,2,succeeded,0.7,"));
  const auto sc = run_cli("scenario s.h5", dir.path);
  ASSERT_EQ(sc.code, 0) << sc.err;
  EXPECT_EQ(nlohmann::json::parse(sc.out)["name"], "ukraine_deal");
}
