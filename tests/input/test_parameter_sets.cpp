// The parameter_sets block: fields drawn jointly from a list of sets (a
// calibrated posterior). Loader errors with their positions, the choice of
// set following the weights, determinism, extends of a fragment, --set, and
// the values reaching ModelParams and the results file.
#include <algorithm>
#include <array>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "input/scenario.h"
#include "mc/engine.h"
#include "model/actors.h"
#include "output/results_reader.h"
#include "support/cli.h"
#include "support/temp_dir.h"
#include "util/diagnostics.h"

namespace simrun::input {
namespace {


// A scenario over baseline.json with `block` as its parameter_sets (lines 1-3 fixed).
std::string over_baseline(const std::string& block) {
  return "{\"extends\": \"baseline.json\",\n"
         " \"run\": {\"runs\": 50},\n"
         " \"parameter_sets\": " +
         block + "}";
}

// A folder with baseline.json without the library's posterior, so that the
// blocks tested here are the only ones in the chain.
std::string plain_dir() {
  static const testing::TempDir dir("simrun_plain_baseline");
  static const bool written = [] {
    std::ofstream(dir / "baseline.json") << testing::baseline_without_posterior();
    return true;
  }();
  return written ? dir.path.string() : std::string();
}

Scenario load(const std::string& text, const std::vector<std::string>& sets = {}) {
  return load_scenario_text(text, "t.json", plain_dir(), sets);
}

std::vector<Diagnostic> errors_of(const std::string& text, const std::vector<std::string>& sets = {}) {
  try {
    load(text, sets);
  } catch (const InputError& e) {
    return e.diagnostics();
  }
  return {};
}

void write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

const std::string kTwoPaths = R"("paths": ["actors.RU.hawkishness", "parameters.decision.rationality"])";

struct ErrorCase {
  std::string block;
  std::string pointer;
  std::string message;  // a part of it
};

TEST(ParameterSetsLoader, EveryMistakeIsReportedAtItsPointerWithFileLineAndColumn) {
  const std::vector<ErrorCase> cases = {
      {"{" + kTwoPaths + ", \"sets\": [[0.4, 2], [1.5, 2]]}", "/parameter_sets/sets/1/0",
       "1.5 is out of range [0, 1] of actors.RU.hawkishness"},
      {"{" + kTwoPaths + ", \"sets\": [[0.4, 2], [0.5]]}", "/parameter_sets/sets/1",
       "has 1 values; expected 2, one per path"},
      {"{" + kTwoPaths + ", \"sets\": [[0.4, 2]], \"weights\": [1, 2]}", "/parameter_sets/weights",
       "has 2 weights; expected 1, one per set"},
      {"{" + kTwoPaths + ", \"sets\": [[0.4, 2], [0.5, 3]], \"weights\": [0, 0]}", "/parameter_sets/weights",
       "the weights are all zero"},
      {"{" + kTwoPaths + ", \"sets\": [[0.4, 2], [0.5, 3]], \"weights\": [1, -1]}", "/parameter_sets/weights/1",
       "-1 is out of range [0, inf]"},
      {"{" + kTwoPaths + ", \"sets\": [[0.4, \"x\"]]}", "/parameter_sets/sets/0/1",
       "expected a number, found a string"},
      {R"({"paths": ["actors.RU.hawkishnes"], "sets": [[0.4]]})", "/parameter_sets/paths/0",
       "did you mean \"hawkishness\"?"},
      {R"({"paths": ["run.horizon_days"], "sets": [[300]]})", "/parameter_sets/paths/0", "is the same in every run"},
      {R"({"paths": ["run.runs"], "sets": [[3]]})", "/parameter_sets/paths/0", "whole-number setting"},
      {R"({"paths": ["channels.oil_transit.max"], "sets": [[3]]})", "/parameter_sets/paths/0",
       "names a part of a field's value, not a field"},
      {R"({"paths": ["actors.KZ.clout"], "sets": [[0.3]]})", "/parameter_sets/paths/0",
       "names /actors/KZ/clout, which this scenario does not have"},
      {R"({"paths": ["events.0.day"], "sets": [[3]]})", "/parameter_sets/paths/0", "/events has no elements"},
      {R"({"paths": ["actors"], "sets": [[3]]})", "/parameter_sets/paths/0", "is not a numeric field"},
      {R"({"paths": [], "sets": [[3]]})", "/parameter_sets/paths", "lists no fields"},
      {R"({"paths": ["actors.RU.attention"], "sets": []})", "/parameter_sets/sets", "holds no sets"},
      {R"({"paths": ["actors.RU.attention", "actors.RU.attention"], "sets": [[0.1, 0.2]]})", "/parameter_sets/paths/1",
       "is listed twice"},
      {R"({"paths": ["actors.RU.attention"], "sets": [[0.1]], "sourc": "x"})", "/parameter_sets/sourc",
       "did you mean \"source\"?"},
      {R"({"paths": ["actors.RU.attention"]})", "/parameter_sets/sets", "missing required field \"sets\""},
      {R"({"paths": ["actors.RU.attention"], "sets": [0.1]})", "/parameter_sets/sets/0", "expected a row"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.block);
    const auto errors = errors_of(over_baseline(c.block));
    ASSERT_EQ(errors.size(), 1u) << (errors.empty() ? "no error" : errors[0].message + " | " + errors[1].message);
    EXPECT_EQ(errors[0].file, "t.json");
    EXPECT_EQ(errors[0].line, 3);  // the block is on line 3
    EXPECT_GT(errors[0].column, 1);
    EXPECT_EQ(errors[0].path, c.pointer);
    EXPECT_NE(errors[0].message.find(c.message), std::string::npos) << errors[0].message;
  }
}

TEST(ParameterSetsLoader, ErrorsPointAtTheValueInTheFile) {
  const auto errors = errors_of(over_baseline("{" + kTwoPaths + ",\n \"sets\": [[0.4, 2],\n   [0.5, 300]]}"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].path, "/parameter_sets/sets/1/1");
  EXPECT_EQ(errors[0].line, 5);
  EXPECT_EQ(errors[0].column, 10);
  EXPECT_EQ(errors[0].message, "300 is out of range [0, 100] of parameters.decision.rationality");
}

TEST(ParameterSetsLoader, SizesAreBounded) {
  std::string paths, row;
  for (int i = 0; i < 257; ++i) {
    paths += std::string(i ? ", " : "") + "\"actors.RU.attention\"";
    row += std::string(i ? ", " : "") + "0.1";
  }
  auto errors = errors_of(over_baseline("{\"paths\": [" + paths + "], \"sets\": [[" + row + "]]}"));
  ASSERT_FALSE(errors.empty());
  EXPECT_EQ(errors[0].path, "/parameter_sets/paths");
  EXPECT_NE(errors[0].message.find("has 257 elements; at most 256 are allowed"), std::string::npos);

  // 100,000 sets are read (past the reader's 10,000 elements of other arrays); one more is refused.
  std::string sets = "[0.5]";
  for (int i = 1; i < 100000; ++i) sets += ",[0.5]";
  const Scenario sc = load(over_baseline(R"({"paths": ["actors.RU.attention"], "sets": [)" + sets + "]}"));
  EXPECT_EQ(sc.plan.parameter_sets.rows, 100000u);
  errors = errors_of(over_baseline(R"({"paths": ["actors.RU.attention"], "sets": [)" + sets + ",[0.5]]}"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].path, "/parameter_sets/sets");
  EXPECT_NE(errors[0].message.find("more than 100000 elements in one array"), std::string::npos);
  // Other arrays keep their limit.
  std::string events = R"({"id": "e0", "type": "incident", "day": 1})";
  for (int i = 1; i <= 10000; ++i)
    events += R"(,{"id": "e)" + std::to_string(i) + R"(", "type": "incident", "day": 1})";
  errors = errors_of("{\"extends\": \"baseline.json\", \"events\": [" + events + "]}");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].message.find("more than 10000 elements in one array"), std::string::npos);
}

TEST(ParameterSetsLoader, SetOfTheBlockIsRefusedAndSetOfADrawnFieldTakesItOut) {
  const std::string text = over_baseline("{" + kTwoPaths + R"(, "sets": [[0.4, 2], [0.5, 3]]})");
  const auto errors = errors_of(text, {"parameter_sets.sets.0.0=0.1"});
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].file, "--set parameter_sets.sets.0.0=0.1");
  EXPECT_NE(errors[0].message.find("parameter_sets cannot be set"), std::string::npos);

  const Scenario sc = load(text, {"actors.RU.hawkishness=0.7"});
  ASSERT_EQ(sc.plan.parameter_sets.columns.size(), 1u);
  EXPECT_EQ(sc.plan.parameter_sets.columns[0].name, "/parameters/decision/rationality");
  EXPECT_EQ(sc.resolved["parameter_sets"]["paths"],
            nlohmann::ordered_json::parse(R"(["parameters.decision.rationality"])"));
  EXPECT_EQ(sc.resolved["parameter_sets"]["sets"], nlohmann::ordered_json::parse("[[2], [3]]"));
  for (std::uint64_t run = 0; run < 20; ++run) {
    const auto p = sc.plan.sample(5, run);
    EXPECT_EQ(p.states[model::RU].hawkishness, 0.7);
    EXPECT_TRUE(p.decision.rationality == 2 || p.decision.rationality == 3);
  }
  // A --set of the object holding every drawn field leaves nothing to draw.
  const Scenario none = load(text, {"actors.RU.hawkishness=0.7", "parameters.decision={}"});
  EXPECT_TRUE(none.plan.parameter_sets.empty());
  EXPECT_FALSE(none.resolved.contains("parameter_sets"));
}

// The sets override the scenario's own distributions and constants; the
// values reach ModelParams; the set follows the weights.
TEST(ParameterSetsSampling, ChosenSetFollowsTheWeightsAndItsValuesReachModelParams) {
  const std::array<double, 5> weights = {1, 2, 3, 0, 4};
  const Scenario sc = load(over_baseline("{" + kTwoPaths +
                                         R"(, "sets": [[0.1, 1], [0.2, 2], [0.3, 3], [0.4, 4], [0.5, 5]],
                                             "weights": [1, 2, 3, 0, 4]})"));
  // baseline gives RU hawkishness a distribution: it is no longer sampled on its own.
  for (const auto& u : sc.plan.uncertain) EXPECT_NE(u.name, "/actors/RU/hawkishness");
  const std::uint64_t n = 20000;
  std::array<double, 5> count{};
  model::ModelParams p;
  mc::SampledRun s;
  for (std::uint64_t run = 0; run < n; ++run) {
    sc.plan.sample(20250301, run, p, s);
    ASSERT_GE(s.parameter_set, 0);
    ASSERT_LT(s.parameter_set, 5);
    const auto k = static_cast<std::size_t>(s.parameter_set);
    count[k] += 1;
    EXPECT_EQ(p.states[model::RU].hawkishness, (std::array{0.1, 0.2, 0.3, 0.4, 0.5}[k]));
    EXPECT_EQ(p.decision.rationality, static_cast<double>(k + 1));
    EXPECT_EQ(s.values[sc.plan.uncertain.size()], p.states[model::RU].hawkishness);
  }
  EXPECT_EQ(count[3], 0) << "a set of weight 0 is never taken";
  // Pearson's chi-square over the four sets of positive weight (3 degrees
  // of freedom): 16.27 is its 0.999 quantile.
  double chi2 = 0;
  for (std::size_t k = 0; k < 5; ++k) {
    if (weights[k] == 0) continue;
    const double expected = static_cast<double>(n) * weights[k] / 10.0;
    chi2 += (count[k] - expected) * (count[k] - expected) / expected;
  }
  EXPECT_LT(chi2, 16.27);
  // A different seed gives a different sequence of sets.
  sc.plan.sample(1, 0, p, s);
  std::vector<std::int64_t> a, b;
  for (std::uint64_t run = 0; run < 50; ++run) {
    sc.plan.sample(1, run, p, s);
    a.push_back(s.parameter_set);
    sc.plan.sample(2, run, p, s);
    b.push_back(s.parameter_set);
  }
  EXPECT_NE(a, b);
}

TEST(ParameterSetsSampling, OtherParametersKeepTheirDrawsAndRunsDoNotDependOnThreads) {
  const std::string block = "{" + kTwoPaths + R"(, "sets": [[0.1, 1], [0.9, 8]]})";
  const Scenario with = load(over_baseline(block));
  const Scenario without = load(over_baseline("null"));
  // Attention (a distribution in baseline) is drawn as without the block.
  for (std::uint64_t run = 0; run < 20; ++run)
    EXPECT_EQ(with.plan.sample(7, run).states[model::RU].attention,
              without.plan.sample(7, run).states[model::RU].attention);

  auto collect = [&](int threads) {
    std::vector<std::int64_t> sets;
    std::vector<double> goldstein;
    mc::EngineOptions o;
    o.num_runs = 40;
    o.seed = 11;
    o.threads = threads;
    o.batch_size = 7;
    mc::run_batches({&with.plan}, o, [&](const mc::Batch& batch) {
      for (const auto& r : batch.by_plan[0]) {
        sets.push_back(r.sampled.parameter_set);
        goldstein.push_back(r.metrics[0]);
      }
    });
    return std::make_pair(sets, goldstein);
  };
  const auto one = collect(1), two = collect(2);
  EXPECT_EQ(one, two);
  EXPECT_NE(std::count(one.first.begin(), one.first.end(), 0), 0);
  EXPECT_NE(std::count(one.first.begin(), one.first.end(), 1), 0);
}

TEST(ParameterSetsExtends, AScenarioExtendsAFragmentHoldingOnlyTheBlock) {
  const testing::TempDir dir;
  std::string base = testing::baseline_without_posterior();
  // The fragment, as a calibration writes it: nothing but the block.
  write(dir / "posterior.json", R"({"parameter_sets": {"source": "test fit",
  "paths": ["actors.AZ.hawkishness"], "sets": [[0.2], [0.8]], "weights": [3, 1]}})");
  // A complete scenario that extends the fragment.
  base.insert(base.find('{') + 1, "\"extends\": \"posterior.json\",");
  write(dir / "full.json", base);
  const Scenario full = load_scenario(dir / "full.json");
  ASSERT_EQ(full.plan.parameter_sets.rows, 2u);
  EXPECT_EQ(full.resolved["parameter_sets"]["source"], "test fit");
  EXPECT_EQ(full.chain.size(), 2u);
  // A scenario that extends that one, and one that extends baseline and adds a block.
  write(dir / "child.json", R"({"extends": "full.json", "name": "child"})");
  EXPECT_EQ(load_scenario(dir / "child.json").plan.parameter_sets.columns[0].name, "/actors/AZ/hawkishness");
  // A mistake in the fragment is reported in the fragment.
  write(dir / "posterior.json", R"({"parameter_sets": {
  "paths": ["actors.AZ.hawkishness"], "sets": [[0.2], [2]]}})");
  try {
    load_scenario(dir / "full.json");
    FAIL() << "accepted a value out of range";
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(e.diagnostics()[0].file, dir / "posterior.json");
    EXPECT_EQ(e.diagnostics()[0].line, 2);
    EXPECT_EQ(e.diagnostics()[0].path, "/parameter_sets/sets/1/0");
  }
  // A child may replace the sets and keep the inherited paths (objects merge key by key).
  write(dir / "posterior.json", R"({"parameter_sets": {"paths": ["actors.AZ.hawkishness"], "sets": [[0.2]]}})");
  write(dir / "other.json", R"({"extends": "full.json", "parameter_sets": {"sets": [[0.3], [0.4], [0.5]]}})");
  EXPECT_EQ(load_scenario(dir / "other.json").plan.parameter_sets.rows, 3u);
}

// A library scenario that changes a field of its base keeps its own value:
// a file nearer than the block's takes the field out of the sets.
TEST(ParameterSetsExtends, ANearerFileThatWritesADrawnFieldTakesItOut) {
  const testing::TempDir dir;
  std::string base = testing::baseline_without_posterior();
  write(dir / "posterior.json", R"({"parameter_sets": {"paths": ["actors.RU.hawkishness", "actors.AZ.hawkishness"],
  "sets": [[0.2, 0.3], [0.8, 0.9]]}})");
  base.insert(base.find('{') + 1, "\"extends\": \"posterior.json\",");
  write(dir / "full.json", base);
  write(dir / "hard.json", R"({"extends": "full.json", "name": "hard",
  "actors": {"RU": {"hawkishness": {"dist": "uniform", "min": 0.6, "max": 0.61}}}})");
  const Scenario hard = load_scenario(dir / "hard.json");
  ASSERT_EQ(hard.plan.parameter_sets.columns.size(), 1u);
  EXPECT_EQ(hard.plan.parameter_sets.columns[0].name, "/actors/AZ/hawkishness");
  EXPECT_EQ(hard.resolved["parameter_sets"]["sets"], nlohmann::ordered_json::parse("[[0.3], [0.9]]"));
  for (std::uint64_t run = 0; run < 20; ++run) {
    const auto p = hard.plan.sample(5, run);
    EXPECT_GE(p.states[model::RU].hawkishness, 0.6);
    EXPECT_LE(p.states[model::RU].hawkishness, 0.61);
    EXPECT_TRUE(p.states[model::AZ].hawkishness == 0.3 || p.states[model::AZ].hawkishness == 0.9);
  }
  // A nearer file that writes other fields leaves both columns drawn.
  write(dir / "other.json", R"({"extends": "full.json", "name": "other", "actors": {"RU": {"attention": 0.5}}})");
  EXPECT_EQ(load_scenario(dir / "other.json").plan.parameter_sets.columns.size(), 2u);
}

TEST(ParameterSetsResults, TheFileRecordsTheSetOfEachRunAndItsValues) {
  const testing::TempDir dir;
  write(dir / "s.json", over_baseline("{" + kTwoPaths + R"(, "sets": [[0.1, 1], [0.9, 8]], "weights": [1, 1]})"));
  write(dir / "baseline.json", testing::baseline_without_posterior());
  const auto r = testing::run_cli("s.json --runs 12 -o out.h5", dir.path);
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string csv = output::per_run_csv(dir / "out.h5");
  const std::string header = csv.substr(0, csv.find('\n'));
  EXPECT_NE(header.find(",actors.RU.hawkishness,"), std::string::npos) << header;
  EXPECT_NE(header.find(",parameters.decision.rationality,"), std::string::npos) << header;
  EXPECT_NE(header.find(",parameter_set,"), std::string::npos) << header;
  const auto runs = output::read_stored_runs(dir / "out.h5");
  const auto column = [&](const std::string& name) {
    const auto it = std::find(runs.parameter_names.begin(), runs.parameter_names.end(), name);
    return runs.parameters.at(static_cast<std::size_t>(it - runs.parameter_names.begin()));
  };
  const auto set = column("parameter_set"), hawk = column("actors.RU.hawkishness");
  for (std::size_t i = 0; i < set.size(); ++i) EXPECT_EQ(hawk[i], set[i] == 0 ? 0.1 : 0.9);

  // No block, no dataset; a bad block exits with 2 and says where.
  const auto plain = testing::run_cli("baseline.json --runs 3 -o plain.h5", dir.path);
  ASSERT_EQ(plain.code, 0) << plain.err;
  EXPECT_EQ(output::per_run_csv(dir / "plain.h5").find("parameter_set"), std::string::npos);
  write(dir / "bad.json", over_baseline("{" + kTwoPaths + R"(, "sets": [[0.1, 1], [0.9, -8]]})"));
  const auto bad = testing::run_cli("validate bad.json", dir.path);
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("bad.json:3:"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("/parameter_sets/sets/1/1: -8 is out of range [0, 100]"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace simrun::input
