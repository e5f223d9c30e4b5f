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

#include "support/cli.h"

namespace simrun::testing {
namespace {

constexpr const char* kDigestFile = "tests/data/pinned_digests.txt";
constexpr const char* kRunArgs = "--runs 40 --seed 20241225 --threads 2 --quiet";

std::uint64_t fnv1a(const void* data, std::size_t n, std::uint64_t h = 14695981039346656037ull) {
  const auto* p = static_cast<const unsigned char*>(data);
  for (std::size_t i = 0; i < n; ++i) {
    h ^= p[i];
    h *= 1099511628211ull;
  }
  return h;
}

struct Visit {
  std::map<std::string, std::uint64_t> digests;  // dataset path -> digest of name, shape and values
};

herr_t visit_object(hid_t root, const char* name, const H5O_info_t* info, void* data) {
  if (info->type != H5O_TYPE_DATASET) return 0;
  auto& v = *static_cast<Visit*>(data);
  const hid_t d = H5Dopen2(root, name, H5P_DEFAULT);
  const hid_t type = H5Dget_type(d);
  const H5T_class_t cls = H5Tget_class(type);
  if (cls == H5T_INTEGER || cls == H5T_FLOAT) {
    const hid_t space = H5Dget_space(d);
    const int rank = H5Sget_simple_extent_ndims(space);
    std::vector<hsize_t> dims(static_cast<std::size_t>(std::max(rank, 0)));
    if (rank > 0) H5Sget_simple_extent_dims(space, dims.data(), nullptr);
    const hid_t native = H5Tget_native_type(type, H5T_DIR_ASCEND);
    const std::size_t size = H5Tget_size(native);
    const hssize_t n = H5Sget_simple_extent_npoints(space);
    std::vector<unsigned char> buf(static_cast<std::size_t>(n) * size);
    if (n > 0) H5Dread(d, native, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data());
    std::uint64_t h = fnv1a(name, std::char_traits<char>::length(name));
    h = fnv1a(dims.data(), dims.size() * sizeof(hsize_t), h);
    h = fnv1a(&size, sizeof size, h);
    h = fnv1a(buf.data(), buf.size(), h);
    v.digests[name] = h;
    H5Tclose(native);
    H5Sclose(space);
  }
  H5Tclose(type);
  H5Dclose(d);
  return 0;
}

// One digest for a whole file: the per-dataset digests combined in name order.
std::uint64_t file_digest(const std::string& path, std::size_t* datasets) {
  const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (f < 0) return 0;
  Visit v;
  H5Ovisit2(f, H5_INDEX_NAME, H5_ITER_INC, visit_object, &v, H5O_INFO_BASIC);
  H5Fclose(f);
  std::uint64_t h = 14695981039346656037ull;
  for (const auto& [name, d] : v.digests) {
    h = fnv1a(name.data(), name.size(), h);
    h = fnv1a(&d, sizeof d, h);
  }
  *datasets = v.digests.size();
  return h;
}

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
