// Pinned digests of every numeric dataset written for each shipped scenario
// (and one comparison) at a fixed seed and a small run count. A refactoring
// must leave them unchanged; a change to the model or its streams changes
// them on purpose: regenerate with
//   SIMRUN_UPDATE_DIGESTS=1 ./build/tests/simrun_tests --gtest_filter='PinnedDigests.*'
// and give the reason in the commit message.
//
// The digest reads the file with the plain HDF5 C API (not the project's
// reader), so that it does not change when the project's HDF5 layer does.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "support/h5_digest.h"
#include "support/cli.h"

namespace simrun::testing {
namespace {

constexpr const char* kDigestFile = "tests/data/pinned_digests.txt";
constexpr const char* kRunArgs = "--runs 40 --seed 20241225 --threads 2 --quiet";

std::map<std::string, std::string> read_pinned() {
  std::map<std::string, std::string> pinned;
  std::ifstream in(std::string(SIMRUN_SOURCE_DIR) + "/" + kDigestFile);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream ss(line);
    std::string key, value;
    ss >> key >> value;
    pinned[key] = value;
  }
  return pinned;
}

std::string hex(std::uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

// The jobs whose files are pinned: every shipped scenario, and one comparison.
std::map<std::string, std::string> jobs() {
  std::map<std::string, std::string> j;
  for (const auto& e : std::filesystem::directory_iterator(std::string(SIMRUN_SOURCE_DIR) + "/scenarios")) {
    if (e.path().extension() != ".json") continue;
    std::string quoted = "'";
    quoted += e.path().string();
    quoted += "'";
    j[e.path().stem().string()] = quoted;
  }
  j["compare_baseline_vs_ukraine_deal"] =
      "compare '" + scenario_file("baseline.json") + "' '" + scenario_file("ukraine_deal.json") + "'";
  return j;
}

TEST(PinnedDigests, EveryNumericDatasetOfEveryShippedScenarioIsUnchanged) {
  TempDir dir;
  std::map<std::string, std::string> computed;
  for (const auto& [name, args] : jobs()) {
    const std::string out = dir / (name + ".h5");
    const CliResult r = run_cli(args + " " + kRunArgs + " --out '" + out + "'", dir.path);
    ASSERT_EQ(r.code, 0) << name << ": " << r.err;
    std::size_t n = 0;
    computed[name] = hex(file_digest(out, &n));
    EXPECT_GT(n, 20u) << name;
  }
  if (std::getenv("SIMRUN_UPDATE_DIGESTS")) {
    std::ofstream o(std::string(SIMRUN_SOURCE_DIR) + "/" + kDigestFile);
    o << "# Digests of every numeric dataset, simrun " << kRunArgs << " (tests/regression/test_pinned_digests.cpp)\n";
    for (const auto& [k, v] : computed) o << k << " " << v << "\n";
    GTEST_SKIP() << "digests rewritten to " << kDigestFile;
  }
  const auto pinned = read_pinned();
  ASSERT_FALSE(pinned.empty()) << kDigestFile << " is missing";
  for (const auto& [k, v] : computed) {
    const auto it = pinned.find(k);
    ASSERT_NE(it, pinned.end()) << k << " has no pinned digest; add it on purpose";
    EXPECT_EQ(v, it->second) << k << ": the numbers changed";
  }
  EXPECT_EQ(pinned.size(), computed.size()) << "a pinned job no longer exists";
}

}  // namespace
}  // namespace simrun::testing
