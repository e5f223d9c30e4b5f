// Streamed quantiles must equal sorting each column, to the last bit, on both
// of their paths (in memory, and radix selection for large inputs).
#include <gtest/gtest.h>

#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include "mc/order_statistics.h"
#include "mc/summary.h"
#include "util/random.h"

using namespace simrun;

namespace {

void check(std::uint64_t n, std::size_t cols, std::uint64_t block_rows, int kind) {
  Engine rng = make_stream(7, n, "order_statistics");
  boost::random::normal_distribution<float> normal(0.0f, 50.0f);
  boost::random::uniform_int_distribution<int> small(-3, 3);
  std::vector<float> m(n * cols);
  for (std::uint64_t i = 0; i < n; ++i)
    for (std::size_t c = 0; c < cols; ++c) {
      float v = normal(rng);
      if (kind == 1) v = static_cast<float>(small(rng));                       // heavy ties
      if (kind == 2 && c % 2 == 0) v = 0.0f;                                   // a constant column
      if (kind == 3) v = c == 0 && i % 3 == 0 ? -0.0f : std::abs(v) * 1e-30f;  // signed zeros, tiny values
      m[i * cols + c] = v;
    }
  std::uint64_t reads = 0;
  const auto got = mc::streamed_quantiles(n, cols, mc::kQuantiles, block_rows,
                                          [&](std::uint64_t row0, std::uint64_t rows, std::vector<float>& out) {
                                            ++reads;
                                            out.assign(m.begin() + static_cast<std::ptrdiff_t>(row0 * cols),
                                                       m.begin() + static_cast<std::ptrdiff_t>((row0 + rows) * cols));
                                          });
  for (std::size_t c = 0; c < cols; ++c) {
    std::vector<float> column(n);
    for (std::uint64_t i = 0; i < n; ++i) column[i] = m[i * cols + c];
    for (std::size_t q = 0; q < mc::kQuantiles.size(); ++q) {
      const double want = mc::quantile_inplace(column, mc::kQuantiles[q]);
      EXPECT_EQ(got[q * cols + c], want) << "n " << n << " col " << c << " q " << mc::kQuantiles[q] << " kind " << kind;
    }
  }
  if (n * cols > (1u << 18)) {
    EXPECT_EQ(reads, 3 * ((n + block_rows - 1) / block_rows)) << "three passes when streamed";
  }
}

}  // namespace

TEST(OrderStatistics, InMemoryPathEqualsSorting) {
  for (int kind = 0; kind < 4; ++kind) check(1001, 8, 256, kind);
  check(1, 3, 256, 0);
  check(2, 1, 256, 0);
}

TEST(OrderStatistics, StreamedPathEqualsSorting) {
  for (int kind = 0; kind < 4; ++kind) check(40000, 8, 256, kind);
  check(300000, 1, 4096, 0);
}
