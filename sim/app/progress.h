#pragma once
// Progress of long work: a bar with an ETA when stderr is a terminal, plain
// periodic log lines otherwise (CI logs, files, pipes).
#include <chrono>
#include <cstdint>
#include <string>

namespace simrun::app {

class Progress {
 public:
  Progress(std::string label, std::uint64_t total, bool enabled);
  // `detail` is added to the line (e.g. "12/64 points, 3 failed").
  void update(std::uint64_t done, const std::string& detail = "");
  void finish();
  double elapsed_seconds() const;

 private:
  std::string label_;
  std::uint64_t total_;
  bool enabled_, tty_;
  std::chrono::steady_clock::time_point start_, last_;
  int last_decile_ = -1;
  bool drawn_ = false;
};

}  // namespace simrun::app
