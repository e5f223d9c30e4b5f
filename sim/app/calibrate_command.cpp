// simrun calibrate: approximate Bayesian computation by rejection on the
// sweep machinery (docs/calibration.md, "Calibration"). The design samples
// the prior; each run's summary statistics over the fit window are kept in
// the sweep's state file (so --resume works as for sweeps); at the end the
// points closest to the record are accepted, and the sweep file gets a
// calibration group and a scenario fragment is written with the accepted
// parameter sets.
#include <spdlog/spdlog.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/command_support.h"
#include "app/distributed.h"
#include "app/sweep_support.h"
#include "input/calibration.h"
#include "input/record.h"
#include "mc/abc.h"
#include "output/calibration_file.h"
#include "output/results_reader.h"
#include "util/dates.h"
#include "util/diagnostics.h"

namespace simrun::app {

namespace fs = std::filesystem;

namespace {

// The calibration as the command line changes it, as simrun sweep does.
input::Calibration load(const Options& o) {
  input::Calibration cal = input::load_calibration(o.inputs[0]);
  apply_command_line(o, cal.sweep);
  return cal;
}

// The fit window as months, checked to lie in what the base scenario simulates.
mc::MonthSpan fit_months(const input::Calibration& cal, const input::Scenario& base) {
  const auto& p = base.plan.base;
  const mc::MonthSpan sim = mc::simulated_months(p.start_day, (base.plan.num_times() - 1) * p.step_days);
  const int first = mc::month_of_day(cal.spec.fit_from), last = mc::month_of_day(cal.spec.fit_to);
  if (sim.months <= 0 || first < sim.first || last > sim.last())
    throw UsageError(
        cal.sweep.file + ": the fit window " + mc::month_label(first) + " .. " + mc::month_label(last) +
        " is not inside the whole months the base scenario simulates (" +
        (sim.months > 0 ? mc::month_label(sim.first) + " .. " + mc::month_label(sim.last()) : std::string("none")) +
        " from run.start_date " + format_iso_date(p.start_day) + ")");
  return {first, last - first + 1};
}

// The accepted parameter sets as a scenario fragment (the parameter_sets
// block of scenario files): the one place that knows its form.
std::string fragment_json(const input::Calibration& cal, const std::vector<std::size_t>& accepted,
                          const std::string& results) {
  nlohmann::ordered_json paths = nlohmann::ordered_json::array(), sets = nlohmann::ordered_json::array();
  for (const auto& f : cal.sweep.factors) paths.push_back(f.path);
  for (const std::size_t p : accepted) {
    nlohmann::ordered_json row = nlohmann::ordered_json::array();
    for (std::size_t f = 0; f < cal.sweep.factors.size(); ++f) row.push_back(cal.sweep.design.value(p, f));
    sets.push_back(std::move(row));
  }
  const std::string source =
      fmt::format("simrun calibrate {} (ABC rejection: {} of {} points closest to {} over {} .. {}); results in {}",
                  cal.sweep.file, accepted.size(), cal.sweep.design.points, cal.spec.record,
                  format_iso_date(cal.spec.fit_from), format_iso_date(cal.spec.fit_to), results);
  nlohmann::ordered_json j;
  j["parameter_sets"] = {{"paths", paths}, {"sets", sets}, {"source", source}};
  return j.dump(2) + "\n";
}

// Writes `text` to `path` under a temporary name, then moves it into place
// (replacing an existing file only with --force).
void write_fragment(const Options& o, const fs::path& path, const std::string& text) {
  std::error_code ec;
  const fs::path tmp = output::temporary_path(path.parent_path().empty() ? fs::path(".") : path.parent_path());
  {
    std::ofstream out(tmp, std::ios::binary);
    out << text;
    out.close();
    if (!out) {
      fs::remove(tmp, ec);
      throw RuntimeFailure("cannot write " + tmp.string());
    }
  }
  if (o.force) {
    fs::rename(tmp, path);
  } else {
    output::move_without_replacing(tmp, path);
  }
}

// --fragment, or <results stem>.fragment.json next to the results file;
// checked before anything runs, as --out is.
fs::path fragment_path(const Options& o, const fs::path& out, const std::vector<std::string>& inputs) {
  if (o.fragment && o.fragment->empty()) throw UsageError("--fragment needs a file name, found an empty string");
  fs::path p = out;
  p.replace_extension(".fragment.json");
  if (o.fragment) p = *o.fragment;
  std::error_code ec;
  const auto st = fs::symlink_status(p, ec);
  if (!fs::exists(st)) return p;
  for (const auto& in : inputs)
    if (fs::equivalent(in, p, ec)) throw UsageError(p.string() + " is an input; simrun never writes over its inputs");
  if (!fs::is_regular_file(st)) throw UsageError(p.string() + " exists and is not a regular file");
  if (!o.force) throw UsageError(p.string() + " exists; pass --force to replace it or --fragment to write elsewhere");
  return p;
}

struct Fit {
  mc::ScoreScope scope;
  mc::StatisticsLayout layout;
  std::vector<mc::ScoreItem> items;
  std::vector<double> observed;
};

Fit fit_of(const input::Calibration& cal, const mc::MonthSpan& months) {
  Fit fit;
  fit.scope.excluded = cal.spec.exclude_actions;
  fit.items = mc::score_items(fit.scope);
  fit.layout = {cal.spec.use_count, cal.spec.use_goldstein, cal.spec.use_items,
                months.first,       months.months,          fit.items.size()};
  input::RecordOptions ro;
  ro.until = cal.spec.fit_to;
  const mc::Record rec = input::load_record(cal.spec.record, ro);
  auto events = mc::dated_events(rec);
  mc::drop_excluded(events, fit.scope);
  fit.observed =
      mc::summary_statistics(mc::monthly_features(events, fit.items, months.first, months.months), fit.layout);
  return fit;
}

output::CalibrationTables reduce(const SweepContext& c, output::SweepState& state, const Fit& fit, std::size_t accept,
                                 std::vector<std::size_t>& accepted) {
  const std::size_t P = c.sweep.design.points, K = fit.layout.size();
  output::CalibrationTables t;
  for (const auto& f : c.sweep.factors) t.factor_names.push_back(f.name);
  t.statistic_names = fit.layout.names(fit.items);
  t.observed = fit.observed;
  mc::PointRuns runs;
  std::string error;
  for (std::size_t p = 0; p < P; ++p) {
    state.read_point(p, runs, error);
    const auto means = mc::row_means(runs.features, K);
    t.simulated.insert(t.simulated.end(), means.begin(), means.end());
  }
  t.scale = mc::statistic_scales(t.simulated, K);
  t.distance = mc::abc_distances(t.simulated, t.observed, t.scale);
  accepted = mc::accept_closest(t.distance, accept);
  t.accepted.assign(P, 0);
  for (const std::size_t p : accepted) t.accepted[p] = 1;
  t.posterior = mc::posterior_summary(c.sweep.design, accepted);
  return t;
}

void print_fit(const SweepContext& c, const output::CalibrationTables& t, const std::vector<std::size_t>& accepted) {
  std::cout << fmt::format("accepted {} of {} points; largest accepted distance {:.4g}\n", accepted.size(),
                           c.sweep.design.points, accepted.empty() ? NAN : t.distance[accepted.back()]);
  std::cout << fmt::format("{:<32}{:>12}{:>12}{:>12}{:>12}\n", "factor", "mean", "sd", "q05", "q95");
  const std::size_t D = c.sweep.factors.size();
  for (std::size_t f = 0; f < D; ++f)
    std::cout << fmt::format("{:<32}{:>12.4g}{:>12.4g}{:>12.4g}{:>12.4g}\n", c.sweep.factors[f].path,
                             t.posterior.mean[f], t.posterior.sd[f], t.posterior.quantiles[f],
                             t.posterior.quantiles[(mc::kQuantiles.size() - 1) * D + f]);
}

}  // namespace

int calibrate(const Options& o) {
  input::Calibration cal = load(o);
  input::ScenarioTemplate tpl(cal.sweep.scenario, cal.sweep.sets);
  input::Scenario base = tpl.instantiate({});
  const mc::MonthSpan months = fit_months(cal, base);
  const Fit fit = fit_of(cal, months);
  const long start = base.plan.base.start_day;
  SweepContext c{cal.sweep, std::move(tpl), std::move(base), {}, {}};
  c.horizons = mc::report_horizons(c.base.plan.num_times(), c.base.plan.base.step_days);
  c.header = header_of(c);
  c.header.features = fit.layout.size();
  const std::uint64_t total =
      static_cast<std::uint64_t>(c.sweep.design.points) * static_cast<std::uint64_t>(c.sweep.replications);
  const int threads = static_cast<int>(std::min<std::uint64_t>(
      static_cast<std::uint64_t>(mc::resolve_threads(o.threads)), std::max<std::uint64_t>(1, total)));
  std::vector<std::string> inputs = c.tpl.chain();
  inputs.push_back(cal.sweep.file);
  inputs.push_back(cal.spec.record);
  const fs::path out = output_path(o, c.sweep.name, inputs);
  const fs::path fragment = fragment_path(o, out, inputs);
  check_workload(o, {&c.base.plan}, total, threads, out, 8.0 * static_cast<double>(total * (fit.layout.size() + 40)));
  const RunFeatures features = [&](const mc::RunResult& r, std::vector<double>& f) {
    thread_local std::vector<mc::DatedEvent> events;
    mc::dated_run_events(r.output, start, events);
    mc::drop_excluded(events, fit.scope);
    f = mc::summary_statistics(mc::monthly_features(events, fit.items, months.first, months.months), fit.layout);
  };
  if (dist::is_worker()) return serve_sweep(c, threads, features);
  spdlog::info("{}: ABC rejection, {} points x {} replications of {}, fit {} .. {} ({} statistics) -> {}", c.sweep.name,
               c.sweep.design.points, c.sweep.replications, c.base.name, mc::month_label(months.first),
               mc::month_label(months.last()), fit.layout.size(), out.string());
  const fs::path state_path = output::sweep_state_path(out);
  std::vector<mc::RunStatus> status;
  output::SweepState state = open_state(o, c, state_path, status);
  if (state.features() != fit.layout.size())
    throw UsageError("cannot resume from " + state_path.string() + ": it holds no calibration statistics of this fit");
  run_pending(o, c, state, state_path, std::move(status), threads, features);
  std::vector<std::size_t> accepted;
  const output::CalibrationTables t = reduce(c, state, fit, cal.spec.accepted_of(c.sweep.design.points), accepted);
  write_results(o, c, state, out, threads, [&](const h5::File& f) {
    const h5::Group g = f.create_group("calibration");
    g.set_attr_string("method", "approximate Bayesian computation by rejection");
    g.set_attr_string("record_file", cal.spec.record);
    g.set_attr_string("fit_from", format_iso_date(cal.spec.fit_from));
    g.set_attr_string("fit_to", format_iso_date(cal.spec.fit_to));
    g.set_attr_int64("accepted_points", static_cast<std::int64_t>(accepted.size()));
    output::write_calibration(g, t);
  });
  state.close();
  std::error_code ec;
  fs::remove(state_path, ec);
  write_fragment(o, fragment, fragment_json(cal, accepted, out.string()));
  if (!o.quiet) print_fit(c, t, accepted);
  std::cout << "results: " << out.string() << "\nfragment: " << fragment.string() << "\n";
  return 0;
}

}  // namespace simrun::app
