#pragma once
// Exact quantiles of the columns of a matrix too large to hold: the matrix is
// streamed in row blocks three times, and each pass fixes the next bits of
// every wanted order statistic (radix selection on the float's bits). Memory
// depends on the number of columns and quantiles, not on the number of rows,
// which is what keeps a 100,000-run batch as small as a 1,000-run one.
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace simrun::mc {

// Reads rows [row0, row0 + rows) into `out`, row-major, rows x cols floats.
using RowBlockReader = std::function<void(std::uint64_t row0, std::uint64_t rows, std::vector<float>& out)>;

// Type-7 (linear interpolation) quantiles of each column of an n x cols
// matrix with no NaN. Returns [quantile][column]. Equal to sorting each
// column, to the last bit.
std::vector<double> streamed_quantiles(std::uint64_t n, std::size_t cols, std::span<const double> probs,
                                       std::uint64_t block_rows, const RowBlockReader& read);

}  // namespace simrun::mc
