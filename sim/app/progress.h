#pragma once
// Progress of long work: a bar with an ETA when stderr is a terminal, plain
// periodic log lines otherwise (CI logs, files, pipes).
#include <chrono>
#include <cstdint>
#include <string>

namespace simrun::app {

// "42s", "3:07" (minutes:seconds) or "1:02:03" (hours:minutes:seconds).
std::string format_duration(double seconds);
// Runs per second with the digits that mean something: "0.42", "52", "12345";
// "-" when no time was measured.
std::string format_rate(double runs, double seconds);
// "1 thread", "2 threads".
std::string count_of(long long n, const std::string& word);

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
