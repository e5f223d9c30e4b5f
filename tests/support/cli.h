#pragma once
// Runs the simrun program as a user would and captures what it says.
#include <sys/wait.h>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "support/temp_dir.h"

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

// Runs a whole command line through the shell in `cwd`. Output is captured
// in a folder of its own, so `cwd` holds only what the command wrote.
inline CliResult run_shell(const std::string& command, const std::filesystem::path& cwd) {
  const TempDir io("simrun_cli");
  const std::string line =
      "cd '" + cwd.string() + "' && " + command + " >'" + (io / "out") + "' 2>'" + (io / "err") + "' </dev/null";
  const int status = std::system(line.c_str());
  CliResult r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(io / "out");
  r.err = slurp(io / "err");
  return r;
}

// simrun with `args` (passed through the shell), run in `cwd`.
inline CliResult run_cli(const std::string& args, const std::filesystem::path& cwd) {
  return run_shell(std::string(SIMRUN_EXE) + " " + args, cwd);
}

inline std::string scenario_file(const std::string& name) {
  return std::string(SIMRUN_SOURCE_DIR) + "/scenarios/" + name;
}

// baseline.json as a complete scenario on its own, without the extends of
// the calibrated posterior: for tests that copy it elsewhere or put it under
// a parameter_sets block of their own.
inline std::string baseline_without_posterior() {
  std::string text = slurp(scenario_file("baseline.json"));
  const std::string line = "\"extends\": \"calibration/posterior.json\",";
  const auto at = text.find(line);
  if (at != std::string::npos) text.erase(at, line.size());
  return text;
}

}  // namespace simrun::testing
