#include "output/results_reader.h"

#include <spdlog/fmt/fmt.h>
#include <numeric>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "model/actions.h"
#include "model/metrics.h"
#include "model/outcomes.h"
#include "output/h5.h"
#include "output/results_layout.h"
#include "util/diagnostics.h"

namespace simrun::output {

SummaryTable read_summary_unchecked(const std::string& path);
std::string describe_results_unchecked(const std::string& path, bool csv);

namespace {

InputError refuse(const std::string& path, const std::string& why) {
  Diagnostic d;
  d.file = path;
  d.message = why;
  return InputError(d);
}

std::vector<std::string> split_words(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::string interval(double p, double lo, double hi) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3f [%.3f, %.3f]", p, lo, hi);
  return buf;
}

}  // namespace

namespace {

// What a path is when it is not a regular file, or "" when it is one.
std::string not_regular(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto st = fs::status(path, ec);  // follows symbolic links
  if (ec || st.type() == fs::file_type::not_found) return "no such file";
  switch (st.type()) {
    case fs::file_type::regular:
      return "";
    case fs::file_type::directory:
      return "not a regular file (a directory)";
    case fs::file_type::fifo:
      return "not a regular file (a FIFO)";
    case fs::file_type::socket:
      return "not a regular file (a socket)";
    case fs::file_type::block:
    case fs::file_type::character:
      return "not a regular file (a device)";
    default:
      return "not a regular file";
  }
}

// Whether the file starts with the HDF5 signature (at offset 0, or after a
// user block of 512, 1024, 2048, ... bytes).
bool has_hdf5_signature(const std::string& path) {
  static constexpr char kSignature[8] = {'\x89', 'H', 'D', 'F', '\r', '\n', '\x1a', '\n'};
  std::ifstream in(path, std::ios::binary);
  for (std::streamoff at = 0; in; at = at == 0 ? 512 : at * 2) {
    char head[8] = {};
    in.seekg(at);
    if (!in.read(head, sizeof head)) return false;
    if (std::equal(head, head + 8, kSignature)) return true;
    if (at > (std::streamoff{1} << 30)) return false;
  }
  return false;
}

// Opens a complete simrun file of a known format version; returns its type.
// Only regular files are opened, so a FIFO or device never blocks the reader.
h5::File open_checked(const std::string& path, std::string& type) {
  if (const std::string why = not_regular(path); !why.empty()) throw refuse(path, why);
  if (!has_hdf5_signature(path)) throw refuse(path, "not an HDF5 file");
  h5::File f;
  try {
    f = h5::File::open_read(path);
  } catch (const h5::Error&) {
    throw refuse(path,
                 "an HDF5 file that cannot be opened: another process may be writing it (HDF5 locks files "
                 "being written), or it is damaged or unreadable");
  }
  type = f.has_attr("file_type") ? f.attr_string("file_type") : "";
  if (type != kFileTypeResults && type != kFileTypeComparison && type != kFileTypeSweep)
    throw refuse(path,
                 "not a simrun results file (its root has no file_type \"" + std::string(kFileTypeResults) + "\")");
  const std::string version = f.has_attr("format_version") ? f.attr_string("format_version") : "";
  if (version.empty() || std::atoi(version.c_str()) != kFormatMajor)
    throw refuse(path, "results format version \"" + version + "\" is not supported by this simrun (it reads " +
                           std::to_string(kFormatMajor) + ".x)");
  if (!f.has_attr("complete") || f.attr_int64("complete") != 1)
    throw refuse(path, "the results file is incomplete (the run that wrote it did not finish)");
  return f;
}

std::string shape_text(const std::vector<hsize_t>& dims) {
  std::string s = "[";
  for (std::size_t i = 0; i < dims.size(); ++i) s += (i ? ", " : "") + std::to_string(dims[i]);
  return s + "]";
}

// Reads datasets of the declared layout from one group of a file, checking
// each one's shape against the sizes of its dimensions before use, so that a
// damaged file is refused with a message instead of read out of bounds.
struct CheckedGroup {
  const std::string& path;
  std::string layout_group;  // "summary" or "differences"
  std::string group_path;
  h5::Group group;
  std::map<std::string, hsize_t> sizes;  // dimension name -> length, from the coordinates

  InputError damaged(const std::string& what) const {
    return refuse(path, "damaged results file: /" + group_path + "/" + what);
  }

  // A coordinate: 1-D and not empty; records its length.
  std::vector<double> coordinate(std::string_view name) {
    const h5::Dataset d = open(name);
    const auto dims = d.dims();
    if (dims.size() != 1 || dims[0] == 0)
      throw damaged(std::string(name) + " has shape " + shape_text(dims) + ", expected a non-empty 1-D coordinate");
    sizes[std::string(name)] = dims[0];
    return d.read<double>();
  }

  // The names of a code coordinate's rows (flag_meanings), one per row.
  std::vector<std::string> code_names(std::string_view name) {
    coordinate(name);
    const h5::Dataset d = open(name);
    if (!d.has_attr("flag_meanings")) throw damaged(std::string(name) + " has no flag_meanings");
    auto names = split_words(d.attr_string("flag_meanings"));
    if (names.size() != sizes[std::string(name)])
      throw damaged(std::string(name) + " has " + std::to_string(sizes[std::string(name)]) + " codes but " +
                    std::to_string(names.size()) + " names in flag_meanings");
    return names;
  }

  std::vector<double> table(std::string_view name) {
    const DatasetDef& def = layout(layout_group, name);
    std::vector<hsize_t> expected;
    for (const auto& dim : split_words(std::string(def.dims))) {
      const std::string d = dim.back() == ',' ? dim.substr(0, dim.size() - 1) : dim;
      expected.push_back(sizes.at(d));
    }
    const h5::Dataset ds = open(name);
    if (ds.dims() != expected)
      throw damaged(std::string(name) + " has shape " + shape_text(ds.dims()) + ", expected " + shape_text(expected) +
                    " [" + std::string(def.dims) + "]");
    return ds.read<double>();
  }

  h5::Dataset open(std::string_view name) const {
    if (!group.has(name)) throw damaged(std::string(name) + " is missing");
    return group.open_dataset(name);
  }
};

CheckedGroup checked(const h5::File& f, const std::string& path, const std::string& group_path,
                     std::string layout_group) {
  if (!f.has(group_path)) throw refuse(path, "damaged results file: group /" + group_path + " is missing");
  return CheckedGroup{path, std::move(layout_group), group_path, f.open_group(group_path), {}};
}

// Splits an [outcome, horizon] table into one row per outcome.
std::vector<std::vector<double>> rows_of(const std::vector<double>& v, std::size_t width) {
  std::vector<std::vector<double>> rows;
  for (std::size_t i = 0; i + width <= v.size(); i += width)
    rows.emplace_back(v.begin() + static_cast<std::ptrdiff_t>(i), v.begin() + static_cast<std::ptrdiff_t>(i + width));
  return rows;
}

// The summary of one scenario: the root of a results file (prefix ""), or
// group "a"/"b" of a comparison (attribute prefix "a_"/"b_").
SummaryTable read_group(const h5::File& f, const std::string& path, const std::string& group,
                        const std::string& attr_prefix) {
  SummaryTable t;
  t.file = path;
  t.scenario_name = f.attr_string(attr_prefix + "scenario_name");
  t.description = f.attr_string(attr_prefix + "scenario_description");
  t.start_date = f.attr_string(attr_prefix + "start_date");
  t.simrun_version = f.attr_string("simrun_version");
  t.runs = f.attr_int64("runs");
  t.seed = f.attr_int64("seed");
  t.threads = f.attr_int64("threads");
  if (f.has_attr(attr_prefix + "scenario_sets")) t.sets = f.attr_strings(attr_prefix + "scenario_sets");
  CheckedGroup s = checked(f, path, group.empty() ? "summary" : group + "/summary", "summary");
  t.horizons = s.coordinate("horizon");
  t.outcomes = s.code_names("outcome");
  const std::size_t H = t.horizons.size();
  t.p = rows_of(s.table("outcome_probability"), H);
  t.lo = rows_of(s.table("outcome_lower"), H);
  t.hi = rows_of(s.table("outcome_upper"), H);
  t.metrics = s.code_names("metric");
  t.metric_mean = s.table("metric_mean");
  t.metric_lo = s.table("metric_lower");
  t.metric_hi = s.table("metric_upper");
  return t;
}

}  // namespace

// Runs `read` and turns a failure of the HDF5 library inside a file that
// opened as simrun results (a missing attribute, an unreadable dataset) into
// the refusal of a damaged file.
template <class Read>
auto refusing_damage(const std::string& path, Read read) {
  try {
    return read();
  } catch (const h5::Error& e) {
    throw refuse(path, std::string("damaged results file: ") + e.what());
  }
}

SummaryTable read_summary(const std::string& path) {
  return refusing_damage(path, [&] { return read_summary_unchecked(path); });
}

SummaryTable read_summary_unchecked(const std::string& path) {
  std::string type;
  const h5::File f = open_checked(path, type);
  if (type != kFileTypeResults)
    throw refuse(path, "a comparison file holds two scenarios; use describe_results (simrun summary) to read it");
  return read_group(f, path, "", "");
}

std::vector<std::string> scenario_changes(const std::vector<std::string>& sets) {
  std::vector<std::string> out;
  for (const auto& s : sets) {
    bool storage = false;
    for (const char* p : {"run.runs=", "run.seed=", "run.trajectories=", "run.event_log="})
      storage |= s.rfind(p, 0) == 0;
    if (!storage) out.push_back(s);
  }
  return out;
}

std::string with_sets(const std::vector<std::string>& sets) {
  std::string out;
  for (const auto& s : scenario_changes(sets)) out += (out.empty() ? " with --set " : ", --set ") + s;
  return out;
}

namespace {

// A metric's name with its unit, as the model's metric table gives it.
std::string metric_label(const std::string& name) {
  for (const auto& m : model::metric_table())
    if (m.name == name) return name + " (" + std::string(m.units) + ")";
  return name;
}

const char* kOutcomeNote =
    "P(reached by day N): the share of runs that reached the outcome by day N; 95% intervals.\n"
    "Outcomes and metrics are defined in docs/model.md (sections 6.20 and 6.21).\n";

}  // namespace

std::string format_summary(const SummaryTable& t) {
  std::ostringstream out;
  out << t.scenario_name << with_sets(t.sets) << ": " << t.runs << " runs from " << t.start_date << ", seed " << t.seed
      << "\n";
  // The last horizon and one intermediate one keep the table narrow.
  std::vector<std::size_t> cols;
  if (t.horizons.size() > 2) cols.push_back(t.horizons.size() >= 4 ? 2 : 1);
  cols.push_back(t.horizons.size() - 1);
  out << fmt::format("{:<22}", "outcome");
  for (auto c : cols) out << fmt::format("  {:<24}", fmt::format("P(reached by day {:g})", t.horizons[c]));
  out << "\n";
  for (std::size_t o = 0; o < t.outcomes.size(); ++o) {
    out << fmt::format("{:<22}", t.outcomes[o]);
    for (auto c : cols) out << fmt::format("  {:<24}", interval(t.p[o][c], t.lo[o][c], t.hi[o][c]));
    out << "\n";
  }
  out << fmt::format("{:<26}  {}\n", "metric (units)", "mean per run [95% CI]");
  for (std::size_t m = 0; m < t.metrics.size(); ++m)
    out << fmt::format("{:<26}  {:.2f} [{:.2f}, {:.2f}]\n", metric_label(t.metrics[m]), t.metric_mean[m],
                       t.metric_lo[m], t.metric_hi[m]);
  out << kOutcomeNote;
  return out.str();
}

std::string format_summary_csv(const SummaryTable& t) {
  std::ostringstream out;
  out << "scenario,kind,name,horizon_days,estimate,lower,upper\n";
  char buf[256];
  for (std::size_t o = 0; o < t.outcomes.size(); ++o)
    for (std::size_t h = 0; h < t.horizons.size(); ++h) {
      std::snprintf(buf, sizeof buf, "%s,outcome,%s,%g,%.6g,%.6g,%.6g\n", t.scenario_name.c_str(),
                    t.outcomes[o].c_str(), t.horizons[h], t.p[o][h], t.lo[o][h], t.hi[o][h]);
      out << buf;
    }
  for (std::size_t m = 0; m < t.metrics.size(); ++m) {
    std::snprintf(buf, sizeof buf, "%s,metric,%s,%g,%.6g,%.6g,%.6g\n", t.scenario_name.c_str(), t.metrics[m].c_str(),
                  t.horizons.back(), t.metric_mean[m], t.metric_lo[m], t.metric_hi[m]);
    out << buf;
  }
  return out.str();
}

}  // namespace simrun::output

namespace simrun::output {

std::string describe_results(const std::string& path, bool csv) {
  return refusing_damage(path, [&] { return describe_results_unchecked(path, csv); });
}

namespace {

// A sweep file's tables as read: the design, per-point summaries, indices.
struct SweepTables {
  std::vector<std::string> factors;
  std::vector<double> values;  // [point][factor]
  std::size_t points = 0;
  std::vector<double> horizons;
  std::vector<std::string> outcomes, metrics;
  std::vector<double> prob, lower, upper;  // [point][outcome][horizon]
  std::vector<double> mean, se;            // [point][metric]
  std::vector<double> succeeded, failed;   // [point]
  // Indices: per family, the analysed names and [name][horizon?][factor] tables.
  std::string index_kind;  // "", "sobol" or "morris"
  std::vector<std::string> index_outcomes, index_metrics;
  std::map<std::string, std::vector<double>> index;
};

void read_indices(const h5::File& f, const std::string& path, SweepTables& t) {
  t.index_kind = f.has("sobol") ? "sobol" : f.has("morris") ? "morris" : "";
  if (t.index_kind.empty()) return;
  CheckedGroup g = checked(f, path, t.index_kind, t.index_kind);
  g.code_names("parameter");
  g.coordinate("horizon");
  t.index_outcomes = g.code_names("outcome");
  t.index_metrics = g.code_names("metric");
  const std::vector<std::string> stats =
      t.index_kind == "sobol"
          ? std::vector<std::string>{"first", "first_lower", "first_upper", "total", "total_lower", "total_upper"}
          : std::vector<std::string>{"mu", "mu_star", "mu_star_lower", "mu_star_upper", "sigma"};
  for (const auto& st : stats)
    for (const char* family : {"outcome_", "metric_"}) {
      const std::string name = family + st;
      const bool outcome = std::string(family) == "outcome_";
      std::vector<hsize_t> expected = {g.sizes.at(outcome ? "outcome" : "metric")};
      if (outcome) expected.push_back(g.sizes.at("horizon"));
      expected.push_back(g.sizes.at("parameter"));
      const h5::Dataset d = g.open(name);
      if (d.dims() != expected)
        throw g.damaged(name + " has shape " + shape_text(d.dims()) + ", expected " + shape_text(expected));
      t.index[name] = d.read<double>();
    }
}

SweepTables read_sweep(const h5::File& f, const std::string& path) {
  SweepTables t;
  CheckedGroup d = checked(f, path, "design", "design");
  t.points = d.coordinate("point").size();
  t.factors = d.code_names("parameter");
  t.values = d.table("values");
  CheckedGroup p = checked(f, path, "points", "points");
  p.coordinate("point");
  p.coordinate("quantile");
  t.horizons = p.coordinate("horizon");
  t.outcomes = p.code_names("outcome");
  t.metrics = p.code_names("metric");
  if (p.sizes.at("point") != t.points) throw p.damaged("point does not match the design's points");
  t.prob = p.table("outcome_probability");
  t.lower = p.table("outcome_lower");
  t.upper = p.table("outcome_upper");
  t.mean = p.table("metric_mean");
  t.se = p.table("metric_se");
  t.succeeded = p.table("succeeded");
  t.failed = p.table("failed");
  read_indices(f, path, t);
  return t;
}

std::string sweep_csv(const SweepTables& t) {
  std::ostringstream out;
  const std::size_t D = t.factors.size(), H = t.horizons.size(), O = t.outcomes.size(), M = t.metrics.size();
  out << "table,point,parameter";
  for (const auto& f : t.factors) out << "," << f;
  out << ",quantity,horizon_days,estimate,lower,upper\n";
  auto point_prefix = [&](const char* table, std::size_t p) {
    out << table << "," << p << ",";
    for (std::size_t i = 0; i < D; ++i) out << "," << fmt::format("{}", t.values[p * D + i]);
  };
  for (std::size_t p = 0; p < t.points; ++p) {
    for (std::size_t o = 0; o < O; ++o)
      for (std::size_t h = 0; h < H; ++h) {
        const std::size_t i = (p * O + o) * H + h;
        point_prefix("outcome", p);
        out << fmt::format(",{},{},{:.6g},{:.6g},{:.6g}\n", t.outcomes[o], t.horizons[h], t.prob[i], t.lower[i],
                           t.upper[i]);
      }
    for (std::size_t m = 0; m < M; ++m) {
      const double mu = t.mean[p * M + m], se = t.se[p * M + m];
      point_prefix("metric", p);
      out << fmt::format(",{},{},{:.6g},{:.6g},{:.6g}\n", t.metrics[m], t.horizons.back(), mu,
                         mu - 1.959963984540054 * se, mu + 1.959963984540054 * se);
    }
  }
  auto index_rows = [&](const std::string& table, const std::string& est, const std::string& lo,
                        const std::string& hi) {
    for (const char* family : {"outcome_", "metric_"}) {
      const bool is_outcome = std::string(family) == "outcome_";
      const auto& names = is_outcome ? t.index_outcomes : t.index_metrics;
      const std::size_t HH = is_outcome ? H : 1;
      const auto& e = t.index.at(family + est);
      for (std::size_t n = 0; n < names.size(); ++n)
        for (std::size_t h = 0; h < HH; ++h)
          for (std::size_t i = 0; i < D; ++i) {
            const std::size_t k = (n * HH + h) * D + i;
            out << table << ",," << t.factors[i] << std::string(D, ',') << "," << names[n] << ","
                << (is_outcome ? t.horizons[h] : t.horizons.back()) << fmt::format(",{:.6g}", e[k]);
            out << (lo.empty() ? std::string(",,")
                               : fmt::format(",{:.6g},{:.6g}", t.index.at(family + lo)[k], t.index.at(family + hi)[k]))
                << "\n";
          }
    }
  };
  if (t.index_kind == "sobol") {
    index_rows("sobol_first", "first", "first_lower", "first_upper");
    index_rows("sobol_total", "total", "total_lower", "total_upper");
  } else if (t.index_kind == "morris") {
    index_rows("morris_mu_star", "mu_star", "mu_star_lower", "mu_star_upper");
    index_rows("morris_mu", "mu", "", "");
    index_rows("morris_sigma", "sigma", "", "");
  }
  return out.str();
}

// The indices of one analysed output at the last horizon, factors sorted by
// the main statistic (total index, or mu*), largest first.
void sweep_index_table(std::ostringstream& out, const SweepTables& t, const std::string& family, std::size_t n,
                       const std::string& name) {
  const std::size_t D = t.factors.size(), H = family == "outcome_" ? t.horizons.size() : 1;
  const std::size_t base = (n * H + H - 1) * D;
  const bool sobol = t.index_kind == "sobol";
  const auto& key = t.index.at(family + (sobol ? "total" : "mu_star"));
  std::vector<std::size_t> order(D);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return std::isnan(key[base + b]) ? !std::isnan(key[base + a]) : key[base + a] > key[base + b];
  });
  out << "  " << name << (family == "outcome_" ? fmt::format(" by day {:g}", t.horizons.back()) : "") << "\n";
  std::size_t width = 0;
  for (const auto& f : t.factors) width = std::max(width, f.size());
  for (const std::size_t i : order) {
    const std::size_t k = base + i;
    auto at = [&](const char* s) { return t.index.at(family + s)[k]; };
    out << (sobol
                ? fmt::format("    {:<{}} S1 {:6.3f} [{:6.3f}, {:6.3f}]   ST {:6.3f} [{:6.3f}, {:6.3f}]\n",
                              t.factors[i], width, at("first"), at("first_lower"), at("first_upper"), at("total"),
                              at("total_lower"), at("total_upper"))
                : fmt::format("    {:<{}} mu* {:8.4g} [{:8.4g}, {:8.4g}]   mu {:8.4g}   sigma {:8.4g}\n", t.factors[i],
                              width, at("mu_star"), at("mu_star_lower"), at("mu_star_upper"), at("mu"), at("sigma")));
  }
}

std::string sweep_text(const h5::File& f, const SweepTables& t) {
  std::ostringstream out;
  const std::size_t D = t.factors.size(), H = t.horizons.size(), O = t.outcomes.size();
  double ok = 0, failed = 0;
  for (std::size_t p = 0; p < t.points; ++p) {
    ok += t.succeeded[p];
    failed += t.failed[p];
  }
  out << "sweep " << f.attr_string("sweep_name") << ": " << f.attr_string("design") << " design, " << t.points
      << " points x " << f.attr_int64("replications") << " replications of " << f.attr_string("scenario_name")
      << ", seed " << f.attr_int64("seed") << "; " << fmt::format("{:.0f} runs succeeded, {:.0f} failed\n", ok, failed);
  out << "probability of each outcome by day " << fmt::format("{:g}", t.horizons.back())
      << " per point (failed runs left out; --csv gives every horizon with 95% intervals)\n";
  out << fmt::format("{:>6}", "point");
  for (const auto& n : t.factors) out << fmt::format(" {:>12.12}", n);
  for (const auto& n : t.outcomes) out << fmt::format(" {:>9.9}", n);
  out << "\n";
  constexpr std::size_t kShown = 40;
  for (std::size_t p = 0; p < std::min(t.points, kShown); ++p) {
    out << fmt::format("{:>6}", p);
    for (std::size_t i = 0; i < D; ++i) out << fmt::format(" {:>12.6g}", t.values[p * D + i]);
    for (std::size_t o = 0; o < O; ++o) out << fmt::format(" {:>9.3f}", t.prob[(p * O + o) * H + H - 1]);
    out << "\n";
  }
  if (t.points > kShown) out << "(" << t.points - kShown << " more points: simrun summary --csv lists them all)\n";
  if (t.index_kind.empty()) return out.str();
  out << (t.index_kind == "sobol" ? "Sobol' indices, first-order (S1) and total (ST), 95% bootstrap intervals:\n"
                                  : "Morris elementary effects per whole range of each factor, mu* with its 95% "
                                    "bootstrap interval:\n");
  for (std::size_t n = 0; n < t.index_outcomes.size(); ++n)
    sweep_index_table(out, t, "outcome_", n, t.index_outcomes[n]);
  for (std::size_t n = 0; n < t.index_metrics.size(); ++n) sweep_index_table(out, t, "metric_", n, t.index_metrics[n]);
  return out.str();
}

}  // namespace

std::string describe_results_unchecked(const std::string& path, bool csv) {
  std::string type;
  const h5::File f = open_checked(path, type);
  if (type == kFileTypeSweep) {
    const SweepTables t = read_sweep(f, path);
    return csv ? sweep_csv(t) : sweep_text(f, t);
  }
  if (type == kFileTypeResults) {
    const auto t = read_group(f, path, "", "");
    return csv ? format_summary_csv(t) : format_summary(t);
  }
  const auto a = read_group(f, path, "a", "a_");
  const auto b = read_group(f, path, "b", "b_");
  CheckedGroup d = checked(f, path, "differences", "differences");
  const auto horizons = d.coordinate("horizon");
  const auto outcomes = d.code_names("outcome");
  const auto metrics = d.code_names("metric");
  const auto pa = d.table("probability_a"), pb = d.table("probability_b");
  const auto dd = d.table("difference"), dl = d.table("difference_lower"), du = d.table("difference_upper");
  const auto ma = d.table("metric_mean_a"), mb = d.table("metric_mean_b");
  const auto md = d.table("metric_difference");
  const auto ml = d.table("metric_difference_lower"), mu = d.table("metric_difference_upper");
  const std::size_t H = horizons.size();
  std::ostringstream out;
  char buf[256];
  if (csv) {
    out << "comparison,kind,name,horizon_days,a,b,difference,lower,upper\n";
    for (std::size_t o = 0; o < outcomes.size(); ++o)
      for (std::size_t h = 0; h < H; ++h) {
        const std::size_t i = o * H + h;
        std::snprintf(buf, sizeof buf, "%s vs %s,outcome,%s,%g,%.6g,%.6g,%.6g,%.6g,%.6g\n", a.scenario_name.c_str(),
                      b.scenario_name.c_str(), outcomes[o].c_str(), horizons[h], pa[i], pb[i], dd[i], dl[i], du[i]);
        out << buf;
      }
    for (std::size_t m = 0; m < metrics.size(); ++m) {
      std::snprintf(buf, sizeof buf, "%s vs %s,metric,%s,%g,%.6g,%.6g,%.6g,%.6g,%.6g\n", a.scenario_name.c_str(),
                    b.scenario_name.c_str(), metrics[m].c_str(), horizons.back(), ma[m], mb[m], md[m], ml[m], mu[m]);
      out << buf;
    }
    return out.str();
  }
  out << a.scenario_name << with_sets(a.sets) << " (A) vs " << b.scenario_name << with_sets(b.sets)
      << " (B): " << a.runs << " paired runs on common random numbers, seed " << a.seed
      << "; differences B - A with 95% intervals\n";
  out << fmt::format("{:<30} {:<7} {:<7} {}\n", fmt::format("P(reached by day {:g})", horizons.back()), "A", "B",
                     "B - A [95% CI]");
  for (std::size_t o = 0; o < outcomes.size(); ++o) {
    const std::size_t i = o * H + H - 1;
    // No run of either reached it: the difference is not known to be zero,
    // only unobserved, so no interval is claimed.
    const std::string diff = pa[i] == 0 && pb[i] == 0 ? "n/a (reached in no run of A or B)"
                                                      : fmt::format("{:+.3f} [{:+.3f}, {:+.3f}]", dd[i], dl[i], du[i]);
    out << fmt::format("{:<30} {:<7.3f} {:<7.3f} {}\n", outcomes[o], pa[i], pb[i], diff);
  }
  out << fmt::format("{:<30} {:<7} {:<7} {}\n", "metric (units), mean per run", "A", "B", "B - A [95% CI]");
  for (std::size_t m = 0; m < metrics.size(); ++m)
    out << fmt::format("{:<30} {:<7.2f} {:<7.2f} {:+.2f} [{:+.2f}, {:+.2f}]\n", metric_label(metrics[m]), ma[m], mb[m],
                       md[m], ml[m], mu[m]);
  out << kOutcomeNote;
  return out.str();
}

}  // namespace simrun::output

namespace simrun::output {

namespace {

// A value of a per-run column as CSV: empty for NaN (an outcome not
// reached, a failed run), shortest round-trip text otherwise.
std::string csv_value(double v) { return std::isnan(v) ? "" : fmt::format("{}", v); }

// One value per run of the dataset `name` of `g`, checked to be [runs].
std::vector<double> per_run(CheckedGroup& g, const std::string& name, hsize_t runs) {
  const h5::Dataset d = g.open(name);
  if (d.dims() != std::vector<hsize_t>{runs})
    throw g.damaged(name + " has shape " + shape_text(d.dims()) + ", expected [" + std::to_string(runs) + "]");
  return d.read<double>();
}

StoredRuns read_stored_runs_unchecked(const std::string& path) {
  std::string type;
  const h5::File f = open_checked(path, type);
  if (type == kFileTypeComparison)
    throw refuse(path,
                 "a comparison file (simrun comparison): its runs are those of the two results files or "
                 "scenarios it compared; compare those instead");
  if (type == kFileTypeSweep)
    throw refuse(path,
                 "a sweep file (simrun sweep) holds many scenarios' runs, not one scenario's; compare and "
                 "reuse results files of simrun runs");
  StoredRuns r;
  r.file = path;
  r.name = f.attr_string("scenario_name");
  r.description = f.attr_string("scenario_description");
  r.scenario_file = f.attr_string("scenario_file");
  r.scenario_json = f.attr_string("scenario");
  r.start_date = f.attr_string("start_date");
  r.chain = f.attr_strings("scenario_chain");
  r.sets = f.attr_strings("scenario_sets");
  r.seed = f.attr_int64("seed");
  r.runs = f.attr_int64("runs");
  if (!f.has("outcomes")) throw refuse(path, "the file has no per-run outcomes (group /outcomes)");
  CheckedGroup o = checked(f, path, "outcomes", "outcomes");
  const auto runs = static_cast<hsize_t>(o.coordinate("realization").size());
  if (static_cast<long long>(runs) != r.runs)
    throw o.damaged("realization has " + std::to_string(runs) + " runs, the root attribute runs says " +
                    std::to_string(r.runs));
  for (const auto& def : model::outcome_table()) r.first_passage.push_back(per_run(o, std::string(def.name), runs));
  for (const auto& def : model::metric_table()) r.metrics.push_back(per_run(o, std::string(def.name), runs));
  if (f.has("parameters")) {
    CheckedGroup p = checked(f, path, "parameters", "parameters");
    for (const auto& name : p.group.member_names()) {
      if (name == "realization") continue;
      r.parameter_names.push_back(name);
      r.parameters.push_back(per_run(p, name, runs));
    }
  }
  return r;
}

std::string results_csv(const StoredRuns& r) {
  std::string out = "run";
  for (const auto& n : r.parameter_names) out += fmt::format(",{}", n);
  for (const auto& def : model::outcome_table()) out += fmt::format(",{}_day", def.name);
  for (const auto& def : model::metric_table()) out += fmt::format(",{}", def.name);
  out += "\n";
  for (long long i = 0; i < r.runs; ++i) {
    const auto k = static_cast<std::size_t>(i);
    out += std::to_string(i);
    for (const auto* cols : {&r.parameters, &r.first_passage, &r.metrics})
      for (const auto& col : *cols) out.append(",").append(csv_value(col[k]));
    out += "\n";
  }
  return out;
}

// A [point, replication] dataset of a sweep file's runs group.
std::vector<double> per_point_run(CheckedGroup& g, const std::string& name) {
  const h5::Dataset d = g.open(name);
  const std::vector<hsize_t> expected = {g.sizes.at("point"), g.sizes.at("replication")};
  if (d.dims() != expected)
    throw g.damaged(name + " has shape " + shape_text(d.dims()) + ", expected " + shape_text(expected));
  return d.read<double>();
}

std::string sweep_runs_csv(const h5::File& f, const std::string& path) {
  CheckedGroup d = checked(f, path, "design", "design");
  const std::size_t points = d.coordinate("point").size();
  const auto factors = d.code_names("parameter");
  const auto values = d.table("values");
  CheckedGroup g = checked(f, path, "runs", "runs");
  g.coordinate("point");
  const std::size_t reps = g.coordinate("replication").size();
  if (g.sizes.at("point") != points) throw g.damaged("point does not match the design's points");
  const auto status = per_point_run(g, "status");
  std::vector<std::vector<double>> cols;
  std::string out = "point,replication,status";
  for (const auto& n : factors) out += fmt::format(",{}", n);
  for (const auto& def : model::outcome_table()) {
    out += fmt::format(",{}_day", def.name);
    cols.push_back(per_point_run(g, std::string(def.name)));
  }
  for (const auto& def : model::metric_table()) {
    out += fmt::format(",{}", def.name);
    cols.push_back(per_point_run(g, std::string(def.name)));
  }
  out += "\n";
  static const char* kStatus[] = {"pending", "succeeded", "failed"};
  for (std::size_t p = 0; p < points; ++p)
    for (std::size_t r = 0; r < reps; ++r) {
      const std::size_t i = p * reps + r;
      const int st = static_cast<int>(status[i]);
      out += fmt::format("{},{},{}", p, r, st >= 0 && st <= 2 ? kStatus[st] : "unknown");
      for (std::size_t k = 0; k < factors.size(); ++k)
        out.append(",").append(csv_value(values[p * factors.size() + k]));
      for (const auto& col : cols) out.append(",").append(csv_value(col[i]));
      out += "\n";
    }
  return out;
}

}  // namespace

StoredRuns read_stored_runs(const std::string& path) {
  return refusing_damage(path, [&] { return read_stored_runs_unchecked(path); });
}

namespace {

// A column of the event log, checked to have one entry per event.
template <class T>
std::vector<T> event_column(CheckedGroup& g, const std::string& name, hsize_t events) {
  const h5::Dataset d = g.open(name);
  if (d.dims() != std::vector<hsize_t>{events})
    throw g.damaged(name + " has shape " + shape_text(d.dims()) + ", expected [" + std::to_string(events) + "]");
  return d.read<T>();
}

// The file's action codes as this program's, by name (files written before
// an action was added or renamed keep their meaning).
std::vector<int> action_codes(CheckedGroup& g, const std::vector<std::int16_t>& codes) {
  const h5::Dataset d = g.open("action");
  if (!d.has_attr("flag_meanings")) throw g.damaged("action has no flag_meanings");
  const auto names = split_words(d.attr_string("flag_meanings"));
  std::vector<int> map;
  for (const auto& n : names) map.push_back(model::action_index(n).value_or(-1));
  std::vector<int> out(codes.size());
  for (std::size_t i = 0; i < codes.size(); ++i) {
    if (codes[i] < 0 || static_cast<std::size_t>(codes[i]) >= map.size())
      throw g.damaged("action holds the code " + std::to_string(codes[i]) + ", which flag_meanings does not name");
    out[i] = map[static_cast<std::size_t>(codes[i])];
  }
  return out;
}

StoredEvents read_event_log_unchecked(const std::string& path) {
  StoredEvents e;
  {
    const StoredRuns r = read_stored_runs_unchecked(path);
    e.file = path;
    e.scenario_name = r.name;
    e.start_date = r.start_date;
    e.runs = r.runs;
    e.seed = r.seed;
  }
  std::string type;
  const h5::File f = open_checked(path, type);
  if (!f.has("events"))
    throw refuse(path,
                 "the file holds no event log (it was made with --no-events or run.event_log false); "
                 "run the scenario again without --no-events to score it");
  e.last_day = checked(f, path, "summary", "summary").coordinate("time").back();
  CheckedGroup g = checked(f, path, "events", "events");
  const hsize_t n = g.open("run").dims().empty() ? 0 : g.open("run").dims()[0];
  e.run = event_column<std::int64_t>(g, "run", n);
  e.time = event_column<double>(g, "time", n);
  e.actor = event_column<std::int16_t>(g, "actor", n);
  e.target = event_column<std::int16_t>(g, "target", n);
  e.action = action_codes(g, event_column<std::int16_t>(g, "action", n));
  e.goldstein = event_column<float>(g, "goldstein", n);
  for (std::size_t i = 0; i < e.run.size(); ++i)
    if (e.run[i] < 0 || e.run[i] >= e.runs || (i > 0 && e.run[i] < e.run[i - 1]))
      throw g.damaged("run is not a run index in order at event " + std::to_string(i));
  return e;
}

}  // namespace

StoredEvents read_event_log(const std::string& path) {
  return refusing_damage(path, [&] { return read_event_log_unchecked(path); });
}

std::string per_run_csv(const std::string& path) {
  return refusing_damage(path, [&] {
    std::string type;
    {
      const h5::File f = open_checked(path, type);
      if (type == kFileTypeSweep) return sweep_runs_csv(f, path);
    }
    return results_csv(read_stored_runs_unchecked(path));
  });
}

std::string stored_scenario(const std::string& path) {
  return refusing_damage(path, [&] {
    std::string type;
    const h5::File f = open_checked(path, type);
    if (type == kFileTypeComparison)
      throw refuse(path,
                   "a comparison file holds two scenarios; its root attributes a_scenario and b_scenario "
                   "hold them (h5dump -a /a_scenario)");
    return f.attr_string("scenario");
  });
}

}  // namespace simrun::output
