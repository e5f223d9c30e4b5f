// Known-answer tests: the exact output of every Boost distribution the
// engine uses, for fixed streams (the streams themselves are pinned in
// tests/util/test_random.cpp). Boost does not promise that a distribution's
// output stays the same across versions; if one of these fails after a
// library upgrade, results are no longer reproducible against files written
// before it, and the results files' recorded boost_version tells which were
// affected. Each distribution is also checked statistically, so a pinned
// value is not merely whatever the code did.
#include <gtest/gtest.h>

#include <boost/random/exponential_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <cmath>

#include "input/distribution.h"
#include "util/random.h"

using namespace simrun;

TEST(RandomStreams, ModelDistributionsArePinned) {
  Engine r = make_stream(20251125, 7, "kat");
  boost::random::exponential_distribution<double> ex(0.01);
  EXPECT_DOUBLE_EQ(ex(r), 43.266282998059552);
  EXPECT_DOUBLE_EQ(ex(r), 113.6355760107085);
  boost::random::lognormal_distribution<double> ln(0.0, 0.5);
  r = make_stream(20251125, 7, "kat");
  for (int i = 0; i < 3; ++i) ex(r);
  EXPECT_DOUBLE_EQ(ln(r), 2.4971955131224268);
  EXPECT_DOUBLE_EQ(ln(r), 1.5266522756467);
  boost::random::uniform_01<double> u;
  r = make_stream(20251125, 7, "kat");
  for (int i = 0; i < 3; ++i) ex(r);
  for (int i = 0; i < 3; ++i) ln(r);
  EXPECT_DOUBLE_EQ(u(r), 0.066013062163038635);
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
       {2.440636231466029, 4.4211697539815109, 3.2772390486190819, 4.3209249302416826},
       3.5,
       3 / std::sqrt(12.0)},
      {R"({"dist":"normal","mean":1,"sd":2})",
       {1.6298954215989583, -1.2355742403261329, -0.48572373910122035, 4.6606732297617341},
       1,
       2},
      // Standard normal truncated to [-0.5, 2]: mean (phi(-0.5)-phi(2))/(Phi(2)-Phi(-0.5)).
      {R"({"dist":"truncated_normal","mean":0,"sd":1,"min":-0.5,"max":2})",
       {0.3149477107994792, 1.8303366148808671, 0.84615456596252436, 0.10573433500083264},
       0.4457437782725149,
       0.6136724176112495},
      {R"({"dist":"lognormal","mu":0.5,"sigma":0.3})",
       {1.8120962299368824, 1.1789967487891855, 1.3193529659807604, 2.8550831997844694},
       std::exp(0.5 + 0.045),
       std::exp(0.5 + 0.045) * std::sqrt(std::exp(0.09) - 1)},
      {R"({"dist":"beta","alpha":2,"beta":5,"min":10,"max":20})",
       {13.369417153578565, 11.664367047402859, 11.415763760341866, 11.399528990115497},
       10 + 10 * 2.0 / 7,
       10 * std::sqrt(10.0 / (49 * 8))},
      {R"({"dist":"triangular","min":0,"mode":1,"max":4})",
       {0.76649525457633394, 1.4145253789824115, 2.5477754324911297, 1.49326911676448},
       5.0 / 3,
       std::sqrt((0 + 1 + 16 - 0 - 0 - 4) / 18.0)},
      {R"({"dist":"discrete","values":[1,2,3],"weights":[0.2,0.5,0.3]})",
       {2, 2, 3, 3},
       2.1,
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
