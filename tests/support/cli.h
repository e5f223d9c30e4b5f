#pragma once
// Runs the simrun program as a user would and captures what it says.
#include <sys/wait.h>
#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace simrun::testing {

struct CliResult {
  int code = -1;
  std::string out, err;
};

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A fresh temporary folder, removed when the object goes away.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    static int counter = 0;
    path = std::filesystem::temp_directory_path() /
           ("simrun_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::string operator/(const std::string& name) const { return (path / name).string(); }
};

// `args` is passed through the shell, run in `cwd`.
inline CliResult run_cli(const std::string& args, const std::filesystem::path& cwd) {
  static int counter = 0;
  const auto base = std::filesystem::temp_directory_path() /
                    ("simrun_cli_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
  const std::string cmd = "cd '" + cwd.string() + "' && " + std::string(SIMRUN_EXE) + " " + args + " >'" +
                          base.string() + ".out' 2>'" + base.string() + ".err' </dev/null";
  const int status = std::system(cmd.c_str());
  CliResult r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(base.string() + ".out");
  r.err = slurp(base.string() + ".err");
  std::filesystem::remove(base.string() + ".out");
  std::filesystem::remove(base.string() + ".err");
  return r;
}

inline std::string scenario_file(const std::string& name) {
  return std::string(SIMRUN_SOURCE_DIR) + "/scenarios/" + name;
}

}  // namespace simrun::testing
