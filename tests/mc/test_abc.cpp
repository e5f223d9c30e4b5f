// ABC rejection maths on hand-worked numbers: summary statistics, means
// over replications, the scales (MAD, else SD), the distances, which points
// are accepted and the accepted values' summaries.
#include <gtest/gtest.h>

#include <cmath>

#include "mc/abc.h"
#include "model/actions.h"
#include "model/actors.h"

using namespace simrun;
using namespace simrun::mc;

TEST(Abc, SummaryStatisticsFollowTheLayout) {
  const MonthlyFeatures f{600, 2, {3, 1}, {-4, 2}, {1, 0, 1, 1}};  // two items
  StatisticsLayout all{true, true, true, 600, 2, 2};
  EXPECT_EQ(all.size(), 6u);
  EXPECT_EQ(summary_statistics(f, all), (std::vector<double>{3, 1, -4, 2, 0.5, 1.0}));
  StatisticsLayout goldstein_only{false, true, false, 600, 2, 2};
  EXPECT_EQ(summary_statistics(f, goldstein_only), (std::vector<double>{-4, 2}));
  const std::vector<ScoreItem> items = {{model::RU, model::kAccuse}, {model::AZ, model::kDemand}};
  EXPECT_EQ(all.names(items),
            (std::vector<std::string>{"count.2020-01", "count.2020-02", "net_goldstein.2020-01",
                                      "net_goldstein.2020-02", "items.RU.accuse", "items.AZ.demand"}));
}

TEST(Abc, RowMeansSkipRowsOfFailedRuns) {
  const double nan = std::nan("");
  EXPECT_EQ(row_means({1, 2, nan, nan, 3, 6}, 2), (std::vector<double>{2, 4}));
  const auto none = row_means({nan, nan}, 2);
  EXPECT_TRUE(std::isnan(none[0]) && std::isnan(none[1]));
}

TEST(Abc, ScalesAreTheMadOrElseTheStandardDeviation) {
  // Five points, three statistics: [1 2 3 4 100] has MAD 1; a constant has
  // none; [0 0 0 1 0] has MAD 0 and SD sqrt(0.2).
  const std::vector<double> sim = {1, 5, 0, 2, 5, 0, 3, 5, 0, 4, 5, 1, 100, 5, 0};
  const auto s = statistic_scales(sim, 3);
  EXPECT_DOUBLE_EQ(s[0], 1);
  EXPECT_EQ(s[1], 0);
  EXPECT_NEAR(s[2], std::sqrt(0.2), 1e-15);
}

TEST(Abc, DistancesAreRootMeanSquaresOfScaledDifferences) {
  const std::vector<double> sim = {1, 7, 4, 5, 3, 9};  // three points, two statistics
  const auto d = abc_distances(sim, {1, 5}, {2, 0.5});
  EXPECT_NEAR(d[0], std::sqrt((0 + 16) / 2.0), 1e-15);
  EXPECT_NEAR(d[1], std::sqrt((2.25 + 0) / 2.0), 1e-15);
  EXPECT_NEAR(d[2], std::sqrt((1 + 64) / 2.0), 1e-15);
  // A statistic with scale 0 is left out.
  EXPECT_NEAR(abc_distances(sim, {1, 5}, {2, 0})[2], 1, 1e-15);
}

TEST(Abc, AcceptsTheClosestPointsNeverNaN) {
  const double nan = std::nan("");
  EXPECT_EQ(accept_closest({3, nan, 1, 2, 1}, 3), (std::vector<std::size_t>{2, 4, 3}));
  EXPECT_EQ(accept_closest({nan, 5}, 2), (std::vector<std::size_t>{1}));
}

TEST(Abc, PosteriorSummaryOfTheAcceptedValues) {
  Design d;
  d.factors.resize(2);
  d.points = 4;
  d.values = {0.1, 10, 0.2, 20, 0.3, 30, 0.9, 90};
  const auto s = posterior_summary(d, {0, 1, 2});
  EXPECT_NEAR(s.mean[0], 0.2, 1e-15);
  EXPECT_NEAR(s.mean[1], 20, 1e-12);
  EXPECT_NEAR(s.sd[1], 10, 1e-12);
  // Quantile 0.05 of {10, 20, 30}: 10 + 0.1 * 10 = 11.
  EXPECT_NEAR(s.quantiles[0 * 2 + 1], 11, 1e-12);
  EXPECT_NEAR(s.quantiles[2 * 2 + 0], 0.2, 1e-15);
}
