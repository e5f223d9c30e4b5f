#include "output/results_writer.h"

#include <H5public.h>
#include <unistd.h>
#include <Eigen/Core>
#include <algorithm>
#include <boost/version.hpp>
#include <chrono>
#include <cmath>
#include <ctime>
#include <limits>

#include "mc/order_statistics.h"
#include "model/actions.h"
#include "model/actors.h"
#include "model/metrics.h"
#include "model/outcomes.h"
#include "model/variables.h"
#include "output/results_layout.h"
#include "util/dates.h"
#include "util/random.h"
#include "util/version.h"

namespace simrun::output {

namespace fs = std::filesystem;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr hsize_t kRunChunk = 256;  // equals the engine's batch size: writes cover whole chunks
constexpr hsize_t kTimeChunk = 8;   // quantiles read 8 time columns at a time

void describe(const h5::Object& o, std::string_view long_name, std::string_view units) {
  o.set_attr_string("long_name", long_name);
  if (!units.empty()) o.set_attr_string("units", units);
}

std::string join_words(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& w : v) s += (s.empty() ? "" : " ") + w;
  return s;
}

// A name usable as an HDF5/netCDF variable: the JSON pointer with '/' -> '.'.
std::string pointer_to_name(const std::string& ptr) {
  std::string s = ptr.substr(ptr.empty() || ptr[0] != '/' ? 0 : 1);
  std::replace(s.begin(), s.end(), '/', '.');
  return s;
}

template <class T>
h5::Dataset coordinate(const h5::Group& g, const std::string& name, const std::vector<T>& values,
                       std::string_view long_name, std::string_view units, bool unlimited = false) {
  h5::DatasetOptions<T> opt;
  if (unlimited) {
    opt.chunk = {4096};
    opt.max_dims = {H5S_UNLIMITED};
  }
  h5::Dataset d = g.create_dataset<T>(name, {static_cast<hsize_t>(values.size())}, opt);
  if (!values.empty()) d.write(values);
  d.make_scale(name);
  describe(d, long_name, units);
  return d;
}

// A coordinate of integer codes for the rows of a table (outcomes, metrics),
// with CF flag_values and flag_meanings naming them.
template <class Table>
h5::Dataset code_coordinate(const h5::Group& g, const std::string& name, const Table& table,
                            std::string_view long_name) {
  std::vector<std::int32_t> codes;
  std::vector<std::string> names;
  for (const auto& row : table) {
    codes.push_back(static_cast<std::int32_t>(row.id));
    names.emplace_back(row.name);
  }
  h5::Dataset d = coordinate(g, name, codes, long_name, "");
  d.set_attr_int32s("flag_values", codes);
  d.set_attr_string("flag_meanings", join_words(names));
  return d;
}

// Datasets of one shape over the same coordinates, one per (name, values,
// long name).
struct Column {
  const char* name;
  const std::vector<double>* values;
  const char* long_name;
};
void write_columns(const h5::Group& g, std::initializer_list<Column> columns, const std::vector<hsize_t>& dims,
                   const std::vector<const h5::Dataset*>& scales, std::string_view units) {
  for (const auto& c : columns) {
    h5::Dataset d = g.create_dataset<double>(c.name, dims);
    d.write(*c.values);
    describe(d, c.long_name, units);
    for (std::size_t i = 0; i < scales.size(); ++i) d.attach_scale(*scales[i], static_cast<unsigned>(i));
  }
}

std::vector<std::int64_t> iota64(std::uint64_t n) {
  std::vector<std::int64_t> v(n);
  for (std::uint64_t i = 0; i < n; ++i) v[i] = static_cast<std::int64_t>(i);
  return v;
}

}  // namespace

struct GroupWriter::Impl {
  const input::Scenario& sc;
  std::uint64_t runs;
  int times;
  std::string time_units;
  const h5::Group& group;  // owned by the caller for the writer's lifetime
  h5::Group traj_group, param_group, outcome_group, event_group;
  h5::Dataset realization, time, traj_realization, traj_time;
  std::vector<h5::Dataset> traj, params, occurs, outcomes, metrics;
  h5::Dataset ev_index, ev_run, ev_step, ev_time, ev_actor, ev_target, ev_action, ev_cameo, ev_goldstein;
  std::int64_t events_written = 0;
  std::uint64_t runs_written = 0;
  mc::MomentAccumulator moments;
  mc::OutcomeAccumulator outcome_acc;
  mc::MetricAccumulator metric_acc;
  std::vector<float> buffer;

  Impl(const h5::Group& g, const h5::Group& scratch, const input::Scenario& s, std::uint64_t n)
      : sc(s), runs(n), times(s.num_times()), group(g), moments(times), outcome_acc(times, s.base.step_days) {
    time_units = "days since " + format_iso_date(sc.base.start_day);
    const hsize_t R = runs, T = static_cast<hsize_t>(times);
    std::vector<double> tvals(static_cast<std::size_t>(times));
    for (int t = 0; t < times; ++t) tvals[static_cast<std::size_t>(t)] = t * sc.base.step_days;

    auto realization_in = [&](const h5::Group& gr) {
      h5::Dataset d = coordinate(gr, "realization", iota64(runs), "Monte Carlo run index", "1");
      d.set_attr_string("standard_name", "realization");
      return d;
    };
    auto time_in = [&](const h5::Group& gr) {
      h5::Dataset d = coordinate(gr, "time", tvals, "time", time_units);
      d.set_attr_string("standard_name", "time");
      d.set_attr_string("calendar", "standard");
      d.set_attr_string("axis", "T");
      return d;
    };

    // Trajectories: one [realization, time] dataset per variable, chunked so
    // that one variable over all runs reads a few contiguous chunks.
    traj_group = (sc.store_trajectories ? group : scratch).create_group("trajectories");
    if (sc.store_trajectories) describe(traj_group, "state variables of every run over time", "");
    traj_realization = realization_in(traj_group);
    traj_time = time_in(traj_group);
    h5::DatasetOptions<float> topt;
    topt.chunk = {std::min<hsize_t>(R, kRunChunk), std::min<hsize_t>(T, kTimeChunk)};
    for (const auto& v : model::variable_table()) {
      h5::Dataset d = traj_group.create_dataset<float>(v.name, {R, T}, topt);
      describe(d, v.long_name, v.units);
      d.attach_scale(traj_realization, 0);
      d.attach_scale(traj_time, 1);
      traj.push_back(std::move(d));
    }

    h5::DatasetOptions<double> dopt;
    dopt.chunk = {std::min<hsize_t>(R, kRunChunk)};  // batches write whole chunks
    param_group = group.create_group("parameters");
    describe(param_group, "uncertain parameters as sampled in each run", "");
    h5::Dataset preal = realization_in(param_group);
    for (const auto& u : sc.uncertain) {
      h5::Dataset d = param_group.create_dataset<double>(pointer_to_name(u.pointer), {R}, dopt);
      describe(d, "sampled value of " + u.pointer, "");
      d.set_attr_string("json_pointer", u.pointer);
      d.attach_scale(preal, 0);
      params.push_back(std::move(d));
    }
    h5::DatasetOptions<std::int8_t> bopt;
    bopt.chunk = dopt.chunk;
    for (const auto& e : sc.base.events) {
      h5::Dataset d = param_group.create_dataset<std::int8_t>("events." + e.id + ".occurs", {R}, bopt);
      describe(d, "1 if event " + e.id + " happens in the run", "1");
      d.attach_scale(preal, 0);
      occurs.push_back(std::move(d));
    }

    outcome_group = group.create_group("outcomes");
    describe(outcome_group, "first-passage times and per-run metrics", "");
    h5::Dataset oreal = realization_in(outcome_group);
    h5::DatasetOptions<double> fopt = dopt;
    fopt.fill = kNaN;
    for (const auto& o : model::outcome_table()) {
      h5::Dataset d = outcome_group.create_dataset<double>(o.name, {R}, fopt);
      describe(d, "first-passage time: " + std::string(o.long_name) + " (NaN: not within the horizon)", "days");
      d.attach_scale(oreal, 0);
      outcomes.push_back(std::move(d));
    }
    for (const auto& m : model::metric_table()) {
      h5::Dataset d = outcome_group.create_dataset<double>(m.name, {R}, dopt);
      describe(d, m.long_name, m.units);
      d.attach_scale(oreal, 0);
      metrics.push_back(std::move(d));
    }

    if (sc.store_events) {
      event_group = group.create_group("events");
      describe(event_group, "event log of every run, one row per event (columnar)", "");
      ev_index = coordinate(event_group, "event", std::vector<std::int64_t>{}, "event index", "1", true);
      auto column = [&]<class T>(const std::string& name, std::string_view long_name, std::string_view units, T) {
        h5::DatasetOptions<T> o;
        o.chunk = {4096};
        o.max_dims = {H5S_UNLIMITED};
        h5::Dataset d = event_group.create_dataset<T>(name, {0}, o);
        describe(d, long_name, units);
        d.attach_scale(ev_index, 0);
        return d;
      };
      ev_run = column("run", "run (realization) index", "1", std::int64_t{});
      ev_step = column("step", "model step", "1", std::int32_t{});
      ev_time = column("time", "time of the event (end of its step)", time_units, double{});
      ev_actor = column("actor", "actor code (see flag_meanings)", "", std::int16_t{});
      ev_target = column("target", "target code (see flag_meanings)", "", std::int16_t{});
      ev_action = column("action", "action code (see flag_meanings)", "", std::int16_t{});
      ev_cameo = column("cameo", "CAMEO event code as an integer (zero-pad to 3 digits, 4 for 4-digit codes)", "",
                        std::int16_t{});
      ev_goldstein = column("goldstein", "Goldstein score of the event", "1", float{});

      std::vector<std::string> actor_names;
      std::vector<std::int16_t> actor_values;
      for (int a = 0; a < model::kNumActors; ++a) {
        actor_names.emplace_back(model::kActorCodes[static_cast<std::size_t>(a)]);
        actor_values.push_back(static_cast<std::int16_t>(a));
      }
      for (std::size_t m = 0; m < sc.base.media.size(); ++m) {
        actor_names.push_back(sc.base.media[m].id);
        actor_values.push_back(static_cast<std::int16_t>(model::kNumActors + static_cast<int>(m)));
      }
      for (auto* d : {&ev_actor, &ev_target}) {
        d->set_attr_int16s("flag_values", actor_values);
        d->set_attr_string("flag_meanings", join_words(actor_names));
      }
      std::vector<std::string> action_names, cameo_codes;
      std::vector<std::int16_t> action_values;
      for (const auto& a : model::action_table()) {
        action_names.emplace_back(a.name);
        cameo_codes.emplace_back(a.cameo);
        action_values.push_back(static_cast<std::int16_t>(a.id));
      }
      ev_action.set_attr_int16s("flag_values", action_values);
      ev_action.set_attr_string("flag_meanings", join_words(action_names));
      ev_action.set_attr_strings("cameo_codes", cameo_codes);
    }
  }

  void write_batch(const std::vector<mc::RunResult>& results) {
    const hsize_t n = results.size(), T = static_cast<hsize_t>(times), first = runs_written;
    buffer.resize(static_cast<std::size_t>(n * T));
    for (int v = 0; v < model::kNumVars; ++v) {
      for (hsize_t i = 0; i < n; ++i) {
        const model::RunOutput& o = results[i].output;
        std::copy_n(o.trajectories.begin() + static_cast<std::ptrdiff_t>(v) * times, times,
                    buffer.begin() + static_cast<std::ptrdiff_t>(i * T));
      }
      traj[static_cast<std::size_t>(v)].write_block({first, 0}, {n, T}, buffer);
    }
    std::vector<double> col(n);
    for (std::size_t u = 0; u < params.size(); ++u) {
      for (hsize_t i = 0; i < n; ++i) col[i] = results[i].sampled[u];
      params[u].write_block({first}, {n}, col);
    }
    std::vector<std::int8_t> flags(n);
    for (std::size_t e = 0; e < occurs.size(); ++e) {
      for (hsize_t i = 0; i < n; ++i) flags[i] = static_cast<std::int8_t>(results[i].occurs[e]);
      occurs[e].write_block({first}, {n}, flags);
    }
    for (int o = 0; o < model::kNumOutcomes; ++o) {
      for (hsize_t i = 0; i < n; ++i) col[i] = results[i].output.first_passage[static_cast<std::size_t>(o)];
      outcomes[static_cast<std::size_t>(o)].write_block({first}, {n}, col);
    }
    std::vector<std::array<double, model::kNumMetrics>> m(n);
    for (hsize_t i = 0; i < n; ++i) m[i] = model::compute_metrics(results[i].output);
    for (int k = 0; k < model::kNumMetrics; ++k) {
      for (hsize_t i = 0; i < n; ++i) col[i] = m[i][static_cast<std::size_t>(k)];
      metrics[static_cast<std::size_t>(k)].write_block({first}, {n}, col);
    }
    if (sc.store_events) append_events(results);
    // Summaries in run order, whatever thread computed each run.
    for (hsize_t i = 0; i < n; ++i) {
      moments.add(results[i].output);
      outcome_acc.add(results[i].output);
      metric_acc.add(m[i]);
    }
    runs_written += n;
  }

  void append_events(const std::vector<mc::RunResult>& results) {
    std::vector<std::int64_t> index, run;
    std::vector<std::int32_t> step;
    std::vector<double> time_;
    std::vector<std::int16_t> actor, target, act, cameo;
    std::vector<float> gold;
    for (const auto& r : results) {
      for (const auto& e : r.output.events) {
        const model::ActionDef& a = model::action(e.action);
        index.push_back(events_written + static_cast<std::int64_t>(index.size()));
        run.push_back(static_cast<std::int64_t>(r.run));
        step.push_back(e.step);
        time_.push_back(e.step * sc.base.step_days);
        actor.push_back(e.actor);
        target.push_back(e.target);
        act.push_back(e.action);
        cameo.push_back(static_cast<std::int16_t>(std::stoi(std::string(a.cameo))));
        gold.push_back(a.goldstein);
      }
    }
    if (index.empty()) return;
    ev_index.append(index);
    ev_run.append(run);
    ev_step.append(step);
    ev_time.append(time_);
    ev_actor.append(actor);
    ev_target.append(target);
    ev_action.append(act);
    ev_cameo.append(cameo);
    ev_goldstein.append(gold);
    events_written += static_cast<std::int64_t>(index.size());
  }

  void finish() {
    h5::Group s = group.create_group("summary");
    describe(s, "summaries across runs", "");
    s.set_attr_int64("runs", static_cast<std::int64_t>(runs_written));
    const hsize_t T = static_cast<hsize_t>(times), Q = mc::kQuantiles.size();
    std::vector<double> tvals(T);
    for (hsize_t t = 0; t < T; ++t) tvals[t] = static_cast<double>(t) * sc.base.step_days;
    h5::Dataset stime = coordinate(s, "time", tvals, "time", time_units);
    stime.set_attr_string("standard_name", "time");
    stime.set_attr_string("calendar", "standard");
    stime.set_attr_string("axis", "T");
    h5::Dataset squant = coordinate(s, "quantile", std::vector<double>(mc::kQuantiles.begin(), mc::kQuantiles.end()),
                                    "quantile level across runs", "1");

    // Quantiles: each variable is read back chunk by chunk (a block of time
    // columns, a few passes each); memory does not depend on the runs.
    std::vector<double> q(static_cast<std::size_t>(Q * T));
    for (int v = 0; v < model::kNumVars; ++v) {
      const auto& def = model::variable_table()[static_cast<std::size_t>(v)];
      const h5::Dataset& data = traj[static_cast<std::size_t>(v)];
      for (hsize_t t0 = 0; t0 < T; t0 += kTimeChunk) {
        const hsize_t w = std::min<hsize_t>(kTimeChunk, T - t0);
        const auto block = mc::streamed_quantiles(runs_written, w, mc::kQuantiles, kRunChunk,
                                                  [&](std::uint64_t row0, std::uint64_t rows, std::vector<float>& out) {
                                                    out.resize(rows * w);
                                                    data.read_block_into({row0, t0}, {rows, w}, out);
                                                  });
        for (hsize_t k = 0; k < Q; ++k)
          for (hsize_t j = 0; j < w; ++j) q[k * T + t0 + j] = block[k * w + j];
      }
      h5::Dataset dq = s.create_dataset<double>(def.name, {Q, T});
      dq.write(q);
      describe(dq, std::string(def.long_name) + " (quantiles across runs)", def.units);
      dq.attach_scale(squant, 0);
      dq.attach_scale(stime, 1);
      std::vector<double> mean(T), se(T);
      for (hsize_t t = 0; t < T; ++t) {
        mean[t] = moments.mean(v, static_cast<int>(t));
        se[t] = moments.standard_error(v, static_cast<int>(t));
      }
      h5::Dataset dm = s.create_dataset<double>(std::string(def.name) + "_mean", {T});
      dm.write(mean);
      describe(dm, std::string(def.long_name) + " (mean across runs)", def.units);
      dm.attach_scale(stime, 0);
      h5::Dataset ds = s.create_dataset<double>(std::string(def.name) + "_se", {T});
      ds.write(se);
      describe(ds, std::string(def.long_name) + " (standard error of the mean)", def.units);
      ds.attach_scale(stime, 0);
    }

    // Outcome probabilities by time, with 95% Wilson intervals.
    for (int o = 0; o < model::kNumOutcomes; ++o) {
      const auto& def = model::outcome_table()[static_cast<std::size_t>(o)];
      std::vector<double> p(T), lo(T), hi(T);
      for (hsize_t t = 0; t < T; ++t) {
        const auto w = outcome_acc.probability_by(o, static_cast<int>(t));
        p[t] = w.estimate;
        lo[t] = w.lower;
        hi[t] = w.upper;
      }
      const std::string base(def.name);
      for (const auto& [suffix, vals, what] : {std::tuple{"_probability", &p, "probability by this time"},
                                               std::tuple{"_lower", &lo, "lower bound of the 95% Wilson interval"},
                                               std::tuple{"_upper", &hi, "upper bound of the 95% Wilson interval"}}) {
        h5::Dataset d = s.create_dataset<double>(base + suffix, {T});
        d.write(*vals);
        describe(d, std::string(def.long_name) + ": " + what, "1");
        d.attach_scale(stime, 0);
      }
    }

    // The same at a few horizons, as an [outcome, horizon] table.
    const std::vector<double> horizons = mc::report_horizons(times, sc.base.step_days);
    const hsize_t H = horizons.size(), O = model::kNumOutcomes;
    h5::Dataset hcoord = coordinate(s, "horizon", horizons, "horizon since the start", "days");
    const h5::Dataset ocoord =
        code_coordinate(s, "outcome", model::outcome_table(), "outcome code (see flag_meanings)");
    std::vector<double> tp(O * H), tl(O * H), tu(O * H);
    for (hsize_t o = 0; o < O; ++o)
      for (hsize_t h = 0; h < H; ++h) {
        const int t = mc::time_index_at(horizons[h], sc.base.step_days);
        const auto w = outcome_acc.probability_by(static_cast<int>(o), t);
        tp[o * H + h] = w.estimate;
        tl[o * H + h] = w.lower;
        tu[o * H + h] = w.upper;
      }
    write_columns(s,
                  {{"outcome_probability", &tp, "probability of each outcome by each horizon"},
                   {"outcome_lower", &tl, "lower bound of the 95% Wilson interval"},
                   {"outcome_upper", &tu, "upper bound of the 95% Wilson interval"}},
                  {O, H}, {&ocoord, &hcoord}, "1");

    const h5::Dataset mcoord =
        code_coordinate(s, "metric", model::metric_table(), "per-run metric code (see flag_meanings)");
    const hsize_t M = model::kNumMetrics;
    std::vector<double> mm(M), ml(M), mu(M);
    for (hsize_t k = 0; k < M; ++k) {
      const auto w = metric_acc.mean(static_cast<int>(k));
      mm[k] = w.estimate;
      ml[k] = w.lower;
      mu[k] = w.upper;
    }
    write_columns(s,
                  {{"metric_mean", &mm, "mean of each per-run metric"},
                   {"metric_lower", &ml, "lower bound of the 95% interval of the mean"},
                   {"metric_upper", &mu, "upper bound of the 95% interval of the mean"}},
                  {M}, {&mcoord}, "");
  }
};

void write_differences(const h5::Group& parent, const mc::PairedTables& pt) {
  const h5::Group d = parent.create_group("differences");
  describe(d, "paired differences B - A on common random numbers, with 95% intervals", "");
  const hsize_t H = pt.horizons.size(), O = model::kNumOutcomes, M = model::kNumMetrics;
  const h5::Dataset hc = coordinate(d, "horizon", pt.horizons, "horizon since the start", "days");
  const h5::Dataset oc = code_coordinate(d, "outcome", model::outcome_table(), "outcome code (see flag_meanings)");
  const h5::Dataset mc_ = code_coordinate(d, "metric", model::metric_table(), "metric code (see flag_meanings)");
  std::vector<double> pa(O * H), pb(O * H), dd(O * H), dl(O * H), du(O * H);
  for (hsize_t k = 0; k < O; ++k)
    for (hsize_t h = 0; h < H; ++h) {
      const auto& acc = pt.outcome[k][h];
      const auto iv = acc.difference();
      pa[k * H + h] = acc.mean_a();
      pb[k * H + h] = acc.mean_b();
      dd[k * H + h] = iv.estimate;
      dl[k * H + h] = iv.lower;
      du[k * H + h] = iv.upper;
    }
  write_columns(d,
                {{"probability_a", &pa, "probability in A by each horizon"},
                 {"probability_b", &pb, "probability in B by each horizon"},
                 {"difference", &dd, "paired difference of probabilities, B - A"},
                 {"difference_lower", &dl, "lower bound of the 95% interval of the difference"},
                 {"difference_upper", &du, "upper bound of the 95% interval of the difference"}},
                {O, H}, {&oc, &hc}, "1");
  std::vector<double> ma(M), mb(M), md(M), ml(M), mu(M);
  for (hsize_t k = 0; k < M; ++k) {
    const auto iv = pt.metric[k].difference();
    ma[k] = pt.metric[k].mean_a();
    mb[k] = pt.metric[k].mean_b();
    md[k] = iv.estimate;
    ml[k] = iv.lower;
    mu[k] = iv.upper;
  }
  write_columns(d,
                {{"metric_mean_a", &ma, "mean per run in A"},
                 {"metric_mean_b", &mb, "mean per run in B"},
                 {"metric_difference", &md, "paired difference of means, B - A"},
                 {"metric_difference_lower", &ml, "lower bound of the 95% interval"},
                 {"metric_difference_upper", &mu, "upper bound of the 95% interval"}},
                {M}, {&mc_}, "");
}

GroupWriter::GroupWriter(const h5::Group& group, const h5::Group& scratch, const input::Scenario& sc,
                         std::uint64_t runs)
    : impl_(std::make_unique<Impl>(group, scratch, sc, runs)), sc_(sc) {}
GroupWriter::~GroupWriter() = default;
void GroupWriter::write_batch(const std::vector<mc::RunResult>& results) { impl_->write_batch(results); }
void GroupWriter::finish() { impl_->finish(); }

}  // namespace simrun::output
