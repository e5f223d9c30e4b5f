// Scenario validation as a user meets it: the bad-file suite (one realistic
// mistake per file in tests/data/bad, each with the message, JSON pointer and
// position it must produce), several mistakes in one file, --set, and extends
// chains.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "bad_cases.h"
#include "input/scenario.h"
#include "support/temp_dir.h"
#include "util/diagnostics.h"

namespace simrun::testdata {

std::string source_dir() { return SIMRUN_SOURCE_DIR; }
std::string bad_path(const std::string& file) { return source_dir() + "/tests/data/bad/" + file; }

// Why JSON Schema cannot catch a mistake, for the validator-only rows.
namespace why {
constexpr const char* kNotJson = "not JSON: a schema applies to parsed values only";
constexpr const char* kNotUtf8 = "not UTF-8: a schema applies to parsed values only";
constexpr const char* kDuplicateKey = "JSON parsers keep one of the duplicates; the schema never sees the other";
constexpr const char* kRelation = "a relation between two values (JSON Schema compares a value with constants only)";
constexpr const char* kMass = "needs the normal distribution's CDF";
constexpr const char* kCrossRef = "a cross reference to another part of the merged scenario";
constexpr const char* kUniqueIds = "uniqueness of one member across array elements";
constexpr const char* kOtherFiles = "extends needs the other files, which a schema cannot open";
constexpr const char* kArithmetic = "arithmetic across fields";
constexpr const char* kNul = "a JSON Schema string may hold U+0000";
}  // namespace why

const std::vector<BadCase>& bad_cases() {
  static const std::vector<BadCase> cases = {
      // file, fragment, pointer, line, column, validator-only reason, reported in
      {"trailing_comma.json", "a trailing comma is not allowed", "", 8, 3, why::kNotJson},
      {"not_utf8.json", "not valid UTF-8: byte 0x92", "", 4, 39, why::kNotUtf8},
      {"empty.json", "file is empty", "", 0, 0, why::kNotJson},
      {"comment.json", "comments are not allowed in JSON", "", 4, 3, why::kNotJson},
      {"top_level_array.json", "expected a JSON object at the top level, found an array", "", 1, 1, nullptr},
      {"nan.json", "NaN and Infinity are not allowed (found 'NaN')", "", 6, 18, why::kNotJson},
      {"infinity.json", "NaN and Infinity are not allowed (found 'Infinity')", "", 6, 71, why::kNotJson},
      {"too_large.json", "number 1e999 is too large", "/agents/diaspora/population", 6, 32, nullptr},
      {"duplicate_key.json", "duplicate key \"trade\" (first at line 6, column 5)", "/channels/trade", 8, 5,
       why::kDuplicateKey},
      {"unknown_top_key.json", "unknown key \"chanels\"; did you mean \"channels\"?", "/chanels", 5, 3, nullptr},
      {"unknown_nested_key.json", "unknown key \"hawkishnes\"; did you mean \"hawkishness\"?", "/actors/RU/hawkishnes",
       6, 12, nullptr},
      {"string_for_number.json", "expected a number or a distribution object, found a string (\"4.8\")",
       "/channels/trade", 6, 5, nullptr},
      {"number_for_object.json", "expected an object, found a number", "/actors/TR", 6, 5, nullptr},
      {"wrong_type_bool.json", "expected true or false, found a string (\"yes\")", "/run/trajectories", 5, 11, nullptr},
      {"integer_fraction.json", "expected an integer, found a number (2.5)", "/run/runs", 5, 11, nullptr},
      {"missing_name.json", "missing required field \"name\"", "/name", 1, 1, nullptr},
      {"missing_start_date.json", "missing required field \"start_date\"", "/run/start_date", 4, 3, nullptr},
      {"event_missing_id.json", "missing required field \"id\"", "/events/0/id", 6, 5, nullptr},
      {"out_of_range.json", "1.5 is out of range [0, 1]", "/actors/AZ/hawkishness", 6, 12, nullptr},
      {"negative.json", "-1960 is out of range [0, 10000]", "/channels/peacekeepers", 6, 5, nullptr},
      {"invalid_date.json", "\"2025-02-29\" is not a valid date", "/run/start_date", 5, 11, nullptr},
      {"name_with_space.json", "\"ukraine deal\" may contain only letters, digits", "/name", 3, 3, nullptr},
      {"enum_typo.json", "\"dwoning\" is not allowed; did you mean \"downing\"?", "/events/0/type", 6, 30, nullptr},
      {"disabled_unknown.json", "\"visa_regim\" is not allowed; did you mean \"visa_regime\"?", "/actions/disabled/0",
       6, 18, nullptr},
      {"list_twice.json", "\"raids\" is listed twice", "/actions/disabled/1", 5, 37, nullptr},
      {"dist_min_gt_max.json", "min (3.0) must not exceed max (1.0)", "/channels/oil_transit/min", 6, 40,
       why::kRelation},
      {"dist_negative_sd.json", "sd must be positive, found -0.5", "/channels/trade/sd", 6, 56, nullptr},
      {"dist_zero_weights.json", "weights must be non-negative and sum to a positive number",
       "/channels/peacekeepers/weights", 6, 63, nullptr},
      {"dist_unknown_kind.json", "unknown distribution \"gaussian\"", "/actors/RU/attention/dist", 6, 26, nullptr},
      {"dist_extra_param.json", "unknown parameter \"mode\" for a uniform distribution", "/actors/RU/attention/mode", 6,
       57, nullptr},
      {"dist_outside_range.json", "can produce values in [0.5, 1.2], outside the allowed range [0, 1]",
       "/actors/RU/hawkishness", 6, 12, nullptr},
      {"dist_on_constant.json", "expected a number, found an object", "/run/horizon_days", 6, 5, nullptr},
      {"trunc_normal_no_mass.json", "holds less than 0.1% of the normal distribution's mass", "/channels/sanctions", 6,
       5, why::kMass},
      {"backing_undeclared.json", "actor \"IL\" is not declared in /actors", "/events/0/actor", 11, 50, why::kCrossRef},
      {"downing_by_third_party.json",
       "a downing is caused by RU (the model tracks Azerbaijan's grievance), found \"TR\"", "/events/0/actor", 6, 42,
       nullptr},
      {"backing_by_party.json", "a backing event changes a third party's backing; found \"RU\"", "/events/0/actor", 6,
       5, nullptr},
      {"media_actor.json", "\"TR\" is not allowed", "/agents/media/1/actor", 8, 21, nullptr},
      {"measure_wrong_side.json", "\"visa_regime\" is not a measure AZ can take", "/actions/initial_measures/AZ/1", 6,
       58, nullptr},
      {"shock_no_factor.json", "a channel_shock needs \"factor\" (the multiplier of the channel's level, e.g. 0.5)",
       "/events/0", 6, 5, nullptr},
      {"shock_field_on_downing.json", "only a channel_shock takes \"channel\"; this event is a \"downing\"",
       "/events/0/channel", 6, 64, nullptr},
      {"shock_unknown_channel.json", "\"gas\" is not allowed", "/events/0/channel", 6, 48, nullptr},
      {"event_date_and_day.json", "give either \"date\" or \"day\", not both", "/events/0/day", 6, 69, nullptr},
      {"event_no_time.json", "an event needs \"date\", \"day\" or a positive \"rate_per_year\"", "/events/0", 6, 5,
       nullptr},
      {"recurring_with_date.json", "a recurring event (rate_per_year) takes no \"date\" or \"day\"",
       "/events/0/rate_per_year", 6, 60, nullptr},
      {"duplicate_event_ids.json", "duplicate id \"border_incident\" (also /events/0)", "/events/1/id", 7, 6,
       why::kUniqueIds},
      {"duplicate_media_ids.json", "duplicate id \"ru_state_tv\" (also /agents/media/0)", "/agents/media/1/id", 8, 8,
       why::kUniqueIds},
      {"horizon_lt_step.json", "the horizon (3 days) is shorter than one step (7 days)", "/run/horizon_days", 5, 27,
       why::kRelation},
      {"scale_no_agents.json", "the scale leaves less than one agent", "/agents/diaspora/scale", 6, 40,
       why::kArithmetic},
      {"extends_missing.json", "extends target \"../../../scenarios/basline.json\" does not exist", "/extends", 2, 3,
       why::kOtherFiles},
      // The cycle closes in the base file, so that is where the error points.
      {"extends_cycle_a.json", "circular extends: \"extends_cycle_a.json\" is already in the chain", "/extends", 2, 3,
       why::kOtherFiles, "extends_cycle_b.json"},
      {"extends_cycle_b.json", "circular extends: \"extends_cycle_b.json\" is already in the chain", "/extends", 2, 3,
       why::kOtherFiles, "extends_cycle_a.json"},
      {"extends_no_suffix.json", "scenarios/baseline); did you mean \"baseline.json\"?", "/extends", 2, 3,
       why::kOtherFiles},
      {"extends_directory.json", "extends target \"../../../scenarios\" is not a regular file (a directory)",
       "/extends", 2, 3, why::kOtherFiles},
      // Limits that keep loading bounded; see "Limits" in docs/scenario-format.md.
      {"name_too_long.json", "is 101 characters long; at most 100 are allowed", "/name", 3, 3, nullptr},
      {"nul_in_string.json", "a string must not contain U+0000 (\\u0000)", "/description", 4, 18, why::kNul},
      {"too_deep.json", "nested deeper than 64 levels of objects and arrays",
       // the 64th array, 63 levels below /description
       "/description/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0"
       "/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0",
       4, 81, nullptr},
      // Its three mistakes are checked in MultipleMistakesAreAllReported.
      {"multiple_errors.json", "expected an integer, found a number (2.5)", "/run/runs", 5, 11, nullptr},
  };
  return cases;
}

}  // namespace simrun::testdata

namespace simrun::input {
namespace {

namespace fs = std::filesystem;
using testdata::bad_cases;
using testdata::bad_path;
using testdata::BadCase;
using testdata::source_dir;
using ::testing::HasSubstr;

std::vector<Diagnostic> diagnostics_of(const std::string& path, const std::vector<std::string>& sets = {}) {
  try {
    load_scenario(path, sets);
  } catch (const InputError& e) {
    return e.diagnostics();
  }
  ADD_FAILURE() << path << " was accepted";
  return {};
}

std::string all(const std::vector<Diagnostic>& ds) {
  std::string out;
  for (const auto& d : ds) out += "  " + d.str() + "\n";
  return out;
}

// ---- the bad-file suite -------------------------------------------------------

class ScenarioBadFile : public ::testing::TestWithParam<BadCase> {};

TEST_P(ScenarioBadFile, FailsWithItsDiagnostic) {
  const BadCase& c = GetParam();
  const auto ds = diagnostics_of(bad_path(c.file));
  ASSERT_FALSE(ds.empty());
  if (std::string(c.file) != "multiple_errors.json") {
    EXPECT_EQ(ds.size(), 1u) << "one mistake, one error:\n" << all(ds);
  }
  const Diagnostic& d = ds.front();
  EXPECT_THAT(d.message, HasSubstr(c.fragment)) << d.str();
  EXPECT_EQ(d.path, c.pointer) << d.str();
  EXPECT_EQ(d.file, bad_path(c.reported_in ? c.reported_in : c.file)) << d.str();
  EXPECT_EQ(d.line, c.line) << d.str();
  if (c.column > 0) {
    EXPECT_EQ(d.column, c.column) << d.str();
  }
  // The one line a user reads: file:line:col: /pointer: message.
  std::string head = d.file;
  // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on chained +.
  if (c.line > 0) head.append(":").append(std::to_string(c.line)).append(":").append(std::to_string(d.column));
  EXPECT_EQ(d.str().rfind(head + ": " + (d.path.empty() ? "" : d.path + ": "), 0), 0u) << d.str();
}

std::string case_name(const ::testing::TestParamInfo<BadCase>& info) {
  std::string name = info.param.file;
  name = name.substr(0, name.find('.'));
  for (char& ch : name)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Scenario, ScenarioBadFile, ::testing::ValuesIn(bad_cases()), case_name);

TEST(ScenarioBadFiles, EveryFileIsInTheTableOnce) {
  std::set<std::string> listed;
  for (const auto& c : bad_cases()) EXPECT_TRUE(listed.insert(c.file).second) << c.file << " is listed twice";
  std::set<std::string> present;
  for (const auto& e : fs::directory_iterator(source_dir() + "/tests/data/bad"))
    if (e.path().extension() == ".json") present.insert(e.path().filename().string());
  EXPECT_EQ(listed, present);
  EXPECT_GE(present.size(), 32u);
}

TEST(ScenarioBadFiles, MultipleMistakesAreAllReported) {
  const auto ds = diagnostics_of(bad_path("multiple_errors.json"));
  ASSERT_EQ(ds.size(), 3u) << all(ds);
  // Reported in the order of the spec walk, each at its own place.
  EXPECT_EQ(ds[0].path, "/run/runs");
  EXPECT_EQ(ds[0].line, 5);
  EXPECT_EQ(ds[1].path, "/actors/RU/hawkishnes");
  EXPECT_THAT(ds[1].message, HasSubstr("did you mean \"hawkishness\"?"));
  EXPECT_EQ(ds[1].line, 7);
  EXPECT_EQ(ds[2].path, "/actors/AZ/hawkishness");
  EXPECT_THAT(ds[2].message, HasSubstr("1.5 is out of range [0, 1]"));
  EXPECT_EQ(ds[2].line, 8);
  for (const auto& d : ds) EXPECT_EQ(d.file, bad_path("multiple_errors.json"));
}

TEST(ScenarioBadFiles, MistakesInTheFileAndInSetAreReportedTogether) {
  const auto ds = diagnostics_of(bad_path("unknown_top_key.json"), {"run.step_days=40"});
  ASSERT_EQ(ds.size(), 2u) << all(ds);
  EXPECT_EQ(ds[0].file, bad_path("unknown_top_key.json"));
  EXPECT_EQ(ds[0].path, "/chanels");
  EXPECT_EQ(ds[1].file, "--set run.step_days=40");
  EXPECT_EQ(ds[1].path, "/run/step_days");
}

// ---- the scenario library -------------------------------------------------------

TEST(ScenarioLibrary, EveryScenarioLoads) {
  int n = 0;
  for (const auto& e : fs::directory_iterator(source_dir() + "/scenarios")) {
    const std::string name = e.path().filename().string();
    if (e.path().extension() != ".json" || name == "schema.json" || name.find("sweep") != std::string::npos) continue;
    SCOPED_TRACE(name);
    ++n;
    try {
      const Scenario sc = load_scenario(e.path().string());
      EXPECT_EQ(sc.name + ".json", name) << "the name names the results file; keep it equal to the file's";
      EXPECT_GE(sc.description.size(), 40u) << "say what question the scenario answers";
    } catch (const InputError& err) {
      ADD_FAILURE() << err.what();
    }
  }
  EXPECT_GE(n, 8);
}

TEST(ScenarioLibrary, SchemaKeyIsAcceptedAndIgnored) {
  const std::string text = R"({"$schema": "schema.json", "extends": "baseline.json", "name": "x",
                               "description": "the baseline, with a $schema key for editors"})";
  const Scenario sc = load_scenario_text(text, "x.json", source_dir() + "/scenarios");
  EXPECT_EQ(sc.name, "x");
}

// A diaspora without a scale has one agent per person (the spec's default,
// which the schema and docs/scenario-format.md show).
TEST(ScenarioLibrary, AnOmittedScaleIsOneAgentPerPerson) {
  std::ifstream in(source_dir() + "/scenarios/baseline.json");
  nlohmann::json doc = nlohmann::json::parse(in);
  ASSERT_EQ(doc["agents"]["diaspora"].erase("scale"), 1u);
  doc["agents"]["diaspora"]["population"] = 1234;
  const Scenario sc = load_scenario_text(doc.dump(), "no_scale.json", source_dir() + "/scenarios");
  EXPECT_EQ(sc.plan.base.diaspora.scale, 1);
}

// ---- --set ------------------------------------------------------------------------

std::string baseline() { return source_dir() + "/scenarios/baseline.json"; }

TEST(ScenarioSet, ReplacesAValueInTheResolvedScenario) {
  const Scenario sc = load_scenario(baseline(), {"actors.RU.hawkishness=0.7"});
  EXPECT_EQ(sc.resolved["actors"]["RU"]["hawkishness"], 0.7);
  // It was a distribution in the file; now it is a constant, no longer sampled.
  for (const auto& u : sc.plan.uncertain) EXPECT_NE(u.name, "/actors/RU/hawkishness");
  EXPECT_DOUBLE_EQ(sc.plan.base.states[0].hawkishness, 0.7);
  EXPECT_EQ(sc.sets, std::vector<std::string>{"actors.RU.hawkishness=0.7"});
}

TEST(ScenarioSet, AMissingPathIsNamedWithASuggestion) {
  const auto ds = diagnostics_of(baseline(), {"actors.RU.hawkishnes=0.7"});
  ASSERT_EQ(ds.size(), 1u) << all(ds);
  EXPECT_EQ(ds[0].file, "--set actors.RU.hawkishnes=0.7");
  EXPECT_THAT(ds[0].message, HasSubstr("\"actors.RU.hawkishnes\" does not exist"));
  EXPECT_THAT(ds[0].message, HasSubstr("did you mean \"hawkishness\"?"));
}

TEST(ScenarioSet, AValueOfTheWrongTypeNamesTheSet) {
  // Not JSON, so taken as the string "high"; a number was expected.
  const auto ds = diagnostics_of(baseline(), {"actors.RU.hawkishness=high"});
  ASSERT_EQ(ds.size(), 1u) << all(ds);
  EXPECT_EQ(ds[0].file, "--set actors.RU.hawkishness=high");
  EXPECT_EQ(ds[0].path, "/actors/RU/hawkishness");
  EXPECT_THAT(ds[0].message, HasSubstr("expected a number or a distribution object, found a string (\"high\")"));
  EXPECT_EQ(ds[0].line, 0);
  EXPECT_EQ(ds[0].str(), "--set actors.RU.hawkishness=high: /actors/RU/hawkishness: " + ds[0].message);
}

TEST(ScenarioSet, ReachesIntoADistribution) {
  const Scenario sc = load_scenario(baseline(), {"channels.oil_transit.max=5"});
  const auto& oil = sc.resolved["channels"]["oil_transit"];
  EXPECT_EQ(oil["dist"], "uniform");
  EXPECT_EQ(oil["min"], 0.0);
  EXPECT_EQ(oil["max"], 5);
  const auto it = std::find_if(sc.plan.uncertain.begin(), sc.plan.uncertain.end(),
                               [](const mc::UncertainParam& u) { return u.name == "/channels/oil_transit"; });
  ASSERT_NE(it, sc.plan.uncertain.end());
  EXPECT_EQ(it->dist.support_max(), 5.0);
}

TEST(ScenarioSet, AnIndexPastTheEndOfAnArrayIsAnError) {
  const auto ds = diagnostics_of(source_dir() + "/scenarios/ukraine_deal.json", {"events.5.day=3"});
  ASSERT_EQ(ds.size(), 1u) << all(ds);
  EXPECT_EQ(ds[0].file, "--set events.5.day=3");
  EXPECT_THAT(ds[0].message, HasSubstr("/events has 1 elements"));
}

TEST(ScenarioSet, AnIndexInRangeWorks) {
  const Scenario sc = load_scenario(source_dir() + "/scenarios/ukraine_deal.json", {"events.0.day=90"});
  EXPECT_EQ(sc.resolved["events"][0]["day"], 90);
  EXPECT_DOUBLE_EQ(sc.plan.base.events[0].day, 90.0);
}

TEST(ScenarioSet, AValueOutOfRangeNamesTheSet) {
  const auto ds = diagnostics_of(baseline(), {"run.horizon_days=5000"});
  ASSERT_EQ(ds.size(), 1u) << all(ds);
  EXPECT_EQ(ds[0].file, "--set run.horizon_days=5000");
  EXPECT_THAT(ds[0].message, HasSubstr("5000 is out of range [1, 3650]"));
}

// ---- extends ------------------------------------------------------------------------

class ScenarioExtends : public ::testing::Test {
 protected:
  void SetUp() override { fs::create_directory(dir_ / "derived"); }
  std::string write(const std::string& name, const std::string& text) {
    const fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
  // C, the root of the chain; line 9 holds the seed, line 12 RU's hawkishness.
  std::string write_c(const std::string& hawkishness = "0.5") {
    return write("c.json", R"({
  "name": "c",
  "description": "the root of a chain",
  "run": {
    "runs": 300,
    "start_date": "2025-03-01",
    "horizon_days": 100,
    "step_days": 1,
    "seed": 3
  },
  "actors": {
    "RU": {"hawkishness": )" + hawkishness +
                               R"(, "attention": 0.3},
    "AZ": {},
    "IL": {"alignment": 0.5, "clout": 0.3}
  },
  "agents": {
    "media": [
      {"id": "tv", "actor": "RU", "line": 0.3},
      {"id": "aztv", "actor": "AZ", "line": 0.4}
    ]
  }
})");
  }
  std::string write_b() {
    // In a subfolder: its extends is relative to itself, not to a.json.
    return write("derived/b.json", R"({
  "extends": "../c.json",
  "name": "b",
  "description": "the middle of a chain",
  "run": {"seed": 2, "horizon_days": 200},
  "agents": {"media": [{"id": "only", "actor": "AZ", "line": 0.2}]}
})");
  }
  std::string write_a() {
    return write("a.json", R"({
  "extends": "derived/b.json",
  "name": "a",
  "description": "the end of a chain",
  "run": {"seed": 1},
  "actors": {"IL": null}
})");
  }
  const testing::TempDir temp_{"simrun_extends"};
  const fs::path dir_ = temp_.path;
};

TEST_F(ScenarioExtends, AChainResolvesAndTheNearestFileWins) {
  write_c();
  write_b();
  const Scenario sc = load_scenario(write_a());
  const auto& run = sc.resolved["run"];
  EXPECT_EQ(sc.name, "a");
  EXPECT_EQ(run["seed"], 1);            // a overrides b and c
  EXPECT_EQ(run["horizon_days"], 200);  // b overrides c
  EXPECT_EQ(run["runs"], 300);          // only in c
  EXPECT_EQ(sc.resolved["actors"]["RU"]["hawkishness"], 0.5);
  // Arrays are replaced whole, not merged element by element.
  ASSERT_EQ(sc.resolved["agents"]["media"].size(), 1u);
  EXPECT_EQ(sc.resolved["agents"]["media"][0]["id"], "only");
  // null removes an inherited value.
  EXPECT_FALSE(sc.resolved["actors"].contains("IL"));
  EXPECT_FALSE(sc.resolved.contains("extends"));
  ASSERT_EQ(sc.chain.size(), 3u);
  EXPECT_EQ(fs::path(sc.chain[0]).filename(), "a.json");
  EXPECT_EQ(fs::path(sc.chain[1]).filename(), "b.json");
  EXPECT_EQ(fs::path(sc.chain[2]).filename(), "c.json");
}

TEST_F(ScenarioExtends, AnErrorInABaseFileNamesThatFileAndLine) {
  const std::string c = write_c("1.4");
  write_b();
  const auto ds = diagnostics_of(write_a());
  ASSERT_EQ(ds.size(), 1u) << all(ds);
  EXPECT_EQ(ds[0].file, c);
  EXPECT_EQ(ds[0].path, "/actors/RU/hawkishness");
  EXPECT_EQ(ds[0].line, 12);
  EXPECT_EQ(ds[0].column, 12);
  EXPECT_THAT(ds[0].message, HasSubstr("1.4 is out of range [0, 1]"));
}

TEST_F(ScenarioExtends, AnOverriddenMistakeInABaseFileIsNoMistake) {
  write_c("1.4");
  write_b();
  write_a();
  write("fix.json",
        R"({"extends": "a.json", "name": "fix", "description": "d", "actors": {"RU": {"hawkishness": 0.6}}})");
  const Scenario sc = load_scenario((dir_ / "fix.json").string());
  EXPECT_EQ(sc.resolved["actors"]["RU"]["hawkishness"], 0.6);
}

TEST_F(ScenarioExtends, AMissingBaseSuggestsTheClosestFile) {
  write_c();
  const auto ds = diagnostics_of(write("x.json", R"({"extends": "cc.json", "name": "x", "description": "d"})"));
  ASSERT_EQ(ds.size(), 1u) << all(ds);
  EXPECT_THAT(ds[0].message, HasSubstr("did you mean \"c.json\"?"));
}

TEST_F(ScenarioExtends, ASelfReferenceIsACycle) {
  const auto ds = diagnostics_of(write("self.json", R"({"extends": "self.json", "name": "s", "description": "d"})"));
  ASSERT_EQ(ds.size(), 1u) << all(ds);
  EXPECT_THAT(ds[0].message, HasSubstr("circular extends"));
  EXPECT_EQ(ds[0].line, 1);
}

}  // namespace
}  // namespace simrun::input
