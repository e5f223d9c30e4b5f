// Known-answer tests: the exact output of the generator and of every Boost
// distribution the engine uses, for fixed streams. Boost does not promise
// that a distribution's output stays the same across versions; if one of
// these fails after a library upgrade, results are no longer reproducible
// against files written before it, and the results files' recorded
// boost_version tells which were affected. Each distribution is also checked
// statistically, so a pinned value is not merely whatever the code did.
#include <gtest/gtest.h>

#include <boost/random/exponential_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <cmath>

#include "input/distribution.h"
#include "util/random.h"

using namespace simrun;

TEST(RandomStreams, EngineAndSeedingArePinned) {
  Engine e = make_stream(1, 0, "kat");
  const auto first = e();
  const auto second = e();
  EXPECT_EQ(first, 9102070599024872802ull);
  EXPECT_EQ(second, 5841407245266336624ull);
  EXPECT_EQ(purpose_id("diaspora"), 1870234545919912064ull);
  EXPECT_EQ(unit_float(0x80000000u), 0.5f);
  EXPECT_LT(unit_float(0xFFFFFFFFu), 1.0f);
  EXPECT_EQ(unit_float(0u), 0.0f);
}

TEST(RandomStreams, StreamsDependOnSeedRunAndPurposeOnly) {
  Engine a = make_stream(5, 3, "x"), b = make_stream(5, 3, "x");
  for (int i = 0; i < 100; ++i) ASSERT_EQ(a(), b());
  EXPECT_NE(make_stream(5, 3, "x")(), make_stream(5, 4, "x")());
  EXPECT_NE(make_stream(5, 3, "x")(), make_stream(6, 3, "x")());
  EXPECT_NE(make_stream(5, 3, "x")(), make_stream(5, 3, "y")());
  // Seeds that differ only in their high half still give different streams.
  EXPECT_NE(make_stream(1ull << 40, 0, "x")(), make_stream(0, 0, "x")());
}

TEST(RandomStreams, ModelDistributionsArePinned) {
  Engine r = make_stream(20251125, 7, "kat");
  boost::random::exponential_distribution<double> ex(0.01);
  EXPECT_DOUBLE_EQ(ex(r), 38.727110176449827);
  EXPECT_DOUBLE_EQ(ex(r), 220.87988177282298);
  boost::random::lognormal_distribution<double> ln(0.0, 0.5);
  r = make_stream(20251125, 7, "kat");
  for (int i = 0; i < 3; ++i) ex(r);
  EXPECT_DOUBLE_EQ(ln(r), 0.60997718675629664);
  EXPECT_DOUBLE_EQ(ln(r), 0.68556472420683179);
  boost::random::uniform_01<double> u;
  r = make_stream(20251125, 7, "kat");
  for (int i = 0; i < 3; ++i) ex(r);
  for (int i = 0; i < 3; ++i) ln(r);
  EXPECT_DOUBLE_EQ(u(r), 0.47616392532360441);
}

namespace {

Distribution parse(const char* text) {
  Distribution d;
  std::vector<DistributionError> errors;
  EXPECT_TRUE(parse_distribution(nlohmann::ordered_json::parse(text), d, errors)) << text;
  return d;
}

struct Case {
  const char* spec;
  std::array<double, 4> first;  // pinned outputs from make_stream(20251125, 7, "kat")
  double mean;                  // theoretical mean
  double sd;                    // theoretical standard deviation
};

}  // namespace

TEST(RandomStreams, ScenarioDistributionsArePinnedAndHaveTheRightMoments) {
  const Case cases[] = {
      {R"({"dist":"uniform","min":2,"max":5})",
       {3.3969427437730766, 4.0747961035242986, 3.8336671985295352, 4.2742942628303275}, 3.5, 3 / std::sqrt(12.0)},
      {R"({"dist":"normal","mean":1,"sd":2})",
       {1.9452342252971997, -2.0910124174418558, -1.026595784963968, -0.97733488509720279}, 1, 2},
      // Standard normal truncated to [-0.5, 2]: mean (phi(-0.5)-phi(2))/(Phi(2)-Phi(-0.5)).
      {R"({"dist":"truncated_normal","mean":0,"sd":1,"min":-0.5,"max":2})",
       {0.47261711264859985, 1.0248669093659273, 0.49829169183927668, -0.040669314165826816}, 0.4457437782725149, 0.6136724176112495},
      {R"({"dist":"lognormal","mu":0.5,"sigma":0.3})",
       {1.8998693749725939, 1.0370168079735882, 1.216539839827842, 1.2255623099861344}, std::exp(0.5 + 0.045),
       std::exp(0.5 + 0.045) * std::sqrt(std::exp(0.09) - 1)},
      {R"({"dist":"beta","alpha":2,"beta":5,"min":10,"max":20})",
       {12.503216021767281, 13.032688439949078, 15.142119610567791, 12.254592357189637}, 10 + 10 * 2.0 / 7,
       10 * std::sqrt(10.0 / (49 * 8))},
      {R"({"dist":"triangular","min":0,"mode":1,"max":4})",
       {2.3913449794650483, 1.6980042541096663, 1.9180132579389126, 1.530753748343169}, 5.0 / 3,
       std::sqrt((0 + 1 + 16 - 0 - 0 - 4) / 18.0)},
      {R"({"dist":"discrete","values":[1,2,3],"weights":[0.2,0.5,0.3]})", {2, 2, 3, 2}, 2.1,
       std::sqrt(0.2 + 2.0 + 2.7 - 2.1 * 2.1)},
  };
  for (const auto& c : cases) {
    const Distribution d = parse(c.spec);
    Engine r = make_stream(20251125, 7, "kat");
    for (double expected : c.first) EXPECT_DOUBLE_EQ(d.sample(r), expected) << c.spec;
    // Moments: with 40,000 draws the mean is within 5 standard errors.
    constexpr int kDraws = 40000;
    Engine s = make_stream(99, 0, c.spec);
    double sum = 0, sumsq = 0;
    for (int i = 0; i < kDraws; ++i) {
      const double x = d.sample(s);
      ASSERT_GE(x, d.support_min()) << c.spec;
      ASSERT_LE(x, d.support_max()) << c.spec;
      sum += x;
      sumsq += x * x;
    }
    const double mean = sum / kDraws, sd = std::sqrt(sumsq / kDraws - mean * mean);
    EXPECT_NEAR(mean, c.mean, 5 * c.sd / std::sqrt(kDraws)) << c.spec;
    EXPECT_NEAR(sd, c.sd, 0.03 * c.sd) << c.spec;
  }
}
