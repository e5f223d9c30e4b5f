// simrun score and simrun calibrate as a user runs them: the forecasts in
// the score file agree with the results file's event log counted here
// independently, the outcomes with the record fixture; bad inputs are
// refused with exit code 2; a calibration accepts the closest points and
// writes them as a scenario fragment.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "output/h5.h"
#include "support/cli.h"
#include "support/h5_digest.h"
#include "util/dates.h"

using namespace simrun;
using namespace simrun::testing;
using ::testing::HasSubstr;
namespace fs = std::filesystem;

namespace {

const std::string kRecord = std::string(SIMRUN_SOURCE_DIR) + "/tests/data/record/small.csv";
const std::string kRun = scenario_file("baseline.json") +
                         " --set run.start_date=2024-01-01 --set run.horizon_days=200"
                         " --set agents.diaspora.population=20000 --quiet";
const std::string kWindow = " --from 2024-03-01 --to 2024-06-30";

std::vector<std::string> words(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// The dyad's events of a results file from 2024-01-01 that fall in March to
// June 2024, read here independently of simrun score: each with its run, its
// month (0 to 3) and its item name (RU.accuse).
struct WindowEvent {
  std::int64_t run = 0;
  std::size_t month = 0;
  std::string item;
  bool second_row = false;  // the other side's row of a joint act
};

std::vector<WindowEvent> window_events(const fs::path& results) {
  const auto ev = h5::File::open_read(results).open_group("events");
  const auto runs = ev.open_dataset("run").read<std::int64_t>();
  const auto time = ev.open_dataset("time").read<double>();
  const auto actor = ev.open_dataset("actor").read<std::int16_t>();
  const auto target = ev.open_dataset("target").read<std::int16_t>();
  const auto action = ev.open_dataset("action").read<std::int16_t>();
  const auto actions = words(ev.open_dataset("action").attr_string("flag_meanings"));
  const long start = *parse_iso_date("2024-01-01");
  const long bounds[] = {*parse_iso_date("2024-03-01"), *parse_iso_date("2024-04-01"), *parse_iso_date("2024-05-01"),
                         *parse_iso_date("2024-06-01"), *parse_iso_date("2024-07-01")};
  // The record's coding rule: both sides take part in a meeting, a signed
  // text, a deal or an exchange, so such an act is an item of each side.
  const std::set<std::string> joint = {"leaders_meeting", "sign_agreement", "economic_cooperation",
                                       "exchange_prisoners"};
  std::vector<WindowEvent> out;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (!((actor[i] == 0 && target[i] == 1) || (actor[i] == 1 && target[i] == 0))) continue;
    const long day = start + static_cast<long>(time[i]) - 1;
    const std::string& name = actions[static_cast<std::size_t>(action[i])];
    for (std::size_t m = 0; m < 4; ++m)
      if (day >= bounds[m] && day < bounds[m + 1]) {
        out.push_back({runs[i], m, std::string(actor[i] == 0 ? "RU." : "AZ.") + name, false});
        if (joint.count(name)) out.push_back({runs[i], m, std::string(actor[i] == 0 ? "AZ." : "RU.") + name, true});
      }
  }
  return out;
}

// A results file of 40 runs from 2024-01-01, made once for the suite.
class ScoreCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir("simrun_score");
    const auto r = run_cli(kRun + " --runs 40 --out run.h5", dir_->path);
    ASSERT_EQ(r.code, 0) << r.err;
  }
  static void TearDownTestSuite() { delete dir_; }
  static fs::path results() { return dir_->path / "run.h5"; }
  static TempDir* dir_;
};
TempDir* ScoreCli::dir_ = nullptr;

}  // namespace

TEST_F(ScoreCli, ForecastsAreTheShareOfRunsCountedFromTheEventLog) {
  TempDir dir;
  const auto s = run_cli("score " + results().string() + " " + kRecord + kWindow + " --out score.h5", dir.path);
  ASSERT_EQ(s.code, 0) << s.err;
  EXPECT_THAT(s.out, HasSubstr("items_brier"));
  EXPECT_THAT(s.out, HasSubstr("window: 2024-03 .. 2024-06 (4 months); base rate from 2024-01 .. 2024-02"));
  const auto f = h5::File::open_read(dir.path / "score.h5");
  EXPECT_EQ(f.attr_string("file_type"), "simrun score");
  EXPECT_EQ(f.attr_int64("complete"), 1);
  const auto g = f.open_group("score");
  const auto items = words(g.open_dataset("item").attr_string("flag_meanings"));
  const auto p = g.open_dataset("probability").read<double>();
  const auto outcome = g.open_dataset("outcome").read<std::int8_t>();
  ASSERT_EQ(p.size(), items.size() * 4);
  // The record fixture: counts and net Goldstein of March to June.
  EXPECT_EQ(g.open_dataset("count").read<double>(), (std::vector<double>{2, 2, 0, 1}));
  EXPECT_EQ(g.open_dataset("net_goldstein").read<double>(), (std::vector<double>{-7, 3, 0, -2}));
  const auto item = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(items.begin(), items.end(), name) - items.begin());
  };
  EXPECT_EQ(outcome[item("RU.summon_ambassador") * 4 + 0], 1);
  EXPECT_EQ(outcome[item("AZ.demand") * 4 + 0], 1);
  EXPECT_EQ(outcome[item("RU.apologise") * 4 + 1], 1);
  EXPECT_EQ(outcome[item("RU.apologise") * 4 + 0], 0);
  // The same probabilities, counted here from the results file's events.
  std::vector<std::set<std::int64_t>> seen(items.size() * 4);
  std::size_t second_rows = 0;
  for (const WindowEvent& e : window_events(results()))
    if (item(e.item) < items.size()) {
      seen[item(e.item) * 4 + e.month].insert(e.run);
      second_rows += e.second_row;
    }
  EXPECT_GT(second_rows, 0u) << "no joint act in the window: the joint rule would go untested";
  // A joint act is an item of both sides in the same month.
  for (const char* act : {"leaders_meeting", "sign_agreement", "economic_cooperation", "exchange_prisoners"})
    for (std::size_t m = 0; m < 4; ++m)
      EXPECT_EQ(p[item(std::string("RU.") + act) * 4 + m], p[item(std::string("AZ.") + act) * 4 + m])
          << act << " month " << m;
  double total = 0;
  for (std::size_t k = 0; k < p.size(); ++k) {
    EXPECT_DOUBLE_EQ(p[k], static_cast<double>(seen[k].size()) / 40.0) << items[k / 4] << " month " << k % 4;
    total += p[k];
  }
  EXPECT_GT(total, 0) << "no event of the dyad in four months of 40 runs: the test would not test anything";
  // The table's mean and the by-month values agree.
  const auto by_month = g.open_dataset("by_month").read<double>();
  const auto mean = g.open_dataset("mean").read<double>();
  EXPECT_NEAR(mean[0], (by_month[0] + by_month[1] + by_month[2] + by_month[3]) / 4, 1e-12);
}

TEST_F(ScoreCli, CsvRowsAreTidy) {
  TempDir dir;
  const auto s = run_cli("score " + results().string() + " " + kRecord + kWindow + " --csv", dir.path);
  ASSERT_EQ(s.code, 0) << s.err;
  std::istringstream in(s.out);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "score,forecast,versus,value,lower,upper,months");
  bool has_difference = false;
  int rows = 0;
  while (std::getline(in, line)) {
    ++rows;
    EXPECT_EQ(std::count(line.begin(), line.end(), ','), 6) << line;
    has_difference |= line.rfind("items_brier,model,constant_0.5,", 0) == 0;
  }
  EXPECT_TRUE(has_difference);
  EXPECT_GT(rows, 20);
}

TEST_F(ScoreCli, RefusesWhatItCannotScore) {
  TempDir dir;
  const auto r = run_cli(kRun + " --runs 4 --no-events --out quiet.h5", dir.path);
  ASSERT_EQ(r.code, 0) << r.err;
  auto s = run_cli("score quiet.h5 " + kRecord, dir.path);
  EXPECT_EQ(s.code, 2);
  EXPECT_THAT(s.err, HasSubstr("no event log"));
  s = run_cli("score " + results().string() + " " + kRecord + " --from 2023-12-01", dir.path);
  EXPECT_EQ(s.code, 2);
  EXPECT_THAT(s.err, HasSubstr("whole months 2024-01 .. 2024-06"));
  s = run_cli(
      "score " + results().string() + " " + std::string(SIMRUN_SOURCE_DIR) + "/tests/data/record/bad_values.csv",
      dir.path);
  EXPECT_EQ(s.code, 2);
  EXPECT_THAT(s.err, HasSubstr("bad_values.csv:6:22: unknown action \"sumon_ambassador\""));
  s = run_cli("score " + results().string() + " " + kRecord + " --out " + results().string() + " --force", dir.path);
  EXPECT_EQ(s.code, 2);
  EXPECT_THAT(s.err, HasSubstr("is an input"));
  s = run_cli("score " + results().string(), dir.path);
  EXPECT_EQ(s.code, 2);
}

// Each run's dyad events in the months of March to June 2024 with the given
// actions left out, counted here from the results file's event log.
std::vector<std::vector<double>> monthly_counts(const fs::path& results, const std::set<std::string>& left_out) {
  std::vector<std::vector<double>> count(4, std::vector<double>(40, 0));
  for (const WindowEvent& e : window_events(results))
    if (!left_out.count(e.item.substr(3))) count[e.month][static_cast<std::size_t>(e.run)] += 1;
  return count;
}

TEST_F(ScoreCli, ExcludedActionsAreNoItemsAndCountNowhere) {
  TempDir dir;
  const auto s = run_cli("score " + results().string() + " " + kRecord + kWindow +
                             " --exclude-actions summon_ambassador --exclude-actions apologise,accuse --out score.h5",
                         dir.path);
  ASSERT_EQ(s.code, 0) << s.err;
  EXPECT_THAT(s.out, HasSubstr("excluded actions (no items; their events count nowhere): apologise accuse "
                               "summon_ambassador"));
  const auto f = h5::File::open_read(dir.path / "score.h5");
  EXPECT_EQ(f.attr_string("excluded_actions"), "apologise,accuse,summon_ambassador");
  const auto g = f.open_group("score");
  const auto items = words(g.open_dataset("item").attr_string("flag_meanings"));
  for (const std::string gone : {"RU.summon_ambassador", "AZ.summon_ambassador", "RU.apologise", "AZ.accuse"})
    EXPECT_EQ(std::count(items.begin(), items.end(), gone), 0) << gone;
  EXPECT_EQ(std::count(items.begin(), items.end(), "AZ.demand"), 1);
  // The record without them: March keeps the demand, April the suspended
  // flights, June's criticism is gone.
  EXPECT_EQ(g.open_dataset("count").read<double>(), (std::vector<double>{1, 1, 0, 0}));
  EXPECT_EQ(g.open_dataset("net_goldstein").read<double>(), (std::vector<double>{-5, -4, 0, 0}));
  // The model's monthly counts without them: the median of each month.
  const auto q = g.open_dataset("count_quantile").read<double>();  // [quantile][month], levels 0.05 .. 0.95
  const auto without = monthly_counts(results(), {"summon_ambassador", "apologise", "accuse"});
  const auto with = monthly_counts(results(), {});
  double dropped = 0;
  for (std::size_t m = 0; m < 4; ++m) {
    auto sorted = without[m];
    std::sort(sorted.begin(), sorted.end());
    EXPECT_DOUBLE_EQ(q[2 * 4 + m], (sorted[19] + sorted[20]) / 2) << "month " << m;
    for (std::size_t r = 0; r < 40; ++r) dropped += with[m][r] - without[m][r];
  }
  EXPECT_GT(dropped, 0) << "no run had an excluded event: the test would not test the model's side";
}

TEST_F(ScoreCli, RefusesAnUnknownExcludedAction) {
  TempDir dir;
  auto s = run_cli("score " + results().string() + " " + kRecord + " --exclude-actions phone_call,sumon_ambassador",
                   dir.path);
  EXPECT_EQ(s.code, 2);
  EXPECT_THAT(s.err, HasSubstr("--exclude-actions: unknown action \"sumon_ambassador\"; did you mean "
                               "\"summon_ambassador\"?"));
  s = run_cli("summary " + results().string() + " --exclude-actions phone_call", dir.path);
  EXPECT_EQ(s.code, 2);
  EXPECT_THAT(s.err, HasSubstr("--exclude-actions"));
}

TEST_F(ScoreCli, NeverChangesTheResultsFile) {
  const auto before = dataset_digests(results().string());
  TempDir dir;
  ASSERT_EQ(run_cli("score " + results().string() + " " + kRecord + " --out s.h5", dir.path).code, 0);
  EXPECT_EQ(dataset_digests(results().string()), before);
}

TEST(CalibrateCli, AcceptsTheClosestPointsAndWritesThemAsAFragment) {
  TempDir dir;
  const std::string file = std::string(SIMRUN_SOURCE_DIR) + "/tests/data/calibration/tiny.json";
  const auto r = run_cli("calibrate " + file + " --out cal.h5 --quiet", dir.path);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("fragment: cal.fragment.json"));
  const auto f = h5::File::open_read(dir.path / "cal.h5");
  const auto g = f.open_group("calibration");
  const auto distance = g.open_dataset("distance").read<double>();
  const auto accepted = g.open_dataset("accepted").read<std::int8_t>();
  ASSERT_EQ(distance.size(), 6u);
  EXPECT_EQ(std::count(accepted.begin(), accepted.end(), 1), 2);
  double worst_accepted = 0, best_rejected = 1e300;
  for (std::size_t p = 0; p < 6; ++p) {
    ASSERT_TRUE(std::isfinite(distance[p]));
    if (accepted[p])
      worst_accepted = std::max(worst_accepted, distance[p]);
    else
      best_rejected = std::min(best_rejected, distance[p]);
  }
  EXPECT_LE(worst_accepted, best_rejected);
  // The record's statistics: counts of January to April, then net Goldstein.
  const auto observed = g.open_dataset("observed").read<double>();
  EXPECT_EQ(std::vector<double>(observed.begin(), observed.begin() + 8),
            (std::vector<double>{2, 1, 2, 2, -1, 3, -7, 3}));
  // The fragment holds the accepted points' values, closest first.
  const auto values = f.open_group("design").open_dataset("values").read<double>();
  const auto frag = nlohmann::json::parse(slurp(dir.path / "cal.fragment.json"));
  const auto& ps = frag.at("parameter_sets");
  EXPECT_EQ(ps.at("paths"), (nlohmann::json{"actors.RU.hawkishness", "actors.AZ.hawkishness"}));
  ASSERT_EQ(ps.at("sets").size(), 2u);
  std::vector<std::size_t> order = {0, 1, 2, 3, 4, 5};
  std::erase_if(order, [&](std::size_t p) { return !accepted[p]; });
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return distance[a] < distance[b]; });
  for (std::size_t k = 0; k < 2; ++k) {
    EXPECT_EQ(ps["sets"][k][0].get<double>(), values[order[k] * 2 + 0]);
    EXPECT_EQ(ps["sets"][k][1].get<double>(), values[order[k] * 2 + 1]);
  }
  EXPECT_THAT(ps.at("source").get<std::string>(), HasSubstr("ABC rejection"));
  // Nothing is left behind, and the fragment is not replaced without --force.
  EXPECT_FALSE(fs::exists(dir.path / "cal.h5.partial"));
  const auto again = run_cli("calibrate " + file + " --out other.h5 --fragment cal.fragment.json --quiet", dir.path);
  EXPECT_EQ(again.code, 2);
  EXPECT_THAT(again.err, HasSubstr("cal.fragment.json exists"));
}

TEST(CalibrateCli, ExcludedActionsLeaveTheRecordsStatistics) {
  TempDir dir;
  auto cal = nlohmann::json::parse(slurp(fs::path(SIMRUN_SOURCE_DIR) / "tests/data/calibration/tiny.json"));
  cal["scenario"] = scenario_file("baseline.json");
  cal["calibration"]["record"] = kRecord;
  cal["calibration"]["exclude_actions"] = {"phone_call", "accuse"};
  std::ofstream(dir.path / "cal.json") << cal.dump(2);
  const auto r = run_cli("calibrate cal.json --out cal.h5 --quiet", dir.path);
  ASSERT_EQ(r.code, 0) << r.err;
  const auto g = h5::File::open_read(dir.path / "cal.h5").open_group("calibration");
  // January loses both its rows, the call and the accusation; February's
  // working group (no model action) stays. Counts, then net Goldstein.
  const auto observed = g.open_dataset("observed").read<double>();
  EXPECT_EQ(std::vector<double>(observed.begin(), observed.begin() + 8),
            (std::vector<double>{0, 1, 2, 2, 0, 3, -7, 3}));
  const auto names = words(g.open_dataset("statistic").attr_string("flag_meanings"));
  for (const auto& n : names) EXPECT_EQ(n.find("phone_call"), std::string::npos) << n;
}

TEST(CalibrateCli, RefusesABadCalibrationBlockWithPositions) {
  TempDir dir;
  const std::string file = std::string(SIMRUN_SOURCE_DIR) + "/tests/data/calibration/bad_block.json";
  const auto r = run_cli("calibrate " + file, dir.path);
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("/calibration/statistic: unknown key \"statistic\"; did you mean \"statistics\"?"));
  EXPECT_THAT(r.err, HasSubstr("bad_block.json:7:5: /calibration/fit_from: expected a date"));
  EXPECT_THAT(r.err, HasSubstr("/calibration/accept: expected a fraction"));
  EXPECT_THAT(r.err, HasSubstr("/calibration/exclude_actions/1: unknown action \"economic_cooperaton\"; did you "
                               "mean \"economic_cooperation\"?"));
  EXPECT_THAT(r.err, HasSubstr("/design/kind: a calibration samples the prior"));
}

TEST(CalibrateCli, TheFitDoesNotDependOnTheThreadCount) {
  TempDir dir;
  const std::string file = std::string(SIMRUN_SOURCE_DIR) + "/tests/data/calibration/tiny.json";
  ASSERT_EQ(run_cli("calibrate " + file + " --out one.h5 --threads 1 --quiet", dir.path).code, 0);
  ASSERT_EQ(run_cli("calibrate " + file + " --out two.h5 --threads 2 --quiet", dir.path).code, 0);
  auto one = dataset_digests((dir.path / "one.h5").string()), two = dataset_digests((dir.path / "two.h5").string());
  one.erase("runs/seconds");
  two.erase("runs/seconds");
  EXPECT_EQ(one, two);
  EXPECT_TRUE(one.count("calibration/distance"));
  const auto a = nlohmann::json::parse(slurp(dir.path / "one.fragment.json"));
  const auto b = nlohmann::json::parse(slurp(dir.path / "two.fragment.json"));
  EXPECT_EQ(a["parameter_sets"]["sets"], b["parameter_sets"]["sets"]);
}

TEST(CalibrateCli, AnInterruptedCalibrationResumesToTheSameFit) {
  TempDir dir;
  const std::string file = std::string(SIMRUN_SOURCE_DIR) + "/tests/data/calibration/tiny.json";
  const std::string args = "calibrate " + file + " --runs 60 --threads 1 --quiet";
  ASSERT_EQ(run_cli(args + " --out whole.h5", dir.path).code, 0);
  // Interrupted once the state file exists, then resumed.
  const std::string cmd = "cd '" + dir.path.string() + "' && exec " + std::string(SIMRUN_EXE) + " " + args +
                          " --out cut.h5 >/dev/null 2>err </dev/null";
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  for (int i = 0; i < 6000 && !fs::exists(dir.path / "cut.h5.partial"); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ::kill(pid, SIGINT);
  int status = 0;
  ::waitpid(pid, &status, 0);
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  if (code == 130) {
    ASSERT_TRUE(fs::exists(dir.path / "cut.h5.partial"));
    EXPECT_FALSE(fs::exists(dir.path / "cut.h5"));
    const auto r = run_cli(args + " --out cut.h5 --resume", dir.path);
    ASSERT_EQ(r.code, 0) << r.err;
  } else {
    ASSERT_EQ(code, 0) << "finished before the interrupt: the test did not interrupt anything";
  }
  auto whole = dataset_digests((dir.path / "whole.h5").string()), cut = dataset_digests((dir.path / "cut.h5").string());
  whole.erase("runs/seconds");
  cut.erase("runs/seconds");
  EXPECT_EQ(whole, cut);
  EXPECT_EQ(nlohmann::json::parse(slurp(dir.path / "whole.fragment.json"))["parameter_sets"]["sets"],
            nlohmann::json::parse(slurp(dir.path / "cut.fragment.json"))["parameter_sets"]["sets"]);
}
