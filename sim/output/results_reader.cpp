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

SummaryTable read_summary(const std::string& path) {
  if (!std::filesystem::exists(path)) throw refuse(path, "no such file");
  h5::File f;
  try {
    f = h5::File::open_read(path);
  } catch (const h5::Error&) {
    throw refuse(path, "not an HDF5 file (or not readable)");
  }
  if (!f.has_attr("file_type") || f.attr_string("file_type") != kFileTypeResults)
    throw refuse(path,
                 "not a simrun results file (its root has no file_type \"" + std::string(kFileTypeResults) + "\")");
  const std::string version = f.has_attr("format_version") ? f.attr_string("format_version") : "";
  if (version.empty() || std::atoi(version.c_str()) != kFormatMajor)
    throw refuse(path, "results format version \"" + version + "\" is not supported by this simrun (it reads " +
                           std::to_string(kFormatMajor) + ".x)");
  if (!f.has_attr("complete") || f.attr_int64("complete") != 1)
    throw refuse(path, "the results file is incomplete (the run that wrote it did not finish)");

  SummaryTable t;
  t.file = path;
  t.scenario_name = f.attr_string("scenario_name");
  t.description = f.attr_string("scenario_description");
  t.start_date = f.attr_string("start_date");
  t.simrun_version = f.attr_string("simrun_version");
  t.runs = f.attr_int64("runs");
  t.seed = f.attr_int64("seed");
  t.threads = f.attr_int64("threads");
  const h5::Group s = f.open_group("summary");
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
