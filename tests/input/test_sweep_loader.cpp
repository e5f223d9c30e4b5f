// The sweep-file loader (input/sweep.h): valid files of every design kind,
// each class of error with its exact place and text, the limits, --vary,
// factor_assignment, and the checks of factors against the base scenario.
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "input/scenario.h"
#include "input/sweep.h"
#include "util/diagnostics.h"

namespace simrun::input {
namespace {

using ::testing::HasSubstr;

const std::string kScenarios = std::string(SIMRUN_SOURCE_DIR) + "/scenarios";
const std::string kSweeps = std::string(SIMRUN_SOURCE_DIR) + "/tests/data/sweeps";

// A sweep text with the shipped scenarios as its folder.
Sweep load(const std::string& text) { return load_sweep_text(text, "test_sweep.json", kScenarios); }

// The diagnostics of a text the loader must refuse.
std::vector<Diagnostic> errors_of(const std::string& text) {
  try {
    load(text);
  } catch (const InputError& e) {
    return e.diagnostics();
  }
  ADD_FAILURE() << "accepted:\n" << text;
  return {};
}

// The one diagnostic at `pointer` (fails unless exactly one is there).
Diagnostic error_at(const std::string& text, const std::string& pointer) {
  const auto all = errors_of(text);
  std::vector<Diagnostic> hits;
  for (const auto& d : all)
    if (d.path == pointer) hits.push_back(d);
  std::string listing;
  for (const auto& d : all) listing += d.str() + "\n";
  EXPECT_EQ(hits.size(), 1u) << "at " << pointer << "; all diagnostics:\n" << listing;
  return hits.empty() ? Diagnostic{} : hits.front();
}

// A sweep over ukraine_deal with these factors and design (JSON fragments).
std::string sweep_text(const std::string& factors, const std::string& design, const std::string& extra = "") {
  return "{\n  \"scenario\": \"ukraine_deal.json\",\n  \"factors\": " + factors + ",\n  \"design\": " + design + extra +
         "\n}\n";
}

const std::string kTwoRanges =
    R"([{"path": "actors.RU.hawkishness", "range": [0.2, 0.8]}, {"path": "actors.TR.alignment", "range": [-1, 1]}])";

// ---- valid files ---------------------------------------------------------------------

TEST(SweepFile, GridFromTheTestFolder) {
  const Sweep s = load_sweep(kSweeps + "/ukraine_deal_grid.json");
  EXPECT_EQ(s.name, "ukraine_deal_grid");
  EXPECT_EQ(s.scenario, kSweeps.substr(0, kSweeps.size() - std::string("tests/data/sweeps").size()) +
                            "scenarios/ukraine_deal.json");
  ASSERT_EQ(s.factors.size(), 3u);
  EXPECT_EQ(s.factors[0].name, "hawkishness");
  EXPECT_EQ(s.factors[1].name, "day");
  EXPECT_EQ(s.factors[2].name, "turkey");
  EXPECT_EQ(s.factors[1].path, "events.0.day");
  EXPECT_EQ(s.design.kind, mc::DesignKind::Grid);
  ASSERT_EQ(s.design.points, 4u * 3u * 2u);
  // First factor slowest: point 0 is every factor's first level, the last point every last.
  EXPECT_DOUBLE_EQ(s.design.value(0, 0), 0.2);
  EXPECT_DOUBLE_EQ(s.design.value(0, 1), 30);
  EXPECT_DOUBLE_EQ(s.design.value(0, 2), 0.2);
  EXPECT_DOUBLE_EQ(s.design.value(1, 2), 0.8);
  EXPECT_DOUBLE_EQ(s.design.value(2, 1), 90);
  EXPECT_DOUBLE_EQ(s.design.value(6, 0), 0.4);
  EXPECT_DOUBLE_EQ(s.design.value(23, 0), 0.8);
  EXPECT_DOUBLE_EQ(s.design.value(23, 1), 180);
  EXPECT_EQ(s.replications, 200);
  EXPECT_EQ(s.seed, 20241225u);
  EXPECT_EQ(s.sets, std::vector<std::string>{"run.horizon_days=365"});
  EXPECT_EQ(s.outcomes, (std::vector<int>{5, 4}));  // coercion_of_people, break_of_relations
  EXPECT_EQ(s.metrics.size(), 10u);
  EXPECT_EQ(s.resolved["factors"][0]["count"], 4);
  EXPECT_EQ(s.resolved["factors"][0]["name"], "hawkishness");
  EXPECT_EQ(s.resolved["design"], nlohmann::ordered_json({{"kind", "grid"}}));
  EXPECT_EQ(s.resolved["metrics"][0], "hostile_ru");
}

TEST(SweepFile, TheExampleOfTheDocsLoads) {
  std::ifstream in(std::string(SIMRUN_SOURCE_DIR) + "/docs/sweeps.md");
  std::stringstream text;
  text << in.rdbuf();
  const std::string doc = text.str();
  const auto section = doc.find("## Sweep files");
  ASSERT_NE(section, std::string::npos);
  const auto begin = doc.find("```json\n", section) + 8, end = doc.find("```", begin);
  ASSERT_LT(begin, end);
  // Its scenario path is relative to a folder beside scenarios/, as docs/ is.
  const Sweep s =
      load_sweep_text(doc.substr(begin, end - begin), "example.json", std::string(SIMRUN_SOURCE_DIR) + "/docs");
  EXPECT_EQ(s.name, "ukraine_deal_grid");
  EXPECT_EQ(s.design.points, 24u);
  EXPECT_EQ(s.factors[1].name, "settlement_day");
  EXPECT_EQ(s.factors[2].name, "alignment");
}

TEST(SweepFile, DefaultsAreFilledIn) {
  const Sweep s = load(sweep_text(kTwoRanges, R"({"kind": "monte_carlo", "points": 5})"));
  EXPECT_EQ(s.name, "test_sweep");  // the label's stem
  EXPECT_EQ(s.description, "");
  EXPECT_EQ(s.replications, 100);
  EXPECT_EQ(s.seed, 1u);
  EXPECT_EQ(s.design.seed, 1u);  // the design's seed defaults to the sweep's
  EXPECT_EQ(s.outcomes.size(), 7u);
  const auto& r = s.resolved;
  std::vector<std::string> keys;
  for (const auto& [k, v] : r.items()) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"name", "description", "scenario", "set", "factors", "design",
                                            "replications", "seed", "outcomes", "metrics"}));
  EXPECT_EQ(r["design"], nlohmann::ordered_json({{"kind", "monte_carlo"}, {"points", 5}, {"seed", 1}}));
  EXPECT_EQ(r["factors"][1],
            nlohmann::ordered_json({{"name", "alignment"}, {"path", "actors.TR.alignment"}, {"range", {-1, 1}}}));
  EXPECT_EQ(r["outcomes"][0], "visa_regime");
}

TEST(SweepFile, ExplicitPoints) {
  const Sweep s = load(sweep_text(kTwoRanges, R"({"kind": "points", "points": [[0.3, -0.5], [0.7, 1]]})"));
  ASSERT_EQ(s.design.points, 2u);
  EXPECT_EQ(s.design.kind, mc::DesignKind::Points);
  EXPECT_EQ(s.design.value(1, 0), 0.7);
  EXPECT_EQ(s.design.value(1, 1), 1);
  EXPECT_EQ(s.resolved["design"]["points"][0][1], -0.5);
}

TEST(SweepFile, MonteCarloAndLatinHypercubeTakeTheirSeed) {
  const Sweep mcs = load(sweep_text(kTwoRanges, R"({"kind": "monte_carlo", "points": 50})", R"(, "seed": 7)"));
  EXPECT_EQ(mcs.design.points, 50u);
  EXPECT_EQ(mcs.design.seed, 7u);
  const Sweep lh = load(sweep_text(kTwoRanges, R"({"kind": "latin_hypercube", "points": 40, "seed": 99})"));
  EXPECT_EQ(lh.design.kind, mc::DesignKind::LatinHypercube);
  EXPECT_EQ(lh.design.points, 40u);
  EXPECT_EQ(lh.design.seed, 99u);
  EXPECT_EQ(lh.seed, 1u);
  // Every value in the factor's range; every stratum of the first factor hit once.
  std::vector<int> strata(40, 0);
  for (std::size_t p = 0; p < 40; ++p) {
    const double v = lh.design.value(p, 0);
    ASSERT_GE(v, 0.2);
    ASSERT_LE(v, 0.8);
    ++strata[static_cast<std::size_t>(lh.design.unit[p * 2] * 40)];
  }
  EXPECT_EQ(std::count(strata.begin(), strata.end(), 1), 40);
}

TEST(SweepFile, SaltelliWithDistributions) {
  const Sweep s = load_sweep(kSweeps + "/ukraine_deal_sobol.json");
  EXPECT_EQ(s.design.kind, mc::DesignKind::Saltelli);
  EXPECT_EQ(s.design.points, 64u * (3 + 2));
  ASSERT_TRUE(s.design.saltelli.has_value());
  EXPECT_FALSE(s.design.saltelli->second_order);
  EXPECT_EQ(s.resolved["design"],
            nlohmann::ordered_json(
                {{"kind", "saltelli"}, {"base_points", 64}, {"second_order", false}, {"scramble", true}, {"seed", 1}}));
  EXPECT_EQ(s.metrics, (std::vector<int>{2, 0}));
  for (std::size_t p = 0; p < s.design.points; ++p) {
    ASSERT_GE(s.design.value(p, 1), 30);
    ASSERT_LE(s.design.value(p, 1), 330);
    ASSERT_GE(s.design.value(p, 2), -1);
    ASSERT_LE(s.design.value(p, 2), 1);
  }
  const Sweep second = load(sweep_text(kTwoRanges, R"({"kind": "saltelli", "base_points": 8, "second_order": true})"));
  EXPECT_EQ(second.design.points, 8u * (2 * 2 + 2));
}

TEST(SweepFile, MorrisTrajectories) {
  const Sweep s = load(sweep_text(kTwoRanges, R"({"kind": "morris", "trajectories": 5, "levels": 6, "seed": 3})"));
  EXPECT_EQ(s.design.kind, mc::DesignKind::Morris);
  EXPECT_EQ(s.design.points, 5u * 3u);
  ASSERT_TRUE(s.design.morris.has_value());
  EXPECT_EQ(s.design.morris->levels, 6);
  const Sweep d = load(sweep_text(kTwoRanges, R"({"kind": "morris", "trajectories": 2})"));
  EXPECT_EQ(d.design.morris->levels, 4);
  EXPECT_EQ(d.resolved["design"]["levels"], 4);
}

TEST(SweepFile, DefaultFactorNames) {
  // The last component where unique, else the path with underscores.
  const Sweep s = load(sweep_text(
      R"([{"path": "actors.RU.hawkishness", "levels": [0.5]}, {"path": "actors.AZ.hawkishness", "levels": [0.5]},
          {"path": "actors.TR.alignment", "levels": [0.5]}, {"path": "actors.IL.clout", "name": "il", "levels": [0.5]}])",
      R"({"kind": "grid"})"));
  ASSERT_EQ(s.factors.size(), 4u);
  EXPECT_EQ(s.factors[0].name, "actors_RU_hawkishness");
  EXPECT_EQ(s.factors[1].name, "actors_AZ_hawkishness");
  EXPECT_EQ(s.factors[2].name, "alignment");
  EXPECT_EQ(s.factors[3].name, "il");
  EXPECT_EQ(s.design.points, 1u);
}

// ---- errors, each with its place ---------------------------------------------------

TEST(SweepFileErrors, UnknownTopLevelKeySuggestsTheNearest) {
  const auto d = error_at(sweep_text(kTwoRanges, R"({"kind": "grid"})", ",\n  \"replicatons\": 5"), "/replicatons");
  EXPECT_EQ(d.file, "test_sweep.json");
  EXPECT_EQ(d.line, 5);
  EXPECT_EQ(d.column, 3);
  EXPECT_THAT(d.message, HasSubstr("unknown key \"replicatons\"; did you mean \"replications\"?"));
}

TEST(SweepFileErrors, UnknownDesignKindSuggestsTheNearest) {
  const auto d = error_at(sweep_text(kTwoRanges, R"({"kind": "saltely", "base_points": 8})"), "/design/kind");
  EXPECT_EQ(d.line, 4);
  EXPECT_EQ(d.column, 14);
  EXPECT_EQ(d.message,
            "unknown design kind \"saltely\"; did you mean \"saltelli\"? (expected one of grid, points, monte_carlo, "
            "latin_hypercube, saltelli, morris)");
}

TEST(SweepFileErrors, UnknownOutcomeAndMetricSuggestTheNearest) {
  const std::string text =
      sweep_text(kTwoRanges, R"({"kind": "grid"})",
                 ",\n  \"outcomes\": [\"coercion_of_peple\"],\n  \"metrics\": [\"hostile_ru\", \"hostile_ru\"]");
  const auto o = error_at(text, "/outcomes/0");
  EXPECT_EQ(o.line, 5);
  EXPECT_EQ(o.column, 16);
  EXPECT_THAT(o.message, HasSubstr("unknown outcome \"coercion_of_peple\"; did you mean \"coercion_of_people\"?"));
  EXPECT_EQ(error_at(text, "/metrics/1").message, "\"hostile_ru\" is listed twice");
}

TEST(SweepFileErrors, UnknownFactorAndDesignKeys) {
  const auto f = error_at(sweep_text(R"([{"path": "actors.RU.hawkishness", "levls": [0.5]}])", R"({"kind": "grid"})"),
                          "/factors/0/levls");
  EXPECT_THAT(f.message, HasSubstr("did you mean \"levels\"?"));
  const auto d = error_at(sweep_text(kTwoRanges, R"({"kind": "monte_carlo", "point": 5})"), "/design/point");
  EXPECT_THAT(d.message, HasSubstr("did you mean \"points\"?"));
  EXPECT_THAT(error_at(sweep_text(kTwoRanges, R"({"kind": "monte_carlo", "point": 5})"), "/design").message,
              HasSubstr("missing required key \"points\""));
}

TEST(SweepFileErrors, MissingRequiredKeys) {
  const auto all = errors_of("{\"factors\": [], \"design\": {}}");
  ASSERT_GE(all.size(), 3u);
  EXPECT_EQ(all[0].path, "");
  EXPECT_THAT(all[0].message, HasSubstr("missing required key \"scenario\""));
  EXPECT_THAT(error_at("{\"scenario\": \"ukraine_deal.json\", \"factors\": [], \"design\": {}}", "/factors").message,
              HasSubstr("expected an array of 1 to 64 factors, found 0 factors"));
  EXPECT_THAT(error_at("{\"scenario\": \"ukraine_deal.json\", \"factors\": [], \"design\": {}}", "/design").message,
              HasSubstr("missing required key \"kind\""));
}

TEST(SweepFileErrors, ScenarioThatDoesNotExist) {
  const auto d = error_at("{\"scenario\": \"ukraine.json\", \"factors\": " + kTwoRanges +
                              ", \"design\": {\"kind\": \"monte_carlo\", \"points\": 2}}",
                          "/scenario");
  EXPECT_EQ(d.line, 1);
  EXPECT_EQ(d.column, 2);
  EXPECT_THAT(d.message,
              HasSubstr("the scenario \"ukraine.json\" does not exist (looked for " + kScenarios + "/ukraine.json)"));
}

TEST(SweepFileErrors, FactorPathMissingFromTheScenario) {
  const auto d = error_at(sweep_text(R"([{"path": "actors.RU.hawkishness", "levels": [0.5]},
    {"path": "actors.RU.hawkishnes", "levels": [0.5]}])",
                                     R"({"kind": "grid"})"),
                          "/factors/1/path");
  EXPECT_EQ(d.line, 4);
  EXPECT_EQ(d.column, 6);
  EXPECT_EQ(d.message,
            "the scenario refuses actors.RU.hawkishnes=0.5: path \"actors.RU.hawkishnes\" does not exist: no "
            "\"hawkishnes\" in /actors/RU; did you mean \"hawkishness\"?");
}

TEST(SweepFileErrors, FactorBeyondAnEventList) {
  const auto d =
      error_at(sweep_text(R"([{"path": "events.3.day", "levels": [50]}])", R"({"kind": "grid"})"), "/factors/0/path");
  EXPECT_THAT(d.message, HasSubstr("/events has 1 elements; expected an index 0..0"));
}

TEST(SweepFileErrors, FactorOfTheWrongKind) {
  EXPECT_EQ(
      error_at(sweep_text(R"([{"path": "run.start_date", "levels": [1]}])", R"({"kind": "grid"})"), "/factors/0/path")
          .message,
      "\"run.start_date\" is a date field; a factor sets a number");
  EXPECT_EQ(error_at(sweep_text(R"([{"path": "actors.RU", "levels": [1]}])", R"({"kind": "grid"})"), "/factors/0/path")
                .message,
            "\"actors.RU\" is an object; a factor sets a number");
}

TEST(SweepFileErrors, ValuesOutsideTheFieldsRange) {
  const std::string range = sweep_text(R"([{"path": "actors.RU.hawkishness", "range": [0.5, 1.5]}])",
                                       R"({"kind": "monte_carlo", "points": 3})");
  const auto r = error_at(range, "/factors/0/range/1");
  EXPECT_EQ(r.line, 3);
  EXPECT_EQ(r.column, 64);
  EXPECT_EQ(r.message, "1.5 is outside the range [0, 1] of actors.RU.hawkishness");
  const auto l = error_at(sweep_text(R"([{"path": "events.0.day", "levels": [30, 90, 40000]}])", R"({"kind": "grid"})"),
                          "/factors/0/levels/2");
  EXPECT_EQ(l.message, "40000 is outside the range [0, 36500] of events.0.day");
  const auto d = error_at(sweep_text(R"([{"path": "actors.TR.clout", "distribution": {"dist": "normal", "mean": 0.5,
    "sd": 0.1}}])",
                                     R"({"kind": "latin_hypercube", "points": 3})"),
                          "/factors/0/distribution");
  EXPECT_THAT(d.message, HasSubstr("can produce values in [-inf, inf], outside the range [0, 1] of actors.TR.clout"));
}

TEST(SweepFileErrors, IntegerFieldsTakeWholeNumbers) {
  EXPECT_EQ(
      error_at(sweep_text(R"([{"path": "run.runs", "range": [10, 20]}])", R"({"kind": "monte_carlo", "points": 3})"),
               "/factors/0/range")
          .message,
      "run.runs takes whole numbers: give levels, or (in a grid) a range with a count");
  EXPECT_EQ(error_at(sweep_text(R"([{"path": "run.runs", "levels": [10, 20.5]}])", R"({"kind": "grid"})"),
                     "/factors/0/levels/1")
                .message,
            "run.runs takes whole numbers; found 20.5");
  EXPECT_NO_THROW(load(sweep_text(R"([{"path": "run.runs", "range": [10, 20], "count": 3}])", R"({"kind": "grid"})")));
}

TEST(SweepFileErrors, FactorForms) {
  const auto both = error_at(
      sweep_text(R"([{"path": "actors.RU.hawkishness", "range": [0, 1], "levels": [0.5]}])", R"({"kind": "grid"})"),
      "/factors/0/levels");
  EXPECT_THAT(both.message, HasSubstr("this one has \"range\" and \"levels\""));
  EXPECT_THAT(
      error_at(sweep_text(R"([{"path": "actors.RU.hawkishness"}])", R"({"kind": "grid"})"), "/factors/0").message,
      HasSubstr("a factor needs one of \"range\", \"levels\" or \"distribution\""));
  EXPECT_EQ(error_at(sweep_text(R"([{"path": "actors.RU.hawkishness", "range": [0.8, 0.2]}])",
                                R"({"kind": "monte_carlo", "points": 2})"),
                     "/factors/0/range")
                .message,
            "lo (0.8) must be less than hi (0.2)");
  EXPECT_EQ(
      error_at(sweep_text(R"([{"path": "actors.RU.hawkishness", "levels": [0.2, 0.5, 0.2]}])", R"({"kind": "grid"})"),
               "/factors/0/levels")
          .message,
      "0.2 is listed twice; levels must be distinct");
  EXPECT_THAT(error_at(sweep_text(R"([{"path": "actors.RU.hawkishness", "range": [0.2, 0.8], "count": 3}])",
                                  R"({"kind": "monte_carlo", "points": 2})"),
                       "/factors/0/count")
                  .message,
              HasSubstr("\"count\" makes the levels of a grid; a monte_carlo design samples the whole range"));
  EXPECT_EQ(error_at(sweep_text(R"([{"path": "actors.RU.hawkishness", "range": [0.2, 0.8]}])", R"({"kind": "grid"})"),
                     "/factors/0/range")
                .message,
            "a grid needs \"levels\", or a \"range\" with a \"count\", for every factor");
  EXPECT_EQ(error_at(sweep_text(R"([{"path": "actors.RU.hawkishness", "range": [0.2, 0.8], "count": 1}])",
                                R"({"kind": "grid"})"),
                     "/factors/0/count")
                .message,
            "1 is out of range [2, 10000]");
  EXPECT_EQ(
      error_at(sweep_text(R"([{"path": "actors.RU.hawkishness", "distribution": {"dist": "uniform", "min": 0.5}}])",
                          R"({"kind": "monte_carlo", "points": 2})"),
               "/factors/0/distribution")
          .message,
      "a uniform distribution needs \"max\"");
}

TEST(SweepFileErrors, FactorNamesAndPaths) {
  const std::string text = sweep_text(
      R"([{"path": "actors.RU.hawkishness", "name": "h", "levels": [0.5]},
    {"path": "actors.AZ.hawkishness", "name": "h", "levels": [0.5]},
    {"path": "actors.RU.hawkishness", "name": "x", "levels": [0.5]},
    {"path": "actors.TR.clout", "name": "level", "levels": [0.5]},
    {"path": "actors.IL.clout", "name": "2nd", "levels": [0.5]}])",
      R"({"kind": "grid"})");
  EXPECT_EQ(error_at(text, "/factors/1/name").message, "the name \"h\" is already the name of factor 0");
  EXPECT_EQ(error_at(text, "/factors/2/path").message, "\"actors.RU.hawkishness\" is already the path of factor 0");
  EXPECT_THAT(error_at(text, "/factors/3/name").message,
              HasSubstr("the name \"level\" is reserved for a dimension of the results"));
  EXPECT_THAT(error_at(text, "/factors/4/name").message, HasSubstr("the name \"2nd\" is not an identifier"));
}

TEST(SweepFileErrors, DesignSettings) {
  EXPECT_EQ(
      error_at(sweep_text(kTwoRanges, R"({"kind": "saltelli", "base_points": 6})"), "/design/base_points").message,
      "6 is not a power of two of at least 2 (2, 4, 8, ...)");
  EXPECT_EQ(error_at(sweep_text(kTwoRanges, R"({"kind": "morris", "trajectories": 4, "levels": 5})"), "/design/levels")
                .message,
            "5 is odd; Morris levels must be even");
  EXPECT_EQ(
      error_at(sweep_text(kTwoRanges, R"({"kind": "saltelli", "base_points": 8, "scramble": 1})"), "/design/scramble")
          .message,
      "expected true or false, found an integer (1)");
  EXPECT_EQ(error_at(sweep_text(kTwoRanges, R"({"kind": "monte_carlo", "points": 2.5})"), "/design/points").message,
            "expected a non-negative integer, found a number (2.5)");
}

TEST(SweepFileErrors, PointRows) {
  const std::string text = sweep_text(kTwoRanges, R"({"kind": "points", "points": [[0.9, 0], [0.5], [0.5, "x"]]})");
  EXPECT_EQ(error_at(text, "/design/points/0/0").message, "0.9 is outside factor \"hawkishness\"'s range [0.2, 0.8]");
  EXPECT_EQ(error_at(text, "/design/points/1").message,
            "expected an array of 2 numbers (one per factor), found an array ([0.5])");
  EXPECT_EQ(error_at(text, "/design/points/2/1").message, "expected a finite number, found a string (\"x\")");
}

TEST(SweepFileErrors, DesignErrorsBecomeLocatedInputErrors) {
  // A Morris grid reaches u = 0 and 1, where a normal has no finite value:
  // mc/design.cpp throws std::invalid_argument, which must come back located.
  const auto d = error_at(sweep_text(R"([{"path": "channels.trade", "distribution": {"dist": "normal", "mean": 5,
    "sd": 1}}])",
                                     R"({"kind": "morris", "trajectories": 3})"),
                          "/design");
  EXPECT_EQ(d.line, 5);
  EXPECT_THAT(d.message, HasSubstr("has no finite value at unit coordinate"));
}

TEST(SweepFileErrors, FactorsThatClashAtPointZero) {
  const auto d = error_at(sweep_text(R"([{"path": "run.step_days", "levels": [10, 20]},
    {"path": "run.horizon_days", "levels": [5, 365]}])",
                                     R"({"kind": "grid"})"),
                          "/design");
  EXPECT_THAT(d.message, HasSubstr("at point 0 (run.step_days=10 run.horizon_days=5) the scenario is invalid: "
                                   "/run/horizon_days: the horizon (5 days) is shorter than one step (10 days)"));
}

TEST(SweepFileErrors, FixedAssignmentsAreLocated) {
  const auto d = error_at(
      sweep_text(kTwoRanges, R"({"kind": "grid"})", ",\n  \"set\": [\"run.horizon_days=365\", \"actors.RU.hawk=0.5\"]"),
      "/set/1");
  EXPECT_EQ(d.line, 5);
  EXPECT_EQ(d.column, 35);
  EXPECT_THAT(d.message, HasSubstr("the scenario refuses actors.RU.hawk=0.5: path \"actors.RU.hawk\" does not exist"));
}

TEST(SweepFileErrors, ScenarioFileErrorsAreReportedAsTheyAre) {
  const std::string text = "{\"scenario\": \"broken_scenario.json\", \"factors\": " + kTwoRanges +
                           ", \"design\": {\"kind\": \"monte_carlo\", \"points\": 2}}";
  try {
    load_sweep_text(text, "s.json", kSweeps);
    ADD_FAILURE() << "accepted";
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u) << e.what();
    const Diagnostic& d = e.diagnostics()[0];
    EXPECT_EQ(d.file, kSweeps + "/broken_scenario.json");
    EXPECT_EQ(d.path, "/actors/RU/hawkishness");
    EXPECT_EQ(d.line, 5);
    EXPECT_EQ(d.message, "2 is out of range [0, 1]");
  }
}

TEST(SweepFileErrors, NumbersOfTheTopLevel) {
  const std::string base = sweep_text(kTwoRanges, R"({"kind": "monte_carlo", "points": 2})");
  auto with = [&](const std::string& extra) {
    return sweep_text(kTwoRanges, R"({"kind": "monte_carlo", "points": 2})", extra);
  };
  EXPECT_EQ(error_at(with(",\n  \"replications\": 0"), "/replications").message, "0 is out of range [1, 1000000]");
  EXPECT_EQ(error_at(with(",\n  \"seed\": -1"), "/seed").message, "-1 is out of range [0, 18446744073709551615]");
  EXPECT_EQ(error_at(with(",\n  \"name\": \"a b\""), "/name").message,
            "\"a b\" may contain only letters, digits, '_', '.' and '-'");
  EXPECT_NO_THROW(load(base));
}

// ---- limits -------------------------------------------------------------------------

TEST(SweepFileLimits, GridPoints) {
  const auto d = error_at(sweep_text(R"([{"path": "actors.RU.hawkishness", "range": [0, 1], "count": 1001},
    {"path": "actors.AZ.hawkishness", "range": [0, 1], "count": 1000}])",
                                     R"({"kind": "grid"})"),
                          "/design");
  EXPECT_EQ(d.message, "the design has 1001000 points; at most 1000000 are allowed");
  EXPECT_NO_THROW(load(sweep_text(R"([{"path": "actors.RU.hawkishness", "range": [0, 1], "count": 1000},
    {"path": "actors.AZ.hawkishness", "range": [0, 1], "count": 1000}])",
                                  R"({"kind": "grid"})", ",\n  \"replications\": 1")));
}

TEST(SweepFileLimits, SaltelliPointsCountEveryBlock) {
  const auto d = error_at(sweep_text(kTwoRanges, R"({"kind": "saltelli", "base_points": 262144})"), "/design");
  EXPECT_EQ(d.message, "the design has 1048576 points; at most 1000000 are allowed");
}

TEST(SweepFileLimits, PointsTimesReplications) {
  const auto d =
      error_at(sweep_text(kTwoRanges, R"({"kind": "monte_carlo", "points": 1000000})", ",\n  \"replications\": 1001"),
               "/replications");
  EXPECT_EQ(d.message, "1000000 points x 1001 replications make 1001000000 runs; at most 1000000000 are allowed");
}

// n distinct fields of ukraine_deal in [0, 1], as factors over that range
// (with `count` levels when given).
std::string unit_factors(std::size_t n, int count = 0) {
  std::vector<std::string> paths;
  for (const char* actor : {"RU", "AZ"})
    for (const char* f :
         {"hawkishness", "reputation_sensitivity", "pain_sensitivity", "nationalist_pressure", "attention", "activity"})
      paths.push_back(std::string("actors.") + actor + "." + f);
  for (const char* actor : {"TR", "IL", "EU", "IR", "US"}) paths.push_back(std::string("actors.") + actor + ".clout");
  for (int m = 0; m < 6; ++m)
    for (const char* f : {"line", "gain", "reach"}) paths.push_back("agents.media." + std::to_string(m) + "." + f);
  EXPECT_LE(n, paths.size());
  std::string out = "[";
  for (std::size_t i = 0; i < n && i < paths.size(); ++i)
    out += std::string(i ? ",\n" : "") + R"({"path": ")" + paths[i] + R"(", "range": [0, 1])" +
           (count ? R"(, "count": )" + std::to_string(count) : "") + "}";
  return out + "]";
}

TEST(SweepFileLimits, ValuesOfTheDesign) {
  // 300,000 points of 35 factors: within the points limit, beyond the values limit.
  const auto d = error_at(sweep_text(unit_factors(35), R"({"kind": "monte_carlo", "points": 300000})"), "/design");
  EXPECT_EQ(d.message, "the design has 300000 points of 35 factors, 10500000 values; at most 10000000 are allowed");
}

TEST(SweepFileLimits, HugeGridsAreCountedWithoutOverflow) {
  EXPECT_EQ(error_at(sweep_text(unit_factors(20, 10000), R"({"kind": "grid"})"), "/design").message,
            "the design has 1000000000000000 points; at most 1000000 are allowed");
}

TEST(SweepFileLimits, AMillionMistakesAreCountedNotAllBuilt) {
  std::string levels = "[";
  for (int k = 0; k < 10000; ++k) levels += std::string(k ? "," : "") + std::to_string(2 + k);
  levels += "]";
  std::string factors = "[";
  for (const char* actor : {"RU", "AZ"})
    factors += std::string(factors.size() > 1 ? "," : "") + R"({"path": "actors.)" + actor +
               R"(.hawkishness", "levels": )" + levels + "}";
  factors += "]";
  try {
    load(sweep_text(factors, R"({"kind": "monte_carlo", "points": 2})"));
    ADD_FAILURE() << "accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.count(), 20000u);
    EXPECT_EQ(e.diagnostics().front().message, "2 is outside the range [0, 1] of actors.RU.hawkishness");
  }
}

TEST(SweepFileLimits, Factors) {
  std::string factors = "[";
  for (int i = 0; i < 65; ++i) factors += std::string(i ? "," : "") + R"({"path": "run.seed", "levels": [1]})";
  factors += "]";
  EXPECT_EQ(error_at(sweep_text(factors, R"({"kind": "grid"})"), "/factors").message,
            "expected an array of 1 to 64 factors, found 65 factors");
}

// ---- --vary ---------------------------------------------------------------------------

TEST(SweepVary, RangesAndLists) {
  const Sweep s =
      sweep_from_vary(kScenarios + "/ukraine_deal.json", {"actors.RU.hawkishness=0.2:0.8:7", "events.0.day=30,90,180"});
  EXPECT_EQ(s.name, "ukraine_deal_sweep");
  EXPECT_EQ(s.file, "");
  EXPECT_EQ(s.replications, 1000);  // the scenario's run.runs and run.seed
  EXPECT_EQ(s.seed, 20250301u);
  ASSERT_EQ(s.factors.size(), 2u);
  EXPECT_EQ(s.factors[0].name, "hawkishness");
  EXPECT_EQ(s.factors[1].name, "day");
  EXPECT_EQ(s.design.kind, mc::DesignKind::Grid);
  ASSERT_EQ(s.design.points, 21u);
  EXPECT_DOUBLE_EQ(s.design.value(3, 0), 0.3);
  EXPECT_DOUBLE_EQ(s.design.value(20, 0), 0.8);
  EXPECT_DOUBLE_EQ(s.design.value(1, 1), 90);
  EXPECT_EQ(s.resolved["factors"][0]["range"], nlohmann::ordered_json({0.2, 0.8}));
  EXPECT_EQ(s.resolved["factors"][0]["count"], 7);
  EXPECT_EQ(s.resolved["factors"][1]["levels"], nlohmann::ordered_json({30, 90, 180}));
  EXPECT_EQ(s.outcomes.size(), 7u);
  const Sweep one = sweep_from_vary(kScenarios + "/baseline.json", {"channels.trade=2.5"});
  EXPECT_EQ(one.design.points, 1u);
}

TEST(SweepVary, BadOptionsAreUsageErrorsNamingTheOption) {
  const std::string sc = kScenarios + "/ukraine_deal.json";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"actors.RU.hawkishness", "expected PATH=LO:HI:N"},
      {"=0.1,0.2", "expected PATH=LO:HI:N"},
      {"actors.RU.hawkishness=0.2:0.8", "expected PATH=LO:HI:N"},
      {"actors.RU.hawkishness=0.8:0.2:3", "LO (0.8) must be less than HI (0.2)"},
      {"actors.RU.hawkishness=0.2:0.8:1", "N \"1\" must be a whole number from 2 to 10000"},
      {"actors.RU.hawkishness=0.2:0.8:2.5", "N \"2.5\" must be a whole number"},
      {"actors.RU.hawkishness=0.2:x:4", "HI \"x\" is not a finite number"},
      {"actors.RU.hawkishness=0.2,,0.4", "the value \"\" is not a finite number"},
      {"actors.RU.hawkishness=0.2,inf", "the value \"inf\" is not a finite number"},
      {"actors.RU.hawkishness=0.2,0.4,0.2", "0.2 is listed twice"},
  };
  for (const auto& [option, message] : cases) {
    try {
      sweep_from_vary(sc, {option});
      ADD_FAILURE() << option << " accepted";
    } catch (const UsageError& e) {
      EXPECT_THAT(e.what(), HasSubstr("--vary " + option + ": ")) << option;
      EXPECT_THAT(e.what(), HasSubstr(message)) << option;
    }
  }
  EXPECT_THROW(sweep_from_vary(sc, {}), UsageError);
  try {
    sweep_from_vary(sc, {"channels.trade=1,2", "channels.trade=3"});
    ADD_FAILURE();
  } catch (const UsageError& e) {
    EXPECT_THAT(e.what(), HasSubstr("--vary channels.trade=3: \"channels.trade\" is varied by an earlier --vary too"));
  }
}

TEST(SweepVary, FactorChecksNameTheOption) {
  try {
    sweep_from_vary(kScenarios + "/ukraine_deal.json", {"channels.trade=1,2", "actors.RU.hawk=0.1,0.2"});
    ADD_FAILURE();
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(e.diagnostics()[0].file, "--vary actors.RU.hawk=0.1,0.2");
    EXPECT_THAT(e.diagnostics()[0].message, HasSubstr("path \"actors.RU.hawk\" does not exist"));
  }
  try {
    sweep_from_vary(kScenarios + "/ukraine_deal.json", {"actors.RU.hawkishness=0:2:3"});
    ADD_FAILURE();
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(e.diagnostics()[0].message, "2 is outside the range [0, 1] of actors.RU.hawkishness");
  }
}

// ---- factor_assignment and instantiation ----------------------------------------------

TEST(SweepAssignment, ReadsBackAsTheSameDouble) {
  const SweepFactor f{"x", "actors.RU.hawkishness"};
  for (double v : {0.1, 1.0 / 3.0, 2.0 / 3.0, 1e-300, -2.5, 0.30000000000000004, 123456.789, 1e17}) {
    const std::string a = factor_assignment(f, v);
    ASSERT_EQ(a.rfind("actors.RU.hawkishness=", 0), 0u);
    EXPECT_EQ(std::strtod(a.c_str() + a.find('=') + 1, nullptr), v) << a;
  }
  EXPECT_EQ(factor_assignment(f, 30), "actors.RU.hawkishness=30");
  EXPECT_EQ(factor_assignment(f, 0.5), "actors.RU.hawkishness=0.5");
  EXPECT_EQ(factor_assignment(f, 0.1), "actors.RU.hawkishness=0.10000000000000001");
}

TEST(SweepAssignment, InstantiatingAPointEqualsLoadingWithTheSameSets) {
  const Sweep s = load_sweep(kSweeps + "/ukraine_deal_grid.json");
  const ScenarioTemplate base(s.scenario, s.sets);
  for (std::size_t p : {std::size_t{0}, std::size_t{7}, s.design.points - 1}) {
    std::vector<std::string> point;
    for (std::size_t i = 0; i < s.factors.size(); ++i)
      point.push_back(factor_assignment(s.factors[i], s.design.value(p, i)));
    std::vector<std::string> all = s.sets;
    all.insert(all.end(), point.begin(), point.end());
    const Scenario a = base.instantiate(point);
    const Scenario b = load_scenario(s.scenario, all);
    EXPECT_EQ(a.resolved.dump(), b.resolved.dump()) << "point " << p;
    EXPECT_EQ(a.resolved["actors"]["RU"]["hawkishness"].get<double>(), s.design.value(p, 0));
    EXPECT_EQ(a.resolved["events"][0]["day"].get<double>(), s.design.value(p, 1));
  }
}

}  // namespace
}  // namespace simrun::input
