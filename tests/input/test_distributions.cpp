// Distributions at the edges of their parameters: point values, weights that
// Boost's alias table mishandles, shapes where its samplers return NaN. Each
// either samples finite values inside its stated support, or is refused with
// the JSON pointer of the parameter at fault.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "input/distribution.h"
#include "input/scenario.h"
#include "util/diagnostics.h"
#include "util/random.h"

using namespace simrun;
using ::testing::HasSubstr;

namespace {

using Json = nlohmann::ordered_json;

Distribution parse_ok(const Json& j) {
  Distribution d;
  std::vector<DistributionError> errors;
  EXPECT_TRUE(parse_distribution(j, d, errors)) << j.dump() << ": " << (errors.empty() ? "" : errors[0].message);
  return d;
}

// The first error for a distribution that must be refused.
DistributionError refused(const Json& j) {
  Distribution d;
  std::vector<DistributionError> errors;
  EXPECT_FALSE(parse_distribution(j, d, errors)) << j.dump();
  return errors.empty() ? DistributionError{"(accepted)", ""} : errors[0];
}

// `n` draws, each finite and inside [support_min, support_max].
std::vector<double> draws(const Distribution& d, int n, const std::string& label) {
  Engine rng = make_stream(7, 3, label);
  std::vector<double> out;
  for (int i = 0; i < n; ++i) {
    const double x = d.sample(rng);
    EXPECT_TRUE(std::isfinite(x)) << label << " draw " << i;
    EXPECT_GE(x, d.support_min()) << label;
    EXPECT_LE(x, d.support_max()) << label;
    if (!std::isfinite(x) || x < d.support_min() || x > d.support_max()) break;
    out.push_back(x);
  }
  return out;
}

const std::string kScenarios = std::string(SIMRUN_SOURCE_DIR) + "/scenarios";

}  // namespace

TEST(Distributions, AUniformOfOnePointReturnsThatPointExactly) {
  // Boost's sampler draws until the value falls below max: forever here.
  const Distribution d = parse_ok(Json::parse(R"({"dist":"uniform","min":0.3,"max":0.3})"));
  for (double x : draws(d, 1000, "uniform point")) ASSERT_EQ(x, 0.3);
}

TEST(Distributions, ATriangularOfOnePointReturnsThatPointExactly) {
  const Distribution d = parse_ok(Json::parse(R"({"dist":"triangular","min":2,"mode":2,"max":2})"));
  for (double x : draws(d, 1000, "triangular point")) ASSERT_EQ(x, 2.0);
}

TEST(Distributions, AnEventDayOfOnePointHappensOnThatDay) {
  const auto sc = input::load_scenario_text(R"({"extends": "baseline.json", "name": "point_day",
    "description": "An incident on day 60 exactly.",
    "events": [{"id": "incident", "type": "incident", "actor": "RU", "severity": 0.3,
                "day": {"dist": "uniform", "min": 60, "max": 60}}]})",
                                            "point_day.json", kScenarios);
  for (std::uint64_t run = 0; run < 20; ++run) EXPECT_EQ(sc.plan.sample(sc.seed, run).events.at(0).day, 60.0);
}

TEST(Distributions, BoundedKindsStayInsideTheirSupportAtAwkwardBounds) {
  // Bounds that are not exact in binary, and modes at the ends, where
  // min + (max - min) * u may round past max.
  for (const char* spec :
       {R"({"dist":"uniform","min":0.1,"max":0.3})", R"({"dist":"triangular","min":0.1,"mode":0.3,"max":0.3})",
        R"({"dist":"triangular","min":0.1,"mode":0.1,"max":0.7})",
        R"({"dist":"beta","alpha":0.05,"beta":3,"min":0.1,"max":0.3})",
        R"({"dist":"beta","alpha":3,"beta":0.05,"min":0.1,"max":0.3})",
        R"({"dist":"truncated_normal","mean":0.2,"sd":5,"min":0.1,"max":0.3})"})
    EXPECT_EQ(draws(parse_ok(Json::parse(spec)), 20000, spec).size(), 20000u) << spec;
}

TEST(Distributions, BetaShapesAreBoundedWhereBoostsSamplerWorks) {
  const DistributionError tiny = refused(Json::parse(R"({"dist":"beta","alpha":1e-10,"beta":1e-10})"));
  EXPECT_EQ(tiny.suffix, "/alpha");
  EXPECT_THAT(tiny.message, HasSubstr("alpha must lie in [0.05, 1000000.0], found 1e-10"));
  EXPECT_EQ(refused(Json::parse(R"({"dist":"beta","alpha":2,"beta":0.001})")).suffix, "/beta");
  EXPECT_EQ(refused(Json::parse(R"({"dist":"beta","alpha":2e6,"beta":2})")).suffix, "/alpha");
  // At the bounds every draw is a number in [min, max] (below them Boost
  // returns NaN: both gamma draws underflow to 0).
  for (const char* spec : {R"({"dist":"beta","alpha":0.05,"beta":0.05})", R"({"dist":"beta","alpha":1e6,"beta":1e6})",
                           R"({"dist":"beta","alpha":0.05,"beta":1e6})"})
    EXPECT_EQ(draws(parse_ok(Json::parse(spec)), 200000, spec).size(), 200000u) << spec;
}

TEST(Distributions, NormalAndLognormalParametersAreBounded) {
  EXPECT_EQ(refused(Json::parse(R"({"dist":"lognormal","mu":0,"sigma":50})")).suffix, "/sigma");
  EXPECT_EQ(refused(Json::parse(R"({"dist":"lognormal","mu":1000,"sigma":1})")).suffix, "/mu");
  EXPECT_EQ(refused(Json::parse(R"({"dist":"normal","mean":0,"sd":1e301})")).suffix, "/sd");
  EXPECT_EQ(refused(Json::parse(R"({"dist":"normal","mean":-1e301,"sd":1})")).suffix, "/mean");
  // At the bounds a lognormal draw is still positive and finite.
  const Distribution d = parse_ok(Json::parse(R"({"dist":"lognormal","mu":100,"sigma":10})"));
  for (double x : draws(d, 20000, "lognormal")) ASSERT_GT(x, 0.0);
}

TEST(Distributions, EveryParameterMustBeFinite) {
  Json j = Json::parse(R"({"dist":"uniform","min":0})");
  j["max"] = std::numeric_limits<double>::infinity();
  const DistributionError e = refused(j);
  EXPECT_EQ(e.suffix, "/max");
  EXPECT_THAT(e.message, HasSubstr("must be a finite number"));
  // Finite ends whose distance is not: Boost's uniform sampler would spin.
  EXPECT_EQ(refused(Json::parse(R"({"dist":"uniform","min":-1e308,"max":1e308})")).suffix, "/max");
}

TEST(Distributions, DiscreteWeightsMustHaveANormalPositiveFiniteSum) {
  // A subnormal total made Boost draw the zero-weight value half the time.
  const DistributionError sub = refused(Json::parse(R"({"dist":"discrete","values":[1,2],"weights":[0,5e-324]})"));
  EXPECT_EQ(sub.suffix, "/weights");
  EXPECT_THAT(sub.message, HasSubstr("sum to a positive number of at least"));
  EXPECT_EQ(refused(Json::parse(R"({"dist":"discrete","values":[1,2],"weights":[1e308,1e308]})")).suffix, "/weights");
  EXPECT_EQ(refused(Json::parse(R"({"dist":"discrete","values":[1,2],"weights":[0,0]})")).suffix, "/weights");
  EXPECT_EQ(refused(Json::parse(R"({"dist":"discrete","values":[1,2],"weights":[3,-1]})")).suffix, "/weights/1");
  // A zero weight is allowed and never drawn.
  const Distribution d = parse_ok(Json::parse(R"({"dist":"discrete","values":[1,2],"weights":[1e-300,0]})"));
  for (double x : draws(d, 20000, "discrete")) ASSERT_EQ(x, 1.0);
}

TEST(Distributions, EveryDiscreteValueIsRangeCheckedWhateverItsWeight) {
  const Distribution d = parse_ok(Json::parse(R"({"dist":"discrete","values":[0.06,1000,-5],"weights":[1,0,0]})"));
  EXPECT_EQ(d.support_min(), -5);
  EXPECT_EQ(d.support_max(), 1000);
  // A daily probability of 1000 must not reach the model, even at weight 0.
  try {
    input::load_scenario_text(R"({"extends": "baseline.json", "name": "zero_weight", "description": "x",
      "actors": {"RU": {"activity": {"dist": "discrete", "values": [0.06, 1000], "weights": [1, 0]}}}})",
                              "zero_weight.json", kScenarios);
    FAIL() << "a value of weight 0 outside the range was accepted";
  } catch (const InputError& e) {
    ASSERT_FALSE(e.diagnostics().empty());
    EXPECT_EQ(e.diagnostics()[0].path, "/actors/RU/activity");
    EXPECT_THAT(e.diagnostics()[0].message, HasSubstr("can produce values in [0.06, 1000]"));
  }
}

// extends merges objects key by key, but a distribution of another kind
// replaces the inherited one whole (docs/scenario-format.md, extends).
TEST(Distributions, AnotherKindOverAnInheritedDistributionReplacesItWhole) {
  // baseline.json: channels.oil_transit is uniform on [0, 3].
  const auto beta = input::load_scenario_text(R"({"extends": "baseline.json", "name": "beta_transit",
    "channels": {"oil_transit": {"dist": "beta", "alpha": 2, "beta": 5}}})",
                                              "beta_transit.json", kScenarios);
  EXPECT_EQ(beta.resolved["channels"]["oil_transit"].dump(), R"({"dist":"beta","alpha":2,"beta":5})");
  // Unscaled, the beta stays in [0, 1], not the uniform's [0, 3].
  int checked = 0;
  for (const auto& u : beta.plan.uncertain) {
    if (u.name != "/channels/oil_transit") continue;
    for (double x : draws(u.dist, 2000, "beta over uniform")) ASSERT_LE(x, 1.0);
    ++checked;
  }
  EXPECT_EQ(checked, 1);
  // Given by the child, the range is the child's.
  const auto scaled = input::load_scenario_text(R"({"extends": "baseline.json", "name": "scaled",
    "channels": {"oil_transit": {"dist": "beta", "alpha": 2, "beta": 5, "min": 1, "max": 2}}})",
                                                "scaled.json", kScenarios);
  EXPECT_EQ(scaled.resolved["channels"]["oil_transit"]["min"], 1);
  // The same kind still merges: only max changes.
  const auto wider = input::load_scenario_text(R"({"extends": "baseline.json", "name": "wider",
    "channels": {"oil_transit": {"max": 5}}})",
                                               "wider.json", kScenarios);
  EXPECT_EQ(wider.resolved["channels"]["oil_transit"].dump(), R"({"dist":"uniform","min":0.0,"max":5})");
  // A normal over the uniform is checked as written by the child, and its
  // error names the child, not the base file.
  try {
    input::load_scenario_text(R"({"extends": "baseline.json", "name": "n",
    "channels": {"oil_transit": {"dist": "normal", "mean": 1, "sd": 0.2}}})",
                              "normal.json", kScenarios);
    FAIL() << "a normal on a field that must not be negative was accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostics().at(0).file, "normal.json");
    EXPECT_THAT(e.diagnostics().at(0).message, ::testing::Not(HasSubstr("min")));
  }
}

TEST(Distributions, AnExtendsNameWithoutJsonGetsTheClosestFile) {
  try {
    input::load_scenario_text(R"({"extends": "baselne", "name": "x"})", "x.json", kScenarios);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_THAT(e.diagnostics().at(0).message, HasSubstr("did you mean \"baseline.json\"?"));
  }
}
