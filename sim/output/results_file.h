#pragma once
// A results file under construction: provenance at the root, written under a
// temporary name in the target's folder and renamed onto the target only when
// complete, so that a fault never leaves a truncated file under the final name.
#include <cstdint>
#include <filesystem>
#include <string>

#include <vector>

#include "output/h5.h"
#include "output/results_layout.h"

namespace simrun::output {

// What the root records about a scenario: as the user wrote it and as it ran.
struct ScenarioRecord {
  std::string name, description;
  std::string file;                // as given on the command line
  std::string resolved_json;       // extends and --set applied, defaults filled in
  std::vector<std::string> chain;  // the file, then the files it extends
  std::vector<std::string> sets;   // --set assignments, in order
  std::string start_date;          // YYYY-MM-DD
};

// Provenance written at the root of every results file.
struct Provenance {
  std::string file_type = kFileTypeResults;
  std::string command_line;
  int threads = 1;
  std::uint64_t seed = 1;
  std::uint64_t runs = 0;
  std::string start_time;  // ISO 8601, UTC
};

// A results file under construction: written under a temporary name in the
// target's folder and renamed over the target only when complete, so a fault
// never leaves a truncated file under the final name.
class ResultsFile {
 public:
  // Throws h5::Error (I/O) if the temporary file cannot be created.
  ResultsFile(std::filesystem::path target, const Provenance& prov);
  ~ResultsFile();  // removes the temporary file (and scratch) unless committed
  ResultsFile(const ResultsFile&) = delete;
  ResultsFile& operator=(const ResultsFile&) = delete;

  h5::File& file() { return file_; }
  h5::File& scratch();  // created on first use, removed at the end
  // Records the scenario(s) in the root attributes.
  void describe_scenario(const ScenarioRecord& sc, const std::string& prefix = "");
  // Marks complete, closes and renames onto the target.
  void commit();
  const std::filesystem::path& temp_path() const { return temp_; }

 private:
  std::filesystem::path target_, temp_, scratch_path_;
  h5::File file_;
  h5::File scratch_;
  bool committed_ = false;
};

std::string now_iso8601();

}  // namespace simrun::output
