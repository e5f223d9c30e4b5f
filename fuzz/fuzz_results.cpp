// Fuzzes the reader behind `simrun summary`: the input bytes are written to a
// file (one per process, rewritten for each input) and read back as a results
// or comparison file, as a table and, when that succeeds, as CSV.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "fuzz_common.h"
#include "output/results_reader.h"

namespace {

std::string file_path;

void remove_file() {
  std::error_code ignored;
  std::filesystem::remove(file_path, ignored);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  file_path =
      (std::filesystem::temp_directory_path() / ("simrun_fuzz_results_" + std::to_string(getpid()) + ".h5")).string();
  std::atexit(remove_file);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  {
    std::ofstream out(file_path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    if (!out) simrun::fuzz::finding("an I/O failure of the harness", file_path.c_str());
  }
  using simrun::output::describe_results;
  if (simrun::fuzz::accepts([&] { describe_results(file_path, false); }))
    simrun::fuzz::accepts([&] { describe_results(file_path, true); });
  return 0;
}
