#include "output/results_reader.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

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
  if (type != kFileTypeResults && type != kFileTypeComparison)
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

std::string format_summary(const SummaryTable& t) {
  std::ostringstream out;
  out << t.scenario_name << ": " << t.runs << " runs from " << t.start_date << ", seed " << t.seed << "\n";
  // The last horizon and one intermediate one keep the table narrow.
  std::vector<std::size_t> cols;
  if (t.horizons.size() > 2) cols.push_back(t.horizons.size() >= 4 ? 2 : 1);
  cols.push_back(t.horizons.size() - 1);
  char buf[256];
  std::snprintf(buf, sizeof buf, "%-22s", "outcome (probability)");
  out << buf;
  for (auto c : cols) {
    std::snprintf(buf, sizeof buf, "  %-24s", ("by day " + std::to_string(static_cast<long>(t.horizons[c]))).c_str());
    out << buf;
  }
  out << "\n";
  for (std::size_t o = 0; o < t.outcomes.size(); ++o) {
    std::snprintf(buf, sizeof buf, "%-22s", t.outcomes[o].c_str());
    out << buf;
    for (auto c : cols) {
      std::snprintf(buf, sizeof buf, "  %-24s", interval(t.p[o][c], t.lo[o][c], t.hi[o][c]).c_str());
      out << buf;
    }
    out << "\n";
  }
  std::snprintf(buf, sizeof buf, "%-22s  %s\n", "metric (mean per run)", "mean [95% CI]");
  out << buf;
  for (std::size_t m = 0; m < t.metrics.size(); ++m) {
    std::snprintf(buf, sizeof buf, "%-22s  %.2f [%.2f, %.2f]\n", t.metrics[m].c_str(), t.metric_mean[m], t.metric_lo[m],
                  t.metric_hi[m]);
    out << buf;
  }
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

std::string describe_results_unchecked(const std::string& path, bool csv) {
  std::string type;
  const h5::File f = open_checked(path, type);
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
  out << a.scenario_name << " (A) vs " << b.scenario_name << " (B): " << a.runs << " paired runs on common random "
      << "numbers, seed " << a.seed << "; differences B - A with 95% intervals\n";
  std::snprintf(buf, sizeof buf, "%-30s %-7s %-7s %s\n", "outcome by the horizon", "A", "B", "B - A [95% CI]");
  out << buf;
  for (std::size_t o = 0; o < outcomes.size(); ++o) {
    const std::size_t i = o * H + H - 1;
    std::snprintf(buf, sizeof buf, "%-30s %-7.3f %-7.3f %+.3f [%+.3f, %+.3f]\n",
                  (outcomes[o] + " by day " + std::to_string(static_cast<long>(horizons.back()))).c_str(), pa[i], pb[i],
                  dd[i], dl[i], du[i]);
    out << buf;
  }
  std::snprintf(buf, sizeof buf, "%-30s %-7s %-7s %s\n", "metric (mean per run)", "A", "B", "B - A [95% CI]");
  out << buf;
  for (std::size_t m = 0; m < metrics.size(); ++m) {
    std::snprintf(buf, sizeof buf, "%-30s %-7.2f %-7.2f %+.2f [%+.2f, %+.2f]\n", metrics[m].c_str(), ma[m], mb[m],
                  md[m], ml[m], mu[m]);
    out << buf;
  }
  return out.str();
}

}  // namespace simrun::output
