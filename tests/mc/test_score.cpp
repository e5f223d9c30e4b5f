// Scoring maths checked against values worked out by hand: Brier and log
// scores, the CRPS of an ensemble (and its definition over all pairs),
// central-band coverage, monthly features of the record fixture, and the
// model-minus-reference rows with their bootstrap intervals.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "input/record.h"
#include "mc/score.h"
#include "model/actions.h"
#include "model/actors.h"
#include "util/dates.h"
#include "util/random.h"

using namespace simrun;
using namespace simrun::mc;

namespace {

const ScoreRow& row(const ScoreResult& r, const std::string& q, const std::string& s, const std::string& f,
                    const std::string& versus = "") {
  for (const auto& x : r.rows)
    if (x.quantity == q && x.score == s && x.forecast == f && x.versus == versus) return x;
  throw std::runtime_error("no row " + q + " " + s + " " + f + " " + versus);
}

// The CRPS straight from its definition, over all ordered pairs.
double crps_by_pairs(const std::vector<double>& x, double y) {
  double a = 0, b = 0;
  for (const double xi : x) {
    a += std::abs(xi - y);
    for (const double xj : x) b += std::abs(xi - xj);
  }
  const auto n = static_cast<double>(x.size());
  return a / n - b / (2 * n * n);
}

}  // namespace

TEST(Score, BrierAndLogScoresOfSingleForecasts) {
  EXPECT_NEAR(brier_score(0.7, true), 0.09, 1e-15);
  EXPECT_NEAR(brier_score(0.7, false), 0.49, 1e-15);
  EXPECT_NEAR(log_score(0.8, true, 0.01), -std::log(0.8), 1e-15);
  EXPECT_NEAR(log_score(0.8, false, 0.01), -std::log(0.2), 1e-15);
  // Clipped: a certain forecast that fails costs -ln(eps), not infinity.
  EXPECT_NEAR(log_score(1.0, false, 0.01), -std::log(0.01), 1e-12);
  EXPECT_NEAR(log_score(0.0, false, 0.01), -std::log(0.99), 1e-12);
}

TEST(Score, CrpsOfAnEnsembleMatchesHandValueAndDefinition) {
  // {1, 2, 4} at 3: mean |X - 3| = 4/3; mean |X - X'| over 9 pairs = 12/9; CRPS = 4/3 - 6/9 = 2/3.
  EXPECT_NEAR(crps_ensemble({4, 1, 2}, 3), 2.0 / 3.0, 1e-15);
  // One member: the absolute error.
  EXPECT_NEAR(crps_ensemble({5}, 2), 3, 1e-15);
  // All members equal to the outcome: 0.
  EXPECT_EQ(crps_ensemble({2, 2, 2}, 2), 0);
  Engine rng = make_stream(7, 0, "test");
  std::vector<double> x(37);
  for (double& v : x) v = static_cast<double>(rng() % 1000) / 10.0 - 50;
  for (const double y : {-60.0, -3.3, 0.0, 12.5, 70.0}) EXPECT_NEAR(crps_ensemble(x, y), crps_by_pairs(x, y), 1e-9);
  EXPECT_TRUE(std::isnan(crps_ensemble({}, 1)));
}

TEST(Score, CentralBandCoverageFollowsThePit) {
  const std::vector<double> x = {9, 1, 2, 3, 4, 5, 6, 7, 8};
  // Between members: F(y) = 4/9 is inside [0.25, 0.75], 7/9 and 2/9 are not.
  EXPECT_EQ(central_band_coverage(x, 0.5, 4.5), 1.0);
  EXPECT_EQ(central_band_coverage(x, 0.5, 7.5), 0.0);
  EXPECT_EQ(central_band_coverage(x, 0.5, 2.5), 0.0);
  // On a member: the share of [F(y-), F(y)] = [2/9, 3/9] inside [0.25, 0.75].
  EXPECT_NEAR(central_band_coverage(x, 0.5, 3), (3.0 / 9 - 0.25) / (1.0 / 9), 1e-12);
  EXPECT_EQ(central_band_coverage(x, 0.5, 5), 1.0);
  EXPECT_EQ(central_band_coverage(x, 0.9, 10), 0.0);
  EXPECT_TRUE(std::isnan(central_band_coverage({}, 0.5, 1)));
  EXPECT_NEAR(sorted_quantile7({1, 2, 3, 4}, 0.5), 2.5, 1e-15);
}

// The property the bands are for: a value drawn from the forecast itself is
// covered `level` of the time. With atoms (most runs 0 events in a month)
// the quantile band [q(0.25), q(0.75)] would cover it far more often.
TEST(Score, AValueDrawnFromTheEnsembleIsCoveredAtTheNominalRate) {
  const std::vector<double> x = {0, 0, 0, 0, 0, 0, 1, 1, 2, 5, 0, 3};
  for (const double level : {0.5, 0.9}) {
    double expected = 0, by_quantiles = 0;
    std::vector<double> sorted = x;
    std::sort(sorted.begin(), sorted.end());
    for (const double y : x) {
      expected += central_band_coverage(x, level, y) / static_cast<double>(x.size());
      const bool in = sorted_quantile7(sorted, (1 - level) / 2) <= y && y <= sorted_quantile7(sorted, (1 + level) / 2);
      by_quantiles += (in ? 1.0 : 0.0) / static_cast<double>(x.size());
    }
    EXPECT_NEAR(expected, level, 1e-12) << level;
    EXPECT_GT(by_quantiles, level) << "the quantile band would not over-cover here: the test shows nothing";
  }
}

TEST(Score, CalendarMonths) {
  EXPECT_EQ(month_of_day(0), 0);
  EXPECT_EQ(month_of_day(*parse_iso_date("2024-03-31")), 54 * 12 + 2);
  EXPECT_EQ(first_day_of_month(54 * 12 + 2), *parse_iso_date("2024-03-01"));
  EXPECT_EQ(month_label(54 * 12 + 2), "2024-03");
  EXPECT_EQ(first_day_of_month(-1), *parse_iso_date("1969-12-01"));
  EXPECT_EQ(month_of_day(-1), -1);
}

TEST(Score, ItemsAreTheActionsEachSideCanChoose) {
  const auto items = score_items();
  ASSERT_FALSE(items.empty());
  for (const auto& it : items) {
    EXPECT_TRUE(it.actor == model::RU || it.actor == model::AZ);
    EXPECT_LT(it.action, model::kNumChoosable);
    EXPECT_NE(model::action(it.action).by & (it.actor == model::RU ? model::kByRU : model::kByAZ), 0);
  }
  // apologise is Russia's only.
  const auto has = [&](int actor, int action) {
    return std::any_of(items.begin(), items.end(),
                       [&](const auto& i) { return i.actor == actor && i.action == action; });
  };
  EXPECT_TRUE(has(model::RU, model::kApologise));
  EXPECT_FALSE(has(model::AZ, model::kApologise));
  EXPECT_TRUE(has(model::AZ, model::kSuspendFlights));
}

TEST(Score, AJointActOfTheModelGetsTheRecordsSecondRow) {
  const long day = *parse_iso_date("2024-08-18");
  std::vector<DatedEvent> ev = {{day, model::RU, model::AZ, model::kLeadersMeeting, 4.0},
                                {day, model::AZ, model::RU, model::kSignAgreement, 8.0},
                                {day, model::AZ, model::RU, model::kPhoneCall, 1.0},
                                {day, model::RU, model::AZ, model::kExchangePrisoners, 7.0},
                                {day, model::RU, model::TR, model::kLeadersMeeting, 4.0}};
  add_joint_rows(ev);
  ASSERT_EQ(ev.size(), 8u);  // a call is one row; a meeting with Turkey is not the dyad's
  EXPECT_EQ(ev[5].actor, model::AZ);
  EXPECT_EQ(ev[5].target, model::RU);
  EXPECT_EQ(ev[5].action, model::kLeadersMeeting);
  EXPECT_EQ(ev[5].day, day);
  EXPECT_EQ(ev[5].goldstein, 4.0);
  EXPECT_EQ(ev[6].actor, model::RU);
  EXPECT_EQ(ev[6].action, model::kSignAgreement);
  EXPECT_EQ(ev[7].actor, model::AZ);
  EXPECT_EQ(ev[7].action, model::kExchangePrisoners);
  // In the features: both sides' items, two events, twice the Goldstein.
  const auto items = score_items();
  const std::vector<DatedEvent> meeting = {ev[0], ev[5]};
  const MonthlyFeatures f = monthly_features(meeting, items, month_of_day(day), 1);
  EXPECT_EQ(f.count[0], 2);
  EXPECT_EQ(f.goldstein[0], 8.0);
  std::size_t occurred = 0;
  for (std::size_t i = 0; i < items.size(); ++i) {
    EXPECT_EQ(f.occurred[i], items[i].action == model::kLeadersMeeting) << i;
    occurred += f.occurred[i];
  }
  EXPECT_EQ(occurred, 2u);
}

TEST(Score, MonthlyFeaturesOfTheRecordFixture) {
  const Record rec = input::load_record(std::string(SIMRUN_SOURCE_DIR) + "/tests/data/record/small.csv");
  const auto items = score_items();
  const int jan = month_of_day(*parse_iso_date("2024-01-01"));
  const auto ev = dated_events(rec);
  const MonthlyFeatures f = monthly_features(ev, items, jan, 6);
  EXPECT_EQ(f.count, (std::vector<double>{2, 1, 2, 2, 0, 1}));  // AM -> AZ and RU -> - are not the dyad
  EXPECT_EQ(f.goldstein, (std::vector<double>{-1, 3, -7, 3, 0, -2}));
  const auto at = [&](int actor, int action, int m) {
    for (std::size_t i = 0; i < items.size(); ++i)
      if (items[i].actor == actor && items[i].action == action)
        return int{f.occurred[i * 6 + static_cast<std::size_t>(m)]};
    return -1;
  };
  EXPECT_EQ(at(model::RU, model::kPhoneCall, 0), 1);
  EXPECT_EQ(at(model::AZ, model::kPhoneCall, 0), 0);
  EXPECT_EQ(at(model::AZ, model::kAccuse, 0), 1);
  EXPECT_EQ(at(model::AZ, model::kAccuse, 5), 1);
  EXPECT_EQ(at(model::RU, model::kAccuse, 4), 0);  // aimed at no one
  EXPECT_EQ(at(model::RU, model::kApologise, 3), 1);
  std::size_t occurred = 0;
  for (const auto o : f.occurred) occurred += o;
  EXPECT_EQ(occurred, 7u);  // the Feb row has no model action
}

TEST(Score, ModelAndReferencesOnAHandWorkedExample) {
  // One item, two months; two runs.
  EnsembleForecast model;
  model.runs = 2;
  model.item_p = {0.8, 0.3};
  model.count = {1, 3, 0, 0};         // [month][run]
  model.goldstein = {-4, 2, -1, -1};  // [month][run]
  MonthlyFeatures obs{10, 2, {2, 1}, {0, -1}, {1, 0}};
  MonthlyFeatures hist{8, 2, {4, 0}, {-3, 1}, {0, 1}};
  ScoreSettings s;
  s.eps = 0.25;
  s.bootstrap.resamples = 200;
  const ScoreResult r = score_forecasts(model, obs, hist, s);
  // Brier: model 0.04, 0.09; base rate 0.5: 0.25, 0.25; persistence 1 then 1: 0, 1.
  EXPECT_NEAR(row(r, "items", "brier", "model").value.estimate, 0.065, 1e-15);
  EXPECT_NEAR(row(r, "items", "brier", "base_rate").value.estimate, 0.25, 1e-15);
  EXPECT_NEAR(row(r, "items", "brier", "persistence").value.estimate, 0.5, 1e-15);
  EXPECT_NEAR(row(r, "items", "brier", "constant_0.5").value.estimate, 0.25, 1e-15);
  const auto& d = row(r, "items", "brier", "model", "base_rate");
  EXPECT_NEAR(d.value.estimate, (-0.21 - 0.16) / 2, 1e-15);
  EXPECT_EQ(d.months, 2u);
  // Two months: every resample's mean is -0.21, -0.185 or -0.16.
  EXPECT_NEAR(d.value.lower, -0.21, 1e-12);
  EXPECT_NEAR(d.value.upper, -0.16, 1e-12);
  // Log score, clipped to [0.25, 0.75]: model -ln 0.75, -ln 0.7; persistence -ln 0.75, -ln 0.25.
  EXPECT_NEAR(row(r, "items", "log", "model").value.estimate, -(std::log(0.75) + std::log(0.7)) / 2, 1e-14);
  EXPECT_NEAR(row(r, "items", "log", "persistence").value.estimate, -(std::log(0.75) + std::log(0.25)) / 2, 1e-14);
  // Counts: model {1,3} at 2 -> 1 - 0.5 = 0.5; {0,0} at 1 -> 1. Base rate {4,0} at 2 -> 2 - 1 = 1; at 1 -> 2 - 1 = 1.
  EXPECT_NEAR(row(r, "count", "crps", "model").value.estimate, 0.75, 1e-15);
  EXPECT_NEAR(row(r, "count", "crps", "base_rate").value.estimate, 1.0, 1e-15);
  // Persistence: 0 (last history month) then 2: errors 2 and 1.
  EXPECT_NEAR(row(r, "count", "crps", "persistence").value.estimate, 1.5, 1e-15);
  // Bands: {1,3} 50% band [1.5, 2.5] holds 2; {0,0} does not hold 1.
  EXPECT_NEAR(row(r, "count", "coverage50", "model").value.estimate, 0.5, 1e-15);
  // Net Goldstein, model: {-4,2} at 0 -> 3 - 1.5 = 1.5; {-1,-1} at -1 -> 0.
  EXPECT_NEAR(row(r, "net_goldstein", "crps", "model").value.estimate, 0.75, 1e-15);
  EXPECT_NEAR(row(r, "net_goldstein", "crps", "model", "persistence").value.estimate, (1.5 - 1 + 0 - 1) / 2, 1e-15);
}

TEST(Score, ReferencesNeedingHistoryAreUndefinedWithoutIt) {
  EnsembleForecast model;
  model.runs = 1;
  model.item_p = {0.5, 0.5};
  model.count = {1, 1};
  model.goldstein = {0, 0};
  MonthlyFeatures obs{10, 2, {1, 2}, {0, 0}, {1, 0}};
  MonthlyFeatures none{10, 0, {}, {}, {}};
  ScoreSettings s;
  s.eps = 0.01;
  s.bootstrap.resamples = 50;
  const ScoreResult r = score_forecasts(model, obs, none, s);
  EXPECT_TRUE(std::isnan(row(r, "items", "brier", "base_rate").value.estimate));
  EXPECT_EQ(row(r, "items", "brier", "base_rate").months, 0u);
  // Persistence starts in the second month.
  EXPECT_EQ(row(r, "items", "brier", "persistence").months, 1u);
  EXPECT_EQ(row(r, "count", "crps", "model", "persistence").months, 1u);
  EXPECT_NEAR(row(r, "count", "crps", "persistence").value.estimate, 1, 1e-15);
}

TEST(Score, EnsembleBuilderTakesTheShareOfRuns) {
  EnsembleBuilder b(1, 2, 4);
  for (int r = 0; r < 4; ++r) b.add(MonthlyFeatures{0, 2, {double(r), 0}, {0, -double(r)}, {r < 1, r < 3}});
  const EnsembleForecast f = b.finish();
  EXPECT_EQ(f.item_p, (std::vector<double>{0.25, 0.75}));
  EXPECT_EQ(f.count, (std::vector<double>{0, 1, 2, 3, 0, 0, 0, 0}));
  EXPECT_EQ(f.goldstein[4 + 3], -3);
}
