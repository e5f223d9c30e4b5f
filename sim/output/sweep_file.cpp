#include "output/sweep_file.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "model/metrics.h"
#include "model/outcomes.h"
#include "model/variables.h"
#include "output/layout_io.h"
#include "output/results_layout.h"

namespace simrun::output {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t kErrorWidth = 512;  // bytes kept of a point's first failure message
const std::vector<std::string> kStatusNames = {"pending", "succeeded", "failed"};

std::vector<std::int64_t> iota64(std::size_t n) {
  std::vector<std::int64_t> v(n);
  std::iota(v.begin(), v.end(), 0);
  return v;
}

// Integer codes 0..n-1 with the names in flag_meanings: a coordinate xarray
// can label.
h5::Dataset named_codes(const h5::Group& g, const DatasetDef& d, const std::vector<std::int32_t>& codes,
                        const std::vector<std::string>& names) {
  h5::Dataset ds = coordinate(g, d, codes, "");
  ds.set_attr_int32s("flag_values", codes);
  ds.set_attr_string("flag_meanings", join_words(names));
  return ds;
}

template <class Table>
h5::Dataset subset_codes(const h5::Group& g, const DatasetDef& d, const Table& table, const std::vector<int>& which) {
  std::vector<std::int32_t> codes;
  std::vector<std::string> names;
  for (const int c : which) {
    codes.push_back(c);
    names.emplace_back(table[static_cast<std::size_t>(c)].name);
  }
  return named_codes(g, d, codes, names);
}

void attach(const h5::Dataset& d, std::initializer_list<const h5::Dataset*> scales) {
  unsigned i = 0;
  for (const auto* s : scales) d.attach_scale(*s, i++);
}

// The per-run datasets of a sweep (the run table and the records), in the
// state file (contiguous, allocated at once: updated in place) or in the
// results file (chunked per point, compressed).
struct RunDatasets {
  h5::Dataset point, replication, horizon;
  h5::Dataset status, seconds, error;
  h5::Dataset features;  // state files of calibrations only: [point, replication, feature]
  std::vector<h5::Dataset> outcomes, metrics, variables;

  template <class T>
  static h5::DatasetOptions<T> options(bool in_place, std::vector<hsize_t> chunk, std::optional<T> fill) {
    h5::DatasetOptions<T> o;
    o.fill = fill;
    if (in_place)
      o.allocate_early = true;
    else
      o.chunk = std::move(chunk);
    return o;
  }

  void create(const h5::Group& g, std::size_t points, std::uint64_t reps, const std::vector<double>& horizons,
              bool in_place, std::size_t num_features = 0) {
    const hsize_t P = points, R = reps, H = horizons.size();
    point = coordinate(g, layout("runs", "point"), iota64(points), "1");
    replication = coordinate(g, layout("runs", "replication"), iota64(reps), "1");
    horizon = coordinate(g, layout("runs", "horizon"), horizons, "days");
    status = output::create<std::int8_t>(g, layout("runs", "status"), {P, R}, {},
                                         options<std::int8_t>(in_place, {1, R}, std::int8_t{0}));
    status.set_attr_int32s("flag_values", {0, 1, 2});
    status.set_attr_string("flag_meanings", join_words(kStatusNames));
    attach(status, {&point, &replication});
    seconds = output::create<float>(g, layout("runs", "seconds"), {P, R}, {},
                                    options<float>(in_place, {1, R}, std::nanf("")));
    attach(seconds, {&point, &replication});
    // Failure messages: fixed-length strings in the state file only; netCDF
    // readers cannot open such a dataset, so the results file has them as an
    // attribute (SweepWriter::finish).
    if (in_place) error = g.create_strings("error", P, kErrorWidth);
    if (in_place && num_features > 0)
      features = g.create_dataset<double>("features", {P, R, num_features}, options<double>(true, {}, std::nan("")));
    for (const auto& o : model::outcome_table()) {
      outcomes.push_back(output::create<double>(g, layout("runs", "{outcome}"), {P, R},
                                                {"outcome", o.name, o.long_name, {}},
                                                options<double>(in_place, {1, R}, kNaN)));
      attach(outcomes.back(), {&point, &replication});
    }
    for (const auto& m : model::metric_table()) {
      metrics.push_back(output::create<double>(g, layout("runs", "{metric}"), {P, R},
                                               {"metric", m.name, m.long_name, m.units},
                                               options<double>(in_place, {1, R}, kNaN)));
      attach(metrics.back(), {&point, &replication});
    }
    for (const auto& v : model::variable_table()) {
      variables.push_back(output::create<float>(g, layout("runs", "{variable}"), {P, R, H},
                                                {"variable", v.name, v.long_name, v.units},
                                                options<float>(in_place, {1, R, H}, std::nanf(""))));
      attach(variables.back(), {&point, &replication, &horizon});
    }
  }

  void open(const h5::Group& g) {
    status = g.open_dataset("status");
    seconds = g.open_dataset("seconds");
    error = g.open_dataset("error");
    if (g.has("features")) features = g.open_dataset("features");
    for (const auto& o : model::outcome_table()) outcomes.push_back(g.open_dataset(o.name));
    for (const auto& m : model::metric_table()) metrics.push_back(g.open_dataset(m.name));
    for (const auto& v : model::variable_table()) variables.push_back(g.open_dataset(v.name));
  }

  // Records [first, first + n) of `recs`, all of one point with consecutive
  // replications: their data (not their status).
  void write_data(std::span<const mc::SweepRecord> recs, std::size_t H) const {
    const auto& r0 = recs.front();
    const std::vector<hsize_t> off = {r0.point, r0.replication}, cnt = {1, recs.size()};
    std::vector<double> col(recs.size());
    for (std::size_t o = 0; o < outcomes.size(); ++o) {
      for (std::size_t i = 0; i < recs.size(); ++i) col[i] = recs[i].first_passage[o];
      outcomes[o].write_block(off, cnt, col);
    }
    for (std::size_t m = 0; m < metrics.size(); ++m) {
      for (std::size_t i = 0; i < recs.size(); ++i) col[i] = recs[i].metrics[m];
      metrics[m].write_block(off, cnt, col);
    }
    std::vector<float> block(recs.size() * H), secs(recs.size());
    for (std::size_t v = 0; v < variables.size(); ++v) {
      for (std::size_t i = 0; i < recs.size(); ++i)
        for (std::size_t h = 0; h < H; ++h)
          block[i * H + h] = recs[i].at_horizon.empty() ? std::nanf("") : recs[i].at_horizon[v * H + h];
      variables[v].write_block({off[0], off[1], 0}, {1, recs.size(), H}, block);
    }
    for (std::size_t i = 0; i < recs.size(); ++i) secs[i] = static_cast<float>(recs[i].seconds);
    seconds.write_block(off, cnt, secs);
    if (features.valid()) write_features(recs);
  }

  void write_features(std::span<const mc::SweepRecord> recs) const {
    const hsize_t K = features.dims()[2];
    std::vector<double> block(recs.size() * K, std::nan(""));
    for (std::size_t i = 0; i < recs.size(); ++i)
      for (std::size_t k = 0; k < std::min<std::size_t>(K, recs[i].features.size()); ++k)
        block[i * K + k] = recs[i].features[k];
    features.write_block({recs.front().point, recs.front().replication, 0}, {1, recs.size(), K}, block);
  }

  void write_status(std::span<const mc::SweepRecord> recs) const {
    std::vector<std::int8_t> st(recs.size());
    for (std::size_t i = 0; i < recs.size(); ++i) st[i] = static_cast<std::int8_t>(recs[i].status);
    status.write_block({recs.front().point, recs.front().replication}, {1, recs.size()}, st);
  }

  // One point's runs, whole.
  void write_point(std::size_t p, const mc::PointRuns& runs) const {
    const std::size_t R = runs.replications, H = runs.horizons;
    const std::vector<hsize_t> off = {p, 0}, cnt = {1, R};
    std::vector<std::int8_t> st(R);
    for (std::size_t r = 0; r < R; ++r) st[r] = static_cast<std::int8_t>(runs.status[r]);
    status.write_block(off, cnt, st);
    seconds.write_block(off, cnt, runs.seconds);
    std::vector<double> col(R);
    for (std::size_t o = 0; o < outcomes.size(); ++o) {
      for (std::size_t r = 0; r < R; ++r) col[r] = runs.first_passage[r * outcomes.size() + o];
      outcomes[o].write_block(off, cnt, col);
    }
    for (std::size_t m = 0; m < metrics.size(); ++m) {
      for (std::size_t r = 0; r < R; ++r) col[r] = runs.metrics[r * metrics.size() + m];
      metrics[m].write_block(off, cnt, col);
    }
    std::vector<float> block(R * H);
    for (std::size_t v = 0; v < variables.size(); ++v) {
      for (std::size_t r = 0; r < R; ++r)
        for (std::size_t h = 0; h < H; ++h) block[r * H + h] = runs.at_horizon[(r * variables.size() + v) * H + h];
      variables[v].write_block({p, 0, 0}, {1, R, H}, block);
    }
  }

  void read_point(std::size_t p, mc::PointRuns& runs) const {
    const std::size_t R = runs.replications, H = runs.horizons;
    const std::vector<hsize_t> off = {p, 0}, cnt = {1, R};
    std::vector<std::int8_t> st(R);
    status.read_block_into(off, cnt, st);
    for (std::size_t r = 0; r < R; ++r) runs.status[r] = static_cast<mc::RunStatus>(st[r]);
    seconds.read_block_into(off, cnt, runs.seconds);
    std::vector<double> col(R);
    for (std::size_t o = 0; o < outcomes.size(); ++o) {
      outcomes[o].read_block_into(off, cnt, col);
      for (std::size_t r = 0; r < R; ++r) runs.first_passage[r * outcomes.size() + o] = col[r];
    }
    for (std::size_t m = 0; m < metrics.size(); ++m) {
      metrics[m].read_block_into(off, cnt, col);
      for (std::size_t r = 0; r < R; ++r) runs.metrics[r * metrics.size() + m] = col[r];
    }
    std::vector<float> block(R * H);
    for (std::size_t v = 0; v < variables.size(); ++v) {
      variables[v].read_block_into({p, 0, 0}, {1, R, H}, block);
      for (std::size_t r = 0; r < R; ++r)
        for (std::size_t h = 0; h < H; ++h) runs.at_horizon[(r * variables.size() + v) * H + h] = block[r * H + h];
    }
    if (features.valid() && runs.num_features > 0)
      features.read_block_into({p, 0, 0}, {1, R, runs.num_features}, runs.features);
  }
};

// Consecutive records of one point with consecutive replications.
template <class Fn>
void for_each_segment(std::span<const mc::SweepRecord> recs, Fn fn) {
  std::size_t i = 0;
  while (i < recs.size()) {
    std::size_t j = i + 1;
    while (j < recs.size() && recs[j].point == recs[i].point && recs[j].replication == recs[j - 1].replication + 1) ++j;
    fn(recs.subspan(i, j - i));
    i = j;
  }
}

// The design group: the factors and their values at every point.
void write_design(const h5::File& file, const SweepHeader& h) {
  const std::size_t P = h.points(), D = h.factor_names.size();
  const mc::Design& d = *h.design;
  const h5::Group g = file.create_group("design");
  describe(g, "the design: the factors' value at each point", "");
  g.set_attr_string("kind", mc::design_kind_name(d.kind));
  const h5::Dataset point = coordinate(g, layout("design", "point"), iota64(P), "1");
  std::vector<std::int32_t> codes(D);
  std::iota(codes.begin(), codes.end(), 0);
  const h5::Dataset param = named_codes(g, layout("design", "parameter"), codes, h.factor_names);
  param.set_attr_strings("paths", h.factor_paths);
  param.set_attr_strings("units", h.factor_units);
  const h5::Dataset values = create<double>(g, layout("design", "values"), {P, D});
  values.write(d.values);
  attach(values, {&point, &param});
  const h5::Dataset unit = create<double>(g, layout("design", "unit"), {P, D});
  unit.write(d.unit.empty() ? std::vector<double>(P * D, kNaN) : d.unit);
  attach(unit, {&point, &param});
}

}  // namespace

std::filesystem::path sweep_state_path(const std::filesystem::path& out) {
  std::filesystem::path p = out;
  p += ".partial";
  return p;
}

// State file
// ---------------------------------------------------------------------------

struct SweepState::Datasets {
  RunDatasets runs;
};

SweepState::SweepState(h5::File file, std::size_t points, std::uint64_t reps, std::size_t horizons,
                       std::size_t features)
    : file_(std::move(file)),
      points_(points),
      replications_(reps),
      horizons_(horizons),
      features_(features),
      ds_(std::make_shared<Datasets>()),
      has_error_(points, 0) {}

SweepState SweepState::create(const std::filesystem::path& path, const SweepHeader& h) {
  h5::File f = h5::File::create_resumable(path);
  f.set_attr_string("file_type", kFileTypeSweepState);
  f.set_attr_string("format_version", kFormatVersion);
  f.set_attr_string("sweep_name", h.name);
  f.set_attr_string("sweep", h.sweep_json);
  f.set_attr_string("fingerprint_sweep", h.fingerprint.sweep);
  f.set_attr_string("fingerprint_scenario", h.fingerprint.scenario);
  f.set_attr_string("fingerprint_program", h.fingerprint.program);
  f.set_attr_int64("points", static_cast<std::int64_t>(h.points()));
  f.set_attr_int64("replications", static_cast<std::int64_t>(h.replications));
  SweepState s(std::move(f), h.points(), h.replications, h.horizons.size(), h.features);
  write_design(s.file_, h);
  const h5::Group g = s.file_.create_group("runs");
  s.ds_->runs.create(g, h.points(), h.replications, h.horizons, true, h.features);
  s.file_.sync();
  return s;
}

SweepState SweepState::open(const std::filesystem::path& path) {
  h5::File f = h5::File::open_write(path);
  if (!f.has_attr("file_type") || f.attr_string("file_type") != kFileTypeSweepState)
    throw h5::Error(path.string() + " is not the state file of a sweep");
  const auto points = f.attr_int64("points"), reps = f.attr_int64("replications");
  const h5::Group g = f.open_group("runs");
  const std::size_t H = g.open_dataset("horizon").size();
  if (points <= 0 || reps <= 0) throw h5::Error(path.string() + ": damaged (no points or replications)");
  const std::size_t K = g.has("features") ? g.open_dataset("features").dims().back() : 0;
  SweepState s(std::move(f), static_cast<std::size_t>(points), static_cast<std::uint64_t>(reps), H, K);
  s.ds_->runs.open(g);
  const auto& r = s.ds_->runs;
  if (r.features.valid() && r.features.dims() != std::vector<hsize_t>{s.points_, s.replications_, K})
    throw h5::Error(path.string() + ": damaged (the features do not match the design)");
  const std::vector<hsize_t> want = {s.points_, s.replications_};
  if (r.status.dims() != want || r.seconds.dims() != want || r.error.size() != s.points_)
    throw h5::Error(path.string() + ": damaged (the run table does not match the design)");
  for (const auto& d : r.variables)
    if (d.dims() != std::vector<hsize_t>{s.points_, s.replications_, H})
      throw h5::Error(path.string() + ": damaged (a record does not match the design)");
  const auto errors = r.error.read_strings();
  for (std::size_t p = 0; p < s.points_; ++p) s.has_error_[p] = !errors[p].empty();
  return s;
}

SweepFingerprint SweepState::fingerprint() const {
  return {file_.attr_string("fingerprint_sweep"), file_.attr_string("fingerprint_scenario"),
          file_.attr_string("fingerprint_program")};
}

std::vector<mc::RunStatus> SweepState::status() const {
  const auto st = ds_->runs.status.read<std::int8_t>();
  std::vector<mc::RunStatus> out(st.size());
  for (std::size_t i = 0; i < st.size(); ++i)
    out[i] = st[i] == 1 ? mc::RunStatus::Succeeded : st[i] == 2 ? mc::RunStatus::Failed : mc::RunStatus::Pending;
  return out;
}

void SweepState::record(std::span<const mc::SweepRecord> records) {
  if (records.empty()) return;
  for_each_segment(records, [&](auto seg) { ds_->runs.write_data(seg, horizons_); });
  for (const auto& r : records)
    if (r.status == mc::RunStatus::Failed && !has_error_[r.point]) {
      ds_->runs.error.write_string_at(r.point, r.error);
      has_error_[r.point] = 1;
    }
  file_.sync();
  for_each_segment(records, [&](auto seg) { ds_->runs.write_status(seg); });
  file_.sync();
}

void SweepState::read_point(std::size_t point, mc::PointRuns& runs, std::string& error) const {
  runs.resize(replications_, horizons_, features_);
  ds_->runs.read_point(point, runs);
  error.clear();
  if (has_error_[point]) error = ds_->runs.error.read_string_at(point);
}

void SweepState::close() {
  ds_.reset();
  file_.close();
}

// Results file
// ---------------------------------------------------------------------------

void describe_sweep(const h5::File& f, const SweepHeader& h) {
  const mc::Design& d = *h.design;
  f.set_attr_string("sweep_name", h.name);
  f.set_attr_string("sweep_description", h.description);
  f.set_attr_string("sweep_file", h.sweep_file);
  f.set_attr_string("sweep", h.sweep_json);
  f.set_attr_string("design", mc::design_kind_name(d.kind));
  f.set_attr_int64("design_seed", static_cast<std::int64_t>(d.seed));
  f.set_attr_int64("points", static_cast<std::int64_t>(d.points));
  f.set_attr_int64("replications", static_cast<std::int64_t>(h.replications));
  f.set_attr_strings("factor_names", h.factor_names);
  f.set_attr_strings("factor_paths", h.factor_paths);
  f.set_attr_strings("factor_units", h.factor_units);
  f.set_attr_string("fingerprint_sweep", h.fingerprint.sweep);
  f.set_attr_string("fingerprint_scenario", h.fingerprint.scenario);
  f.set_attr_string("fingerprint_program", h.fingerprint.program);
  f.set_attr_string("failed_runs",
                    "left out: per-point summaries use the succeeded runs of each point; a point without any "
                    "gives NaN, and the indices drop the design rows that touch it");
}

struct SweepWriter::Impl {
  const SweepHeader& h;
  std::size_t P, D, H, O = model::kNumOutcomes, M = model::kNumMetrics, Q = mc::kQuantiles.size();
  RunDatasets runs;
  h5::Dataset p_point, p_horizon, p_quantile, p_outcome, p_metric;
  h5::Dataset succeeded, failed, prob, lower, upper, mmean, mse;
  std::vector<h5::Dataset> quantiles;
  bool grid = false;
  std::vector<h5::Dataset> g_levels;
  h5::Dataset g_prob, g_lower, g_upper, g_mean, g_se;
  const h5::File& file;

  Impl(const h5::File& f, const SweepHeader& header)
      : h(header), P(header.points()), D(header.factor_names.size()), H(header.horizons.size()), file(f) {
    write_design(f, h);
    const h5::Group rg = f.create_group("runs");
    describe(rg, "the run table and each run's record, point by replication", "");
    runs.create(rg, P, h.replications, h.horizons, false);
    create_points();
    grid = h.design->kind == mc::DesignKind::Grid;
    if (grid) create_grid();
  }

  template <class T>
  h5::DatasetOptions<T> per_point(std::vector<hsize_t> rest) const {
    h5::DatasetOptions<T> o;
    o.chunk = {1};
    o.chunk.insert(o.chunk.end(), rest.begin(), rest.end());
    return o;
  }

  void create_points() {
    const h5::Group g = file.create_group("points");
    describe(g, "per-point summaries over each point's succeeded runs", "");
    p_point = coordinate(g, layout("points", "point"), iota64(P), "1");
    p_horizon = coordinate(g, layout("points", "horizon"), h.horizons, "days");
    p_quantile = coordinate(g, layout("points", "quantile"),
                            std::vector<double>(mc::kQuantiles.begin(), mc::kQuantiles.end()), "1");
    p_outcome = code_coordinate(g, layout("points", "outcome"), model::outcome_table());
    p_metric = code_coordinate(g, layout("points", "metric"), model::metric_table());
    succeeded = create<std::int64_t>(g, layout("points", "succeeded"), {P});
    failed = create<std::int64_t>(g, layout("points", "failed"), {P});
    attach(succeeded, {&p_point});
    attach(failed, {&p_point});
    auto by_horizon = [&](std::string_view name) {
      h5::Dataset d = create<double>(g, layout("points", name), {P, O, H}, {}, per_point<double>({O, H}));
      attach(d, {&p_point, &p_outcome, &p_horizon});
      return d;
    };
    prob = by_horizon("outcome_probability");
    lower = by_horizon("outcome_lower");
    upper = by_horizon("outcome_upper");
    auto by_metric = [&](std::string_view name) {
      h5::Dataset d = create<double>(g, layout("points", name), {P, M}, {}, per_point<double>({M}));
      attach(d, {&p_point, &p_metric});
      return d;
    };
    mmean = by_metric("metric_mean");
    mse = by_metric("metric_se");
    for (const auto& v : model::variable_table()) {
      quantiles.push_back(create<double>(g, layout("points", "{variable}"), {P, Q, H},
                                         {"variable", v.name, v.long_name, v.units}, per_point<double>({Q, H})));
      attach(quantiles.back(), {&p_point, &p_quantile, &p_horizon});
    }
  }

  // The grid's shape: one dimension per factor, its levels as coordinate.
  void create_grid() {
    const h5::Group g = file.create_group("grid");
    describe(g, "per-point summaries on the grid's dimensions: select by a factor's value", "");
    std::vector<hsize_t> shape;
    for (std::size_t i = 0; i < D; ++i) {
      const auto& f = h.design->factors[i];
      g_levels.push_back(named_coordinate(g, layout("grid", "{factor}"), "factor", h.factor_names[i], f.levels, ""));
      g_levels.back().set_attr_string("path", h.factor_paths[i]);
      if (!h.factor_units[i].empty()) g_levels.back().set_attr_string("units", h.factor_units[i]);
      shape.push_back(f.levels.size());
    }
    const h5::Dataset outcome = code_coordinate(g, layout("grid", "outcome"), model::outcome_table());
    const h5::Dataset metric = code_coordinate(g, layout("grid", "metric"), model::metric_table());
    const h5::Dataset horizon = coordinate(g, layout("grid", "horizon"), h.horizons, "days");
    auto make = [&](std::string_view name, std::vector<hsize_t> rest, std::vector<const h5::Dataset*> tail) {
      std::vector<hsize_t> dims = shape, chunk(D, 1);
      dims.insert(dims.end(), rest.begin(), rest.end());
      chunk.insert(chunk.end(), rest.begin(), rest.end());
      h5::DatasetOptions<double> o;
      o.chunk = chunk;
      h5::Dataset d = create<double>(g, layout("grid", name), dims, {}, o);
      d.set_attr_string("dimensions", grid_dims(tail.size() == 2 ? "outcome, horizon" : "metric"));
      unsigned k = 0;
      for (const auto& lv : g_levels) d.attach_scale(lv, k++);
      for (const auto* t : tail) d.attach_scale(*t, k++);
      return d;
    };
    g_prob = make("outcome_probability", {O, H}, {&outcome, &horizon});
    g_lower = make("outcome_lower", {O, H}, {&outcome, &horizon});
    g_upper = make("outcome_upper", {O, H}, {&outcome, &horizon});
    g_mean = make("metric_mean", {M}, {&metric});
    g_se = make("metric_se", {M}, {&metric});
  }

  std::string grid_dims(const std::string& tail) const {
    std::string s;
    for (const auto& n : h.factor_names) s += n + ", ";
    return s + tail;
  }

  // The grid index of a point: the mixed-radix digits of its number.
  std::vector<hsize_t> grid_offset(std::size_t p) const {
    std::vector<hsize_t> off(D);
    for (std::size_t i = D; i-- > 0;) {
      const std::size_t k = h.design->factors[i].levels.size();
      off[i] = p % k;
      p /= k;
    }
    return off;
  }

  void write_grid(std::size_t p, const std::vector<double>& pr, const std::vector<double>& lo,
                  const std::vector<double>& hi, const mc::PointSummary& s) const {
    std::vector<hsize_t> off = grid_offset(p), cnt(D, 1);
    off.insert(off.end(), {0, 0});
    cnt.insert(cnt.end(), {O, H});
    g_prob.write_block(off, cnt, pr);
    g_lower.write_block(off, cnt, lo);
    g_upper.write_block(off, cnt, hi);
    off.pop_back();
    cnt.pop_back();
    cnt.back() = M;
    g_mean.write_block(off, cnt, s.metric_mean);
    g_se.write_block(off, cnt, s.metric_se);
  }

  // "point P: message" for the first points with a failed run: an HDF5
  // attribute is best kept under 64 KiB, so at most 200 of 200 characters.
  static constexpr std::size_t kKeptErrors = 200, kErrorChars = 200;
  std::vector<std::string> errors;
  std::size_t failed_points = 0;

  void write_point(std::size_t p, const mc::PointRuns& r, const std::string& error, const mc::PointSummary& s) {
    runs.write_point(p, r);
    if (!error.empty() && failed_points++ < kKeptErrors) {
      std::string e = "point " + std::to_string(p) + ": " + error;
      if (e.size() > kErrorChars) {
        std::size_t n = kErrorChars - 3;
        while (n > 0 && (static_cast<unsigned char>(e[n]) & 0xC0) == 0x80) --n;  // whole UTF-8 characters
        e = e.substr(0, n) + "...";
      }
      errors.push_back(std::move(e));
    }
    succeeded.write_block({p}, {1}, std::vector<std::int64_t>{s.succeeded});
    failed.write_block({p}, {1}, std::vector<std::int64_t>{s.failed});
    std::vector<double> pr(O * H), lo(O * H), hi(O * H);
    for (std::size_t i = 0; i < O * H; ++i) {
      pr[i] = s.outcome[i].estimate;
      lo[i] = s.outcome[i].lower;
      hi[i] = s.outcome[i].upper;
    }
    prob.write_block({p, 0, 0}, {1, O, H}, pr);
    lower.write_block({p, 0, 0}, {1, O, H}, lo);
    upper.write_block({p, 0, 0}, {1, O, H}, hi);
    mmean.write_block({p, 0}, {1, M}, s.metric_mean);
    mse.write_block({p, 0}, {1, M}, s.metric_se);
    std::vector<double> q(Q * H);
    for (std::size_t v = 0; v < quantiles.size(); ++v) {
      std::copy_n(s.quantiles.begin() + static_cast<std::ptrdiff_t>(v * Q * H), Q * H, q.begin());
      quantiles[v].write_block({p, 0, 0}, {1, Q, H}, q);
    }
    if (grid) write_grid(p, pr, lo, hi, s);
  }

  void write_indices(const mc::SweepIndices& ix);
  void write_sobol(const mc::SweepIndices& ix);
  void write_morris(const mc::SweepIndices& ix);
};

namespace {

// The analysed outputs split into outcomes (with their horizons) and
// metrics, each a list of positions into SweepIndices::outputs.
struct OutputSplit {
  std::vector<int> outcomes, metrics;
  std::vector<std::size_t> outcome_rows;  // [outcome][horizon] -> output index
  std::vector<std::size_t> metric_rows;   // [metric] -> output index
};

OutputSplit split_outputs(const mc::SweepIndices& ix, std::size_t H) {
  OutputSplit s;
  for (std::size_t k = 0; k < ix.outputs.size(); ++k) {
    const auto& o = ix.outputs[k];
    if (o.kind == mc::SweepOutput::Kind::Metric) {
      s.metrics.push_back(o.code);
      s.metric_rows.push_back(k);
    } else {
      if (o.horizon == 0) s.outcomes.push_back(o.code);
      s.outcome_rows.push_back(k);
    }
  }
  if (s.outcome_rows.size() != s.outcomes.size() * H)
    throw std::logic_error("sweep indices: every analysed outcome needs every horizon, in order");
  return s;
}

}  // namespace

void SweepWriter::Impl::write_sobol(const mc::SweepIndices& ix) {
  const OutputSplit sp = split_outputs(ix, H);
  const h5::Group g = file.create_group("sobol");
  describe(g, "Sobol' indices with 95% bootstrap intervals (Saltelli design)", "");
  std::vector<std::int32_t> codes(D);
  std::iota(codes.begin(), codes.end(), 0);
  const h5::Dataset param = named_codes(g, layout("sobol", "parameter"), codes, h.factor_names);
  const bool second = h.design->saltelli->second_order;
  h5::Dataset param_b;
  if (second) param_b = named_codes(g, layout("sobol", "parameter_b"), codes, h.factor_names);
  const h5::Dataset outcome = subset_codes(g, layout("sobol", "outcome"), model::outcome_table(), sp.outcomes);
  const h5::Dataset metric = subset_codes(g, layout("sobol", "metric"), model::metric_table(), sp.metrics);
  const h5::Dataset horizon = coordinate(g, layout("sobol", "horizon"), h.horizons, "days");
  // One family (first, total, second) for outcomes or metrics.
  auto family = [&](const std::vector<std::size_t>& rows, std::string_view prefix, std::vector<hsize_t> lead,
                    std::vector<const h5::Dataset*> scales) {
    for (const char* index : {"first", "total"}) {
      for (const char* part : {"", "_lower", "_upper"}) {
        std::vector<double> v;
        for (const std::size_t k : rows)
          for (std::size_t i = 0; i < D; ++i) {
            const mc::Interval& x = std::string_view(index) == "first" ? ix.sobol[k].first[i] : ix.sobol[k].total[i];
            v.push_back(*part == 0 ? x.estimate : std::string_view(part) == "_lower" ? x.lower : x.upper);
          }
        std::vector<hsize_t> dims = lead;
        dims.push_back(D);
        const std::string row = std::string(prefix) + "{index}" + part;
        h5::Dataset d = create<double>(g, layout("sobol", row), dims, {"index", index, {}, {}});
        d.write(v);
        unsigned n = 0;
        for (const auto* s : scales) d.attach_scale(*s, n++);
        d.attach_scale(param, n);
      }
    }
    if (second) {
      for (const char* part : {"", "_lower", "_upper"}) {
        std::vector<double> v;
        for (const std::size_t k : rows)
          for (std::size_t i = 0; i < D; ++i)
            for (std::size_t j = 0; j < D; ++j) {
              if (i == j) {
                v.push_back(kNaN);
                continue;
              }
              const mc::Interval& x = ix.sobol[k].second_order(i, j);
              v.push_back(*part == 0 ? x.estimate : std::string_view(part) == "_lower" ? x.lower : x.upper);
            }
        std::vector<hsize_t> dims = lead;
        dims.insert(dims.end(), {D, D});
        h5::Dataset d = create<double>(g, layout("sobol", std::string(prefix) + "second" + part), dims);
        d.write(v);
        unsigned n = 0;
        for (const auto* s : scales) d.attach_scale(*s, n++);
        d.attach_scale(param, n++);
        d.attach_scale(param_b, n);
      }
    }
    std::vector<std::int64_t> used;
    for (const std::size_t k : rows) used.push_back(static_cast<std::int64_t>(ix.sobol[k].rows_used));
    h5::Dataset d = create<std::int64_t>(g, layout("sobol", std::string(prefix) + "rows_used"), lead);
    d.write(used);
    unsigned n = 0;
    for (const auto* s : scales) d.attach_scale(*s, n++);
  };
  family(sp.outcome_rows, "outcome_", {sp.outcomes.size(), H}, {&outcome, &horizon});
  family(sp.metric_rows, "metric_", {sp.metrics.size()}, {&metric});
}

void SweepWriter::Impl::write_morris(const mc::SweepIndices& ix) {
  const OutputSplit sp = split_outputs(ix, H);
  const h5::Group g = file.create_group("morris");
  describe(g, "Morris elementary-effect statistics, per whole range of each factor", "");
  g.set_attr_int64("trajectories", static_cast<std::int64_t>(h.design->morris->trajectories));
  g.set_attr_int64("levels", h.design->morris->levels);
  std::vector<std::int32_t> codes(D);
  std::iota(codes.begin(), codes.end(), 0);
  const h5::Dataset param = named_codes(g, layout("morris", "parameter"), codes, h.factor_names);
  const h5::Dataset outcome = subset_codes(g, layout("morris", "outcome"), model::outcome_table(), sp.outcomes);
  const h5::Dataset metric = subset_codes(g, layout("morris", "metric"), model::metric_table(), sp.metrics);
  const h5::Dataset horizon = coordinate(g, layout("morris", "horizon"), h.horizons, "days");
  auto family = [&](const std::vector<std::size_t>& rows, std::string_view prefix, std::vector<hsize_t> lead,
                    std::vector<const h5::Dataset*> scales) {
    for (const char* stat : {"mu", "mu_star", "mu_star_lower", "mu_star_upper", "sigma"}) {
      std::vector<double> v;
      const std::string_view st(stat);
      for (const std::size_t k : rows)
        for (std::size_t i = 0; i < D; ++i) {
          const auto& m = ix.morris[k];
          v.push_back(st == "mu"              ? m.mu[i]
                      : st == "mu_star"       ? m.mu_star[i]
                      : st == "mu_star_lower" ? m.mu_star_interval[i].lower
                      : st == "mu_star_upper" ? m.mu_star_interval[i].upper
                                              : m.sigma[i]);
        }
      std::vector<hsize_t> dims = lead;
      dims.push_back(D);
      h5::Dataset d =
          create<double>(g, layout("morris", std::string(prefix) + "{statistic}"), dims, {"statistic", stat, {}, {}});
      d.write(v);
      unsigned n = 0;
      for (const auto* s : scales) d.attach_scale(*s, n++);
      d.attach_scale(param, n);
    }
  };
  family(sp.outcome_rows, "outcome_", {sp.outcomes.size(), H}, {&outcome, &horizon});
  family(sp.metric_rows, "metric_", {sp.metrics.size()}, {&metric});
}

void SweepWriter::Impl::write_indices(const mc::SweepIndices& ix) {
  if (h.design->saltelli) write_sobol(ix);
  if (h.design->morris) write_morris(ix);
}

SweepWriter::SweepWriter(const h5::File& file, const SweepHeader& header)
    : impl_(std::make_unique<Impl>(file, header)) {}
SweepWriter::~SweepWriter() = default;

void SweepWriter::write_point(std::size_t point, const mc::PointRuns& runs, const std::string& error,
                              const mc::PointSummary& summary) {
  impl_->write_point(point, runs, error, summary);
}

void SweepWriter::write_indices(const mc::SweepIndices& indices) { impl_->write_indices(indices); }

void SweepWriter::finish() {
  const h5::Group runs = impl_->file.open_group("runs");
  runs.set_attr_int64("failed_points", static_cast<std::int64_t>(impl_->failed_points));
  if (!impl_->errors.empty()) runs.set_attr_strings("errors", impl_->errors);
}

}  // namespace simrun::output
