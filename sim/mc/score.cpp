#include "mc/score.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "model/actions.h"
#include "model/actors.h"

namespace simrun::mc {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kEpochYear = 1970;

// Row `item` of the item table for an event, or -1.
int item_of(const std::vector<ScoreItem>& items, int actor, int action) {
  for (std::size_t i = 0; i < items.size(); ++i)
    if (items[i].actor == actor && items[i].action == action) return static_cast<int>(i);
  return -1;
}

bool in_dyad(const DatedEvent& e) {
  return (e.actor == model::RU && e.target == model::AZ) || (e.actor == model::AZ && e.target == model::RU);
}

double mean_finite(const std::vector<double>& v, std::span<const std::size_t> rows) {
  double sum = 0;
  std::size_t n = 0;
  for (const std::size_t r : rows)
    if (std::isfinite(v[r])) {
      sum += v[r];
      ++n;
    }
  return n ? sum / static_cast<double>(n) : kNaN;
}

}  // namespace

int month_of_day(long days_since_epoch) {
  const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{days_since_epoch}}};
  return (static_cast<int>(ymd.year()) - kEpochYear) * 12 + static_cast<int>(static_cast<unsigned>(ymd.month())) - 1;
}

long first_day_of_month(int month) {
  const int y = kEpochYear + (month >= 0 ? month / 12 : -((11 - month) / 12));
  const int m = month - (y - kEpochYear) * 12;
  const std::chrono::sys_days d{std::chrono::year{y} / std::chrono::month{static_cast<unsigned>(m + 1)} / 1};
  return d.time_since_epoch().count();
}

std::string month_label(int month) {
  const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{first_day_of_month(month)}}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()));
  return buf;
}

bool ScoreScope::excludes(int action) const { return std::binary_search(excluded.begin(), excluded.end(), action); }

std::vector<ScoreItem> score_items(const ScoreScope& scope) {
  std::vector<ScoreItem> items;
  for (const int actor : {model::RU, model::AZ}) {
    const std::uint8_t mask = actor == model::RU ? model::kByRU : model::kByAZ;
    for (int a = 0; a < model::kNumChoosable; ++a)
      if ((model::action(a).by & mask) && !scope.excludes(a)) items.push_back({actor, a});
  }
  return items;
}

void drop_excluded(std::vector<DatedEvent>& events, const ScoreScope& scope) {
  if (scope.excluded.empty()) return;
  std::erase_if(events, [&](const DatedEvent& e) { return scope.excludes(e.action); });
}

MonthlyFeatures monthly_features(std::span<const DatedEvent> events, const std::vector<ScoreItem>& items, int first,
                                 int months) {
  MonthlyFeatures f;
  f.first = first;
  f.months = months;
  const auto M = static_cast<std::size_t>(months);
  f.count.assign(M, 0);
  f.goldstein.assign(M, 0);
  f.occurred.assign(items.size() * M, 0);
  for (const DatedEvent& e : events) {
    const int m = month_of_day(e.day) - first;
    if (!in_dyad(e) || m < 0 || m >= months) continue;
    f.count[static_cast<std::size_t>(m)] += 1;
    f.goldstein[static_cast<std::size_t>(m)] += e.goldstein;
    if (const int i = item_of(items, e.actor, e.action); i >= 0)
      f.occurred[static_cast<std::size_t>(i) * M + static_cast<std::size_t>(m)] = 1;
  }
  return f;
}

MonthSpan simulated_months(long start_day, double last_time) {
  const long end = event_day(start_day, last_time);
  int first = month_of_day(start_day), last = month_of_day(end);
  if (first_day_of_month(first) != start_day) ++first;
  if (first_day_of_month(last + 1) - 1 != end) --last;
  return {first, std::max(0, last - first + 1)};
}

long event_day(long start_day, double time) { return start_day + static_cast<long>(std::floor(time)) - 1; }

void dated_run_events(const model::RunOutput& run, long start_day, std::vector<DatedEvent>& out) {
  out.clear();
  for (const auto& e : run.events)
    out.push_back({event_day(start_day, e.step * run.step_days), e.actor, e.target, e.action,
                   static_cast<double>(model::action(e.action).goldstein)});
  add_joint_rows(out);
}

void add_joint_rows(std::vector<DatedEvent>& events) {
  const std::size_t n = events.size();
  for (std::size_t i = 0; i < n; ++i) {
    const DatedEvent e = events[i];  // a copy: push_back may move the vector
    if (in_dyad(e) && e.action >= 0 && e.action < model::kNumActions && model::action(e.action).joint)
      events.push_back({e.day, e.target, e.actor, e.action, e.goldstein});
  }
}

std::vector<DatedEvent> dated_events(const Record& record) {
  std::vector<DatedEvent> out;
  out.reserve(record.events.size());
  for (const RecordEvent& e : record.events) out.push_back({e.day, e.actor, e.target, e.action, e.goldstein});
  return out;
}

double brier_score(double p, bool occurred) {
  const double d = p - (occurred ? 1.0 : 0.0);
  return d * d;
}

double log_score(double p, bool occurred, double eps) {
  const double q = std::clamp(p, eps, 1 - eps);
  return -std::log(occurred ? q : 1 - q);
}

double crps_ensemble(std::vector<double> x, double y) {
  if (x.empty()) return kNaN;
  std::sort(x.begin(), x.end());
  const auto n = static_cast<double>(x.size());
  double spread = 0, miss = 0;  // sum over pairs i < j of x(j) - x(i), via each order statistic's weight
  for (std::size_t i = 0; i < x.size(); ++i) {
    miss += std::abs(x[i] - y);
    spread += (2.0 * static_cast<double>(i) - (n - 1)) * x[i];
  }
  return miss / n - spread / (n * n);
}

double sorted_quantile7(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return kNaN;
  const double h = (static_cast<double>(sorted.size()) - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - std::floor(h)) * (sorted[hi] - sorted[lo]);
}

double central_band_coverage(std::vector<double> x, double level, double y) {
  if (x.empty()) return kNaN;
  std::sort(x.begin(), x.end());
  const double n = static_cast<double>(x.size());
  const double below = static_cast<double>(std::lower_bound(x.begin(), x.end(), y) - x.begin()) / n;
  const double upto = static_cast<double>(std::upper_bound(x.begin(), x.end(), y) - x.begin()) / n;
  const double lo = (1 - level) / 2, hi = (1 + level) / 2;
  if (upto == below) return lo <= upto && upto <= hi ? 1.0 : 0.0;
  return std::max(0.0, std::min(upto, hi) - std::max(below, lo)) / (upto - below);
}

EnsembleBuilder::EnsembleBuilder(std::size_t items, int months, std::uint64_t runs) : items_(items), months_(months) {
  f_.runs = runs;
  const auto M = static_cast<std::size_t>(months);
  f_.item_p.assign(items * M, 0);
  f_.count.assign(M * runs, 0);
  f_.goldstein.assign(M * runs, 0);
}

void EnsembleBuilder::add(const MonthlyFeatures& run) {
  if (added_ >= f_.runs || run.months != months_ || run.occurred.size() != items_ * static_cast<std::size_t>(months_))
    throw std::logic_error("EnsembleBuilder: a run of another shape, or more runs than announced");
  const auto M = static_cast<std::size_t>(months_);
  for (std::size_t m = 0; m < M; ++m) {
    f_.count[m * f_.runs + added_] = run.count[m];
    f_.goldstein[m * f_.runs + added_] = run.goldstein[m];
  }
  for (std::size_t k = 0; k < f_.item_p.size(); ++k) f_.item_p[k] += run.occurred[k];
  ++added_;
}

EnsembleForecast EnsembleBuilder::finish() {
  if (added_ != f_.runs) throw std::logic_error("EnsembleBuilder: fewer runs than announced");
  for (double& p : f_.item_p) p /= static_cast<double>(f_.runs);
  return std::move(f_);
}

namespace {

// The per-month Brier and log scores of one item forecaster, given its
// probability for (item, month).
template <class Prob>
void item_series(const char* name, const MonthlyFeatures& obs, std::size_t items, double eps, Prob prob,
                 std::vector<ScoreSeries>& out) {
  const auto M = static_cast<std::size_t>(obs.months);
  ScoreSeries brier{"items", "brier", name, std::vector<double>(M, kNaN)};
  ScoreSeries log{"items", "log", name, std::vector<double>(M, kNaN)};
  for (std::size_t m = 0; m < M; ++m) {
    double b = 0, l = 0;
    for (std::size_t i = 0; i < items; ++i) {
      const double p = prob(i, m);
      const bool o = obs.occurred[i * M + m] != 0;
      b += brier_score(p, o);
      l += log_score(p, o, eps);
    }
    brier.by_month[m] = items ? b / static_cast<double>(items) : kNaN;
    log.by_month[m] = items ? l / static_cast<double>(items) : kNaN;
  }
  out.push_back(std::move(brier));
  out.push_back(std::move(log));
}

void all_item_series(const EnsembleForecast& model, const MonthlyFeatures& obs, const MonthlyFeatures& hist, double eps,
                     std::vector<ScoreSeries>& out) {
  const auto M = static_cast<std::size_t>(obs.months), H = static_cast<std::size_t>(hist.months);
  const std::size_t items = M ? obs.occurred.size() / M : 0;
  std::vector<double> base = item_base_rates(hist);
  base.resize(items, kNaN);
  item_series(
      "model", obs, items, eps, [&](std::size_t i, std::size_t m) { return model.item_p[i * M + m]; }, out);
  item_series(
      "base_rate", obs, items, eps, [&](std::size_t i, std::size_t) { return base[i]; }, out);
  item_series(
      "persistence", obs, items, eps,
      [&](std::size_t i, std::size_t m) -> double {
        if (m > 0) return obs.occurred[i * M + m - 1];
        return H > 0 ? hist.occurred[i * H + H - 1] : kNaN;
      },
      out);
  item_series(
      "constant_0.5", obs, items, eps, [](std::size_t, std::size_t) { return 0.5; }, out);
}

// CRPS and band coverage of an ensemble forecaster of one monthly quantity;
// `ensemble(m)` gives month m's members (empty: not defined).
template <class Members>
void quantity_series(const std::string& quantity, const char* name, const std::vector<double>& y, Members ensemble,
                     bool bands, std::vector<ScoreSeries>& out) {
  const std::size_t M = y.size();
  ScoreSeries crps{quantity, "crps", name, std::vector<double>(M, kNaN)};
  ScoreSeries c50{quantity, "coverage50", name, std::vector<double>(M, kNaN)};
  ScoreSeries c90{quantity, "coverage90", name, std::vector<double>(M, kNaN)};
  for (std::size_t m = 0; m < M; ++m) {
    const std::vector<double> x = ensemble(m);
    if (x.empty()) continue;
    crps.by_month[m] = crps_ensemble(x, y[m]);
    c50.by_month[m] = central_band_coverage(x, 0.5, y[m]);
    c90.by_month[m] = central_band_coverage(x, 0.9, y[m]);
  }
  out.push_back(std::move(crps));
  if (!bands) return;
  out.push_back(std::move(c50));
  out.push_back(std::move(c90));
}

void all_quantity_series(const std::string& quantity, const std::vector<double>& model, std::uint64_t runs,
                         const std::vector<double>& y, const std::vector<double>& hist, std::vector<ScoreSeries>& out) {
  quantity_series(
      quantity, "model", y,
      [&](std::size_t m) {
        const auto first = model.begin() + static_cast<std::ptrdiff_t>(m * runs);
        return std::vector<double>(first, first + static_cast<std::ptrdiff_t>(runs));
      },
      true, out);
  quantity_series(
      quantity, "base_rate", y, [&](std::size_t) { return hist; }, true, out);
  quantity_series(
      quantity, "persistence", y,
      [&](std::size_t m) {
        std::vector<double> last;
        if (m > 0)
          last.push_back(y[m - 1]);
        else if (!hist.empty())
          last.push_back(hist.back());
        return last;
      },
      false, out);
}

// The mean over the months where `v` is defined, with a bootstrap interval.
ScoreRow mean_row(const std::vector<double>& v, const BootstrapOptions& bo) {
  std::vector<double> finite;
  for (const double x : v)
    if (std::isfinite(x)) finite.push_back(x);
  ScoreRow row;
  row.months = finite.size();
  if (finite.empty()) {
    row.value = {kNaN, kNaN, kNaN};
    return row;
  }
  row.value = percentile_bootstrap(
                  finite.size(),
                  [&](std::span<const std::size_t> rows, std::vector<double>& out) {
                    out.assign(1, mean_finite(finite, rows));
                  },
                  bo)
                  .front();
  return row;
}

}  // namespace

std::vector<double> item_base_rates(const MonthlyFeatures& hist) {
  const auto H = static_cast<std::size_t>(hist.months);
  if (H == 0) return {};
  std::vector<double> base(hist.occurred.size() / H);
  for (std::size_t i = 0; i < base.size(); ++i) {
    double k = 0;
    for (std::size_t h = 0; h < H; ++h) k += hist.occurred[i * H + h];
    base[i] = k / static_cast<double>(H);
  }
  return base;
}

ScoreResult score_forecasts(const EnsembleForecast& model, const MonthlyFeatures& observed,
                            const MonthlyFeatures& history, const ScoreSettings& settings) {
  ScoreResult r;
  all_item_series(model, observed, history, settings.eps, r.series);
  all_quantity_series("count", model.count, model.runs, observed.count, history.count, r.series);
  all_quantity_series("net_goldstein", model.goldstein, model.runs, observed.goldstein, history.goldstein, r.series);
  for (const ScoreSeries& s : r.series) {
    ScoreRow row = mean_row(s.by_month, settings.bootstrap);
    row.quantity = s.quantity;
    row.score = s.score;
    row.forecast = s.forecast;
    r.rows.push_back(std::move(row));
  }
  // The model minus each reference, month by month, where both are defined.
  for (const ScoreSeries& m : r.series) {
    if (m.forecast != "model" || m.score.starts_with("coverage")) continue;
    for (const ScoreSeries& ref : r.series) {
      if (ref.forecast == "model" || ref.quantity != m.quantity || ref.score != m.score) continue;
      std::vector<double> d(m.by_month.size());
      for (std::size_t k = 0; k < d.size(); ++k) d[k] = m.by_month[k] - ref.by_month[k];
      ScoreRow row = mean_row(d, settings.bootstrap);
      row.quantity = m.quantity;
      row.score = m.score;
      row.forecast = "model";
      row.versus = ref.forecast;
      r.rows.push_back(std::move(row));
    }
  }
  return r;
}

}  // namespace simrun::mc

namespace simrun::mc {

namespace {

// [quantile][month] of an ensemble held [month][run].
std::vector<double> ensemble_quantiles(const std::vector<double>& x, std::uint64_t runs, int months) {
  std::vector<double> q(kQuantiles.size() * static_cast<std::size_t>(months), kNaN);
  for (std::size_t m = 0; m < static_cast<std::size_t>(months); ++m) {
    const auto first = x.begin() + static_cast<std::ptrdiff_t>(m * runs);
    std::vector<double> v(first, first + static_cast<std::ptrdiff_t>(runs));
    std::sort(v.begin(), v.end());
    for (std::size_t k = 0; k < kQuantiles.size(); ++k)
      q[k * static_cast<std::size_t>(months) + m] = sorted_quantile7(v, kQuantiles[k]);
  }
  return q;
}

std::ptrdiff_t name_index(std::span<const char* const> names, const std::string& name) {
  for (std::size_t i = 0; i < names.size(); ++i)
    if (name == names[i]) return static_cast<std::ptrdiff_t>(i);
  return -1;
}

}  // namespace

ScoreTables score_tables(const std::vector<ScoreItem>& items, const EnsembleForecast& model,
                         const MonthlyFeatures& observed, const MonthlyFeatures& history,
                         const ScoreSettings& settings) {
  ScoreTables t;
  t.items = items;
  t.first_month = observed.first;
  t.months = observed.months;
  t.runs = model.runs;
  t.probability = model.item_p;
  t.outcome = observed.occurred;
  t.base_rate = item_base_rates(history);
  t.base_rate.resize(items.size(), kNaN);
  t.count = observed.count;
  t.net_goldstein = observed.goldstein;
  t.count_q = ensemble_quantiles(model.count, model.runs, observed.months);
  t.goldstein_q = ensemble_quantiles(model.goldstein, model.runs, observed.months);
  const std::size_t S = kScoreNames.size(), F = kForecastNames.size(), M = static_cast<std::size_t>(observed.months);
  t.by_month.assign(S * F * M, kNaN);
  t.mean.assign(S * F, {kNaN, kNaN, kNaN});
  t.difference.assign(S * F, {kNaN, kNaN, kNaN});
  t.mean_months.assign(S * F, 0);
  t.difference_months.assign(S * F, 0);
  const ScoreResult r = score_forecasts(model, observed, history, settings);
  for (const ScoreSeries& s : r.series) {
    const auto si = name_index(kScoreNames, s.quantity + "_" + s.score), fi = name_index(kForecastNames, s.forecast);
    if (si < 0 || fi < 0) throw std::logic_error("score_tables: no row for " + s.quantity + "_" + s.score);
    std::copy(s.by_month.begin(), s.by_month.end(),
              t.by_month.begin() + (si * static_cast<std::ptrdiff_t>(F) + fi) * static_cast<std::ptrdiff_t>(M));
  }
  for (const ScoreRow& row : r.rows) {
    const auto si = name_index(kScoreNames, row.quantity + "_" + row.score);
    const auto fi = name_index(kForecastNames, row.versus.empty() ? row.forecast : row.versus);
    const auto k = static_cast<std::size_t>(si) * F + static_cast<std::size_t>(fi);
    (row.versus.empty() ? t.mean : t.difference)[k] = row.value;
    (row.versus.empty() ? t.mean_months : t.difference_months)[k] = static_cast<std::int64_t>(row.months);
  }
  return t;
}

}  // namespace simrun::mc
