#include "mc/order_statistics.h"

#include "mc/summary.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

namespace simrun::mc {
namespace {

// A float's bits mapped to an unsigned key with the same order.
std::uint32_t key_of(float f) {
  const auto bits = std::bit_cast<std::uint32_t>(f);
  return (bits & 0x80000000u) ? ~bits : bits | 0x80000000u;
}

float float_of(std::uint32_t key) {
  const std::uint32_t bits = (key & 0x80000000u) ? key & 0x7FFFFFFFu : ~key;
  return std::bit_cast<float>(bits);
}

// Three passes: 11, 11 and 10 bits of the key.
constexpr int kShift[3] = {21, 10, 0};
constexpr std::uint32_t kBins[3] = {1u << 11, 1u << 11, 1u << 10};

// Up to this many values (1 MiB of floats) are selected in memory.
constexpr std::uint64_t kInMemoryValues = 1u << 18;

struct Target {
  std::size_t col;
  std::uint64_t rank;    // remaining rank within the current prefix
  std::uint32_t prefix;  // key bits fixed so far
};

}  // namespace

std::vector<double> streamed_quantiles(std::uint64_t n, std::size_t cols, std::span<const double> probs,
                                       std::uint64_t block_rows, const RowBlockReader& read) {
  std::vector<double> result(probs.size() * cols, std::numeric_limits<double>::quiet_NaN());
  if (n == 0 || cols == 0) return result;

  // The order statistics each quantile needs: floor(h) and the next one.
  std::vector<std::uint64_t> ranks;
  for (double p : probs) {
    const double h = static_cast<double>(n - 1) * p;
    const auto lo = static_cast<std::uint64_t>(std::floor(h));
    ranks.push_back(lo);
    ranks.push_back(std::min(lo + 1, n - 1));
  }
  std::sort(ranks.begin(), ranks.end());
  ranks.erase(std::unique(ranks.begin(), ranks.end()), ranks.end());

  std::vector<Target> targets;
  for (std::size_t c = 0; c < cols; ++c)
    for (auto r : ranks) targets.push_back({c, r, 0});
  // Targets of one column are contiguous: [c * ranks.size(), (c + 1) * ranks.size()).
  const std::size_t per_col = ranks.size();

  std::vector<float> block;
  // Small enough to hold: one read and an in-memory selection (same result).
  if (n * cols <= kInMemoryValues) {
    read(0, n, block);
    std::vector<float> column(n);
    for (std::size_t c = 0; c < cols; ++c) {
      for (std::uint64_t i = 0; i < n; ++i) column[i] = block[i * cols + c];
      for (std::size_t q = 0; q < probs.size(); ++q) result[q * cols + c] = quantile_inplace(column, probs[q]);
    }
    return result;
  }

  std::vector<std::uint32_t> hist;
  for (int level = 0; level < 3; ++level) {
    const std::uint32_t bins = kBins[level], mask = bins - 1;
    hist.assign(targets.size() * bins, 0);
    for (std::uint64_t row0 = 0; row0 < n; row0 += block_rows) {
      const std::uint64_t rows = std::min(block_rows, n - row0);
      read(row0, rows, block);
      for (std::uint64_t i = 0; i < rows; ++i) {
        for (std::size_t c = 0; c < cols; ++c) {
          const std::uint32_t key = key_of(block[i * cols + c]);
          const std::uint32_t bin = (key >> kShift[level]) & mask;
          if (level == 0) {
            ++hist[c * per_col * bins + bin];  // one histogram per column on the first pass
            continue;
          }
          for (std::size_t t = c * per_col; t < (c + 1) * per_col; ++t) {
            // Count the value if it shares the bits already fixed.
            hist[t * bins + bin] += (key >> kShift[level - 1]) == targets[t].prefix;
          }
        }
      }
    }
    for (std::size_t t = 0; t < targets.size(); ++t) {
      const std::size_t h = level == 0 ? targets[t].col * per_col : t;  // the column's shared first histogram
      std::uint64_t below = 0;
      std::uint32_t b = 0;
      for (; b < bins; ++b) {
        const std::uint64_t count = hist[h * bins + b];
        if (targets[t].rank < below + count) break;
        below += count;
      }
      targets[t].rank -= below;
      targets[t].prefix = level == 0 ? b : (targets[t].prefix << (level == 1 ? 11 : 10)) | b;
    }
  }

  for (std::size_t c = 0; c < cols; ++c) {
    auto value_at = [&](std::uint64_t rank) {
      const auto it = std::lower_bound(ranks.begin(), ranks.end(), rank);
      return static_cast<double>(float_of(targets[c * per_col + static_cast<std::size_t>(it - ranks.begin())].prefix));
    };
    for (std::size_t q = 0; q < probs.size(); ++q) {
      const double h = static_cast<double>(n - 1) * probs[q];
      const auto lo = static_cast<std::uint64_t>(std::floor(h));
      const double x_lo = value_at(lo);
      const double x_hi = value_at(std::min(lo + 1, n - 1));
      result[q * cols + c] = x_lo + (h - static_cast<double>(lo)) * (x_hi - x_lo);
    }
  }
  return result;
}

}  // namespace simrun::mc
