#include "output/results_reader.h"

#include <cstdio>
#include <filesystem>
#include <sstream>

#include "output/h5.h"
#include "output/results_layout.h"
#include "util/diagnostics.h"

namespace simrun::output {

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

// Opens a complete simrun file of a known format version; returns its type.
h5::File open_checked(const std::string& path, std::string& type) {
  if (!std::filesystem::exists(path)) throw refuse(path, "no such file");
  h5::File f;
  try {
    f = h5::File::open_read(path);
  } catch (const h5::Error&) {
    throw refuse(path, "not an HDF5 file (or not readable)");
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
  const h5::Group s = f.open_group(group.empty() ? "summary" : group + "/summary");
  t.horizons = s.open_dataset("horizon").read<double>();
  t.outcomes = split_words(s.open_dataset("outcome").attr_string("flag_meanings"));
  const auto p = s.open_dataset("outcome_probability").read<double>();
  const auto lo = s.open_dataset("outcome_lower").read<double>();
  const auto hi = s.open_dataset("outcome_upper").read<double>();
  const std::size_t H = t.horizons.size();
  for (std::size_t o = 0; o < t.outcomes.size(); ++o) {
    t.p.emplace_back(p.begin() + static_cast<std::ptrdiff_t>(o * H),
                     p.begin() + static_cast<std::ptrdiff_t>((o + 1) * H));
    t.lo.emplace_back(lo.begin() + static_cast<std::ptrdiff_t>(o * H),
                      lo.begin() + static_cast<std::ptrdiff_t>((o + 1) * H));
    t.hi.emplace_back(hi.begin() + static_cast<std::ptrdiff_t>(o * H),
                      hi.begin() + static_cast<std::ptrdiff_t>((o + 1) * H));
  }
  t.metrics = split_words(s.open_dataset("metric").attr_string("flag_meanings"));
  t.metric_mean = s.open_dataset("metric_mean").read<double>();
  t.metric_lo = s.open_dataset("metric_lower").read<double>();
  t.metric_hi = s.open_dataset("metric_upper").read<double>();
  return t;
}

}  // namespace

SummaryTable read_summary(const std::string& path) {
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
  std::string type;
  const h5::File f = open_checked(path, type);
  if (type == kFileTypeResults) {
    const auto t = read_group(f, path, "", "");
    return csv ? format_summary_csv(t) : format_summary(t);
  }
  const auto a = read_group(f, path, "a", "a_");
  const auto b = read_group(f, path, "b", "b_");
  const h5::Group d = f.open_group("differences");
  const auto horizons = d.open_dataset("horizon").read<double>();
  const auto outcomes = split_words(d.open_dataset("outcome").attr_string("flag_meanings"));
  const auto metrics = split_words(d.open_dataset("metric").attr_string("flag_meanings"));
  const auto pa = d.open_dataset("probability_a").read<double>(), pb = d.open_dataset("probability_b").read<double>();
  const auto dd = d.open_dataset("difference").read<double>();
  const auto dl = d.open_dataset("difference_lower").read<double>();
  const auto du = d.open_dataset("difference_upper").read<double>();
  const auto ma = d.open_dataset("metric_mean_a").read<double>(), mb = d.open_dataset("metric_mean_b").read<double>();
  const auto md = d.open_dataset("metric_difference").read<double>();
  const auto ml = d.open_dataset("metric_difference_lower").read<double>();
  const auto mu = d.open_dataset("metric_difference_upper").read<double>();
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
