#include "output/results_writer.h"

#include <algorithm>
#include <limits>
#include <optional>
#include <string>

#include "model/actions.h"
#include "model/actors.h"
#include "model/metrics.h"
#include "model/outcomes.h"
#include "model/variables.h"
#include "output/layout_io.h"
#include "output/results_layout.h"
#include "util/dates.h"

namespace simrun::output {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr hsize_t kRunChunk = mc::kQuantileRunBlock;    // equals the engine's batch size: writes cover whole chunks
constexpr hsize_t kTimeChunk = mc::kQuantileTimeBlock;  // quantiles read this many time columns at a time

// A name usable as an HDF5/netCDF variable: the JSON pointer with '/' -> '.'.
std::string pointer_to_name(const std::string& ptr) {
  std::string s = ptr.substr(ptr.empty() || ptr[0] != '/' ? 0 : 1);
  std::replace(s.begin(), s.end(), '/', '.');
  return s;
}

h5::Dataset time_coordinate(const h5::Group& g, std::string_view group, const std::vector<double>& days,
                            const std::string& units) {
  h5::Dataset d = coordinate(g, layout(group, "time"), days, units);
  d.set_attr_string("standard_name", "time");
  d.set_attr_string("calendar", "standard");
  d.set_attr_string("axis", "T");
  return d;
}

h5::Dataset realization_coordinate(const h5::Group& g, std::string_view group, std::uint64_t runs) {
  std::vector<std::int64_t> v(runs);
  for (std::uint64_t i = 0; i < runs; ++i) v[i] = static_cast<std::int64_t>(i);
  const DatasetDef& d = layout(group, "realization");
  h5::Dataset ds = coordinate(g, d, v, d.units);
  ds.set_attr_string("standard_name", "realization");
  return ds;
}

// Datasets of one shape over the same coordinates: (layout name, values).
using Columns = std::initializer_list<std::pair<std::string_view, const std::vector<double>*>>;
void write_columns(const h5::Group& g, std::string_view group, Columns columns, const std::vector<hsize_t>& shape,
                   const std::vector<const h5::Dataset*>& scales) {
  for (const auto& [name, values] : columns) {
    h5::Dataset d = create<double>(g, layout(group, name), shape);
    d.write(*values);
    for (std::size_t i = 0; i < scales.size(); ++i) d.attach_scale(*scales[i], static_cast<unsigned>(i));
  }
}

std::vector<double> times_of(const mc::RunPlan& plan) {
  std::vector<double> t(static_cast<std::size_t>(plan.num_times()));
  for (std::size_t i = 0; i < t.size(); ++i) t[i] = static_cast<double>(i) * plan.base.step_days;
  return t;
}

}  // namespace

struct GroupWriter::Impl {
  const mc::RunPlan& plan;
  GroupOptions options;
  std::uint64_t runs;
  hsize_t times;
  std::string time_units;
  const h5::Group& group;  // owned by the caller for the writer's lifetime
  h5::Group traj_group;
  std::vector<h5::Dataset> traj, params, occurs, outcomes, metrics;
  std::optional<h5::Dataset> parameter_set;  // only with parameter_sets
  h5::Dataset ev_index, ev_run, ev_step, ev_time, ev_actor, ev_target, ev_action, ev_cameo, ev_goldstein;
  std::int64_t events_written = 0;
  std::uint64_t runs_written = 0;
  std::vector<float> buffer;

  Impl(const h5::Group& g, const h5::Group& scratch, const mc::RunPlan& p, GroupOptions o, std::uint64_t n)
      : plan(p),
        options(o),
        runs(n),
        times(static_cast<hsize_t>(p.num_times())),
        time_units("days since " + format_iso_date(p.base.start_day)),
        group(g) {
    create_trajectories(options.store_trajectories ? group : scratch);
    create_parameters();
    create_outcomes();
    if (options.store_events) create_events();
  }

  h5::DatasetOptions<double> per_run_options() const {
    h5::DatasetOptions<double> o;
    o.chunk = {std::min<hsize_t>(runs, kRunChunk)};  // batches write whole chunks
    return o;
  }

  // One [realization, time] dataset per variable, chunked so that one
  // variable over all runs reads a few contiguous chunks.
  void create_trajectories(const h5::Group& parent) {
    traj_group = parent.create_group("trajectories");
    if (options.store_trajectories) describe(traj_group, "state variables of every run over time", "");
    const h5::Dataset real = realization_coordinate(traj_group, "trajectories", runs);
    const h5::Dataset time = time_coordinate(traj_group, "trajectories", times_of(plan), time_units);
    h5::DatasetOptions<float> opt;
    opt.chunk = {std::min<hsize_t>(runs, kRunChunk), std::min<hsize_t>(times, kTimeChunk)};
    for (const auto& v : model::variable_table()) {
      h5::Dataset d = create<float>(traj_group, layout("trajectories", "{variable}"), {runs, times},
                                    {"variable", v.name, v.long_name, v.units}, opt);
      d.attach_scale(real, 0);
      d.attach_scale(time, 1);
      traj.push_back(std::move(d));
    }
  }

  void create_parameters() {
    const h5::Group g = group.create_group("parameters");
    describe(g, "uncertain parameters as sampled in each run", "");
    const h5::Dataset real = realization_coordinate(g, "parameters", runs);
    std::vector<std::string> sampled;  // the uncertain fields, then those drawn from parameter_sets
    for (const auto& u : plan.uncertain) sampled.push_back(u.name);
    for (const auto& c : plan.parameter_sets.columns) sampled.push_back(c.name);
    for (const auto& pointer : sampled) {
      const std::string name = pointer_to_name(pointer);
      h5::Dataset d =
          create<double>(g, layout("parameters", "{pointer}"), {runs}, {"pointer", name, {}, {}}, per_run_options());
      describe(d, "sampled value of " + pointer, "");
      d.set_attr_string("json_pointer", pointer);
      d.attach_scale(real, 0);
      params.push_back(std::move(d));
    }
    if (!plan.parameter_sets.empty()) {
      h5::DatasetOptions<std::int64_t> set_opt;
      set_opt.chunk = per_run_options().chunk;
      parameter_set = create<std::int64_t>(g, layout("parameters", "parameter_set"), {runs}, {}, set_opt);
      parameter_set->attach_scale(real, 0);
    }
    h5::DatasetOptions<std::int8_t> opt;
    opt.chunk = per_run_options().chunk;
    for (const auto& e : plan.base.events) {
      h5::Dataset d =
          create<std::int8_t>(g, layout("parameters", "events.{id}.occurs"), {runs}, {"id", e.id, {}, {}}, opt);
      d.attach_scale(real, 0);
      occurs.push_back(std::move(d));
    }
  }

  void create_outcomes() {
    const h5::Group g = group.create_group("outcomes");
    describe(g, "first-passage times and per-run metrics", "");
    const h5::Dataset real = realization_coordinate(g, "outcomes", runs);
    h5::DatasetOptions<double> fopt = per_run_options();
    fopt.fill = kNaN;
    for (const auto& o : model::outcome_table()) {
      h5::Dataset d =
          create<double>(g, layout("outcomes", "{outcome}"), {runs}, {"outcome", o.name, o.long_name, {}}, fopt);
      d.attach_scale(real, 0);
      outcomes.push_back(std::move(d));
    }
    for (const auto& m : model::metric_table()) {
      h5::Dataset d = create<double>(g, layout("outcomes", "{metric}"), {runs},
                                     {"metric", m.name, m.long_name, m.units}, per_run_options());
      d.attach_scale(real, 0);
      metrics.push_back(std::move(d));
    }
  }

  template <class T>
  h5::Dataset event_column(const h5::Group& g, std::string_view name) {
    h5::DatasetOptions<T> o;
    o.chunk = {4096};
    o.max_dims = {H5S_UNLIMITED};
    const DatasetDef& def = layout("events", name);
    h5::Dataset d = g.create_dataset<T>(std::string(name), {0}, o);
    describe(d, def.long_name, def.units == "days since <start_date>" ? std::string_view(time_units) : def.units);
    d.attach_scale(ev_index, 0);
    return d;
  }

  void create_events() {
    const h5::Group g = group.create_group("events");
    describe(g, "event log of every run, one row per event (columnar)", "");
    ev_index = coordinate(g, layout("events", "event"), std::vector<std::int64_t>{}, "1", true);
    ev_run = event_column<std::int64_t>(g, "run");
    ev_step = event_column<std::int32_t>(g, "step");
    ev_time = event_column<double>(g, "time");
    ev_actor = event_column<std::int16_t>(g, "actor");
    ev_target = event_column<std::int16_t>(g, "target");
    ev_action = event_column<std::int16_t>(g, "action");
    ev_cameo = event_column<std::int16_t>(g, "cameo");
    ev_goldstein = event_column<float>(g, "goldstein");
    label_event_codes();
  }

  // flag_values/flag_meanings of the actor, target and action columns.
  void label_event_codes() {
    std::vector<std::string> actor_names;
    std::vector<std::int16_t> actor_values;
    for (int a = 0; a < model::kNumActors; ++a) {
      actor_names.emplace_back(model::kActorCodes[static_cast<std::size_t>(a)]);
      actor_values.push_back(static_cast<std::int16_t>(a));
    }
    for (std::size_t m = 0; m < plan.base.media.size(); ++m) {
      actor_names.push_back(plan.base.media[m].id);
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

  void write_batch(const std::vector<mc::RunResult>& results) {
    write_trajectories(results);
    write_per_run(results);
    if (options.store_events) append_events(results);
    runs_written += results.size();
  }

  void write_trajectories(const std::vector<mc::RunResult>& results) {
    const hsize_t n = results.size(), T = times;
    buffer.resize(static_cast<std::size_t>(n * T));
    for (int v = 0; v < model::kNumVars; ++v) {
      for (hsize_t i = 0; i < n; ++i)
        std::copy_n(results[i].output.trajectories.begin() + static_cast<std::ptrdiff_t>(v * T), T,
                    buffer.begin() + static_cast<std::ptrdiff_t>(i * T));
      traj[static_cast<std::size_t>(v)].write_block({runs_written, 0}, {n, T}, buffer);
    }
  }

  // One column over the batch's runs for each dataset of `sets`.
  template <class T, class Get>
  void write_column(std::vector<h5::Dataset>& sets, const std::vector<mc::RunResult>& results, Get get) {
    std::vector<T> col(results.size());
    for (std::size_t k = 0; k < sets.size(); ++k) {
      for (std::size_t i = 0; i < results.size(); ++i) col[i] = static_cast<T>(get(results[i], k));
      sets[k].write_block({runs_written}, {results.size()}, col);
    }
  }

  void write_per_run(const std::vector<mc::RunResult>& results) {
    write_column<double>(params, results, [](const mc::RunResult& r, std::size_t k) { return r.sampled.values[k]; });
    write_column<std::int8_t>(occurs, results,
                              [](const mc::RunResult& r, std::size_t k) { return r.sampled.occurs[k]; });
    if (parameter_set) {
      std::vector<std::int64_t> col;
      for (const auto& r : results) col.push_back(r.sampled.parameter_set);
      parameter_set->write_block({runs_written}, {results.size()}, col);
    }
    write_column<double>(outcomes, results,
                         [](const mc::RunResult& r, std::size_t k) { return r.output.first_passage[k]; });
    write_column<double>(metrics, results, [](const mc::RunResult& r, std::size_t k) { return r.metrics[k]; });
  }

  void append_events(const std::vector<mc::RunResult>& results) {
    std::vector<std::int64_t> index, run;
    std::vector<std::int32_t> step;
    std::vector<double> time;
    std::vector<std::int16_t> actor, target, act, cameo;
    std::vector<float> gold;
    for (const auto& r : results) {
      for (const auto& e : r.output.events) {
        const model::ActionDef& a = model::action(e.action);
        index.push_back(events_written + static_cast<std::int64_t>(index.size()));
        run.push_back(static_cast<std::int64_t>(r.run));
        step.push_back(e.step);
        time.push_back(e.step * plan.base.step_days);
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
    ev_time.append(time);
    ev_actor.append(actor);
    ev_target.append(target);
    ev_action.append(act);
    ev_cameo.append(cameo);
    ev_goldstein.append(gold);
    events_written += static_cast<std::int64_t>(index.size());
  }

  mc::TrajectoryBlockReader trajectory_reader() const {
    return [this](int var, std::uint64_t row0, std::uint64_t rows, std::uint64_t t0, std::uint64_t w,
                  std::vector<float>& out) {
      out.resize(rows * w);
      traj[static_cast<std::size_t>(var)].read_block_into({row0, t0}, {rows, w}, out);
    };
  }

  void write_summary(const mc::SummaryTables& s) {
    h5::Group g = group.create_group("summary");
    describe(g, "summaries across runs", "");
    g.set_attr_int64("runs", s.runs);
    const h5::Dataset time = time_coordinate(g, "summary", s.time, time_units);
    const h5::Dataset quant = coordinate(g, layout("summary", "quantile"),
                                         std::vector<double>(mc::kQuantiles.begin(), mc::kQuantiles.end()), "1");
    write_variables(g, s, time, quant);
    write_outcomes_by_time(g, s, time);
    const h5::Dataset hc = coordinate(g, layout("summary", "horizon"), s.horizons, "days");
    const h5::Dataset oc = code_coordinate(g, layout("summary", "outcome"), model::outcome_table());
    const auto& h = s.outcome_by_horizon;
    write_columns(g, "summary",
                  {{"outcome_probability", &h.p}, {"outcome_lower", &h.lower}, {"outcome_upper", &h.upper}},
                  {model::kNumOutcomes, s.horizons.size()}, {&oc, &hc});
    const h5::Dataset mc_ = code_coordinate(g, layout("summary", "metric"), model::metric_table());
    write_columns(
        g, "summary",
        {{"metric_mean", &s.metric_mean}, {"metric_lower", &s.metric_lower}, {"metric_upper", &s.metric_upper}},
        {model::kNumMetrics}, {&mc_});
  }

  void write_variables(const h5::Group& g, const mc::SummaryTables& s, const h5::Dataset& time,
                       const h5::Dataset& quant) {
    for (int v = 0; v < model::kNumVars; ++v) {
      const auto& def = model::variable_table()[static_cast<std::size_t>(v)];
      const auto& sv = s.variables[static_cast<std::size_t>(v)];
      const Row row{"variable", def.name, def.long_name, def.units};
      h5::Dataset q = create<double>(g, layout("summary", "{variable}"), {mc::kQuantiles.size(), times}, row);
      q.write(sv.quantiles);
      q.attach_scale(quant, 0);
      q.attach_scale(time, 1);
      for (const auto& [name, values] : {std::pair{"{variable}_mean", &sv.mean}, std::pair{"{variable}_se", &sv.se}}) {
        h5::Dataset d = create<double>(g, layout("summary", name), {times}, row);
        d.write(*values);
        d.attach_scale(time, 0);
      }
    }
  }

  void write_outcomes_by_time(const h5::Group& g, const mc::SummaryTables& s, const h5::Dataset& time) {
    for (int o = 0; o < model::kNumOutcomes; ++o) {
      const auto& def = model::outcome_table()[static_cast<std::size_t>(o)];
      const auto& p = s.outcome_by_time[static_cast<std::size_t>(o)];
      const Row row{"outcome", def.name, def.long_name, {}};
      for (const auto& [name, values] :
           {std::pair{"{outcome}_probability", &p.p}, std::pair{"{outcome}_lower", &p.lower},
            std::pair{"{outcome}_upper", &p.upper}}) {
        h5::Dataset d = create<double>(g, layout("summary", name), {times}, row);
        d.write(*values);
        d.attach_scale(time, 0);
      }
    }
  }
};

namespace {

// The five columns of a table of paired differences, in the order given.
struct PairedColumns {
  std::vector<double> a, b, d, lower, upper;
};
PairedColumns paired_columns(const std::vector<const mc::PairedAccumulator*>& accs) {
  PairedColumns c;
  for (const auto* acc : accs) {
    const auto iv = acc->difference();
    c.a.push_back(acc->mean_a());
    c.b.push_back(acc->mean_b());
    c.d.push_back(iv.estimate);
    c.lower.push_back(iv.lower);
    c.upper.push_back(iv.upper);
  }
  return c;
}

}  // namespace

void write_differences(const h5::Group& parent, const mc::PairedTables& pt) {
  const h5::Group d = parent.create_group("differences");
  describe(d, "paired differences B - A on common random numbers, with 95% intervals", "");
  const std::size_t H = pt.horizons.size(), O = model::kNumOutcomes, M = model::kNumMetrics;
  const h5::Dataset hc = coordinate(d, layout("differences", "horizon"), pt.horizons, "days");
  const h5::Dataset oc = code_coordinate(d, layout("differences", "outcome"), model::outcome_table());
  const h5::Dataset mc_ = code_coordinate(d, layout("differences", "metric"), model::metric_table());
  std::vector<const mc::PairedAccumulator*> outcomes, metrics;
  for (std::size_t k = 0; k < O; ++k)
    for (std::size_t h = 0; h < H; ++h) outcomes.push_back(&pt.outcome[k][h]);
  for (const auto& m : pt.metric) metrics.push_back(&m);
  const PairedColumns po = paired_columns(outcomes), pm = paired_columns(metrics);
  write_columns(d, "differences",
                {{"probability_a", &po.a},
                 {"probability_b", &po.b},
                 {"difference", &po.d},
                 {"difference_lower", &po.lower},
                 {"difference_upper", &po.upper}},
                {O, H}, {&oc, &hc});
  write_columns(d, "differences",
                {{"metric_mean_a", &pm.a},
                 {"metric_mean_b", &pm.b},
                 {"metric_difference", &pm.d},
                 {"metric_difference_lower", &pm.lower},
                 {"metric_difference_upper", &pm.upper}},
                {M}, {&mc_});
}

GroupWriter::GroupWriter(const h5::Group& group, const h5::Group& scratch, const mc::RunPlan& plan,
                         GroupOptions options, std::uint64_t runs)
    : impl_(std::make_unique<Impl>(group, scratch, plan, options, runs)) {}
GroupWriter::~GroupWriter() = default;
void GroupWriter::write_batch(const std::vector<mc::RunResult>& results) { impl_->write_batch(results); }
mc::TrajectoryBlockReader GroupWriter::trajectory_reader() const { return impl_->trajectory_reader(); }
void GroupWriter::write_summary(const mc::SummaryTables& s) { impl_->write_summary(s); }

}  // namespace simrun::output
