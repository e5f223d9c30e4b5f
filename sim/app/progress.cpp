#include "app/progress.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>

namespace simrun::app {

std::string format_duration(double seconds) {
  if (!(seconds >= 0)) seconds = 0;
  const long long s = std::llround(seconds);
  if (s < 60) return fmt::format("{}s", s);
  if (s < 3600) return fmt::format("{}:{:02}", s / 60, s % 60);
  return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
}

std::string format_rate(double runs, double seconds) {
  if (!(seconds > 0) || runs <= 0) return "-";
  const double rate = runs / seconds;
  return rate >= 100 ? fmt::format("{:.0f}", rate)
         : rate >= 1 ? fmt::format("{:.1f}", rate)
                     : fmt::format("{:.2g}", rate);
}

std::string count_of(long long n, const std::string& word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

Progress::Progress(std::string label, std::uint64_t total, bool enabled)
    : label_(std::move(label)),
      total_(total),
      enabled_(enabled),
      tty_(::isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

double Progress::elapsed_seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void Progress::update(std::uint64_t done, const std::string& detail) {
  if (!enabled_ || total_ == 0) return;
  const auto now = std::chrono::steady_clock::now();
  const double elapsed = elapsed_seconds();
  const double frac = static_cast<double>(done) / static_cast<double>(total_);
  const double eta = done > 0 ? elapsed * (1.0 - frac) / frac : 0.0;
  if (tty_) {
    if (now - last_ < std::chrono::milliseconds(100) && done < total_) return;
    last_ = now;
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(frac * kWidth);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.resize(kWidth, '.');
    std::fprintf(stderr, "\r%s [%s] %3.0f%% %llu/%llu runs%s%s, ETA %s  ", label_.c_str(), bar.c_str(), frac * 100,
                 static_cast<unsigned long long>(done), static_cast<unsigned long long>(total_),
                 detail.empty() ? "" : ", ", detail.c_str(), format_duration(eta).c_str());
    std::fflush(stderr);
    drawn_ = true;
  } else {
    if (done == 0) return;  // nothing to say yet
    // One line per tenth of the work, or at least every 10 seconds.
    const int decile = static_cast<int>(frac * 10);
    if (decile == last_decile_ && now - last_ < std::chrono::seconds(10)) return;
    last_decile_ = decile;
    last_ = now;
    spdlog::info("{}: {}/{} runs ({:.0f}%){}{}, elapsed {}, ETA {}", label_, done, total_, frac * 100,
                 detail.empty() ? "" : ", ", detail, format_duration(elapsed), format_duration(eta));
  }
}

void Progress::finish() {
  if (enabled_ && tty_ && drawn_) std::fprintf(stderr, "\n");
}

}  // namespace simrun::app
