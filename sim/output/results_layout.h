#pragma once
// The results layout, declared once: file types, the format version, and
// every dataset of every group with its dimensions, type, units and
// long_name. The writer creates datasets from these rows, the reader checks
// files against them, and a test holds docs/output-format.md to them.
#include <array>
#include <string>
#include <string_view>

namespace simrun::output {

inline constexpr const char* kFileTypeResults = "simrun results";
inline constexpr const char* kFileTypeComparison = "simrun comparison";
inline constexpr const char* kFileTypeSweep = "simrun sweep";
inline constexpr const char* kFileTypeScore = "simrun score";
// The state of a sweep while it runs (OUT.partial): the design, the run
// table and the per-run records, updated in place, read by --resume.
inline constexpr const char* kFileTypeSweepState = "simrun sweep state";
// "major.minor": readers refuse a major version they do not know; a minor
// version adds to the layout without breaking readers.
inline constexpr int kFormatMajor = 1;
inline constexpr const char* kFormatVersion = "1.1";

// One dataset (or a family of them). In `name` and `long_name`, {variable},
// {outcome}, {metric}, {pointer} and {id} stand for a row of the model's
// tables or of the scenario; `units` "{units}" means the row's own units and
// "" none. `dims` lists dimension names, outermost first.
struct DatasetDef {
  std::string_view group;
  std::string_view name;
  std::string_view dims;
  std::string_view type;
  std::string_view units;
  std::string_view long_name;
};

// clang-format off
inline constexpr std::array kLayout = {
  // Per-run groups: one row per run (realization).
  DatasetDef{"trajectories", "realization", "realization", "int64", "1", "Monte Carlo run index"},
  DatasetDef{"trajectories", "time", "time", "float64", "days since <start_date>", "time"},
  DatasetDef{"trajectories", "{variable}", "realization, time", "float32", "{units}", "{long_name}"},
  DatasetDef{"parameters", "realization", "realization", "int64", "1", "Monte Carlo run index"},
  DatasetDef{"parameters", "{pointer}", "realization", "float64", "", "sampled value of {pointer}"},
  DatasetDef{"parameters", "events.{id}.occurs", "realization", "int8", "1", "1 if event {id} happens in the run"},
  DatasetDef{"parameters", "parameter_set", "realization", "int64", "1", "index of the parameter set drawn in the run (parameter_sets/sets)"},
  DatasetDef{"outcomes", "realization", "realization", "int64", "1", "Monte Carlo run index"},
  DatasetDef{"outcomes", "{outcome}", "realization", "float64", "days", "first-passage time: {long_name} (NaN: not within the horizon)"},
  DatasetDef{"outcomes", "{metric}", "realization", "float64", "{units}", "{long_name}"},
  DatasetDef{"events", "event", "event", "int64", "1", "event index"},
  DatasetDef{"events", "run", "event", "int64", "1", "run (realization) index"},
  DatasetDef{"events", "step", "event", "int32", "1", "model step"},
  DatasetDef{"events", "time", "event", "float64", "days since <start_date>", "time of the event (end of its step)"},
  DatasetDef{"events", "actor", "event", "int16", "", "actor code (see flag_meanings)"},
  DatasetDef{"events", "target", "event", "int16", "", "target code (see flag_meanings)"},
  DatasetDef{"events", "action", "event", "int16", "", "action code (see flag_meanings)"},
  DatasetDef{"events", "cameo", "event", "int16", "", "CAMEO event code as an integer (zero-pad to 3 digits, 4 for 4-digit codes)"},
  DatasetDef{"events", "goldstein", "event", "float32", "1", "Goldstein score of the event"},
  // Summaries across runs.
  DatasetDef{"summary", "time", "time", "float64", "days since <start_date>", "time"},
  DatasetDef{"summary", "quantile", "quantile", "float64", "1", "quantile level across runs"},
  DatasetDef{"summary", "{variable}", "quantile, time", "float64", "{units}", "{long_name} (quantiles across runs)"},
  DatasetDef{"summary", "{variable}_mean", "time", "float64", "{units}", "{long_name} (mean across runs)"},
  DatasetDef{"summary", "{variable}_se", "time", "float64", "{units}", "{long_name} (standard error of the mean)"},
  DatasetDef{"summary", "{outcome}_probability", "time", "float64", "1", "{long_name}: probability by this time"},
  DatasetDef{"summary", "{outcome}_lower", "time", "float64", "1", "{long_name}: lower bound of the 95% Wilson interval"},
  DatasetDef{"summary", "{outcome}_upper", "time", "float64", "1", "{long_name}: upper bound of the 95% Wilson interval"},
  DatasetDef{"summary", "horizon", "horizon", "float64", "days", "horizon since the start"},
  DatasetDef{"summary", "outcome", "outcome", "int32", "", "outcome code (see flag_meanings)"},
  DatasetDef{"summary", "outcome_probability", "outcome, horizon", "float64", "1", "probability of each outcome by each horizon"},
  DatasetDef{"summary", "outcome_lower", "outcome, horizon", "float64", "1", "lower bound of the 95% Wilson interval"},
  DatasetDef{"summary", "outcome_upper", "outcome, horizon", "float64", "1", "upper bound of the 95% Wilson interval"},
  DatasetDef{"summary", "metric", "metric", "int32", "", "per-run metric code (see flag_meanings)"},
  DatasetDef{"summary", "metric_mean", "metric", "float64", "", "mean of each per-run metric"},
  DatasetDef{"summary", "metric_lower", "metric", "float64", "", "lower bound of the 95% interval of the mean"},
  DatasetDef{"summary", "metric_upper", "metric", "float64", "", "upper bound of the 95% interval of the mean"},
  // Paired differences B - A of a comparison.
  DatasetDef{"differences", "horizon", "horizon", "float64", "days", "horizon since the start"},
  DatasetDef{"differences", "outcome", "outcome", "int32", "", "outcome code (see flag_meanings)"},
  DatasetDef{"differences", "metric", "metric", "int32", "", "metric code (see flag_meanings)"},
  DatasetDef{"differences", "probability_a", "outcome, horizon", "float64", "1", "probability in A by each horizon"},
  DatasetDef{"differences", "probability_b", "outcome, horizon", "float64", "1", "probability in B by each horizon"},
  DatasetDef{"differences", "difference", "outcome, horizon", "float64", "1", "paired difference of probabilities, B - A"},
  DatasetDef{"differences", "difference_lower", "outcome, horizon", "float64", "1", "lower bound of the 95% interval of the difference"},
  DatasetDef{"differences", "difference_upper", "outcome, horizon", "float64", "1", "upper bound of the 95% interval of the difference"},
  DatasetDef{"differences", "metric_mean_a", "metric", "float64", "", "mean per run in A"},
  DatasetDef{"differences", "metric_mean_b", "metric", "float64", "", "mean per run in B"},
  DatasetDef{"differences", "metric_difference", "metric", "float64", "", "paired difference of means, B - A"},
  DatasetDef{"differences", "metric_difference_lower", "metric", "float64", "", "lower bound of the 95% interval"},
  DatasetDef{"differences", "metric_difference_upper", "metric", "float64", "", "upper bound of the 95% interval"},
  // Sweep files: the design, the run table, per-point summaries, indices.
  DatasetDef{"design", "point", "point", "int64", "1", "design point index"},
  DatasetDef{"design", "parameter", "parameter", "int32", "", "factor code (see flag_meanings; attribute paths: the field each factor sets)"},
  DatasetDef{"design", "values", "point, parameter", "float64", "", "value of each factor at each point"},
  DatasetDef{"design", "unit", "point, parameter", "float64", "1", "unit-cube coordinate each value was mapped from (NaN for explicit points)"},
  DatasetDef{"runs", "point", "point", "int64", "1", "design point index"},
  DatasetDef{"runs", "replication", "replication", "int64", "1", "replication: uses the random streams of run number replication"},
  DatasetDef{"runs", "horizon", "horizon", "float64", "days", "horizon since the start"},
  DatasetDef{"runs", "status", "point, replication", "int8", "", "status of each run (see flag_meanings)"},
  DatasetDef{"runs", "seconds", "point, replication", "float32", "s", "wall time of each run (not reproducible)"},
  DatasetDef{"runs", "{outcome}", "point, replication", "float64", "days", "first-passage time: {long_name} (NaN: not within the horizon)"},
  DatasetDef{"runs", "{metric}", "point, replication", "float64", "{units}", "{long_name}"},
  DatasetDef{"runs", "{variable}", "point, replication, horizon", "float32", "{units}", "{long_name} at each horizon"},
  DatasetDef{"points", "point", "point", "int64", "1", "design point index"},
  DatasetDef{"points", "horizon", "horizon", "float64", "days", "horizon since the start"},
  DatasetDef{"points", "quantile", "quantile", "float64", "1", "quantile level across runs"},
  DatasetDef{"points", "outcome", "outcome", "int32", "", "outcome code (see flag_meanings)"},
  DatasetDef{"points", "metric", "metric", "int32", "", "per-run metric code (see flag_meanings)"},
  DatasetDef{"points", "succeeded", "point", "int64", "1", "runs of the point that succeeded (the summaries use these)"},
  DatasetDef{"points", "failed", "point", "int64", "1", "runs of the point that failed"},
  DatasetDef{"points", "outcome_probability", "point, outcome, horizon", "float64", "1", "probability of each outcome by each horizon"},
  DatasetDef{"points", "outcome_lower", "point, outcome, horizon", "float64", "1", "lower bound of the 95% Wilson interval"},
  DatasetDef{"points", "outcome_upper", "point, outcome, horizon", "float64", "1", "upper bound of the 95% Wilson interval"},
  DatasetDef{"points", "metric_mean", "point, metric", "float64", "", "mean of each per-run metric"},
  DatasetDef{"points", "metric_se", "point, metric", "float64", "", "standard error of the mean"},
  DatasetDef{"points", "{variable}", "point, quantile, horizon", "float64", "{units}", "{long_name} at each horizon (quantiles across runs)"},
  DatasetDef{"grid", "{factor}", "{factor}", "float64", "", "levels of factor {factor}"},
  DatasetDef{"grid", "outcome", "outcome", "int32", "", "outcome code (see flag_meanings)"},
  DatasetDef{"grid", "metric", "metric", "int32", "", "per-run metric code (see flag_meanings)"},
  DatasetDef{"grid", "horizon", "horizon", "float64", "days", "horizon since the start"},
  DatasetDef{"grid", "outcome_probability", "{factors}, outcome, horizon", "float64", "1", "probability of each outcome by each horizon"},
  DatasetDef{"grid", "outcome_lower", "{factors}, outcome, horizon", "float64", "1", "lower bound of the 95% Wilson interval"},
  DatasetDef{"grid", "outcome_upper", "{factors}, outcome, horizon", "float64", "1", "upper bound of the 95% Wilson interval"},
  DatasetDef{"grid", "metric_mean", "{factors}, metric", "float64", "", "mean of each per-run metric"},
  DatasetDef{"grid", "metric_se", "{factors}, metric", "float64", "", "standard error of the mean"},
  DatasetDef{"sobol", "parameter", "parameter", "int32", "", "factor code (see flag_meanings)"},
  DatasetDef{"sobol", "parameter_b", "parameter_b", "int32", "", "second factor of a pair (see flag_meanings)"},
  DatasetDef{"sobol", "outcome", "outcome", "int32", "", "outcome code of the analysed outcomes (see flag_meanings)"},
  DatasetDef{"sobol", "metric", "metric", "int32", "", "metric code of the analysed metrics (see flag_meanings)"},
  DatasetDef{"sobol", "horizon", "horizon", "float64", "days", "horizon since the start"},
  DatasetDef{"sobol", "outcome_{index}", "outcome, horizon, parameter", "float64", "1", "{index} Sobol index of the probability by each horizon"},
  DatasetDef{"sobol", "outcome_{index}_lower", "outcome, horizon, parameter", "float64", "1", "lower bound of the 95% bootstrap interval"},
  DatasetDef{"sobol", "outcome_{index}_upper", "outcome, horizon, parameter", "float64", "1", "upper bound of the 95% bootstrap interval"},
  DatasetDef{"sobol", "outcome_second", "outcome, horizon, parameter, parameter_b", "float64", "1", "second-order Sobol index of each pair of factors"},
  DatasetDef{"sobol", "outcome_second_lower", "outcome, horizon, parameter, parameter_b", "float64", "1", "lower bound of the 95% bootstrap interval"},
  DatasetDef{"sobol", "outcome_second_upper", "outcome, horizon, parameter, parameter_b", "float64", "1", "upper bound of the 95% bootstrap interval"},
  DatasetDef{"sobol", "outcome_rows_used", "outcome, horizon", "int64", "1", "base rows used (rows with a point without succeeded runs are dropped)"},
  DatasetDef{"sobol", "metric_{index}", "metric, parameter", "float64", "1", "{index} Sobol index of the metric's mean"},
  DatasetDef{"sobol", "metric_{index}_lower", "metric, parameter", "float64", "1", "lower bound of the 95% bootstrap interval"},
  DatasetDef{"sobol", "metric_{index}_upper", "metric, parameter", "float64", "1", "upper bound of the 95% bootstrap interval"},
  DatasetDef{"sobol", "metric_second", "metric, parameter, parameter_b", "float64", "1", "second-order Sobol index of each pair of factors"},
  DatasetDef{"sobol", "metric_second_lower", "metric, parameter, parameter_b", "float64", "1", "lower bound of the 95% bootstrap interval"},
  DatasetDef{"sobol", "metric_second_upper", "metric, parameter, parameter_b", "float64", "1", "upper bound of the 95% bootstrap interval"},
  DatasetDef{"sobol", "metric_rows_used", "metric", "int64", "1", "base rows used"},
  DatasetDef{"morris", "parameter", "parameter", "int32", "", "factor code (see flag_meanings)"},
  DatasetDef{"morris", "outcome", "outcome", "int32", "", "outcome code of the analysed outcomes (see flag_meanings)"},
  DatasetDef{"morris", "metric", "metric", "int32", "", "metric code of the analysed metrics (see flag_meanings)"},
  DatasetDef{"morris", "horizon", "horizon", "float64", "days", "horizon since the start"},
  DatasetDef{"morris", "outcome_{statistic}", "outcome, horizon, parameter", "float64", "1", "Morris {statistic} of the probability by each horizon (per whole range of the factor)"},
  DatasetDef{"morris", "metric_{statistic}", "metric, parameter", "float64", "", "Morris {statistic} of the metric's mean (per whole range of the factor)"},
  // Score files (simrun score --out): the group score.
  DatasetDef{"score", "month", "month", "float64", "days since 1970-01-01", "first day of each scored calendar month"},
  DatasetDef{"score", "item", "item", "int32", "", "item code: an (actor, action) pair of the dyad (see flag_meanings)"},
  DatasetDef{"score", "forecast", "forecast", "int32", "", "forecaster code (see flag_meanings)"},
  DatasetDef{"score", "score", "score", "int32", "", "score code (see flag_meanings)"},
  DatasetDef{"score", "quantile", "quantile", "float64", "1", "quantile level across runs"},
  DatasetDef{"score", "item_actor", "item", "int16", "", "the item's actor (code as in events/actor)"},
  DatasetDef{"score", "item_action", "item", "int16", "", "the item's action (code as in events/action)"},
  DatasetDef{"score", "probability", "item, month", "float64", "1", "share of runs in which the item happened in the month"},
  DatasetDef{"score", "outcome", "item, month", "int8", "1", "1 if the record has the item in the month"},
  DatasetDef{"score", "base_rate", "item", "float64", "1", "share of the record's months before the window with the item"},
  DatasetDef{"score", "count", "month", "float64", "1", "dyad events of the month in the record"},
  DatasetDef{"score", "net_goldstein", "month", "float64", "points", "summed Goldstein scores of the month's dyad events in the record"},
  DatasetDef{"score", "count_quantile", "quantile, month", "float64", "1", "dyad events of the month (quantiles across runs)"},
  DatasetDef{"score", "net_goldstein_quantile", "quantile, month", "float64", "points", "net Goldstein of the month (quantiles across runs)"},
  DatasetDef{"score", "by_month", "score, forecast, month", "float64", "", "each score of each forecaster in each month (NaN: not defined)"},
  DatasetDef{"score", "mean", "score, forecast", "float64", "", "each score averaged over the months where it is defined"},
  DatasetDef{"score", "mean_lower", "score, forecast", "float64", "", "lower bound of the 95% bootstrap interval over months"},
  DatasetDef{"score", "mean_upper", "score, forecast", "float64", "", "upper bound of the 95% bootstrap interval over months"},
  DatasetDef{"score", "mean_months", "score, forecast", "int64", "1", "months the mean is taken over"},
  DatasetDef{"score", "difference", "score, forecast", "float64", "", "the model's score minus the forecaster's, averaged over months where both are defined"},
  DatasetDef{"score", "difference_lower", "score, forecast", "float64", "", "lower bound of the 95% bootstrap interval over months"},
  DatasetDef{"score", "difference_upper", "score, forecast", "float64", "", "upper bound of the 95% bootstrap interval over months"},
  DatasetDef{"score", "difference_months", "score, forecast", "int64", "1", "months the difference is taken over"},
  // Calibration files (simrun calibrate): the group calibration of a sweep file.
  DatasetDef{"calibration", "point", "point", "int64", "1", "design point index"},
  DatasetDef{"calibration", "parameter", "parameter", "int32", "", "factor code (see flag_meanings)"},
  DatasetDef{"calibration", "statistic", "statistic", "int32", "", "summary statistic code (see flag_meanings)"},
  DatasetDef{"calibration", "quantile", "quantile", "float64", "1", "quantile level over the accepted points"},
  DatasetDef{"calibration", "observed", "statistic", "float64", "", "each statistic of the record over the fit window"},
  DatasetDef{"calibration", "scale", "statistic", "float64", "", "each statistic's spread across the points (0: not used)"},
  DatasetDef{"calibration", "simulated", "point, statistic", "float64", "", "each statistic at each point, mean over its succeeded replications"},
  DatasetDef{"calibration", "distance", "point", "float64", "1", "scaled distance of the point's statistics from the record's"},
  DatasetDef{"calibration", "accepted", "point", "int8", "1", "1 if the point is accepted"},
  DatasetDef{"calibration", "posterior_mean", "parameter", "float64", "", "mean of each factor over the accepted points"},
  DatasetDef{"calibration", "posterior_sd", "parameter", "float64", "", "standard deviation of each factor over the accepted points"},
  DatasetDef{"calibration", "posterior_quantile", "quantile, parameter", "float64", "", "quantiles of each factor over the accepted points"},
};
// clang-format on

// The row of `group`/`name` (name as declared, with its placeholders);
// throws std::logic_error if there is none (a programming error).
const DatasetDef& layout(std::string_view group, std::string_view name);

// `text` with every "{key}" replaced by `value`.
std::string expand(std::string_view text, std::string_view key, std::string_view value);

}  // namespace simrun::output
