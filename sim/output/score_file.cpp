#include "output/score_file.h"


#include "model/actions.h"
#include "model/actors.h"
#include "output/layout_io.h"
#include "output/results_layout.h"

namespace simrun::output {

namespace {

h5::Dataset codes(const h5::Group& g, std::string_view name, const std::vector<std::string>& names) {
  return names_coordinate(g, layout("score", name), names);
}

template <class T>
void table(const h5::Group& g, std::string_view name, const std::vector<T>& values,
           std::initializer_list<const h5::Dataset*> dims) {
  write_over(g, layout("score", name), values, dims);
}

std::vector<double> part(const std::vector<mc::Interval>& v, double mc::Interval::*field) {
  std::vector<double> out;
  for (const auto& x : v) out.push_back(x.*field);
  return out;
}

}  // namespace

void write_score(const h5::Group& g, const mc::ScoreTables& t) {
  std::vector<double> month_days;
  for (int m = 0; m < t.months; ++m)
    month_days.push_back(static_cast<double>(mc::first_day_of_month(t.first_month + m)));
  const h5::Dataset month = coordinate(g, layout("score", "month"), month_days, "days since 1970-01-01");
  std::vector<std::string> item_names;
  std::vector<std::int16_t> actors, actions;
  for (const auto& it : t.items) {
    item_names.push_back(std::string(model::kActorCodes[static_cast<std::size_t>(it.actor)]) + "." +
                         std::string(model::action(it.action).name));
    actors.push_back(static_cast<std::int16_t>(it.actor));
    actions.push_back(static_cast<std::int16_t>(it.action));
  }
  const h5::Dataset item = codes(g, "item", item_names);
  const h5::Dataset forecast = codes(g, "forecast", {mc::kForecastNames.begin(), mc::kForecastNames.end()});
  const h5::Dataset score = codes(g, "score", {mc::kScoreNames.begin(), mc::kScoreNames.end()});
  const h5::Dataset quantile = coordinate(g, layout("score", "quantile"),
                                          std::vector<double>(mc::kQuantiles.begin(), mc::kQuantiles.end()), "1");
  table(g, "item_actor", actors, {&item});
  table(g, "item_action", actions, {&item});
  table(g, "probability", t.probability, {&item, &month});
  std::vector<std::int8_t> outcome(t.outcome.begin(), t.outcome.end());
  table(g, "outcome", outcome, {&item, &month});
  table(g, "base_rate", t.base_rate, {&item});
  table(g, "count", t.count, {&month});
  table(g, "net_goldstein", t.net_goldstein, {&month});
  table(g, "count_quantile", t.count_q, {&quantile, &month});
  table(g, "net_goldstein_quantile", t.goldstein_q, {&quantile, &month});
  table(g, "by_month", t.by_month, {&score, &forecast, &month});
  table(g, "mean", part(t.mean, &mc::Interval::estimate), {&score, &forecast});
  table(g, "mean_lower", part(t.mean, &mc::Interval::lower), {&score, &forecast});
  table(g, "mean_upper", part(t.mean, &mc::Interval::upper), {&score, &forecast});
  table(g, "mean_months", t.mean_months, {&score, &forecast});
  table(g, "difference", part(t.difference, &mc::Interval::estimate), {&score, &forecast});
  table(g, "difference_lower", part(t.difference, &mc::Interval::lower), {&score, &forecast});
  table(g, "difference_upper", part(t.difference, &mc::Interval::upper), {&score, &forecast});
  table(g, "difference_months", t.difference_months, {&score, &forecast});
  g.set_attr_int64("runs", static_cast<std::int64_t>(t.runs));
}

}  // namespace simrun::output
