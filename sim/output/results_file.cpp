#include "output/results_file.h"

#include <H5public.h>
#include <unistd.h>
#include <Eigen/Core>
#include <boost/version.hpp>
#include <ctime>

#include "util/random.h"
#include "util/version.h"

namespace simrun::output {

namespace fs = std::filesystem;

std::string now_iso8601() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

ResultsFile::ResultsFile(fs::path target, const Provenance& prov) : target_(std::move(target)) {
  const std::string suffix = ".tmp-" + std::to_string(::getpid());
  temp_ = target_;
  temp_ += suffix;
  scratch_path_ = target_;
  scratch_path_ += ".scratch" + suffix;
  file_ = h5::File::create(temp_, true);
  const h5::File& f = file_;
  f.set_attr_string("file_type", prov.file_type);
  f.set_attr_string("format_version", kFormatVersion);
  f.set_attr_string("simrun_version", kVersion);
  f.set_attr_string("git_sha", kGitSha);
  f.set_attr_string("Conventions", "CF-1.8");
  f.set_attr_string("title", "simrun Monte Carlo results");
  f.set_attr_string("command_line", prov.command_line);
  f.set_attr_int64("seed", static_cast<std::int64_t>(prov.seed));
  f.set_attr_int64("runs", static_cast<std::int64_t>(prov.runs));
  f.set_attr_int64("threads", prov.threads);
  f.set_attr_string("start_time", prov.start_time);
  f.set_attr_string("end_time", "");
  f.set_attr_int64("complete", 0);
  f.set_attr_string("random_generator", kEngineName);
  f.set_attr_string("boost_version", BOOST_LIB_VERSION);
  f.set_attr_string("hdf5_version", std::to_string(H5_VERS_MAJOR) + "." + std::to_string(H5_VERS_MINOR) + "." +
                                        std::to_string(H5_VERS_RELEASE));
  f.set_attr_string("eigen_version", std::to_string(EIGEN_WORLD_VERSION) + "." + std::to_string(EIGEN_MAJOR_VERSION) +
                                         "." + std::to_string(EIGEN_MINOR_VERSION));
}

h5::File& ResultsFile::scratch() {
  if (!scratch_.valid()) scratch_ = h5::File::create(scratch_path_, true);
  return scratch_;
}

void ResultsFile::describe_scenario(const ScenarioRecord& sc, const std::string& prefix) {
  const h5::File& f = file_;
  f.set_attr_string(prefix + "scenario_name", sc.name);
  f.set_attr_string(prefix + "scenario_description", sc.description);
  f.set_attr_string(prefix + "scenario_file", sc.file);
  f.set_attr_string(prefix + "scenario", sc.resolved_json);
  f.set_attr_strings(prefix + "scenario_chain", sc.chain);
  f.set_attr_strings(prefix + "scenario_sets", sc.sets);
  f.set_attr_string(prefix + "start_date", sc.start_date);
}

void ResultsFile::commit() {
  file_.set_attr_string("end_time", now_iso8601());
  file_.set_attr_int64("complete", 1);
  file_.flush();
  file_.close();
  if (scratch_.valid()) scratch_.close();
  std::error_code ec;
  fs::remove(scratch_path_, ec);
  fs::rename(temp_, target_);  // atomic within one folder
  committed_ = true;
}

ResultsFile::~ResultsFile() {
  if (committed_) return;
  try {
    if (file_.valid()) file_.close();
    if (scratch_.valid()) scratch_.close();
  } catch (...) {
  }
  std::error_code ec;
  fs::remove(temp_, ec);
  fs::remove(scratch_path_, ec);
}

}  // namespace simrun::output
