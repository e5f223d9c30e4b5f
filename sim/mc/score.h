#pragma once
// Scoring forecasts against a dated record (docs/calibration.md, "Scoring"):
// the monthly features of an event sequence (dyad event count, net
// Goldstein, and which (actor, action) items occurred), proper scores of
// probabilities and of ensembles, and the comparison with reference
// forecasts with bootstrap intervals over months. Pure functions: no files.
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "mc/record.h"
#include "mc/sensitivity.h"
#include "mc/summary.h"
#include "model/model.h"

namespace simrun::mc {

// Calendar months counted from 1970-01 (month 0), and back.
int month_of_day(long days_since_epoch);
long first_day_of_month(int month);
std::string month_label(int month);  // YYYY-MM

// An (actor, action) pair of the dyad that a state can choose in the model,
// aimed at the other side: the items whose monthly occurrence is forecast.
struct ScoreItem {
  int actor = 0;   // model::RU or model::AZ
  int action = 0;  // model::ActionId
};

// Actions left out of scoring. A record that does not code some kind of act
// (the shipped one has no lower-level economic cooperation) can only be
// compared with the model's other acts: excluded actions are no items, and
// their events, the model's and the record's, count in no monthly count or
// net Goldstein.
struct ScoreScope {
  std::vector<int> excluded;  // model::ActionId, sorted, unique
  bool excludes(int action) const;
};
std::vector<ScoreItem> score_items(const ScoreScope& scope = {});

// The calendar months a run simulates from their first to their last day,
// as [first, first + months): an event at time t (days since the start, the
// end of its step) is dated start + t - 1, the last day of its step.
struct MonthSpan {
  int first = 0, months = 0;
  int last() const { return first + months - 1; }
};
MonthSpan simulated_months(long start_day, double last_time);
long event_day(long start_day, double time);

// One event placed on the calendar.
struct DatedEvent {
  long day = 0;  // days since 1970-01-01
  int actor = -1, target = -1, action = -1;
  double goldstein = 0;
};
// Removes the events of the scope's excluded actions.
void drop_excluded(std::vector<DatedEvent>& events, const ScoreScope& scope);

// Monthly features of months [first, first + months) of one event sequence.
struct MonthlyFeatures {
  int first = 0;
  int months = 0;
  std::vector<double> count;           // [month]: dyad events
  std::vector<double> goldstein;       // [month]: their summed Goldstein scores
  std::vector<std::uint8_t> occurred;  // [item][month]: 1 if the item happened
};

// Counts the dyad events (actor and target RU and AZ) of `events` that fall
// in the months; the rest are ignored.
MonthlyFeatures monthly_features(std::span<const DatedEvent> events, const std::vector<ScoreItem>& items, int first,
                                 int months);
std::vector<DatedEvent> dated_events(const Record& record);
// A run's event log on the calendar, into `out` (cleared first), with the
// second row of each joint act (add_joint_rows).
void dated_run_events(const model::RunOutput& run, long start_day, std::vector<DatedEvent>& out);
// A joint act of the dyad (model::ActionDef::joint: a meeting, an agreement)
// is one event in the model's log but two rows in a dyadic record, one each
// way; appends the second row to each, so that items, counts and net
// Goldstein count the model's acts as the record codes them. For model
// events only: a record has both rows already.
void add_joint_rows(std::vector<DatedEvent>& events);

// Proper scores (lower is better). The log score is -ln of the probability
// given to what happened, with p first clipped to [eps, 1 - eps].
double brier_score(double p, bool occurred);
double log_score(double p, bool occurred, double eps);
// The CRPS of the empirical distribution of `ensemble` at y:
// mean|X - y| - mean|X - X'| / 2 over all pairs (X, X') of members.
double crps_ensemble(std::vector<double> ensemble, double y);
// Type-7 quantile of sorted values (linear interpolation, as numpy's default).
double sorted_quantile7(const std::vector<double>& sorted, double p);
// Whether y lies in the central `level` band of the ensemble, by its
// probability integral transform: 1 or 0 where the ensemble has no member
// equal to y, and where it has (monthly counts often do: many runs with 0),
// the share of the PIT's range [F(y-), F(y)] inside [(1-level)/2,
// (1+level)/2] (the non-randomised PIT of Czado, Gneiting and Held 2009).
// A value drawn from the ensemble itself is covered `level` of the time in
// expectation, atoms or not; NaN for an empty ensemble.
double central_band_coverage(std::vector<double> ensemble, double level, double y);

// The ensemble forecast of the model for the scored months.
struct EnsembleForecast {
  std::uint64_t runs = 0;
  std::vector<double> item_p;     // [item][month]: share of runs in which the item happened
  std::vector<double> count;      // [month][run]
  std::vector<double> goldstein;  // [month][run]
};

// Accumulates run after run into an EnsembleForecast.
class EnsembleBuilder {
 public:
  EnsembleBuilder(std::size_t items, int months, std::uint64_t runs);
  void add(const MonthlyFeatures& run);
  EnsembleForecast finish();

 private:
  std::size_t items_;
  int months_;
  std::uint64_t added_ = 0;
  EnsembleForecast f_;
};

// One score of one forecaster per month (NaN where it is not defined).
struct ScoreSeries {
  std::string quantity;  // items, count, net_goldstein
  std::string score;     // brier, log, crps, coverage50, coverage90
  std::string forecast;  // model, base_rate, persistence, constant_0.5
  std::vector<double> by_month;
};

// A score averaged over the months where it is defined, or the model's
// minus a reference's, with a bootstrap interval over months.
struct ScoreRow {
  std::string quantity, score, forecast;
  std::string versus;  // empty, or the reference subtracted from the model
  Interval value;
  std::size_t months = 0;
};

struct ScoreSettings {
  double eps = 0;  // clipping of probabilities in the log score
  BootstrapOptions bootstrap;
};

struct ScoreResult {
  std::vector<ScoreSeries> series;
  std::vector<ScoreRow> rows;
};

// Scores the model and the references on the window. `history` holds the
// record's months before the window (base rate; the last one is the first
// month's persistence forecast); it may have no months.
ScoreResult score_forecasts(const EnsembleForecast& model, const MonthlyFeatures& observed,
                            const MonthlyFeatures& history, const ScoreSettings& settings);

// The share of the history's months in which each item occurred ([item];
// NaN without history months).
std::vector<double> item_base_rates(const MonthlyFeatures& history);

// The scores as tables (what the score group of an output file holds):
// score names are <quantity>_<score>, in the order of kScoreNames.
inline constexpr std::array<const char*, 8> kScoreNames = {"items_brier",
                                                           "items_log",
                                                           "count_crps",
                                                           "count_coverage50",
                                                           "count_coverage90",
                                                           "net_goldstein_crps",
                                                           "net_goldstein_coverage50",
                                                           "net_goldstein_coverage90"};
inline constexpr std::array<const char*, 4> kForecastNames = {"model", "base_rate", "persistence", "constant_0.5"};

struct ScoreTables {
  std::vector<ScoreItem> items;
  int first_month = 0, months = 0;
  std::uint64_t runs = 0;
  std::vector<double> probability;                           // [item][month], the model's
  std::vector<std::uint8_t> outcome;                         // [item][month], the record's
  std::vector<double> base_rate;                             // [item]
  std::vector<double> count, net_goldstein;                  // [month], the record's
  std::vector<double> count_q, goldstein_q;                  // [quantile][month], the model's, levels kQuantiles
  std::vector<double> by_month;                              // [score][forecast][month]; NaN: not defined
  std::vector<Interval> mean, difference;                    // [score][forecast]; the model minus that forecast
  std::vector<std::int64_t> mean_months, difference_months;  // [score][forecast]
};

ScoreTables score_tables(const std::vector<ScoreItem>& items, const EnsembleForecast& model,
                         const MonthlyFeatures& observed, const MonthlyFeatures& history,
                         const ScoreSettings& settings);

}  // namespace simrun::mc
