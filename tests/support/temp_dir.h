#pragma once
// The one temporary-folder fixture of the test suite: a fresh, empty folder
// under the system's temporary directory, removed with its contents when the
// object goes away. Names come from mkdtemp, so tests running in parallel
// (ctest -j, one process per test) never share a folder.
#include <stdlib.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>

namespace simrun::testing {

class TempDir {
 public:
  // Throws std::runtime_error if the folder cannot be created.
  explicit TempDir(const std::string& prefix = "simrun_test") {
    std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "_XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr)
      throw std::runtime_error("cannot create a temporary folder like " + pattern);
    path = pattern;
  }
  ~TempDir() {
    std::error_code ignored;  // a destructor cannot report; leftovers are harmless
    std::filesystem::remove_all(path, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // A file name inside the folder, as a string (handy in shell commands).
  std::string operator/(const std::string& name) const { return (path / name).string(); }

  std::filesystem::path path;
};

}  // namespace simrun::testing
