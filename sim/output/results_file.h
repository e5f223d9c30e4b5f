#pragma once
// A results file under construction: provenance at the root, written under a
// temporary name in the target's folder and moved onto the target only when
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

// A results file under construction. Its temporary file (and the scratch
// file) are named `.simrun-<host>-<pid>-<n>.tmp` in the target's folder: a
// short name whatever the target's length, and one that
// remove_stale_temporaries() can recognise once the process has gone.
class ResultsFile {
 public:
  // `replace`: an existing regular file at `target` may be replaced (--force);
  // otherwise commit() refuses to replace anything. Removes stale temporary
  // files of dead simrun processes in the target's folder first. Throws
  // h5::Error (I/O) if the temporary file cannot be created.
  ResultsFile(std::filesystem::path target, const Provenance& prov, bool replace = false);
  ~ResultsFile();  // removes the temporary file (and scratch) unless committed
  ResultsFile(const ResultsFile&) = delete;
  ResultsFile& operator=(const ResultsFile&) = delete;

  h5::File& file() { return file_; }
  h5::File& scratch();  // created on first use, removed at the end
  // Records the scenario(s) in the root attributes.
  void describe_scenario(const ScenarioRecord& sc, const std::string& prefix = "");
  // Marks complete, closes and moves onto the target. Throws RuntimeFailure
  // when the target cannot be replaced: it appeared meanwhile and `replace`
  // is off, or it is no longer a regular file.
  void commit();
  const std::filesystem::path& temp_path() const { return temp_; }

 private:
  void write_provenance(const Provenance& prov);
  void discard() noexcept;  // closes and removes the temporary files

  std::filesystem::path target_, temp_, scratch_path_;
  bool replace_;
  int temp_slot_ = -1, scratch_slot_ = -1;  // in the signal-time clean-up list
  h5::File file_;
  h5::File scratch_;
  bool committed_ = false;
};

std::string now_iso8601();

// "a regular file", "a directory", "a FIFO (named pipe)", ... for messages.
std::string describe_file_type(std::filesystem::file_type type);

// A fresh temporary path in `folder` following simrun's pattern.
std::filesystem::path temporary_path(const std::filesystem::path& folder);

// Removes the files in `folder` that follow simrun's temporary pattern, were
// written on this host by a process that no longer runs, are regular files
// and belong to this user (kill -9 and power cuts leave them). Returns what
// it removed; errors are ignored (a folder that cannot be listed has nothing
// to clean).
std::vector<std::filesystem::path> remove_stale_temporaries(const std::filesystem::path& folder);

// How move_without_replacing() makes sure it does not replace a file.
enum class NoReplace {
  Rename,  // renameat2(RENAME_NOREPLACE), then the others where unsupported
  Link,    // link() + unlink(), then Check where hard links are unsupported
  Check,   // a check then rename(): the last resort, not atomic
};
// Moves `from` to `to` unless `to` exists (as anything, dangling symbolic
// links included). Throws RuntimeFailure naming `to` when it exists,
// std::filesystem::filesystem_error on other failures.
void move_without_replacing(const std::filesystem::path& from, const std::filesystem::path& to,
                            NoReplace method = NoReplace::Rename);

// Unlinks every temporary file of the ResultsFile objects alive; only
// async-signal-safe calls, for a signal handler that is about to _exit().
void remove_temporaries_now() noexcept;

}  // namespace simrun::output
