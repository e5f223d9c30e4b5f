#pragma once
// User input as text: read from regular files only and with a size limit,
// checked to be UTF-8 without NUL bytes, and located by line and column.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace simrun {

// The content of the regular file at path, if it holds at most max_bytes.
// Throws InputError naming the file ("cannot read file: ...") when it is
// missing or unreadable, is not a regular file (a directory, FIFO or device
// is never read from, so nothing blocks or reads forever) or is larger.
std::string read_regular_file(const std::string& path, std::size_t max_bytes);

// Whether the regular file at path starts with the 8-byte HDF5 signature
// (a results file given where JSON is expected). False for anything that is
// not a regular file, which is never opened.
bool is_hdf5_file(const std::string& path);

// The first byte of text that is NUL or not valid UTF-8: its offset and a
// message saying why.
std::optional<std::pair<std::size_t, std::string>> find_invalid_text(std::string_view text);

// 1-based line and column (counted in code points) of byte offsets into one
// text; cheapest when the offsets asked for grow.
class LineCounter {
 public:
  explicit LineCounter(std::string_view text) : text_(text) {}
  std::pair<int, int> at(std::size_t offset);

 private:
  std::string_view text_;
  std::size_t offset_ = 0;
  int line_ = 1;
  int column_ = 1;
};

}  // namespace simrun
