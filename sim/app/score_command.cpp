// simrun score: a results file's event log, month by month, against a dated
// record (docs/calibration.md, "Scoring"). Reads two files, computes, prints
// a table or CSV, and with --out writes the tables to a new HDF5 file.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "app/command_support.h"
#include "input/record.h"
#include "input/scenario.h"
#include "model/actions.h"
#include "mc/score.h"
#include "output/results_reader.h"
#include "output/score_file.h"
#include "util/dates.h"
#include "util/diagnostics.h"

namespace simrun::app {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kResamples = 1000;
constexpr std::uint64_t kBootstrapSeed = 1;

using Window = mc::MonthSpan;

long date_option(const char* name, const std::string& text) {
  const auto d = parse_iso_date(text);
  if (!d) throw UsageError(std::string("--") + name + " must be a date written YYYY-MM-DD, found \"" + text + "\"");
  return *d;
}

std::string months_text(const Window& w) {
  if (w.months <= 0) return "no months";
  return mc::month_label(w.first) + " .. " + mc::month_label(w.last()) + " (" + std::to_string(w.months) +
         (w.months == 1 ? " month)" : " months)");
}

// --from and --to as months, checked against what the file simulates; by
// default every whole simulated month up to the record's last.
Window scoring_window(const Options& o, const Window& sim, const mc::Record& rec) {
  int last_record = -1;
  for (const auto& e : rec.events) last_record = std::max(last_record, mc::month_of_day(e.day));
  const int first = o.from ? mc::month_of_day(date_option("from", *o.from)) : sim.first;
  int last = o.to ? mc::month_of_day(date_option("to", *o.to)) : sim.last();
  if (!o.to && last_record >= first) last = std::min(last, last_record);
  const std::string simulated = "the results file simulates whole months " + months_text(sim);
  if (first < sim.first || first > sim.last())
    throw UsageError("--from " + mc::month_label(first) + " is outside what can be scored: " + simulated);
  if (last < first || last > sim.last())
    throw UsageError("--to " + mc::month_label(last) + " is outside what can be scored (from " +
                     mc::month_label(first) + "): " + simulated);
  if (last > last_record)
    spdlog::warn("the record has no row after {}; months up to {} are scored as having no events",
                 last_record >= 0 ? mc::month_label(last_record) : "its start", mc::month_label(last));
  return {first, last - first + 1};
}

// The record's months before the window: the base rate's history.
Window history_months(const mc::Record& rec, const Window& window) {
  int first = window.first;
  for (const auto& e : rec.events) first = std::min(first, mc::month_of_day(e.day));
  return {first, window.first - first};
}

// --exclude-actions: comma-separated action keys, each checked.
mc::ScoreScope scope_of(const std::vector<std::string>& lists) {
  const std::vector<std::string> keys = input::action_keys();
  mc::ScoreScope scope;
  for (const std::string& list : lists) {
    std::istringstream in(list);
    for (std::string key; std::getline(in, key, ',');) {
      const auto id = model::action_index(key);
      if (!id) {
        const std::string hint = input::did_you_mean(key, keys);
        throw UsageError("--exclude-actions: unknown action \"" + key + "\"" +
                         (hint.empty() ? "" : "; did you mean \"" + hint + "\"?") +
                         " (the model's action keys are in docs/output-format.md)");
      }
      scope.excluded.push_back(*id);
    }
  }
  std::sort(scope.excluded.begin(), scope.excluded.end());
  scope.excluded.erase(std::unique(scope.excluded.begin(), scope.excluded.end()), scope.excluded.end());
  return scope;
}

mc::EnsembleForecast model_forecast(const output::StoredEvents& ev, long start, const std::vector<mc::ScoreItem>& items,
                                    const mc::ScoreScope& scope, const Window& w) {
  mc::EnsembleBuilder builder(items.size(), w.months, static_cast<std::uint64_t>(ev.runs));
  std::vector<mc::DatedEvent> run_events;
  std::size_t i = 0;
  for (long long run = 0; run < ev.runs; ++run) {
    run_events.clear();
    for (; i < ev.run.size() && ev.run[i] == run; ++i)
      run_events.push_back(
          {mc::event_day(start, ev.time[i]), ev.actor[i], ev.target[i], ev.action[i], ev.goldstein[i]});
    mc::add_joint_rows(run_events);
    mc::drop_excluded(run_events, scope);
    builder.add(mc::monthly_features(run_events, items, w.first, w.months));
  }
  return builder.finish();
}

std::string excluded_text(const mc::ScoreScope& scope) {
  if (scope.excluded.empty()) return "";
  std::string out = "\nexcluded actions (no items; their events count nowhere):";
  for (const int a : scope.excluded) out.append(" ").append(model::action(a).name);
  return out;
}

std::string cell(const mc::Interval& v, std::int64_t months) {
  if (months == 0 || std::isnan(v.estimate)) return "-";
  return fmt::format("{:.4f} [{:.4f}, {:.4f}]", v.estimate, v.lower, v.upper);
}

std::string table_text(const mc::ScoreTables& t, const std::string& head) {
  const std::size_t F = mc::kForecastNames.size();
  std::ostringstream out;
  out << head << "\n" << fmt::format("{:<26}", "score");
  for (const char* f : mc::kForecastNames) out << fmt::format("{:<28}", f);
  out << "\n";
  for (std::size_t s = 0; s < mc::kScoreNames.size(); ++s) {
    out << fmt::format("{:<26}", mc::kScoreNames[s]);
    for (std::size_t f = 0; f < F; ++f) out << fmt::format("{:<28}", cell(t.mean[s * F + f], t.mean_months[s * F + f]));
    out << "\n";
  }
  out << "\nmodel minus reference (negative: the model scores better)\n" << fmt::format("{:<26}", "score");
  for (std::size_t f = 1; f < F; ++f) out << fmt::format("{:<28}", mc::kForecastNames[f]);
  out << "\n";
  for (std::size_t s = 0; s < mc::kScoreNames.size(); ++s) {
    if (std::string_view(mc::kScoreNames[s]).find("coverage") != std::string_view::npos) continue;
    out << fmt::format("{:<26}", mc::kScoreNames[s]);
    for (std::size_t f = 1; f < F; ++f)
      out << fmt::format("{:<28}", cell(t.difference[s * F + f], t.difference_months[s * F + f]));
    out << "\n";
  }
  return out.str();
}

std::string csv_number(double v) { return std::isnan(v) ? "" : fmt::format("{}", v); }

// Tidy rows: one per score and forecaster, then one per score and reference
// for the model minus it; undefined scores (no months) are left out.
std::string csv_text(const mc::ScoreTables& t) {
  const std::size_t F = mc::kForecastNames.size();
  std::string out = "score,forecast,versus,value,lower,upper,months\n";
  auto line = [&](std::size_t s, const char* forecast, const char* versus, const mc::Interval& v, std::int64_t n) {
    if (n == 0) return;
    out += fmt::format("{},{},{},{},{},{},{}\n", mc::kScoreNames[s], forecast, versus, csv_number(v.estimate),
                       csv_number(v.lower), csv_number(v.upper), n);
  };
  for (std::size_t s = 0; s < mc::kScoreNames.size(); ++s)
    for (std::size_t f = 0; f < F; ++f) line(s, mc::kForecastNames[f], "", t.mean[s * F + f], t.mean_months[s * F + f]);
  for (std::size_t s = 0; s < mc::kScoreNames.size(); ++s)
    for (std::size_t f = 1; f < F; ++f)
      line(s, "model", mc::kForecastNames[f], t.difference[s * F + f], t.difference_months[s * F + f]);
  return out;
}

void write_file(const Options& o, const output::StoredEvents& ev, const mc::Record& rec, const mc::ScoreTables& t,
                const mc::ScoreSettings& settings, const mc::ScoreScope& scope) {
  const fs::path out = output_path(o, ev.scenario_name + ".score", {ev.file, rec.file});
  output::Provenance prov;
  prov.file_type = output::kFileTypeScore;
  prov.command_line = o.command_line;
  prov.seed = static_cast<std::uint64_t>(ev.seed);
  prov.runs = static_cast<std::uint64_t>(ev.runs);
  prov.start_time = output::now_iso8601();
  output::ResultsFile file(out, prov, o.force);
  const h5::File& f = file.file();
  f.set_attr_string("title", "simrun scores: " + ev.scenario_name + " against " + rec.file);
  f.set_attr_string("results_file", ev.file);
  f.set_attr_string("record_file", rec.file);
  f.set_attr_string("scenario_name", ev.scenario_name);
  f.set_attr_string("start_date", ev.start_date);
  std::string excluded;
  for (const int a : scope.excluded) excluded.append(excluded.empty() ? "" : ",").append(model::action(a).name);
  f.set_attr_string("excluded_actions", excluded);
  f.set_attr_double("log_score_eps", settings.eps);
  f.set_attr_int64("bootstrap_resamples", static_cast<std::int64_t>(settings.bootstrap.resamples));
  f.set_attr_int64("bootstrap_seed", static_cast<std::int64_t>(settings.bootstrap.seed));
  output::write_score(f.create_group("score"), t);
  file.commit();
  spdlog::info("scores written to {}", out.string());
}

}  // namespace

int score(const Options& o) {
  const output::StoredEvents ev = output::read_event_log(o.inputs[0]);
  const mc::Record rec = input::load_record(o.inputs[1]);
  const auto start = parse_iso_date(ev.start_date);
  if (!start) throw RuntimeFailure(o.inputs[0] + ": start_date \"" + ev.start_date + "\" is not a date");
  const Window sim = mc::simulated_months(*start, ev.last_day);
  if (sim.months <= 0)
    throw UsageError(o.inputs[0] + " simulates no whole calendar month (from " + ev.start_date + " for " +
                     fmt::format("{}", ev.last_day) + " days); nothing to score");
  const Window window = scoring_window(o, sim, rec);
  const Window history = history_months(rec, window);
  const mc::ScoreScope scope = scope_of(o.exclude_actions);
  const auto items = mc::score_items(scope);
  auto events = mc::dated_events(rec);
  mc::drop_excluded(events, scope);
  const mc::MonthlyFeatures observed = mc::monthly_features(events, items, window.first, window.months);
  const mc::MonthlyFeatures past = mc::monthly_features(events, items, history.first, history.months);
  mc::ScoreSettings settings;
  settings.eps = 1.0 / (2.0 * static_cast<double>(ev.runs));
  settings.bootstrap.resamples = kResamples;
  settings.bootstrap.seed = kBootstrapSeed;
  const mc::ScoreTables t =
      mc::score_tables(items, model_forecast(ev, *start, items, scope, window), observed, past, settings);
  if (o.csv) {
    std::cout << csv_text(t);
  } else {
    std::size_t occurred = 0;
    for (const auto x : t.outcome) occurred += x;
    const std::string head = fmt::format(
        "scored: {} ({}, {} runs) against {}\nwindow: {}; base rate from {}\nitems: {} (actor, action) pairs, {} of "
        "{} item-months occurred{}\nlog score: probabilities clipped to [{:.4g}, {:.4g}] (1/(2 x runs)); intervals: "
        "95% bootstrap over months ({} resamples, seed {})\n",
        ev.file, ev.scenario_name, ev.runs, rec.file, months_text(window), months_text(history), items.size(), occurred,
        t.outcome.size(), excluded_text(scope), settings.eps, 1 - settings.eps, kResamples, kBootstrapSeed);
    std::cout << table_text(t, head);
  }
  if (o.out) write_file(o, ev, rec, t, settings, scope);
  return 0;
}

}  // namespace simrun::app
